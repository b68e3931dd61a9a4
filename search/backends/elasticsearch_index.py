"""The Elasticsearch index of the resources: its declaration (elasticsearch-dsl's Document,
Index and analyzers), the connection to a cluster, and the index's life behind its alias.

Each resource is one document: per-language text fields, each with its language's analyzer
(accent folding, then the language's stemmer; Croatian gets the Serbian Snowball stemmer,
the one the database backends use for it: search.analysis.STEMMERS), keyword fields for the
facets, the display data of a result, and per language the words of its text, unstemmed and
folded as the database backend's vocabulary holds them (search.analysis.vocabulary_words),
as keywords: the term suggester corrects typos from them, a terms aggregation completes the
word being typed with the commonest of them.

The index lives behind an alias. The first write creates the first index with the alias in
the same request, under a fixed name, so that two workers publishing at once end up with one
index (the second is told it exists). A rebuild fills a new index, then moves the alias and
deletes the old index in one atomic request; a rebuild that fails deletes its new index and
leaves the alias where it was. Writes name the alias with `require_alias`, so a missing alias
is an error rather than an index Elasticsearch would create in its place with guessed
mappings.

The mappings change with the Hub, and take effect through a rebuild (a new index, created
with them). Until then the index an older Hub created refuses fields it does not map (its
mapping is strict): writes leave such fields out, and say that `rebuild_search_index` is due.
"""

import logging
import time

from django.conf import settings
from elasticsearch import ApiError, BadRequestError, Elasticsearch, TransportError
from elasticsearch.helpers import streaming_bulk
from elasticsearch_dsl import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    MetaField,
    Object,
    Text,
    analyzer,
    token_filter,
)

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from search.analysis import indexed_fields, vocabulary_words
from search.backends.base import RebuildFailed, result_fields
from search.documents import FACETS

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("title", "summary", "body", "attachment")
# Elasticsearch's defaults, set on the index so that the backend's limits (pages served,
# text highlighted) are written next to the values they must not exceed.
MAX_RESULT_WINDOW = 10_000  # index.max_result_window: from + size of a search
MAX_ANALYZED_OFFSET = 1_000_000  # index.highlight.max_analyzed_offset: characters highlighted
BULK_CHUNK_BYTES = 10 * 1024 * 1024  # a bulk request's size (PDF text makes documents large)
BULK_CHUNK_DOCUMENTS = 200

FRENCH_ARTICLES = ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu"]
FRENCH_ARTICLES.append("puisqu")


def _stop(code, stopwords):
    return token_filter(f"hub_{code}_stop", "stop", stopwords=stopwords)


def _stemmer(code, language):
    return token_filter(f"hub_{code}_stemmer", "stemmer", language=language)


