"""The generated library of the search benchmark (bench/search.py), and its queries.

Two corpora of the same resources (two or three languages each, 250-word bodies):
- "zipf": filler words and the domain words ranked by a Zipf law, the domain words spread
  over the ranks, common to rare ("trafficking" is in most English bodies, "indicators" in
  few);
- "common": the same, and every domain word also in 80 to 97% of the bodies of its
  language, as in real guidance texts, where "trafficking", "survivors" and "integration"
  are nearly everywhere: a query then matches most of the library.

Each record is generated from its own number, so that a library of 10,000 is the first
10,000 of a library of 100,000, and records are written to the file one at a time.
"""

import itertools
import json
import random

CORPORA = ("zipf", "common")
VOCABULARY = {
    "en": "trafficking victims protection assistance identification volunteers migrants"
    " exploitation labour support integration referral shelter safeguarding risk border"
    " transit asylum survivors health legal community training awareness indicators".split(),
    "fr": "traite victimes protection assistance identification bénévoles migrants exploitation"
    " travail soutien intégration orientation hébergement risque frontière transit asile"
    " survivantes santé juridique communauté formation sensibilisation indicateurs".split(),
    "hr": "trgovanje žrtve zaštita pomoć identifikacija volonteri migranti iskorištavanje rad"
    " podrška integracija upućivanje smještaj rizik granica tranzit azil zdravlje pravni".split(),
    "nl": "mensenhandel slachtoffers bescherming hulp identificatie vrijwilligers migranten"
    " uitbuiting arbeid steun integratie doorverwijzing opvang risico grens transit asiel".split(),
}
QUERIES = [
    "trafficking",
    "identification volunteers",
    "forced labour",
    "THB",
    "travail forcé",
    "bénévoles intégration",
    "mensenhandel",
    "zaštita žrtve",
    "shelter referral",
    "asylum transit risk",
    "indicators",
    "survivors health",
]
SYLLABLES = "ka lo ri ve na sto mu pe dra li go ser tin ba ko vel mar do ne zu".split()
KINDS = ["guidance", "tool", "case_study"]
THEMES = ["identification", "integration", "safeguarding", "migration", "raising-awareness"]
SOCIETIES = [
    "british-red-cross",
    "french-red-cross",
    "croatian-red-cross",
    "netherlands-red-cross",
]


def vocabulary(language, size=3000, seed=11):
    """A language's words by frequency rank: filler words, with the domain words spread over
    the ranks, so that a body of 250 words follows a Zipf law as real text does."""
    rng = random.Random(f"{seed}-{language}")
    filler = []
    while len(filler) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in filler:
            filler.append(word)
    for position, word in enumerate(VOCABULARY[language]):
        filler.insert(15 + position * 40, word)  # ranks 15, 55, 95...: common to rare
    return filler


WORDS = {}


def body(rng, language, words=250):
    if language not in WORDS:
        ranked = vocabulary(language)
        weights = (1 / rank**1.07 for rank in range(1, len(ranked) + 1))
        WORDS[language] = (ranked, list(itertools.accumulate(weights)))
    ranked, cumulative = WORDS[language]
    return " ".join(rng.choices(ranked, cum_weights=cumulative, k=words))


def share_of(language, word):
    """The share of a language's bodies that hold `word` in the common corpus: 97% for its
    first domain word down to 80% for its last."""
    words = VOCABULARY[language]
    return 0.97 - 0.17 * words.index(word) / (len(words) - 1)


def common_body(rng, language, words=250):
    """A Zipf body in which each domain word also appears (one to three times, anywhere)
    with the probability share_of gives it."""
    text = body(rng, language, words).split()
    for word in VOCABULARY[language]:
        if rng.random() < share_of(language, word):
            for _ in range(rng.randint(1, 3)):
                text[rng.randrange(len(text))] = word
    return " ".join(text)


def record(number, corpus="zipf", seed=7):
    """The generated record `number` of a corpus (an import_resources record)."""
    if corpus not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}: one of {', '.join(CORPORA)}")
    rng = random.Random(f"{seed}-{number}")
    languages = ["en", rng.choice(["fr", "hr", "nl"])]
    if number % 3 == 0:
        languages.append(rng.choice([code for code in ("fr", "hr", "nl") if code not in languages]))
    text = common_body if corpus == "common" else body
    result = {
        "kind": KINDS[number % 3],
        "slug": f"bench-{number}",
        "title": {code: f"{body(rng, code, 6)} {number}" for code in languages},
        "summary": {code: body(rng, code, 30) for code in languages},
        "body": {code: text(rng, code) for code in languages},
        "themes": rng.sample(THEMES, 2),
        "exploitation_forms": [rng.choice(["forced-labour", "sexual-exploitation"])],
        "audiences": [rng.choice(["volunteers", "staff", "managers"])],
        "countries": [rng.choice(["GB", "FR", "HR", "NL", "ES"])],
        "national_society": rng.choice(SOCIETIES),
        "published": f"{rng.randint(2012, 2026)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
    }
    if result["kind"] == "tool":
        result["format"] = "checklist"
    return result


def write_records(path, start, stop, corpus):
    """Write records start..stop-1 to `path` as a JSON list, one record at a time."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("[\n")
        for number in range(start, stop):
            if number > start:
                handle.write(",\n")
            handle.write(json.dumps(record(number, corpus), ensure_ascii=False))
        handle.write("\n]\n")


def chunks(start, stop, size):
    """(start, stop) of the files a range of records is written to, `size` records at most."""
    return [(low, min(low + size, stop)) for low in range(start, stop, size)]
