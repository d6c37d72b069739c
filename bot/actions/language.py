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

from typing import Final

from bot.language_requests import requested_language
from bot.message_language import DEFAULT_LANGUAGE, guess_language, language_written

__all__ = [
    "DEFAULT_LANGUAGE",
    "SUPPORTED_LANGUAGES",
    "guess_language",
    "requested_language",
    "language_written",
    "supported_language",
]

SUPPORTED_LANGUAGES: Final = ("en", "ka", "hy", "am")


def supported_language(code: str | None) -> str | None:
    """``code`` if we answer in it, else ``None`` (a page may send "fr" or "de")."""
    return code if code in SUPPORTED_LANGUAGES else None
