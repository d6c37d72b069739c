"""The answers to "cancel my order" and "I want a refund", read against the order named.

Without an order number the answer is the general one: how to cancel and what it costs
(``utter_cancel_order``), how to get a refund (``utter_get_refund``). With one ("please
cancel order A1000001", "I'd like a refund for order A1000005"), the order is looked up
first, as the order form does, because the general steps are wrong for most orders a
customer names (:mod:`bot.actions.order_answers` says what each order gets): one that has
shipped cannot be cancelled, one already cancelled or refunded needs its status, not steps.
Shoppers were told to cancel shipped orders and to start returns for orders refunded days
before. An unknown number is said to be unknown, as tracking says it, then the general
answer; a failed lookup gets the general answer alone, since it is right whatever the
order.
"""

from __future__ import annotations

import logging
from abc import abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import Company, get_company
from bot.actions.context import conversation_context, conversation_language
from bot.actions.order_answers import (
    HOW_TO_CANCEL,
    HOW_TO_GET_A_REFUND,
    Messages,
    cancel_messages,
    refund_messages,
)
from bot.actions.orders import OrderInfo, OrderLookupError, order_lookup_for
from bot.actions.services import get_services
from bot.actions.store import get_store
from bot.actions.support import latest_text
from bot.changed_plans import takes_back_cancelling
from bot.order_numbers import find_order_number

logger = logging.getLogger(__name__)

NOT_FOUND = "utter_order_not_found"
"""A named order the shop does not know ("Please check the number"), before the steps."""
CANCELLING_TAKEN_BACK = "utter_cancelling_taken_back"
"""An order goes ahead until it is cancelled; a cancelled one cannot be restored."""


async def named_order(tracker: Tracker) -> tuple[str | None, OrderInfo | None]:
    """The one order number the latest message names, and its order if the shop knows it:
    ``(None, None)`` without a number (or with two), ``(number, None)`` when there is no
    such order or the lookup failed (logged; the number is then ``None`` too, since "not
    found" would not be true)."""
    number = find_order_number(latest_text(tracker))
    if number is None:
        return None, None
    lookup = order_lookup_for(get_services().settings, get_store())
    try:
        return number, await lookup.find(number, conversation_context(tracker).customer_id)
    except OrderLookupError:
        logger.exception("order lookup failed for conversation %s", tracker.sender_id)
        return None, None


class NamedOrderAnswer(Action):
    """The general answer (``general``), or, for a named order, :meth:`about` it."""

    general: str = ""

    @abstractmethod
    def name(self) -> str:
        """``action_answer_<request>``; abstract, so the action server registers only these."""

    @abstractmethod
    def about(self, order: OrderInfo, company: Company, language: str) -> Messages:
        """What to say about ``order`` (:mod:`bot.actions.order_answers`)."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        number, order = await named_order(tracker)
        if order is None:
            if number is not None:  # as tracking says it: not found, then the steps
                dispatcher.utter_message(response=NOT_FOUND, order_number=number)
            dispatcher.utter_message(response=self.general)
            return []
        company = get_company(get_services().settings)
        for message in self.about(order, company, conversation_language(tracker)):
            dispatcher.utter_message(**message)
        return []


class ActionAnswerCancelOrder(NamedOrderAnswer):
    """How to cancel, or whether the named order can be (:func:`cancel_messages`); or, to
    a customer taking cancelling back ("I cancelled it by mistake, can I undo it?":
    :func:`bot.changed_plans.takes_back_cancelling`), what that means."""

    general = HOW_TO_CANCEL

    def name(self) -> str:
        return "action_answer_cancel_order"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if takes_back_cancelling(latest_text(tracker)):
            # Round 14, every language: the steps to cancel had been the answer.
            dispatcher.utter_message(response=CANCELLING_TAKEN_BACK)
            return []
        return await super().run(dispatcher, tracker, domain)

    def about(self, order: OrderInfo, company: Company, language: str) -> Messages:
        return cancel_messages(order, company, language)


class ActionAnswerGetRefund(NamedOrderAnswer):
    """How to get a refund, or the named order's refund (:func:`refund_messages`)."""

    general = HOW_TO_GET_A_REFUND

    def name(self) -> str:
        return "action_answer_get_refund"

    def about(self, order: OrderInfo, company: Company, language: str) -> Messages:
        return refund_messages(order, company, language)
