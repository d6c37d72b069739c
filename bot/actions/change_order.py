"""The answer to "how do I change my order?", read against the order named; or, when the
change asked for is the day of delivery, how a delivery moves to another day.

Round 14, every language: "can u deliver A1000003 on monday instead, nobody home
thursday", "მიწოდების დღის შეცვლა შეიძლება?", «առաքման օրը փոխել», "የማድረሻ ቀኑን መቀየር
እችላለሁ?" got the steps to change the address or the items. Such messages are
``change_order`` by rule (:mod:`bot.changed_plans`); this action says what applies. Round 16,
every language: a change to a named order ("A1000004 შეკვეთაში ფერის შეცვლა მინდა") got the
general steps; it gets whether that order can still be changed
(:func:`~bot.actions.order_answers.change_messages`). Round 20, every language: an exchange
for another size or colour (:mod:`bot.exchanges`) got the steps to change an order before it
is packed; it gets how an exchange works.
"""

from __future__ import annotations

from typing import Final

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import Company
from bot.actions.context import latest_text
from bot.actions.named_order import NamedOrderAnswer
from bot.actions.order_answers import HOW_TO_CHANGE_ORDER, Messages, change_messages
from bot.actions.orders import OrderInfo
from bot.changed_plans import asks_to_change_delivery_day
from bot.exchanges import asks_to_exchange
from bot.order_numbers import find_order_number

CHANGE_DELIVERY_DAY: Final = "utter_change_delivery_day"
EXCHANGE: Final = "utter_exchange"


class ActionAnswerChangeOrder(NamedOrderAnswer):
    """How to move a delivery to another day; else how to change an order, or whether the
    named one can still be changed."""

    about_the_parcel = True

    general = HOW_TO_CHANGE_ORDER

    def name(self) -> str:
        return "action_answer_change_order"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if asks_to_change_delivery_day(latest_text(tracker)):
            dispatcher.utter_message(response=CHANGE_DELIVERY_DAY)
            return []
        text = latest_text(tracker)
        if asks_to_exchange(text) and find_order_number(text) is None:
            # "can I exchange these for a bigger size?": return and order again (round 20)
            dispatcher.utter_message(response=EXCHANGE)
            return []
        return await super().run(dispatcher, tracker, domain)

    def about(self, order: OrderInfo, company: Company, language: str) -> Messages:
        return change_messages(order, company, language)
