"""The demo's attachments read like documents: headings, list items on their own lines, and a
box to tick before each item of a checklist."""

import io

import pytest
from pypdf import PdfReader

from hub.demo.pdf import blocks_of_html, document_pdf
from resources.models import ToolPage


def test_rich_text_becomes_paragraphs_and_items():
    html = "<p>Before you start:</p><ul><li>Ask <b>what</b> happened</li><li>Listen</li></ul>"
    assert blocks_of_html(html) == [
        ("paragraph", "Before you start:"),
        ("item", "Ask what happened"),
        ("item", "Listen"),
    ]
    assert blocks_of_html(html, checklist=True)[1] == ("check", "Ask what happened")


def test_a_document_has_a_bold_title_and_headings_and_items_on_their_own_lines():
    pdf = document_pdf(
        "Frontline checklist",
        [("heading", "Act"), ("item", "Has the person been moved?"), ("check", "Tick me")],
    )
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
    assert lines[:2] == ["Frontline checklist", "Act"]
    assert any(line.endswith("Has the person been moved?") and "•" in line for line in lines)
    content = page.get_contents().get_data()
    assert b"/F2 18 Tf" in content and b"/F2 13 Tf" in content  # title and heading in bold
    assert b" re S" in content  # the box to tick


def test_a_long_document_runs_over_pages_without_losing_text():
    words = " ".join(f"word{number}" for number in range(3000))
    reader = PdfReader(io.BytesIO(document_pdf("Long", [("paragraph", words)])))
    assert len(reader.pages) > 1
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "word0" in text and "word2999" in text


@pytest.mark.django_db
def test_the_demo_checklist_prints_boxes_to_tick(resources):
    tool = next(
        page
        for page in resources.values()
        if isinstance(page, ToolPage)
        and page.format == "checklist"
        and page.resource_attachments.exists()
    )
    attachment = tool.resource_attachments.first()
    with attachment.document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert content.count(b" re S") >= 5
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert tool.field_in("title", attachment.language).split()[0] in text
