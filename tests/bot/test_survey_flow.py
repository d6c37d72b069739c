"""Who may start a survey, and ending one early: triggers, throttle, one survey a session."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import ActionExecuted, ActiveLoop, FollowupAction, SlotSet
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.actions.contact_withdrawal import ActionAnswerNo
from bot.actions.context import survey_idempotency_key
from bot.actions.services import Services, use_services
from bot.actions.support import ActionSkipWithNothingAsked
from bot.actions.survey import ActionSubmitNps
from bot.actions.survey_flow import (
    ActionOfferSurveyAtEnd,
    ActionSkipSurvey,
    ActionStartNps,
    ActionSupportFollowup,
)
from feedback_api.db import make_engine, session_factory
from feedback_api.models import Conversation, SurveyOffer, SurveyResponse
from feedback_api.policy import SurveyKind
from feedback_api.settings import Settings
from tests.bot.conftest import (
    RunAction,
    action,
    bot,
    completed_survey,
    csat_until_score,
    loop,
    make_tracker,
    nps_until_score,
    slot,
    survey_until_reason,
    user,
)

METADATA = {"customer_id": "c-42", "campaign": "spring", "language": "en"}

pytestmark = pytest.mark.usefixtures("services")


def offers(engine: Engine) -> list[tuple[str, str | None]]:
    with Session(engine) as session:
        rows = session.scalars(select(SurveyOffer).order_by(SurveyOffer.id))
        return [(row.kind.value, row.campaign) for row in rows]


def stored(engine: Engine) -> list[SurveyResponse]:
    with session_factory(engine)() as session:
        return list(session.scalars(select(SurveyResponse).order_by(SurveyResponse.id)))


def answered_before(run_action: RunAction, customer_id: str = "c-42") -> None:
    """The customer answered an NPS survey in an earlier conversation (the throttle)."""
    tracker = make_tracker(
        completed_survey(score="9", reason="great", metadata={"customer_id": customer_id}),
        sender_id="earlier",
        slots={"nps_score": 9, "nps_reason": "great"},
    )
    run_action(ActionSubmitNps(), tracker)


def trigger(entities: dict[str, str] | None = None, **metadata: Any) -> dict[str, Any]:
    """A campaign's start_nps, as Rasa's trigger_intent endpoint logs it."""
    event = user("EXTERNAL: start_nps", "start_nps", metadata={"is_external": True, **metadata})
    event["parse_data"]["entities"] = [
        {"entity": name, "value": value} for name, value in (entities or {}).items()
    ]
    return event


# --- action_start_nps ----------------------------------------------------------------------


def test_a_customer_who_asks_always_gets_the_survey(run_action: RunAction, engine: Engine) -> None:
    answered_before(run_action)
    tracker = make_tracker([user("I want to give feedback", "give_feedback", metadata=METADATA)])
    events, messages = run_action(ActionStartNps(), tracker)
    assert events == [SlotSet("survey_offered", True)]
    assert messages == []
    assert offers(engine) == [("nps", "spring")]


@pytest.mark.parametrize(
    ("text", "praise"),
    [
        # (the tests' analyzer is TextBlob: praise it reads clearly positive)
        ("excellent service, wonderful people", True),
        ("I want to give feedback", False),  # a request to rate us: the survey as before
        ("I'd love to leave you a review, you're great", False),  # names what it offers
        ("great", False),  # too short to be a reason
    ],
)
def test_praise_said_unasked_is_thanked_and_kept_as_the_reason(
    run_action: RunAction, text: str, praise: bool
) -> None:
    """Round 13: "hi", then "you guys are great, love the shop" (read as give_feedback) got
    the 0-10 question alone, and "why?" after the score for what was just said."""
    tracker = make_tracker([user(text, "give_feedback", metadata=METADATA)])
    events, messages = run_action(ActionStartNps(), tracker)
    if praise:
        assert events == [SlotSet("survey_offered", True), SlotSet("nps_reason", text)]
        assert [message["response"] for message in messages] == ["utter_praise_noted"]
    else:
        assert events == [SlotSet("survey_offered", True)]
        assert messages == []


@pytest.mark.parametrize(
    ("text", "confidence"),
    [("Իսկ 43?", 1.0), ("43", 1.0), ("size 42 or 43", 1.0), ("ta-ra", 0.45)],
)
def test_a_number_that_is_no_score_is_not_understood_not_a_survey(
    run_action: RunAction, engine: Engine, text: str, confidence: float
) -> None:
    """Round 13: «Իսկ 43?» (and 43?) after a question about shoe sizes, read as a score, got
    "please answer this question" and the 0-10 question. Round 22: "ta-ra" (bye), read as a
    score unsure, too."""
    tracker = make_tracker([user(text, "inform_score", confidence=confidence, metadata=METADATA)])
    events, messages = run_action(ActionStartNps(), tracker)
    assert events[0] == SlotSet("survey_offered", False)
    again = events[-1]
    assert again["event"] == "user" and again["parse_data"]["intent"]["name"] == "nlu_fallback"
    assert messages == []
    assert offers(engine) == []


def test_a_score_typed_out_of_the_blue_asks_the_question_and_stores_nothing(
    run_action: RunAction, engine: Engine
) -> None:
    # (a score out of ten given to us, "I'd give you a 9 out of 10", answers the question:
    # see the test after the next)
    tracker = make_tracker([user("I give you 9", "inform_score", metadata=METADATA)])
    events, messages = run_action(ActionStartNps(), tracker)
    assert events == [SlotSet("survey_offered", True)]  # the rules start nps_form: its question
    assert [message["response"] for message in messages] == ["utter_score_needs_question"]
    assert offers(engine) == [("nps", "spring")]
    assert stored(engine) == []


@pytest.mark.parametrize(
    ("text", "score"), [("I'd recommend you, 10", 10), ("I'd give you a 9 out of 10", 9)]
)
def test_a_score_given_in_the_questions_own_words_starts_the_survey_with_it(
    run_action: RunAction, engine: Engine, text: str, score: int
) -> None:
    """Round 12: "I'd recommend you, 10" had been asked the 0-10 question again; the form
    starts with the 10 (validated as any answer) and asks "why?". Round 13: a score out of
    ten given to us too."""
    tracker = make_tracker([user(text, "inform_score", metadata=METADATA)])
    events, messages = run_action(ActionStartNps(), tracker)
    assert events == [SlotSet("survey_offered", True), SlotSet("nps_score", score)]
    assert messages == []
    assert offers(engine) == [("nps", "spring")]


def test_a_score_right_after_the_review_answer_is_the_answer(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 14: "review", then "2 out of 10" (the review answer offers to ask how we are
    doing overall) had been asked the question first, and the 2 was lost when the customer
    went on to complain."""
    offered = bot("Thanks for wanting to share your opinion! ...", "utter_review")
    tracker = make_tracker(
        [user("review", "review", metadata=METADATA), offered, user("2 out of 10", "inform_score")]
    )
    events, messages = run_action(ActionStartNps(), tracker)
    assert events == [SlotSet("survey_offered", True), SlotSet("nps_score", 2)]
    assert messages == []


