"""The CSAT question after a support answer: scores, yes/no, a comment on low scores."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.events import ActionExecutionRejected, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine, select

from bot.actions.survey_csat import (
    ActionAskCsatScore,
    ActionSubmitCsat,
    ValidateCsatForm,
    answer_with_comment,
    csat_answer,
)
from bot.actions.survey_flow import ActionSkipSurvey
from feedback_api.db import session_factory
from feedback_api.models import SurveyResponse
from feedback_api.policy import SurveyKind
from tests.bot.conftest import (
    RunAction,
    action,
    bot,
    csat_until_score,
    loop,
    make_tracker,
    score_entity,
    slot,
    user,
)

METADATA = {"customer_id": "c-42", "campaign": "spring"}

pytestmark = pytest.mark.usefixtures("services")


def stored(engine: Engine) -> list[SurveyResponse]:
    with session_factory(engine)() as session:
        rows = list(session.scalars(select(SurveyResponse).order_by(SurveyResponse.id)))
        for row in rows:
            _ = (row.case, row.sentiment)
        return rows


def said(messages: list[dict[str, Any]]) -> list[str]:
    return [message["response"] for message in messages]


def test_the_question_has_buttons_1_to_5(run_action: RunAction) -> None:
    _events, messages = run_action(ActionAskCsatScore(), make_tracker([]))
    (message,) = messages
    assert message["response"] == "utter_ask_csat_score"
    assert [b["title"] for b in message["buttons"]] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize(
    ("text", "intent", "entities", "expected"),
    [
        ('/inform_score{"score":"5"}', "inform_score", score_entity("5"), 5),
        ("4", "inform_score", [], 4),
        ("a 3 I guess", "inform_score", [], 3),
        # Round 17: a yes said strongly is a 5, a plain yes a 4
        ("yes, it helped a lot", "affirm", [], 5),
        ("այո, շատ օգնեց", "affirm", [], 5),  # yes, it helped a lot
        ("yes but not very much", "affirm", [], 4),
        # Round 17: "not five, two": the NLU tags the five (stored as a 5)
        ("አምስት አይደለም፣ ሁለት", "inform_score", score_entity("አምስት"), 2),
        ("yes", "affirm", [], 4),
        ("yep, thanks", "nlu_fallback", [], 4),
        ("no", "deny", [], 2),
        ("nope", "nlu_fallback", [], 2),
        # A thumb is a yes or a no even when the NLU is unsure of it.
        ("\N{THUMBS UP SIGN}", "affirm", [], 4),
        ("\N{THUMBS DOWN SIGN}\N{EMOJI MODIFIER FITZPATRICK TYPE-3}", "nlu_fallback", [], 2),
    ],
)
def test_scores_and_yes_no(
    run_action: RunAction, text: str, intent: str, entities: list[Any], expected: int
) -> None:
    events = [*csat_until_score(), user(text, intent, entities=entities), slot("csat_score", text)]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert result[0] == SlotSet("csat_score", expected)
    assert messages == []


@pytest.mark.parametrize(
    ("score", "extra"),
    [
        (1, []),  # csat_comment is next: Rasa's form asks it (all the domain's slots)
        (2, []),
        (3, [SlotSet("requested_slot", None)]),  # done
    ],
)
def test_only_a_low_score_asks_what_was_missing(
    run_action: RunAction, score: int, extra: list[Any]
) -> None:
    text = str(score)
    events = [*csat_until_score(), user(text, "inform_score"), slot("csat_score", text)]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert result == [SlotSet("csat_score", score), *extra]


@pytest.mark.parametrize(
    ("text", "intent", "score", "comment"),
    [
        # A no with what went wrong: it was refused as unclear (too long for a bare no).
        (
            "no, the blender was broken when it arrived",
            "complaint",
            2,
            "the blender was broken when it arrived",
        ),
        ("2 - the page was confusing", "inform_score", 2, "the page was confusing"),
        ("nope because the link does not open", "deny", 2, "because the link does not open"),
        ("არა, ბმული არ მუშაობს", "deny", 2, "ბმული არ მუშაობს"),
        ("ոչ, հղումը չի բացվում", "deny", 2, "հղումը չի բացվում"),
        ("አይ፣ ሊንኩ አይከፈትም", "deny", 2, "ሊንኩ አይከፈትም"),
        # A no that opens a sentence, with no mark after it: the whole message is the comment.
        ("no it still hasnt arrived", "track_order", 2, "no it still hasnt arrived"),
        # A high score's words are kept too: an answer is never lost.
        ("5, quick and clear answer", "inform_score", 5, "quick and clear answer"),
    ],
)
def test_an_answer_with_what_was_missing_takes_both(
    run_action: RunAction, text: str, intent: str, score: int, comment: str
) -> None:
    """ "What was missing?" was asked for what the customer had just written."""
    events = [*csat_until_score(), user(text, intent), slot("csat_score", text)]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert result[:2] == [SlotSet("csat_score", score), SlotSet("csat_comment", comment)]
    assert messages == []


@pytest.mark.parametrize("text", ["yes, thanks a lot", "no, sorry", "yes"])
def test_thanks_after_a_yes_or_no_is_no_comment(run_action: RunAction, text: str) -> None:
    events = [*csat_until_score(), user(text, "affirm"), slot("csat_score", text)]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert all(event.get("name") != "csat_comment" for event in result)


def test_unclear_is_asked_again_once_then_dismissed(run_action: RunAction) -> None:
    first = [*csat_until_score(), user("6", "inform_score"), slot("csat_score", "6")]
    result, messages = run_action(ValidateCsatForm(), make_tracker(first, active_loop="csat_form"))
    assert said(messages) == ["utter_invalid_csat"]
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", "csat_score")]

    second = [
        *first,
        bot("Sorry, I didn't catch that.", "utter_invalid_csat"),
        user("banana"),
        slot("csat_score", "banana"),
    ]
    result, messages = run_action(ValidateCsatForm(), make_tracker(second, active_loop="csat_form"))
    assert said(messages) == ["utter_survey_unclear"]
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]


# What the widget test found: a request in Georgian ("I want to leave a review") read by the
# NLU as a weak "affirm" was stored as CSAT 4. Nothing that was not understood as an answer
# may become a score: each of these is asked again.
NOT_ANSWERS = [
    ("მინდა შეფასება დავტოვო", "affirm", 0.55),  # a weak guess, in a language it reads badly
    ("ok the thing I really wanted to know is something else", "affirm", 0.9),  # too long
    ("asdf qwerty", "nlu_fallback", 0.3),
    ("tell me a joke", "out_of_scope", 0.95),
]


@pytest.mark.parametrize(("text", "intent", "confidence"), NOT_ANSWERS)
def test_a_message_not_understood_as_an_answer_is_never_a_score(
    run_action: RunAction, text: str, intent: str, confidence: float
) -> None:
    events = [
        *csat_until_score(),
        user(text, intent, confidence=confidence),
        slot("csat_score", text),
    ]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert said(messages) == ["utter_invalid_csat"]
    assert result[0] == SlotSet("csat_score", None)


@pytest.mark.parametrize("text", ["ok", "OK.", "okay", "got it", "እሺ", "გასაგებია", "հասկացա"])
def test_ok_says_the_answer_was_read_not_that_it_solved_the_problem(
    run_action: RunAction, text: str
) -> None:
    """A shopper's finding: "ok" / "እሺ" under "Did that solve your problem?" (a sure affirm)
    was stored as CSAT 4. It is asked plainly; then a yes is a yes."""
    first = [*csat_until_score(), user(text, "affirm", confidence=0.97), slot("csat_score", text)]
    result, messages = run_action(ValidateCsatForm(), make_tracker(first, active_loop="csat_form"))
    assert said(messages) == ["utter_csat_did_it_solve"]
    assert result[0] == SlotSet("csat_score", None)

    yes = [
        *first,
        bot("Thanks! So that we know whether it worked:", "utter_csat_did_it_solve"),
        user("yes", "affirm"),
        slot("csat_score", "yes"),
    ]
    result, messages = run_action(ValidateCsatForm(), make_tracker(yes, active_loop="csat_form"))
    assert result[0] == SlotSet("csat_score", 4)
    assert messages == []


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("oh great, super helpful, thanks a lot", "thank"),
        ("հա, իհարկե, շատ օգնեցիք 🙄", "affirm"),  # yes, of course, you helped a lot
        ("አዎ በጣም ረድቶኛል ምንም አልገባኝም 🙄", "affirm"),  # yes it helped, I understood nothing
    ],
)
def test_sarcasm_is_asked_plainly_not_stored_as_satisfied(
    run_action: RunAction, text: str, intent: str
) -> None:
    """Round 20, every language: stored as a 4 or a 5."""
    events = [*csat_until_score(), user(text, intent), slot("csat_score", text)]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert said(messages) == ["utter_csat_sorry_if_not"]
    assert SlotSet("csat_score", None) in result
    assert all(event.get("name") != "csat_comment" for event in result)


def test_ok_twice_ends_the_question_without_a_score(run_action: RunAction) -> None:
    """One plain question again, shared with the other retry: then the question is left."""
    events = [
        *csat_until_score(),
        user("banana", "nlu_fallback", confidence=0.3),
        slot("csat_score", None),
        bot("Sorry, I didn't catch that.", "utter_invalid_csat"),
        user("ok", "affirm"),
        slot("csat_score", "ok"),
    ]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert said(messages) == ["utter_survey_unclear"]
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]


@pytest.mark.parametrize(
    ("text", "intent", "score"),
    [
        ("ok, it worked", "affirm", 4),
        ("ok thanks, yes", "affirm", 4),
        # "it didn't solve it" in the question's own words (an Amharic shopper's was lost)
        ("አልፈታውም", "nlu_fallback", 2),
        ("չօգնեց", "deny", 2),
        ("no, not at all", "deny", 1),  # the scale's own 1, not a no's 2
    ],
)
def test_ok_with_an_answer_is_the_answer(
    run_action: RunAction, text: str, intent: str, score: int
) -> None:
    events = [*csat_until_score(), user(text, intent, confidence=0.5), slot("csat_score", text)]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert result[0] == SlotSet("csat_score", score)


def test_a_confident_short_yes_in_any_language_is_still_a_yes(run_action: RunAction) -> None:
    events = [*csat_until_score(), user("კი", "affirm", confidence=0.92), slot("csat_score", "კი")]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert result[0] == SlotSet("csat_score", 4)
    assert messages == []


def test_two_messages_not_understood_store_a_dismissed_survey_not_a_score(
    run_action: RunAction, engine: Engine
) -> None:
    first = [*csat_until_score(), user("მინდა შეფასება დავტოვო", "affirm", confidence=0.55)]
    second = [
        *first,
        slot("csat_score", None),
        bot("Sorry, I didn't catch that.", "utter_invalid_csat"),
        user("შეფასება", "affirm", confidence=0.5),
        slot("csat_score", "შეფასება"),
    ]
    result, messages = run_action(ValidateCsatForm(), make_tracker(second, active_loop="csat_form"))
    assert said(messages) == ["utter_survey_unclear"]
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]
    given_up = [*second, bot("Sorry, I still couldn't tell", "utter_survey_unclear"), loop(None)]
    _events, thanks = run_action(ActionSubmitCsat(), make_tracker(given_up))
    assert thanks == []  # the form already said goodbye to the question
    (answer,) = stored(engine)
    assert (answer.score, answer.dismissed) == (None, True)


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "new_request"),
    [
        ("A1000002", "track_order", 1.0, True),
        ("and what about A1000002?", "track_order", 0.8, True),
        ("refund for 12345678?", "track_refund", 0.9, True),
        # A question without a number asks too (a shopper's was refused as an unclear score).
        ("where is my order?", "track_order", 0.99, True),
        ("სად არის ჩემი შეკვეთა?", "track_order", 0.99, True),
        # A statement without a number, an answer with the question, or unsure: an answer.
        ("no it still hasnt arrived", "track_order", 0.99, False),
        ("no, where is my order?", "track_order", 0.99, False),
        ("where is my order?", "track_order", 0.5, False),
        # As the refund answer says to ask (a shopper's was refused as an unclear score).
        ("track my refund", "track_refund", 0.95, True),
        # A corrected order number (the shopper's "wrong one" had been stored as a 1).
        ("wrong one sorry, it's A1000004", "track_order", 1.0, True),
        ("no wait wrong order, I meant A1000010", "track_order", 1.0, True),
        ("Sorry, I meant A1000003, not 4.", "track_order", 1.0, True),  # had been a 4
        ("A1000002", "track_order", 0.5, False),
    ],
)
def test_a_tracking_request_ends_the_csat_question(
    run_action: RunAction, text: str, intent: str, confidence: float, new_request: bool
) -> None:
    """An order number or "where is my order?" sent while "Did that solve your problem?"
    waited was answered "Please pick a number from 1 to 5"; it starts the order form instead
    (rules/support.yml)."""
    events = [
        *csat_until_score(),
        user(text, intent, confidence=confidence),
        slot("csat_score", text),
    ]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    rejected = any(event.get("event") == "action_execution_rejected" for event in result)
    assert rejected is new_request


@pytest.mark.parametrize(
    ("text", "confidence", "interrupts"),
    [
        ("and how much is express?", 0.65, True),  # a follow-up question, fairly sure
        ("and how much is express?", 0.5, False),  # unsure: asked again
        ("express is too expensive", 0.65, False),  # no question: not let through unsure
    ],
)
def test_a_follow_up_question_interrupts_the_csat_question(
    run_action: RunAction, text: str, confidence: float, interrupts: bool
) -> None:
    """Shoppers in every language: a follow-up under "Did that solve your problem?" got
    "Please pick a number from 1 to 5" and was never answered."""
    question = user(text, "delivery_options", confidence=confidence)
    events = [*csat_until_score(), question, slot("csat_score", text)]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert (ActionExecutionRejected("csat_form") in result) is interrupts


@pytest.mark.parametrize(
    ("text", "intent", "confidence"),
    [
        ("and if it doesnt come?", "skip", 0.65),  # had been stored as dismissed
        ("რატო?", "affirm", 0.74),  # why? had been stored as a 4
        ("რატო", "affirm", 0.81),
        ("and the other one?", "inform_score", 0.41),
        ("ካልመጣስ?", "nlu_fallback", 0.3),  # and if it doesn't come?
        ("իսկ ինչքա՞ն արժե", "out_of_scope", 0.6),  # and how much does it cost?
        ("እሺ መቼ ይደርሰኛል", "affirm", 0.9),  # ok, when will it reach me? (round 12: a 4)
        ("ok so when will it come", "affirm", 0.85),
    ],
)
def test_a_question_instead_of_an_answer_leaves_the_csat_question_unanswered(
    run_action: RunAction, engine: Engine, text: str, intent: str, confidence: float
) -> None:
    """Tenth round, all four languages: a follow-up question under "Did that solve your
    problem?" had been stored as a score nobody gave, or as dismissed, or asked "please pick
    a number" twice. The form ends with nothing stored and the question is read again as
    the customer's next message, as not understood unless the NLU is sure of a request."""
    events = [
        *csat_until_score(),
        user(text, intent, confidence=confidence),
        slot("csat_score", text),
    ]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]
    assert messages == []
    ended = [*events[:-1], slot("csat_score", None), slot("requested_slot", None), loop(None)]
    result, messages = run_action(ActionSubmitCsat(), make_tracker(ended))
    assert messages == [] and stored(engine) == []
    assert result[:2] == [SlotSet("csat_score", None), SlotSet("csat_comment", None)]
    repeated = result[-1]
    assert repeated["event"] == "user" and repeated["text"] == text
    assert repeated["parse_data"]["intent"] == {"name": "nlu_fallback", "confidence": 1.0}


