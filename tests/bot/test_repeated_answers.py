"""The same support answer asked for again: "that is all I can tell you", and a person offered."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.actions.repeated_answers import repeats_an_answer
from bot.actions.survey_flow import ActionSupportFollowup
from feedback_api.models import SurveyResponse
from feedback_api.policy import SurveyKind
from tests.bot.conftest import RunAction, action, bot, loop, make_tracker, slot, user

pytestmark = pytest.mark.usefixtures("services")

RESET = "To reset your password, go to https://shop.example/reset ..."


def _answer(text: str, response: str = "utter_recover_password") -> list[dict[str, Any]]:
    return [action(response), bot(text, response), action("action_support_followup")]


def _asked_twice(second_answer: str = RESET) -> Any:
    return make_tracker(
        [
            action("action_listen"),
            user("how do i reset my password", "recover_password"),
            *_answer(RESET),
            slot("csat_offered", True),
            action("action_listen"),
            user("the reset email isn't coming", "recover_password"),
            action("utter_recover_password"),
            bot(second_answer, "utter_recover_password"),
        ]
    )


def test_the_same_answer_again_offers_a_person(run_action: RunAction) -> None:
    events, messages = run_action(ActionSupportFollowup(), _asked_twice())
    assert events == [SlotSet("csat_offered", False), FollowupAction("utter_offer_handoff")]
    assert [message["response"] for message in messages] == ["utter_same_answer_again"]


SHIPPED = "Order A1000001 is on its way with UPS. Estimated delivery: Wednesday, 9 December."


@pytest.mark.parametrize("question", ["when will it arrive?", "իսկ ե՞րբ կհասնի", "መቼ ይደርሳል?"])
def test_asked_when_again_after_the_date_is_told_the_date_is_all_we_have(
    run_action: RunAction, question: str
) -> None:
    """Round 20, every language: the status again, then "that is all I can tell you" and a
    person offered, for a date already given."""
    tracker = make_tracker(
        [
            action("action_listen"),
            user("where is A1000001", "track_order"),
            *_answer(SHIPPED, "utter_order_shipped"),
            slot("csat_offered", False),
            action("action_listen"),
            user(question, "track_order"),
            action("action_lookup_order"),
            bot(SHIPPED, "utter_order_shipped"),
        ]
    )
    events, messages = run_action(ActionSupportFollowup(), tracker)
    assert events == [SlotSet("csat_offered", False)]
    assert [message["response"] for message in messages] == ["utter_estimate_is_latest"]


def test_news_is_not_a_repeat(run_action: RunAction) -> None:
    """Another order's status, or the same answer in the language switched to, is news:
    the CSAT question as usual."""
    events, messages = run_action(
        ActionSupportFollowup(), _asked_twice("პაროლის აღსადგენად გადადით ...")
    )
    assert events == [SlotSet("csat_offered", True)]
    assert messages == []


def test_only_the_answer_itself_counts() -> None:
    """A "sorry about the trouble" said before two different answers is no repeat."""
    tracker = make_tracker(
        [
            user("my parcel is late", "track_order"),
            bot("Sorry about the trouble.", "utter_sorry_for_trouble"),
            bot("Order A1000001 is on its way.", "utter_order_shipped"),
            user("and A1000002?", "track_order"),
            bot("Sorry about the trouble.", "utter_sorry_for_trouble"),
            bot("Order A1000002 was delivered.", "utter_order_delivered"),
        ]
    )
    assert not repeats_an_answer(tracker)


def test_the_first_answer_is_never_a_repeat() -> None:
    tracker = make_tracker([user("how do i reset my password", "recover_password"), bot(RESET)])
    assert not repeats_an_answer(tracker)


def test_no_offer_while_a_form_waits(run_action: RunAction) -> None:
    """A repeated answer given as a digression in a form: the form comes back, no offer."""
    tracker = make_tracker(_asked_twice().events + [loop("nps_form")], active_loop="nps_form")
    events, messages = run_action(ActionSupportFollowup(), tracker)
    assert FollowupAction("utter_offer_handoff") not in events
    assert messages == []


def test_the_open_csat_question_is_dismissed_not_asked_again(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 12: "can i pay cash on delivery" under "Did that solve your problem?" got the
    list of payment methods again and the same CSAT question under it."""
    methods = "We accept Visa, Mastercard and PayPal."
    events = [
        action("action_listen"),
        user("what payment methods do you accept", "check_payment_methods"),
        *_answer(methods, "utter_check_payment_methods"),
        slot("csat_offered", True),
        action("csat_form"),
        loop("csat_form"),
        bot("Did that solve your problem?", "utter_ask_csat_score"),
        slot("requested_slot", "csat_score"),
        action("action_listen"),
        user("can i pay cash on delivery", "check_payment_methods"),
        action("utter_check_payment_methods"),
        bot(methods, "utter_check_payment_methods"),
    ]
    tracker = make_tracker(events, active_loop="csat_form")
    result, messages = run_action(ActionSupportFollowup(), tracker)
    assert result[0] == ActiveLoop(None)
    assert result[-2:] == [SlotSet("csat_offered", False), FollowupAction("utter_offer_handoff")]
    assert [message["response"] for message in messages] == ["utter_same_answer_again"]
    with Session(engine) as session:
        (answer,) = session.scalars(select(SurveyResponse))
    assert (answer.kind, answer.score) == (SurveyKind.CSAT, None)  # offered, not answered
