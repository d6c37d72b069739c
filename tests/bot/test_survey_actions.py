"""The NPS survey actions against the real test database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine, select

from bot.actions.services import Services, use_services
from bot.actions.store import DatabaseStore
from bot.actions.survey import (
    NPS_SLOTS,
    ActionAskNpsScore,
    ActionAskNpsScoreConfirmed,
    ActionSubmitNps,
    ValidateNpsForm,
    gives_reason_first,
    score_in,
)
from bot.actions.survey_csat import ValidateCsatForm
from feedback_api.db import session_factory
from feedback_api.models import SurveyResponse
from feedback_api.policy import CaseStatus, NpsCategory
from feedback_api.settings import Settings
from sentiment import TextBlobAnalyzer
from tests.bot.conftest import (
    RunAction,
    action,
    bot,
    completed_survey,
    loop,
    make_tracker,
    score_entity,
    slot,
    user,
)

METADATA = {"customer_id": "c-42", "campaign": "spring", "language": "en"}
ANGRY = "The delivery was late and support was rude, terrible experience"

pytestmark = pytest.mark.usefixtures("services")


def responses(engine: Engine) -> list[SurveyResponse]:
    with session_factory(engine)() as session:
        rows = list(session.scalars(select(SurveyResponse).order_by(SurveyResponse.id)))
        for row in rows:  # load what the assertions read before the session closes
            _ = (row.case, row.sentiment, row.customer, row.conversation)
            _ = row.case.notes if row.case is not None else None
        return rows


def said(messages: list[dict[str, Any]]) -> list[str]:
    return [message["response"] for message in messages]


# --- asking and validating the score ------------------------------------------------------


def test_ask_nps_score_names_the_company_and_offers_buttons(run_action: RunAction) -> None:
    events, messages = run_action(ActionAskNpsScore(), make_tracker([]))
    assert events == []
    (message,) = messages
    assert message["response"] == "utter_ask_nps_score"
    assert message["company_name"] == "Acme Shop"
    assert [b["title"] for b in message["buttons"]] == [str(n) for n in range(11)]
    assert message["buttons"][3]["payload"] == '/inform_score{"score":"3"}'


def test_the_company_name_slot_wins_over_the_setting(run_action: RunAction) -> None:
    tracker = make_tracker([], slots={"company_name": "Globex"})
    _events, messages = run_action(ActionAskNpsScore(), tracker)
    assert messages[0]["company_name"] == "Globex"


def _in_form(*events: dict[str, Any], requested: str = "nps_score") -> list[dict[str, Any]]:
    """A run of nps_form that asked for ``requested``, then ``events``."""
    return [
        action("nps_form"),
        loop("nps_form"),
        bot("How likely are you ...?", "utter_ask_nps_score"),
        slot("requested_slot", requested),
        action("action_listen"),
        *events,
    ]


def _validate_score(
    domain: dict[str, Any], text: str, entities: list[dict[str, Any]], *earlier: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    tracker = make_tracker(
        _in_form(*earlier, user(text, "inform_score", entities=entities)), active_loop="nps_form"
    )
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateNpsForm().validate_nps_score(text, dispatcher, tracker, domain))
    return result, dispatcher.messages


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ('/inform_score{"score":"3"}', score_entity("3"), 3),
        ("a solid 8", [], 8),
        ("nine", score_entity("nine"), 9),
        ("10/10", score_entity("10/10"), 10),
        ("I'd give it 7", score_entity("it 7"), 7),
        ("7 out of 10", [*score_entity("7"), *score_entity("10")], 7),
        ("out of 10 I'd say 7", [*score_entity("10"), *score_entity("7")], 7),
        # round 19: "fine, I will answer" had been stored as the reason
        ("fine, I will answer. 9", score_entity("9"), 9),
        ("լավ, կպատասխանեմ, 8", score_entity("8"), 8),
    ],
)
def test_validate_score_accepts_entity_or_text(
    domain: dict[str, Any], text: str, entities: list[dict[str, Any]], expected: int
) -> None:
    result, messages = _validate_score(domain, text, entities)
    assert result == {"nps_score": expected}
    assert messages == []


def test_a_sarcastic_score_is_asked_again(domain: dict[str, Any]) -> None:
    """Round 21: "oh sure, a perfect 10, everything was sooo great (not)" was stored as a 10."""
    text = "oh sure, a perfect 10, everything was sooo great (not)"
    result, messages = _validate_score(domain, text, score_entity("10"))
    assert result == {"nps_score": None}
    assert [message["response"] for message in messages] == ["utter_invalid_score"]


@pytest.mark.parametrize(
    ("text", "entities", "score", "reason", "negative"),
    [
        ("seven, no one was rude", score_entity("seven"), 7, "no one was rude", False),
        (
            "8 - the delivery was a bit slow",
            score_entity("8"),
            8,
            "the delivery was a bit slow",
            False,
        ),
        (
            "2. Nobody ever answered my emails, terrible",
            score_entity("2"),
            2,
            "Nobody ever answered my emails, terrible",
            True,
        ),
        ("ცხრა, სწრაფი მიწოდება", score_entity("ცხრა"), 9, "სწრაფი მიწოდება", False),
        (
            "10 because you are the worst shop I have ever used",
            score_entity("10"),
            10,
            "because you are the worst shop I have ever used",
            True,
        ),
    ],
)
def test_a_score_with_its_reason_takes_both(
    domain: dict[str, Any],
    text: str,
    entities: list[dict[str, Any]],
    score: int,
    reason: str,
    negative: bool,
) -> None:
    """The reason given with the score was asked for again ("What is the main reason for
    your score?"); it is read as the reason question reads it, its sentiment included."""
    result, messages = _validate_score(domain, text, entities)
    assert result["nps_score"] == score
    assert result["nps_reason"] == reason
    assert result["nps_negative_comment"] is negative
    assert messages == []


@pytest.mark.parametrize("text", ["8, thanks", "8", '/inform_score{"score":"8"}', "8, 9 maybe"])
def test_a_score_without_a_reason_leaves_the_reason_question(
    domain: dict[str, Any], text: str
) -> None:
    result, _ = _validate_score(domain, text, score_entity("8"))
    assert "nps_reason" not in result


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("11", []),
        ("banana", []),
        ("-1", []),
        ("😀", []),
        ("11/10", score_entity("11")),
        ("7 or 12", []),  # one of them is off the scale: not a choice between two scores
    ],
)
def test_an_unclear_score_is_asked_again_once(
    domain: dict[str, Any], text: str, entities: list[dict[str, Any]]
) -> None:
    result, messages = _validate_score(domain, text, entities)
    assert result == {"nps_score": None}
    assert said(messages) == ["utter_invalid_score"]