def test_a_score_typed_right_after_the_csat_thanks_is_not_an_nps_answer(
    run_action: RunAction, engine: Engine
) -> None:
    """An Amharic shopper's "no sorry, not 5, it's 3" after the CSAT thank-you started the
    NPS question, and their 3 was stored as "would you recommend us?". Where the answer
    cannot be changed (no score in the slots when it was stored), the customer is told so;
    tests/bot/test_survey_revision.py changes one that can."""
    answered = [
        *csat_until_score(),
        user("5", "inform_score"),
        action("action_submit_csat"),
        bot("Thanks for letting us know!", "utter_thanks_csat"),
        action("action_listen"),
    ]
    tracker = make_tracker([*answered, user("አይ ይቅርታ 5 አይደለም፣ 3 ነው", "inform_score")])
    events, messages = run_action(ActionStartNps(), tracker)
    assert events == [SlotSet("survey_offered", False)]
    assert [message["response"] for message in messages] == ["utter_csat_already_saved"]
    assert offers(engine) == []


def test_a_campaign_starts_the_survey_with_its_campaign(
    run_action: RunAction, engine: Engine
) -> None:
    tracker = make_tracker([trigger({"campaign": "autumn-mail", "customer_id": "c-9"})])
    events, _ = run_action(ActionStartNps(), tracker)
    assert events == [SlotSet("survey_offered", True)]
    assert offers(engine) == [("nps", "autumn-mail")]
    with Session(engine) as session:
        conversation = session.scalars(select(Conversation)).one()
        assert conversation.customer is not None
        assert conversation.customer.external_id == "c-9"


def test_a_campaign_does_not_ask_a_recently_surveyed_customer(
    run_action: RunAction, engine: Engine
) -> None:
    answered_before(run_action)
    tracker = make_tracker([trigger({"customer_id": "c-42", "campaign": "autumn"})])
    events, messages = run_action(ActionStartNps(), tracker)
    assert events == [SlotSet("survey_offered", False)]
    assert messages == []  # not a word about a survey
    assert offers(engine) == []


def test_a_widget_trigger_is_throttled_too(run_action: RunAction) -> None:
    answered_before(run_action)
    widget = user("/start_nps", "start_nps", metadata={"trigger": "nps", **METADATA})
    events, _ = run_action(ActionStartNps(), make_tracker([widget]))
    assert events == [SlotSet("survey_offered", False)]


def test_a_campaign_does_not_ask_twice_in_a_conversation(run_action: RunAction) -> None:
    tracker = make_tracker([*completed_survey(), action("action_submit_nps"), trigger()])
    events, _ = run_action(ActionStartNps(), tracker)
    assert events == [SlotSet("survey_offered", False)]


def test_the_throttle_can_be_switched_off(
    run_action: RunAction, settings: Settings, engine: Engine
) -> None:
    answered_before(run_action)
    relaxed = settings.model_copy(update={"survey_throttle_days": 0})
    with use_services(Services(relaxed, engine=engine)):
        events, _ = run_action(ActionStartNps(), make_tracker([trigger({"customer_id": "c-42"})]))
    assert events == [SlotSet("survey_offered", True)]


def test_a_database_outage_does_not_stop_the_survey(
    run_action: RunAction, settings: Settings, tmp_path: Any
) -> None:
    unmigrated = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with use_services(Services(settings, engine=unmigrated)):
        events, _ = run_action(ActionStartNps(), make_tracker([trigger({"customer_id": "c-1"})]))
    unmigrated.dispose()
    assert events == [SlotSet("survey_offered", True)]


# --- action_support_followup (CSAT after a support answer) --------------------------------


def _support_answer(*earlier: dict[str, Any], metadata: dict[str, Any] | None = None) -> Any:
    return make_tracker(
        [
            *earlier,
            user("what is your refund policy?", "check_refund_policy", metadata=metadata),
            action("utter_check_refund_policy"),
            bot("You can return items within 30 days.", "utter_check_refund_policy"),
        ]
    )


def test_csat_follows_a_support_answer(run_action: RunAction, engine: Engine) -> None:
    events, messages = run_action(ActionSupportFollowup(), _support_answer(metadata=METADATA))
    assert events == [SlotSet("csat_offered", True)]
    assert messages == []
    assert offers(engine) == [("csat", "spring")]


@pytest.mark.parametrize("answer", ["utter_order_delivered_contents_wrong", "utter_contents_wrong"])
def test_a_person_is_offered_for_something_wrong_in_a_delivered_parcel(
    run_action: RunAction, engine: Engine, answer: str
) -> None:
    """Round 18: a missing item is put right by a person, not rated with "Did that solve
    your problem?"."""
    tracker = make_tracker(
        [
            user("one item is missing from A1000002", "track_order"),
            action("action_lookup_order"),
            bot("I'm sorry something in it isn't right ...", answer),
        ]
    )
    events, messages = run_action(ActionSupportFollowup(), tracker)
    assert events == [SlotSet("csat_offered", False), FollowupAction("utter_offer_handoff")]
    assert messages == []
    assert offers(engine) == []


