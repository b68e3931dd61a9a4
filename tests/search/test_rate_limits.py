"""The search page and its Atom feed are rate limited per client address, like the APIs."""

import pytest
from django.core.cache import cache


@pytest.fixture
def low_limit(settings):
    cache.clear()
    settings.SEARCH_PAGE_RATE_LIMIT = "3/m"
    yield
    cache.clear()


@pytest.mark.django_db
def test_search_page_answers_a_page_with_429_past_the_limit(client, low_limit):
    for _request in range(3):
        assert (
            client.get("/en/search/", {"q": "trafficking"}, REMOTE_ADDR="10.1.1.1").status_code
            == 200
        )
    refused = client.get("/en/search/", {"q": "trafficking"}, REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused["Content-Type"].startswith("text/html")
    html = refused.content.decode()
    assert "<h1>Too many requests</h1>" in html
    assert "please wait a minute and try again" in html
    # Another reader is not affected.
    assert (
        client.get("/en/search/", {"q": "trafficking"}, REMOTE_ADDR="10.1.1.2").status_code == 200
    )


@pytest.mark.django_db
def test_search_feed_answers_429_past_the_limit(client, low_limit):
    for _request in range(3):
        assert (
            client.get("/en/search/feed/", {"q": "trafficking"}, REMOTE_ADDR="10.1.1.1").status_code
            == 200
        )
    refused = client.get("/en/search/feed/", {"q": "trafficking"}, REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert client.get("/en/search/feed/", REMOTE_ADDR="10.1.1.2").status_code == 200
