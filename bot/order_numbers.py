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
The letter A typed on a Georgian, Armenian or Amharic keyboard ("ა1000001", "ա1000001",
"ኤ1000001") is A.
Customers who dictate to their phone send the number read out: "one zero two three four five
six seven", "A 100 0001" (:func:`spoken_order_numbers_in`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from bot.corrections import CORRECTION
from bot.message_words import words_in

_DASHES = r"\-\u2010-\u2015\u058a"
"""'-', the Unicode hyphens and dashes phones type (U+2010-U+2015) and the Armenian hyphen."""
_GLUED = rf"[\w{_DASHES}]"
"""A character that makes a neighbouring number part of a longer word ("AB12345", "x-12345")."""
_SUFFIX_LETTERS = r"\u10d0-\u10ff\u1c90-\u1cbf\u0531-\u0556\u0561-\u0587"
"""Georgian (Mkhedruli, Mtavruli) and Armenian letters: the case endings written after a hyphen."""

_A_ON_OTHER_KEYBOARDS = r"\u10d0\u1c90\u0531\u0561\u12a0\u12a4"
"""The key A on a Georgian, Armenian or Amharic keyboard: ა (and Mtavruli Ა), Ա/ա, አ/ኤ.
Customers who write in those scripts type "ա1000001" or "ኤ1000001" for A1000001."""

_LATIN_ENDINGS = r"ze|s|is|shi|tan|ma|it|ad|dan|mde|stvis|istvis|i|y|n|ov|um|ic"
"""Georgian and Armenian case endings as typed in Latin letters ("A1000007-ze", on
A1000007; "A1000002-is", of; "A1000003-n", the), after a hyphen only: glued on, a Latin
letter makes another word ("A1000007ze")."""

ORDER_NUMBER_PATTERN = (
    rf"(?<!{_GLUED})(?:#\s?)?(?:[A-Za-z{_A_ON_OTHER_KEYBOARDS}][{_DASHES}]?)?\d(?:[{_DASHES}]?\d){{4,9}}"
    rf"(?=[{_DASHES}]?[{_SUFFIX_LETTERS}]+(?!{_GLUED})|[{_DASHES}](?:{_LATIN_ENDINGS})(?!{_GLUED})"
    rf"|(?!{_GLUED}))"
)
"""An order number inside a sentence: an optional ``#``, an optional letter, 5 to 10 digits
with single dashes allowed between them, not glued to other letters, digits or dashes, except
for a Georgian or Armenian case ending, after a hyphen or not ("A1000003-ის", "A1000003ը":
most customers leave the hyphen out), or one typed in Latin letters after a hyphen
("A1000007-ze"), which the match leaves out. Digits of
any script count (``\\d``); the normalisation makes them ASCII. Written with ``[A-Za-z]``
so that it needs no case-insensitive flag (Rasa's RegexFeaturizer is case sensitive by
default)."""

_ORDER_NUMBER = re.compile(ORDER_NUMBER_PATTERN)
_CANONICAL = re.compile(r"[A-Z]?[0-9]{5,10}")
_SEPARATORS = re.compile(rf"[#\s{_DASHES}]")
_AS_A = str.maketrans(dict.fromkeys("\u10d0\u1c90\u0531\u0561\u12a0\u12a4", "A"))


class FoundOrderNumber(NamedTuple):
    """An order number in a text: where it stands as typed, and its canonical spelling."""

    start: int
    end: int
    number: str


