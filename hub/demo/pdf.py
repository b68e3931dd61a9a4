"""Demo attachments that look like documents, written with pypdf (no other PDF tool needed):
a title, headings in bold, wrapped paragraphs, bulleted items and, for checklists, items with
a box to tick. Helvetica's WinAnsi encoding covers the Latin scripts of the demo's PDFs."""

import io
import re
import textwrap
from html import unescape

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

WIDTH, HEIGHT = 595, 842  # A4, in points
LEFT, TOP, BOTTOM = 56, 786, 56
STYLES = {  # kind: (font, size, leading, wrap width in characters, indent)
    "title": ("/F2", 18, 24, 55, 0),
    "heading": ("/F2", 13, 18, 75, 0),
    "paragraph": ("/F1", 11, 15, 92, 0),
    "item": ("/F1", 11, 15, 86, 16),
    "check": ("/F1", 11, 15, 84, 20),
}
SPACE_BEFORE = {"title": 0, "heading": 14, "paragraph": 6, "item": 2, "check": 6}


def _escape(data):
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _text(text):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def blocks_of_html(html, checklist=False):
    """[(kind, text)] of rich text: paragraphs, and list items (boxes to tick in a checklist)."""
    blocks = []
    for tag, inner in re.findall(r"<(h[1-6]|p|li)[^>]*>(.*?)</\1>", html, re.S):
        text = _text(inner)
        if not text:
            continue
        if tag == "li":
            blocks.append(("check" if checklist else "item", text))
        else:
            blocks.append(("heading" if tag.startswith("h") else "paragraph", text))
    return blocks or ([("paragraph", _text(html))] if _text(html) else [])


def _font(writer, name):
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject(name),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )


def document_pdf(title, blocks):
    """A PDF of `title` and `blocks` ([(kind, text)], kinds as in STYLES), pages as needed."""
    writer = PdfWriter()
    fonts = DictionaryObject(
        {
            NameObject("/F1"): _font(writer, "/Helvetica"),
            NameObject("/F2"): _font(writer, "/Helvetica-Bold"),
        }
    )
    pages, commands, y = [], [], TOP

    def new_page():
        nonlocal commands, y
        commands = []
        pages.append(commands)
        y = TOP

    new_page()
    for kind, text in [("title", title), *blocks]:
        font, size, leading, width, indent = STYLES[kind]
        lines = textwrap.wrap(text, width) or [""]
        y -= SPACE_BEFORE[kind]
        if y - leading * min(len(lines), 2) < BOTTOM:  # a heading never ends a page alone
            new_page()
        for number, line in enumerate(lines):
            if y - leading < BOTTOM:
                new_page()
            y -= leading
            if number == 0 and kind == "item":
                commands.append(f"BT /F1 {size} Tf {LEFT + 4} {y} Td ".encode() + b"(\x95) Tj ET")
            if number == 0 and kind == "check":
                commands.append(f"0.8 w {LEFT} {y - 1} 9 9 re S".encode())
            encoded = _escape(line.encode("cp1252", errors="replace"))
            commands.append(
                f"BT {font} {size} Tf {LEFT + indent} {y} Td (".encode() + encoded + b") Tj ET"
            )
    for page_commands in pages:
        page = writer.add_blank_page(WIDTH, HEIGHT)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        stream = DecodedStreamObject()
        stream.set_data(b"\n".join(page_commands))
        page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def text_pdf(title, paragraphs):
    """A PDF of `title` and plain `paragraphs`."""
    return document_pdf(title, [("paragraph", paragraph) for paragraph in paragraphs])
