"""A National Society's name after "of", as each language writes it.

"Focal point of {name}" reads "of the British Red Cross" in English, "de la Croix-Rouge
française" and "du Croissant-Rouge algérien" in French, "de la Cruz Roja Española" in Spanish,
"van het Nederlandse Rode Kruis" in Dutch: the article goes with the name's head word, and
French and Spanish contract it with "de" (du, des, del). `of_society` writes that phrase for
these languages from the name's first words; a name it does not recognise (an acronym, a
name in another language) follows the preposition alone. Croatian declines the name itself
and Arabic names carry their article: their sentences use the name as it is (translators
write "Nacionalnog društva %(society)s", "لدى %(society)s").
"""

import re

# Head words by grammatical gender, lower case (an article before them is read as well).
FRENCH_FEMININE = ("croix-rouge", "croix rouge", "société", "fédération")
FRENCH_MASCULINE = ("croissant-rouge", "croissant rouge", "comité", "mouvement", "cristal-rouge")
FRENCH_ELIDED = ("association", "organisation", "union", "ordre")  # "de l'Association..."
SPANISH_FEMININE = ("cruz roja", "media luna roja", "sociedad", "federación", "asociación")
SPANISH_MASCULINE = ("comité", "movimiento", "cristal rojo")
DUTCH_HET = ("kruis", "genootschap", "comité")
DUTCH_DE = ("halve maan", "vereniging", "federatie", "organisatie")
ENGLISH_WITH_THE = ("red cross", "red crescent", "society", "association", "federation")

VOWEL = re.compile(r"^[aeiouyàâäéèêëîïôöùûüœæ]", re.IGNORECASE)


def _starts(name, words):
    lowered = name.lower()
    return any(lowered.startswith(word) for word in words)


def _french(name):
    for article, phrase in (("la ", "de la "), ("le ", "du "), ("les ", "des "), ("l'", "de l'")):
        if name.lower().startswith(article) or name.lower().startswith(article.replace("'", "’")):
            return phrase + name[len(article) :]
    if _starts(name, FRENCH_FEMININE):
        return f"de la {name}"
    if _starts(name, FRENCH_MASCULINE):
        return f"du {name}"
    if _starts(name, FRENCH_ELIDED):
        return f"de l'{name}"
    if VOWEL.match(name):
        return f"d'{name}"
    return f"de {name}"


def _spanish(name):
    lowered = name.lower()
    if lowered.startswith("la "):
        return f"de la {name[3:]}"
    if lowered.startswith("el "):
        return f"del {name[3:]}"
    if any(word in lowered for word in SPANISH_FEMININE) and not _starts(name, SPANISH_MASCULINE):
        return f"de la {name}"
    if _starts(name, SPANISH_MASCULINE):
        return f"del {name}"
    return f"de {name}"


def _dutch(name):
    lowered = name.lower()
    if lowered.startswith(("het ", "de ")):
        return f"van {lowered[: lowered.index(' ')]} {name[name.index(' ') + 1 :]}"
    if any(word in lowered for word in DUTCH_DE):
        return f"van de {name}"
    if any(word in lowered for word in DUTCH_HET):
        return f"van het {name}"
    return f"van {name}"


def _english(name):
    if name.lower().startswith("the "):
        return f"of the {name[4:]}"
    if any(word in name.lower() for word in ENGLISH_WITH_THE):
        return f"of the {name}"
    return f"of {name}"


RULES = {"en": _english, "fr": _french, "es": _spanish, "nl": _dutch}


def of_society(name, language):
    """`name` after the language's "of" ("de la Croix-Rouge française"); the name alone in a
    language without a rule here."""
    name = (name or "").strip()
    rule = RULES.get((language or "en").split("-")[0])
    return rule(name) if rule and name else name
