"""The answer to "I want a refund", read against the order when the customer names it.

Without an order number the answer is how to get a refund (``utter_get_refund``: return the
items, then the refund). With one ("I'd like a refund for order A1000005 please"), the order
is looked up first, as for cancelling (:mod:`bot.actions.cancel_order`): a customer whose
refund was already asked for, paid or refused, or whose order was cancelled, needs its
status, not the return steps. Shoppers were told to start returns for an order refunded
days before, and never told that a refund had been refused. Any other order, an unknown
number (said to be unknown first) or a failed lookup gets the steps.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.cancel_order import NOT_FOUND, named_order
from bot.actions.company import get_company
from bot.actions.context import conversation_language
from bot.actions.order_answers import HOW_TO_GET_A_REFUND, refund_messages
from bot.actions.services import get_services


class ActionAnswerGetRefund(Action):
    """How to get a refund, or, for a named order, its refund (:func:`refund_messages`)."""

    def name(self) -> str:
        return "action_answer_get_refund"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        number, order = await named_order(tracker)
        if order is None:
            if number is not None:  # as tracking says it: not found, then the steps
                dispatcher.utter_message(response=NOT_FOUND, order_number=number)
            dispatcher.utter_message(response=HOW_TO_GET_A_REFUND)
            return []
        company = get_company(get_services().settings)
        for message in refund_messages(order, company, conversation_language(tracker)):
            dispatcher.utter_message(**message)
        return []