@pytest.mark.parametrize(
    ("text", "entities", "offered"),
    [
        ("7 or 8", [*score_entity("7"), *score_entity("8")], (7, 8)),
        ("7 or 8", score_entity("8"), (7, 8)),  # the NLU tagged one of them: still unclear
        # In words too (a shopper's finding: the tagged one had been taken).
        ("ალბათ რვა ან ცხრა", score_entity("რვა"), (8, 9)),
        ("seven or eight, not sure", score_entity("seven"), (7, 8)),
        ("9-10", [], (9, 10)),
        ("յոթ կամ ութ", [], (7, 8)),
        ("ሰባት ወይም ስምንት", [], (7, 8)),
    ],
)
def test_two_scores_are_offered_back_to_pick_one(
    domain: dict[str, Any], text: str, entities: list[dict[str, Any]], offered: tuple[int, int]
) -> None:
    """Round 12: "7 or 8" had been met with "Sorry, I didn't catch a score", as if nothing
    had been said; neither is guessed, and the two are offered as buttons."""
    result, messages = _validate_score(domain, text, entities)
    assert result == {"nps_score": None}
    (message,) = messages
    first, second = offered
    assert (message["response"], message["first"], message["second"]) == (
        "utter_pick_one_score",
        first,
        second,
    )
    assert [button["title"] for button in message["buttons"]] == [str(first), str(second)]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("probably not", 0, 6), ("ალბათ კი", 7, 10), ("50/50", 0, 10)],  # probably yes
)
def test_a_hedge_is_asked_for_a_number_on_its_side(
    domain: dict[str, Any], text: str, low: int, high: int
) -> None:
    """Round 14, every language: "not understood" twice, and the survey ended with nothing
    stored; no score is guessed, the side it leans to is offered as buttons."""
    result, messages = _validate_score(domain, text, [])
    assert result == {"nps_score": None}
    (message,) = messages
    assert (message["response"], message["low"], message["high"]) == (
        "utter_pick_on_the_side",
        low,
        high,
    )
    assert [button["title"] for button in message["buttons"]] == [
        str(n) for n in range(low, high + 1)
    ]
    # Asked once per survey: a second hedge gets the plain retry.
    asked = bot("Which number fits best, from 0 to 6?", "utter_pick_on_the_side")
    _result, messages = _validate_score(domain, text, [], asked, action("action_listen"))
    assert [message["response"] for message in messages] != ["utter_pick_on_the_side"]


@pytest.mark.parametrize(("text", "score"), [("definitely", 10), ("არავითარ შემთხვევაში", 0)])
def test_an_end_of_the_scale_in_words_is_the_score(
    domain: dict[str, Any], text: str, score: int
) -> None:
    result, messages = _validate_score(domain, text, [])
    assert result == {"nps_score": score}
    assert messages == []


def test_a_reason_in_place_of_the_score_is_kept_and_the_score_asked(
    domain: dict[str, Any], run_action: RunAction, engine: Engine
) -> None:
    """Round 12, every language: the reason typed before any score opened an urgent
    complaint case and ended the survey as dismissed; the score typed next was refused as a
    bad e-mail address."""
    text = "delivery was terrible and the box was damaged"
    events = _in_form(user(text, "complaint", confidence=0.97), slot("nps_score", text))
    result, messages = run_action(ValidateNpsForm(), make_tracker(events, active_loop="nps_form"))
    assert said(messages) == ["utter_reason_noted"]
    assert SlotSet("nps_reason", text) in result
    assert SlotSet("nps_negative_comment", True) in result
    assert SlotSet("nps_score", None) in result
    assert not any(event.get("event") == "action_execution_rejected" for event in result)
    # Kept at once (a customer who leaves now has not said it for nothing): no score yet.
    (kept,) = responses(engine)
    assert (kept.dismissed, kept.score, kept.comment, kept.case) == (True, None, text, None)
    # The score next: the reason is not asked for again.
    answered = [
        *events,
        *result,
        bot("How likely are you ...?", "utter_ask_nps_score"),
        action("action_listen"),
        user("4", "inform_score", entities=score_entity("4")),
        slot("nps_score", "4"),
    ]
    result, _messages = run_action(
        ValidateNpsForm(), make_tracker(answered, active_loop="nps_form")
    )
    assert SlotSet("nps_score", 4) in result
    assert SlotSet("requested_slot", "nps_reason") not in result
    (kept,) = responses(engine)  # the same answer, brought up to date
    assert (kept.dismissed, kept.score, kept.comment) == (False, 4, text)
    assert kept.case is not None and "detractor_score" in kept.case.reasons


@pytest.mark.parametrize(
    ("text", "intent", "reason"),
    [
        ("the website is kinda slow but otherwise ok", "review", True),
        ("ዕቃው ዘግይቶ ነው የደረሰኝ ደስ አላለኝም", "complaint", True),
        ("where is my order?", "track_order", False),  # a request: answered, as before
        ("why is delivery so slow?", "complaint", False),  # a question
        ("ok bye then", "goodbye", False),
        ("too slow", "complaint", False),  # short: the retry reads it
        ("7 the delivery was slow", "complaint", False),  # a score with it
        ("skip this question please", "skip", False),
    ],
)
def test_what_counts_as_a_reason_before_the_score(text: str, intent: str, reason: bool) -> None:
    tracker = make_tracker(_in_form(user(text, intent, confidence=0.95)), active_loop="nps_form")
    assert gives_reason_first(tracker) is reason


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(("typed", "score"), [("რვა", 8), ("7", 7), ("hello", None)])
def test_a_reason_after_a_score_typed_with_no_question_keeps_that_score(
    domain: dict[str, Any], typed: str, score: int | None
) -> None:
    """Round 21 (Georgian): "რვა" (eight) when nothing was asked, the 0-10 question, then
    "მიწოდება სწრაფი იყო" (delivery was fast): the 0-10 question came again, and the survey
    ended with the reason and no score."""
    reason = "მიწოდება სწრაფი იყო"
    events = [
        action("action_listen"),
        user(typed, "inform_score"),
        action("action_start_nps"),
        bot("Thanks! To store your score, please answer this:", "utter_score_needs_question"),
        *_in_form(user(reason, "review", confidence=0.95)),
    ]
    tracker = make_tracker(events, active_loop="nps_form")
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateNpsForm().validate_nps_score(reason, dispatcher, tracker, domain))
    assert result["nps_score"] == score
    assert result["nps_reason"] == reason


def test_two_scores_offered_again_are_asked_plainly(domain: dict[str, Any]) -> None:
    """Offered once per run of the form: "7 or 8" again is the plain retry."""
    earlier = [
        bot("Please pick one number: 7 or 8.", "utter_pick_one_score"),
        action("action_listen"),
    ]
    result, messages = _validate_score(domain, "7 or 8", [], *earlier)
    assert result == {"nps_score": None}
    assert said(messages) == ["utter_invalid_score"]


