""" "What if it doesn't come by then?" is ``ask_if_late`` by rule (bot/late_questions.py), and
is answered for the refund or the delivery the conversation is about
(action_answer_if_late)."""

from __future__ import annotations

import pytest

from bot.actions.follow_up_questions import ActionAnswerIfLate
from bot.late_questions import asks_if_damaged, asks_if_late
from tests.bot.conftest import RunAction, action, bot, make_tracker, user

ASKS = [
    "what if it doesn't come by then?",
    "and if it doesn't arrive by then?",
    "what if it's late?",
    "so if my parcel is lost?",
    "and if the parcel gets lost?",
    # a question after a sentence: the last sentence asks
    "I was asking about my REFUND not delivery. what if the refund doesn't show up in 10 days",
    "და თუ არ მოვიდა?",  # and if it doesn't come?
    "თუ დაიგვიანა რა ვქნა",  # if it's late what do I do
    "իսկ եթե մինչև այդ չհասնի՞",  # and if it doesn't arrive by then?
    "իսկ եթե չորեքշաբթի չբերեն, ի՞նչ անեմ",  # and if they don't bring it on Wednesday?
    "իսկ եթե 10 օրից հետո էլ չգա՞",  # and if it still hasn't come after 10 days?
    "լավ, իսկ վաղը չգա՞",  # ok, and if it doesn't come tomorrow? (round 18: read as goodbye)
    "inch kanem ete chstanam?",  # what do I do if I don't receive it? (Latin letters)
    "እስከዚያ ካልደረሰስ?",  # and if it hasn't arrived by then?
    "እስከዚያ ቀን ድረስ ባይደርሰኝስ ምን ይደረጋል?",  # round 18: what if it hasn't reached me by then?
    "ok, banke lay kalgeba min ladrg?",  # if it doesn't show in my bank, what do I do?
    "10 ቀን በጣም ረጅም ነው። ከዚያ ካልደረሰኝስ?",  # 10 days is long. and if I don't get it then?
]
DOES_NOT_ASK = [
    "what if I want to cancel?",
    "and if I ordered 2 hours ago?",
    "if it is late again i will complain",  # no question
    "when will it arrive?",
    "what if i pay with paypal?",
    "what if I lost the receipt?",  # round 18: the refund answer
    "իսկ եթե չափսը մեծ լինի՞",  # and if the size is too big?
    # training sentences the first draft took: "if I cancel", "if I don't like it"
    "Եթե չեղարկեմ, գումար կկորցնե՞մ",
    "Եթե ապրանքը դուր չգա, գումարը կվերադարձնե՞ք",
    "ნივთი თუ არ მომეწონა, ფულს დამიბრუნებთ?",
    "do you know if it's too late to cancel order A-48213?",
    "ካልሲ ትሸጣላችሁ?",  # do you sell socks? (ካል- is not "if not" here)
    "it was supposed to come last week and nobody answers my emails, so what if it never "
    "comes and you keep my money for good?",  # too long: a complaint, with more in it
]


@pytest.mark.parametrize("text", ASKS)
def test_asking_what_if_it_is_late_is_read(text: str) -> None:
    assert asks_if_late(text)


@pytest.mark.parametrize("text", DOES_NOT_ASK)
def test_other_questions_are_not(text: str) -> None:
    assert not asks_if_late(text)


def _after(response: str, question: str) -> list[dict[str, object]]:
    return [
        action("action_listen"),
        user("where is A1000001?", "track_order"),
        action("action_lookup_order"),
        bot("...", response),
        action("action_support_followup"),
        bot("Did that solve your problem?", "utter_ask_csat_score"),
        action("action_listen"),
        user(question, "ask_if_late", confidence=1.0),
    ]


@pytest.mark.parametrize(
    ("response", "question", "answer"),
    [
        ("utter_order_shipped", "what if it doesn't come by then?", "utter_if_delivery_late"),
        ("utter_order_shipped", "እስከዚያ ካልደረሰስ?", "utter_if_delivery_late"),
        # Round 17: after a refund's timeline the same words are about the refund
        ("utter_refund_approved", "and if it doesn't arrive by then?", "utter_if_refund_late"),
        ("utter_refund_approved", "իսկ եթե 10 օրից հետո էլ չգա՞", "utter_if_refund_late"),
        # words of their own decide
        ("utter_order_shipped", "and if the money doesn't come?", "utter_if_refund_late"),
        ("utter_refund_approved", "and if my parcel is lost?", "utter_if_delivery_late"),
        # Round 22: damaged, before anything was (an urgent complaint case had been opened)
        ("utter_get_refund", "და თუ დაზიანებულია?", "utter_if_damaged"),  # and if it's damaged?
        ("utter_get_refund", "ቢበላሽስ?", "utter_if_damaged"),  # and if it gets damaged?
    ],
)
def test_the_answer_is_about_the_refund_or_the_delivery(
    run_action: RunAction, response: str, question: str, answer: str
) -> None:
    _events, messages = run_action(ActionAnswerIfLate(), make_tracker(_after(response, question)))
    assert [message["response"] for message in messages] == [answer]


def test_the_survey_between_the_answer_and_the_question_is_not_counted(
    run_action: RunAction,
) -> None:
    """Round 19 (Amharic): "what if it hasn't come in 10 days?" typed for "What was missing?"
    after a refund's status, and read again after the thanks, was answered about the parcel:
    the refund's answer was four messages back."""
    question = "በ10 ቀን ውስጥ ካልደረሰስ ምን ላድርግ?"  # what if it hasn't come in 10 days?
    events = [
        *_after("utter_refund_approved", "-")[:-1],
        user("አይ", "deny"),
        bot("Sorry about that. What was missing?", "utter_ask_csat_comment"),
        action("action_listen"),
        user(question, "ask_if_late", confidence=1.0),
        bot("Thank you for telling us; we'll look into it.", "utter_thanks_csat_low"),
        action("action_listen"),
        user(question, "ask_if_late", confidence=1.0),
    ]
    _events, messages = run_action(ActionAnswerIfLate(), make_tracker(events))
    assert [message["response"] for message in messages] == ["utter_if_refund_late"]


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("what if it's damaged?", True),
        ("իսկ եթե վնասված է", True),  # and if it's damaged
        ("ዕቃው ከተበላሸስ?", True),  # and if the item is damaged?
        ("isk ete vnasvac e?", True),
        ("my item arrived damaged, what should I do?", False),  # it is: parcel_contents
        ("what if it doesn't come?", False),  # late
    ],
)
def test_asking_what_if_it_is_damaged_is_read(text: str, asks: bool) -> None:
    assert asks_if_damaged(text) is asks
