"""Lucene's regular expressions (org.apache.lucene.util.automaton.RegExp, the syntax of a
terms aggregation's `include` and `exclude`), translated to Python's for the stand-in.

A Lucene expression matches a whole term, never part of one; `^` and `$` are plain characters,
and besides `. ? + * | ( ) [ ] { }` it reads `"`, `\\`, `#`, `@`, `&`, `~`, `<` and `>` as
operators (the reference's "Regular expression syntax", all optional operators being on in
a terms aggregation). Quoted strings, escapes and the shorthand classes are translated; the
other optional operators are refused by name, so that a term reaching an aggregation
unescaped is caught rather than matched differently than Elasticsearch would.
"""

import re

from tests.search.standin.errors import EsError

NOT_EMULATED = "#@&~<>"
PASSED_ON = set(".?+*|(){},0123456789")
SHORTHANDS = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "s": "[ \t\n\r\f\v]",
    "S": "[^ \t\n\r\f\v]",
    "w": "[a-zA-Z_0-9]",
    "W": "[^a-zA-Z_0-9]",
}


def _invalid(pattern, reason):
    error = EsError(
        400,
        "x_content_parse_exception",
        "[1:1] [terms] failed to parse field [include]",
    )
    error.details["caused_by"] = {
        "type": "illegal_argument_exception",
        "reason": f"{reason} in [{pattern}]",
    }
    return error


def _class(pattern, start):
    """The Python character class of the Lucene one starting at `start` (its "["), and
    where it ends."""
    out, position = ["["], start + 1
    if position < len(pattern) and pattern[position] == "^":
        out.append("^")
        position += 1
    while position < len(pattern) and pattern[position] != "]":
        char = pattern[position]
        if char == "\\":
            if position + 1 == len(pattern):
                raise _invalid(pattern, "expected a character after the escape")
            out.append(re.escape(pattern[position + 1]))
            position += 2
        elif char == "-":
            out.append("-")
            position += 1
        else:
            out.append(re.escape(char))
            position += 1
    if position == len(pattern):
        raise _invalid(pattern, "expected ']'")
    return "".join(out) + "]", position + 1


def compile_lucene(pattern):
    """A compiled Python expression matching the terms `pattern` matches (use fullmatch)."""
    out, position = [], 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            if position + 1 == len(pattern):
                raise _invalid(pattern, "expected a character after the escape")
            escaped = pattern[position + 1]
            out.append(SHORTHANDS.get(escaped) or re.escape(escaped))
            position += 2
        elif char == '"':
            end = pattern.find('"', position + 1)
            if end < 0:
                raise _invalid(pattern, "expected '\"'")
            out.append(f"(?:{re.escape(pattern[position + 1 : end])})")
            position = end + 1
        elif char == "[":
            translated, position = _class(pattern, position)
            out.append(translated)
        elif char in NOT_EMULATED:
            raise EsError(
                400,
                "illegal_argument_exception",
                f"the stand-in does not emulate the regular expression operator [{char}]"
                f" (in [{pattern}]): escape it if it is meant as a character",
            )
        else:
            out.append(char if char in PASSED_ON else re.escape(char))
            position += 1
    try:
        return re.compile("".join(out), re.DOTALL)
    except re.error as error:
        raise _invalid(pattern, str(error)) from None
