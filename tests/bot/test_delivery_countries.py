"""Whether we deliver to a country: asked in every language, answered with where we deliver
(action_answer_delivery_options). Round 15: "do you ship to Turkey?" after the delivery
options got the same options again and "that's all I can tell you"."""

from __future__ import annotations

import pytest

from bot.actions.delivery_options import ActionAnswerDeliveryOptions
from bot.delivery_countries import asks_where_we_deliver, names_a_place_alone
from bot.delivery_option_questions import asks_about_an_option
from tests.bot.conftest import RunAction, make_tracker, user

pytestmark = pytest.mark.usefixtures("services")

ABOUT_A_COUNTRY = [
    "do you ship to spain",
    "Do you deliver internationally?",
    "which countries do you ship to",
    "do you ship outside the US",
    "თურქეთში აგზავნით?",  # do you send to Turkey?
    "საზღვარგარეთ აგზავნით?",  # do you send abroad?
    "turqetshi agzavnit?",  # the same in Latin letters
    "Ռուսաստան առաքում եք?",  # do you deliver to Russia?
    "ուրիշ երկրներ ուղարկում եք?",  # do you send to other countries?
    "ወደ ውጭ አገር ትልካላችሁ?",  # do you send abroad?
    "ወደ ኬንያ ትልካላችሁ?",  # do you send to Kenya?
]
NOT_ABOUT_A_COUNTRY = [
    "what are the delivery options",
    "can you deliver to my office",
    "Do you deliver to parcel lockers or only to the door?",
    "express delivery?",
    "სახლში მომიტანთ?",  # will you bring it home?
    "ბათუმში მიწოდება გაქვთ?",  # do you deliver in Batumi? (a city: the options)
    "Ինչ տարբերակներ կան առաքման",  # what delivery options are there
    "ወደ ቤቴ ታደርሳላችሁ?",  # will you deliver to my home?
    "ወደ ክፍለ ሀገር ትልካላችሁ?",  # do you send to the regions? (in the country)
]


@pytest.mark.parametrize("text", ABOUT_A_COUNTRY)
def test_a_question_about_a_country_is_read(text: str) -> None:
    assert asks_where_we_deliver(text)


@pytest.mark.parametrize("text", NOT_ABOUT_A_COUNTRY)
def test_other_delivery_questions_are_not(text: str) -> None:
    assert not asks_where_we_deliver(text)


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("do you ship to Turkey?", "utter_delivery_countries"),
        ("ወደ ውጭ አገር ትልካላችሁ?", "utter_delivery_countries"),
        ("do you ship to the UK?", "utter_delivery_countries"),
        ("თურქეთში თუ აგზავნით?", "utter_delivery_countries"),  # do you send to Turkey?
        # Round 16: a country we deliver to had been told the list "and nowhere else"
        ("do you send to armenia", "utter_delivery_country_yes"),
        ("სომხეთში აგზავნით?", "utter_delivery_country_yes"),
        ("what delivery options do you have", "utter_delivery_options"),
        ("/delivery_options", "utter_delivery_options"),  # the button
        # Round 17: one option by name gets its days and price, not the list or "I'm a bot"
        ("and express?", "utter_delivery_option"),
        ("իսկ էքսպրե՞սը", "utter_delivery_option"),
        ("ፈጣኑስ?", "utter_delivery_option"),
        ("standard or express?", "utter_delivery_options"),  # two: the list
        # Round 20: weekends, not the list of countries and prices
        ("and what about weekends do they deliver saturday?", "utter_weekend_delivery"),
        ("შაბათ-კვირასაც მოგაქვთ?", "utter_weekend_delivery"),  # at the weekend too?
        ("ቅዳሜስ?", "utter_weekend_delivery"),  # and Saturday?
        # Round 17: is return shipping free? (read as a delivery question)
        ("የመመለሻ መላኪያው ነፃ ነው?", "utter_return_shipping_free"),
    ],
)
def test_the_delivery_options_answer_says_where_when_asked(
    run_action: RunAction, text: str, response: str
) -> None:
    tracker = make_tracker([user(text, "delivery_options")])
    _events, messages = run_action(ActionAnswerDeliveryOptions(), tracker)
    assert [m["response"] for m in messages] == [response]


@pytest.mark.parametrize(
    ("text", "language", "country"),
    [
        ("do you send to armenia", "en", "Armenia"),
        ("Հայաստան առաքում եք?", "hy", "Հայաստան"),  # do you deliver to Armenia?
        ("ወደ ኢትዮጵያ ትልካላችሁ?", "am", "ኢትዮጵያ"),  # do you send to Ethiopia?
        ("აშშ-ში აგზავნით?", "ka", "აშშ"),  # do you send to the USA?
    ],
)
def test_a_country_we_deliver_to_is_named_in_the_customers_language(
    run_action: RunAction, text: str, language: str, country: str
) -> None:
    tracker = make_tracker([user(text, "delivery_options")], slots={"language": language})
    _events, messages = run_action(ActionAnswerDeliveryOptions(), tracker)
    assert [(m["response"], m.get("country")) for m in messages] == [
        ("utter_delivery_country_yes", country)
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("and express?", "Express (1–2 business days, 12.99 USD)"),
        ("what about store pickup?", "Store pickup (2–3 business days, free)"),
        ("გატანა?", "Store pickup (2–3 business days, free)"),  # taking it away?
    ],
)
def test_one_option_named_is_said_with_its_days_and_price(
    run_action: RunAction, text: str, said: str
) -> None:
    tracker = make_tracker([user(text, "delivery_options")])
    _events, messages = run_action(ActionAnswerDeliveryOptions(), tracker)
    assert [m.get("delivery_option") for m in messages] == [said]


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("and express?", True),
        ("իսկ էքսպրե՞սը", True),  # and express?
        ("ექსპრესი?", True),
        ("ፈጣኑስ?", True),  # and the fast one?
        ("what about store pickup?", True),
        ("how much is express delivery to armenia and how long", False),  # the classifier's
        ("express 2 days?", False),
        ("what delivery options do you have", False),
        ("express delivery!", False),  # a survey's reason, no question
        ("American Express-ს იღებთ?", False),  # do you take American Express?
        ("ፈጣን ማድረስ", False),  # fast delivery (praise)
    ],
)
def test_a_short_question_naming_an_option_is_read(text: str, asks: bool) -> None:
    assert asks_about_an_option(text) is asks


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("and to Switzerland?", True),
        ("და სომხეთში?", True),  # and to Armenia?
        ("isk Shveycaria?", True),  # and Switzerland? (Armenian in Latin letters)
        ("wede kenya sa?", True),  # and to Kenya? (Amharic in Latin letters)
        ("to my office?", False),
        ("and to you?", False),
        ("sworia", False),  # "correct" (Georgian in Latin letters)
        ("what about klarna?", False),
    ],
)
def test_a_place_named_alone_is_read(text: str, alone: bool) -> None:
    assert names_a_place_alone(text) is alone