def test_csat_is_asked_once_per_conversation(run_action: RunAction) -> None:
    tracker = make_tracker(
        [
            *csat_until_score(),
            user("5", "inform_score"),
            loop(None),
            user("how do I get an invoice?", "get_invoice"),
            action("utter_get_invoice"),
            bot("Invoices are under My orders.", "utter_get_invoice"),
        ]
    )
    events, _ = run_action(ActionSupportFollowup(), tracker)
    assert events == [SlotSet("csat_offered", False)]


def test_no_csat_for_a_recently_surveyed_customer(run_action: RunAction, engine: Engine) -> None:
    answered_before(run_action)
    events, _ = run_action(ActionSupportFollowup(), _support_answer(metadata=METADATA))
    assert events == [SlotSet("csat_offered", False)]
    assert offers(engine) == []


def test_no_csat_while_another_form_runs(run_action: RunAction) -> None:
    tracker = make_tracker(survey_until_reason(), active_loop="nps_form")
    events, _ = run_action(ActionSupportFollowup(), tracker)
    assert events == [SlotSet("csat_offered", False)]


def _nps_left_for(request: str, *, started: int = 1) -> list[dict[str, Any]]:
    """The NPS question asked (``started`` times), then left for a tracking request that
    the order form answered."""
    asked = [
        action("nps_form"),
        loop("nps_form"),
        bot("How likely are you to recommend Acme Shop?", "utter_ask_nps_score"),
        slot("requested_slot", "nps_score"),
        action("action_listen"),
    ]
    return [
        user("I want to give feedback", "give_feedback"),
        action("action_start_nps"),
        slot("survey_offered", True),
        *asked * started,
        user(request, "track_order"),
        action("nps_form"),
        {"event": "action_execution_rejected", "timestamp": None, "name": "nps_form"},
        action("order_number_form"),
        loop("order_number_form"),
        loop(None),
        action("action_lookup_order"),
        bot("Order A1000001 is on its way.", "utter_order_shipped"),
    ]


def test_the_nps_question_left_for_a_tracking_request_is_asked_again(
    run_action: RunAction, engine: Engine
) -> None:
    """Shoppers in all four languages: "where's A1000001?" in place of the score was
    answered, the survey never came back, and the score typed next was refused as stray."""
    tracker = make_tracker(_nps_left_for("wait where's A1000001"))
    events, messages = run_action(ActionSupportFollowup(), tracker)
    assert events == [
        SlotSet("csat_offered", False),
        {"event": "followup", "timestamp": None, "name": "nps_form"},
    ]
    assert [message["response"] for message in messages] == ["utter_back_to_survey"]
    assert offers(engine) == []  # the offer was counted when it was first made


@pytest.mark.parametrize(
    "after",
    [
        [action("action_submit_nps")],  # answered (a score, then tracking instead of "why?")
        [action("action_skip_survey")],  # skipped
    ],
)
def test_a_survey_that_ended_is_not_asked_again(
    run_action: RunAction, after: list[dict[str, Any]]
) -> None:
    tracker = make_tracker([*_nps_left_for("where's A1000001")[:-5], *after])
    events, _ = run_action(ActionSupportFollowup(), tracker)
    assert {"event": "followup", "timestamp": None, "name": "nps_form"} not in events


def test_the_nps_question_is_asked_again_only_once(run_action: RunAction) -> None:
    tracker = make_tracker(_nps_left_for("where's A1000001", started=2))
    events, _ = run_action(ActionSupportFollowup(), tracker)
    assert events == [SlotSet("csat_offered", False)]


def _csat_left_for(request: str, *, started: int = 1) -> list[dict[str, Any]]:
    """The CSAT question, left for a tracking request the order form answered."""
    again = [
        action("csat_form"),
        loop("csat_form"),
        bot("Did that solve your problem?", "utter_ask_csat_score"),
        slot("requested_slot", "csat_score"),
        action("action_listen"),
    ]
    return [
        *csat_until_score(),
        *again * (started - 1),
        user(request, "track_order"),
        action("csat_form"),
        {"event": "action_execution_rejected", "timestamp": None, "name": "csat_form"},
        action("order_number_form"),
        loop("order_number_form"),
        loop(None),
        action("action_lookup_order"),
        bot("Order A1000003 is being packed.", "utter_order_processing"),
    ]


