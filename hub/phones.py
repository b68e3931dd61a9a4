"""Phone numbers as readers dial them: international form on the page, E.164 in `tel:` links.

Short service numbers (999, 112, 116 000) are dialled as they are, wherever the reader is;
anything longer is read in the country it belongs to (its `region`, an ISO country code) and
written internationally, so that a number stays right when the page is read abroad.
"""

import unicodedata

import phonenumbers

SHORT = 6  # digits: emergency and service numbers are dialled as written


def _parsed(number, region=None):
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) <= SHORT and not number.strip().startswith("+"):
        return None
    region = str(getattr(region, "code", region) or "").upper() or None  # a code or a Country
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def is_valid(number, region=None):
    """Whether `number` can be dialled: a short service number or a possible full number."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if not digits or any(not (ch.isdigit() or ch in " +-().") for ch in number):
        return False
    return len(digits) <= SHORT and "+" not in number or _parsed(number, region) is not None


def visible(number):
    """`number` without invisible format characters (Unicode's Cf: direction overrides and
    isolates, zero-width spaces), which would make it read as another number."""
    return "".join(ch for ch in number if unicodedata.category(ch) != "Cf")


def display(number, region=None):
    """`number` as shown: "+44 20 7877 5027" for a full number, "999" for a short one; never
    with an invisible character (see visible)."""
    number = visible(number)
    parsed = _parsed(number, region)
    if parsed is None:
        return number.strip()
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tel_uri(number, region=None):
    """The `tel:` address of `number`, without spaces: "tel:+442078775027", "tel:999"."""
    parsed = _parsed(number, region)
    if parsed is None:
        return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
