"""Which of our languages a customer writes, and when they ask for another one.

The ``language`` slot picks every response variation in ``domain.yml`` and every text the
actions compute (:mod:`bot.actions.locales`), so it must be one of
:data:`SUPPORTED_LANGUAGES`. It is decided from the widget's metadata, else from the first
message (:func:`guess_language`), and changed whenever the customer asks for a language
(:func:`requested_language`, shared with the NLU pipeline: :mod:`bot.language_requests`).

Georgian, Armenian and Ethiopic letters name their language (:func:`sentiment.detect_language`).
Many customers type these languages in Latin letters, though ("gamarjoba", "barev",
"selam"); a statistical identifier would need a model we do not ship, so a short list of
words that are common in such messages and rare in English tells them apart. A Latin message
with none of them is English, which is also what a customer writing any other language gets.
"""

from __future__ import annotations

from typing import Final

from bot.language_requests import requested_language, words
from sentiment import detect_language

__all__ = [
    "DEFAULT_LANGUAGE",
    "SUPPORTED_LANGUAGES",
    "guess_language",
    "requested_language",
    "supported_language",
]

DEFAULT_LANGUAGE: Final = "en"
SUPPORTED_LANGUAGES: Final = ("en", "ka", "hy", "am")

# Words that show Latin-letter Georgian, Armenian or Amharic. Each is common in customer
# messages in that language and is not an English word or slang (so "im", "es", "and",
# "inch", "ar", "ayo" are left out: they would turn English messages into another language).
_LATIN_WORDS: Final[dict[str, frozenset[str]]] = {
    "ka": frozenset(
        {
            "gamarjoba", "gamarjobat", "madloba", "madlobt", "shekveta", "shekvetis",
            "shekvetaze", "paroli", "damavitsyda", "damavicyda", "damaviwyda", "minda",
            "rogor", "aris", "ara", "diakh", "diax", "kargad", "tankha", "tanxa",
            "gadakhda", "gadaxda", "mitana", "mitanis", "sheidzleba", "shegidzliat",
            "operatori", "adamiani", "chemi", "chems", "qartulad", "kartulad",
        }
    ),
    "hy": frozenset(
        {
            "barev", "barevdzez", "dzez", "shnorhakal", "shnorhakalutyun",
            "patver", "patvers", "patvery", "patvern", "chem", "inchpes", "vonc",
            "vonts", "karogh", "karox", "uzum", "ushanum", "gaghtnabar", "gaghtnabary",
            "moracel", "moratsel", "voch", "gumar", "gumary", "hayeren",
        }
    ),
    "am": frozenset(
        {
            "selam", "amesegnalehu", "ameseginalehu", "amesegnalew", "tezaze",
            "tezazu", "tezazen", "endet", "neh", "nesh", "nachu", "ishi", "eshi", "awo",
            "aydelem", "yelem", "ebakih", "ebakish", "ebakwo", "yikirta", "meche", "dehna",
            "genzeb", "genzebe", "amarigna", "amarinya", "amharigna",
        }
    ),
}  # fmt: skip


def supported_language(code: str | None) -> str | None:
    """``code`` if we answer in it, else ``None`` (a page may send "fr" or "de")."""
    return code if code in SUPPORTED_LANGUAGES else None


def guess_language(text: str) -> str:
    """The language of a customer's message: its script, else its Latin-letter words.

    Native script wins (it is unambiguous). Among Latin-letter words, the language with
    the most words from its list wins; none, or a tie, is English.
    """
    by_script = detect_language(text, default="")
    if by_script in SUPPORTED_LANGUAGES:
        return by_script
    hits = {
        language: sum(word in known for word in words(text))
        for language, known in _LATIN_WORDS.items()
    }
    best = max(hits.values())
    winners = [language for language, count in hits.items() if count == best]
    return winners[0] if best > 0 and len(winners) == 1 else DEFAULT_LANGUAGE
