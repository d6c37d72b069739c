"""The words of a chat message, as the bot's word lists compare them.

Plain Python (no Rasa, no rasa_sdk): Rasa's pipeline (``bot.components.rule_intents``, through
:mod:`bot.order_numbers` and :mod:`bot.contacts`) and the action server read a message's
words by the same rule, so a word list means the same on both sides.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
ARMENIAN_IN_WORD_MARKS = "\u055b\u055c\u055e"
"""Armenian emphasis (՛), exclamation (՜) and question (՞) marks: written inside a word
("ե՞րբ", "կարո՞ղ"), so they must not split it."""
_IN_WORD_MARKS = re.compile(f"[{ARMENIAN_IN_WORD_MARKS}]")


def without_in_word_marks(text: str) -> str:
    """``text`` without the Armenian marks written inside words: «ե՞րբ» reads «երբ»."""
    return _IN_WORD_MARKS.sub("", text)


def normalised(text: str) -> str:
    """``text`` as the word lists and patterns match it: full-width and compatibility letters
    folded (NFKC), typographic apostrophes as plain ones (phones type "it’s")."""
    return unicodedata.normalize("NFKC", text).replace("\u2019", "'")


def words_in(text: str) -> list[str]:
    """The lower-cased words of ``text``: letters of any script, with an apostrophe inside
    ("it's", "I'd"), typographic apostrophes as plain ones (phones type "it’s"), full-width
    and compatibility letters folded (NFKC), an Armenian word with its question mark inside
    as one word. Digits and punctuation are not words."""
    return _WORD.findall(normalised(without_in_word_marks(text)).lower())
