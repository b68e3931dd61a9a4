"""The search contract: what every backend must answer, whatever it is built on."""

import pytest
from django.core.files.base import ContentFile
from django.http import QueryDict
from wagtail.documents.models import Document
from wagtail.models import Page

from hub.demo.pdf import text_pdf
from resources.factories import resource_record
from resources.importer import ResourceImporter
from resources.models import ResourceAttachment
from search import service

ATN = "action-to-assist-and-protect-trafficked-persons"
STEP = "step-integration-pilot-uk"
INDICATORS = "indicators-of-trafficking-frontline-checklist"
LEAFLET = "what-is-human-trafficking-leaflet"
AWARENESS = "raising-awareness-of-trafficking-risks-in-transit"


def run(query="", **params):
    data = QueryDict(mutable=True)
    if query:
        data["q"] = query
    for key, value in params.items():
        if isinstance(value, list | tuple):
            data.setlist(key, [str(item) for item in value])
        else:
            data[key] = str(value)
    return service.search(service.parse(data))


def slugs(results):
    """The English slugs of the results, in order."""
    english = dict(
        Page.objects.filter(pk__in=[r.id for r in results.results]).values_list("pk", "slug_en")
    )
    return [english[result.id] for result in results.results]


def counts(results, facet):
    return {value.value: value.count for value in results.facets[facet]}


@pytest.fixture
def slug_of(resources):
    by_id = {page.pk: slug for slug, page in resources.items()}
    return lambda results: [by_id.get(result.id) for result in results.results]


def import_records(*records):
    report = ResourceImporter().run(list(records))
    assert report.failed == 0, report.errors


# -- Browsing and facets ------------------------------------------------------------------------
def test_browse_counts_the_whole_library(backend):
    results = run()
    assert results.total == 5
    assert counts(results, "kind") == {"guidance": 2, "tool": 2, "case_study": 1}
    assert counts(results, "country") == {"GB": 4, "FR": 2, "HR": 2, "NL": 2}
    assert counts(results, "language") == {"en": 5, "fr": 3, "es": 1, "hr": 1, "nl": 1}
    assert counts(results, "year") == {"2019": 4, "2018": 1}
    assert [value.value for value in results.facets["year"]] == ["2019", "2018"]


@pytest.mark.parametrize(
    ("facet", "value", "expected"),
    [
        ("kind", "tool", {INDICATORS, LEAFLET}),
        ("theme", "identification", {INDICATORS, LEAFLET}),
        ("exploitation", "forced-labour", {INDICATORS, LEAFLET, STEP}),
        ("audience", "managers", {ATN, STEP}),
        ("country", "HR", {STEP, AWARENESS}),
        ("society", "croatian-red-cross", {AWARENESS}),
        ("language", "fr", {ATN, STEP, INDICATORS}),
        ("year", "2018", {ATN}),
    ],
)
def test_each_facet_alone(backend, slug_of, facet, value, expected):
    results = run(**{facet: value})
    assert set(slug_of(results)) == expected
    assert results.total == len(expected)
    assert [v.selected for v in results.facets[facet] if v.value == value] == [True]


def test_facets_combine_with_and(backend, slug_of):
    results = run(kind="tool", language="hr")
    assert slug_of(results) == [INDICATORS]
    assert set(slug_of(run(country="GB", theme="migration"))) == {ATN, STEP, AWARENESS} & {
        STEP,
        AWARENESS,
    }


def test_values_of_one_facet_combine_with_or(backend, slug_of):
    results = run(kind=["tool", "case_study"])
    assert set(slug_of(results)) == {INDICATORS, LEAFLET, STEP}


def test_multi_select_counts_ignore_their_own_facet(backend):
    results = run(kind="tool")
    # The kind facet still counts the other kinds, so readers can add them...
    assert counts(results, "kind") == {"guidance": 2, "tool": 2, "case_study": 1}
    # ...while the other facets count only tools.
    assert counts(results, "language") == {"en": 2, "fr": 1, "es": 1, "hr": 1}
    results = run(kind="tool", language="es")
    assert counts(results, "kind") == {"tool": 1}
    assert counts(results, "language") == {"en": 2, "fr": 1, "es": 1, "hr": 1}


def test_selected_value_without_matches_stays_visible(backend):
    results = run(country="ES")
    assert results.total == 0
    values = [(v.value, v.count, v.selected) for v in results.facets["country"]]
    assert ("ES", 0, True) in values
    assert ("GB", 4, False) in values  # the facet ignores its own selection


