"""The answer to "what delivery options do you have?", or, when the customer asks whether
we deliver to a country or abroad (:mod:`bot.delivery_countries`), where we deliver and
that we deliver nowhere else yet."""

from __future__ import annotations

from typing import Final

from bot.actions.answer_by_words import AnswerByWords
from bot.delivery_countries import asks_where_we_deliver

DELIVERY_OPTIONS: Final = "utter_delivery_options"
DELIVERY_COUNTRIES: Final = "utter_delivery_countries"


class ActionAnswerDeliveryOptions(AnswerByWords):
    """The delivery options, or the countries we deliver to."""

    usual = DELIVERY_OPTIONS
    instead = DELIVERY_COUNTRIES

    def name(self) -> str:
        return "action_answer_delivery_options"

    def asks_instead(self, text: str) -> bool:
        return asks_where_we_deliver(text)
