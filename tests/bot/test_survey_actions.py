"""The survey actions against the real test database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.actions import survey
from bot.actions.services import Services, use_services
from bot.actions.survey import (
    ActionAskNpsScore,
    ActionOfferSurvey,
    ActionSkipSurvey,
    ActionSubmitNps,
    ValidateNpsForm,
)
from feedback_api.db import make_engine, session_factory
from feedback_api.models import (
    CaseStatus,
    Conversation,
    NpsCategory,
    SurveyOffer,
    SurveyResponse,
)
from feedback_api.settings import Settings
from tests.bot.conftest import (
    RunAction,
    action,
    completed_survey,
    make_tracker,
    score_entity,
    slot,
    survey_until_reason,
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
        return rows


# --- asking and validating ----------------------------------------------------------------


def test_ask_nps_score_names_the_company_and_offers_buttons(run_action: RunAction) -> None:
    events, messages = run_action(ActionAskNpsScore(), make_tracker([]))
    assert events == []
    (message,) = messages
    assert message["response"] == "utter_ask_nps_score"
    assert message["company"] == "Acme Shop"
    assert [b["title"] for b in message["buttons"]] == [str(n) for n in range(11)]
    assert message["buttons"][3]["payload"] == '/inform_score{"score":"3"}'


def _validate_score(domain: dict[str, Any], text: str, entities: list[dict[str, Any]]) -> Any:
    tracker = make_tracker([user(text, "inform_score", entities=entities)])
    dispatcher = CollectingDispatcher()
    result = ValidateNpsForm().validate_nps_score(text, dispatcher, tracker, domain)
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
        ("seven, no one was rude", score_entity("seven"), 7),
    ],
)
def test_validate_score_accepts_entity_or_text(
    domain: dict[str, Any], text: str, entities: list[dict[str, Any]], expected: int
) -> None:
    result, messages = _validate_score(domain, text, entities)
    assert result == {"nps_score": expected}
    assert messages == []


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("11", []),
        ("banana", []),
        ("-1", []),
        ("😀", []),
        ("7 or 8", [*score_entity("7"), *score_entity("8")]),
    ],
)
def test_validate_score_reasks_politely(
    domain: dict[str, Any], text: str, entities: list[dict[str, Any]]
) -> None:
    result, messages = _validate_score(domain, text, entities)
    assert result == {"nps_score": None}
    assert [m["response"] for m in messages] == ["utter_invalid_score"]


def test_form_validation_run_parses_the_typed_score(
    run_action: RunAction,
) -> None:
    """The whole validation action, as Rasa calls it after extracting the slot from text."""
    events = [
        action("nps_form"),
        {"event": "active_loop", "timestamp": 1.0, "name": "nps_form"},
        slot("requested_slot", "nps_score"),
        action("action_listen"),
        user("nine", "inform_score"),
        slot("nps_score", "nine"),
    ]
    result, messages = run_action(ValidateNpsForm(), make_tracker(events, active_loop="nps_form"))
    assert result == [SlotSet("nps_score", 9)]
    assert messages == []


def test_validate_reason_cleans_and_truncates(domain: dict[str, Any], settings: Settings) -> None:
    dispatcher = CollectingDispatcher()
    text = "  Too   slow\n" + "x" * (settings.max_comment_chars + 50)
    result = ValidateNpsForm().validate_nps_reason(text, dispatcher, make_tracker([]), domain)
    reason = result["nps_reason"]
    assert reason.startswith("Too slow x")
    assert len(reason) == settings.max_comment_chars


# --- submitting ---------------------------------------------------------------------------


def test_submit_stores_a_detractor_with_context_and_transcript(
    run_action: RunAction, engine: Engine
) -> None:
    tracker = make_tracker(
        completed_survey(score="3", reason=ANGRY, metadata=METADATA),
        slots={"nps_score": 3, "nps_reason": ANGRY},
    )
    events, messages = run_action(ActionSubmitNps(), tracker)

    assert events == [
        SlotSet("nps_category", "detractor"),
        SlotSet("nps_score", None),
        SlotSet("nps_reason", None),
    ]
    assert messages == []  # the rules say thank you, chosen by nps_category
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
    assert stored.conversation is not None and stored.conversation.sender_id == "conv-1"
    assert stored.idempotency_key.startswith("conv-1:nps:")
    assert stored.sentiment is not None and stored.sentiment.label == "negative"
    assert stored.case is not None and stored.case.status is CaseStatus.OPEN

    lines = stored.conversation.transcript
    assert lines[0] == {"role": "user", "text": "hi", "timestamp": lines[0]["timestamp"]}
    assert {"role": "user", "text": "3"} in [{"role": x["role"], "text": x["text"]} for x in lines]
    assert lines[-1]["text"] == ANGRY


def test_submit_twice_stores_once(run_action: RunAction, engine: Engine) -> None:
    """Rasa retries slow actions; the form run's idempotency key makes that harmless."""
    tracker = make_tracker(
        completed_survey(score="9", reason="fast", metadata=METADATA),
        slots={"nps_score": 9, "nps_reason": "fast"},
    )
    first, _ = run_action(ActionSubmitNps(), tracker)
    second, _ = run_action(ActionSubmitNps(), tracker)

    assert first == second
    assert first[0] == SlotSet("nps_category", "promoter")
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
    events, _ = run_action(
        ActionSubmitNps(), make_tracker(second_run, slots={"nps_score": 7, "nps_reason": "ok"})
    )
    assert events[0] == SlotSet("nps_category", "passive")
    assert [r.score for r in responses(engine)] == [9, 7]


