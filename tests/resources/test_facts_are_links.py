"""A resource's facts lead on: its National Society to its page, its terms and countries to the
library filtered by them; lists read the way each language writes them."""

import re

import pytest
from django.utils import translation

from resources.models import CaseStudyPage


def facts(html):
    return re.search(r'<aside class="facts".*?</aside>', html, re.S).group(0)


@pytest.mark.django_db
def test_each_fact_of_a_resource_links_to_what_it_names(client, resources):
    page = next(
        page for page in resources.values() if page.national_society and page.themes.exists()
    )
    box = facts(client.get(page.url).content.decode())
    society_url = f"/en/network/societies/{page.national_society.slug}/"
    assert f'<a href="{society_url}">{page.national_society.name}</a>' in box
    assert client.get(society_url).status_code == 200
    theme = page.themes.first()
    link = f"/en/search/?theme={theme.slug}"
    assert f'<a href="{link}">{theme.name}</a>' in box
    # The link finds the resource, filtered by that theme.
    found = client.get(link).content.decode()
    assert page.title in found
    for country in page.countries:
        assert f'href="/en/search/?country={country.code}"' in box


@pytest.mark.django_db
def test_lists_are_joined_the_arabic_way_in_arabic(client, resources):
    page = next(page for page in resources.values() if len(page.available_languages()) > 1)
    with translation.override("ar"):
        html = client.get(page.url).content.decode()
    available = re.search(r"<dd>(<span lang=.*?)</dd>", facts(html)).group(1)
    assert "</span>، <span" in available and "</span>, <span" not in available


@pytest.mark.django_db
def test_lessons_learned_written_as_a_list_read_as_one(client):
    case = CaseStudyPage.objects.live().first()
    case.lessons_learned_en = "What we learned:\n\n- start early\n- train <volunteers>\n- follow up"
    case.save_revision().publish()
    html = client.get(case.url).content.decode()
    assert "<ul><li>start early</li><li>train &lt;volunteers&gt;</li><li>follow up</li></ul>" in (
        html
    )
    assert "<p>What we learned:</p>" in html and "<p>- start early" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_downloads_list_the_readers_language_first(client, resources, language):
    from resources.models import ResourceAttachment

    page = next(
        page
        for page in resources.values()
        if {"en", "fr"} <= {item.language for item in page.resource_attachments.all()}
    )
    with translation.override(language):
        html = client.get(page.url).content.decode()
    downloads = re.search(r'<ul class="downloads">.*?</ul>', html, re.S).group(0)
    shown = re.findall(r'hreflang="([a-z]+)" download', downloads)
    assert shown[0] == language
    assert sorted(shown) == sorted(
        ResourceAttachment.objects.filter(page=page).values_list("language", flat=True)
    )


def test_text_rendered_as_paragraphs_and_lists_stays_inert():
    from hub.templatetags.hub_tags import paragraphs_and_lists

    hostile = (
        '<script>alert("x")</script>\n<img src=x onerror=alert(1)>\n\n'
        '- <a href="javascript:alert(2)">click</a>\n- &lt;b&gt; "quoted" \u202eevil'
    )
    html = str(paragraphs_and_lists(hostile))
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>&lt;img src=x" in html
    assert "<li>&lt;a href=&quot;javascript:alert(2)&quot;&gt;click&lt;/a&gt;</li>" in html
    assert "<li>&amp;lt;b&amp;gt; &quot;quoted&quot; \u202eevil</li>" in html
    assert str(paragraphs_and_lists("")) == "" and str(paragraphs_and_lists(None)) == ""
