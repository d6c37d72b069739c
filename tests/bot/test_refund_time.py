"""Asking how long a refund, or anything, takes (bot/refund_questions.py, bot/message_words.py)."""

from __future__ import annotations

import pytest

from bot.message_words import asks_when
from bot.refund_questions import asks_when_refunded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how long do refunds take?", True),
        ("when will I get my refund?", True),
        ("რამდენ ხანში ბრუნდება თანხა?", True),  # how long until the money comes back?
        ("ե՞րբ կվերադարձվի գումարը", True),  # when will the money be returned?
        ("ገንዘቤ መቼ ይመለሳል?", True),  # when will my money come back?
        ("refund status?", False),
        ("where is my money", False),
        ("when will my order arrive?", False),
    ],
)
def test_asks_when_refunded(text: str, expected: bool) -> None:
    assert asks_when_refunded(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("when will it arrive?", True),
        ("isk erb khasni?", True),
        ("իսկ ե՞րբ կհասնի", True),
        ("መቼ ይደርሳል?", True),
        ("როდის მოვა?", True),
        ("where is it?", False),
        ("ok thanks", False),
    ],
)
def test_asks_when(text: str, expected: bool) -> None:
    assert asks_when(text) is expected
