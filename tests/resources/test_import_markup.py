"""Markup from imports: rich text goes through Wagtail's whitelist before it is stored, blocks
the body does not take are refused naming the record, and web addresses are http or https
only, in imports and in the admin alike."""

import importlib
import pkgutil

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

import network.migrations
from network.models import NationalSociety
from resources.factories import resource_record
from resources.models import GuidancePage
from tests.resources.test_import import export, run_import

HOSTILE = [
    '<p>Script <script>alert("script")</script>gone</p>',
    '<p>Handler <img src="x" onerror="alert(1)"> gone</p>',
    '<p onclick="alert(1)">Attribute gone</p>',
    '<p>A <a href="javascript:alert(1)">scripted link</a> disarmed</p>',
    '<p>A <a href="JaVa&#x09;ScRiPt:alert(1)">hidden scheme</a> disarmed</p>',
    '<p>Frame <iframe src="https://evil.example/"></iframe>gone</p>',
    '<p>Refresh <meta http-equiv="refresh" content="0;url=https://evil.example/">gone</p>',
    "<p>Style <style>body{display:none}</style>gone</p>",
    '<svg onload="alert(1)"><p>Vector gone</p></svg>',
]
KEPT = (
    '<p>Kept: <b>bold</b>, <i>italic</i> and a <a href="https://www.ifrc.org/?a=1&amp;b=2">'
    'link</a>; it\'s "quoted" &amp; fine.</p><ul><li>a point</li></ul>'
)
AS_THE_EDITOR_STORES_IT = '<p data-block-key="a1b2c">Written in the <b>editor</b>.</p>'


def blocks(*paragraphs):
    return [{"type": "paragraph", "value": html} for html in paragraphs]


@pytest.mark.django_db
def test_imported_markup_never_reaches_the_page(client, tmp_path):
    record = resource_record(1, body={"en": blocks(*HOSTILE, KEPT), "fr": blocks(*HOSTILE)})
    ok, _out, err = run_import(tmp_path, [record])
    assert ok, err
    page = GuidancePage.objects.get(slug_en="resource-1-en")
    url = page.get_url()
    with translation.override("fr"):
        french = page.get_url()

    for address in (url, french):
        response = client.get(address)
        assert response.status_code == 200
        html = response.content.decode().lower()
        assert "resource 1 (fr)" in html if address == french else "resource 1 (en)" in html
        for forbidden in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe"):
            assert forbidden not in html
        assert "http-equiv" not in html and "<style" not in html and "<svg" not in html
        assert "alert(" not in html and "evil.example" not in html

    body = client.get(url).content.decode()
    for words in ("Script", "gone", "Attribute gone", "scripted link", "disarmed", "Vector gone"):
        assert words in body
    assert "<b>bold</b>" in body and "<i>italic</i>" in body and "<li>a point</li>" in body
    assert '<a href="https://www.ifrc.org/?a=1&amp;b=2">link</a>' in body


@pytest.mark.django_db
def test_cleaned_rich_text_imported_again_changes_nothing(tmp_path):
    record = resource_record(2, body={"en": blocks(*HOSTILE, KEPT, AS_THE_EDITOR_STORES_IT)})
    assert run_import(tmp_path, [record])[0]
    stored = export()
    ok, out, _err = run_import(tmp_path, [record])
    assert ok and "0 created, 0 updated, 1 unchanged" in out
    assert export() == stored
    exported = next(item for item in stored if item["slug"] == "resource-2-en")
    assert exported["body"]["en"][-2:] == blocks(KEPT, AS_THE_EDITOR_STORES_IT)  # as they were


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ([{"type": "raw_html", "value": "<script>x</script>"}], 'has the unknown type "raw_html"'),
        ([{"type": "paragraph", "value": "<script>alert(1)</script>"}], "is empty once"),
        ([{"type": "paragraph", "value": {"html": "<p>x</p>"}}], "(paragraph) must be text"),
        ([{"type": "heading", "value": ["x"]}], "(heading) must be text"),
        ([{"type": "quote", "value": "<q>x</q>"}], "(quote) must be an object"),
        ([{"type": "quote", "value": {"attribution": "Someone"}}], "(quote) is not valid: text"),
        ([{"type": "image", "value": {"image": 987654}}], "(image) is not valid: image"),
    ],
)
def test_blocks_the_body_does_not_take_are_refused_naming_the_record(tmp_path, body, reason):
    records = [
        resource_record(3, body={"en": [{"type": "heading", "value": "Fine"}, *body]}),
        resource_record(4),
    ]
    ok, _out, err = run_import(tmp_path, records)
    assert not ok
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in err
    assert 'Record 1 (Resource 3 (en)): "body.en" block 2 ' in err and reason in err
    assert not GuidancePage.objects.filter(slug_en="resource-3-en").exists()


def society(website):
    return {"slug": "atlantis-red-cross", "name": {"en": "Atlantis Red Cross"}, "country": "GB",
            "website": website}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    "website",
    [
        "javascript:alert(1)",
        "JavaScript://example.org/%0Aalert(1)",
        "data:text/html,x",
        "ftp://ftp.example.org/",
        "www.example.org",
    ],  # fmt: skip
)
def test_imported_society_websites_are_http_or_https(tmp_path, website):
    ok, _out, err = run_import(tmp_path, [resource_record(5, national_society=society(website))])
    assert not ok
    assert f'Record 1 (Resource 5 (en)): "national_society.website" {website!r}' in err
    assert "starting with http:// or https://" in err
    assert not NationalSociety.objects.filter(slug="atlantis-red-cross").exists()


@pytest.mark.django_db
def test_an_imported_https_website_is_a_link(client, tmp_path):
    record = resource_record(6, national_society=society("https://atlantis.example.org/"))
    assert run_import(tmp_path, [record])[0]
    html = client.get("/en/network/societies/atlantis-red-cross/").content.decode()
    assert 'href="https://atlantis.example.org/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://ftp.example.org/"])
def test_the_admin_refuses_other_schemes(client, admin_user, website):
    croatia = NationalSociety.objects.get(slug="croatian-red-cross")
    client.force_login(admin_user)
    url = reverse("wagtailsnippets_network_nationalsociety:edit", args=[croatia.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["website"] = website
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert response.context["form"].errors["website"]
    croatia.refresh_from_db()
    assert croatia.website == "https://www.hck.hr"
    data["website"] = "http://www.hck.hr/"
    assert client.post(url, data).status_code == 302
    croatia.refresh_from_db()
    assert croatia.website == "http://www.hck.hr/"


@pytest.mark.django_db
def test_stored_websites_of_other_schemes_are_emptied_by_the_migration():
    (name,) = [
        module.name
        for module in pkgutil.iter_modules(network.migrations.__path__)
        if module.name.endswith("_website_http_or_https")
    ]
    migration = importlib.import_module(f"network.migrations.{name}")
    NationalSociety.objects.filter(slug="croatian-red-cross").update(website="javascript:alert(1)")
    NationalSociety.objects.filter(slug="french-red-cross").update(website=" ftp://x.example/")
    migration.empty_other_schemes(apps, None)
    websites = dict(NationalSociety.objects.values_list("slug", "website"))
    assert websites["croatian-red-cross"] == "" and websites["french-red-cross"] == ""
    assert websites["british-red-cross"] == "https://www.redcross.org.uk"
