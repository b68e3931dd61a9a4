"""A guidance page printed: the content alone, with where its links lead."""

from resources.models import ToolPage


def test_a_printed_tool_shows_its_content_without_the_site_around_it(hub, page):
    tool = ToolPage.objects.live().first()
    page.goto(f"{hub.url}{tool.url}")
    assert page.locator(".site-header").is_visible()
    page.emulate_media(media="print")
    for hidden in (".site-header", ".emergency", ".site-footer", ".languages"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("main h1").is_visible()
    link = page.locator(".prose a[href], .facts a[href]").first
    shown = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in shown
    page.emulate_media(media="screen")
    assert page.locator(".site-header").is_visible()
