"""Amharic typed in Latin letters: told apart from English, Georgian and Armenian, and read in
Ethiopic letters (bot/latin_amharic.py, and both languages together in bot/latin_letters.py;
plain Python, fast).

As for Georgian (test_latin_georgian.py), what the reader knows is learned from our training
examples and judged on the held-out files.
"""

from __future__ import annotations

import pytest

from bot.latin_amharic import LatinAmharic, latin_skeletons, skeleton, spellings
from bot.latin_letters import LatinLetters
from tests.nlu.test_latin_georgian import _latin_heldout, held_out_reading, training_texts


@pytest.fixture(scope="module")
def learned() -> LatinLetters:
    """What the pipeline learns from all of bot/data/nlu."""
    return LatinLetters.learn(training_texts())


def test_a_word_is_known_by_its_consonants_and_spelled_by_its_vowels() -> None:
    assert skeleton("ሰላም") == "s-l-m"
    # ዕ carries a vowel only; ቀ and ከ are one "k" to Latin chat.
    assert skeleton("ትዕዛዜ") == "t-z-z"
    assert skeleton("ቀኝ") == skeleton("ከኝ") == "k-ny"
    assert skeleton("hello") is None
    assert latin_skeletons("selam") == ["s-l-m"]
    assert latin_skeletons("sellam") == ["s-l-m"]
    # "gn" is ኝ, or ግ and ን ("amesegnalehu" አመሰግናለሁ).
    assert latin_skeletons("amesegnalehu") == ["m-s-ny-l-h", "m-s-g-n-l-h"]
    pattern = spellings("ሰላም")
    assert pattern is not None
    assert all(pattern.fullmatch(word) for word in ("selam", "salam", "sellam", "slam"))
    assert not pattern.fullmatch("silom")


def test_learns_amharic_words_and_english_ones() -> None:
    known = LatinAmharic.learn(
        ["ትዕዛዜ የት ነው?", "ትዕዛዜ አልደረሰም", "where is my new order"] * 3 + ["where is it"]
    )
    assert known.amharic_words[0] == "ትዕዛዜ"  # the most frequent first
    assert {"where", "is", "my", "new", "order"} <= known.other_words
    assert known.amharic_word("tezaze") == "ትዕዛዜ"
    assert known.amharic_word("yet") == "የት"
    assert known.amharic_word("where") is None
    # In three English sentences or more: "it" is in one.
    assert "it" not in known.other_words


def test_english_shop_words_of_amharic_examples_are_shared() -> None:
    english = ["delete my account please", "my account is locked", "is my account open"]
    amharic = ["እባካችሁ ሰርዙልኝ", "ሂሳቤን ሰርዙልኝ"] * 3
    # Two Latin-letter Amharic examples use "account": a word customers mix in.
    mixed = ["ebakachihu account serzulign", "account serzulign ebakachihu"]
    known = LatinAmharic.learn(amharic + english + mixed)
    assert known.shared_words == {"account"}
    # It counts for neither language, so an English word beside it no longer outweighs the
    # Amharic verb; "my" is English and the verb alone still makes a tie.
    assert known.reads("my account serzulign")
    assert not LatinAmharic(known.amharic_words, known.other_words).reads("my account serzulign")
    assert not known.reads("delete my account")
    # One example is not enough: it could be a slip.
    assert LatinAmharic.learn(amharic + english + mixed[:1]).shared_words == frozenset()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("tezaze yet new?", "am"),
        # English shop words with an Amharic verb, as Amharic chat mixes them.
        ("supervisor efelgalehu", "am"),
        ("refund e alderesegnim", "am"),
        ("invoice lakulign", "am"),
        ("genzebe yimelesilign", "am"),
        ("ahun gize yelegnm", "am"),
        ("selam", "am"),
        ("sad aris chemi shekveta", "ka"),
        # A long word only Georgian spells ("wavshalo" წავშალო) among English and short
        # words that Amharic spells ("ro" ሮ, "ras" ራስ): Georgian, never Amharic.
        ("account ro wavshalo ras vakete?", "ka"),
        ("email ro shevcvalo ras vakete?", "ka"),
        ("A1000002 ar momivida, ras vakete?", "ka"),
        ("can I post a review with photos", None),
        # English, with the words Amharic shares ("new" ነው, "yet" የት) and short replies.
        ("where is my new order", None),
        ("has it shipped yet", None),
        ("delete account", None),
        ("password reset", None),
        ("i want a refund e", None),
        ("nah", None),
        ("yes sure", None),
        # Armenian in Latin letters (test_latin_armenian.py), and the other scripts.
        ("barev, mer patvern ushanum e", "hy"),
        ("ትዕዛዜ የት ነው?", None),
    ],
)
def test_tells_amharic_and_georgian_in_latin_letters(
    learned: LatinLetters, text: str, language: str | None
) -> None:
    assert learned.language(text) == language


def test_reads_an_amharic_messages_words_in_ethiopic_letters(learned: LatinLetters) -> None:
    # "tezaze" spells ትዕዛዜ ("my order") and ትዕዛዝ ("order"): the more frequent is taken.
    assert learned.text("am", "tezaze yet new?") in {"ትዕዛዜ የት ነው?", "ትዕዛዝ የት ነው?"}
    assert learned.text("am", "ay alfelgim betam") == "አይ አልፈልግም በጣም"
    # A word no Ethiopic example spells, and a token with digits, stay as typed.
    assert learned.token("am", "xyzzy") == "xyzzy"
    assert learned.token("am", "A1234567") == "A1234567"
    # Strict spellings first: "yihun" is ይሁን ("let it be"), which spells it exactly.
    assert learned.token("am", "yihun") == "ይሁን"


def test_a_message_is_read_once_and_then_looked_up(learned: LatinLetters) -> None:
    # Served messages are read ahead for the encoder and again in the parse: the second
    # reading is the first one, not a new one.
    first = learned.reading("tezaze yet new?")
    assert first is not None
    assert (first.language, first.text) == ("am", learned.text("am", "tezaze yet new?"))
    assert learned.reading("tezaze yet new?") is first
    assert learned.reading("where is my order") is None
    # Many other messages later it is read again, the same way.
    for number in range(1_000):
        learned.reading(f"order {number}")
    again = learned.reading("tezaze yet new?")
    assert again == first
    assert again is not first


def test_what_is_learned_is_stored_and_read_back(learned: LatinLetters) -> None:
    assert LatinLetters.from_json(learned.as_json()) == learned
    assert LatinLetters.empty().language("ahun gize yelegnm") is None


def test_held_out_amharic_in_latin_letters_is_found_and_no_other_language(
    learned: LatinLetters,
) -> None:
    own, found, taken = held_out_reading("am", lambda text: learned.language(text) == "am")
    assert len(own) >= 300
    assert found >= 0.85 * len(own)
    for language, texts in taken.items():
        assert len(texts) <= 0.01 * len(_latin_heldout(language)), texts
