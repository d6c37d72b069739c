"""Praise and thanks said with an eye-roll (bot/sarcasm.py)."""

from __future__ import annotations

import pytest

from bot.sarcasm import sounds_sarcastic


@pytest.mark.parametrize(
    "text",
    [
        "oh great, super helpful, thanks a lot",
        "thanks for nothing",
        "very helpful, not",
        "oh sure, a perfect 10, everything was sooo great (not)",  # round 21
        "oh sure, 10/10, best shop ever... NOT",  # round 22: stored as a 10
        "best service ever NOT",
        "հա, իհարկե, շատ օգնեցիք 🙄",  # yes, of course, you helped a lot
        'ხო რა თქმა უნდა, ძალიან "დამეხმარა"',  # sure, it "helped" a lot
        "አዎ በጣም ረድቶኛል ምንም አልገባኝም 🙄",  # yes it helped a lot, I understood nothing
    ],
)
def test_sarcasm(text: str) -> None:
    assert sounds_sarcastic(text)


@pytest.mark.parametrize(
    "text",
    [
        "great, thanks",
        "yes it helped a lot",
        "forgot my pw 🙃",
        'the "express" delivery took 9 days',
        "ჩემს შეკვეთაზე „გადაუხდელი“ წერია",  # my order says "unpaid"
        "HAS IT SHIPPED OR NOT",  # all in capitals: shouting, no sarcasm
        "is it shipped or NOT",
    ],
)
def test_no_sarcasm(text: str) -> None:
    assert not sounds_sarcastic(text)