def test_sort_newest_and_pagination(backend, slug_of):
    newest = run(sort="newest", page_size=2)
    assert newest.total == 5 and len(newest.results) == 2
    pages = [slug_of(run(sort="newest", page_size=2, page=number)) for number in (1, 2, 3)]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert len({slug for page in pages for slug in page}) == 5
    assert pages[2] == [ATN]  # the oldest, 2018
    assert run(page=9).results == []


def test_query_sorted_by_newest(backend, slug_of):
    results = run("trafficking", sort="newest")
    dates = [result.published for result in results.results]
    assert dates == sorted(dates, reverse=True)


# -- Matching -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("en", "checklist frontline volunteers", INDICATORS),
        ("fr", "liste de contrôle bénévoles", INDICATORS),
        ("es", "folleto Cruz Roja Británica", LEAFLET),
        ("ar", "مؤشرات قائمة مرجعية", INDICATORS),
        ("hr", "pokazatelji kontrolni popis", INDICATORS),
        ("nl", "bewustwording transit", AWARENESS),
    ],
)
def test_relevance_in_each_language(backend, slug_of, lang, query, expected):
    results = run(query, lang=lang)
    assert slug_of(results)[0] == expected
    assert results.results[0].url.startswith(f"/{lang}/")


def test_stemming_finds_other_forms(backend, slug_of):
    assert INDICATORS in slug_of(run("indicator", lang="en"))  # "Indicators"
    assert STEP in slug_of(run("survivante", lang="fr"))  # "survivantes"
    assert AWARENESS in slug_of(run("risico", lang="nl"))  # "risico's"


def test_accents_do_not_matter(backend, slug_of):
    assert slug_of(run("etres humains", lang="fr")) == slug_of(run("êtres humains", lang="fr"))
    assert INDICATORS in slug_of(run("controle benevoles", lang="fr"))
    assert ATN in slug_of(run("zrtava", lang="hr"))  # "žrtava"


@pytest.mark.parametrize(
    "query",
    [
        "THB",
        "trafficking in human beings",
        "traite des êtres humains",
        "mensenhandel",
        "trgovanje ljudima",
        "trata de personas",
        "الاتجار بالبشر",
    ],
)
def test_synonyms_of_human_trafficking(backend, slug_of, query):
    found = set(slug_of(run(query, lang="en")))
    assert {LEAFLET, INDICATORS} <= found


def test_query_in_one_language_finds_a_resource_written_only_in_another(backend, slug_of):
    import_records(
        resource_record(
            90,
            kind="tool",
            languages=("en",),
            title={"en": "Labour inspection visits: a guide"},
            summary={"en": "How to prepare joint visits with labour inspectors."},
            body={"en": "Plan the visit with the inspectorate."},
            exploitation_forms=["forced-labour"],
            themes=["identification"],
            slug="labour-inspection-visits",
        )
    )
    # French: the tool is tagged "forced labour", whose French name is "Travail forcé".
    results = run("travail forcé", lang="fr")
    assert "labour-inspection-visits" in slugs(results)
    hit = next(r for r in results.results if r.url.endswith("/labour-inspection-visits/"))
    assert hit.title == "Labour inspection visits: a guide"  # shown in English...
    assert hit.url.startswith("/fr/")  # ...at its French address
    assert hit.language == "en"
    # Croatian: the English word, found through the synonym for trafficking.
    assert "labour-inspection-visits" in slugs(run("prisilni rad", lang="hr"))


def test_matches_in_the_readers_language_come_first(backend):
    import_records(
        resource_record(
            91,
            languages=("en",),
            title={"en": "Veerkracht"},
            summary={"en": "A summary."},
            body={"en": "Text."},
            slug="english-row",
        ),
        resource_record(
            92,
            languages=("en", "nl"),
            title={"en": "Resilience", "nl": "Veerkracht"},
            summary={"en": "A summary.", "nl": "Een samenvatting."},
            body={"en": "Text.", "nl": "Tekst."},
            slug="dutch-row",
        ),
    )
    assert slugs(run("veerkracht", lang="nl"))[:2] == ["dutch-row", "english-row"]
    assert slugs(run("veerkracht", lang="en"))[:2] == ["english-row", "dutch-row"]


def test_highlight_marks_the_matched_words(backend):
    results = run("Ashiana", lang="en")
    assert "<mark>Ashiana</mark>" in results.results[0].highlight


def test_highlight_escapes_the_text(backend):
    import_records(
        resource_record(
            93,
            languages=("en",),
            slug="escaped",
            body={"en": "Beware <script>alert(1)</script> zebracanary"},
        )
    )
    highlight = run("zebracanary").results[0].highlight
    assert "<script>" not in highlight and "</script>" not in highlight
    assert "alert(1)" in highlight
    assert "<mark>zebracanary</mark>" in highlight


