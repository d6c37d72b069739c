"""The answer to "what delivery options do you have?"; or, when the customer asks whether we
deliver to a country or abroad (:mod:`bot.delivery_countries`), where we deliver: a plain yes
for a country we deliver to, named in any of our languages ("do you send to armenia",
"სომხეთში აგზავნით?", «Հայաստան առաքում եք»), else the list and that we deliver nowhere else
yet. Round 16: "do you send to armenia" had been told the list "and nowhere else"."""

from __future__ import annotations

import re
from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import Company, Localized, get_company
from bot.actions.context import conversation_language, latest_text
from bot.actions.language import SUPPORTED_LANGUAGES
from bot.actions.return_shipping import asks_about_return_shipping, return_shipping_answer
from bot.actions.services import get_services
from bot.delivery_countries import asks_where_we_deliver
from bot.message_words import normalised

DELIVERY_OPTIONS: Final = "utter_delivery_options"
DELIVERY_COUNTRIES: Final = "utter_delivery_countries"
DELIVERY_COUNTRY_YES: Final = "utter_delivery_country_yes"

_WORD = re.compile(r"[^\W\d_]+")
_MIN_STEM = 5
"""Names longer than this are matched without their last letter, so a case ending still
matches ("სომხეთი" in "სომხეთში", "Հայաստան" in "Հայաստանում"); shorter ones ("აშშ", «ԱՄՆ»)
only as the whole word."""


def country_named(text: str, company: Company) -> Localized | None:
    """The country we deliver to that ``text`` names, in any of our languages, else ``None``."""
    folded = normalised(text).casefold()
    words = _WORD.findall(folded)
    for country in company.delivery_countries:
        for language in SUPPORTED_LANGUAGES:
            name = country.in_(language).casefold().removeprefix("the ")
            if " " in name:
                if re.search(rf"(?<!\w){re.escape(name)}", folded):
                    return country
                continue
            if len(name) <= _MIN_STEM:
                if name in words:
                    return country
            elif any(word.startswith(name[:-1]) for word in words):
                return country
    return None


class ActionAnswerDeliveryOptions(Action):
    """The delivery options; or, asked about a country, whether and where we deliver."""

    def name(self) -> str:
        return "action_answer_delivery_options"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = latest_text(tracker)
        company = get_company(get_services().settings)
        if asks_about_return_shipping(text):  # "የመመለሻ መላኪያው ነፃ ነው?" (is return shipping free?)
            dispatcher.utter_message(response=return_shipping_answer(company))
            return []
        country = country_named(text, company)
        if country is not None:  # the options there too ("delivery options in Georgia?")
            named = country.in_(conversation_language(tracker))
            dispatcher.utter_message(response=DELIVERY_COUNTRY_YES, country=named)
        elif asks_where_we_deliver(text):
            dispatcher.utter_message(response=DELIVERY_COUNTRIES)
        else:
            dispatcher.utter_message(response=DELIVERY_OPTIONS)
        return []
