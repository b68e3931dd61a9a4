"""System checks of the search index's fixed facts (run by `manage.py check` and every
command that starts the Hub)."""

from django.conf import settings
from django.core import checks

from search.backends import fulltext


@checks.register("search")
def check_language_slots(app_configs, **kwargs):
    """Every language of the Hub has a slot of its own in the text row ids of the database
    backend's index (search.backends.fulltext): without one its texts cannot be stored, and a
    slot shared or out of range would have one language's texts read as another's, or as
    another entry's."""
    slots, room = fulltext.SLOT_OF_LANGUAGE, fulltext.LANGUAGE_SLOTS
    errors, taken = [], {}
    for code, slot in slots.items():
        if not 0 <= slot < room:
            problem = f"not one of 0 to {room - 1}"
        elif slot in taken:
            problem = f'already the slot of "{taken[slot]}"'
        else:
            taken[slot] = code
            continue
        errors.append(
            checks.Error(
                f'The language "{code}" has slot {slot} in the search index\'s text row ids, '
                f"{problem}.",
                hint="Give each language a slot of its own in "
                "search.backends.fulltext.SLOT_OF_LANGUAGE.",
                id="search.E002",
            )
        )
    for code, _name in settings.LANGUAGES:
        if code in slots:
            continue
        if len(taken) < room:
            hint = (
                "Give it a free slot in search.backends.fulltext.SLOT_OF_LANGUAGE (never "
                "one another language had), then run `manage.py rebuild_search_index`."
            )
        else:
            hint = f"The index has room for {room} languages, all of them taken."
        errors.append(
            checks.Error(
                f'The language "{code}" of settings.LANGUAGES has no slot in the search '
                "index's text row ids, so its texts cannot be indexed.",
                hint=hint,
                id="search.E001",
            )
        )
    return errors