def test_the_csat_question_left_for_a_tracking_request_is_asked_again(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 7: after "and A1000003?" the CSAT question never came back, and the "5" typed
    for it started the NPS survey (stored as NPS 5, no CSAT)."""
    events, messages = run_action(
        ActionSupportFollowup(), make_tracker(_csat_left_for("and A1000003?"))
    )
    assert events == [SlotSet("csat_offered", True)]  # the rules ask it
    assert messages == []
    assert offers(engine) == []  # counted when it was first made


def test_the_csat_question_is_asked_again_only_once(run_action: RunAction) -> None:
    tracker = make_tracker(_csat_left_for("and A1000003?", started=2))
    events, _ = run_action(ActionSupportFollowup(), tracker)
    assert events == [SlotSet("csat_offered", False)]


# --- a second request in the message just answered (bot/actions/next_request.py) ----------

TWO = "How long does delivery take? And can I pay with PayPal?"
FURTHER = {
    "text": "And can I pay with PayPal?",
    "intent": {"name": "check_payment_methods", "confidence": 0.99},
    "entities": [],
}


def _two_requests() -> dict[str, Any]:
    message = user(TWO, "delivery_period", metadata=METADATA)
    message["parse_data"]["further_request"] = FURTHER
    return message


def _answered(message: dict[str, Any], *after: dict[str, Any]) -> Any:
    return make_tracker(
        [
            message,
            action("utter_delivery_period"),
            bot("Delivery times: 3-5 business days.", "utter_delivery_period"),
            *after,
        ]
    )


def _second_answered(message: dict[str, Any], taken_up: list[Any]) -> Any:
    """The conversation once the second request (``taken_up``'s events) has its answer."""
    return _answered(
        message,
        action("action_support_followup"),
        *taken_up,
        action("utter_check_payment_methods"),
        bot("We accept Visa.", "utter_check_payment_methods"),
    )


def test_the_second_request_is_taken_up_before_the_csat_question(
    run_action: RunAction, engine: Engine
) -> None:
    message = _two_requests()
    events, messages = run_action(ActionSupportFollowup(), _answered(message))
    assert messages == []
    assert offers(engine) == []  # the question comes after the second answer
    assert events[:2] == [SlotSet("csat_offered", False), ActionExecuted("action_listen")]
    (taken_up,) = events[2:]
    assert taken_up["event"] == "user"
    assert taken_up["text"] == FURTHER["text"]
    assert taken_up["parse_data"]["intent"] == FURTHER["intent"]
    assert taken_up["input_channel"] == "rest"
    assert taken_up["metadata"] == {"further_request_of": message["message_id"]}


def test_after_the_second_answer_the_csat_question_is_asked(
    run_action: RunAction, engine: Engine
) -> None:
    message = _two_requests()
    first, _ = run_action(ActionSupportFollowup(), _answered(message))
    tracker = _second_answered(message, first)
    events, _ = run_action(ActionSupportFollowup(), tracker)
    assert events == [SlotSet("csat_offered", True)]
    assert offers(engine) == [("csat", "spring")]


def test_the_second_request_waits_for_the_order_number(run_action: RunAction) -> None:
    """A tracking request is answered after the number; its second request comes next."""
    message = user("Where is my order? Also, can I pay by PayPal?", "track_order")
    message["parse_data"]["further_request"] = FURTHER
    tracker = make_tracker(
        [
            message,
            action("order_number_form"),
            loop("order_number_form"),
            bot("What's your order number?", "utter_ask_order_number"),
            action("action_listen"),
            user("A1000003", "track_order"),
            action("order_number_form"),
            loop(None),
            action("action_lookup_order"),
            bot("Order A1000003 is being packed.", "utter_order_status"),
        ]
    )
    events, _ = run_action(ActionSupportFollowup(), tracker)
    assert events[-1]["text"] == FURTHER["text"]


def test_a_third_request_is_taken_up_after_the_second_answer(run_action: RunAction) -> None:
    """Three requests: the second carries the third, and both point at the typed message."""
    message = user(TWO + " How do I get an invoice?", "delivery_period", metadata=METADATA)
    third = {
        "text": "How do I get an invoice?",
        "intent": {"name": "get_invoice", "confidence": 0.97},
        "entities": [],
    }
    message["parse_data"]["further_request"] = {**FURTHER, "further_request": third}
    first, _ = run_action(ActionSupportFollowup(), _answered(message))
    (second,) = first[2:]
    assert second["text"] == FURTHER["text"]
    assert second["parse_data"]["further_request"] == third
    tracker = _second_answered(message, first)
    events, _ = run_action(ActionSupportFollowup(), tracker)
    assert events[:2] == [SlotSet("csat_offered", False), ActionExecuted("action_listen")]
    assert events[2]["text"] == third["text"]
    assert events[2]["metadata"] == {"further_request_of": message["message_id"]}
    assert "further_request" not in events[2]["parse_data"]


def test_a_second_request_is_taken_up_once(run_action: RunAction) -> None:
    """A later answer in the conversation does not bring an old second request back."""
    tracker = _answered(
        _two_requests(),
        action("action_support_followup"),
        slot("csat_offered", False),
        action("action_listen"),
        user("how do I get an invoice?", "get_invoice"),
        action("utter_get_invoice"),
    )
    events, _ = run_action(ActionSupportFollowup(), tracker)
    assert events == [SlotSet("csat_offered", True)]


@pytest.mark.parametrize("mode", ["nps", "none"])
def test_csat_after_support_can_be_switched_off(
    run_action: RunAction, settings: Settings, engine: Engine, mode: str
) -> None:
    with use_services(
        Services(settings.model_copy(update={"support_survey": mode}), engine=engine)
    ):
        events, _ = run_action(ActionSupportFollowup(), _support_answer())
    assert events == [SlotSet("csat_offered", False)]


# --- action_offer_survey_at_end --------------------------------------------------------------


def _leaving(*earlier: dict[str, Any]) -> Any:
    return make_tracker([*earlier, user("thanks, bye", "goodbye")])


def _support_done() -> list[dict[str, Any]]:
    return [
        user("what is your refund policy?", "check_refund_policy"),
        action("utter_check_refund_policy"),
        action("action_support_followup"),
        slot("csat_offered", False),
    ]


def test_no_offer_at_the_end_of_a_conversation_without_support(run_action: RunAction) -> None:
    events, _ = run_action(ActionOfferSurveyAtEnd(), _leaving(user("hi", "greet")))
    assert events == [SlotSet("survey_offered", False)]


def test_nps_is_offered_when_a_support_conversation_ends(
    run_action: RunAction, engine: Engine
) -> None:
    events, _ = run_action(ActionOfferSurveyAtEnd(), _leaving(*_support_done()))
    assert events == [SlotSet("survey_offered", True)]
    assert offers(engine) == [("nps", None)]


def test_no_offer_at_the_end_after_a_csat_question(run_action: RunAction) -> None:
    tracker = _leaving(*_support_done(), *csat_until_score(), loop(None))
    events, _ = run_action(ActionOfferSurveyAtEnd(), tracker)
    assert events == [SlotSet("survey_offered", False)]


def test_no_offer_at_the_end_when_surveys_after_support_are_off(
    run_action: RunAction, settings: Settings, engine: Engine
) -> None:
    with use_services(
        Services(settings.model_copy(update={"support_survey": "none"}), engine=engine)
    ):
        events, _ = run_action(ActionOfferSurveyAtEnd(), _leaving(*_support_done()))
    assert events == [SlotSet("survey_offered", False)]


def test_no_offer_at_the_end_for_a_recently_surveyed_customer(run_action: RunAction) -> None:
    answered_before(run_action)
    tracker = _leaving(user("hi", "greet", metadata=METADATA), *_support_done())
    events, _ = run_action(ActionOfferSurveyAtEnd(), tracker)
    assert events == [SlotSet("survey_offered", False)]


def test_a_survey_in_an_earlier_session_does_not_count(run_action: RunAction) -> None:
    earlier = [*completed_survey(), action("action_submit_nps")]
    tracker = _leaving(*earlier, {"event": "session_started", "timestamp": 3e9}, *_support_done())
    events, _ = run_action(ActionOfferSurveyAtEnd(), tracker)
    assert events == [SlotSet("survey_offered", True)]


# --- skipping ----------------------------------------------------------------------------------


def _nps_events(*extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        user("I want to give feedback", "give_feedback", metadata=METADATA),
        action("action_start_nps"),
        slot("survey_offered", True),
        action("nps_form"),
        loop("nps_form"),
        slot("requested_slot", "nps_score"),
        action("action_listen"),
        *extra,
    ]


def test_a_question_read_as_a_skip_under_the_csat_question_stores_nothing(
    run_action: RunAction, engine: Engine
) -> None:
    """ "and if it doesnt come?" was read as a skip (0.65) and stored as a dismissed CSAT
    answer; it is a question, answered as one (the rules' fallback), and nothing stored."""
    events = [*csat_until_score(), user("and if it doesnt come?", "skip", confidence=0.65)]
    result, messages = run_action(ActionSkipSurvey(), make_tracker(events, active_loop="csat_form"))
    assert messages == [] and stored(engine) == []
    assert result[:2] == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert result[-1]["parse_data"]["intent"]["name"] == "nlu_fallback"


def test_skip_before_a_score_stores_a_dismissed_survey(
    run_action: RunAction, engine: Engine
) -> None:
    tracker = make_tracker(_nps_events(user("not now", "skip")), active_loop="nps_form")
    result, messages = run_action(ActionSkipSurvey(), tracker)
    assert result[:2] == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert SlotSet("nps_score", None) in result
    assert [m["response"] for m in messages] == ["utter_survey_dismissed"]
    (answer,) = stored(engine)
    assert (answer.dismissed, answer.score, answer.category) == (True, None, None)
    with Session(engine) as session:
        answer = session.get(SurveyResponse, answer.id)
        assert answer is not None and answer.case is None
        assert answer.customer is not None
        assert answer.customer.last_surveyed_at is None  # dismissing does not start the throttle


def test_skip_of_the_reason_keeps_the_score(run_action: RunAction, engine: Engine) -> None:
    events = [*survey_until_reason(score="4", metadata=METADATA), user("skip", "skip")]
    _result, messages = run_action(
        ActionSkipSurvey(), make_tracker(events, slots={"nps_score": 4}, active_loop="nps_form")
    )
    # Sorry, and thanks for the score: not "we'll use what you said" about a skipped reason.
    assert [m["response"] for m in messages] == ["utter_thanks_nps_detractor_score"]
    (answer,) = stored(engine)
    assert (answer.score, answer.comment, answer.dismissed) == (4, None, False)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 1


def test_stop_at_the_contact_question_keeps_score_and_reason(
    run_action: RunAction, engine: Engine
) -> None:
    events = [*survey_until_reason(score="2"), user("stop", "skip")]
    tracker = make_tracker(
        events, slots={"nps_score": 2, "nps_reason": "late"}, active_loop="nps_form"
    )
    run_action(ActionSkipSurvey(), tracker)
    (answer,) = stored(engine)
    assert (answer.score, answer.comment) == (2, "late")


def test_a_long_message_taken_for_skip_is_kept_as_the_reason(
    run_action: RunAction, engine: Engine
) -> None:
    long_text = "stop sending me emails about every single order please"
    events = [*survey_until_reason(score="5"), user(long_text, "skip")]
    run_action(
        ActionSkipSurvey(), make_tracker(events, slots={"nps_score": 5}, active_loop="nps_form")
    )
    (answer,) = stored(engine)
    assert (answer.score, answer.comment) == (5, long_text)


@pytest.mark.parametrize(
    ("asked", "slots", "text", "intent", "stored_as"),
    [
        # Round-7 shoppers: each was handed to a person, and the answer kept no contact.
        (
            "nps_contact",
            {"nps_score": 3, "nps_reason": "late delivery"},
            "yes my email is john.smith@gmail.com",
            "contact_human_agent",
            ("late delivery", "john.smith@gmail.com", None),
        ),
        (
            "nps_email",
            {"nps_score": 1, "nps_reason": "late", "nps_contact": True},
            "abebe.k@gmail.com",
            "contact_human_agent",
            ("late", "abebe.k@gmail.com", None),
        ),
        (
            "nps_reason",
            {"nps_score": 3},
            "slow delivery, call me on 08031234567 if you want",
            "contact_human_agent",
            ("slow delivery, call me on 08031234567 if you want", None, "08031234567"),
        ),
        (
            "nps_reason",
            {"nps_score": 4},
            "კურიერი დაგვიანდა, დამირეკეთ 577 11 22 33",
            "contact_human_agent",
            ("კურიერი დაგვიანდა, დამირეკეთ 577 11 22 33", None, "577112233"),
        ),
    ],
)
def test_a_contact_read_as_asking_for_a_person_answers_the_survey(
    run_action: RunAction,
    engine: Engine,
    asked: str,
    slots: dict[str, Any],
    text: str,
    intent: str,
    stored_as: tuple[str, str | None, str | None],
) -> None:
    events = [*survey_until_reason(), slot("requested_slot", asked), user(text, intent)]
    result, messages = run_action(
        ActionSkipSurvey(), make_tracker(events, slots=slots, active_loop="nps_form")
    )
    assert [m["response"] for m in messages] == ["utter_thanks_nps_contact"]
    assert result[-1] == FollowupAction("action_listen")  # no handoff, no second case
    (answer,) = stored(engine)
    assert (answer.comment, answer.contact_email, answer.contact_phone) == stored_as


def test_goodbye_during_the_survey_stores_it_quietly(run_action: RunAction, engine: Engine) -> None:
    events = [*survey_until_reason(score="9"), user("bye", "goodbye")]
    _result, messages = run_action(
        ActionSkipSurvey(), make_tracker(events, slots={"nps_score": 9}, active_loop="nps_form")
    )
    assert messages == []  # the rules say goodbye
    assert stored(engine)[0].score == 9


def test_asking_for_a_person_ends_the_survey_quietly(run_action: RunAction, engine: Engine) -> None:
    events = [*survey_until_reason(score="2"), user("I want a human", "contact_human_agent")]
    result, messages = run_action(
        ActionSkipSurvey(), make_tracker(events, slots={"nps_score": 2}, active_loop="nps_form")
    )
    assert ActiveLoop(None) in result
    assert messages == []  # action_handoff speaks next
    assert stored(engine)[0].score == 2


@pytest.mark.parametrize(
    ("text", "intent", "score"),
    [
        ("yes, thanks", "thank", 4),
        ("კი, დამეხმარა, მადლობა", "thank", 4),  # yes, it helped, thanks
        ("completely, thank you", "thank", 5),
        ("thanks", "thank", None),
        ("bye", "goodbye", None),
        ("մասամբ", "skip", 3),  # "partly", read as a skip
        ("no thanks", "skip", None),  # a skip stays a skip
        # An Amharic shopper's: thanks first, then yes ("thanks, yes, it solved it"; "thanks
        # a lot, it helped me a lot"), and "it didn't work" read as a skip.
        ("አመሰግናለሁ፣ አዎ ፈትቶታል", "thank", 4),
        ("በጣም አመሰግናለሁ በጣም ረድቶኛል", "thank", 5),  # it helped a lot: a strong yes
        ("it helped, thanks", "thank", 4),
        ("thank you so much", "thank", None),
        ("አልሰራም", "skip", 2),
        ("አልፈታውም", "skip", 2),
        # Fifth round: "ok thanks" had been a yes, a yes with praise and cheers lost.
        ("ok thanks", "thank", None),
        ("yeah mate that's sweet, cheers", "thank", 4),
        ("ամբողջությամբ, մերսի", "thank", 5),  # completely, thanks
        ("գերազանց, շատ շնորհակալ եմ", "thank", 4),  # excellent, thank you very much
        ("shat lav er, shnorhakalutyun", "thank", 5),  # it was very good, thanks
        # Ninth round: "cheers mate" had been a 4 ("mate" said it helped), "cheers" not.
        ("cheers mate", "thank", None),
        ("cheers, all sorted", "thank", 4),
    ],
)
def test_a_thank_you_that_answers_the_csat_question_is_stored(
    run_action: RunAction, engine: Engine, text: str, intent: str, score: int | None
) -> None:
    """The NLU reads "yes, thanks" as thanks, which ends the question (rules/survey.yml):
    the clear yes was lost and the question stored as dismissed."""
    tracker = make_tracker([*csat_until_score(), user(text, intent)], active_loop="csat_form")
    _result, messages = run_action(ActionSkipSurvey(), tracker)
    if intent != "skip":
        assert messages == []  # the rule says "You're welcome!" or goodbye next
    (answer,) = stored(engine)
    assert (answer.kind, answer.score, answer.dismissed) == (SurveyKind.CSAT, score, score is None)


def test_skipping_the_csat_question_is_dismissed(run_action: RunAction, engine: Engine) -> None:
    tracker = make_tracker([*csat_until_score(), user("skip", "skip")], active_loop="csat_form")
    result, messages = run_action(ActionSkipSurvey(), tracker)
    assert SlotSet("csat_score", None) in result
    assert [m["response"] for m in messages] == ["utter_survey_dismissed"]
    (answer,) = stored(engine)
    assert (answer.kind, answer.dismissed) == (SurveyKind.CSAT, True)


@pytest.mark.parametrize(
    ("text", "confidence", "kept"),
    [
        ("Արագ առաքում", 0.40, True),  # "fast delivery", half-read as goodbye
        ("ok bye", 0.95, False),  # a clear goodbye is no reason
        ("thanks, have a nice day", 0.97, False),
        # "everything was fine": the NLU is sure it is a goodbye (კარგად is also "bye")
        ("ყველაფერი კარგად იყო", 0.95, True),
        ("you guys are great", 0.9, True),
    ],
)
def test_a_reason_the_nlu_half_reads_as_goodbye_is_kept(
    run_action: RunAction, engine: Engine, text: str, confidence: float, kept: bool
) -> None:
    """A goodbye ends the survey (rules/survey.yml); an unsure one is still the reason."""
    events = [*survey_until_reason(score="9"), user(text, "goodbye", confidence=confidence)]
    _result, messages = run_action(
        ActionSkipSurvey(), make_tracker(events, slots={"nps_score": 9}, active_loop="nps_form")
    )
    (answer,) = stored(engine)
    assert (answer.score, answer.comment) == (9, text if kept else None)
    # A kept reason is thanked for before the rules' goodbye (a shopper heard only "bye").
    assert [m["response"] for m in messages] == (["utter_thanks_nps"] if kept else [])


def test_a_complaint_in_answer_to_the_reason_question_is_kept_as_the_reason(
    run_action: RunAction, engine: Engine
) -> None:
    """The NLU reads an angry reason as a complaint, which hands over (rules/survey.yml);
    the words are still the reason for the score, stored and read by the follow-up rule."""
    angry = "Terrible, awful service. Never again."
    events = [*survey_until_reason(score="10"), user(angry, "complaint")]
    _result, messages = run_action(
        ActionSkipSurvey(), make_tracker(events, slots={"nps_score": 10}, active_loop="nps_form")
    )
    assert messages == []  # action_handoff speaks next
    (answer,) = stored(engine)
    assert (answer.score, answer.comment) == (10, angry)
    with Session(engine) as session:
        row = session.get(SurveyResponse, answer.id)
        assert row is not None and row.case is not None
        assert row.case.reasons == ["negative_comment", "score_comment_mismatch"]


@pytest.mark.parametrize(
    "reason", ["nobody answers the phone", "i could never get through to a real person, useless"]
)
def test_a_reason_read_as_asking_for_a_person_is_kept(
    run_action: RunAction, engine: Engine, reason: str
) -> None:
    """Round 8: the survey ended for the handoff and the reason was lost."""
    events = [*survey_until_reason(score="4"), user(reason, "contact_human_agent")]
    run_action(
        ActionSkipSurvey(), make_tracker(events, slots={"nps_score": 4}, active_loop="nps_form")
    )
    (answer,) = stored(engine)
    assert (answer.score, answer.comment) == (4, reason)


def _csat_left_for_a_question(score_text: str) -> list[dict[str, Any]]:
    """The CSAT question ended unanswered by a question the bot could not answer, then a
    score typed."""
    return [
        *csat_until_score(),
        user("իսկ եթե մինչև այդ չհասնի՞", "nlu_fallback"),  # and if it doesn't arrive by then?
        # the form's mapping puts the text in the slot before reading it (round 18: counted as
        # an answer, and the score typed next started the 0-10 survey)
        slot("csat_score", "իսկ եթե մինչև այդ չհասնի՞"),
        action("csat_form"),
        slot("csat_score", None),
        slot("requested_slot", None),
        loop(None),
        action("action_submit_csat"),
        # the question read again by the rules, as action_submit_csat has it (round 18:
        # counted as a second message, the score typed next started the 0-10 survey)
        action("action_listen"),
        {
            **user("իսկ եթե մինչև այդ չհասնի՞", "nlu_fallback"),
            "metadata": {"further_request_of": "m-1"},
        },
        action("action_fallback"),
        bot("Sorry, I didn't quite understand that.", "utter_default"),
        action("action_listen"),
        user(score_text, "inform_score"),
    ]


@pytest.mark.parametrize(("text", "score"), [("4", 4), ('/inform_score{"score":"2"}', 2)])
def test_a_score_typed_a_message_after_the_csat_question_answers_it(
    run_action: RunAction, engine: Engine, text: str, score: int
) -> None:
    """Round 17 (Armenian, three times): the "4" typed for the CSAT question after a question
    in between had started the 0-10 question, and was lost."""
    tracker = make_tracker(_csat_left_for_a_question(text))
    if text.startswith("/"):
        tracker.latest_message["entities"] = [{"entity": "score", "value": str(score)}]
    events, messages = run_action(ActionStartNps(), tracker)
    assert events == [SlotSet("survey_offered", False)]
    thanks = "utter_thanks_csat_low" if score <= 2 else "utter_thanks_csat"
    assert [message["response"] for message in messages] == [thanks]
    with Session(engine) as session:
        row = session.scalars(select(SurveyResponse)).one()
        assert (row.kind, row.score) == (SurveyKind.CSAT, score)


@pytest.mark.parametrize(
    ("left", "text", "score"),
    [
        # round 19: skipped, then "oh alright, 5" (Georgian), "sorry, let me give 4" (Amharic)
        ([user("no thanks", "skip"), action("action_skip_survey")], "კარგი რა, 5", 5),
        ([user("no thanks", "skip"), action("action_skip_survey")], "ይቅርታ፣ 4 ልስጥ", 4),
        # answered in words (stored as a 4), then another score
        ([user("yes thx", "thank"), action("action_skip_survey")], "actually no, it was 2", 2),
    ],
)
def test_a_score_right_after_leaving_the_csat_question_changes_its_answer(
    run_action: RunAction,
    engine: Engine,
    left: list[dict[str, Any]],
    text: str,
    score: int,
) -> None:
    """Round 19, every language: the score started the 0-10 survey and was stored as an NPS
    detractor; the CSAT row stayed dismissed (or the 4 of "yes thx")."""
    asked = [*csat_until_score(), left[0]]
    run_action(ActionSkipSurvey(), make_tracker(asked, active_loop="csat_form"))
    events = [
        *asked,
        *left[1:],
        loop(None),
        bot("You're welcome!", "utter_you_are_welcome"),
        action("action_listen"),
        user(text, "inform_score"),
    ]
    result, messages = run_action(ActionStartNps(), make_tracker(events))
    assert result == [SlotSet("survey_offered", False)]
    thanks = "utter_thanks_csat_low" if score <= 2 else "utter_thanks_csat"
    assert [message["response"] for message in messages] == [thanks]
    assert [(row.kind, row.score) for row in stored(engine)] == [(SurveyKind.CSAT, score)]


@pytest.mark.parametrize(
    ("text", "intent", "taken_back"),
    [
        ("no wait, it's not solved", "deny", True),
        ("አይ ቆይ አልተፈታም", "skip", True),  # no wait, it's not solved (round 20)
        ("არა მოიცა, არ მომიგვარდა", "deny", True),  # no wait, it wasn't solved
        ("no thanks", "deny", False),  # nothing more wanted: the yes stands
        ("no", "deny", False),
    ],
)
def test_a_no_that_takes_back_the_csat_yes_changes_the_answer(
    run_action: RunAction, engine: Engine, text: str, intent: str, taken_back: bool
) -> None:
    """Round 20: "No problem!", and the satisfied 4 stayed."""
    asked = [*csat_until_score(), user("yes thx", "thank")]
    run_action(ActionSkipSurvey(), make_tracker(asked, active_loop="csat_form"))
    events = [
        *asked,
        action("action_skip_survey"),
        loop(None),
        bot("You're welcome!", "utter_you_are_welcome"),
        action("action_listen"),
        user(text, intent),
    ]
    answer = ActionAnswerNo() if intent == "deny" else ActionSkipWithNothingAsked()
    result, messages = run_action(answer, make_tracker(events))
    if taken_back:
        assert result == [FollowupAction("utter_offer_handoff")]
        assert [message["response"] for message in messages] == ["utter_thanks_csat_low"]
        assert [(row.kind, row.score) for row in stored(engine)] == [(SurveyKind.CSAT, 2)]
    else:
        assert [message["response"] for message in messages] == ["utter_no_problem"]
        assert [(row.kind, row.score) for row in stored(engine)] == [(SurveyKind.CSAT, 4)]


def test_a_score_after_a_csat_answer_with_its_reason_is_not_taken_for_it(
    run_action: RunAction,
) -> None:
    events = [
        *csat_until_score(),
        user("no, it still hasn't arrived and nobody answers", "complaint"),
        action("action_skip_survey"),
        loop(None),
        action("action_listen"),
        user("4", "inform_score"),
    ]
    _result, messages = run_action(ActionStartNps(), make_tracker(events))
    assert [message["response"] for message in messages] == ["utter_score_needs_question"]


def test_a_score_long_after_the_csat_question_still_asks_the_nps_question(
    run_action: RunAction, engine: Engine
) -> None:
    events = _csat_left_for_a_question("4")
    later = [
        *events[:-1],
        user("what are your hours?", "contact_customer_service"),
        action("utter_contact_customer_service"),
        bot("Monday to Friday, 9:00-18:00.", "utter_contact_customer_service"),
        action("action_listen"),
        user("4", "inform_score"),
    ]
    _events, messages = run_action(ActionStartNps(), make_tracker(later))
    assert [message["response"] for message in messages] == ["utter_score_needs_question"]
    with Session(engine) as session:
        assert session.scalars(select(SurveyResponse)).all() == []


# The two ways the 0-10 question is left: the skip rule, and the form's own reading of a
# skip ("no thanks not now" read as deny: round 19), which ends it by its submit action.
_BY_THE_SKIP_RULE = [
    user("no thanks, not now", "skip"),
    action("action_skip_survey"),
    loop(None),
]
_BY_THE_FORM = [
    user("no thanks not now", "deny"),
    slot("nps_score", "no thanks not now"),
    action("nps_form"),
    slot("nps_score", None),
    slot("requested_slot", None),
    loop(None),
    action("action_submit_nps"),
]


def _declined_then(
    *said: tuple[str, str], left: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The 0-10 question asked, declined, then ``said`` (text, intent) messages."""
    events = [
        *nps_until_score(),
        *[dict(event) for event in (left or _BY_THE_SKIP_RULE)],
        slot("requested_slot", None),
        bot("No problem, thanks for your time!", "utter_survey_dismissed"),
        action("action_listen"),
    ]
    for index, (text, intent) in enumerate(said):
        if index:
            events += [
                action("utter_default"),
                bot("Sorry?", "utter_default"),
                action("action_listen"),
            ]
        events.append(user(text, intent))
    return events


def _where_left(events: list[dict[str, Any]]) -> int:
    """Where the survey was left in ``events``: what the leaving action saw ends there."""
    return next(
        index
        for index, event in enumerate(events)
        if event.get("name") in ("action_skip_survey", "action_submit_nps")
    )


@pytest.mark.parametrize("left", [_BY_THE_SKIP_RULE, _BY_THE_FORM])
@pytest.mark.parametrize(
    "said",
    [
        [("no I meant the survey. I'd give 6", "inform_score")],
        [("չէ, մտափոխվեցի, 6 եմ դնում", "inform_score")],  # no, I changed my mind, I give 6
        [("fine, I will answer. 6", "inform_score")],
        [("actually ok, I'll do it", "place_order"), ("6", "inform_score")],
    ],
)
def test_a_score_right_after_declining_answers_the_question(
    run_action: RunAction,
    engine: Engine,
    said: list[tuple[str, str]],
    left: list[dict[str, Any]],
) -> None:
    """Round 17 (English, Armenian): asked the 0-10 question again, the score typed twice;
    round 19: left by the form, "fine, I will answer. 9" was taken for a change of a stored
    score and lost. The score answers the offer declined, which stays counted once, under
    its run's key."""
    events = _declined_then(*said, left=left)
    declined = survey_idempotency_key(
        make_tracker(events[: _where_left(events)]), "nps", "nps_form"
    )
    result, messages = run_action(ActionStartNps(), make_tracker(events))
    assert result == [
        SlotSet("survey_offered", True),
        SlotSet("nps_score", 6),
        SlotSet("nps_declined_run", declined),
    ]
    assert messages == []
    assert offers(engine) == []


@pytest.mark.parametrize("left", [_BY_THE_SKIP_RULE, _BY_THE_FORM])
def test_a_survey_answered_right_after_declining_is_one_answer(
    run_action: RunAction, engine: Engine, left: list[dict[str, Any]]
) -> None:
    """Round 17: the dismissed answer stayed beside the score given a message later (two
    rows for one offer); the score and its reason now replace it."""
    events = _declined_then(("ok fine, 6", "inform_score"), left=left)
    leaving = _where_left(events)
    skip = (
        ActionSkipSurvey() if events[leaving]["name"] == "action_skip_survey" else ActionSubmitNps()
    )
    run_action(skip, make_tracker(events[:leaving], active_loop="nps_form"))
    assert [(row.dismissed, row.score) for row in stored(engine)] == [(True, None)]
    started, _messages = run_action(ActionStartNps(), make_tracker(events))
    answered = [
        *events,
        action("action_start_nps"),
        *(slot(event["name"], event["value"]) for event in started),
        action("nps_form"),
        loop("nps_form"),
        bot("What is the main reason for your score?", "utter_ask_nps_reason"),
        action("action_listen"),
        user("delivery was slow"),
    ]
    run_action(
        ActionSubmitNps(),
        make_tracker(answered, slots={"nps_reason": "delivery was slow"}),
    )
    assert [(row.dismissed, row.score, row.comment) for row in stored(engine)] == [
        (False, 6, "delivery was slow")
    ]


def test_a_score_long_after_declining_is_asked_the_question_first(run_action: RunAction) -> None:
    said = [("where is my order", "track_order"), ("thanks", "thank"), ("6", "inform_score")]
    _events, messages = run_action(ActionStartNps(), make_tracker(_declined_then(*said)))
    assert [message["response"] for message in messages] == ["utter_score_needs_question"]
