"""The answer to "cancel my order", read against the order when the customer names it.

Without an order number the answer is how to cancel and what it costs (``utter_cancel_order``).
With one ("please cancel order A1000001"), the order is looked up first, as the order form
does, because the general steps are wrong for most orders a customer names: one that has
shipped cannot be cancelled (its status, then how to return it instead), and one that is
already cancelled needs no steps at all (its status and its refund). A delivered one gets
its date and the return instead (and its refund, if one was asked for), not the tracking
answer's "can't find it?". An order still being placed or packed is said to be cancellable,
with the steps; an unknown number is said to be unknown, as tracking says it, then the
general steps; a failed lookup gets the steps alone, since they are right whatever the
order.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import get_company
from bot.actions.context import conversation_context, conversation_language
from bot.actions.order_answers import HOW_TO_CANCEL, cancel_messages
from bot.actions.orders import OrderInfo, OrderLookupError, order_lookup_for
from bot.actions.services import get_services
from bot.actions.store import get_store
from bot.actions.support import latest_text
from bot.order_numbers import find_order_number

logger = logging.getLogger(__name__)

NOT_FOUND = "utter_order_not_found"
"""A named order the shop does not know ("Please check the number"), before the steps."""


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


class ActionAnswerCancelOrder(Action):
    """How to cancel, or, for a named order, whether it can be (:func:`cancel_messages`)."""

    def name(self) -> str:
        return "action_answer_cancel_order"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        number, order = await named_order(tracker)
        if order is None:
            if number is not None:  # as tracking says it: not found, then the steps
                dispatcher.utter_message(response=NOT_FOUND, order_number=number)
            dispatcher.utter_message(response=HOW_TO_CANCEL)
            return []
        company = get_company(get_services().settings)
        for message in cancel_messages(order, company, conversation_language(tracker)):
            dispatcher.utter_message(**message)
        return []
