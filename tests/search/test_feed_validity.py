"""The search feeds are Atom as RFC 4287 defines it, so that every feed reader takes them."""

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def feed_of(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/search/feed/", "/ar/search/feed/"])
def test_a_search_feed_is_valid_atom(client, path):
    content = feed_of(client, path, {"q": "trafficking", "kind": ["guidance", "tool"]})
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"

    feed = ET.fromstring(content)
    # 4.1.1: a feed has exactly one id, title and updated, and an author (or every entry has).
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"a:{name}", ATOM)) == 1, name
    assert feed.find("a:author/a:name", ATOM).text
    self_link = feed.find("a:link[@rel='self']", ATOM).get("href")
    query = parse_qs(urlsplit(self_link).query)
    assert urlsplit(self_link).scheme in ("http", "https")
    assert query["q"] == ["trafficking"] and query["kind"] == ["guidance", "tool"]

    entries = feed.findall("a:entry", ATOM)
    assert entries
    ids = [entry.find("a:id", ATOM).text for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry, entry_id in zip(entries, ids, strict=True):
        # 4.2.6: an id is an IRI, with a scheme.
        assert urlsplit(entry_id).scheme == "tag", entry_id
        assert entry.find("a:title", ATOM).text
        assert entry.find("a:updated", ATOM).text
        assert entry.find("a:link", ATOM).get("href").startswith(("http://", "https://"))
    assert [entry.id for entry in parsed.entries] == ids


@pytest.mark.django_db
@pytest.mark.parametrize("character", ["\x01", "\x08", "\x1b", "\x00", "\ufffe"])
@pytest.mark.parametrize("path", ["/fr/search/feed/", "/api/search/", "/fr/search/"])
def test_a_query_with_a_character_xml_cannot_hold_is_refused_not_a_500(client, path, character):
    """A control character means nothing to search, and XML 1.0 cannot write one: the feed
    (which names its query) refused it with a 500 before, the page and the API took it."""
    response = client.get(path, {"q": f"traite{character}"})
    assert response.status_code == 400
    assert "q" in response.content.decode()
    assert client.get(path, {"q": "traite\tdes\nêtres"}).status_code == 200