def test_untranslated_title_falls_back_to_english_with_a_link_in_the_readers_language(backend):
    import_records(
        resource_record(
            94,
            languages=("en",),
            slug="english-only-note",
            title={"en": "An English-only note on zanzibars"},
        )
    )
    result = run("zanzibars", lang="ar").results[0]
    assert result.title == "An English-only note on zanzibars"
    assert result.url.startswith("/ar/")
    assert result.languages == ["en"]


def test_text_inside_attached_pdfs_is_found(backend, resources, django_capture_on_commit_callbacks):
    page = resources[LEAFLET]
    document = Document(title="Leaflet (Spanish print version)")
    document.file.save("leaflet-es.pdf", ContentFile(text_pdf("Folleto", ["Quetzalcanary line"])))
    page.resource_attachments.add(ResourceAttachment(document=document, language="es"))
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    results = run("quetzalcanary", lang="es")

    assert [result.id for result in results.results] == [page.pk]
    assert "<mark>Quetzalcanary</mark>" in results.results[0].highlight
    assert results.results[0].documents[0]["title"] == "Leaflet (Spanish print version)"


# -- Keeping the index current ------------------------------------------------------------------
def test_publish_unpublish_and_delete_update_the_index(
    backend, resources, django_capture_on_commit_callbacks
):
    page = resources[INDICATORS]
    with django_capture_on_commit_callbacks(execute=True):
        page.title_en = "Indicators of trafficking: a pelicanary checklist"
        page.save_revision().publish()
    assert [r.id for r in run("pelicanary").results] == [page.pk]

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert run("pelicanary").total == 0
    assert run().total == 4

    leaflet = resources[LEAFLET]
    with django_capture_on_commit_callbacks(execute=True):
        leaflet.delete()
    assert run().total == 3
    assert run(kind="tool").total == 0


def test_imported_resources_are_searchable(backend):
    import_records(
        resource_record(
            95,
            kind="case_study",
            languages=("en", "hr"),
            slug="imported",
            title={"en": "Imported walruscanary", "hr": "Uvezeni morž"},
        )
    )
    assert slugs(run("walruscanary")) == ["imported"]
    assert run(kind="case_study").total == 2


# -- Hostile input ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "-1"}, "page"),
        ({"page": "abc"}, "page"),
        ({"sort": "price"}, "sort"),
        ({"lang": "de"}, "lang"),
        ({"year": "18"}, "year"),
        ({"language": "xx"}, "language"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(backend, client, params, parameter):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert response.json()["error"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "*",
        "AND",
        "OR NOT",
        "(",
        ")",
        "NEAR(",
        "title:",
        "-",
        "^",
        "a:b",
        "\\",
        '"unbalanced',
        "😀",
        "%",
        "_",
        "' OR 1=1 --",
        "السلام",
        "   ",
    ],
)
def test_odd_queries_never_fail(backend, client, query):
    response = client.get("/api/search/", {"q": query, "theme": "x'y", "country": "zz"})
    assert response.status_code == 200
    assert response.json()["total"] >= 0


# -- View restrictions ----------------------------------------------------------------------------
def test_a_restricted_resource_is_found_only_by_viewers_it_admits(
    backend, resources, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from hub.restrictions import ANONYMOUS, Viewer

    def found(viewer, query="leaflet"):
        data = QueryDict(mutable=True)
        data["q"] = query
        results = service.search(service.parse(data, viewer=viewer))
        suggested = service.suggest("leafl", viewer=viewer)
        return results.total, [item["title"] for item in suggested]

    leaflet = resources[LEAFLET]
    assert found(ANONYMOUS) == (1, [leaflet.title])
    group = Group.objects.create(name="Outreach workers")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=leaflet, restriction_type="groups")
        restriction.groups.add(group)
    member = Viewer(authenticated=True)
    assert found(ANONYMOUS) == (0, [])
    assert found(member) == (0, [])
    assert found(Viewer(authenticated=True, groups=frozenset({group.pk}))) == (1, [leaflet.title])
    assert found(Viewer(authenticated=True, superuser=True)) == (1, [leaflet.title])
    with django_capture_on_commit_callbacks(execute=True):
        restriction.restriction_type = "password"
        restriction.save()
    assert found(Viewer(authenticated=True, superuser=True)) == (0, [])
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert found(ANONYMOUS) == (1, [leaflet.title])
