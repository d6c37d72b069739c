"""The answers to "cancel my order" and "I want a refund", read against the order named.

Without an order number the answer is the general one: how to cancel and what it costs
(``utter_cancel_order``), how to get a refund (``utter_get_refund``). With one, what applies
to that order (:mod:`bot.actions.named_order`): shoppers had been told to cancel shipped
orders and to start returns for orders refunded days before.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import Company
from bot.actions.named_order import NamedOrderAnswer
from bot.actions.order_answers import (
    HOW_TO_CANCEL,
    HOW_TO_GET_A_REFUND,
    Messages,
    cancel_messages,
    refund_messages,
)
from bot.actions.orders import OrderInfo
from bot.actions.support import latest_text
from bot.changed_plans import takes_back_cancelling

CANCELLING_TAKEN_BACK = "utter_cancelling_taken_back"
"""An order goes ahead until it is cancelled; a cancelled one cannot be restored."""


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
