"""The words of a chat message, as the bot's word lists compare them.

Plain Python (no Rasa, no rasa_sdk): Rasa's pipeline (``bot.components.rule_intents``, through
:mod:`bot.order_numbers` and :mod:`bot.contacts`) and the action server read a message's
words by the same rule, so a word list means the same on both sides.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def words_in(text: str) -> list[str]:
    """The lower-cased words of ``text``: letters of any script, with an apostrophe inside
    ("it's", "I'd"), typographic apostrophes as plain ones (phones type "it’s"), full-width
    and compatibility letters folded (NFKC). Digits and punctuation are not words."""
    normalised = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    return _WORD.findall(normalised)