ANALYZERS = {
    "en": analyzer(
        "hub_en",
        tokenizer="standard",
        filter=[
            token_filter("hub_en_possessive", "stemmer", language="possessive_english"),
            "lowercase",
            _stop("en", "_english_"),
            "asciifolding",
            _stemmer("en", "english"),
        ],
    ),
    "fr": analyzer(
        "hub_fr",
        tokenizer="standard",
        filter=[
            token_filter("hub_elision", "elision", articles_case=True, articles=FRENCH_ARTICLES),
            "lowercase",
            _stop("fr", "_french_"),
            "asciifolding",
            _stemmer("fr", "light_french"),
        ],
    ),
    "es": analyzer(
        "hub_es",
        tokenizer="standard",
        filter=[
            "lowercase",
            _stop("es", "_spanish_"),
            "asciifolding",
            _stemmer("es", "light_spanish"),
        ],
    ),
    "nl": analyzer(
        "hub_nl",
        tokenizer="standard",
        filter=["lowercase", _stop("nl", "_dutch_"), "asciifolding", _stemmer("nl", "dutch")],
    ),
    "ar": analyzer(
        "hub_ar",
        tokenizer="standard",
        filter=[
            "lowercase",
            "decimal_digit",
            _stop("ar", "_arabic_"),
            "arabic_normalization",
            _stemmer("ar", "arabic"),
        ],
    ),
    # Folded first, then stemmed: the order of the database backends (unaccent, then Snowball).
    "hr": analyzer(
        "hub_hr",
        tokenizer="standard",
        filter=[
            "lowercase",
            "asciifolding",
            token_filter("hub_hr_stemmer", "snowball", language="Serbian"),
        ],
    ),
}
FOLDED = analyzer("hub_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])


def _document_fields():
    fields = {
        "page_id": Integer(),
        "published": Date(),
        "access": Keyword(),  # who may find it (hub.restrictions)
        "context": Text(analyzer=FOLDED),
        "display": Object(enabled=False),
    }
    for facet in FACETS:
        fields[facet] = Keyword()
    for code in LANGUAGE_CODES:
        for name in TEXT_FIELDS:
            fields[f"{name}_{code}"] = Text(analyzer=ANALYZERS[code])
        fields[f"words_{code}"] = Keyword()  # the words of its text (vocabulary_words)
    return fields


class _Meta:
    dynamic = MetaField("strict")


# One document per resource; its fields depend on the languages, hence built, not written out.
ResourceDocument = type("ResourceDocument", (Document,), {**_document_fields(), "Meta": _Meta})


DECLARED_FIELDS = frozenset(ResourceDocument._doc_type.mapping.to_dict()["properties"])


def _without(action, fields):
    """A bulk action whose document leaves out `fields`."""
    if "_source" not in action:
        return action
    return {**action, "_source": {k: v for k, v in action["_source"].items() if k not in fields}}


def declared_index(name):
    """The Index named `name` with the resources' settings, analysis and mappings."""
    index = Index(name)
    index.settings(
        number_of_shards=1,
        number_of_replicas=0,
        max_result_window=MAX_RESULT_WINDOW,
        highlight={"max_analyzed_offset": MAX_ANALYZED_OFFSET},
    )
    index.document(ResourceDocument)
    return index


def index_body():
    """What creating an index sends: settings (with the analysis) and mappings."""
    return declared_index("hub").to_dict()


def source_of(document):
    """The Elasticsearch source of a search.documents.Document."""
    source = {
        "page_id": document.page_id,
        "published": document.published.isoformat() if document.published else None,
        "access": document.access,
        "context": document.texts.get(DEFAULT_LANGUAGE, {}).get("context", ""),
        "display": result_fields(document),
    }
    for facet in FACETS:
        source[facet] = [value for name, value in document.facets if name == facet]
    for code, text in document.texts.items():
        for name in TEXT_FIELDS:
            if text.get(name):
                source[f"{name}_{code}"] = text[name]
        words = vocabulary_words(indexed_fields(text))
        if words:
            source[f"words_{code}"] = sorted(words)
    return source


def connect():
    """A client for settings.ELASTICSEARCH_URL, with the cluster's CA or certificate
    fingerprint and credentials, that answers or gives up within ELASTICSEARCH_TIMEOUT."""
    options = {
        "request_timeout": settings.ELASTICSEARCH_TIMEOUT,
        "max_retries": settings.ELASTICSEARCH_RETRIES,
        "retry_on_timeout": False,  # a hung server would hold the reader twice as long
    }
    if settings.ELASTICSEARCH_CA_CERTS:
        options["ca_certs"] = settings.ELASTICSEARCH_CA_CERTS
    if settings.ELASTICSEARCH_FINGERPRINT:
        options["ssl_assert_fingerprint"] = settings.ELASTICSEARCH_FINGERPRINT
    if settings.ELASTICSEARCH_API_KEY:
        options["api_key"] = settings.ELASTICSEARCH_API_KEY
    elif settings.ELASTICSEARCH_USERNAME:
        options["basic_auth"] = (settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD)
    return Elasticsearch(settings.ELASTICSEARCH_URL, **options)


class AliasedIndex:
    """The index behind `alias`, written through `client` (a client for writes: a longer
    timeout, retried after one), with rejected bulk items retried after `backoff` seconds,
    doubled at each attempt."""

    retries = 5

    def __init__(self, client, alias, backoff=2.0):
        self.client = client
        self.alias = alias
        self.backoff = backoff

    @property
    def first_name(self):
        return f"{self.alias}-first"

    def new_name(self):
        return f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"

    def exists(self):
        return bool(self.client.indices.exists_alias(name=self.alias))

    def ensure(self):
        """Create the first index, with the alias, if there is no alias yet."""
        if self.exists():
            return
        index = declared_index(self.first_name)
        index.aliases(**{self.alias: {"is_write_index": True}})
        try:
            index.create(using=self.client)
        except BadRequestError as error:
            if error.error != "resource_already_exists_exception":
                raise
            # Another worker created it: make sure the alias is there (adding it is idempotent).
            self.client.indices.put_alias(
                index=self.first_name, name=self.alias, is_write_index=True
            )

    def bulk(self, actions, progress=None, ignore=(), **options):
        """Send `actions`; returns the items Elasticsearch refused (after retrying those it
        rejected for load, 429), but for those whose status is in `ignore`."""
        refused = []
        for ok, item in streaming_bulk(
            self.client,
            actions,
            chunk_size=BULK_CHUNK_DOCUMENTS,
            max_chunk_bytes=BULK_CHUNK_BYTES,
            raise_on_error=False,
            max_retries=self.retries,
            initial_backoff=self.backoff,
            **options,
        ):
            if progress is not None:
                progress.update(1)
            if not ok:
                (result,) = item.values()
                if result.get("status") not in ignore:
                    refused.append(item)
        return refused

    def mapped_fields(self):
        """The top-level fields the index behind the alias maps."""
        mappings = self.client.indices.get_mapping(index=self.alias).body
        return {
            name
            for body in mappings.values()
            for name in body.get("mappings", {}).get("properties", {})
        }

    def write(self, actions, ignore=()):
        """Writes through the alias, visible to the next search; refused ones are logged.
        Fields the index does not map yet (created by an older Hub) are left out."""
        self.ensure()
        missing = DECLARED_FIELDS - self.mapped_fields()
        if missing:
            logger.warning(
                "The Elasticsearch index %s lacks the fields %s: run rebuild_search_index",
                self.alias,
                ", ".join(sorted(missing)),
            )
            actions = (_without(action, missing) for action in actions)
        refused = self.bulk(
            ({**action, "_index": self.alias} for action in actions),
            ignore=ignore,
            refresh="wait_for",
            require_alias=True,
        )
        for item in refused:
            logger.error("Elasticsearch refused a write: %s", item)
        return refused

    def rebuild(self, actions, progress=None):
        """Fill a new index with `actions`, then point the alias at it and delete the old one
        in one request; on any failure the new index is deleted and the alias stays."""
        name = self.new_name()
        try:
            declared_index(name).create(using=self.client)
            refused = self.bulk(({**action, "_index": name} for action in actions), progress)
            if refused:
                raise RebuildFailed(
                    f"Elasticsearch refused {len(refused)} documents; the first: {refused[0]}"
                )
            self.client.indices.refresh(index=name)
            self._swap(name)
        except (ApiError, TransportError) as error:
            self._delete_quietly(name)
            raise RebuildFailed(f"Elasticsearch failed: {error}") from error
        except BaseException:
            self._delete_quietly(name)
            raise

    def _swap(self, name):
        """The alias to `name` and the indexes it left deleted, in one atomic request."""
        old = list(self.client.indices.get_alias(name=self.alias)) if self.exists() else []
        swap = [{"remove_index": {"index": index}} for index in old]
        if not old and self.client.indices.exists(index=self.alias):
            swap.append({"remove_index": {"index": self.alias}})  # a plain index in its place
        swap.append({"add": {"index": name, "alias": self.alias, "is_write_index": True}})
        self.client.indices.update_aliases(actions=swap)

    def _delete_quietly(self, name):
        try:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        except Exception:  # noqa: BLE001 - the rebuild's own error is the one to report
            logger.exception("Could not delete the half-built index %s", name)
