"""Whether a request about an order without its number follows up on the order the
customer just named: "so when does it get here?" after the status of A1000001, "როდის
მოვა?", «իսկ ե՞րբ կհասնի», "መቼ ይደርሳል?", "how long until i see the money?" after a
refund's status.

Why: round 12, every language: the order form asked "What's your order number?" for the
number given one message earlier, and the customer typed it again (or gave up). The order
form (``bot.actions.support.ValidateOrderNumberForm``) takes the number from the
customer's last few messages instead, when the request asks when (or how long) and names
no order of its own.
"""

from __future__ import annotations

import re
from typing import Final

from rasa_sdk import Tracker

from bot.actions.context import latest_text, session_events
from bot.order_numbers import find_order_number

LOOK_BACK: Final = 4
"""The customer's messages before the latest one that may hold the order meant."""
MAX_WORDS: Final = 10
_IN_WORD_MARKS: Final = re.compile("[\u055b\u055c\u055e]")  # Armenian marks inside a word
_ASKS_WHEN: Final = re.compile(
    r"\b(?:when|how\s+long|how\s+many\s+days|eta)\b|როდის|რამდენ\w*\s+(?:ხან|დღე)|\brodis\b"
    r"|երբ|որքան\s+ժամանակ|քանի\s+օր|\berb\b|መቼ|ምን\s+ያህል\s+(?:ጊዜ|ቀን)|\bmeche\b",
    re.IGNORECASE,
)
_WORD: Final = re.compile(r"[^\W\d_]+")


def order_asked_about_again(tracker: Tracker) -> str | None:
    """The order number of the customer's last few messages, when the latest asks when (or
    how long) about an order without naming one (module docstring); else ``None``."""
    text = _IN_WORD_MARKS.sub("", latest_text(tracker))
    if not text or find_order_number(text) is not None or len(_WORD.findall(text)) > MAX_WORDS:
        return None
    if _ASKS_WHEN.search(text) is None:
        return None
    said = [event for event in session_events(tracker) if event.get("event") == "user"]
    for event in reversed(said[-1 - LOOK_BACK : -1]):
        number = find_order_number(event.get("text"))
        if number is not None:
            return number
    return None
