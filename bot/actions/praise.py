"""Praise typed when nothing was asked: thanked for, and kept as the survey's reason.

Why: round 13: "hi" then "you guys are great, love the shop" (read as wanting to give
feedback) was answered with the 0-10 question alone, not a word of thanks, and "why?"
was asked after the score for what the customer had just said. The survey now starts with
"Thank you, that's lovely to hear!" and the praise as its reason: the customer is asked
for the score only.

A request to rate us ("I'd love to leave some feedback") is not praise, however warm: it
names the feedback it offers, and gets the survey as before.
"""

from __future__ import annotations

import re
from typing import Final

from rasa_sdk import Tracker

from bot.actions.context import latest_text
from bot.actions.negative_text import SentimentReads, is_praise
from bot.actions.parsing import clean_reason, has_digits
from bot.message_words import words_in

PRAISE_NOTED: Final = "utter_praise_noted"
MIN_WORDS: Final = 3
"""Fewer words are a "great!" that may answer anything; the survey asks as usual."""

_OFFERS_FEEDBACK: Final = re.compile(
    r"feedback|review|rate|rating|survey|opinion|suggest"
    r"|შეფას|გამოხმაურ|აზრ|რჩევ|ხმა\s+მივცე"
    r"|կարծիք|գնահատ|հետադարձ|առաջարկ"
    r"|አስተያየት|ግምገማ|ደረጃ|ልገመግም|ሀሳብ",
    re.IGNORECASE,
)


async def volunteered_praise(
    tracker: Tracker, *, max_chars: int, reads: SentimentReads | None = None
) -> str | None:
    """The latest message as the survey's reason when it is praise said unasked (module
    docstring); ``None`` for a request to rate us, a score, a button or anything short.
    ``reads`` shares one read of the message with the turn's other checks."""
    text = latest_text(tracker)
    if not text or text.startswith("/") or has_digits(text) or _OFFERS_FEEDBACK.search(text):
        return None
    if len(words_in(text)) < MIN_WORDS:
        return None
    if not is_praise(await (reads or SentimentReads(tracker)).of(text)):
        return None
    return clean_reason(text, max_chars=max_chars)
