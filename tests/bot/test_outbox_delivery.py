"""Never lose an answer: the survey actions with the database down, and the flusher."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from bot.actions import delivery
from bot.actions.delivery import Delivery, deliver_answer, flusher
from bot.actions.metrics import REGISTRY
from bot.actions.services import Services, ensure_log_output, use_services
from bot.actions.store import DatabaseStore
from bot.actions.survey import ActionSubmitNps
from closedloop.ports import free_port
from feedback_api.db import make_engine
from feedback_api.migrate import upgrade
from feedback_api.models import SurveyResponse
from feedback_api.policy import SurveyKind
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.outbox import Outbox
from sentiment import TextBlobAnalyzer
from sentiment.remote import RemoteAnalyzer
from tests.bot.conftest import RunAction, completed_survey, make_tracker
from tests.helpers import serving_sentiment

METADATA = {"customer_id": "c-42", "campaign": "spring"}
ANGRY = "The delivery was late and support was rude, terrible experience"


def detractor_tracker(sender_id: str = "conv-1") -> Any:
    return make_tracker(
        completed_survey(score="3", reason=ANGRY, metadata=METADATA),
        sender_id=sender_id,
        slots={"nps_score": 3, "nps_reason": ANGRY, "nps_contact": False},
    )


def answers(engine: Engine) -> list[SurveyResponse]:
    with Session(engine) as session:
        found = list(session.scalars(select(SurveyResponse)))
        for row in found:
            _ = (row.case, row.sentiment, row.conversation)
        return found


@pytest.fixture
def down(settings: Settings, analyzer: TextBlobAnalyzer) -> Iterator[Services]:
    """The actions' database refuses connections (nothing listens on its port)."""
    engine = make_engine(
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none?connect_timeout=2"
    )
    with use_services(Services(settings, engine=engine, analyzer=analyzer)) as services:
        yield services
    engine.dispose()


def test_the_customer_is_thanked_and_the_answer_waits_in_the_outbox(
    run_action: RunAction,
    down: Services,
    settings: Settings,
    engine: Engine,
    analyzer: TextBlobAnalyzer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        _events, messages = run_action(ActionSubmitNps(), detractor_tracker())
    assert [m["response"] for m in messages] == ["utter_thanks_nps_detractor"]
    assert "queued in the outbox" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    (waiting,) = Outbox(settings.outbox_path).records()
    assert waiting.response.score == 3
    assert waiting.response.comment == ANGRY
    assert waiting.response.idempotency_key and waiting.response.idempotency_key.startswith(
        "conv-1:nps:"
    )
    assert waiting.response.created_at is not None  # when the customer answered
    assert waiting.transcript and waiting.transcript[-1]["text"] == ANGRY
    assert waiting.reason and "OperationalError" in waiting.reason

    # The database is back: the answer is written once, as if it never waited.
    result = DatabaseStore(Services(settings, engine=engine, analyzer=analyzer)).flush_outbox()
    assert (result.delivered, result.remaining) == (1, 0)
    (stored,) = answers(engine)
    assert stored.created_at == waiting.response.created_at
    assert stored.case is not None and stored.sentiment is not None
    assert stored.sentiment.label == "negative"
    assert stored.conversation is not None and stored.conversation.transcript[-1]["text"] == ANGRY


def test_two_deliveries_of_one_answer_are_stored_once(
    run_action: RunAction,
    down: Services,
    settings: Settings,
    engine: Engine,
    analyzer: TextBlobAnalyzer,
) -> None:
    """Rasa retries a slow action: both runs queue the answer, the replay stores it once."""
    tracker = detractor_tracker()
    run_action(ActionSubmitNps(), tracker)
    run_action(ActionSubmitNps(), tracker)
    assert Outbox(settings.outbox_path).pending_count() == 2
    result = DatabaseStore(Services(settings, engine=engine, analyzer=analyzer)).flush_outbox()
    assert (result.delivered, result.duplicates) == (1, 1)
    assert len(answers(engine)) == 1
    # ... and a third delivery, now that the database is up, finds it stored.
    with use_services(Services(settings, engine=engine, analyzer=analyzer)):
        run_action(ActionSubmitNps(), tracker)
    assert len(answers(engine)) == 1


def test_a_locked_sqlite_database_is_an_outage_too(
    run_action: RunAction, settings: Settings, tmp_path: Path, analyzer: TextBlobAnalyzer
) -> None:
    path = tmp_path / "locked.db"
    upgrade(f"sqlite:///{path}")
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    impatient = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.2})
    try:
        with use_services(Services(settings, engine=impatient, analyzer=analyzer)):
            _events, messages = run_action(ActionSubmitNps(), detractor_tracker())
        assert [m["response"] for m in messages] == ["utter_thanks_nps_detractor"]
        assert Outbox(settings.outbox_path).pending_count() == 1
    finally:
        holder.rollback()
        holder.close()
    working = make_engine(f"sqlite:///{path}")
    result = DatabaseStore(Services(settings, engine=working, analyzer=analyzer)).flush_outbox()
    assert result.delivered == 1
    assert len(answers(working)) == 1
    impatient.dispose()
    working.dispose()


