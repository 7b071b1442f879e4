"""Whole numbers from outside the site: query strings, form fields, headers.

`str.isdigit()` is true for "²" and other Unicode digits that `int()` refuses, while `int()`
itself takes "١٢" (Arabic-Indic digits), " 12 ", "+12" and "1_000", and refuses a string of
more than 4,300 digits with a ValueError. Every number a visitor sends goes through this one
helper instead: ASCII digits only, a bounded length, and None for anything else, so that a
caller answers 400 or falls back rather than raising.
"""

from __future__ import annotations

# 18 digits always fit a signed 64-bit integer (a database primary key, a byte offset).
MAX_DIGITS = 18


def parse_number(text: object, *, max_digits: int = MAX_DIGITS) -> int | None:
    """A whole number ≥ 0 written with the ASCII digits 0–9 only, at most `max_digits` long; else None.

    No sign, no spaces, no underscores, no other scripts' digits: the caller strips first
    if it means to accept surrounding spaces.
    """
    if not isinstance(text, str) or not 0 < len(text) <= max_digits:
        return None
    if not (text.isascii() and text.isdigit()):
        return None
    return int(text)
