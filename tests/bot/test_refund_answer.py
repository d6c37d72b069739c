"""The answer to "I want a refund", read against the order it names (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from bot.actions.cancel_order import ActionAnswerGetRefund
from feedback_api.models import Order, OrderStatus, RefundStatus
from tests.bot.conftest import RunAction, make_tracker, user

pytestmark = pytest.mark.usefixtures("services")

STEPS = "utter_get_refund"


def _orders(session: Session) -> None:
    paid = datetime(2024, 3, 1, 12, tzinfo=UTC)
    session.add_all(
        [
            Order(order_number="A1000001", status=OrderStatus.SHIPPED, carrier="UPS"),
            Order(order_number="A1000002", status=OrderStatus.DELIVERED),
            Order(order_number="A1000004", status=OrderStatus.CANCELLED),
            Order(
                order_number="A1000005",
                status=OrderStatus.CANCELLED,
                refund_status=RefundStatus.PAID,
                refund_amount=20.0,
                refund_updated_at=paid,
            ),
            Order(
                order_number="A1000009",
                status=OrderStatus.DELIVERED,
                refund_status=RefundStatus.REJECTED,
                refund_updated_at=paid,
            ),
        ]
    )
    session.commit()


@pytest.mark.parametrize(
    ("text", "responses"),
    [
        # Shoppers' polite requests got the return steps for an order refunded days before,
        # or whose refund had been refused.
        ("I'd like a refund for order A1000005 please", ["utter_refund_paid"]),
        (
            "Good day, I am writing to enquire about the refund for my order A1000009.",
            ["utter_refund_rejected"],
        ),
        ("refund A1000004", ["utter_order_cancelled"]),  # cancelled, nothing paid to refund
        # Delivered or on its way, no refund asked yet: how to get one.
        ("I want a refund for A1000002", [STEPS]),
        ("refund for A1000001", [STEPS]),
        # Unknown: said so, then the steps; no number, or two: the steps.
        ("refund for A9999999", ["utter_order_not_found", STEPS]),
        ("I want my money back", [STEPS]),
        ("refund A1000002 and A1000005", [STEPS]),
    ],
)
def test_the_answer_depends_on_the_order_named(
    run_action: RunAction, session: Session, text: str, responses: list[str]
) -> None:
    _orders(session)
    tracker = make_tracker([user(text, "get_refund", confidence=0.97)])
    _events, messages = run_action(ActionAnswerGetRefund(), tracker)
    assert [message["response"] for message in messages] == responses
