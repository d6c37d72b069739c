"""Answers that depend on the order the customer names: the general steps without one, what
applies to that order with one.

"Cancel A1000001", "I'd like a refund for order A1000005", "change the address of A1000003",
"cancel it then" after A1000003's status: the general steps are wrong for most orders a
customer names (one that has shipped cannot be cancelled or re-addressed, one already
refunded needs its refund's status), so the order is looked up first, as the order form
does, and :mod:`bot.actions.order_answers` says what it gets. An unknown number is said to
be unknown, as tracking says it, then the general answer; a failed lookup gets the general
answer alone, since it is right whatever the order.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import Company, get_company
from bot.actions.context import conversation_context, conversation_language, latest_text
from bot.actions.order_answers import CONTENTS_WRONG_UNNAMED, Messages, contents_messages
from bot.actions.order_follow_ups import order_just_named
from bot.actions.orders import OrderInfo, OrderLookupError, order_lookup_for
from bot.actions.services import get_services
from bot.actions.store import get_store
from bot.order_numbers import find_order_number
from bot.parcel_contents import says_contents_wrong

logger = logging.getLogger(__name__)

NOT_FOUND: Final = "utter_order_not_found"
"""A named order the shop does not know ("Please check the number"), before the steps."""


async def named_order(tracker: Tracker) -> tuple[str | None, OrderInfo | None]:
    """The one order number the latest message names (else the one the customer just named:
    :func:`~bot.actions.order_follow_ups.order_just_named`), and its order if the shop knows
    it: ``(None, None)`` without a number (or with two), ``(number, None)`` when there is no
    such order or the lookup failed (logged; the number is then ``None`` too, since "not
    found" would not be true)."""
    number = find_order_number(latest_text(tracker)) or order_just_named(tracker)
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
    # A delivered order's answer is about what was in the parcel when the customer says an
    # item in it is missing, wrong or broken (changing it: order_answers.contents_messages).
    about_the_parcel: bool = False

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
        contents_wrong = self.about_the_parcel and says_contents_wrong(latest_text(tracker))
        if number is None and contents_wrong:
            # "one item is wrong, i got a red one not blue": not how to change an order
            dispatcher.utter_message(response=CONTENTS_WRONG_UNNAMED)
            return []
        if order is None:
            if number is not None:  # as tracking says it: not found, then the steps
                dispatcher.utter_message(response=NOT_FOUND, order_number=number)
            dispatcher.utter_message(response=self.general)
            return []
        company = get_company(get_services().settings)
        messages = self.about(order, company, conversation_language(tracker))
        if contents_wrong:
            messages = contents_messages(messages)
        for message in messages:
            dispatcher.utter_message(**message)
        return []
