"""The outbox: durable appends, torn lines, concurrent writers, idempotent replays."""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from closedloop.ports import free_port
from feedback_api.db import make_engine
from feedback_api.models import SurveyResponse
from feedback_api.policy import SurveyKind
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.outbox import (
    Deliver,
    FlushResult,
    Outbox,
    OutboxRecord,
    OutboxRecordError,
    database_deliverer,
    flush_outbox,
)
from sentiment import TextBlobAnalyzer

WRITERS = 4
PER_WRITER = 40


def record(key: str, score: int = 9, comment: str | None = "fine") -> OutboxRecord:
    response = ResponseCreate(
        kind=SurveyKind.NPS,
        score=score,
        comment=comment,
        channel="web",
        conversation_id=key.split(":")[0],
        idempotency_key=key,
    )
    return OutboxRecord(response=response, transcript=[{"role": "user", "text": comment}])


def rows(engine: Engine) -> list[tuple[str, int | None]]:
    with Session(engine) as session:
        found = session.execute(
            select(SurveyResponse.idempotency_key, SurveyResponse.score).order_by(SurveyResponse.id)
        )
        return [(key, score) for key, score in found]


class Collect:
    """A deliver function that remembers keys; "stored" once per key, like the database."""

    def __init__(self, fail_on: dict[str, Exception] | None = None) -> None:
        self.keys: list[str] = []
        self.fail_on = fail_on or {}

    def __call__(self, item: OutboxRecord) -> bool:
        if item.key in self.fail_on:
            raise self.fail_on[item.key]
        created = item.key not in self.keys
        self.keys.append(item.key)
        return created


def test_a_record_survives_the_round_trip(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox")
    original = record("c1:nps:1.5", comment="ძალიან ცუდი 😡 <script>")
    outbox.append(original)
    (read,) = outbox.records()
    assert read.response == original.response
    assert read.transcript == original.transcript
    assert read.key == "c1:nps:1.5"
    # One line, ending in a newline, on disk.
    assert outbox.pending_path.read_bytes().count(b"\n") == 1


def test_a_record_needs_an_idempotency_key() -> None:
    with pytest.raises(OutboxRecordError):
        OutboxRecord(response=ResponseCreate(kind=SurveyKind.NPS, score=3))


def test_a_torn_last_line_is_ignored_and_never_glued_to_the_next(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path)
    outbox.append(record("a:nps:1"))
    with outbox.pending_path.open("ab") as handle:  # a writer died mid-line
        handle.write(json.dumps(record("torn:nps:1").to_json()).encode()[:40])
    assert outbox.pending_count() == 1
    assert [r.key for r in outbox.records()] == ["a:nps:1"]

    outbox.append(record("b:nps:1"))
    assert [r.key for r in outbox.records()] == ["a:nps:1", "b:nps:1"]

    deliver = Collect()
    result = outbox.flush(deliver)
    assert deliver.keys == ["a:nps:1", "b:nps:1"]
    assert (result.delivered, result.failed, result.remaining) == (2, 1, 0)
    (aside,) = outbox.failed_path.read_text().splitlines()
    assert "unreadable" in json.loads(aside)["error"]
    assert not outbox.has_pending()


def _append_many(directory: str, writer: int) -> None:
    outbox = Outbox(Path(directory))
    for index in range(PER_WRITER):
        outbox.append(record(f"w{writer}:nps:{index}", comment="x" * (index * 50)))


def test_concurrent_writers_in_processes_and_threads_lose_nothing(tmp_path: Path) -> None:
    """Whole lines only, even while a flusher claims the file between appends."""
    directory = str(tmp_path)
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_append_many, args=(directory, n)) for n in range(WRITERS)]
    threads = [threading.Thread(target=_append_many, args=(directory, 100 + n)) for n in range(2)]
    deliver = Collect()
    outbox = Outbox(tmp_path)
    for worker in [*processes, *threads]:
        worker.start()
    while any(p.is_alive() for p in processes) or any(t.is_alive() for t in threads):
        outbox.flush(deliver)
    for process in processes:
        process.join()
        assert process.exitcode == 0
    outbox.flush(deliver)

    expected = {f"w{n}:nps:{i}" for n in [*range(WRITERS), 100, 101] for i in range(PER_WRITER)}
    assert sorted(deliver.keys) == sorted(expected)  # each exactly once, none torn
    assert not outbox.failed_path.exists()


