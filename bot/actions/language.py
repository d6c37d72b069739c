"""Which of our languages a customer writes, and when they ask for another one.

The ``language`` slot picks every response variation in ``domain.yml`` and every text the
actions compute (:mod:`bot.actions.locales`), so it must be one of
:data:`SUPPORTED_LANGUAGES`. It is decided from the widget's metadata, else from the first
message (:func:`guess_language`), and changed whenever the customer asks for a language
(:func:`requested_language`, shared with the NLU pipeline: :mod:`bot.language_requests`) or
writes plainly in another of our languages (:func:`language_written`).

How a message shows its language (script, Latin-letter words, an English sentence) is
:mod:`bot.message_language`, shared with Rasa's process. A Latin message that shows none is
English, which is also what a customer writing any other language gets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from bot.language_requests import requested_language
from bot.message_language import (
    DEFAULT_LANGUAGE,
    LATIN_LETTERS_LANGUAGE_KEY,
    guess_language,
    language_written,
    written_in_english,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LATIN_LETTERS_LANGUAGE_KEY",
    "SUPPORTED_LANGUAGES",
    "first_message_language",
    "guess_language",
    "requested_language",
    "language_written",
    "supported_language",
]

SUPPORTED_LANGUAGES: Final = ("en", "ka", "hy", "am")


def supported_language(code: str | None) -> str | None:
    """``code`` if we answer in it, else ``None`` (a page may send "fr" or "de")."""
    return code if code in SUPPORTED_LANGUAGES else None


def first_message_language(parse_data: Mapping[str, Any]) -> str | None:
    """The language of a message while the conversation has none, from Rasa's parse of it;
    ``None`` while the messages show none.

    Its script or Latin-letter words (:func:`guess_language`), else the language the NLU
    pipeline read it in: Georgian, Amharic or Armenian typed in Latin letters, told by the
    words of the training examples, which the short word lists miss ("fuli ar damibrunda").
    An English sentence is English. A message that shows no language (an order number alone,
    "ok", an emoji) leaves it undecided: the bot answers in English meanwhile, and the next
    message decides, so "ara" (Georgian no) after "A1000001" is answered in Georgian (round
    20: English stayed, decided by the order number).
    """
    text = parse_data.get("text")
    if not isinstance(text, str):
        return None
    language = guess_language(text)
    if language != DEFAULT_LANGUAGE or written_in_english(text):
        return language  # an English sentence after "Gamarjoba," stays English
    read = parse_data.get(LATIN_LETTERS_LANGUAGE_KEY)
    return supported_language(read if isinstance(read, str) else None)
