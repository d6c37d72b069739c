"""A payment problem: the checklist, or, charged twice, that it is put right and a person."""

from __future__ import annotations

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from bot.actions.payment_issue import ActionAnswerPaymentIssue, says_charged_twice
from bot.actions.survey_flow import ActionSupportFollowup
from tests.bot.conftest import RunAction, action, bot, make_tracker, user


@pytest.mark.parametrize(
    "text",
    [
        "i was charged twice for order A1000002!!! fix it now",  # round 21
        "you double charged me",
        "ორჯერ ჩამომეჭრა თანხა",  # the money was taken twice
        "Ինձնից երկու անգամ գանձել են",  # I was charged twice
        "ካርዴ ሁለት ጊዜ ተቆርጧል",  # my card was charged twice
    ],
)
def test_charged_twice(text: str) -> None:
    assert says_charged_twice(text)


@pytest.mark.parametrize(
    "text", ["my card was declined twice", "the payment failed", "can I pay twice a month?"]
)
def test_not_charged_twice(text: str) -> None:
    assert not says_charged_twice(text)


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("i was charged twice for order A1000002!!!", "utter_charged_twice"),
        ("my card keeps getting declined", "utter_payment_issue"),
        # round 22: a discount code refused had got the card checklist
        ("my discount code SAVE10 isnt working at checkout", "utter_discount_code"),
        ("პრომოკოდი არ მუშაობს", "utter_discount_code"),  # the promo code doesn't work
    ],
)
def test_the_answer(run_action: RunAction, text: str, response: str) -> None:
    _events, messages = run_action(
        ActionAnswerPaymentIssue(), make_tracker([user(text, "payment_issue")])
    )
    assert [message["response"] for message in messages] == [response]


@pytest.mark.usefixtures("services")
def test_a_person_is_offered_after_a_double_charge_not_the_csat_question(
    run_action: RunAction,
) -> None:
    """Round 21, every language: "Did that solve your problem?" after the failed-payment
    checklist, for money taken twice."""
    tracker = make_tracker(
        [
            action("action_listen"),
            user("i was charged twice!!", "payment_issue"),
            action("action_answer_payment_issue"),
            bot("Sorry you were charged twice.", "utter_charged_twice"),
        ]
    )
    events, _messages = run_action(ActionSupportFollowup(), tracker)
    assert events == [SlotSet("csat_offered", False), FollowupAction("utter_offer_handoff")]