@pytest.mark.parametrize(
    ("text", "confidence"),
    [
        ("i want to give feedback", 0.95),
        ("/give_feedback", 1.0),
        ("მინდა შეფასება დავტოვო", 0.8),  # I want to leave a rating: had been stored as a 4
    ],
)
def test_asking_for_the_survey_leaves_the_csat_question_for_it(
    run_action: RunAction, engine: Engine, text: str, confidence: float
) -> None:
    """Round 11: "i want to give feedback" (or the "Rate us" button tapped late) under the
    CSAT question was refused as no number; the NPS survey starts instead, nothing stored."""
    events = [
        *csat_until_score(),
        user(text, "give_feedback", confidence=confidence),
        slot("csat_score", text),
    ]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]
    ended = [*events[:-1], slot("csat_score", None), slot("requested_slot", None), loop(None)]
    result, messages = run_action(ActionSubmitCsat(), make_tracker(ended))
    assert messages == [] and stored(engine) == []
    assert result[-1]["parse_data"]["intent"]["name"] == "give_feedback"


def test_a_question_about_the_scale_is_explained_and_asked_again(run_action: RunAction) -> None:
    text = "what does 1 mean?"
    events = [*csat_until_score(), user(text, "inform_score"), slot("csat_score", text)]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert said(messages) == ["utter_explain_csat_scale"]
    assert SlotSet("csat_score", None) in result and SlotSet("requested_slot", None) not in result


