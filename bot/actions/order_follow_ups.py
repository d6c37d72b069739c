"""Whether a request about an order without its number follows up on the order the
customer just named: "so when does it get here?" after the status of A1000001, "როდის
მოვა?", «իսկ ե՞րբ կհասնի», "መቼ ይደርሳል?", "why is it still packing?" (round 20), "the money
is still not in my account" after a refund's status, "I was told it would come last week"
after the order's.

Why: rounds 12 and 13, every language: the order form asked "What's your order number?"
for the number given a message or two earlier, and the customer typed it again (or gave
up). The order form (``bot.actions.support.ValidateOrderNumberForm``) takes the number from
the customer's last few messages instead, unless the request says it is about another
order ("and my other order?", "მეორე შეკვეთა", «մյուս պատվերս», "ሌላኛው ትዕዛዜ").
"""

from __future__ import annotations

import re
from typing import Final

from rasa_sdk import Tracker

from bot.actions.context import latest_text, session_events
from bot.actions.not_solved import says_not_solved
from bot.message_words import asks_when, asks_why, without_in_word_marks, words_in
from bot.order_numbers import find_order_number, several_order_numbers

LOOK_BACK: Final = 4
"""The customer's messages before the latest one that may hold the order meant."""
REQUEST_LOOK_BACK: Final = 2
"""The same for a request to cancel, refund or re-address: "cancel it then" means the order
of the last exchange, not one named several requests ago."""
MAX_WORDS: Final = 12
_TRACKING: Final = re.compile(  # its tracking number ("whats the tracking number?")
    r"\btracking\b|თრექინგ|ტრეკინგ|հետևման|трекинг|መከታተያ|ትራኪንግ", re.IGNORECASE
)
_ANOTHER: Final = re.compile(
    r"\b(?:another|other|second|different|new)\b|სხვა|მეორე|ახალ"
    r"|ուրիշ|մյուս|երկրորդ|այլ\s|նոր\s|ሌላ|ሁለተኛ|አዲስ",
    re.IGNORECASE,
)


def order_asked_about_again(tracker: Tracker) -> str | None:
    """The order number of the customer's last few messages, when the latest asks when (or
    how long), or says the trouble goes on (:mod:`bot.actions.not_solved`), without naming
    an order nor saying it is another (module docstring); else ``None``."""
    text = without_in_word_marks(latest_text(tracker))
    if not text or find_order_number(text) is not None or len(words_in(text)) > MAX_WORDS:
        return None
    if _ANOTHER.search(text) is not None:
        return None
    follows_up = asks_when(text) or asks_why(text) or _TRACKING.search(text) is not None
    if not follows_up and not says_not_solved(text):
        return None  # "where is my order?" after A1000001's status may mean another one
    said = [event for event in session_events(tracker) if event.get("event") == "user"]
    for event in reversed(said[-1 - LOOK_BACK : -1]):
        number = find_order_number(event.get("text"))
        if number is not None:
            return number
    return None


def order_just_named(tracker: Tracker) -> str | None:
    """The order number of the customer's last message or two, for a request about an order
    that names none and does not say it is another: "no it hasn't shipped yet, cancel it"
    («ոչ, դեռ չի ուղարկվել, չեղարկեք») under the CSAT question after A1000003's status.

    Why: round 15, every language: such a request got the general steps to cancel, with
    "already shipped?", when the bot had just said where that order was. The answers that
    read a named order (:mod:`bot.actions.named_order`) answer for this one; they say its
    number, so a customer who meant another sees it at once."""
    text = without_in_word_marks(latest_text(tracker))
    if not text or text.startswith("/") or _ANOTHER.search(text) is not None:
        return None
    if find_order_number(text) is not None or several_order_numbers(text):
        return None
    said = [event for event in session_events(tracker) if event.get("event") == "user"]
    for event in reversed(said[-1 - REQUEST_LOOK_BACK : -1]):
        number = find_order_number(event.get("text"))
        if number is not None:
            return number
    return None