def test_submit_without_customer_metadata_is_anonymous(
    run_action: RunAction, engine: Engine
) -> None:
    tracker = make_tracker(completed_survey(score="8"), slots={"nps_score": 8, "nps_reason": "ok"})
    run_action(ActionSubmitNps(), tracker)
    (stored,) = responses(engine)
    assert stored.customer_id is None
    assert (stored.channel, stored.language, stored.campaign) == ("web", "en", None)


def test_database_failure_still_thanks_and_logs(
    run_action: RunAction,
    settings: Settings,
    tmp_path: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    unmigrated = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    tracker = make_tracker(
        completed_survey(score="2", reason="bad"), slots={"nps_score": 2, "nps_reason": "bad"}
    )
    with use_services(Services(settings, engine=unmigrated)), caplog.at_level(logging.ERROR):
        events, messages = run_action(ActionSubmitNps(), tracker)
    unmigrated.dispose()

    assert events[0] == SlotSet("nps_category", "detractor")
    assert messages == []
    assert "could not store the NPS answer of conversation conv-1" in caplog.text


def test_storage_runs_off_the_event_loop(
    run_action: RunAction, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow database must not freeze the action server for other conversations."""
    real_save = survey.save_response

    def slow_save(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(survey, "save_response", slow_save)
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


# --- skipping -----------------------------------------------------------------------------


def test_skip_before_a_score_stores_a_dismissed_survey(
    run_action: RunAction, engine: Engine
) -> None:
    events = [
        user("I want to give feedback", "give_feedback", metadata=METADATA),
        action("nps_form"),
        {"event": "active_loop", "timestamp": 5.0, "name": "nps_form"},
        slot("requested_slot", "nps_score"),
        action("action_listen"),
        user("skip", "skip"),
    ]
    result, messages = run_action(ActionSkipSurvey(), make_tracker(events, active_loop="nps_form"))
    assert result[:3] == [
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        SlotSet("nps_category", "dismissed"),
    ]
    assert messages == []
    (stored,) = responses(engine)
    assert stored.dismissed is True
    assert stored.score is None and stored.category is None
    assert stored.case is None
    assert stored.customer is not None
    assert stored.customer.last_surveyed_at is None  # dismissing does not reset the throttle


def test_skip_of_the_reason_keeps_the_score(run_action: RunAction, engine: Engine) -> None:
    events = [*survey_until_reason(score="4", metadata=METADATA), user("skip", "skip")]
    result, _ = run_action(
        ActionSkipSurvey(), make_tracker(events, slots={"nps_score": 4}, active_loop="nps_form")
    )
    assert SlotSet("nps_category", "detractor") in result
    (stored,) = responses(engine)
    assert (stored.score, stored.comment, stored.dismissed) == (4, None, False)
    assert stored.case is not None  # a detractor is followed up even without a reason


def test_a_long_message_taken_for_skip_is_kept_as_the_reason(
    run_action: RunAction, engine: Engine
) -> None:
    long_text = "stop sending me emails about every single order please"
    events = [*survey_until_reason(score="5"), user(long_text, "skip")]
    run_action(
        ActionSkipSurvey(), make_tracker(events, slots={"nps_score": 5}, active_loop="nps_form")
    )
    (stored,) = responses(engine)
    assert (stored.score, stored.comment) == (5, long_text)


# --- offering -----------------------------------------------------------------------------


def _greeting(metadata: dict[str, Any] | None, sender_id: str = "conv-1") -> Any:
    return make_tracker([user("hi", "greet", metadata=metadata)], sender_id=sender_id)


def test_offer_greets_offers_and_records_the_offer(run_action: RunAction, engine: Engine) -> None:
    events, messages = run_action(ActionOfferSurvey(), _greeting(METADATA))
    assert events == [SlotSet("survey_offered", True)]
    assert messages[0]["response"] == "utter_greet"
    assert messages[0]["company"] == "Acme Shop"
    with Session(engine) as session:
        offer = session.scalars(select(SurveyOffer)).one()
        assert (offer.kind.value, offer.channel, offer.campaign) == ("nps", "web", "spring")
        assert session.scalar(select(func.count()).select_from(Conversation)) == 1


def test_offer_respects_the_survey_throttle(run_action: RunAction, engine: Engine) -> None:
    answered = make_tracker(
        completed_survey(score="9", reason="great", metadata=METADATA),
        sender_id="earlier",
        slots={"nps_score": 9, "nps_reason": "great"},
    )
    run_action(ActionSubmitNps(), answered)

    events, messages = run_action(ActionOfferSurvey(), _greeting(METADATA, sender_id="later"))
    assert events == [SlotSet("survey_offered", False)]
    assert messages[0]["response"] == "utter_greet"
    # A customer the throttle does not know is still asked.
    events, _ = run_action(
        ActionOfferSurvey(), _greeting({"customer_id": "c-7"}, sender_id="other")
    )
    assert events == [SlotSet("survey_offered", True)]


def test_offer_is_not_repeated_after_answering_in_the_same_session(
    run_action: RunAction,
) -> None:
    tracker = make_tracker(
        [*completed_survey(), action("action_submit_nps"), user("hi again", "greet")]
    )
    events, _ = run_action(ActionOfferSurvey(), tracker)
    assert events == [SlotSet("survey_offered", False)]


def test_offer_still_happens_when_the_database_is_down(
    run_action: RunAction, settings: Settings, tmp_path: Any
) -> None:
    unmigrated = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with use_services(Services(settings, engine=unmigrated)):
        events, messages = run_action(ActionOfferSurvey(), _greeting(METADATA))
    unmigrated.dispose()
    assert events == [SlotSet("survey_offered", True)]
    assert messages[0]["response"] == "utter_greet"