def test_a_language_asked_for_as_a_question_keeps_the_csat_question(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 12: "ქართულად შეიძლება?" (Georgian, please?) ended the CSAT question as a
    question of its own; the "კი" (yes) typed next was lost."""
    text = "ქართულად შეიძლება?"
    events = [
        *csat_until_score(),
        user(text, "switch_language", confidence=1.0),
        slot("csat_score", text),
    ]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert ActionExecutionRejected("csat_form") in result
    assert SlotSet("requested_slot", None) not in result
    assert messages == [] and stored(engine) == []


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "read_as"),
    [
        ("and for A1000001 too pls", "affirm", 0.6, "track_order"),  # "pick a number"
        ("իսկ A1000006-ի համար?", "out_of_scope", 0.5, "track_order"),  # had been the scale
        ("ለ A1000006ም ደግሞ", "nlu_fallback", 0.3, "track_order"),  # "pick a number" loop
    ],
)
def test_another_order_named_under_the_csat_question_is_a_request(
    run_action: RunAction, engine: Engine, text: str, intent: str, confidence: float, read_as: str
) -> None:
    """Round 12, every language: a second order after an answer was told to pick a number
    from 1 to 5, or what the scale's 1 means. Nothing is stored, and the message is read
    again: as the request the NLU is sure of, else about that order (a support question
    the NLU is sure of is answered in between, as any, and the question asked again)."""
    events = [*csat_until_score(), user(text, intent, confidence=confidence)]
    events.append(slot("csat_score", text))
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]
    assert messages == []
    ended = [*events[:-1], slot("csat_score", None), slot("requested_slot", None), loop(None)]
    result, _messages = run_action(ActionSubmitCsat(), make_tracker(ended))
    assert stored(engine) == []
    assert result[-1]["parse_data"]["intent"]["name"] == read_as


def _after_a_refused_refund(text: str, intent: str) -> list[dict[str, Any]]:
    """The CSAT question after "your refund was not approved", then ``text``."""
    events = csat_until_score()
    refused = bot("The refund for A1000009 was not approved ...", "utter_refund_rejected_item_used")
    return [*events[:5], refused, *events[6:], user(text, intent, confidence=0.9)]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ለምን ተከለከለ? ዕቃውን አልተጠቀምኩበትም", "payment_issue"),  # had got card troubleshooting
        ("ինչու՞ են մերժել, ես այն չեմ օգտագործել", "nlu_fallback"),  # had been not understood
        ("ratom? nivti ar gamomiyenebia!", "inform_score"),  # had been "pick a number"
    ],
)
def test_disputing_a_refused_refund_hands_over(
    run_action: RunAction, engine: Engine, text: str, intent: str
) -> None:
    """Round 12, every language: the refusal says "if you disagree, just ask for a person";
    the customer who disagreed got no person and no case."""
    events = [*_after_a_refused_refund(text, intent), slot("csat_score", text)]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]
    ended = [*events[:-1], slot("csat_score", None), slot("requested_slot", None), loop(None)]
    result, messages = run_action(ActionSubmitCsat(), make_tracker(ended))
    assert messages == [] and stored(engine) == []
    assert result[-1]["parse_data"]["intent"]["name"] == "contact_human_agent"


def test_why_after_another_answer_is_no_dispute(run_action: RunAction) -> None:
    events = [*csat_until_score(), user("why?", "nlu_fallback"), slot("csat_score", "why?")]
    result, _messages = run_action(
        ValidateCsatForm(), make_tracker(events, active_loop="csat_form")
    )
    ended = [*events[:-1], slot("csat_score", None), slot("requested_slot", None), loop(None)]
    result, _messages = run_action(ActionSubmitCsat(), make_tracker(ended))
    assert result[-1]["parse_data"]["intent"]["name"] != "contact_human_agent"


@pytest.mark.parametrize("text", ["4 or 5", "4 or 5?", "ოთხი ან ხუთი"])
def test_two_scores_are_offered_back_to_pick_one(run_action: RunAction, text: str) -> None:
    """Round 12: "4 or 5?" had ended the question as if it were a question of its own."""
    events = [*csat_until_score(), user(text, "inform_score"), slot("csat_score", text)]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert said(messages) == ["utter_pick_one_score"]
    assert [button["title"] for button in messages[0]["buttons"]] == ["4", "5"]
    assert SlotSet("csat_score", None) in result and SlotSet("requested_slot", None) not in result


def test_a_question_the_nlu_is_sure_of_is_answered_after_the_csat_question_ends(
    run_action: RunAction, engine: Engine
) -> None:
    events = [*csat_until_score(), user("are you a bot?", "bot_challenge", confidence=1.0)]
    ended = [*events, slot("requested_slot", None), loop(None)]
    result, messages = run_action(ActionSubmitCsat(), make_tracker(ended))
    assert messages == [] and stored(engine) == []
    assert result[-1]["parse_data"]["intent"]["name"] == "bot_challenge"


def test_a_question_with_an_answer_in_it_is_still_the_answer(run_action: RunAction) -> None:
    events = [*csat_until_score(), user("yes, why?", "affirm"), slot("csat_score", "yes, why?")]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert SlotSet("csat_score", 4) in result


def test_a_clearly_negative_statement_instead_of_an_answer_is_a_no_with_it(
    run_action: RunAction,
) -> None:
    """Tenth round: "but i never used it!! this is a joke" was asked "please pick a number"
    twice and dismissed; a complaint in place of the answer is a no, with what was wrong."""
    text = "but the reset email is terrible and never comes"
    events = [
        *csat_until_score(),
        user(text, "recover_password", confidence=0.53),
        slot("csat_score", text),
    ]
    result, messages = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert result == [SlotSet("csat_score", 2), SlotSet("csat_comment", text)]
    assert messages == []


@pytest.mark.parametrize(
    "text",
    [
        "terrible courier but yes it is solved",  # a yes in it
        "terrible",  # too short to read
        "the courier was polite and quick",  # not negative: asked again
    ],
)
def test_other_statements_are_no_complaint_in_place_of_the_answer(
    run_action: RunAction, text: str
) -> None:
    events = [
        *csat_until_score(),
        user(text, "nlu_fallback", confidence=0.3),
        slot("csat_score", text),
    ]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert SlotSet("csat_score", 2) not in result


def test_a_new_support_question_interrupts_the_csat_question(run_action: RunAction) -> None:
    question = user("how do I reset my password?", "recover_password")
    events = [*csat_until_score(), question, slot("csat_score", "how do I reset my password?")]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert result == [SlotSet("csat_score", None), ActionExecutionRejected("csat_form")]


@pytest.mark.parametrize(
    ("score", "comment", "thanks", "case"),
    [
        (5, None, "utter_thanks_csat", False),
        (3, None, "utter_thanks_csat", False),
        (2, "the answer did not cover my country", "utter_thanks_csat_low", True),
    ],
)
def test_submit_stores_csat_and_thanks(
    run_action: RunAction,
    engine: Engine,
    score: int,
    comment: str | None,
    thanks: str,
    case: bool,
) -> None:
    events = [*csat_until_score(metadata=METADATA), user(str(score), "inform_score"), loop(None)]
    tracker = make_tracker(events, slots={"csat_score": score, "csat_comment": comment})
    result, messages = run_action(ActionSubmitCsat(), tracker)
    cleared = [SlotSet("csat_score", None), SlotSet("csat_comment", None)]
    # Not solved: a person offered next, with yes and no buttons (round 13: "if you'd like
    # a person, just say so" had left the "yes" typed next unanswered).
    assert result == cleared + ([FollowupAction("utter_offer_handoff")] if case else [])
    assert said(messages) == [thanks]
    (answer,) = stored(engine)
    assert (answer.kind, answer.score, answer.comment) == (SurveyKind.CSAT, score, comment)
    assert answer.campaign == "spring"
    assert answer.idempotency_key.startswith("conv-1:csat:")
    assert (answer.case is not None) is case


def test_required_slots_after_giving_up(run_action: RunAction) -> None:
    events = [*csat_until_score(), bot("Sorry, I still couldn't tell", "utter_survey_unclear")]
    form = ValidateCsatForm()
    domain: dict[str, Any] = {"forms": {"csat_form": {"required_slots": ["csat_score"]}}}
    required = asyncio.run(
        form.required_slots(["csat_score"], CollectingDispatcher(), make_tracker(events), domain)
    )
    assert required == []


def _asked_what_was_missing(*extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        *csat_until_score(metadata=METADATA),
        user("no", "deny", confidence=0.95),
        slot("csat_score", 2),
        action("csat_form"),
        bot("Sorry about that. What was missing?", "utter_ask_csat_comment"),
        slot("requested_slot", "csat_comment"),
        action("action_listen"),
        *extra,
    ]


def test_a_question_under_what_was_missing_is_the_comment_and_is_answered(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 13: "can you deliver to Tbilisi?" was answered and "What was missing?" asked
    again; the answer was stored without its comment."""
    text = "can you deliver to Tbilisi?"
    events = _asked_what_was_missing(user(text, "delivery_options", confidence=0.93))
    tracker = make_tracker(events, slots={"csat_score": 2}, active_loop="csat_form")
    result, _messages = run_action(ValidateCsatForm(), tracker)
    assert result == [SlotSet("csat_comment", text), SlotSet("requested_slot", None)]
    tracker = make_tracker([*events, loop(None)], slots={"csat_score": 2, "csat_comment": text})
    result, messages = run_action(ActionSubmitCsat(), tracker)
    assert said(messages) == ["utter_thanks_csat_low"]
    (answer,) = stored(engine)
    assert (answer.score, answer.comment) == (2, text)
    again = result[-1]
    assert again["event"] == "user" and again["text"] == text  # then answered by the rules


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "takes_up"),
    [
        ("where is my order A1000003", "track_order", 0.96, True),
        ("what's the status of my refund?", "track_refund", 0.93, True),
        ("my order never came", "track_order", 0.95, False),  # what was missing: a comment
        ("where is my order?", "track_order", 0.45, False),  # the NLU is unsure
        # Round 20: a "why" is what was missing too: kept as the comment (it had been lost)
        ("why is it still packing after 3 days??", "track_order", 0.9, True),
    ],
)
def test_a_tracking_request_instead_of_what_was_missing_is_answered(
    run_action: RunAction,
    engine: Engine,
    text: str,
    intent: str,
    confidence: float,
    takes_up: bool,
) -> None:
    """Found by talking to the bot in four languages: the request was stored as the comment,
    thanked for ("we'll look into it"), and the order never looked up."""
    events = _asked_what_was_missing(user(text, intent, confidence=confidence))
    tracker = make_tracker(events, slots={"csat_score": 2}, active_loop="csat_form")
    result, _messages = run_action(ValidateCsatForm(), tracker)
    comment = text if text.startswith("why") else None
    ended = [SlotSet("csat_comment", comment), SlotSet("requested_slot", None)]
    assert (result == ended) is takes_up
    if not takes_up:
        return
    tracker = make_tracker([*events, loop(None)], slots={"csat_score": 2, "csat_comment": comment})
    result, messages = run_action(ActionSubmitCsat(), tracker)
    assert said(messages) == ["utter_thanks_csat_low"]
    (answer,) = stored(engine)
    assert (answer.score, answer.comment) == (2, comment)
    listen, again = result[-2:]
    assert listen["event"] == "action" and listen["name"] == "action_listen"
    assert again["event"] == "user" and again["text"] == text
    assert again["parse_data"]["intent"]["name"] == intent
    assert again["metadata"]["further_request_of"]


