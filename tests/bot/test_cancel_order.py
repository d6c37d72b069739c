"""The answers to "cancel my order", "I want a refund", "change my order" and "change my
delivery address", read against the order named (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bot.actions.cancel_order import ActionAnswerCancelOrder, ActionAnswerGetRefund
from bot.actions.change_address import ActionAnswerChangeShippingAddress
from bot.actions.change_order import ActionAnswerChangeOrder
from feedback_api.models import Order, OrderStatus, RefundStatus
from tests.bot.conftest import RunAction, make_tracker, user

pytestmark = pytest.mark.usefixtures("services")

TOO_LATE = "utter_cancel_order_too_late"


def _orders(session: Session) -> None:
    paid = datetime(2024, 3, 1, 12, tzinfo=UTC)
    session.add_all(
        [
            Order(order_number="A1000001", status=OrderStatus.SHIPPED, carrier="UPS"),
            Order(order_number="A1000002", status=OrderStatus.DELIVERED),
            Order(order_number="A1000003", status=OrderStatus.PROCESSING),
            Order(order_number="A1000010", status=OrderStatus.PLACED),
            Order(
                order_number="A1000007",
                status=OrderStatus.DELIVERED,
                refund_status=RefundStatus.APPROVED,
                refund_amount=20.0,
                refund_updated_at=paid,
            ),
            Order(
                order_number="A1000005",
                status=OrderStatus.CANCELLED,
                refund_status=RefundStatus.PAID,
                refund_amount=20.0,
                refund_updated_at=paid,
            ),
            Order(order_number="A1000004", status=OrderStatus.CANCELLED),
            Order(
                order_number="A1000009",
                status=OrderStatus.DELIVERED,
                refund_status=RefundStatus.REJECTED,
                refund_updated_at=paid,
            ),
        ]
    )
    session.commit()


def _answer(run_action: RunAction, text: str, **slots: Any) -> list[str]:
    tracker = make_tracker([user(text, "cancel_order", confidence=0.97)], slots=slots)
    _events, messages = run_action(ActionAnswerCancelOrder(), tracker)
    return [message["response"] for message in messages]


@pytest.mark.parametrize(
    ("text", "responses"),
    [
        # Found by talking to the bot: a shipped order got the steps to cancel it.
        ("please cancel order A1000001", ["utter_order_shipped_untracked", TOO_LATE]),
        # Delivered: its date and the return, not the tracking answer's "can't find it?";
        # and its refund when one was asked for (a shopper's finding).
        ("cancel A1000002", ["utter_cancel_order_delivered"]),
        ("cancel order A1000007", ["utter_cancel_order_delivered", "utter_refund_approved"]),
        # Already cancelled: its status and its refund, no steps.
        ("cancel my order A1000005", ["utter_order_already_cancelled", "utter_refund_paid"]),
        # Still cancellable: it says so, then the steps (shoppers got "has it shipped?").
        ("cancel order A1000003", ["utter_cancel_order_not_shipped"]),
        # Unknown: said so, as tracking says it (shoppers got the steps alone), then the steps.
        ("cancel order A9999999", ["utter_order_not_found", "utter_cancel_order"]),
        ("how do I cancel my order?", ["utter_cancel_order"]),
        ("cancel A1000001 and A1000003", ["utter_cancel_order"]),  # two: no guessing
        ("/cancel_order", ["utter_cancel_order"]),  # the button
    ],
)  # fmt: skip
def test_the_answer_depends_on_the_order_named(
    run_action: RunAction, session: Session, text: str, responses: list[str]
) -> None:
    _orders(session)
    assert _answer(run_action, text) == responses


def test_in_the_customers_language_the_status_comes_first(
    run_action: RunAction, session: Session, domain: dict[str, Any]
) -> None:
    _orders(session)
    assert _answer(run_action, "ა1000001 გააუქმეთ", language="ka")[0].startswith("utter_order_")
    for language in ("ka", "hy", "am"):
        variants = domain["responses"]["utter_cancel_order_too_late"]
        assert any(
            (variant.get("condition") or [{}])[0].get("value") == language for variant in variants
        )


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
        # Delivered (on a day not known), no refund asked yet: how to get one; on its way:
        # its status, and that it can be returned once it arrives.
        ("I want a refund for A1000002", ["utter_get_refund"]),
        ("refund for A1000001", ["utter_order_shipped_untracked", "utter_return_after_delivery"]),
        # Not shipped yet: cancelling it is how the money comes back (round 15: it had been
        # told it could be returned once it arrived).
        ("refund for A1000003", ["utter_cancel_order_not_shipped", "utter_refund_by_cancelling"]),
        # Unknown: said so, then the steps; no number, or two: the steps.
        ("refund for A9999999", ["utter_order_not_found", "utter_get_refund"]),
        ("I want my money back", ["utter_get_refund"]),
        ("refund A1000002 and A1000005", ["utter_get_refund"]),
    ],
)
def test_the_refund_answer_depends_on_the_order_named(
    run_action: RunAction, session: Session, text: str, responses: list[str]
) -> None:
    _orders(session)
    tracker = make_tracker([user(text, "get_refund", confidence=0.97)])
    _events, messages = run_action(ActionAnswerGetRefund(), tracker)
    assert [message["response"] for message in messages] == responses


@pytest.mark.parametrize(
    ("text", "responses"),
    [
        # Round 15: a shipped order's address change got the general steps ("before it
        # ships..."); its status, and that only the carrier can redirect it now.
        (
            "I need to change the address for A1000001",
            ["utter_order_shipped_untracked", "utter_change_address_too_late"],
        ),
        ("change address of A1000003", ["utter_change_address_not_shipped"]),  # still can
        # delivered: its date, not tracking's "can't find it? ask the neighbours" (round 17)
        ("ship A1000002 to my office instead", ["utter_order_delivered_on"]),
        # round 19: an item missing from it is put right by a person, not "too late"
        (
            "A1000002 came without the charger, it wasn't in the box, can I change the address",
            ["utter_order_delivered_contents_wrong"],
        ),
        ("new address for A1000004", ["utter_order_already_cancelled"]),  # cancelled
        (
            "change the address of A9999999",
            ["utter_order_not_found", "utter_change_shipping_address"],
        ),
        ("how do I change my delivery address?", ["utter_change_shipping_address"]),
    ],
)
def test_the_address_answer_depends_on_the_order_named(
    run_action: RunAction, session: Session, text: str, responses: list[str]
) -> None:
    _orders(session)
    tracker = make_tracker([user(text, "change_shipping_address", confidence=0.97)])
    _events, messages = run_action(ActionAnswerChangeShippingAddress(), tracker)
    assert [message["response"] for message in messages] == responses


@pytest.mark.parametrize(
    ("before", "text", "responses"),
    [
        # Round 15: "cancel it" under the CSAT question after A1000003's status got the
        # general steps; it is that order, which has not shipped.
        (
            ["where is A1000003"],
            "ոչ, դեռ չի ուղարկվել, չեղարկեք",
            ["utter_cancel_order_not_shipped"],
        ),
        (["where is A1000003", "ok"], "cancel it then", ["utter_cancel_order_not_shipped"]),
        # Named longer ago, or another order meant: the general steps.
        (["where is A1000003", "ok", "thanks"], "cancel it", ["utter_cancel_order"]),
        (["where is A1000003"], "cancel my other order", ["utter_cancel_order"]),
        (["where is A1000003"], "/cancel_order", ["utter_cancel_order"]),  # a button
    ],
)
def test_a_request_after_an_order_is_about_that_order(
    run_action: RunAction, session: Session, before: list[str], text: str, responses: list[str]
) -> None:
    _orders(session)
    said = [user(message, "track_order", confidence=0.97) for message in before]
    tracker = make_tracker([*said, user(text, "cancel_order", confidence=0.97)])
    _events, messages = run_action(ActionAnswerCancelOrder(), tracker)
    assert [message["response"] for message in messages] == responses


@pytest.mark.parametrize(
    ("text", "responses"),
    [
        # Round 16, every language: the general steps ("until it is packed... no Edit
        # button?") for an order the bot knew was being packed, or had shipped.
        ("i want to change my order A1000003, wrong color", ["utter_change_order_packing"]),
        ("A1000010 შეკვეთაში ფერის შეცვლა მინდა", ["utter_change_order_open"]),
        (
            "A1000001 պատվերիս մեջ ուզում եմ ավելացնել",
            ["utter_order_shipped_untracked", "utter_change_order_too_late"],
        ),
        ("change A1000004", ["utter_order_already_cancelled"]),
        # Round 17: "I received A1000002 but the size is wrong, can I exchange it?" was told
        # to ask the neighbours where it was
        (
            "Ստացել եմ A1000002-ը, բայց չափսը չի համապատասխանում։ Կարո՞ղ եմ փոխել",
            ["utter_order_delivered_on", "utter_change_order_too_late"],
        ),
        # round 19 (Armenian): a shirt missing from it got "too late to change"
        (
            "A1000002-ի տուփում շապիկը չկար, կարո՞ղ եմ փոխել պատվերը",
            ["utter_order_delivered_contents_wrong"],
        ),
        # round 19: read as changing an order, with no order named
        ("one item is wrong, i got a red one not blue", ["utter_contents_wrong"]),
        ("wrong item in my order, I meant to pick the black one", ["utter_change_order"]),
        ("how do I change my order?", ["utter_change_order"]),
        ("can you deliver A1000003 on monday instead?", ["utter_change_delivery_day"]),
    ],
)
def test_the_change_answer_depends_on_the_order_named(
    run_action: RunAction, session: Session, text: str, responses: list[str]
) -> None:
    _orders(session)
    tracker = make_tracker([user(text, "change_order", confidence=0.97)])
    _events, messages = run_action(ActionAnswerChangeOrder(), tracker)
    assert [message["response"] for message in messages] == responses