def test_a_second_unclear_score_ends_the_survey(run_action: RunAction) -> None:
    earlier = [
        user("banana"),
        slot("nps_score", "banana"),
        bot("Sorry, I didn't catch a score.", "utter_invalid_score"),
        bot("How likely ...?", "utter_ask_nps_score"),
        slot("requested_slot", "nps_score"),
        action("action_listen"),
    ]
    events = _in_form(*earlier, user("eleven", "inform_score"), slot("nps_score", "eleven"))
    result, messages = run_action(ValidateNpsForm(), make_tracker(events, active_loop="nps_form"))
    assert said(messages) == ["utter_survey_unclear"]
    # No next question: the form ends and action_submit_nps stores a dismissed survey.
    assert result == [SlotSet("nps_score", None), SlotSet("requested_slot", None)]


def test_form_validation_run_parses_the_typed_score(run_action: RunAction) -> None:
    """The whole validation action, as Rasa calls it after extracting the slot from text."""
    events = _in_form(user("nine", "inform_score"), slot("nps_score", "nine"))
    result, messages = run_action(ValidateNpsForm(), make_tracker(events, active_loop="nps_form"))
    assert result == [SlotSet("nps_score", 9), SlotSet("requested_slot", "nps_reason")]
    assert messages == []


def test_validate_reason_cleans_and_truncates(domain: dict[str, Any], settings: Settings) -> None:
    dispatcher = CollectingDispatcher()
    text = "  Too   slow\n" + "x" * (settings.max_comment_chars + 50)
    result = asyncio.run(
        ValidateNpsForm().validate_nps_reason(text, dispatcher, make_tracker([]), domain)
    )
    reason = result["nps_reason"]
    assert reason.startswith("Too slow x")
    assert len(reason) == settings.max_comment_chars


@pytest.mark.usefixtures("services")
def test_a_contact_in_the_reason_answers_the_contact_questions(domain: dict[str, Any]) -> None:
    text = "bad packaging, you can email me at kim@example.net"
    result = asyncio.run(
        ValidateNpsForm().validate_nps_reason(
            text, CollectingDispatcher(), make_tracker([user(text)]), domain
        )
    )
    assert result["nps_reason"] == text
    assert (result["nps_contact"], result["nps_email"]) == (True, "kim@example.net")


# --- detractors: may we contact you? -------------------------------------------------------


async def _required(tracker: Any, domain: dict[str, Any]) -> list[str]:
    form = ValidateNpsForm()
    return await form.required_slots(
        form.domain_slots(domain), CollectingDispatcher(), tracker, domain
    )


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        ({"nps_score": 9}, ["nps_score", "nps_reason"]),
        ({"nps_score": 7}, ["nps_score", "nps_reason"]),
        ({"nps_score": 6}, ["nps_score", "nps_reason", "nps_contact"]),
        ({"nps_score": 0, "nps_contact": False}, ["nps_score", "nps_reason", "nps_contact"]),
        (
            {"nps_score": 3, "nps_contact": True},
            ["nps_score", "nps_reason", "nps_contact", "nps_email"],
        ),
    ],
)
def test_only_detractors_are_asked_about_contact(
    domain: dict[str, Any], slots: dict[str, Any], expected: list[str]
) -> None:
    assert asyncio.run(_required(make_tracker([], slots=slots), domain)) == expected


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("yes please", "affirm", {"nps_contact": True}),
        ("sure", "nlu_fallback", {"nps_contact": True}),
        ("no thanks", "deny", {"nps_contact": False}),
        (
            "yes, at Jane.Doe@Example.com",
            "affirm",
            {"nps_contact": True, "nps_email": "jane.doe@example.com"},
        ),
        # A phone number typed in answer is consent and the contact (customers without
        # e-mail, in every language the shoppers tried).
        ("0922334455", "track_order", {"nps_contact": True, "nps_email": "0922334455"}),
        (
            "yes call me at +1 212 555 0100",
            "affirm",
            {"nps_contact": True, "nps_email": "+12125550100"},
        ),
        # An angry no in a sentence (an English shopper's was asked again).
        ("no don't contact me, I'm done with you lot", "nlu_fallback", {"nps_contact": False}),
    ],
)
def test_contact_consent_is_read_from_intent_words_or_an_address(
    domain: dict[str, Any], text: str, intent: str, expected: dict[str, Any]
) -> None:
    tracker = make_tracker(_in_form(user(text, intent), requested="nps_contact"))
    dispatcher = CollectingDispatcher()
    assert ValidateNpsForm().validate_nps_contact(text, dispatcher, tracker, domain) == expected
    assert dispatcher.messages == []