@pytest.mark.parametrize(
    "text",
    [
        "አይ ቆይ አትሰርዘው",
        "no wait, I don't want to cancel it anymore",
        "არა, მოიცა, გადავიფიქრე, არ გავაუქმებ",  # no, wait, I changed my mind, I won't cancel
    ],
)
def test_cancelling_taken_back_under_the_csat_question_is_no_answer(
    run_action: RunAction, engine: Engine, text: str
) -> None:
    """Round 21 (Amharic): "no wait, don't cancel it" after the steps to cancel was stored as
    a 2 with its words, and a case opened."""
    events = [*csat_until_score(), user(text, "cancel_order", confidence=1.0)]
    tracker = make_tracker(events, active_loop="csat_form")
    result, _messages = run_action(ValidateCsatForm(), tracker)
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]
    result, messages = run_action(ActionSubmitCsat(), make_tracker([*events, loop(None)]))
    assert messages == []
    (answer,) = stored(engine)
    assert (answer.dismissed, answer.score) == (True, None)
    again = result[-1]
    assert again["event"] == "user" and again["text"] == text
    assert again["parse_data"]["intent"]["name"] == "cancel_order"


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "hands_over"),
    [
        ("ոչ, ուզում եմ մարդու հետ խոսել", "contact_human_agent", 0.93, True),
        ("no, I want to talk to a person", "contact_human_agent", 0.96, True),
        ("no, this is unacceptable, I want to complain", "complaint", 0.9, True),
        ("no, the link is broken", "deny", 0.9, False),
        # Round 14: the words of asking are enough where the classifier is unsure.
        (
            "no, didnt help, the item was new and unused. connect me to an operator",
            "contact_human_agent",
            0.6,
            True,
        ),
        ("ոչ, չօգնեց, ապրանքը նոր էր։ կապեք օպերատորի հետ", "complaint", 0.67, True),
        # Round 20: "i want a person" (read as a refund) had been asked "would you like me
        # to pass this conversation to a person?"
        ("my money is gone! i want a person", "get_refund", 0.59, True),
        ("ገንዘቤ ነው የጠፋው! ሰው ፈልጋለሁ", "get_refund", 0.6, True),  # my money is gone! ...
    ],
)
def test_a_no_that_asks_for_a_person_is_stored_then_handed_over(
    run_action: RunAction,
    engine: Engine,
    text: str,
    intent: str,
    confidence: float,
    hands_over: bool,
) -> None:
    """A shopper's finding: "no, I want to talk to a person" was stored as a 2 with its
    words, and the customer told "if you'd like to talk to a person, just say so"."""
    events = [*csat_until_score(), user(text, intent, confidence=confidence), loop(None)]
    tracker = make_tracker(events, slots={"csat_score": 2, "csat_comment": text})
    result, messages = run_action(ActionSubmitCsat(), tracker)
    (answer,) = stored(engine)
    assert (answer.score, answer.comment) == (2, text)  # the answer is kept either way
    again = result[-1]
    assert (again["event"] == "user" and again["text"] == text) is hands_over
    # No "if you'd like a person, just say so" right before the handover.
    # Round 17: "I'm sorry I haven't been more helpful", not "Thanks for letting us know!"
    assert said(messages) == (
        ["utter_sorry_not_helped"] if hands_over else ["utter_thanks_csat_low"]
    )


