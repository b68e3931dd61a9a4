"""A resource's body between the import format and its StreamField.

A record's body in a language is plain text (blank lines part paragraphs, "## " starts a
heading, "- " lines make a list) or a list of the body's blocks; each block is checked as the
editor's would be, and its rich text goes through Wagtail's whitelist (hub.rich_text).
"""

import html
import re

from django.core.exceptions import ValidationError
from wagtail import blocks

from hub import rich_text
from hub.blocks import BodyBlock

BODY_BLOCK = BodyBlock()


def text_to_blocks(text):
    """Plain text to StreamField blocks: blank lines part paragraphs, "## " starts a heading,
    lines starting with "- " make a bulleted list."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].startswith("## "):
            blocks.append({"type": "heading", "value": lines[0][3:].strip()})
        elif all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(
                f"<li>{html.escape(line.lstrip()[2:].strip(), quote=False)}</li>" for line in lines
            )
            blocks.append({"type": "paragraph", "value": f"<ul>{items}</ul>"})
        else:
            heading = None
            if lines[0].startswith("## "):
                heading, lines = lines[0][3:].strip(), lines[1:]
                blocks.append({"type": "heading", "value": heading})
            paragraph = "<br/>".join(html.escape(line, quote=False) for line in lines)
            blocks.append({"type": "paragraph", "value": f"<p>{paragraph}</p>"})
    return blocks


def record_blocks(value, label):
    """The blocks of a record's body in one language (`label` names it in messages), or
    ValidationError saying which block is wrong."""
    if isinstance(value, str):
        return text_to_blocks(value)  # escaped as it is built
    if isinstance(value, list) and all(
        isinstance(block, dict) and isinstance(block.get("type"), str) and "value" in block
        for block in value
    ):
        return [
            _block(block["type"], block["value"], f"{label} block {number}")
            for number, block in enumerate(value, start=1)
        ]
    raise ValidationError(f"{label} must be text or a list of blocks")


def _block(kind, value, label):
    """A block of the body, its rich text cleaned with Wagtail's whitelist (hub.rich_text);
    ValidationError if it is not a block the body takes."""
    child = BODY_BLOCK.child_blocks.get(kind)
    if child is None:
        raise ValidationError(
            f'{label} has the unknown type "{kind}" (one of {", ".join(BODY_BLOCK.child_blocks)})'
        )
    structured = isinstance(child, blocks.StructBlock)
    if not isinstance(value, dict if structured else str):
        raise ValidationError(f"{label} ({kind}) must be {'an object' if structured else 'text'}")
    if isinstance(child, blocks.RichTextBlock):
        value = rich_text.clean(value, child.features)
        if not value.strip():
            raise ValidationError(f"{label} ({kind}) is empty once the markup it may not hold goes")
    try:
        child.clean(child.to_python(value))
    except ValidationError as error:
        problems = getattr(error, "block_errors", None) or {}
        detail = "; ".join(
            f"{name}: {' '.join(problem.messages)}" for name, problem in problems.items()
        )
        message = detail or " ".join(error.messages)
        raise ValidationError(f"{label} ({kind}) is not valid: {message}") from None
    return {"type": kind, "value": value}


def stream_blocks(stream_value):
    """A stored StreamField value as [{"type", "value"}], without block ids."""
    if stream_value is None:
        return []
    return [{"type": block["type"], "value": block["value"]} for block in stream_value.raw_data]
