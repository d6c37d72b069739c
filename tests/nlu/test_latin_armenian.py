"""Armenian typed in Latin letters: told apart from English, Georgian and Amharic, and read in
Armenian letters (bot/latin_armenian.py, with the other languages in bot/latin_letters.py;
plain Python, fast).

As for Georgian and Amharic (test_latin_georgian.py, test_latin_amharic.py), what the reader
knows is learned from our training examples and judged on the held-out files.
"""

from __future__ import annotations

import pytest

from bot.latin_armenian import LatinArmenian, armenian_key, latin_keys
from bot.latin_letters import LatinLetters
from tests.nlu.test_latin_georgian import _latin_heldout, held_out_reading, training_texts


@pytest.fixture(scope="module")
def learned() -> LatinLetters:
    """What the pipeline learns from all of bot/data/nlu."""
    return LatinLetters.learn(training_texts())


def test_both_spellings_meet_in_one_key() -> None:
    assert armenian_key("պատվերս") == "patvers"
    # The letters chat writes alike are one: խ and ղ "x", ք "k", ց and չ "c".
    assert armenian_key("խնդրում") == latin_keys("xndrum")[0] == latin_keys("khndrum")[0]
    assert armenian_key("հաջող") == latin_keys("hajogh")[0] == latin_keys("hajox")[0]
    assert armenian_key("քանի") == latin_keys("qani")[0] == latin_keys("kani")[0]
    # An initial ո is typed "vo", an initial ե "ye"; a stretched word is the word.
    assert armenian_key("որտեղ") == latin_keys("vortegh")[0]
    assert armenian_key("երբ") == latin_keys("yerb")[0]
    assert armenian_key("շատ") == latin_keys("shaaat")[0]
    # A last ը is "y" or "@" (or a last յ: "hey" հեյ); "w" is շ or վ.
    assert latin_keys("patvery") == ["patver@", "patver"]
    assert latin_keys("patver@") == [armenian_key("պատվերը")]
    assert armenian_key("հեյ") in latin_keys("hey")
    assert armenian_key("բարև") in latin_keys("barew")
    assert armenian_key("hello") is None
    assert latin_keys("A1000003") == []


def test_learns_armenian_words_most_frequent_first() -> None:
    # As Amharic's reader (bot/latin_words.py learned_words), the English sentences' words
    # are the other words.
    known = LatinArmenian.learn(["պատվերը որտեղ է", "պատվեր", "պատվեր"] + ["where is my order"] * 3)
    # A last "y" says ը: "patvery" is պատվերը, "patver" պատվեր.
    assert known.armenian_word("patver") == "պատվեր"
    assert known.armenian_word("patvery") == "պատվերը"
    assert known.armenian_word("vortegh") == "որտեղ"
    assert known.armenian_word("where") is None
    assert "order" in known.other_words


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("patvers erb kberen", "hy"),
        ("barev, mer patvern ushanum e", "hy"),
        ("gumars het tveq", "hy"),
        # Another language's word with an Armenian ending is written in Armenian.
        ("invoice-@ uxarkeq email-ov", "hy"),
        ("jnjeq im account@", "hy"),
        # "operatori" is Georgian's and Armenian's (օպերատորի): the other words decide.
        ("operatori het xosel", "hy"),
        ("operatori minda", "ka"),
        ("sad aris chemi shekveta", "ka"),
        # Georgian chat's endings ("-is", "-s") are not Armenian's, nor is English's "check-in".
        ("chemi order-is statusi", "ka"),
        ("visa-s igebt?", "ka"),
        ("can I do the check-in online", None),
        ("mail me at ann@", None),
        ("tezaze yet new?", "am"),
        # English, with words Armenian shares ("es" ես, "a" ա), stretched, and short replies.
        ("yes it is a good shop", None),
        ("thank youuu", None),
        ("heyyy", None),
        ("ok", None),
        ("պատվերս երբ կբերեն", None),
    ],
)
def test_tells_armenian_from_the_other_languages(
    learned: LatinLetters, text: str, language: str | None
) -> None:
    assert learned.language(text) == language


def test_reads_an_armenian_messages_words_in_armenian_letters(learned: LatinLetters) -> None:
    assert learned.text("hy", "patvers erb kberen?") == "պատվերս երբ կբերեն?"
    assert learned.text("hy", "shat shnorhakal em") == "շատ շնորհակալ եմ"
    # "@" for a last ը goes with its word; a word no example has, and digits, stay as typed.
    assert learned.token("hy", "patver@") == "պատվերը"
    assert learned.token("hy", "qwrtp") == "qwrtp"
    assert learned.token("hy", "A1000003") == "A1000003"
    # Endings on another language's words as the Armenian-letter examples write them
    # ("order-ը", "PayPal-ով").
    assert learned.text("hy", "invoice-@ uxarkeq email-ov") == "invoice-ը ուղարկեք email-ով"
    assert learned.text("hy", "jnjeq im account@") == "ջնջեք իմ account-ը"
    assert learned.token("hy", "Support-i") == "support-ի"
    assert learned.token("hy", "A1000003-@") == "A1000003-@"


def test_held_out_armenian_in_latin_letters_is_found_and_no_other_language(
    learned: LatinLetters,
) -> None:
    own, found, taken = held_out_reading("hy", lambda text: learned.language(text) == "hy")
    assert len(own) >= 230
    assert found >= 0.8 * len(own)
    for language, texts in taken.items():
        assert len(texts) <= 0.01 * len(_latin_heldout(language)), texts