def test_unclear_consent_is_asked_again_then_taken_as_no(domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()
    first = make_tracker(_in_form(user("hmm", "nlu_fallback"), requested="nps_contact"))
    result = ValidateNpsForm().validate_nps_contact("hmm", dispatcher, first, domain)
    assert result == {"nps_contact": None}
    assert said(dispatcher.messages) == ["utter_invalid_contact"]

    asked = bot("Sorry, I didn't catch that. Please say yes or no.", "utter_invalid_contact")
    second = make_tracker(_in_form(asked, user("hmmm", "nlu_fallback"), requested="nps_contact"))
    dispatcher = CollectingDispatcher()
    result = ValidateNpsForm().validate_nps_contact("hmmm", dispatcher, second, domain)
    assert result == {"nps_contact": False}
    assert dispatcher.messages == []


@pytest.mark.parametrize("text", ["ո՞վ է կապվելու, ու ե՞րբ", "who would contact me?", "what"])
def test_a_question_under_may_we_contact_you_is_explained(
    domain: dict[str, Any], text: str
) -> None:
    """Tenth round: «ո՞վ է կապվելու, ու ե՞րբ» (who will contact me, and when?) had been read
    as a no; who, when and how are said, and the question asked again."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(_in_form(user(text, "deny", confidence=0.6), requested="nps_contact"))
    result = ValidateNpsForm().validate_nps_contact(text, dispatcher, tracker, domain)
    assert result == {"nps_contact": None}
    assert said(dispatcher.messages) == ["utter_explain_contact"]


@pytest.mark.parametrize(
    "text",
    [
        "0-ն ամենավատն է?",
        "Իսկ 10-ը լավն է, թե վատը?",
        "0 ማለት ምን ማለት ነው? ዝቅተኛው ነው?",
        "is 0 the best or worst?",
    ],
)
def test_a_question_about_the_scale_is_explained_not_stored(
    domain: dict[str, Any], text: str
) -> None:
    """Round 11: «0-ն ամենավատն է?» (is the 0 the worst?) had been stored as a 0, with a
    detractor case."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(_in_form(user(text, "inform_score"), requested="nps_score"))
    result = asyncio.run(ValidateNpsForm().validate_nps_score(text, dispatcher, tracker, domain))
    assert result == {"nps_score": None}
    assert said(dispatcher.messages) == ["utter_explain_nps_scale"]


def test_an_invalid_email_is_asked_again_once_then_left_out(
    domain: dict[str, Any], run_action: RunAction
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(_in_form(user("jane at example"), requested="nps_email"))
    result = ValidateNpsForm().validate_nps_email("jane at example", dispatcher, tracker, domain)
    assert result == {"nps_email": None}
    assert said(dispatcher.messages) == ["utter_invalid_email"]

    events = _in_form(
        bot("That doesn't look like an email address.", "utter_invalid_email"),
        user("still not one"),
        slot("nps_email", "still not one"),
        requested="nps_email",
    )
    tracker = make_tracker(
        events,
        slots={"nps_score": 2, "nps_reason": "late", "nps_contact": True},
        active_loop="nps_form",
    )
    result, messages = run_action(ValidateNpsForm(), tracker)
    assert said(messages) == ["utter_email_unclear"]
    assert result == [SlotSet("nps_email", None), SlotSet("requested_slot", None)]


def test_a_no_to_the_email_question_ends_the_survey_without_asking_again(
    run_action: RunAction,
) -> None:
    events = _in_form(user("no", "deny"), slot("nps_email", "no"), requested="nps_email")
    tracker = make_tracker(
        events,
        slots={"nps_score": 2, "nps_reason": "late", "nps_contact": True},
        active_loop="nps_form",
    )
    result, messages = run_action(ValidateNpsForm(), tracker)
    assert messages == []  # not "that doesn't look like an email address"
    assert result == [SlotSet("nps_email", None), SlotSet("requested_slot", None)]


@pytest.mark.parametrize("text", ["no actually don't bother", "actually no, never mind"])
def test_a_no_in_a_sentence_to_the_email_question_ends_it_too(
    run_action: RunAction, text: str
) -> None:
    """A shopper was told "that doesn't look like an email address" until a bare "no"."""
    events = _in_form(user(text, "deny"), slot("nps_email", text), requested="nps_email")
    tracker = make_tracker(
        events,
        slots={"nps_score": 2, "nps_reason": "late", "nps_contact": True},
        active_loop="nps_form",
    )
    result, messages = run_action(ValidateNpsForm(), tracker)
    assert messages == []
    assert result == [SlotSet("nps_email", None), SlotSet("requested_slot", None)]


# --- digressions ---------------------------------------------------------------------------


def _asked(requested: str, text: str, intent: str, confidence: float = 0.95) -> Any:
    message = user(text, intent)
    message["parse_data"]["intent"]["confidence"] = confidence
    return make_tracker(
        _in_form(message, slot(requested, text), requested=requested), active_loop="nps_form"
    )


@pytest.mark.parametrize(
    ("requested", "text", "intent"),
    [
        ("nps_score", "what is your refund policy?", "check_refund_policy"),
        ("nps_score", "which payment methods do you take", "check_payment_methods"),
        ("nps_score", "I want to talk to a person", "contact_human_agent"),  # then handoff
        ("nps_reason", "how do I get my money back", "get_refund"),
        ("nps_reason", "Can I change my delivery address?", "change_shipping_address"),
        # Tracking starts the order form, which ends the survey unanswered: a shopper's
        # "სად არის ჩემი შეკვეთა?" had been refused as an unclear score, twice, and lost.
        ("nps_score", "where is my order?", "track_order"),
        ("nps_score", "სად არის ჩემი შეკვეთა?", "track_order"),
        ("nps_score", "A1000002", "track_order"),
    ],
)
def test_a_support_question_in_the_survey_is_let_through(
    run_action: RunAction, requested: str, text: str, intent: str
) -> None:
    events, messages = run_action(ValidateNpsForm(), _asked(requested, text, intent))
    assert events == [SlotSet(requested, None), ActionExecutionRejected("nps_form")]
    assert messages == []


@pytest.mark.parametrize(
    ("requested", "text", "intent", "confidence"),
    [
        ("nps_reason", "your refund policy is unfair", "check_refund_policy", 0.95),
        ("nps_reason", "The parcel never arrived", "track_order", 0.95),
        ("nps_score", "what is your refund policy?", "check_refund_policy", 0.5),
        ("nps_score", "9, where is my order?", "get_refund", 0.95),
        # A score in words before its reason (an Amharic shopper's, read as a complaint).
        ("nps_score", "ሰባት እሰጣለሁ ምክንያቱም ዋጋችሁ ትንሽ ውድ ነው", "complaint", 0.95),
        ("nps_reason", "my refund never came, where is it?", "track_refund", 0.95),
        ("nps_reason", "what else could I say?", "nlu_fallback", 0.95),
    ],
)
def test_answers_that_mention_support_topics_are_kept(
    run_action: RunAction, requested: str, text: str, intent: str, confidence: float
) -> None:
    tracker = _asked(requested, text, intent, confidence)
    events, _messages = run_action(ValidateNpsForm(), tracker)
    assert not any(event["event"] == "action_execution_rejected" for event in events)


def test_coming_back_after_the_support_answer_asks_again(run_action: RunAction) -> None:
    question = user("what is your refund policy?", "check_refund_policy")
    events = _in_form(
        question,
        slot("nps_score", None),
        action("utter_check_refund_policy"),
        bot("You can return items within 30 days.", "utter_check_refund_policy"),
        action("action_support_followup"),
        slot("csat_offered", False),
        action("nps_form"),
    )
    result, _ = run_action(ValidateNpsForm(), make_tracker(events, active_loop="nps_form"))
    assert result == [SlotSet("requested_slot", "nps_score")]


# --- submitting ---------------------------------------------------------------------------


def test_submit_stores_a_detractor_with_context_and_transcript(
    run_action: RunAction, engine: Engine
) -> None:
    tracker = make_tracker(
        completed_survey(score="3", reason=ANGRY, metadata=METADATA),
        slots={"nps_score": 3, "nps_reason": ANGRY, "nps_contact": False},
    )
    events, messages = run_action(ActionSubmitNps(), tracker)

    assert events == [SlotSet(name, None) for name in NPS_SLOTS]  # the next survey starts empty
    assert said(messages) == ["utter_thanks_nps_detractor"]
    (stored,) = responses(engine)
    assert stored.kind.value == "nps"
    assert (stored.score, stored.category, stored.dismissed) == (3, NpsCategory.DETRACTOR, False)
    assert stored.comment == ANGRY
    assert (stored.source, stored.channel, stored.language, stored.campaign) == (
        "chat",
        "web",
        "en",
        "spring",
    )
    assert stored.customer is not None and stored.customer.external_id == "c-42"
    assert stored.customer.email_consent is False
    assert stored.conversation is not None and stored.conversation.sender_id == "conv-1"
    assert stored.idempotency_key.startswith("conv-1:nps:")
    assert stored.sentiment is not None and stored.sentiment.label == "negative"
    assert stored.case is not None and stored.case.status is CaseStatus.OPEN

    lines = stored.conversation.transcript
    assert lines[0] == {"role": "user", "text": "hi", "timestamp": lines[0]["timestamp"]}
    assert {"role": "user", "text": "3"} in [{"role": x["role"], "text": x["text"]} for x in lines]
    assert lines[-1]["text"] == ANGRY


def test_a_detractor_who_agrees_is_stored_with_the_address(
    run_action: RunAction, engine: Engine
) -> None:
    tracker = make_tracker(
        completed_survey(score="2", reason="broken parcel", metadata=METADATA),
        slots={
            "nps_score": 2,
            "nps_reason": "broken parcel",
            "nps_contact": True,
            "nps_email": "jane@example.com",
        },
    )
    _events, messages = run_action(ActionSubmitNps(), tracker)
    assert said(messages) == ["utter_thanks_nps_contact"]
    assert messages[0]["email"] == "jane@example.com"
    (stored,) = responses(engine)
    assert stored.customer is not None
    assert (stored.customer.email, stored.customer.email_consent) == ("jane@example.com", True)
    assert stored.case is not None


@pytest.mark.parametrize("text", ["+995 555 12 34 56", "ტელეფონით ჯობია, 577445566"])
def test_a_phone_number_is_taken_for_the_contact(domain: dict[str, Any], text: str) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(_in_form(user(text), requested="nps_email"))
    result = ValidateNpsForm().validate_nps_email(text, dispatcher, tracker, domain)
    assert result["nps_email"] in ("+995555123456", "577445566")
    assert dispatcher.messages == []


def _email_asked(*events: dict[str, Any]) -> list[dict[str, Any]]:
    """The NPS survey asking for an e-mail address or a phone number, then ``events``."""
    return [
        action("nps_form"),
        loop("nps_form"),
        bot("Please type your e-mail address or phone number.", "utter_ask_nps_email"),
        slot("requested_slot", "nps_email"),
        action("action_listen"),
        *events,
    ]


@pytest.mark.parametrize("text", ["0922113344", "555987654"])
def test_a_bare_phone_number_for_the_contact_is_not_an_order(
    domain: dict[str, Any], text: str
) -> None:
    """Fifth-round shoppers (Amharic, Georgian): a bare mobile number typed for "your e-mail
    or phone?" ended the survey as a tracking request: no phone stored, and "order not
    found"."""
    tracker = make_tracker(
        _email_asked(user(text, "track_order", confidence=1.0)), active_loop="nps_form"
    )
    assert not ValidateNpsForm().tracks_instead(tracker, "nps_email")
    result = ValidateNpsForm().validate_nps_email(text, CollectingDispatcher(), tracker, domain)
    assert result["nps_email"] == text


@pytest.mark.parametrize(
    ("text", "intent", "score"),
    [
        ("չէ, մտածեցի, դրեք 8", "deny", 8),  # no, I've thought again, put 8
        ("sorry can I change my score to 7", "change_order", 7),  # read as changing an order
    ],
)
def test_a_new_score_under_the_contact_question_replaces_the_old(
    domain: dict[str, Any], text: str, intent: str, score: int
) -> None:
    """Fifth-round shoppers: the old score was kept, or the order-change answer given."""
    asked = _in_form(user(text, intent, confidence=0.95), requested="nps_contact")
    tracker = make_tracker(asked, active_loop="nps_form")
    assert not ValidateNpsForm().is_digression(tracker, domain, "nps_contact")
    result = ValidateNpsForm().validate_nps_contact(text, CollectingDispatcher(), tracker, domain)
    assert result == {"nps_score": score, "nps_contact": None}


def test_a_detractor_who_gives_a_phone_is_stored_with_it(
    run_action: RunAction, engine: Engine
) -> None:
    tracker = make_tracker(  # an anonymous visitor: no customer record to keep it on
        completed_survey(score="1", reason="broken parcel", metadata={"language": "en"}),
        slots={
            "nps_score": 1,
            "nps_reason": "broken parcel",
            "nps_contact": True,
            "nps_email": "+995555123456",
        },
    )
    _events, messages = run_action(ActionSubmitNps(), tracker)
    assert said(messages) == ["utter_thanks_nps_contact"]
    assert messages[0]["email"] == "+995555123456"  # the promise names the number
    (stored,) = responses(engine)
    assert (stored.contact_phone, stored.contact_email) == ("+995555123456", None)
    assert stored.customer is None
    assert stored.case is not None
    # So on the case, where the agent who follows up reads.
    assert [note.body for note in stored.case.notes] == [
        "Contact the customer at +995555123456 (given, with consent, with the answer)"
    ]


def test_a_promoter_is_thanked(run_action: RunAction, engine: Engine) -> None:
    tracker = make_tracker(
        completed_survey(score="10", reason="great"), slots={"nps_score": 10, "nps_reason": "ok"}
    )
    _events, messages = run_action(ActionSubmitNps(), tracker)
    assert said(messages) == ["utter_thanks_nps"]
    assert responses(engine)[0].category is NpsCategory.PROMOTER


def test_submit_twice_stores_once(run_action: RunAction, engine: Engine) -> None:
    """Rasa retries slow actions; the form run's idempotency key makes that harmless."""
    tracker = make_tracker(
        completed_survey(score="9", reason="fast", metadata=METADATA),
        slots={"nps_score": 9, "nps_reason": "fast"},
    )
    first = run_action(ActionSubmitNps(), tracker)
    second = run_action(ActionSubmitNps(), tracker)

    assert first == second
    (stored,) = responses(engine)
    assert stored.category is NpsCategory.PROMOTER
    assert stored.case is None


def test_a_second_survey_in_the_same_conversation_is_a_new_answer(
    run_action: RunAction, engine: Engine
) -> None:
    first_run = completed_survey(score="9", reason="fast")
    run_action(ActionSubmitNps(), make_tracker(first_run, slots={"nps_score": 9}))
    second_run = [
        *first_run,
        action("action_submit_nps"),
        *completed_survey(score="7", reason="ok"),
    ]
    run_action(
        ActionSubmitNps(), make_tracker(second_run, slots={"nps_score": 7, "nps_reason": "ok"})
    )
    assert [r.score for r in responses(engine)] == [9, 7]


def test_submit_without_customer_metadata_is_anonymous(
    run_action: RunAction, engine: Engine
) -> None:
    tracker = make_tracker(completed_survey(score="8"), slots={"nps_score": 8, "nps_reason": "ok"})
    run_action(ActionSubmitNps(), tracker)
    (stored,) = responses(engine)
    assert stored.customer_id is None
    assert (stored.channel, stored.language, stored.campaign) == ("web", "en", None)


def test_a_survey_that_gave_up_is_stored_as_dismissed_without_more_words(
    run_action: RunAction, engine: Engine
) -> None:
    events = [
        *_in_form(
            user("banana"),
            bot("Sorry, I didn't catch a score.", "utter_invalid_score"),
            user("kiwi"),
            bot("Sorry, I still couldn't tell ...", "utter_survey_unclear"),
        ),
        loop(None),
        slot("requested_slot", None),
    ]
    _events, messages = run_action(ActionSubmitNps(), make_tracker(events))
    assert messages == []
    (stored,) = responses(engine)
    assert (stored.dismissed, stored.score) == (True, None)


@pytest.mark.parametrize(
    ("metadata", "slots", "reason", "expected"),
    [
        ({"language": "hy"}, {}, "slow", "hy"),
        ({}, {"language": "am"}, "slow", "am"),
        ({}, {}, "მიწოდება ძალიან ნელი იყო", "ka"),  # Georgian script, no metadata
        ({}, {}, "slow", "en"),
    ],
)
def test_every_answer_carries_its_language(
    run_action: RunAction,
    engine: Engine,
    metadata: dict[str, Any],
    slots: dict[str, Any],
    reason: str,
    expected: str,
) -> None:
    tracker = make_tracker(
        completed_survey(score="8", reason=reason, metadata=metadata),
        slots={"nps_score": 8, "nps_reason": reason, **slots},
    )
    run_action(ActionSubmitNps(), tracker)
    assert responses(engine)[0].language == expected


def test_storage_runs_off_the_event_loop(
    run_action: RunAction, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow database must not freeze the action server for other conversations."""
    real_save = DatabaseStore.save_answer

    def slow_save(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(DatabaseStore, "save_answer", slow_save)
    tracker = make_tracker(completed_survey(score="9"), slots={"nps_score": 9, "nps_reason": "x"})
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    async def main() -> None:
        task = asyncio.create_task(ticker())
        await ActionSubmitNps().run(CollectingDispatcher(), tracker, {})
        task.cancel()

    asyncio.run(main())
    assert ticks >= 10


def test_a_follow_up_threshold_of_nine_keeps_a_nine_a_promoter_and_asks_for_contact(
    run_action: RunAction,
    domain: dict[str, Any],
    settings: Settings,
    engine: Engine,
    analyzer: TextBlobAnalyzer,
) -> None:
    """Issue 11 item 14: the category stays fixed, the case opens, and the bot asks the
    customer for consent, because the bot and the storage ask the same policy."""
    wide = settings.model_copy(update={"follow_up_max_nps_score": 9})
    with use_services(Services(wide, engine=engine, analyzer=analyzer)):
        required = asyncio.run(_required(make_tracker([], slots={"nps_score": 9}), domain))
        assert required == ["nps_score", "nps_reason", "nps_contact"]
        tracker = make_tracker(
            completed_survey(score="9", reason="fine"),
            slots={"nps_score": 9, "nps_reason": "fine", "nps_contact": False},
        )
        _events, messages = run_action(ActionSubmitNps(), tracker)
    assert said(messages) == ["utter_thanks_nps"]
    (stored,) = responses(engine)
    assert stored.category is NpsCategory.PROMOTER
    assert stored.case is not None and stored.case.reasons == ["low_nps_score"]


# --- a score the comment contradicts -----------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "negative"),
    [(ANGRY, True), ("quick delivery, nice people", False), ("the box was blue", False)],
)
def test_the_reason_is_read_for_sentiment_when_given(
    domain: dict[str, Any], reason: str, negative: bool
) -> None:
    tracker = make_tracker(_in_form(user(reason), requested="nps_reason"))
    result = asyncio.run(
        ValidateNpsForm().validate_nps_reason(reason, CollectingDispatcher(), tracker, domain)
    )
    assert result == {"nps_reason": reason, "nps_negative_comment": negative}


CONTACT = "nps_contact"


@pytest.mark.parametrize(
    ("score", "reason", "positive"),
    [
        ("0", "excellent service, very happy", True),  # TextBlob here: English
        ("1", "everything was perfect, excellent service", True),
        # happy, but not sure enough to ask a detractor whether they meant it (0.65)
        ("1", "everything was great, love it", False),
        ("2", "the box was blue", False),
        ("8", "everything was great, love it", None),  # not read: only a bottom score
    ],
)
def test_a_bottom_scores_reason_is_read_for_praise(
    domain: dict[str, Any], score: str, reason: str, positive: bool | None
) -> None:
    tracker = make_tracker(_in_form(user(reason), requested="nps_reason"))
    tracker.slots["nps_score"] = int(score)
    result = asyncio.run(
        ValidateNpsForm().validate_nps_reason(reason, CollectingDispatcher(), tracker, domain)
    )
    assert result.get("nps_positive_comment") is positive


@pytest.mark.parametrize(("score", "response"), [(0, "_happy"), (10, "")])
def test_the_confirmation_says_which_way_the_reason_reads(
    run_action: RunAction, score: int, response: str
) -> None:
    tracker = make_tracker([], slots={"nps_score": score})
    _events, messages = run_action(ActionAskNpsScoreConfirmed(), tracker)
    assert [m["response"] for m in messages] == [f"utter_ask_nps_score_confirmed{response}"]


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        # A 10 with an angry reason: confirm the score, and ask for contact (a case opens).
        (
            {"nps_score": 10, "nps_negative_comment": True},
            ["nps_score", "nps_reason", "nps_score_confirmed", "nps_contact"],
        ),
        (
            {"nps_score": 9, "nps_negative_comment": True, "nps_score_confirmed": True},
            ["nps_score", "nps_reason", "nps_contact"],
        ),
        # Changed: the score is asked again, never the confirmation a second time.
        (
            {"nps_score": None, "nps_negative_comment": True, "nps_score_confirmed": False},
            ["nps_score", "nps_reason", "nps_contact"],
        ),
        # A passive or a detractor with an angry reason is consistent: no confirmation.
        ({"nps_score": 8, "nps_negative_comment": True}, ["nps_score", "nps_reason", CONTACT]),
        ({"nps_score": 2, "nps_negative_comment": True}, ["nps_score", "nps_reason", CONTACT]),
        ({"nps_score": 10, "nps_negative_comment": False}, ["nps_score", "nps_reason"]),
        # A 0 with a clearly happy reason: the scale read the wrong way round, confirmed.
        (
            {"nps_score": 0, "nps_positive_comment": True},
            ["nps_score", "nps_reason", "nps_score_confirmed", CONTACT],
        ),
        ({"nps_score": 5, "nps_positive_comment": True}, ["nps_score", "nps_reason", CONTACT]),
        (
            {"nps_score": 1, "nps_positive_comment": True, "nps_score_confirmed": True},
            ["nps_score", "nps_reason", CONTACT],
        ),
    ],
)
def test_a_high_score_with_an_angry_reason_is_confirmed_and_followed_up(
    domain: dict[str, Any], slots: dict[str, Any], expected: list[str]
) -> None:
    assert asyncio.run(_required(make_tracker([], slots=slots), domain)) == expected


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("/affirm", "affirm", {"nps_score_confirmed": True}),
        ("/deny", "deny", {"nps_score": None, "nps_score_confirmed": False}),
        ("oops, I meant 2", "nlu_fallback", {"nps_score": 2, "nps_score_confirmed": False}),
        ("whatever", "nlu_fallback", {"nps_score_confirmed": True}),  # their score stands
        # Round 16: the 10 had been kept, and the customer told "glad you liked it"
        (
            "oh no i meant 1, i thought 10 was worst",
            "deny",
            {"nps_score": 1, "nps_score_confirmed": False},
        ),
        ("ոչ, ես 10 եմ տալիս!", "deny", {"nps_score": 10, "nps_score_confirmed": False}),
    ],
)
def test_the_confirmation_keeps_changes_or_replaces_the_score(
    domain: dict[str, Any], text: str, intent: str, expected: dict[str, Any]
) -> None:
    tracker = make_tracker(_in_form(user(text, intent), requested="nps_score_confirmed"))
    form = ValidateNpsForm()
    assert form.validate_nps_score_confirmed(text, CollectingDispatcher(), tracker, domain) == (
        expected
    )


def test_a_confirmed_contradiction_is_stored_with_a_case_the_agent_sees(
    run_action: RunAction, engine: Engine
) -> None:
    tracker = make_tracker(
        completed_survey(score="10", reason=ANGRY),
        slots={
            "nps_score": 10,
            "nps_reason": ANGRY,
            "nps_negative_comment": True,
            "nps_score_confirmed": True,
            "nps_contact": False,
        },
    )
    _events, messages = run_action(ActionSubmitNps(), tracker)
    assert said(messages) == ["utter_thanks_nps_detractor"]  # sorry, not "glad you liked it"
    (stored,) = responses(engine)
    assert stored.category is NpsCategory.PROMOTER  # the number counts as given
    assert stored.case is not None
    assert stored.case.reasons == ["negative_comment", "score_comment_mismatch"]


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        (
            "/deny",
            "deny",
            [
                SlotSet("nps_score_confirmed", False),
                SlotSet("nps_score", None),
                SlotSet("requested_slot", "nps_score"),  # asked again
            ],
        ),
        (
            "/affirm",
            "affirm",
            [SlotSet("nps_score_confirmed", True), SlotSet("requested_slot", "nps_contact")],
        ),
    ],
)
def test_the_form_validates_the_confirmation_it_asked_for(
    run_action: RunAction, text: str, intent: str, expected: list[Any]
) -> None:
    """rasa_sdk validates only required slots: the raw answer must still be one."""
    events = [
        *completed_survey(score="10", reason=ANGRY)[:-2],
        slot("nps_negative_comment", True),
        bot("You gave us 10 out of 10, but ...", "utter_ask_nps_score_confirmed"),
        slot("requested_slot", "nps_score_confirmed"),
        action("action_listen"),
        user(text, intent, confidence=1.0),
        slot("nps_score_confirmed", text),
    ]
    slots = {"nps_score": 10, "nps_reason": ANGRY, "nps_negative_comment": True}
    tracker = make_tracker(events, slots=slots, active_loop="nps_form")
    result, messages = run_action(ValidateNpsForm(), tracker)
    assert result == expected
    assert messages == []


@pytest.mark.parametrize(
    ("text", "score"),
    [
        # Sixth round (Georgian in Latin letters): a digit of the reason had been stored.
        ("cxra, magram 1 nivti gvian movida", 9),  # nine, but 1 item came late
        ("xuti, shekveta 3 dgit daigviana", 5),
        ("sami. kurieri 2 saati agviana", 3),
        # A score taken back at once (the first had been stored, the second as the reason).
        ("cxra, ara sori, eqvsi", 6),
        ("rva, ara, shvidi", 7),
        ("ութ, չէ, ավելի շուտ վեց", 6),  # eight, no, rather six
        ("ութ, ավելի ճիշտ՝ յոթ", 7),  # eight, more precisely seven
        ("7, no, 9", 9),
        ("8, not 10", 8),
        ("8, delivery took 2 days", 8),
        ("7 or 8, hard to say", None),
        # Round 15: "five... no, more like three" kept the five in Georgian and Amharic.
        ("ხუთი... არა, უფრო სამი", 3),
        ("xuti... ara, ufro sami", 3),
        ("6... მოიცა, უფრო 7", 7),  # 6... wait, rather 7: was "not understood"
        ("ስድስት... አይ እንደውም ዘጠኝ", 9),  # six... no, actually nine
        ("ስድስት፣ እንዲያውም ዘጠኝ", 9),
        ("hulet... ay endewum arat", 4),
        ("five... no, more like three", 3),
        # Round 15: other spellings of Amharic number words and of "never".
        ("ዐሥር", 10),
        ("asr", 10),
        ("sement", 8),
        ("በፍፁም አልመክርም", 0),
    ],
)
def test_the_score_a_message_gives(text: str, score: int | None) -> None:
    assert score_in(text) == score


def test_a_detractor_who_gives_an_email_and_a_phone_is_stored_with_both(
    run_action: RunAction, engine: Engine
) -> None:
    """A round-6 shopper's "kim@example.net or 0922 11 22 33" kept only the address."""
    contact = ValidateNpsForm().validate_nps_email(
        "kim@example.net or call 0922 11 22 33",
        CollectingDispatcher(),
        make_tracker([]),
        {},
    )
    assert contact == {"nps_email": "kim@example.net / 0922112233"}
    tracker = make_tracker(
        completed_survey(score="2", reason="late again", metadata={"language": "en"}),
        slots={"nps_score": 2, "nps_reason": "late again", "nps_contact": True, **contact},
    )
    _events, messages = run_action(ActionSubmitNps(), tracker)
    assert said(messages) == ["utter_thanks_nps_contact"]
    (stored,) = responses(engine)
    assert (stored.contact_email, stored.contact_phone) == ("kim@example.net", "0922112233")
    assert stored.case is not None
    assert [note.body for note in stored.case.notes] == [
        "Contact the customer at kim@example.net or 0922112233 (given, with consent, with the"
        " answer)"
    ]


def test_a_phone_number_typed_in_two_pieces_is_joined(domain: dict[str, Any]) -> None:
    """Round 7 (Armenian, Amharic, English): "093" was refused, fairly, and "112233" then
    ended the survey as a tracking request ("no order 112233"), the phone lost."""
    asked = _email_asked(
        user("093", "track_order", confidence=0.6),
        action("nps_form"),
        bot("That doesn't look like an e-mail address or a phone number.", "utter_invalid_email"),
        action("action_listen"),
        user("112233", "track_order", confidence=0.9),
    )
    tracker = make_tracker(asked, active_loop="nps_form")
    assert not ValidateNpsForm().tracks_instead(tracker, "nps_email")
    result = ValidateNpsForm().validate_nps_email("112233", CollectingDispatcher(), tracker, domain)
    assert result == {"nps_email": "093112233"}


@pytest.mark.parametrize("text", ["what do you mean?", "რას გულისხმობთ?", "ምን ማለትህ ነው?"])
def test_what_do_you_mean_under_why_is_explained_not_stored(
    domain: dict[str, Any], text: str
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(_in_form(user(text, "out_of_scope"), requested="nps_reason"))
    result = asyncio.run(ValidateNpsForm().validate_nps_reason(text, dispatcher, tracker, domain))
    assert result == {"nps_reason": None}  # the form asks "why?" again
    assert [m["response"] for m in dispatcher.messages] == ["utter_explain_reason"]


@pytest.mark.parametrize(
    "text",
    [
        "who will read this?",
        "իսկ ո՞վ է կարդալու սա",  # and who is going to read this?
        "ይህ አስተያየት ለማን ነው የሚደርሰው?",  # who does this feedback reach?
        "ምን ማለትህ ነው ምክንያት?",  # what do you mean, reason?
    ],
)
def test_a_question_about_the_survey_under_why_is_explained_not_stored(
    domain: dict[str, Any], text: str
) -> None:
    """Tenth round: such questions had been stored as the reason (a case opened on "who will
    read this?") and the real reason typed next refused as no answer to "may we contact
    you?"."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(_in_form(user(text, "out_of_scope"), requested="nps_reason"))
    result = asyncio.run(ValidateNpsForm().validate_nps_reason(text, dispatcher, tracker, domain))
    assert result == {"nps_reason": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_explain_reason"]


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "explained"),
    [
        ("ratom kitxulobt?", "out_of_scope", 0.5, True),  # why do you ask? (Latin Georgian)
        ("რატო გაინტერესებთ?", "out_of_scope", 0.5, True),  # why do you want to know?
        ("ለምን ትጠይቃለህ?", "out_of_scope", 0.5, True),  # why do you ask?
        ("what happens with my answer?", "out_of_scope", 0.5, True),
        ("ხაჭაპური გიყვართ?", "out_of_scope", 0.93, True),  # do you like khachapuri?
        ("իսկ դուք ո՞վ եք, ռոբո՞տ", "bot_challenge", 0.97, True),  # and who are you, a robot?
        # a reason, whatever the NLU read
        ("why is delivery so slow?", "out_of_scope", 0.9, False),
        ("the courier was rude", "out_of_scope", 0.9, False),
        ("do you even test your app?", "out_of_scope", 0.5, False),  # not sure: a reason
    ],
)
def test_a_question_off_topic_under_why_is_explained_not_stored(
    domain: dict[str, Any], text: str, intent: str, confidence: float, explained: bool
) -> None:
    """Round 22, every language: "why do you ask?", "do you like khachapuri?" and "who are
    you, a robot?" were stored as the reason (a case opened for an 8 on "why do you ask?")."""
    dispatcher = CollectingDispatcher()
    events = _in_form(user(text, intent, confidence=confidence), requested="nps_reason")
    tracker = make_tracker(events, slots={"nps_score": 8})
    result = asyncio.run(ValidateNpsForm().validate_nps_reason(text, dispatcher, tracker, domain))
    said = [m["response"] for m in dispatcher.messages]
    assert (said == ["utter_explain_reason"]) is explained
    assert (result == {"nps_reason": None}) is explained


def test_a_corrected_score_is_said_back(domain: dict[str, Any]) -> None:
    """Round 8: "sorry i meant 5" under "why?" was taken silently."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        _in_form(user("sorry i meant 5", "inform_score"), requested="nps_reason")
    )
    result = asyncio.run(
        ValidateNpsForm().validate_nps_reason("sorry i meant 5", dispatcher, tracker, domain)
    )
    assert result == {"nps_score": 5, "nps_reason": None, "nps_score_confirmed": None}
    assert [(m["response"], m.get("score")) for m in dispatcher.messages] == [
        ("utter_score_changed", 5)
    ]


def test_a_corrected_score_keeps_the_reason_beside_it(domain: dict[str, Any]) -> None:
    """Round 14: "customer service never replied. hmm actually change it to 5" under "why?"
    took the 5 and lost the reason; "why?" was asked again for what had been said."""
    text = "terrible service, the courier was rude. hmm actually change it to 5"
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        _in_form(user(text, "inform_score"), requested="nps_reason"), slots={"nps_score": 3}
    )
    result = asyncio.run(ValidateNpsForm().validate_nps_reason(text, dispatcher, tracker, domain))
    assert result["nps_score"] == 5
    assert result["nps_reason"] == "terrible service, the courier was rude."
    assert result["nps_negative_comment"] is True
    assert result["nps_score_confirmed"] is None
    assert [(m["response"], m.get("score")) for m in dispatcher.messages] == [
        ("utter_score_changed", 5)
    ]


def test_a_corrected_csat_score_keeps_the_comment_beside_it(domain: dict[str, Any]) -> None:
    """The same under "What was missing?": the comment stays with the new score."""
    text = "sorry I meant 2, the courier never called me back"
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user(text, "inform_score")], slots={"csat_score": 3})
    result = ValidateCsatForm().validate_csat_comment(text, dispatcher, tracker, domain)
    assert result == {"csat_score": 2, "csat_comment": "the courier never called me back"}
    assert [(m["response"], m.get("score")) for m in dispatcher.messages] == [
        ("utter_score_changed", 2)
    ]


@pytest.mark.parametrize(
    ("text", "score", "comment"),
    [
        # round 19: stored as the comment of the 2, "we'll look into it" and a person offered
        ("actually yes it did, sorry", 4, None),
        ("ներողություն, այո, օգնեց", 4, None),  # sorry, yes, it helped
        ("yes", 2, "yes"),  # a bare yes takes nothing back
        ("yes but the box was damaged", 2, "yes but the box was damaged"),
    ],
)
def test_a_no_taken_back_under_what_was_missing_is_a_yes(
    domain: dict[str, Any], text: str, score: int, comment: str | None
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user(text)], slots={"csat_score": 2})
    result = ValidateCsatForm().validate_csat_comment(text, dispatcher, tracker, domain)
    assert result.get("csat_score", 2) == score
    assert result["csat_comment"] == comment


@pytest.mark.parametrize("text", ["እሺ በቃ 4", "ok fine, 4"])  # ok, enough: 4
def test_a_score_agreed_to_under_what_was_missing_changes_it(
    domain: dict[str, Any], text: str
) -> None:
    """Round 19 (Amharic): after "no" (a 2), "እሺ በቃ 4" was stored as the comment."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user(text, "inform_score")], slots={"csat_score": 2})
    result = ValidateCsatForm().validate_csat_comment(text, dispatcher, tracker, domain)
    assert result == {"csat_score": 4, "csat_comment": None}
    assert [(m["response"], m.get("score")) for m in dispatcher.messages] == [
        ("utter_score_changed", 4)
    ]


@pytest.mark.parametrize(
    "text",
    ["I told you 10", "10", "10 አልኩህ እኮ", "ხომ გითხარი, 10", "արդեն ասացի՝ 10"],
)
def test_the_same_score_again_under_why_is_no_reason(domain: dict[str, Any], text: str) -> None:
    """Round 12: "10 አልኩህ እኮ" (I told you 10) under "why?" was stored as the reason. The
    customer thinks the score was not taken: it was, said so, and "why?" again."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        _in_form(user(text, "inform_score"), requested="nps_reason"), slots={"nps_score": 10}
    )
    result = asyncio.run(ValidateNpsForm().validate_nps_reason(text, dispatcher, tracker, domain))
    assert result == {"nps_reason": None}
    assert [(m["response"], m.get("score")) for m in dispatcher.messages] == [
        ("utter_score_kept", 10)
    ]
