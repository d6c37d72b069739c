"""Georgian typed in Latin letters: told apart from English, Armenian and Amharic, and read in
Georgian letters (bot/latin_georgian.py; plain Python, fast).

What the reader knows is learned from our training examples, as the pipeline learns it, and
judged on the held-out files (written apart from them): the messages it reads as Georgian
have their tokens rewritten, so an English message taken for Georgian would be misread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.latin_georgian import LatinGeorgian, readings
from bot.latin_words import is_latin
from tests.nlu.test_nlu_data import NLU_DIR, _examples

HELDOUT_DIR = Path(__file__).parent


def training_texts() -> list[str]:
    """Every example of bot/data/nlu, as the pipeline learns from them."""
    return [
        text
        for path in sorted(NLU_DIR.glob("*.yml"))
        for examples in _examples(path).values()
        for text in examples
    ]


@pytest.fixture(scope="module")
def learned() -> LatinGeorgian:
    """What the pipeline learns from all of bot/data/nlu."""
    return LatinGeorgian.learn(training_texts())


def _latin_heldout(language: str) -> list[str]:
    """The Latin-letter messages of one language's held-out files."""
    paths = sorted(HELDOUT_DIR.glob(f"{language}_*.yml"))
    paths = [path for path in paths if path.stem != "en_contract"]
    return [
        text
        for path in paths
        for examples in _examples(path).values()
        for text in examples
        if is_latin(text)
    ]


def held_out_reading(
    language: str, reads: Callable[[str], bool]
) -> tuple[list[str], int, dict[str, list[str]]]:
    """``language``'s held-out Latin-letter messages, how many of them ``reads`` takes, and
    the other languages' held-out Latin-letter messages it takes too."""
    own = _latin_heldout(language)
    taken = {
        other: [text for text in _latin_heldout(other) if reads(text)]
        for other in ("en", "ka", "hy", "am")
        if other != language
    }
    return own, sum(map(reads, own)), taken


def test_a_latin_word_is_read_the_usual_way_first() -> None:
    assert next(readings("shekveta")) == "შეკვეთა"
    assert next(readings("Gamarjoba")) == "გამარჯობა"
    assert next(readings("gadaxda")) == "გადახდა"
    # One Latin letter for two Georgian ones: the other reading comes later.
    assert "ტელეფონი" in readings("telefoni")
    # A two-letter spelling can also be two letters ("robot-s", not "რობოც").
    assert "რობოტს" in readings("robots")
    assert next(readings("t'elefoni")) == next(readings("telefoni"))


def test_learns_georgian_words_and_the_other_latin_words() -> None:
    known = LatinGeorgian.learn(
        [
            "სად არის ჩემი შეკვეთა",
            "ტელეფონით გადავიხდი",
            "sad aris chemi shekveta",
            "where is my refund",
            "barev, vortegh e patvers",
        ]
    )
    assert "შეკვეთა" in known.georgian_words
    assert "ტელეფონით" in known.georgian_words
    assert {"where", "refund", "barev", "patvers"} <= known.latin_words
    # Georgian in Latin letters is not one of the other languages' words.
    assert "shekveta" not in known.latin_words
    assert known.georgian_word("telefonit") == "ტელეფონით"
    assert known.georgian_word("where") is None


@pytest.mark.parametrize(
    ("text", "georgian"),
    [
        ("sad aris chemi shekveta", True),
        ("shekveta jer ar momsvlia", True),
        ("paroli damavicyda, ra vqna?", True),
        ("gadaxda ar gavida", True),
        ("refund jer ar shemovida?", True),
        # English, also the short words Georgian shares ("is", "me", "ara").
        ("where is my order", False),
        ("is it ok", False),
        ("give me a refund", False),
        ("ok cool", False),
        # Armenian and Amharic in Latin letters.
        ("barev, mer patvern ushanum e", False),
        ("selam, tezaze yet new", False),
        # Georgian letters need no reading; an order number alone is no language.
        ("სად არის ჩემი შეკვეთა", False),
        ("A1234567", False),
    ],
)
def test_tells_georgian_in_latin_letters(learned: LatinGeorgian, text: str, georgian: bool) -> None:
    assert learned.reads(text) is georgian


def test_reads_a_georgian_messages_words_in_georgian_letters(learned: LatinGeorgian) -> None:
    read = [learned.in_letters(word) for word in "sad aris chemi shekveta".split()]
    assert read == ["სად", "არის", "ჩემი", "შეკვეთა"]
    # A shop word the English examples have stays as typed; an order number is left alone.
    assert learned.in_letters("refund") == "refund"
    assert learned.in_letters("A1234567") == "A1234567"
    # An ending the examples lack is read the usual way, so it shares letters with them.
    assert learned.in_letters("shekvetebisatvis") == "შეკვეთებისათვის"
    assert learned.in_letters("apple-s") == "apple-ს"


def test_held_out_georgian_in_latin_letters_is_found_and_no_other_language(
    learned: LatinGeorgian,
) -> None:
    georgian, found, taken = held_out_reading("ka", learned.reads)
    assert len(georgian) >= 200
    assert found >= 0.9 * len(georgian)
    for language, texts in taken.items():
        assert len(_latin_heldout(language)) >= 200
        assert len(texts) <= 0.01 * len(_latin_heldout(language)), texts
