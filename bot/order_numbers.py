"""Order numbers as customers type them: the one pattern and the one normalisation.

Two processes read order numbers: Rasa's NLU pipeline (``bot.components.order_number_extractor``
tags the ``order_number`` entity, in ``.venv-rasa`` on Python 3.10) and the action server
(``bot.actions.support`` validates the order form, in ``.venv`` on Python 3.11). They must agree
on what an order number is, so both import this module, which therefore uses the standard
library only and runs on both Pythons. ``bot/data/nlu/patterns.yml`` repeats
:data:`ORDER_NUMBER_PATTERN` for Rasa's RegexFeaturizer (YAML cannot import it);
tests/bot/test_order_numbers.py checks that the two are equal.

An order number is an optional letter and 5 to 10 digits; its canonical spelling is
``^[A-Z]?[0-9]{5,10}$`` ("A12345"), what the order backends are asked for. People type
"#a-12345", "A–123-4567", "# 12345678" or, in Georgian and Armenian, with a case ending
after a hyphen ("A61239-ის", "A61239-ზე", "A61239-ը"): the ending is not part of the number.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_DASHES = r"\-\u2010-\u2015\u058a"
"""'-', the Unicode hyphens and dashes phones type (U+2010-U+2015) and the Armenian hyphen."""
_GLUED = rf"[\w{_DASHES}]"
"""A character that makes a neighbouring number part of a longer word ("AB12345", "x-12345")."""
_SUFFIX_LETTERS = r"\u10d0-\u10ff\u1c90-\u1cbf\u0531-\u0556\u0561-\u0587"
"""Georgian (Mkhedruli, Mtavruli) and Armenian letters: the case endings written after a hyphen."""

ORDER_NUMBER_PATTERN = (
    rf"(?<!{_GLUED})(?:#\s?)?(?:[A-Za-z][{_DASHES}]?)?\d(?:[{_DASHES}]?\d){{4,9}}"
    rf"(?=[{_DASHES}][{_SUFFIX_LETTERS}]+(?!{_GLUED})|(?!{_GLUED}))"
)
"""An order number inside a sentence: an optional ``#``, an optional letter, 5 to 10 digits
with single dashes allowed between them, not glued to other letters, digits or dashes, except
for a Georgian or Armenian case ending after a hyphen, which the match leaves out. Digits of
any script count (``\\d``); the normalisation makes them ASCII. Written with ``[A-Za-z]``
so that it needs no case-insensitive flag (Rasa's RegexFeaturizer is case sensitive by
default)."""

_ORDER_NUMBER = re.compile(ORDER_NUMBER_PATTERN)
_CANONICAL = re.compile(r"[A-Z]?[0-9]{5,10}")
_SEPARATORS = re.compile(rf"[#\s{_DASHES}]")


class FoundOrderNumber(NamedTuple):
    """An order number in a text: where it stands as typed, and its canonical spelling."""

    start: int
    end: int
    number: str


def normalise_order_number(value: object) -> str | None:
    """``"#a-123 456"`` -> ``"A123456"``; ``None`` unless the result is an order number.

    For a value that should be nothing but an order number (a slot, an entity's value, a
    whole reply to "what is your order number?"): '#', dashes and spaces anywhere are
    dropped, digits of any script become ASCII digits and the letter is upper-cased.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    candidate = _SEPARATORS.sub("", str(value)).upper()
    if not candidate.isascii():
        candidate = "".join(_ascii_digit(char) for char in candidate)
    return candidate if _CANONICAL.fullmatch(candidate) else None


def order_numbers_in(text: str) -> list[FoundOrderNumber]:
    """Every order number inside ``text``, in order (the NLU's ``order_number`` entities)."""
    found = []
    for match in _ORDER_NUMBER.finditer(text):
        number = normalise_order_number(match.group(0))
        if number is not None:  # always, by the pattern's construction
            found.append(FoundOrderNumber(match.start(), match.end(), number))
    return found


EXAMPLE_ORDER_NUMBER = "A1234567"
"""The number the bot's own texts give as an example, and the NLU reads in place of any."""
NLU_READING = f"order numbers read as {EXAMPLE_ORDER_NUMBER}"
"""How the NLU's components read order numbers: in their fingerprints, so a cache of another
reading is not reused."""


def mask_order_numbers(text: str) -> str:
    """``text`` with every order number in it written as :data:`EXAMPLE_ORDER_NUMBER`.

    What the intent classifier reads (the sentence encoder's text, the word features): which
    number a customer typed says nothing about what they want, but its digits moved the
    classifier ("I want to return my order A1234567" was a refund request, with A1000002 it
    was not understood). The entity is read from the real text.
    """
    found = order_numbers_in(text)
    if not found:
        return text
    parts, last = [], 0
    for number in found:
        parts += [text[last : number.start], EXAMPLE_ORDER_NUMBER]
        last = number.end
    parts.append(text[last:])
    return "".join(parts)


def find_order_number(text: object) -> str | None:
    """The one order number in what the customer typed, else ``None``.

    The whole message first ("A-1234 5678"), then the numbers inside a sentence ("my order
    is #12345678", "A61239-ის"). Two different numbers are not guessed between.
    """
    whole = normalise_order_number(text)
    if whole is not None or not isinstance(text, str):
        return whole
    numbers = {found.number for found in order_numbers_in(text)}
    return numbers.pop() if len(numbers) == 1 else None


_CURRENCY_WORDS = r"dollars?|usd|euros?|eur|gel|lari|amd|dram|birr|etb|ლარ|დოლარ|դրամ|դոլար|ብር|ዶላር"
"""Words after an amount ("1500 dollars", "1500 ლარი"): such a number is no order number."""
_NEAR_MISS = re.compile(
    rf"(?<![\w{_DASHES}$€£₾֏.,/:])"
    rf"(?:(?:#\s?|[A-Za-z][{_DASHES}]?)(?:\d{{3,4}}|\d{{11,15}})|\d{{4}})"
    rf"(?=[{_DASHES}][{_SUFFIX_LETTERS}]+(?!{_GLUED})|(?![\w{_DASHES}%$€£₾֏]|[.,/:]\d))"
    rf"(?!\s?(?i:{_CURRENCY_WORDS}))"
)
_YEAR = re.compile(r"(?:19|20)\d\d")


def mistyped_order_numbers(text: object) -> list[str]:
    """Numbers in ``text`` that were meant as an order number but cannot be one, as typed.

    "where is my order 4711?" names a number too short to be an order number: the form
    says so rather than asking as if none was given. Counted: a number marked as one ("#123",
    "A1234", "#123456789012", with a Georgian or Armenian case ending or not) with 3-4 or
    11-15 digits, and four plain digits that are not a year (1900-2099). Not counted: other
    plain numbers ("3 items", "250", a phone number), numbers inside a date, a time, an
    amount or a word ("12/03", "10:30", "$1500", "1500 dollars", "1500%", "iPhone12").
    Empty for a message that holds a real order number (:func:`find_order_number` reads it).
    """
    if not isinstance(text, str) or find_order_number(text) is not None:
        return []
    return [
        match.group(0) for match in _NEAR_MISS.finditer(text) if not _YEAR.fullmatch(match.group(0))
    ]


def _ascii_digit(char: str) -> str:
    """``"٣"`` -> ``"3"``: any script's decimal digit as ASCII; other characters unchanged."""
    digit = unicodedata.decimal(char, None)
    return str(digit) if digit is not None else char
