"""Pages reach slow phones compressed."""

import gzip

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True])
def test_pages_are_sent_compressed_to_browsers_that_accept_it(client, home, settings, cached):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 60 if cached else 0
    cache.clear()
    plain = client.get(home.url).content
    for _attempt in range(2):  # the second one, from the page cache when it is on
        response = client.get(home.url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == plain
        assert len(response.content) < len(plain) / 2
    assert "Content-Encoding" not in client.get(home.url)
    cache.clear()