@pytest.mark.parametrize(
    ("text", "intent", "asked"),
    [
        ("კი, მაგრამ პაროლი დამავიწყდა, როგორ აღვადგინო?", "recover_password", True),
        ("yes, but how do I reset my password?", "recover_password", True),
        ("yes, thanks, the password reset worked", "recover_password", False),  # no question
        ("yes?", "affirm", False),
        # Round 12: a request in words of asking, not only a question mark.
        (
            "no, i also need to know how to change my delivery address",
            "change_shipping_address",
            True,
        ),
        ("ոչ, ուզում եմ չեղարկել պատվերը", "cancel_order", True),  # no, I want to cancel
        # Round 15: a polite imperative asks too (no, it hasn't been sent yet, cancel it)
        ("ոչ, դեռ չի ուղարկվել, չեղարկեք", "cancel_order", True),
        ("არა, ჯერ არ გაუგზავნიათ, გამიუქმეთ", "cancel_order", True),
        ("አይ፣ እስካሁን አልተላከም፤ ሰርዙልኝ", "cancel_order", True),
        ("no, it hasn't shipped yet, cancel it", "cancel_order", True),
        # The request just answered: its answer again would not help.
        ("no, I want to know the refund policy for sale items", "check_refund_policy", False),
        ("no, i still can't log in", "recover_password", False),  # no words of asking
    ],
)
def test_a_question_with_the_answer_is_answered_after_it(
    run_action: RunAction, engine: Engine, text: str, intent: str, asked: bool
) -> None:
    """A shopper's finding: "yes, but I forgot my password, how do I reset it?" was thanked
    for and the question never answered."""
    events = [*csat_until_score(), user(text, intent, confidence=0.92), loop(None)]
    tracker = make_tracker(events, slots={"csat_score": 4})
    result, _messages = run_action(ActionSubmitCsat(), tracker)
    (answer,) = stored(engine)
    assert answer.score == 4
    again = result[-1]
    assert (again["event"] == "user" and again["text"] == text) is asked


@pytest.mark.parametrize(
    "text",
    [
        "yes thanks, one more question: how do i reset my password?",
        "კი, მადლობა. კიდევ ერთი კითხვა მაქვს: პაროლი როგორ აღვადგინო?",
        "այո, շնորհակալ եմ, ևս մեկ հարց ունեմ՝ ինչպե՞ս վերականգնեմ գաղտնաբառը",
        "አዎ አመሰግናለሁ፣ አንድ ተጨማሪ ጥያቄ አለኝ፤ የይለፍ ቃሌን እንዴት እቀይራለሁ?",
    ],
)
def test_a_question_after_a_yes_is_no_comment_on_the_answer(
    run_action: RunAction, text: str
) -> None:
    """Round 14: the question (answered after the thanks) had been stored as the comment
    of the satisfied answer, in every language."""
    events = [*csat_until_score(), user(text, "recover_password", confidence=0.92)]
    tracker = make_tracker([*events, slot("csat_score", text)], active_loop="csat_form")
    result, _messages = run_action(ValidateCsatForm(), tracker)
    assert result[0] == SlotSet("csat_score", 4)
    assert not any(event.get("name") == "csat_comment" and event.get("value") for event in result)


@pytest.mark.parametrize(
    ("text", "intent", "score", "comment"),
    [
        # Round 14: "not at all" in a sentence is the scale's 1, with the words.
        (
            "no, not at all. it was supposed to come yesterday",
            "deny",
            1,
            "not at all. it was supposed to come yesterday",
        ),
        ("საერთოდ არ დამეხმარა", "nlu_fallback", 1, None),  # it didn't help at all
        # Halfway, not fully, not much: 3 and 2, not dismissed or a no's 2.
        ("ნახევრად დამეხმარა", "thank", 3, None),  # it helped halfway
        ("հա, բայց ոչ ամբողջությամբ", "affirm", 3, None),  # yes, but not fully
        ("մասամբ, կարծում եմ", "nlu_fallback", 3, None),  # partly, I think
        ("ብዙም አልረዳኝም", "nlu_fallback", 2, None),  # it didn't help much
        ("ha, lav, merci", "thank", 4, None),  # yes, fine, thanks (Armenian in Latin letters)
    ],
)
def test_round_14_answers_in_words(
    run_action: RunAction, text: str, intent: str, score: int, comment: str | None
) -> None:
    events = [*csat_until_score(), user(text, intent, confidence=0.6), slot("csat_score", text)]
    tracker = make_tracker(events, active_loop="csat_form")
    result, _messages = run_action(ValidateCsatForm(), tracker)
    assert result[0] == SlotSet("csat_score", score)
    given = [event["value"] for event in result if event.get("name") == "csat_comment"]
    assert (given[0] if given else None) == comment


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("አመሰግናለሁ ረድተኸኛል", 4),  # thanks, you helped me
        ("በጣም ጥሩ ረድተኸኛል እግዚአብሔር ይስጥልኝ", 5),  # very good, you helped me
        ("yes thanks, that's all I needed", 4),  # round 17: stored with no score
        ("Այո, շատ օգնեցիք, մեծ շնորհակալություն", 5),  # round 18: stored as dismissed
    ],
)
def test_thanks_for_helping_read_as_thanks_is_a_yes(
    run_action: RunAction, engine: Engine, text: str, score: int
) -> None:
    """Round 14: stored as dismissed, with only "my pleasure"."""
    events = [*csat_until_score(), user(text, "thank", confidence=0.9), loop(None)]
    run_action(ActionSkipSurvey(), make_tracker(events, active_loop="csat_form"))
    (answer,) = stored(engine)
    assert answer.score == score


@pytest.mark.parametrize(
    ("text", "comment"),
    [
        (
            "the item was never used, i want to speak to a real person",
            "the item was never used, i want to speak to a real person",
        ),
        ("I want to talk to a real person", None),  # only the request: no comment
    ],
)
def test_what_was_missing_with_a_request_for_a_person_is_kept(
    run_action: RunAction, engine: Engine, text: str, comment: str | None
) -> None:
    """Round 14 (English, Armenian, Amharic): the answer to "What was missing?" that also
    asked for a person was lost; the CSAT was stored without it."""
    events = [
        *csat_until_score(),
        user("no", "deny"),
        slot("csat_score", 2),
        bot("Sorry about that. What was missing?", "utter_ask_csat_comment"),
        slot("requested_slot", "csat_comment"),
        action("action_listen"),
        user(text, "contact_human_agent", confidence=0.99),
    ]
    tracker = make_tracker(events, active_loop="csat_form", slots={"csat_score": 2})
    run_action(ActionSkipSurvey(), tracker)
    (answer,) = stored(engine)
    assert (answer.score, answer.comment) == (2, comment)


def test_a_question_after_a_no_says_what_is_missing(run_action: RunAction) -> None:
    text = "no, how do i get my money back then?"
    events = [*csat_until_score(), user(text, "get_refund", confidence=0.92)]
    tracker = make_tracker([*events, slot("csat_score", text)], active_loop="csat_form")
    result, _messages = run_action(ValidateCsatForm(), tracker)
    assert result[:2] == [SlotSet("csat_score", 2), SlotSet("csat_comment", text[4:])]


