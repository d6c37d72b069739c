"""The answer to "how do I change my order?", or, when the change asked for is the day of
delivery, how a delivery moves to another day.

Round 14, every language: "can u deliver A1000003 on monday instead, nobody home
thursday", "მიწოდების დღის შეცვლა შეიძლება?", «առաքման օրը փոխել», "የማድረሻ ቀኑን መቀየር
እችላለሁ?" got the steps to change the address or the items. Such messages are
``change_order`` by rule (:mod:`bot.changed_plans`); this action says what applies.
"""

from __future__ import annotations

from bot.actions.answer_by_words import AnswerByWords
from bot.changed_plans import asks_to_change_delivery_day

CHANGE_ORDER = "utter_change_order"
CHANGE_DELIVERY_DAY = "utter_change_delivery_day"


class ActionAnswerChangeOrder(AnswerByWords):
    """How to change an order's items, or how to move its delivery to another day."""

    usual = CHANGE_ORDER
    instead = CHANGE_DELIVERY_DAY

    def name(self) -> str:
        return "action_answer_change_order"

    def asks_instead(self, text: str) -> bool:
        return asks_to_change_delivery_day(text)
