"""A volunteer on a phone (390 x 844): the heading in the first screen, filters folded above
the results, chips that remove one filter, touch targets a finger can hit."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import expect

from resources.models import ResourceIndexPage

PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "fr", "ar", "hr")
FINGER = 44  # px: the least height of a touch target


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


def addresses_in(language):
    """The search page and a resource in `language`."""
    from resources.models import GuidancePage

    guidance = GuidancePage.objects.get(slug_en="raising-awareness-of-trafficking-risks-in-transit")
    with translation.override(language):
        return [f"/{language}/search/", guidance.get_url()]


def query_of(url):
    return sorted(parse_qsl(urlsplit(url).query))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_heading_shows_in_the_first_screen(hub, page, a11y, language):
    for address in addresses_in(language):
        page.goto(hub.url + address)
        expect(page.locator("html")).to_have_attribute("lang", language)
        box = page.locator("h1").bounding_box()
        assert box["y"] + box["height"] < PHONE["height"], (address, box)
        # Nothing wider than the phone: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], address
        a11y.check(page)


@pytest.mark.django_db(transaction=True)
def test_filters_fold_above_the_results_on_a_phone_and_sit_beside_them_on_a_wide_screen(
    hub, page, a11y
):
    page.goto(f"{hub.url}/en/search/?q=trafficking")
    filters = page.locator("details.filters")
    results = page.locator(".results")
    expect(filters).not_to_have_attribute("open", re.compile(".*"))
    tool = page.get_by_role("checkbox", name=re.compile("Tool"))
    expect(tool).to_be_hidden()
    assert filters.bounding_box()["y"] < results.bounding_box()["y"]
    summary = filters.locator("summary")
    expect(summary).to_have_text("Filters")
    assert summary.bounding_box()["height"] >= FINGER
    a11y.check(page)

    summary.click()  # no JavaScript: the browser opens the disclosure
    expect(tool).to_be_visible()
    for label in page.locator(".facet-value").all():
        assert label.bounding_box()["height"] >= FINGER, label.inner_text()
    tool.check()
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status")).to_contain_text("2 resources found")
    expect(page.locator("details.filters > summary")).to_have_text("Filters (1)")
    a11y.check(page)
    # The folded filters still go with the form: a new sort keeps them.
    page.get_by_label("Sort by").select_option("newest")
    page.get_by_role("button", name="Search").click()
    assert ("kind", "tool") in query_of(page.url) and ("sort", "newest") in query_of(page.url)
    expect(page.get_by_role("status")).to_contain_text("2 resources found")

    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("details.filters > summary")).to_be_hidden()
    expect(tool).to_be_visible()
    facets = page.locator(".facets").bounding_box()
    listed = results.bounding_box()
    assert facets["x"] + facets["width"] <= listed["x"]  # beside, before them
    assert abs(facets["y"] - listed["y"]) < 5
    a11y.check(page)


@pytest.mark.django_db(transaction=True)
def test_each_chip_removes_its_filter_alone(hub, page, a11y):
    page.goto(f"{hub.url}/en/search/?q=trafficking&sort=newest&kind=tool&country=GB")
    expect(page.get_by_role("status")).to_contain_text("2 resources found")
    chips = page.locator("a.chip")
    expect(chips).to_have_count(2)
    for chip in chips.all():
        assert chip.bounding_box()["height"] >= FINGER
    clear_all = page.get_by_role("link", name="Clear all")
    assert clear_all.bounding_box()["height"] >= FINGER
    a11y.check(page)

    page.get_by_role("link", name="Remove the filter Kind: Tool").click()
    assert query_of(page.url) == [("country", "GB"), ("q", "trafficking"), ("sort", "newest")]
    expect(page.locator('input[name="kind"][value="tool"]')).not_to_be_checked()
    expect(page.locator("a.chip")).to_have_count(1)
    expect(page.get_by_role("status")).to_contain_text("4 resources found")

    page.goto(f"{hub.url}/en/search/?q=trafficking&sort=newest&kind=tool&country=GB")
    page.get_by_role("link", name="Remove the filter Country: United Kingdom").click()
    assert query_of(page.url) == [("kind", "tool"), ("q", "trafficking"), ("sort", "newest")]

    page.get_by_role("link", name="Clear all").click()
    assert query_of(page.url) == [("q", "trafficking"), ("sort", "newest")]
    expect(page.locator("a.chip")).to_have_count(0)
    a11y.check(page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ("en", "ar"))
def test_touch_targets_are_a_finger_high(hub, page, a11y, language):
    page.goto(f"{hub.url}/{language}/search/?page_size=2")
    page.locator("details.filters > summary").click()
    targets = page.locator(
        ".main-nav a, .languages a, .pagination a, .search-form button, .search-form select,"
        " .search-form input[type=search], details.filters > summary, .facet-value"
    )
    assert targets.count() > 20
    for target in targets.all():
        box = target.bounding_box()
        assert box["height"] >= FINGER, (target.inner_text(), box)
    a11y.check(page)


@pytest.mark.django_db(transaction=True)
def test_the_library_filters_and_sorts_like_the_search_page(hub, page, a11y):
    with translation.override("fr"):
        library = ResourceIndexPage.objects.get().get_url()
    page.goto(hub.url + library)
    expect(page.get_by_role("status")).to_contain_text("5")
    expect(page.get_by_label("Trier par")).to_have_value("newest")
    a11y.check(page)
    page.locator("details.filters > summary").click()
    page.get_by_role("checkbox", name=re.compile("Étude de cas")).check()
    page.get_by_role("button", name="Appliquer").last.click()
    assert urlsplit(page.url).path == library
    expect(page.get_by_role("status")).to_contain_text("1")
    expect(page.locator(".results .card-title")).to_have_text(re.compile("STEP"))
    a11y.check(page)
