"""The answer to "what delivery options do you have?"; or, when the customer asks whether we
deliver to a country or abroad (:mod:`bot.delivery_countries`), where we deliver: a plain yes
for a country we deliver to, named in any of our languages ("do you send to armenia",
"სომხეთში აგზავნით?", «Հայաստան առաքում եք»), else the list and that we deliver nowhere else
yet. Round 16: "do you send to armenia" had been told the list "and nowhere else". Asked
about one option by name ("and express?", :mod:`bot.delivery_option_questions`), that
option's days and price (round 17: the whole list again, or "I'm a bot"). Asked about
weekends (:mod:`bot.weekend_delivery`), that we deliver on business days (round 20)."""

from __future__ import annotations

import re
from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import Company, DeliveryOption, Localized, describe_option, get_company
from bot.actions.context import conversation_language, latest_text
from bot.actions.language import SUPPORTED_LANGUAGES
from bot.actions.return_shipping import return_shipping_answer
from bot.actions.services import get_services
from bot.delivery_countries import asks_where_we_deliver, names_a_place_alone
from bot.delivery_option_questions import MAX_WORDS as MAX_OPTION_WORDS
from bot.message_words import normalised, without_in_word_marks
from bot.return_questions import asks_about_return_shipping
from bot.weekend_delivery import asks_about_weekend_delivery

DELIVERY_OPTIONS: Final = "utter_delivery_options"
DELIVERY_COUNTRIES: Final = "utter_delivery_countries"
DELIVERY_COUNTRY_YES: Final = "utter_delivery_country_yes"
DELIVERY_OPTION: Final = "utter_delivery_option"
WEEKEND_DELIVERY: Final = "utter_weekend_delivery"

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


_GENERIC = frozenset({
    "delivery", "shipping", "store", "მიწოდება", "მიწოდების", "առաքում", "վերցնել", "መውሰድ",
    "ማድረሻ",
})  # fmt: skip
"""Words of an option's name that name no option of their own ("delivery" in "ექსპრეს-
მიწოდება", express delivery; "take" in «Վերցնել խանութից», take from the store)."""
_PREFIX = 5
"""Letters a customer's word and an option's word must begin with alike ("ექსპრესი" and
"ექსპრეს", «էքսպրեսը» and «Էքսպրես»); fewer for a shorter name word ("ፈጣኑስ" and "ፈጣን")."""


def option_named(text: str, company: Company) -> DeliveryOption | None:
    """The one delivery option a short message names ("and express?", «իսկ էքսպրե՞սը»,
    "ፈጣኑስ?"), in any of our languages; ``None`` for none, two, or a longer message."""
    said = _WORD.findall(normalised(without_in_word_marks(text)).casefold())
    if not said or len(said) > MAX_OPTION_WORDS:
        return None
    named = []
    for option in company.delivery:
        names = {
            word
            for language in SUPPORTED_LANGUAGES
            for word in _WORD.findall(option.name.in_(language).casefold())
            if word not in _GENERIC
        }
        if any(_alike(word, name) for word in said for name in names):
            named.append(option)
    return named[0] if len(named) == 1 else None


def _alike(word: str, name: str) -> bool:
    length = min(_PREFIX, len(name) - 1) if len(name) > 2 else len(name)
    return len(word) >= length and word[:length] == name[:length]


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
        if asks_about_weekend_delivery(text):  # "what about weekends?": business days
            dispatcher.utter_message(response=WEEKEND_DELIVERY)
            return []
        option = option_named(text, company)
        if option is not None:  # "and express?": that option's days and price
            language = conversation_language(tracker)
            described = describe_option(company, option, language)
            dispatcher.utter_message(response=DELIVERY_OPTION, delivery_option=described)
            return []
        country = country_named(text, company)
        if country is not None:  # the options there too ("delivery options in Georgia?")
            named = country.in_(conversation_language(tracker))
            dispatcher.utter_message(response=DELIVERY_COUNTRY_YES, country=named)
        elif asks_where_we_deliver(text) or names_a_place_alone(text):
            dispatcher.utter_message(response=DELIVERY_COUNTRIES)  # "and to Switzerland?"
        else:
            dispatcher.utter_message(response=DELIVERY_OPTIONS)
        return []
