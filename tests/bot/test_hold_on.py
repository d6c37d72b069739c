"""A message that only asks the bot to wait is ``hold_on`` by rule (bot/hold_on.py)."""

from __future__ import annotations

import pytest

from bot.hold_on import asks_to_wait


@pytest.mark.parametrize(
    "text",
    [
        "մի րոպե, հիմա կնայեմ",  # one minute, I'll look now: read as a goodbye (0.78)
        "մի րոպե, նայեմ",  # one minute, let me look: round 18, read as a goodbye
        "ერთი წუთით, ვნახავ",  # one minute, I'll see: a goodbye (0.91)
        "ቆይ አንድ ደቂቃ",  # wait a minute
        "hold on",  # a yes (0.46) under "may someone contact you?"
        "one sec let me check",
        "wait a minute, let me find it",
        "sorry one moment",
        # round 11
        "hang on lemme find the email",
        "brb checking my emails",
        "ერთი წამით, ვნახავ ელფოსტაში",  # one second, I'll look in my e-mail
        "አንድ ደቂቃ፣ ቁጥሩን ልፈልግ",  # one minute, let me look for the number
        "ande gize, lefelgew",
    ],
)
def test_asking_to_wait(text: str) -> None:
    assert asks_to_wait(text)


@pytest.mark.parametrize(
    "text",
    [
        "wait, it's A1000004",  # the number: the order form's
        "wait I meant 7",  # a corrected score
        "no wait",
        "wait what?",
        "can you wait a minute for my order",
        "let me check",  # no word of waiting
        "find my order",
        None,
    ],
)
def test_other_messages(text: str | None) -> None:
    assert not asks_to_wait(text)
