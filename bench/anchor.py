"""The anchor of the search benchmark: tantivy, a dedicated search engine, indexing the same
generated records and answering the same queries as the Hub (bench/search.py).

Each resource is one tantivy document with a title, summary and body field per language,
each analysed with its language's stemmer (Snowball, as tantivy ships it: english, french,
spanish, dutch and arabic; tantivy has none for Croatian, whose fields are only lowercased
and folded to ASCII), and a field of its taxonomy labels ("forced labour"). A search is what
the Hub's answers hold: every query word required (in any field), ranked by BM25 with the
reader's language 1.5 times, the top 20 with their titles highlighted (SnippetGenerator, in
the reader's language, else English), the total, and the counts of the same eight facets
the Hub counts (kind, theme, exploitation, audience, country, society, language, year).

tantivy is a benchmark dependency only (the `bench` extra of pyproject.toml).
"""

import json
import shutil

INSTALL = 'tantivy is not installed: .venv/bin/pip install -c constraints.txt -e ".[bench]"'
LANGUAGES = ("en", "fr", "es", "ar", "hr", "nl")
STEMMERS = {"fr": "french", "es": "spanish", "nl": "dutch", "ar": "arabic"}  # en: en_stem
TEXT_FIELDS = ("title", "summary", "body")
READER_LANGUAGE_BOOST = 1.5  # as the Hub's (search.backends.fulltext)
FACET_FIELDS = {
    "kind": "kind",
    "theme": "themes",
    "exploitation": "exploitation_forms",
    "audience": "audiences",
    "country": "countries",
    "society": "national_society",
    "language": None,  # the languages of its title
    "year": None,  # of its publication
}
PAGE_SIZE = 20


def _tantivy():
    try:
        import tantivy
    except ImportError:
        raise SystemExit(INSTALL) from None
    return tantivy


def analyzer_name(code):
    return "en_stem" if code == "en" else f"{code}_bench"


def _register_analyzers(tantivy, index):
    builder, tokenizer, filters = tantivy.TextAnalyzerBuilder, tantivy.Tokenizer, tantivy.Filter
    for code in LANGUAGES:
        if code == "en":
            continue  # tantivy's own en_stem
        chain = builder(tokenizer.simple()).filter(filters.remove_long(40))
        chain = chain.filter(filters.lowercase())
        if code in STEMMERS:
            chain = chain.filter(filters.stemmer(STEMMERS[code]))
        if code != "ar":
            chain = chain.filter(filters.ascii_fold())  # "forcé" finds "force", as the Hub's
        index.register_tokenizer(analyzer_name(code), chain.build())


def _schema(tantivy):
    schema = tantivy.SchemaBuilder()
    schema.add_text_field("slug", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        for code in LANGUAGES:
            schema.add_text_field(
                f"{name}_{code}", stored=name == "title", tokenizer_name=analyzer_name(code)
            )
    schema.add_text_field("labels", tokenizer_name="en_stem")
    for facet in FACET_FIELDS:
        schema.add_text_field(facet, stored=False, fast=True, tokenizer_name="raw")
    return schema.build()


def _document(tantivy, record):
    fields = {"slug": record["slug"]}
    for name in TEXT_FIELDS:
        for code, text in record[name].items():
            fields[f"{name}_{code}"] = text
    facets = {}
    for facet, key in FACET_FIELDS.items():
        if key is not None:
            value = record.get(key)
            facets[facet] = value if isinstance(value, list) else [value]
    facets["language"] = list(record["title"])
    facets["year"] = [record["published"][:4]]
    labels = [
        value.replace("-", " ") for facet in ("theme", "exploitation") for value in facets[facet]
    ]
    fields["labels"] = " ".join(labels)
    document = tantivy.Document(**fields)
    for facet, values in facets.items():
        for value in values:
            if value:
                document.add_text(facet, value)
    return document


def query_string(clauses):
    """tantivy's query language for the Hub's clauses: every clause required, any of its
    alternatives (a word, or a phrase) will do, a synonym only in its own language's fields."""
    parts = []
    for clause in clauses:
        alternatives = []
        for alternative in clause.alternatives:
            text = " ".join(alternative.words)
            text = f'"{text}"' if alternative.is_phrase else text
            if alternative.language is None:
                alternatives.append(text)
            else:
                fields = [f"{name}_{alternative.language}" for name in TEXT_FIELDS]
                if alternative.language == "en":
                    fields.append("labels")  # English labels, "forced labour"
                alternatives += [f"{field}:{text}" for field in fields]
        parts.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts)


class Anchor:
    """A tantivy index of the benchmark's records, in `path`, and its searches."""

    def __init__(self, path):
        self.tantivy = _tantivy()
        self.schema = _schema(self.tantivy)
        self.path = path
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        self.index = self.tantivy.Index(self.schema, path=str(path))
        _register_analyzers(self.tantivy, self.index)
        self.fields = [f"{name}_{code}" for name in TEXT_FIELDS for code in LANGUAGES]
        self.fields.append("labels")
        self.searcher = None

    def add(self, files):
        """Index the records of each JSON file (one file at a time in memory); commit."""
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        for file in files:
            with open(file, encoding="utf-8") as handle:
                for record in json.load(handle):
                    writer.add_document(_document(self.tantivy, record))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, q, lang):
        """(total, hits [(slug, highlighted title)], facet counts) of a query, with the
        Hub's synonyms (the clauses of search.analysis.analyse)."""
        from search.analysis import analyse

        tantivy, searcher = self.tantivy, self.searcher
        boosts = {f"{name}_{lang}": READER_LANGUAGE_BOOST for name in TEXT_FIELDS}
        query, _errors = self.index.parse_query_lenient(
            query_string(analyse(q)), self.fields, field_boosts=boosts
        )
        found = searcher.search(query, limit=PAGE_SIZE, count=True)
        aggregations = {facet: {"terms": {"field": facet, "size": 100}} for facet in FACET_FIELDS}
        counts = searcher.aggregate(query, aggregations)
        facets = {
            facet: {bucket["key"]: bucket["doc_count"] for bucket in counts[facet]["buckets"]}
            for facet in FACET_FIELDS
        }
        generators = {}
        hits = []
        for _score, address in found.hits:
            document = searcher.doc(address)
            code = lang if document.get_first(f"title_{lang}") else "en"
            if code not in generators:
                generators[code] = tantivy.SnippetGenerator.create(
                    searcher, query, self.schema, f"title_{code}"
                )
            title = generators[code].snippet_from_doc(document).to_html()
            hits.append((document.get_first("slug"), title or document.get_first(f"title_{code}")))
        return found.count, hits, facets