def test_a_transient_error_stops_the_flush_and_keeps_the_order(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path)
    for key in ("k:nps:1", "k:nps:2", "k:nps:3"):
        outbox.append(record(key))
    down = OperationalError("INSERT", {}, Exception("connection refused"))
    result = outbox.flush(Collect(fail_on={"k:nps:2": down}))
    assert (result.delivered, result.remaining) == (1, 2)
    assert result.error is not None and result.error.startswith("OperationalError")
    assert [r.key for r in outbox.records()] == ["k:nps:2", "k:nps:3"]

    # New answers queue behind the waiting ones.
    outbox.append(record("k:nps:4"))
    deliver = Collect()
    assert outbox.flush(deliver) == FlushResult(delivered=3)
    assert deliver.keys == ["k:nps:2", "k:nps:3", "k:nps:4"]


def test_a_record_the_database_refuses_for_good_is_set_aside(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path)
    outbox.append(record("bad:nps:1"))
    outbox.append(record("good:nps:1"))
    refused = IntegrityError("INSERT", {}, Exception("violates a constraint"))
    result = outbox.flush(Collect(fail_on={"bad:nps:1": refused}))
    assert (result.delivered, result.failed, result.remaining) == (1, 1, 0)
    (aside,) = [json.loads(line) for line in outbox.failed_path.read_text().splitlines()]
    assert aside["error"].startswith("IntegrityError")
    assert OutboxRecord.from_json(json.loads(aside["line"])).key == "bad:nps:1"


@pytest.fixture
def deliver_to(engine: Engine, settings: Settings, analyzer: TextBlobAnalyzer) -> Deliver:
    return database_deliverer(engine, settings, analyzer)


def test_replays_store_each_answer_exactly_once(
    tmp_path: Path, engine: Engine, deliver_to: Deliver
) -> None:
    """A flush that died after storing, a retried action, two flushers: all store once."""
    outbox = Outbox(tmp_path)
    outbox.append(record("conv-9:nps:1.0", score=3, comment="terrible and slow"))
    outbox.append(record("conv-9:nps:1.0", score=3, comment="terrible and slow"))  # a retry
    outbox.append(record("conv-10:nps:2.0", score=10))
    first = outbox.flush(deliver_to)
    assert (first.delivered, first.duplicates) == (2, 1)

    outbox.append(record("conv-9:nps:1.0", score=3))  # replayed again, much later
    second = outbox.flush(deliver_to)
    assert (second.delivered, second.duplicates) == (0, 1)
    assert rows(engine) == [("conv-9:nps:1.0", 3), ("conv-10:nps:2.0", 10)]


def test_flush_outbox_with_the_settings(
    tmp_path: Path, engine: Engine, settings: Settings, analyzer: TextBlobAnalyzer
) -> None:
    outbox = Outbox(settings.outbox_path)
    outbox.append(record("cli:nps:1", score=2, comment="awful"))
    assert flush_outbox(settings, engine=engine, analyzer=analyzer) == FlushResult(delivered=1)
    assert flush_outbox(settings, engine=engine, analyzer=analyzer) == FlushResult()
    with Session(engine) as session:
        stored = session.scalars(select(SurveyResponse)).one()
        assert stored.case is not None  # a detractor replayed is followed up like any other
        assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 1


def test_an_unreachable_database_leaves_everything_waiting(
    tmp_path: Path, settings: Settings, analyzer: TextBlobAnalyzer
) -> None:
    unreachable = make_engine(
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none?connect_timeout=2"
    )
    outbox = Outbox(settings.outbox_path)
    outbox.append(record("down:nps:1"))
    outbox.append(record("down:nps:2"))
    result = flush_outbox(settings, engine=unreachable, analyzer=analyzer)
    unreachable.dispose()
    assert (result.delivered, result.remaining) == (0, 2)
    assert result.error is not None and "OperationalError" in result.error
    assert outbox.pending_count() == 2
