"""How to get a named order's money back when no refund was asked for yet: until when a
delivered order can be returned, or that it no longer can (round 13: "I want to return the
item", then "A1000002", got the general steps again, word for word)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.actions.company import DEFAULT_COMPANY_FILE, load_company
from bot.actions.order_answers import refund_messages
from bot.actions.orders import OrderInfo
from feedback_api.models import OrderStatus

COMPANY = load_company(DEFAULT_COMPANY_FILE)  # a 30-day return window
NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)


def _delivered(days_ago: int) -> OrderInfo:
    return OrderInfo(
        order_number="A1000002",
        status=OrderStatus.DELIVERED,
        delivered_at=NOW - timedelta(days=days_ago),
    )


@pytest.mark.parametrize(
    ("days_ago", "response"),
    [(3, "utter_return_open"), (30, "utter_return_open"), (31, "utter_return_closed")],
)
def test_a_delivered_order_is_returnable_for_the_window(days_ago: int, response: str) -> None:
    (message,) = refund_messages(_delivered(days_ago), COMPANY, "en", now=NOW)
    assert message["response"] == response
    assert message["order_number"] == "A1000002"
    assert (
        message["return_by"]
        == {
            3: "Saturday, 2 January 2027",
            30: "Sunday, 6 December 2026",
            31: "Saturday, 5 December 2026",
        }[days_ago]
    )


def test_the_dates_are_in_the_conversations_language() -> None:
    (message,) = refund_messages(_delivered(3), COMPANY, "ka", now=NOW)
    assert (
        message["return_by"]
        != refund_messages(_delivered(3), COMPANY, "en", now=NOW)[0]["return_by"]
    )


def test_an_order_on_its_way_gets_its_status_then_returns_after_delivery() -> None:
    order = OrderInfo(order_number="A1000003", status=OrderStatus.SHIPPED)
    messages = refund_messages(order, COMPANY, "en", now=NOW)
    assert messages[0]["response"].startswith("utter_order_")
    assert messages[-1] == {"response": "utter_return_after_delivery"}


@pytest.mark.parametrize("status", [OrderStatus.PLACED, OrderStatus.PROCESSING])
def test_an_order_not_shipped_yet_is_cancelled_for_its_money(status: OrderStatus) -> None:
    """Round 15: such an order had been told it could be returned once it arrived."""
    order = OrderInfo(order_number="A1000003", status=status)
    assert refund_messages(order, COMPANY, "en", now=NOW) == [
        {"response": "utter_cancel_order_not_shipped", "order_number": "A1000003"},
        {"response": "utter_refund_by_cancelling"},
    ]