def test_the_background_flusher_writes_the_outbox_when_the_database_returns(
    down: Services,
    settings: Settings,
    engine: Engine,
    analyzer: TextBlobAnalyzer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(delivery, "FIRST_RETRY_S", 0.05)
    monkeypatch.setattr(delivery, "MAX_RETRY_S", 0.2)

    async def conversation() -> None:
        await ActionSubmitNps().run(CollectingDispatcher(), detractor_tracker(), {})
        assert flusher().running  # started by the queued answer, retrying
        await asyncio.sleep(0.3)
        assert Outbox(settings.outbox_path).pending_count() == 1
        with use_services(Services(settings, engine=engine, analyzer=analyzer)):
            for _ in range(100):
                if not flusher().running:
                    break
                await asyncio.sleep(0.05)
        assert not flusher().running

    asyncio.run(conversation())
    assert Outbox(settings.outbox_path).pending_count() == 0
    assert len(answers(engine)) == 1


def test_an_unwritable_outbox_still_thanks_and_logs_the_answer(
    run_action: RunAction,
    settings: Settings,
    tmp_path: Path,
    analyzer: TextBlobAnalyzer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the outbox directory should be")
    unreachable = make_engine(
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none?connect_timeout=2"
    )
    broken = settings.model_copy(update={"outbox_dir": blocked / "outbox"})
    with (
        use_services(Services(broken, engine=unreachable, analyzer=analyzer)),
        caplog.at_level(logging.ERROR),
    ):
        _events, messages = run_action(ActionSubmitNps(), detractor_tracker())
    unreachable.dispose()
    assert [m["response"] for m in messages] == ["utter_thanks_nps_detractor"]
    assert "LOST ANSWER" in caplog.text
    assert ANGRY in caplog.text  # a person can still recover it from the log


def test_deliver_answer_says_where_the_answer_went(
    down: Services, settings: Settings, engine: Engine, analyzer: TextBlobAnalyzer
) -> None:
    def counted(result: str) -> float:
        """The action server's answer counter (GET /metrics) for CSAT answers."""
        value = REGISTRY.get_sample_value(
            "closedloop_action_answers_total", {"kind": "csat", "result": result}
        )
        return value or 0.0

    before = {result: counted(result) for result in ("queued", "stored", "already_stored")}
    data = ResponseCreate(kind=SurveyKind.CSAT, score=4, idempotency_key="d-1:csat:1.0")
    queued = asyncio.run(deliver_answer(data, transcript=[], conversation="d-1"))
    assert queued == Delivery(queued=True)
    with use_services(Services(settings, engine=engine, analyzer=analyzer)):
        stored = asyncio.run(deliver_answer(data, transcript=[], conversation="d-1"))
        again = asyncio.run(deliver_answer(data, transcript=[], conversation="d-1"))
    assert stored.stored is not None and stored.stored.created and not stored.queued
    assert again.stored is not None and not again.stored.created
    assert {result: counted(result) - before[result] for result in before} == {
        "queued": 1,
        "stored": 1,
        "already_stored": 1,
    }


def test_our_log_lines_reach_the_log_when_nobody_configured_logging(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The action server's worker has no root handler: "outbox flushed" must not be lost."""
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    for name in ("bot", "feedback_api"):
        monkeypatch.setattr(logging.getLogger(name), "handlers", [])
    try:
        ensure_log_output()
        handler = logging.getLogger("bot").handlers[0]
        assert logging.getLogger("bot.actions.delivery").isEnabledFor(logging.INFO)
        record = logging.LogRecord(
            "bot.actions.delivery", logging.INFO, "", 0, "outbox flushed", (), None
        )
        assert "INFO     bot.actions.delivery  - outbox flushed" in handler.format(record)
    finally:
        for name in ("bot", "feedback_api"):
            logging.getLogger(name).setLevel(logging.NOTSET)


def test_an_answer_waits_in_the_outbox_while_the_sentiment_service_is_away(
    run_action: RunAction, settings: Settings, engine: Engine
) -> None:
    """Production mode scores with the sentiment service: while it is away the answer is
    kept, never stored unscored, and it is written scored once the service answers."""
    port = free_port()
    away = RemoteAnalyzer(f"http://127.0.0.1:{port}", timeout=2)
    with use_services(Services(settings, engine=engine, analyzer=away)):
        _events, messages = run_action(ActionSubmitNps(), detractor_tracker())
    assert [m["response"] for m in messages] == ["utter_thanks_nps_detractor"]
    (waiting,) = Outbox(settings.outbox_path).records()
    assert waiting.reason and "SentimentUnavailableError" in waiting.reason
    assert answers(engine) == []

    with serving_sentiment(TextBlobAnalyzer(), port):
        result = DatabaseStore(Services(settings, engine=engine, analyzer=away)).flush_outbox()
    assert (result.delivered, result.remaining) == (1, 0)
    (stored,) = answers(engine)
    assert stored.sentiment is not None and stored.sentiment.label == "negative"
    assert stored.case is not None