def normalise_order_number(value: object) -> str | None:
    """``"#a-123 456"`` -> ``"A123456"``; ``None`` unless the result is an order number.

    For a value that should be nothing but an order number (a slot, an entity's value, a
    whole reply to "what is your order number?"): '#', dashes and spaces anywhere are
    dropped, digits of any script become ASCII digits and the letter is upper-cased; a
    number read out digit by digit is read (:func:`spoken_order_numbers_in`).
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    candidate = _SEPARATORS.sub("", str(value)).translate(_AS_A).upper()
    if not candidate.isascii():
        candidate = "".join(_ascii_digit(char) for char in candidate)
    if _CANONICAL.fullmatch(candidate):
        return candidate
    if isinstance(value, str):  # read out: "one zero two three four five six seven"
        spoken = spoken_order_numbers_in(value.strip())
        if len(spoken) == 1 and (spoken[0].start, spoken[0].end) == (0, len(value.strip())):
            return spoken[0].number
    return None


_AMHARIC_AFFIXED = re.compile(
    rf"(?<![\w{_DASHES}])([\u1200-\u137f])?([A-Za-z{_A_ON_OTHER_KEYBOARDS}]\d{{5,10}})"
    r"([\u1200-\u137f]{1,4})?(?!\w)"
)
"""A lettered order number with Amharic's prefix or suffix written onto it ("የA1000003",
of A1000003; "A1000001ን", A1000001 as the object): standard Amharic, and the number was not
seen. Only lettered numbers: a bare run of digits glued to Ethiopic is as often an amount
("በ10000")."""


def _without_amharic_affixes(text: str) -> str:
    """``text`` with the Amharic affixes of lettered order numbers blanked out, the same
    length, so what is found keeps its place in the message."""

    def blank(match: re.Match[str]) -> str:
        prefix, number, suffix = match.group(1) or "", match.group(2), match.group(3) or ""
        return " " * len(prefix) + number + " " * len(suffix)

    return _AMHARIC_AFFIXED.sub(blank, text)


def order_numbers_in(text: str) -> list[FoundOrderNumber]:
    """Every order number inside ``text``, in order (the NLU's ``order_number`` entities):
    typed ones, and spoken ones (:func:`spoken_order_numbers_in`) where those cover them."""
    spoken = spoken_order_numbers_in(text)
    found = list(spoken)
    plain = _without_amharic_affixes(text)
    for match in _ORDER_NUMBER.finditer(plain):
        number = normalise_order_number(match.group(0))
        inside = any(s.start <= match.start() and match.end() <= s.end for s in spoken)
        if _AMOUNT_AFTER.match(plain, match.end()) or _AMOUNT_BEFORE.search(plain[: match.start()]):
            continue  # "45000 դրամ": an amount paid, not an order (round 19: looked up)
        if number is not None and not inside:  # a number, always, by the pattern
            found.append(FoundOrderNumber(match.start(), match.end(), number))
    return sorted(found)


_AMOUNT_AFTER = re.compile(
    r"\s*(?:(?:drams?|amd|lari|gel|birr|etb|usd|dollars?|eur|euros?)(?![a-z])|դրամ|ლარ|ብር|[֏₾$€])",
    re.IGNORECASE,
)
_AMOUNT_BEFORE = re.compile(r"(?:[$€₾֏]|\b(?:usd|eur|gel|amd|etb))\s*$", re.IGNORECASE)
"""A currency after a number or before it: an amount ("45000 դրամ", "$12000"), which the
order number pattern also matches."""


_DIGIT_WORDS = {
    **dict.fromkeys(("zero", "nought", "naught"), "0"),
    **{word: str(digit) for digit, word in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"), start=1)},
    **{word: str(digit) for digit, word in enumerate(
        ("ნული", "ერთი", "ორი", "სამი", "ოთხი", "ხუთი", "ექვსი", "შვიდი", "რვა", "ცხრა"))},
    **{word: str(digit) for digit, word in enumerate(
        ("զրո", "մեկ", "երկու", "երեք", "չորս", "հինգ", "վեց", "յոթ", "ութ", "ինը"))},
    **{word: str(digit) for digit, word in enumerate(
        ("ዜሮ", "አንድ", "ሁለት", "ሶስት", "አራት", "አምስት", "ስድስት", "ሰባት", "ስምንት", "ዘጠኝ"))},
    "ሦስት": "3",
}  # fmt: skip
"""Digits said as words, as a phone's voice typing writes a number read out digit by digit:
English, Georgian, Armenian and Amharic (both spellings of Amharic "three")."""
_ZERO_AFTER_A_DIGIT = frozenset({"oh", "o"})
"""English "oh" for zero, inside a number only ("one oh four"): first, it is a word."""
_REPEATS = {"double": 2, "triple": 3}
"""British "double seven" (77), "triple zero" (000)."""
_WORD = re.compile(r"[^\s,;]+")
_TRAILING = ".!?:)\"'»"


def spoken_order_numbers_in(text: str) -> list[FoundOrderNumber]:
    """Order numbers read out digit by digit: "order one zero two three four five six seven",
    "A one double zero three five", "1 0 2 3 4 5 6 7", "A 100 0001".

    Why: voice typing writes what it hears, and a customer who reads their order number out
    to the phone gets digit words or spaced digits, which the typed pattern does not match,
    so the number was asked for again and again. A run of 5 to 10 digits read out
    (:func:`spoken_digits_in`) is a number, with the letter before it; a longer run (a phone
    number read out) is none.
    """
    return [
        FoundOrderNumber(run.start, run.end, run.letter + run.digits)
        for run in spoken_digits_in(text)
        if 5 <= len(run.digits) <= 10
    ]


class SpokenDigits(NamedTuple):
    """A run of digits read out in a text: where it stands, the letter said before it (an
    order number's, or ""), and its digits."""

    start: int
    end: int
    letter: str
    digits: str


def spoken_digits_in(text: str) -> list[SpokenDigits]:
    """Every run of digits read out in ``text``: digit words (:data:`_DIGIT_WORDS`,
    "double"/"triple" before one, "oh" inside) and single digits, with the single letter
    said before it. Groups of several digits ("A 100 0001") count only after a capital
    letter, or a small one before a group of three digits or more ("a 1000 003"): without
    one, "25 000" is an amount, and "a 25 000" one too. What a
    run is (an order number, a phone number) is for its reader to say by its length."""
    words = [
        (m.start(), m.start() + len(m.group(0).rstrip(_TRAILING)), m.group(0).rstrip(_TRAILING))
        for m in _WORD.finditer(text)
    ]
    found: list[SpokenDigits] = []
    i = 0
    while i < len(words):
        letter = ""
        first = i
        word = words[i][2]
        glued = _LETTER_ON_A_GROUP.fullmatch(word)  # "A1000 005": the letter on the first group
        if glued is not None:
            more, end, after = _digit_run(words, i + 1, capital=True)
            if more:
                found.append(SpokenDigits(words[i][0], end, glued[1].upper(), glued[2] + more))
                i = after
                continue
        if len(word) == 1 and word.isascii() and word.isalpha() and word not in "Ii":
            letter, i = word.upper(), i + 1
        grouped = bool(letter) and (word.isupper() or _opens_a_group(words, i))
        digits, end, i = _digit_run(words, i, capital=grouped)
        if digits:
            found.append(SpokenDigits(words[first][0], end, letter, digits))
        else:
            i = first + 1
    return found


_LETTER_ON_A_GROUP = re.compile(r"([A-Za-z])([0-9]{3,6})")
"""A letter typed on a first group of digits ("A1000 005"); a whole number has more."""
_MIN_FIRST_GROUP = 3
"""Digits a first group needs after a small letter ("a 1000 003"): "a 25 000" is an amount."""


def _opens_a_group(words: list[tuple[int, int, str]], i: int) -> bool:
    """Whether ``words[i]`` is a group of digits long enough to open an order number after
    a small letter, with another group after it (round 15: "a 1000 003 patvers ur a?",
    "ትዕዛዜ a 1000 005 የት ደረሰ?" were refused, and the Armenian customer was answered in
    English)."""

    def digits(at: int) -> bool:
        return at < len(words) and words[at][2].isascii() and words[at][2].isdigit()

    # and a second group after it: "I have a 12345 question" is the article and a number
    return digits(i) and len(words[i][2]) >= _MIN_FIRST_GROUP and digits(i + 1)


def _digit_run(words: list[tuple[int, int, str]], i: int, *, capital: bool) -> tuple[str, int, int]:
    """The digits said from ``words[i]`` on, where they end in the text, and the index of the
    word after them. A group of several digits counts after a ``capital`` letter only."""
    digits, end = "", 0
    while i < len(words):
        word = words[i][2].lower()
        repeat = _REPEATS.get(word, 1)
        if repeat > 1 and i + 1 < len(words):
            i, word = i + 1, words[i + 1][2].lower()
        if word in _DIGIT_WORDS:
            digit = _DIGIT_WORDS[word]
        elif word in _ZERO_AFTER_A_DIGIT and digits:
            digit = "0"
        elif word.isascii() and word.isdigit() and (len(word) == 1 or capital):
            digit = word
        else:
            break
        digits, end, i = digits + digit * repeat, words[i][1], i + 1
    return digits, end, i


EXAMPLE_ORDER_NUMBER = "A1234567"
"""The number the bot's own texts give as an example, and the NLU reads in place of any."""
NLU_READING = f"order numbers, typed or read out, read as the one word {EXAMPLE_ORDER_NUMBER}"
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
    is #12345678", "A61239-ის"). Two different numbers are not guessed between, unless the
    message corrects one to the other (:func:`corrected_order_number`).
    """
    whole = normalise_order_number(text)
    if whole is not None or not isinstance(text, str):
        return whole
    numbers = {found.number for found in order_numbers_in(text)}
    return numbers.pop() if len(numbers) == 1 else corrected_order_number(text)


_INSTEAD = re.compile(r"(?<!\w)(?:no|not|wait|rather|კი\s+არა|არა|ոչ|այլ|ሳይሆን|አይደለም)(?!\w)")
"""Words that put one number in place of another: "not A1000001, A1000002", "A1000001, no,
A1000002", "A1000001 კი არა A1000002", «ոչ թե A1000001, այլ A1000002», "A1000001 ሳይሆን A1000002"."""


def corrected_order_number(text: object) -> str | None:
    """The order number a message corrects itself to, else ``None``.

    "where is A1000001? sorry, I meant A1000002" asks about the last number, not about two
    orders: when a word of correcting (:data:`bot.corrections.CORRECTION`, :data:`_INSTEAD`)
    stands between the first number and the last, or "not" just before the first, the last
    is the one meant.
    """
    if not isinstance(text, str):
        return None
    found = order_numbers_in(text)
    if len({number.number for number in found}) < 2:
        return None
    between = unicodedata.normalize("NFKC", text[found[0].end : found[-1].start]).lower()
    before = unicodedata.normalize("NFKC", text[: found[0].start]).lower().split()
    if CORRECTION.search(between) or _INSTEAD.search(between) or before[-1:] == ["not"]:
        return found[-1].number
    return None


_AROUND_A_NUMBER = frozenset({
    "sorry", "one", "it's", "its", "it", "is", "i", "meant", "mean", "no", "wait",
    "oops", "typo", "the", "my", "order", "number", "actually", "correct", "right", "that",
    "this", "was", "not", "nope", "ah", "oh", "ok", "sry", "soz", "and", "what", "about",
    "how", "also", "ხოლო", "და", "რაც", "შეეხება", "իսկ", "ու", "ինչ", "կասեք",
    "ბოდიში", "უკაცრავად", "შემეშალა", "ვიგულისხმე", "არა", "კი", "ეს", "არის", "შეკვეთა",
    "შეკვეთის", "ნომერი", "ნომერია", "სწორი", "bodishi", "ukacravad", "shemeshala", "ara",
    "ვგულისხმობდი", "მოგწერეთ", "დავწერე", "vgulisxmobdi",  # I meant, I wrote (round 10)
    "ეგ", "eg", "դա", "այդ", "ያ", "ያኛው",  # that: "არა, ეგ არა, A1000007 ვიგულისხმე" (round 23)
    "ներողություն", "կներեք", "սխալվեցի", "է", "ն", "ը", "պատվեր", "պատվերը",
    "պատվերի", "համարը", "համար", "ոչ", "չէ", "նկատի", "ունեի", "ճիշտ", "che", "voch",
    "ይቅርታ", "ማለቴ", "ነው", "ትዕዛዝ", "ትዕዛዜ", "ቁጥር", "ቁጥሩ", "ተሳስቼ", "አይ", "ትክክለኛው",
    "ለ", "የ", "ን", "ስ", "ም",  # Amharic affixes written onto the number ("ለA1000002 ነው")
})  # fmt: skip
"""Words that only say which order is meant, in the four languages: "sorry, it's A1000004",
"no wait, I meant A1000002", "ბოდიში, A1000002", «ներողություն, A1000003-ն է»,
"ይቅርታ A1000004 ነው"."""
_TAKEN_BACK = re.compile(r"(?i)\bnot\s+(?:#\s?)?[A-Za-z]?\d{1,10}\b")
"""The number taken back in a correction ("I meant A1000003, not 4"): not another number."""
_WRONG = frozenset({"wrong", "bad", "mistake", "არასწორი", "არასწორია", "սխալ", "sxal", "ስህተት"})
"""Words that call a number wrong: around one only when the message also corrects it ("wrong
one, sorry, it's A1000004"), since "A1000004 is wrong" complains about the order."""
_CORRECTING = frozenset({
    "sorry", "sry", "soz", "meant", "mean", "oops", "typo", "one", "ბოდიში", "უკაცრავად",
    "ვიგულისხმე", "ვგულისხმობდი", "შემეშალა", "ներողություն", "կներեք", "նկատի", "ይቅርታ",
    "ማለቴ", "ተሳስቼ",
})  # fmt: skip


def _outside(text: str, found: list[FoundOrderNumber]) -> str:
    """``text`` without the order numbers ``found`` in it."""
    starts = [0] + [number.end for number in found]
    ends = [number.start for number in found] + [len(text)]
    return " ".join(text[start:end] for start, end in zip(starts, ends, strict=True))


def only_order_number(text: object) -> str | None:
    """The order number of a message that says nothing else but which order is meant
    ("A1000004", "wrong one sorry, it's A1000004", "ներողություն, A1000003-ն է"), else
    ``None``.

    Such a message asks about that order as a bare number does; under "Did that solve your
    problem?" it was read as an answer ("wrong one": a 1) and stored as a score.
    """
    whole = normalise_order_number(text)
    if whole is not None or not isinstance(text, str):
        return whole
    found = order_numbers_in(text)
    if len({number.number for number in found}) != 1:
        return None
    if any(character.isdecimal() for character in _TAKEN_BACK.sub(" ", _outside(text, found))):
        return None  # "+251 911 223344": a phone, whose last group reads as a number
    rest = _outside(text, found)
    words = words_in(rest)
    allowed = _AROUND_A_NUMBER | (_WRONG if _CORRECTING.intersection(words) else frozenset())
    return found[0].number if all(word in allowed for word in words) else None


def several_order_numbers(text: str | None) -> list[str]:
    """The different order numbers in ``text`` in the order written, when there are two or
    more of one shape ("are A1000001 and A1000002 on their way?"); else none.

    One shop's order numbers look alike (a letter or none, as many digits): "A1000001, call
    me on 5551234567" holds one order number and a phone number, and is not guessed at.
    A message that corrects one number to another asks about one (:func:`corrected_order_number`).
    """
    if corrected_order_number(text) is not None:
        return []
    found = list(dict.fromkeys(number for _, _, number in order_numbers_in(text or "")))
    shapes = {(number[0].isalpha(), sum(map(str.isdigit, number))) for number in found}
    return found if len(found) > 1 and len(shapes) == 1 else []


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
