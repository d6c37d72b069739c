"""The one order-number rule (bot/order_numbers.py) and its two readers, which must agree.

Rasa's ``OrderNumberExtractor`` (run here in Rasa's own virtualenv, Python 3.10) tags the
``order_number`` entity; the order form in the action server (Python 3.11) reads the entity or
the text. Both go through ``bot.order_numbers``; these tests hold them to one table, and the
regex Rasa's RegexFeaturizer reads from patterns.yml to the module's.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.actions.support import order_number_from_message
from bot.order_numbers import (
    ORDER_NUMBER_PATTERN,
    find_order_number,
    mask_order_numbers,
    mistyped_order_numbers,
    normalise_order_number,
    only_order_number,
    order_numbers_in,
    several_order_numbers,
)
from tests.bot.conftest import make_tracker, user
from tests.helpers import run_in_rasa

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "bot" / "order_numbers.py"
CANONICAL = re.compile(r"[A-Z]?[0-9]{5,10}")

# What a customer types -> the order numbers in it (the NLU's entities, in order) and the one
# number the order form takes from it (None: none, or two to choose between).
CASES: dict[str, tuple[list[str], str | None]] = {
    "where is #A12345": (["A12345"], "A12345"),
    "cancel order A-12345 please": (["A12345"], "A12345"),
    "status of 12345678?": (["12345678"], "12345678"),
    "ordedr #b-998877!!": (["B998877"], "B998877"),
    "order#C55555": (["C55555"], "C55555"),
    "my order number is # 1234567, thanks": (["1234567"], "1234567"),
    "order #A-12345-678 please": (["A12345678"], "A12345678"),
    "A–1234567 is late": (["A1234567"], "A1234567"),  # an en dash, as phones type it
    "I have a 12345 question": (["12345"], "12345"),  # "a" is a word, not a prefix
    "orders a12345 and 1234567890": (["A12345", "1234567890"], None),
    "12345 or 67890": (["12345", "67890"], None),
    "A 1234 567": (["A1234567"], "A1234567"),  # a capital letter, then groups of digits
    # Round 15: a small letter before two groups, or a letter typed on the first group
    "a 1000 003 patvers ur a?": (["A1000003"], "A1000003"),
    "ትዕዛዜ A1000 005 የት ደረሰ?": (["A1000005"], "A1000005"),
    "i paid a 25 000 dram deposit": ([], None),  # an amount: its first group is short
    "I ordered 2 items 10 days ago": ([], None),
    "a 1234 code": ([], None),
    "12345678901 is too long": ([], None),
    "AB12345 has two letters": ([], None),
    "12345A has the letter last": ([], None),
    "rate you 10/10": ([], None),
    "1234.567": ([], None),
    # The key A on a Georgian, Armenian, Amharic keyboard (found by talking to the bot).
    "ა1000001": (["A1000001"], "A1000001"),
    "Պատվերս ա1000003 է, երբ կգա": (["A1000003"], "A1000003"),
    "Ա1000001": (["A1000001"], "A1000001"),
    "ትዕዛዜ ኤ1000001 የት ነው?": (["A1000001"], "A1000001"),
    "შეკვეთა1000001": ([], None),  # glued to a word: no number
    # Amharic's prefix and suffix written onto a lettered number ("of", "to", the object);
    # a bare run of digits glued to Ethiopic is as often an amount (a shopper's finding).
    "የA1000003 ትዕዛዝ መቼ ይደርሳል?": (["A1000003"], "A1000003"),
    "A1000001ን ሰርዙልኝ": (["A1000001"], "A1000001"),
    "በ10000 ብር ገዛሁ": ([], None),
    # Georgian case endings after a hyphen: genitive, "on/about", ergative. Not part of the number.
    "#A61239-ის სტატუსი მაინტერესებს": (["A61239"], "A61239"),
    "A61239-ზე ინფორმაცია მჭირდება": (["A61239"], "A61239"),
    "A61239-მა რატომ დააგვიანა?": (["A61239"], "A61239"),
    # ... typed in Latin letters, after a hyphen only (the tenth round: asked for the number).
    "tanxis dabruneba A1000007-ze ra xdeba?": (["A1000007"], "A1000007"),
    "A1000002-is invoisi mchirdeba": (["A1000002"], "A1000002"),
    "A1000007ze": ([], None),  # glued on: another word
    # Armenian: the definite article and the genitive, also after a hyphen.
    "A61239-ը դեռ չի հասել": (["A61239"], "A61239"),
    "Ո՞րն է A61239-ի կարգավիճակը": (["A61239"], "A61239"),
    "A61239-ի": (["A61239"], "A61239"),
    # ... and without the hyphen, as most customers write them (round 7: not found).
    "A1000003ը ուր ա": (["A1000003"], "A1000003"),
    "A1000002ի առաքման ամսաթիվը": (["A1000002"], "A1000002"),
    "A61239ის სტატუსი": (["A61239"], "A61239"),
    # Only those alphabets' endings: a Latin one glues the letters to the number.
    "A61239-th": ([], None),
    "A61239-ისA": ([], None),
    # Template placeholders, as anonymised logs and other people's test sets write them: not a
    # number, so the form asks for one instead of storing "{{Order Number}}".
    "I need to cancel order {{Order Number}}": ([], None),
    "{{Order Number}}": ([], None),
    "where is <order number>, ORDER_NUMBER or #XXXXX": ([], None),
    "refund of {{Refund Amount}} for {{Order Number}}": ([], None),
    # Read out to a phone's voice typing, digit by digit (bot/order_numbers.py).
    "cancel my order number one zero two three four five six seven please": (
        ["10234567"],
        "10234567",
    ),
    "cancel order a one two three four five six seven": (["A1234567"], "A1234567"),
    "order A one double zero three five, thanks": (["A10035"], "A10035"),
    "it's one oh four four three two one.": (["1044321"], "1044321"),
    "1 0 2 3 4 5 6 7": (["10234567"], "10234567"),
    "my order is A 100 0001.": (["A1000001"], "A1000001"),
    "შეკვეთა ერთი ნული ნული ნული ნული ნული სამი": (["1000003"], "1000003"),
    "պատվեր մեկ զրո զրո զրո զրո զրո երեք": (["1000003"], "1000003"),
    "ትዕዛዝ ቁጥር አንድ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ ሦስት": (["1000003"], "1000003"),
    # One number corrected to another in the same message: the last one is meant.
    "where is A1000001? sorry, I meant A1000002": (["A1000001", "A1000002"], "A1000002"),
    "not A1000001, A1000003": (["A1000001", "A1000003"], "A1000003"),
    "A1000001 no wait A1000002": (["A1000001", "A1000002"], "A1000002"),
    "A1000001 კი არა A1000002 სად არის?": (["A1000001", "A1000002"], "A1000002"),
    "Ներողություն, ոչ թե A1000001, այլ A1000002": (["A1000001", "A1000002"], "A1000002"),
    "A1000001 ሳይሆን A1000002 ማለቴ ነው": (["A1000001", "A1000002"], "A1000002"),
    # Two orders asked about, or a choice between two: not guessed between.
    "are A1000001 and A1000002 on their way?": (["A1000001", "A1000002"], None),
    "sorry, is it A1000001 or A1000002?": (["A1000001", "A1000002"], None),
    # Not order numbers: too few digits, an amount in groups, a phone number read out (11).
    "I ordered two three weeks ago": ([], None),
    "one two three four": ([], None),
    "I paid 25 000 dram": ([], None),
    # round 19: an amount with its currency ("the amount was 45000 dram, what do I do")
    "գումարը 45000 դրամ էր, ինչ անեմ": ([], None),
    "I was charged $12000 twice": ([], None),
    "12000 ლარი გადავიხადე": ([], None),
    "call five five five one two three four five six seven eight": ([], None),
    "oh and I want double": ([], None),
}


@pytest.mark.parametrize(("text", "numbers", "one"), [(t, *v) for t, v in CASES.items()])
def test_the_rule(text: str, numbers: list[str], one: str | None) -> None:
    found = order_numbers_in(text)
    assert [f.number for f in found] == numbers
    # The span is the number as typed, without the case ending.
    assert [normalise_order_number(text[f.start : f.end]) for f in found] == numbers
    assert find_order_number(text) == one
    assert all(CANONICAL.fullmatch(number) for number in numbers)


@pytest.mark.parametrize(("text", "numbers", "one"), [(t, *v) for t, v in CASES.items()])
def test_the_order_form_reads_the_text_by_the_rule(
    text: str, numbers: list[str], one: str | None
) -> None:
    """The form's reading of a message without entities (Rasa tagged nothing)."""
    tracker = make_tracker([user(text)])
    assert order_number_from_message(tracker, text) == one


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("A1234567", "A1234567"),
        ("a1234567", "A1234567"),
        ("#12345", "12345"),
        ("#A-123-4567", "A1234567"),
        (" 1234 5678 ", "12345678"),
        ("A–1234567", "A1234567"),
        ("A61239֊", "A61239"),  # the Armenian hyphen is a dash too
        ("١٢٣٤٥٦", "123456"),  # any script's digits, as ASCII
        (1234567, "1234567"),
        ("1234", None),  # too short
        ("12345678901", None),  # too long
        ("AB12345", None),  # two letters
        ("12345A", None),  # letter at the end
        ("Ä12345", None),  # not a Latin letter A-Z
        ("1234.567", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_normalise_order_number(typed: object, expected: str | None) -> None:
    assert normalise_order_number(typed) == expected


@pytest.mark.parametrize(
    ("text", "mistyped"),
    [
        ("where is my order 4711?", ["4711"]),
        ("order #123 please", ["#123"]),
        ("A1234 has not come", ["A1234"]),
        ("A-123", ["A-123"]),
        ("#123456789012 is my number", ["#123456789012"]),
        ("4711-ის სტატუსი მაინტერესებს", ["4711"]),
        ("Ո՞րտեղ է իմ 4711 պատվերը", ["4711"]),
        ("ትዕዛዜ 4711 የት ነው?", ["4711"]),
        # A real order number is read instead; other numbers are not taken for one.
        ("order 4711 or A12345", []),
        ("where is my order?", []),
        ("my order from 2024", []),
        ("I ordered 3 items 10 days ago", []),
        ("I paid 1500 dollars", []),
        ("1500 ლარი გადავიხადე", []),
        ("$1500 for nothing", []),
        ("1500% sure", []),
        ("on 12/03/2024 at 10:30", []),
        ("my iPhone12 order", []),
        ("call 995555123456", []),
        ("2024-12-03", []),
        ("1234.5", []),
        (None, []),
    ],
)
def test_mistyped_order_numbers(text: str | None, mistyped: list[str]) -> None:
    assert mistyped_order_numbers(text) == mistyped


def test_patterns_yml_holds_the_modules_pattern() -> None:
    """Rasa's RegexFeaturizer reads patterns.yml; YAML cannot import the module, so: equal."""
    data = yaml.safe_load((ROOT / "bot/data/nlu/patterns.yml").read_text(encoding="utf-8"))
    regexes = {b["regex"]: b["examples"].strip()[2:].strip() for b in data["nlu"] if "regex" in b}
    assert regexes["order_number"] == ORDER_NUMBER_PATTERN


@pytest.mark.parametrize(
    "module",
    [
        MODULE,
        ROOT / "bot" / "corrections.py",
        ROOT / "bot" / "contacts.py",
        ROOT / "bot" / "message_words.py",
        ROOT / "bot" / "handoff_questions.py",
    ],
)
def test_the_module_needs_only_the_standard_library(module: Path) -> None:
    """Rasa's virtualenv and ours both import it: nothing outside the standard library
    and the ``bot`` modules it imports (which are checked here too)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = {
        name
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    }
    outside = {name for name in imported if name.split(".")[0] not in sys.stdlib_module_names}
    assert outside <= {"__future__", "bot.corrections", "bot.message_words", "bot.order_numbers"}


# --- the Rasa side: the entity extractor, in Rasa's virtualenv --------------------------------

EXTRACT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from bot.components.order_number_extractor import OrderNumberExtractor
extractor = OrderNumberExtractor(OrderNumberExtractor.get_default_config())
messages = [Message(data={"text": text}) for text in json.loads(sys.argv[1])]
extractor.process(messages)
print(json.dumps([m.get("entities", []) for m in messages], ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def rasa_entities() -> dict[str, list[dict[str, Any]]]:
    """The entities Rasa's pipeline component finds in each text of the table."""
    return dict(zip(CASES, run_in_rasa(EXTRACT, list(CASES)), strict=True))


@pytest.mark.slow
@pytest.mark.parametrize(("text", "numbers", "one"), [(t, *v) for t, v in CASES.items()])
def test_rasa_tags_the_same_numbers_and_the_form_takes_the_same_one(
    rasa_entities: dict[str, list[dict[str, Any]]], text: str, numbers: list[str], one: str | None
) -> None:
    entities = rasa_entities[text]
    assert [e["value"] for e in entities] == numbers
    assert all(e["entity"] == "order_number" for e in entities)
    assert [(e["start"], e["end"]) for e in entities] == [
        (f.start, f.end) for f in order_numbers_in(text)
    ]
    # What the action server receives from Rasa: the message with these entities.
    tracker = make_tracker([user(text, "track_order", entities=entities)])
    assert order_number_from_message(tracker, text) == one


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("I want to return my order A1000002", "I want to return my order A1234567"),
        ("where is my order #88120455?", "where is my order A1234567?"),
        ("A61239-ის სტატუსი", "A1234567-ის სტატუსი"),
        ("A1000003 and A1000004", "A1234567 and A1234567"),
        ("I paid 1500 dollars on 12/03", "I paid 1500 dollars on 12/03"),  # no order number
        ("cancel {{Order Number}} now", "cancel {{Order Number}} now"),
    ],
)
def test_the_nlu_reads_every_order_number_as_the_example_one(text: str, masked: str) -> None:
    assert mask_order_numbers(text) == masked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A1000004", "A1000004"),
        ("wrong one sorry, it's A1000004", "A1000004"),
        ("no wait wrong order, I meant A1000010", "A1000010"),
        ("sorry typo its A1000004", "A1000004"),
        ("ბოდიში, A1000002", "A1000002"),
        ("ბოდიში, არასწორი ნომერი მოგწერეთ, A1000010 ვგულისხმობდი", "A1000010"),  # round 10
        ("არა, ეგ არა, A1000007 ვიგულისხმე", "A1000007"),  # no, not that one (round 23)
        ("չէ, դա չէ, A1000007-ն նկատի ունեի", "A1000007"),
        ("ներողություն, A1000003-ն է", "A1000003"),
        ("ይቅርታ A1000004 ነው", "A1000004"),
        ("ለA1000002 ነው", "A1000002"),
        # A request or a complaint about the order is the NLU's to read.
        ("where is A1000001", None),
        ("cancel A1000001", None),
        ("A1000004 is wrong", None),
        ("the order A1000004 is bad", None),
        ("A1000001 and A1000002", None),
        ("+251 911 223344", None),  # a phone whose last group reads as an order number
        ("Sorry, I meant A1000003, not 4.", "A1000003"),  # "not 4" was stored as CSAT 4
        ("oops sorry I meant A1000010 not 2", "A1000010"),
        (None, None),
    ],
)
def test_only_order_number(text: str | None, expected: str | None) -> None:
    """A number with words that only say it is the one meant: asked about as a bare one
    ("wrong one sorry, it's A1000004" under the CSAT question was stored as a 1)."""
    assert only_order_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A1000001 and A1000002", ["A1000001", "A1000002"]),
        ("orders #1234567, #7654321 and #1111111", ["1234567", "7654321", "1111111"]),
        ("A1000001", []),
        ("A1000001 or was it A1000001", []),
        ("A1000001, sorry, I meant A1000002", []),  # one order, corrected
        # An order number and a phone number are of different shapes.
        ("A1000001, call me on 5551234567", []),
        (None, []),
    ],
)
def test_several_order_numbers_of_one_shape(text: str | None, expected: list[str]) -> None:
    assert several_order_numbers(text) == expected
