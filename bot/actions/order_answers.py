"""What the bot says about one order: pure functions from an order to the responses.

Five requests name an order, and each needs its own answer about the same order: where it
is (and, when one was asked for, where its refund is), whether it can still be cancelled,
how to get its money back, and whether it or its address can still be changed. The tracking
form's lookup (:mod:`bot.actions.support`) and the answers to "cancel my order", "I want a
refund", "change my order" and "change the address" (:mod:`bot.actions.named_order`) all
speak through these, so an order number typed after the general answer to one of them gets
that request's answer, not its tracking status (shoppers' "A1000004" after "how do I
cancel?" got only where the parcel was). Pure, so every status is tested without a
conversation; the wording is in domain.yml, the dates and the words for missing values in
:mod:`bot.actions.locales`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from bot.actions.company import Company, Weekday
from bot.actions.locales import Locale, locale
from bot.actions.orders import OrderInfo
from feedback_api.models import OrderStatus, RefundStatus

TRACK_ORDER: Final = "track_order"
TRACK_REFUND: Final = "track_refund"
CANCEL_ORDER: Final = "cancel_order"
GET_REFUND: Final = "get_refund"
CHANGE_SHIPPING_ADDRESS: Final = "change_shipping_address"
CHANGE_ORDER: Final = "change_order"
GET_INVOICE: Final = "get_invoice"
CHECK_INVOICE: Final = "check_invoice"

HOW_TO_CANCEL: Final = "utter_cancel_order"
TOO_LATE: Final = "utter_cancel_order_too_late"
"""After the status of an order that has shipped: it cannot be cancelled, return it instead."""
DELIVERED: Final = "utter_cancel_order_delivered"
DELIVERED_ON: Final = "utter_order_delivered_on"
CONTENTS_WRONG: Final = "utter_order_delivered_contents_wrong"
"""A delivered order whose parcel had something missing, wrong or broken: a person puts it
right, and one is offered after it (``action_support_followup``)."""
CONTENTS_WRONG_UNNAMED: Final = "utter_contents_wrong"
"""The same with no order named ("one item is wrong, i got a red one not blue", read as
changing an order)."""
CONTENTS_ANSWERS: Final = frozenset({CONTENTS_WRONG, CONTENTS_WRONG_UNNAMED})
"""A delivered order: its date, and that it can be returned instead."""
ALREADY_CANCELLED: Final = "utter_order_already_cancelled"
"""A cancelled order asked to be cancelled or re-addressed: "is already cancelled" (round 16,
three languages: "was cancelled" read as if the bot had just cancelled it)."""
NOT_SHIPPED: Final = "utter_cancel_order_not_shipped"
"""An order not shipped yet: it can still be cancelled, and the steps (without "already
shipped?")."""
HOW_TO_GET_A_REFUND: Final = "utter_get_refund"
RETURN_OPEN: Final = "utter_return_open"
"""A delivered order still in its return window: until when, and how."""
RETURN_CLOSED: Final = "utter_return_closed"
"""A delivered order past its return window: since when, and a person if something is wrong."""
RETURN_LATER: Final = "utter_return_after_delivery"
"""After the status of an order not delivered yet: it can be returned once it arrives."""
REFUND_BY_CANCELLING: Final = "utter_refund_by_cancelling"
"""After the steps to cancel an order not shipped yet, asked for a refund: cancelling is how
the money comes back, with nothing to return."""
HOW_TO_CHANGE_ADDRESS: Final = "utter_change_shipping_address"
ADDRESS_NOT_SHIPPED: Final = "utter_change_address_not_shipped"
"""An order not shipped yet: its address can still be changed, and the steps."""
HOW_TO_CHANGE_ORDER: Final = "utter_change_order"
CHANGE_OPEN: Final = "utter_change_order_open"
"""An order not packed yet: it can still be edited, and the steps."""
CHANGE_PACKING: Final = "utter_change_order_packing"
"""An order being packed: too late to edit; it can be cancelled, or items returned later."""
CHANGE_TOO_LATE: Final = "utter_change_order_too_late"
ORDER_INVOICE: Final = "utter_order_invoice"
"""After the status of an order that has shipped: return items and order again."""
ADDRESS_TOO_LATE: Final = "utter_change_address_too_late"
"""After the status of an order that has shipped: the carrier may redirect it, we cannot."""
_SHIPPED = frozenset({OrderStatus.SHIPPED, OrderStatus.DELIVERED})

Messages = list[dict[str, Any]]


def _day(moment: datetime | None, company: Company, words: Locale) -> str | None:
    """E.g. "Tuesday, 12 March 2024", in the company's time zone (what the customer expects)."""
    if moment is None:
        return None
    local = moment.astimezone(company.support.hours.zone)
    return words.date.format(
        weekday=words.weekdays[Weekday.of(local).number],
        day=local.day,
        month=words.months[local.month - 1],
        year=local.year,
    )


def _amount(value: float | None, currency: str) -> str | None:
    return f"{value:.2f} {currency}" if value is not None else None


def order_messages(order: OrderInfo, topic: str, company: Company, language: str) -> Messages:
    """The responses (name and values) that answer ``topic`` (tracking the order or its
    refund) about ``order``, in ``language``."""
    words = locale(language)
    values: dict[str, Any] = {"order_number": order.order_number}
    if topic == TRACK_REFUND:
        amount = order.refund_amount if order.refund_amount is not None else order.total_amount
        values["refund_amount"] = _amount(amount, order.currency) or words.the_amount_due
        values["refund_date"] = _day(order.refund_updated_at, company, words) or words.a_recent_date
        response = f"utter_refund_{order.refund_status.value}"
        if order.refund_status is RefundStatus.REJECTED and order.refund_rejection is not None:
            # "why was my refund rejected?" gets the reason, not "we've emailed you why".
            response = f"{response}_{order.refund_rejection.value}"
        return [{"response": response, **values}]

    values["estimated_delivery"] = (
        _day(order.estimated_delivery, company, words) or words.not_known_yet
    )
    response = f"utter_order_{order.status.value}"
    if order.status is OrderStatus.SHIPPED:
        values["carrier"] = order.carrier or words.our_delivery_partner
        if order.tracking_number:
            values["tracking_number"] = order.tracking_number
        else:
            response = "utter_order_shipped_untracked"
    elif order.status is OrderStatus.DELIVERED:
        values["delivered_on"] = _day(order.delivered_at, company, words) or words.a_recent_date
        if order.refund_status is not RefundStatus.NONE:
            response = "utter_order_delivered_with_refund"
    messages = [{"response": response, **values}]
    if order.status in _WITH_REFUND and order.refund_status is not RefundStatus.NONE:
        # "where is my refund?" read as tracking the order ("ሪፈንድ ጠይቄ ነበር A1000009"):
        # the refund is what a cancelled or returned order's customer is waiting for.
        messages += order_messages(order, TRACK_REFUND, company, language)
    return messages


_WITH_REFUND = frozenset({OrderStatus.CANCELLED, OrderStatus.DELIVERED})


def _status_said_as(response: str, messages: Messages) -> Messages:
    """The tracking answer ``messages`` with its status said as ``response`` (with the same
    values), and the refund's status after it as before: "is already cancelled" for a
    request to cancel, not tracking's "was cancelled"."""
    status, *refund = messages
    return [{**status, "response": response}, *refund]


def _received(messages: Messages) -> Messages:
    """A delivered order's status said without tracking's "Can't find it? Check with your
    neighbours": asked to change it or where it goes, the customer has it (round 17: "I
    received A1000002 but the size is wrong" was told to ask the neighbours)."""
    if messages and messages[0]["response"] == "utter_order_delivered":
        return _status_said_as(DELIVERED_ON, messages)
    return messages


def contents_messages(messages: Messages) -> Messages:
    """A delivered order's tracking answer for a customer who says something in the parcel
    is missing, wrong or broken (:func:`bot.parcel_contents.says_contents_wrong`): its date,
    and that a person puts it right, not "Can't find it? Check with your neighbours"."""
    if not messages or messages[0]["response"] not in ("utter_order_delivered", DELIVERED_ON):
        return messages
    status, *rest = messages
    # asked to change it ("the wrong item came, can I change it?"): not "too late to change"
    refund = [message for message in rest if message["response"].startswith("utter_refund")]
    return [{**status, "response": CONTENTS_WRONG}, *refund]


def cancel_messages(order: OrderInfo, company: Company, language: str) -> Messages:
    """Whether ``order`` can be cancelled: one not shipped yet can (the steps); a delivered
    one gets its date and the return instead (and its refund, if one was asked for); one
    shipped or already cancelled gets its status (and, shipped, that it is too late)."""
    if order.status not in _SHIPPED and order.status is not OrderStatus.CANCELLED:
        return [{"response": NOT_SHIPPED, "order_number": order.order_number}]
    messages = order_messages(order, TRACK_ORDER, company, language)
    if order.status is OrderStatus.DELIVERED:
        return _status_said_as(DELIVERED, messages)
    if order.status is OrderStatus.CANCELLED:
        return _status_said_as(ALREADY_CANCELLED, messages)
    if order.status is OrderStatus.SHIPPED:
        messages.append({"response": TOO_LATE})
    return messages


def refund_messages(
    order: OrderInfo, company: Company, language: str, *, now: datetime | None = None
) -> Messages:
    """How to get ``order``'s money back: its refund's status when one was asked for, its
    status when it was cancelled; delivered, until when it can be returned (or that it no
    longer can); on its way, its status and that it can be returned once it arrives.

    Why: round 13 (Armenian, Amharic): "I want to return the item", then "A1000002", got
    the general return steps a second time, word for word, and then "that is all I can tell
    you": the order named was never looked at.
    """
    if order.refund_status is not RefundStatus.NONE:
        return order_messages(order, TRACK_REFUND, company, language)
    if order.status is OrderStatus.CANCELLED:
        return order_messages(order, TRACK_ORDER, company, language)
    if order.status not in _SHIPPED:
        # Round 15: "refund for A1000003" (not shipped) had been told it could be returned
        # once it arrived; cancelling it is how the money comes back, and sooner.
        return [*cancel_messages(order, company, language), {"response": REFUND_BY_CANCELLING}]
    if order.status is not OrderStatus.DELIVERED:
        return [*order_messages(order, TRACK_ORDER, company, language), {"response": RETURN_LATER}]
    if order.delivered_at is None:
        return [{"response": HOW_TO_GET_A_REFUND}]
    words = locale(language)
    return_by = order.delivered_at + timedelta(days=company.policies.refund_window_days)
    return [
        {
            "response": RETURN_OPEN if (now or datetime.now(UTC)) <= return_by else RETURN_CLOSED,
            "order_number": order.order_number,
            "delivered_on": _day(order.delivered_at, company, words) or words.a_recent_date,
            "return_by": _day(return_by, company, words),
        }
    ]


def address_messages(order: OrderInfo, company: Company, language: str) -> Messages:
    """Whether ``order``'s delivery address can still be changed: not shipped yet, it can
    (the steps, for that order); shipped, its status and that only the carrier can redirect
    it now; delivered or cancelled, its status.

    Why: round 15, "I need to change the address for A1000001" got the general steps
    ("before it ships... once it has shipped...") when the bot knew the order had shipped.
    """
    if order.status not in _SHIPPED and order.status is not OrderStatus.CANCELLED:
        return [{"response": ADDRESS_NOT_SHIPPED, "order_number": order.order_number}]
    messages = _received(order_messages(order, TRACK_ORDER, company, language))
    if order.status is OrderStatus.SHIPPED:
        messages.append({"response": ADDRESS_TOO_LATE})
    if order.status is OrderStatus.CANCELLED:
        return _status_said_as(ALREADY_CANCELLED, messages)
    return messages


def change_messages(order: OrderInfo, company: Company, language: str) -> Messages:
    """Whether ``order`` can still be changed (items, sizes, quantities): not packed yet, it
    can (the steps); being packed, it no longer can, but it can be cancelled; shipped or
    delivered, its status and that items can be returned; cancelled, that it is.

    Why: round 16, every language: "i want to change my order A1000003, wrong color" got the
    general "you can change an order until it is packed... no Edit button?" when the bot knew
    it was being packed (and "you can still cancel it" for one that had shipped).
    """
    if order.status is OrderStatus.PLACED:
        return [{"response": CHANGE_OPEN, "order_number": order.order_number}]
    if order.status is OrderStatus.PROCESSING:
        return [{"response": CHANGE_PACKING, "order_number": order.order_number}]
    messages = _received(order_messages(order, TRACK_ORDER, company, language))
    if order.status is OrderStatus.CANCELLED:
        return _status_said_as(ALREADY_CANCELLED, messages)
    return [*messages, {"response": CHANGE_TOO_LATE}]


def invoice_messages(order: OrderInfo, company: Company, language: str) -> Messages:
    """Where ``order``'s invoice is, named by its number.

    Why: round 20 (English, Georgian): "I need an invoice for my order", then "A1000002" (the
    order number the general answer leaves to the customer) got the order's delivery status
    and "Can't find it? Check with your neighbours"."""
    return [{"response": ORDER_INVOICE, "order_number": order.order_number}]


ANSWERS: Final[dict[str, Callable[[OrderInfo, Company, str], Messages]]] = {
    CANCEL_ORDER: cancel_messages,
    GET_REFUND: refund_messages,
    CHANGE_SHIPPING_ADDRESS: address_messages,
    CHANGE_ORDER: change_messages,
    GET_INVOICE: invoice_messages,
    CHECK_INVOICE: invoice_messages,
}
"""The requests about a named order whose answer is not its tracking status."""


def answer_about(order: OrderInfo, request: str, company: Company, language: str) -> Messages:
    """The answer to ``request`` (an intent) about ``order``: tracking, unless
    :data:`ANSWERS` has its own."""
    answer = ANSWERS.get(request)
    if answer is not None:
        return answer(order, company, language)
    return order_messages(order, request, company, language)
