"""The words of the Elasticsearch index (words_<language>): what a document holds, the
requests that correct and complete from them, and an index created before they existed,
which keeps taking writes and answering searches until it is rebuilt."""

import logging

from django.conf import settings
from elasticsearch import Elasticsearch

from resources.factories import resource_record
from search import documents, service
from search.backends.elasticsearch import starting_with
from search.backends.elasticsearch_index import index_body, source_of
from tests.search.test_contract import import_records

ATN = "action-to-assist-and-protect-trafficked-persons"


def test_a_document_holds_the_unstemmed_folded_words_of_each_language(on_standin, resources):
    source = source_of(documents.build(resources[ATN]))
    assert "trafficked" in source["words_en"] and "traffick" not in source["words_en"]
    assert source["words_en"] == sorted(set(source["words_en"]))
    assert not any(word.isdigit() for word in source["words_en"])
    french = source["words_fr"]
    assert any(word.startswith("traite") for word in french)
    assert all(word == word.lower() for word in french)
    assert not any("é" in word for word in french)  # folded, as the database's vocabulary


def test_a_word_known_in_the_readers_language_stays_as_typed(on_standin):
    import_records(
        resource_record(
            87,
            languages=("en", "hr"),
            title={"en": "Trafficking in ports", "hr": "Trgovanje ljudima u lukama"},
        )
    )
    backend = service.get_backend()
    assert backend.correct("lukama trafiking", "hr") == "lukama trafficking"
    assert backend.correct("lukama 2019", "hr") is None  # numbers are never corrected


def test_lucene_operators_in_a_word_being_completed_are_escaped():
    assert starting_with("psychos") == "psychos.*"
    assert starting_with('a.b"c#') == 'a\\.b\\"c\\#.*'


def old_index(standin):
    """The alias on an index whose mapping has no words fields, as an older Hub made it."""
    body = index_body()
    for name in list(body["mappings"]["properties"]):
        if name.startswith("words_"):
            del body["mappings"]["properties"][name]
    standin.reset()
    alias = settings.ELASTICSEARCH_INDEX
    Elasticsearch(standin.url).indices.create(
        index=f"{alias}-old", aliases={alias: {"is_write_index": True}}, **body
    )
    return standin.indexes[f"{alias}-old"]


def test_an_index_made_before_the_words_takes_writes_and_answers_until_rebuilt(
    on_standin, client, caplog
):
    index = old_index(on_standin)
    with caplog.at_level(logging.WARNING, logger="search.backends.elasticsearch_index"):
        import_records(resource_record(87, languages=("en",), title={"en": "Trafficking in ports"}))
    assert "run rebuild_search_index" in caplog.text
    assert len(index.docs) == 1
    assert not any(name.startswith("words_") for name in next(iter(index.docs.values())))
    # Searches answer, without the help the words give.
    data = client.get("/api/search/", {"q": "trafiking ports"}).json()
    assert data["total"] == 0 and data["suggestion"] is None
    assert client.get("/api/search/suggest/", {"q": "traffi"}).json()["terms"] == []
    # A rebuild makes the index with today's mapping: the words are there.
    service.rebuild()
    data = client.get("/api/search/", {"q": "trafiking ports"}).json()
    assert data["suggestion"] == "trafficking ports" and data["corrected"] is True
    assert "trafficking" in client.get("/api/search/suggest/", {"q": "traffi"}).json()["terms"]
