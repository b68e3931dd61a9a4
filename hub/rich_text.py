"""Rich text that did not come from the editor (imports), cleaned with Wagtail's whitelist.

The editor only ever stores what its features allow; a StreamField value written directly
(`import_resources`) is rendered as it is stored, so a `<script>`, an `onerror`, a
`javascript:` link, an `<iframe>` or a `<meta http-equiv>` in it would reach readers. Such
HTML goes through the whitelist of the editor's own converter for the block's features
(`EditorHTMLConverter(features).whitelister`): elements and attributes the features do not
allow are dropped, and links keep only http, https, ftp, mailto and tel addresses. Links to
pages and documents, in the stored form `<a linktype="page" id="3">`, are kept when the page
or document exists, and so are the editor's block keys.

Text is written back as the Hub's importer writes it (`&`, `<` and `>` escaped, quotes left
alone in text), so that cleaning what is already clean changes nothing and a library
exported and imported again is the same.
"""

import html
import re
from functools import lru_cache

from bs4 import BeautifulSoup
from bs4.formatter import HTMLFormatter
from wagtail.admin.rich_text.converters.editor_html import DbWhitelister, EditorHTMLConverter

# Dropped with everything inside them, rather than unwrapped to their text.
DROPPED_WITH_CONTENT = frozenset(
    ["script", "style", "template", "iframe", "object", "noscript", "textarea", "title"]
)


# The key Draftail gives each block of text (`<p data-block-key="a1b2c">`), for comments.
BLOCK_KEY = re.compile(r"[0-9a-z]{1,16}")


class ImportWhitelister(DbWhitelister):
    def clean_tag_node(self, doc, tag):
        if tag.name in DROPPED_WITH_CONTENT:
            tag.decompose()
            return
        key = tag.attrs.get("data-block-key")
        super().clean_tag_node(doc, tag)
        if isinstance(key, str) and BLOCK_KEY.fullmatch(key) and tag.parent is not None:
            tag["data-block-key"] = key  # kept, so that the editor's text imports unchanged


class StoredHTML(HTMLFormatter):
    """Text escaped as `html.escape(text, quote=False)`; attribute values with their quotes
    escaped too, so that they are always in double quotes (as Wagtail's rewriters expect)."""

    def __init__(self):
        super().__init__(entity_substitution=lambda text: html.escape(text, quote=False))

    def attribute_value(self, value):
        return html.escape(value)


@lru_cache(maxsize=8)
def _converter(features):
    converter = EditorHTMLConverter(list(features))
    return converter, ImportWhitelister(converter.converter_rules)


def clean(value, features):
    """`value` (stored rich text) with only what `features` allow."""
    converter, whitelister = _converter(tuple(features))
    if "linktype" in value:  # stored page and document links, in the editor's form
        value = converter.from_database_format(value)
    doc = BeautifulSoup(value, "html.parser")
    whitelister.clean_node(doc, doc)
    return doc.decode(formatter=StoredHTML())