def test_a_contact_in_what_was_missing_is_stored_and_promised(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 7 (Armenian): "no, the link never comes, call me 091234567" kept the phone in
    the comment only, and the customer was told "we'll look into it"."""
    comment = "ոչ, հղումը չի գալիս, զանգեք ինձ 091234567"
    events = [*csat_until_score(), user(comment, "contact_human_agent"), loop(None)]
    tracker = make_tracker(events, slots={"csat_score": 2, "csat_comment": comment})
    _result, messages = run_action(ActionSubmitCsat(), tracker)
    assert said(messages) == ["utter_thanks_nps_contact"]
    assert messages[0]["email"] == "091234567"
    (answer,) = stored(engine)
    assert (answer.score, answer.comment, answer.contact_phone) == (2, comment, "091234567")
    assert answer.case is not None


@pytest.mark.parametrize(
    "text",
    [
        "yes thanks, one more question",
        "አዎ አመሰግናለሁ፣ አንድ ተጨማሪ ጥያቄ አለኝ",  # yes, thanks, I have one more question
        "კი, მადლობა, კიდევ ერთი კითხვა მაქვს",
        "այո, շնորհակալ եմ, ևս մեկ հարց ունեմ",
    ],
)
def test_a_yes_with_one_more_question_is_stored_and_the_question_asked_for(
    run_action: RunAction, engine: Engine, text: str
) -> None:
    """Round 13: read as thanks, the yes was stored as dismissed and the customer got only
    "you're welcome"."""
    events = [*csat_until_score(), user(text, "thank", confidence=0.9), loop(None)]
    result, messages = run_action(ActionSkipSurvey(), make_tracker(events, active_loop="csat_form"))
    assert said(messages)[-1] == "utter_ask_your_question"
    assert result[-1] == FollowupAction("action_listen")  # not the rules' "you're welcome"
    (answer,) = stored(engine)
    assert answer.score == 4


def _after_an_orders_status(text: str) -> list[dict[str, Any]]:
    """The CSAT question after the status of A1000003, then ``text`` read as a skip."""
    events = csat_until_score()
    asked = next(i for i, event in enumerate(events) if event.get("event") == "user")
    events[asked] = user("where is A1000003?", "track_order")
    return [*events, user(text, "skip", confidence=0.96), loop(None)]


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("no, cancel it", 2),
        ("cancel it then", None),
        ("nope. cancel the order", 2),
        # Round 16: stored as a 2 with a person offered, or an urgent complaint
        ("არა. მაშინ A1000003 გამიუქმეთ", 2),  # no. then cancel A1000003
        ("voch, chexarkeq ayn", 2),  # no, cancel it (Armenian in Latin letters)
        ("አይ በጣም ይዘገያል በቃ ሰርዙት", 2),  # no, it's too slow, just cancel it
    ],
)
def test_cancel_it_after_an_orders_status_cancels_the_order(
    run_action: RunAction, engine: Engine, text: str, score: int | None
) -> None:
    """Round 15: "no, cancel it" after A1000001's status, read by the NLU as leaving the
    survey, got "No problem, thanks for your time!"; the no is kept and the request is
    answered as cancelling that order."""
    tracker = make_tracker(_after_an_orders_status(text), active_loop="csat_form")
    result, _messages = run_action(ActionSkipSurvey(), tracker)
    again = result[-1]
    assert again["event"] == "user" and again["text"] == text
    assert again["parse_data"]["intent"]["name"] == "cancel_order"
    assert [answer.score for answer in stored(engine)] == ([] if score is None else [score])


def test_cancel_it_with_no_order_named_leaves_the_survey(
    run_action: RunAction, engine: Engine
) -> None:
    events = [*csat_until_score(), user("cancel it", "skip", confidence=0.96), loop(None)]
    result, messages = run_action(ActionSkipSurvey(), make_tracker(events, active_loop="csat_form"))
    assert not any(event.get("event") == "user" for event in result)
    assert [answer.score for answer in stored(engine)] == [None]  # dismissed, as before


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("cancel it then", None),
        ("no, cancel it", 2),
        ("ki, gaaukmet", None),  # yes, cancel it (round 17: stored as a satisfied 4)
    ],
)
def test_cancel_it_read_by_the_form_is_no_score_of_its_own(
    run_action: RunAction, engine: Engine, text: str, score: int | None
) -> None:
    """Round 15: "cancel it then" reached the form and was stored as a 2 for its sentiment,
    with a person offered; the form ends unanswered and its submit action takes it up."""
    *events, _loop = _after_an_orders_status(text)
    tracker = make_tracker([*events, slot("csat_score", text)], active_loop="csat_form")
    result, _messages = run_action(ValidateCsatForm(), tracker)
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]
    result, messages = run_action(ActionSubmitCsat(), make_tracker([*events, loop(None)]))
    assert result[-1]["parse_data"]["intent"]["name"] == "cancel_order"
    assert [answer.score for answer in stored(engine)] == ([] if score is None else [score])
    assert "utter_thanks_csat_low" not in said(messages)  # no "we'll look into it"


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("ოთხ ქულას დაგიწერთ", (4, None)),  # I'll give you four points (was a no's 2)
        ("please", None),  # after the question was asked again (was a yes's 4)
        # a quantity is no score (was a 2, with a case)
        (
            "i have two accounts, one with my work email, can i switch between them or merge them",
            None,
        ),
        # a score after a sentence with a quantity keeps the sentence (was a 1 without it)
        (
            "i already clicked unsubscribe 3 times and you keep spamming me. 1",
            (1, "i already clicked unsubscribe 3 times and you keep spamming me"),
        ),
    ],
)
def test_round_16_csat_answers(text: str, answer: tuple[int, str | None] | None) -> None:
    found = answer_with_comment(text)
    if found is None:
        found = None if csat_answer(text) is None else (csat_answer(text), None)
    assert found == answer


def test_a_score_after_its_reason_is_no_question_about_the_scale(run_action: RunAction) -> None:
    """Round 16: "რა დაბრუნება, ნივთი ხელში არ მჭერია! 1" (what return, I never had it! 1) was
    told what a 1 means, and nothing was stored."""
    text = "რა დაბრუნება, ნივთი ხელში არ მჭერია! 1"
    events = [*csat_until_score(), user(text, "nlu_fallback", confidence=0.3)]
    tracker = make_tracker([*events, slot("csat_score", text)], active_loop="csat_form")
    result, messages = run_action(ValidateCsatForm(), tracker)
    assert SlotSet("csat_score", 1) in result
    assert SlotSet("csat_comment", "რა დაბრუნება, ნივთი ხელში არ მჭერია") in result
    assert "utter_explain_csat_scale" not in said(messages)


def test_dont_cancel_it_is_no_request_to_cancel(run_action: RunAction, engine: Engine) -> None:
    tracker = make_tracker(_after_an_orders_status("no dont cancel it"), active_loop="csat_form")
    result, _messages = run_action(ActionSkipSurvey(), tracker)
    assert not any(event.get("event") == "user" for event in result)


def test_praise_in_place_of_the_answer_is_a_yes_with_its_words(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 16 (Amharic, Armenian): praise under "Did that solve your problem?", read as
    wanting to give feedback, left the question unanswered and offered the NPS survey."""
    text = "you explained everything so clearly, wonderful service"
    events = [*csat_until_score(), user(text, "give_feedback", confidence=0.9)]
    tracker = make_tracker([*events, slot("csat_score", text)], active_loop="csat_form")
    result, _messages = run_action(ValidateCsatForm(), tracker)
    assert result == [SlotSet("csat_score", 4), SlotSet("csat_comment", text)]
    tracker = make_tracker([*events, loop(None)], slots={"csat_score": 4, "csat_comment": text})
    run_action(ActionSubmitCsat(), tracker)
    assert [(answer.score, answer.comment) for answer in stored(engine)] == [(4, text)]


def test_asking_to_rate_us_is_no_praise(run_action: RunAction) -> None:
    text = "I'd love to leave some feedback, you are wonderful"
    events = [*csat_until_score(), user(text, "give_feedback", confidence=0.9)]
    tracker = make_tracker([*events, slot("csat_score", text)], active_loop="csat_form")
    result, _messages = run_action(ValidateCsatForm(), tracker)
    assert SlotSet("csat_score", 4) not in result


@pytest.mark.parametrize(
    ("text", "comment"),
    [
        ("არა, მე რეფანდზე გკითხეთ", "მე რეფანდზე გკითხეთ"),  # no, I asked about the refund
        ("არა, სხვა რამე გკითხეთ", "სხვა რამე გკითხეთ"),  # no, I asked something else
    ],
)
def test_a_no_with_words_read_as_a_skip_is_a_no(
    run_action: RunAction, engine: Engine, text: str, comment: str
) -> None:
    """Round 16: stored as dismissed, and "no problem, thanks for your time!"."""
    events = [*csat_until_score(), user(text, "skip", confidence=0.93), loop(None)]
    result, messages = run_action(ActionSkipSurvey(), make_tracker(events, active_loop="csat_form"))
    assert [(answer.score, answer.comment) for answer in stored(engine)] == [(2, comment)]
    assert result[-1] == FollowupAction("utter_offer_handoff")
    assert "utter_survey_dismissed" not in said(messages)


def test_a_score_with_words_read_as_a_skip_is_the_score(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 18: "ሁለት። ጥያቄዬን አልመለስክም" (two. you didn't answer my question), read as a skip,
    was stored as dismissed with "no problem, thanks for your time!"."""
    text = "ሁለት። ጥያቄዬን አልመለስክም"
    events = [*csat_until_score(), user(text, "skip", confidence=0.9), loop(None)]
    result, messages = run_action(ActionSkipSurvey(), make_tracker(events, active_loop="csat_form"))
    assert [(answer.score, answer.comment) for answer in stored(engine)] == [(2, "ጥያቄዬን አልመለስክም")]
    assert result[-1] == FollowupAction("utter_offer_handoff")
    assert "utter_survey_dismissed" not in said(messages)


def test_a_person_asked_for_in_words_read_as_a_skip_is_handed_over(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 18: "sew aganagn" (connect me to a person, Latin-letter Amharic) under "Did that
    solve your problem?" was read as a skip, and the request dropped."""
    events = [*csat_until_score(), user("sew aganagn", "skip", confidence=0.8), loop(None)]
    result, messages = run_action(ActionSkipSurvey(), make_tracker(events, active_loop="csat_form"))
    again = result[-1]
    assert again["event"] == "user" and again["parse_data"]["intent"]["name"] == (
        "contact_human_agent"
    )
    assert [answer.dismissed for answer in stored(engine)] == [True]
    assert messages == []


def test_no_thanks_still_leaves(run_action: RunAction, engine: Engine) -> None:
    events = [*csat_until_score(), user("No, thanks!", "skip", confidence=0.99), loop(None)]
    run_action(ActionSkipSurvey(), make_tracker(events, active_loop="csat_form"))
    assert [answer.dismissed for answer in stored(engine)] == [True]


def test_a_message_under_the_csat_question_is_read_for_sentiment_once(
    run_action: RunAction, analyzer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked for praise and then for a complaint, a message costs one model call, not two
    (the transformers analyzer takes tens of milliseconds a read)."""
    texts: list[str] = []
    analyze = analyzer.analyze

    def counted(text: str, language: str = "en") -> Any:
        texts.append(text)
        return analyze(text, language)

    monkeypatch.setattr(analyzer, "analyze", counted)
    text = "the parcel came on tuesday afternoon"
    events = [
        *csat_until_score(),
        user(text, "nlu_fallback", confidence=0.3),
        slot("csat_score", text),
    ]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert SlotSet("csat_score", 2) not in result
    assert texts == [text]


@pytest.mark.parametrize(
    "text",
    [
        "ha, uzum em operatori het xosel",  # yes, I want to talk to an operator
        "yes, I want to talk to a person",
        "კი, ოპერატორთან დამაკავშირეთ",  # yes, connect me to an operator
    ],
)
def test_a_yes_that_asks_for_a_person_is_no_satisfied_answer(
    run_action: RunAction, engine: Engine, text: str
) -> None:
    """Round 17: a customer charged twice answered "Did that solve your problem?" with "yes,
    I want to talk to an operator", and was stored as satisfied (4) before the handover."""
    asked = [*csat_until_score(), user(text, "contact_human_agent", confidence=0.5)]
    tracker = make_tracker([*asked, slot("csat_score", text)], active_loop="csat_form")
    result, _ = run_action(ValidateCsatForm(), tracker)
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]
    result, messages = run_action(ActionSubmitCsat(), make_tracker([*asked, loop(None)]))
    again = result[-1]
    assert again["event"] == "user" and again["text"] == text
    assert again["parse_data"]["intent"]["name"] == "contact_human_agent"
    assert stored(engine) == []
    assert messages == []


def test_a_score_and_a_person_asked_for_is_still_the_score(
    run_action: RunAction, engine: Engine
) -> None:
    text = "4, but I want to talk to a person"
    asked = [*csat_until_score(), user(text, "contact_human_agent", confidence=0.5)]
    tracker = make_tracker([*asked, slot("csat_score", text)], active_loop="csat_form")
    result, _ = run_action(ValidateCsatForm(), tracker)
    assert SlotSet("csat_score", 4) in result


def _passed_over(times: int) -> list[dict[str, Any]]:
    """The CSAT question passed over ``times`` times for another question, each answered,
    and the form back after the last answer."""
    events = csat_until_score()
    for turn in range(times):
        if turn:
            events += [
                action("csat_form"),
                bot("Did that solve your problem?", "utter_ask_csat_score"),
                action("action_listen"),
            ]
        events += [
            user(f"how long does delivery take? ({turn})", "delivery_period", confidence=0.95),
            action("csat_form"),
            action("action_answer_delivery_period"),
            bot("Delivery times: ...", "utter_delivery_period"),
        ]
    return events


def test_the_csat_question_passed_over_twice_is_not_asked_a_third_time(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 17: asked after every answer in between, three times in three turns ("you keep
    asking me that"). The second time it is passed over, it is stored as dismissed, quietly."""
    tracker = make_tracker(_passed_over(2), active_loop="csat_form")
    result, _ = run_action(ValidateCsatForm(), tracker)
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]
    result, messages = run_action(ActionSubmitCsat(), make_tracker([*_passed_over(2), loop(None)]))
    assert messages == []
    assert [answer.score for answer in stored(engine)] == [None]


def test_the_csat_question_passed_over_once_is_asked_again(run_action: RunAction) -> None:
    tracker = make_tracker(_passed_over(1), active_loop="csat_form")
    result, _ = run_action(ValidateCsatForm(), tracker)
    assert SlotSet("requested_slot", None) not in result


@pytest.mark.parametrize(
    ("answer", "text", "intent", "kept", "then"),
    [
        # no, I'd better not delete it. Just turn off the promo e-mails
        (
            "utter_delete_account",
            "არა, ჯობია არ წავშალო. მხოლოდ რეკლამის წერილები გამითიშეთ",
            ("newsletter_subscription", 0.83),
            "utter_account_kept",
            "newsletter_subscription",
        ),
        # no, I'd rather keep it. But can I change the address?
        (
            "utter_cancel_order_not_shipped",
            "არა, ჯობია დავტოვო. მაგრამ მისამართი შევცვალო?",
            ("change_shipping_address", 0.96),
            "utter_cancelling_taken_back",
            "change_shipping_address",
        ),
        # no, I thought it over, let it stay
        (
            "utter_delete_account",
            "չէ, մտածեցի, թող մնա",
            ("delete_account", 0.9),
            "utter_account_kept",
            None,
        ),
        # no, leave it, I won't cancel
        (
            "utter_cancel_order",
            "አይ ተውው አልሰርዝም",
            ("cancel_order", 0.95),
            "utter_cancelling_taken_back",
            None,
        ),
        (
            "utter_delete_account",
            "never mind, I'll keep it",
            ("deny", 0.7),
            "utter_account_kept",
            None,
        ),
    ],
)
def test_a_change_of_mind_after_how_to_end_it_is_no_answer(
    run_action: RunAction,
    engine: Engine,
    answer: str,
    text: str,
    intent: tuple[str, float],
    kept: str,
    then: str | None,
) -> None:
    """Round 22, every language: "no, I'd better keep it" after how to cancel or how to
    delete the account was stored as a 2, opened a case, and was told "we'll look into it";
    what came with it went unanswered. Now nothing is stored but a dismissed question, the
    customer is told nothing is done, and the request with it is taken up."""
    events = [
        *csat_until_score(intent="cancel_order", answer=answer),
        user(text, intent[0], confidence=intent[1]),
    ]
    result, _messages = run_action(
        ValidateCsatForm(), make_tracker(events, active_loop="csat_form")
    )
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]
    result, messages = run_action(ActionSubmitCsat(), make_tracker([*events, loop(None)]))
    assert said(messages) == [kept]
    (stored_answer,) = stored(engine)
    assert (stored_answer.dismissed, stored_answer.score) == (True, None)
    again = [event for event in result if event.get("event") == "user"]
    assert [event["parse_data"]["intent"]["name"] for event in again] == ([then] if then else [])


def test_no_after_how_to_cancel_is_still_a_no(run_action: RunAction) -> None:
    """A plain "no, it didn't help" after how to cancel stays a no."""
    events = [
        *csat_until_score(intent="cancel_order"),
        user("no it didn't help", "deny"),
        slot("csat_score", "no it didn't help"),
    ]
    result, _messages = run_action(
        ValidateCsatForm(), make_tracker(events, active_loop="csat_form")
    )
    assert SlotSet("csat_score", 2) in result


def _left_unanswered(
    run_action: RunAction, answered: str, text: str, intent: str, confidence: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The CSAT form's reading of ``text`` typed after the answer to ``answered``, which
    must end the question with no answer, then what ``action_submit_csat`` does."""
    events = [
        *csat_until_score(intent=answered),
        user(text, intent, confidence=confidence),
        slot("csat_score", text),
    ]
    result, _messages = run_action(
        ValidateCsatForm(), make_tracker(events, active_loop="csat_form")
    )
    assert result == [SlotSet("csat_score", None), SlotSet("requested_slot", None)]
    ended = [*events, slot("csat_score", None), loop(None)]
    return run_action(ActionSubmitCsat(), make_tracker(ended))


@pytest.mark.parametrize(
    ("answered", "text", "intent", "confidence"),
    [
        # ok, another question: the coupon code doesn't work
        ("check_invoice", "እሺ ሌላ ጥያቄ፣ ኩፖን ኮድ አይሰራም", "out_of_scope", 0.6),
        # no, I have another problem: my card was not accepted when I paid
        ("delivery_options", "አይ፣ ሌላ ችግር አለኝ፤ ክፍያ ስፈጽም ካርዴ አልተቀበለም", "payment_issue", 0.8),
        (
            "delivery_options",
            "btw my discount code SAVE10 isnt working at checkout",
            "payment_issue",
            0.7,
        ),
        # I have one more problem, I don't remember the password
        ("track_order", "კიდევ ერთი პრობლემა მაქვს, პაროლი არ მახსოვს", "recover_password", 0.9),
    ],
)
def test_another_request_announced_under_the_csat_question_is_no_answer(
    run_action: RunAction,
    engine: Engine,
    answered: str,
    text: str,
    intent: str,
    confidence: float,
) -> None:
    """Round 22, every language: a new problem typed under "Did that solve your problem?"
    was stored as a 2 (or a 4 from its "ok") that the customer never gave, and answered
    "we'll look into it". Now the question is dismissed and the message read as a request."""
    result, messages = _left_unanswered(run_action, answered, text, intent, confidence)
    assert said(messages) == []
    (stored_answer,) = stored(engine)
    assert (stored_answer.dismissed, stored_answer.score) == (True, None)
    assert result[-1]["event"] == "user" and result[-1]["text"] == text
    assert result[-1]["parse_data"]["intent"]["name"] == intent


@pytest.mark.parametrize(
    ("answered", "text", "intent", "confidence", "response"),
    [
        # after how to order: the return it asked for, after a sorry
        (
            "place_order",
            "No, that's not what I asked. I want to RETURN something.",
            "get_refund",
            0.97,
            "utter_misunderstood",
        ),
        # no, not that, I'm asking about the refund (after an order's status)
        (
            "track_order",
            "არა, ეგ არა, თანხის დაბრუნება მაინტერესებს",
            "track_refund",
            0.9,
            "utter_misunderstood",
        ),
        # no, wait, not cancelling, I want to change the address
        (
            "cancel_order",
            "არა, მოიცა, გაუქმება კი არა, მისამართი მინდა შევცვალო",
            "change_shipping_address",
            0.79,
            "utter_misunderstood",
        ),
        # no, that's not it, when does the money come back?
        ("cancel_order", "አይ ያ አይደለም፣ ገንዘቤ መቼ ይመለሳል?", "track_refund", 0.9, "utter_misunderstood"),
        # nothing else said: asked what they meant
        ("place_order", "no that's not what I asked", "deny", 1.0, "utter_misunderstood_ask"),
    ],
)
def test_an_answer_to_another_question_is_no_answer(
    run_action: RunAction,
    engine: Engine,
    answered: str,
    text: str,
    intent: str,
    confidence: float,
    response: str,
) -> None:
    """Round 23, every language: a reply saying the answer was to something else was stored
    as a "no" with "we'll look into it", and what the customer asked was lost. Now the
    question is dismissed, the bot says sorry, and the request is read again."""
    result, messages = _left_unanswered(run_action, answered, text, intent, confidence)
    assert said(messages) == [response]
    (stored_answer,) = stored(engine)
    assert (stored_answer.dismissed, stored_answer.score) == (True, None)
    if response == "utter_misunderstood":
        assert result[-1]["event"] == "user" and result[-1]["text"] == text
    else:
        assert all(event["event"] != "user" for event in result)


def test_a_score_corrected_with_i_meant_is_the_score(run_action: RunAction) -> None:
    """ "no, I meant 4" corrects the score; it is no answer to another question."""
    events = [
        *csat_until_score(intent="place_order"),
        user("no, I meant 4", "inform_score"),
        slot("csat_score", "no, I meant 4"),
    ]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert SlotSet("csat_score", 4) in result


@pytest.mark.parametrize(
    ("answered", "text", "intent", "new_request"),
    [
        # another topic: answered as a request of its own (a digression), nothing stored
        (
            "track_order",
            "actually I never got the confirmation email for it either",
            "registration_problems",
            True,
        ),
        # the same topic (after how to create an account): what the answer missed, a no
        (
            "create_account",
            "actually I never got the confirmation email for it either",
            "registration_problems",
            False,
        ),
    ],
)
def test_a_sure_request_of_another_topic_is_answered_as_one(
    run_action: RunAction, answered: str, text: str, intent: str, new_request: bool
) -> None:
    """Round 22 (English): "actually I never got the confirmation email for it either" after
    an order's status was stored as a 2 with a case, and the e-mail never answered."""
    events = [
        *csat_until_score(intent=answered),
        user(text, intent, confidence=1.0),
        slot("csat_score", text),
    ]
    result, _ = run_action(ValidateCsatForm(), make_tracker(events, active_loop="csat_form"))
    assert (ActionExecutionRejected("csat_form") in result) is new_request
    assert (SlotSet("csat_score", 2) in result) is not new_request


@pytest.mark.parametrize(
    ("answered", "text", "intent", "score"),
    [
        ("track_order", "no, it still hasn't arrived", "track_order", 2),
        # a yes before the other question: the yes stands
        (
            "track_order",
            "yes thanks, another question: how do i reset my password",
            "recover_password",
            4,
        ),
    ],
)
def test_what_the_answer_missed_is_still_an_answer(
    run_action: RunAction, answered: str, text: str, intent: str, score: int
) -> None:
    events = [
        *csat_until_score(intent=answered),
        user(text, intent, confidence=0.95),
        slot("csat_score", text),
    ]
    result, _messages = run_action(
        ValidateCsatForm(), make_tracker(events, active_loop="csat_form")
    )
    assert SlotSet("csat_score", score) in result
