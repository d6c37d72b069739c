"""Production mode end to end: two Rasa servers on PostgreSQL and Redis, same conversations.

`closedloop run --production` starts several Rasa servers sharing the conversations (tracker
store on PostgreSQL, lock store on Redis), each with its own action server. These tests run
it for real: a conversation hopping between the two servers, concurrent conversations of 20
turns with a survey each (every answer stored exactly once, every conversation's events in
order), and Redis going away and coming back (the customer is told, in their language, to
send the message again). Skipped, with the reason, where PostgreSQL or ``redis-server`` is
missing. The Redis is a private ``redis-server`` on a free port, so stopping it disturbs
nobody else's.

The load is ``CLOSEDLOOP_TEST_CONVERSATIONS`` (``<conversations>x<turns>``): 12 x 20 in
``make test``; ``make test-faults`` runs the issue's full 100 x 20 (docs/reliability.md).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from closedloop.ports import free_port, free_ports
from closedloop.runner import RunningServices, ensure_tracker_database, start_services
from feedback_api.db import make_engine
from feedback_api.migrate import upgrade
from feedback_api.models import SurveyResponse
from tests.conftest import POSTGRES_ADMIN_URL
from tests.e2e.conftest import e2e_test_settings, say_to, trouble_texts
from tests.helpers import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# <conversations>x<turns>; make test-faults sets the 100x20.
LOAD = os.environ.get("CLOSEDLOOP_TEST_CONVERSATIONS", "12x20")
CONVERSATIONS, TURNS = (int(part) for part in LOAD.lower().split("x"))
REDIS_DOWN_ANSWER_S = 8.0  # the lock store's socket_timeout is 2 s
# What the customers say around the survey (each answered by the bot, none opens a form).
SMALL_TALK = ["hi", "where is my order 4711?", "I want a refund", "thanks", "bye"]
# "The order was three weeks late and the operator does not answer": no sentiment words.
LATE_AND_UNANSWERED = "შეკვეთა სამი კვირით დაიგვიანა და ოპერატორი არ პასუხობს"


@dataclass
class RedisServer:
    """A private redis-server that a test may stop and start again on the same port."""

    binary: str
    port: int
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(binary, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def databases() -> Iterator[tuple[str, str]]:
    """ClosedLoop's database (migrated) and the name for Rasa's, which the runner creates."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not reachable"
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    suffix = uuid.uuid4().hex[:10]
    names = (f"closedloop_prod_{suffix}", f"closedloop_rasa_{suffix}")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{names[0]}"'))
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    app_url = f"{base}/{names[0]}"
    # Rasa's SQLAlchemy 1.4 with psycopg2: a plain postgresql:// URL.
    tracker_url = f"{base}/{names[1]}".replace("postgresql+psycopg://", "postgresql://")
    try:
        upgrade(app_url)
        yield app_url, tracker_url
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def production(
    tmp_path_factory: pytest.TempPathFactory,
    model: Path,
    redis_server: RedisServer,
    databases: tuple[str, str],
) -> Iterator[RunningServices]:
    app_url, tracker_url = databases
    settings = e2e_test_settings(
        tmp_path_factory.mktemp("production"),
        database_url=app_url,
        rasa_port=free_ports(2),  # two Rasa servers, two action servers
        action_port=free_ports(2),
        rasa_processes=2,
        rasa_tracker_db_url=tracker_url,
        redis_url=f"redis://127.0.0.1:{redis_server.port}/0",
    )
    with start_services(settings, model=model, api=False, production=True) as running:
        assert len(running.webhook_urls) == 2
        yield running


def user_texts(running: RunningServices, sender: str) -> list[str]:
    """The user's messages in the conversation's tracker, in the order Rasa stored them."""
    reply = httpx.get(f"{running.rasa_url}/conversations/{sender}/tracker", timeout=30)
    reply.raise_for_status()
    return [event["text"] for event in reply.json()["events"] if event["event"] == "user"]


def answers_of(app_url: str, sender: str) -> list[tuple[int | None, str | None]]:
    engine = make_engine(app_url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(SurveyResponse.score, SurveyResponse.comment).where(
                    SurveyResponse.idempotency_key.startswith(sender)
                )
            )
            return [(score, comment) for score, comment in rows]
    finally:
        engine.dispose()


def survey_conversation(
    running: RunningServices, sender: str, turns: int = 6, score: int = 8
) -> list[str]:
    """``turns`` turns alternating between the Rasa servers, with one NPS answer in them."""
    metadata = {"trigger": "nps", "campaign": "e2e-prod", "customer_id": f"c-{sender}"}
    script: list[tuple[str, dict[str, str] | None]] = [
        ("hi", None),
        ("/start_nps", metadata),
        (str(score), None),
        ("quick delivery", None),
        ("thanks", None),
        ("bye", None),
    ]
    script += [(SMALL_TALK[i % len(SMALL_TALK)], None) for i in range(turns - len(script))]
    urls = running.webhook_urls
    for number, (message, meta) in enumerate(script):
        say_to(urls[number % len(urls)], sender, message, meta)
    return [message for message, _ in script]


def test_two_rasa_servers_serve_one_conversation_in_order(
    production: RunningServices, databases: tuple[str, str]
) -> None:
    sender = f"prod-one-{uuid.uuid4().hex[:8]}"
    sent = survey_conversation(production, sender)
    assert user_texts(production, sender) == sent
    assert answers_of(databases[0], sender) == [(8, "quick delivery")]


def test_concurrent_conversations_across_two_servers_lose_and_reorder_nothing(
    production: RunningServices, databases: tuple[str, str]
) -> None:
    senders = [f"prod-many-{i}-{uuid.uuid4().hex[:6]}" for i in range(CONVERSATIONS)]
    scores = {sender: 7 + i % 4 for i, sender in enumerate(senders)}  # 7-10: no follow-up
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        sent = list(
            pool.map(
                lambda sender: survey_conversation(production, sender, TURNS, scores[sender]),
                senders,
            )
        )
    elapsed = time.monotonic() - started
    for sender, messages in zip(senders, sent, strict=True):
        assert len(messages) == TURNS
        # Every message is in the conversation once, in the order it was sent.
        assert user_texts(production, sender) == messages, sender
        assert answers_of(databases[0], sender) == [(scores[sender], "quick delivery")], sender
    print(
        f"\n{CONVERSATIONS} conversations x {TURNS} turns over two Rasa servers: "
        f"{elapsed:.0f} s, {CONVERSATIONS * TURNS / elapsed:.1f} turns/s "
        f"(load average {os.getloadavg()[0]:.1f})"
    )


def test_one_sentiment_service_scores_every_servers_comments(
    production: RunningServices, databases: tuple[str, str]
) -> None:
    """The action servers score with the one service the runner started: a Georgian
    complaint without sentiment words, given with a passive score, still opens a case."""
    if production.sentiment_url is None or not (ROOT / "var/models/sentiment").is_dir():
        pytest.skip("no sentiment model was built (make setup builds it)")
    assert httpx.get(f"{production.sentiment_url}/healthz", timeout=5).status_code == 200
    sender = f"prod-ka-{uuid.uuid4().hex[:8]}"
    metadata = {"trigger": "nps", "language": "ka", "customer_id": f"c-{sender}"}
    urls = production.webhook_urls
    for number, (message, meta) in enumerate(
        [("/start_nps", metadata), ("8", None), (LATE_AND_UNANSWERED, None), ("/deny", None)]
    ):
        say_to(urls[number % len(urls)], sender, message, meta)

    engine = make_engine(databases[0])
    try:
        with Session(engine) as session:
            answer = session.scalars(
                select(SurveyResponse).where(SurveyResponse.idempotency_key.startswith(sender))
            ).one()
            assert (answer.score, answer.comment, answer.language) == (
                8,
                LATE_AND_UNANSWERED,
                "ka",
            )
            assert answer.sentiment is not None and answer.sentiment.label == "negative"
            assert answer.sentiment.backend.startswith("transformers")
            assert answer.case is not None
    finally:
        engine.dispose()


def test_redis_down_answers_within_seconds_and_recovers_without_restart(
    production: RunningServices, redis_server: RedisServer, databases: tuple[str, str]
) -> None:
    """An Armenian customer mid-survey: told to send the score again, then it is stored once."""
    sender = f"prod-redis-{uuid.uuid4().hex[:8]}"
    metadata = {"trigger": "nps", "campaign": "e2e-prod", "language": "hy"}
    say_to(production.webhook_urls[0], sender, "/start_nps", metadata)
    redis_server.stop()
    try:
        started = time.monotonic()
        reply = httpx.post(
            production.webhook_urls[1], json={"sender": sender, "message": "9"}, timeout=60
        )
        elapsed = time.monotonic() - started
    finally:
        redis_server.start()
    # No hang: the lock store gives up quickly, and the customer is told, in Armenian.
    assert elapsed < REDIS_DOWN_ANSWER_S, f"took {elapsed:.1f} s with Redis down"
    assert reply.status_code == 200, reply.text
    assert [m.get("text") for m in reply.json()] == [trouble_texts()["hy"]]
    assert answers_of(databases[0], sender) == []
    # Redis is back: both servers answer again, nothing was restarted; the score sent again
    # is taken, and stored once.
    say_to(production.webhook_urls[1], sender, "9")
    say_to(production.webhook_urls[0], sender, "Արագ առաքում")
    assert answers_of(databases[0], sender) == [(9, "Արագ առաքում")]
    for url in production.webhook_urls:
        assert say_to(url, sender, "Բարև") != [trouble_texts()["hy"]]
    production.check()


def test_rasa_servers_starting_together_do_not_race_on_the_tables(
    production: RunningServices,
) -> None:
    """The runner made the conversation database and its tables before the servers started."""
    for log in sorted(production.log_dir.glob("rasa-*.log")):
        text = log.read_text(encoding="utf-8", errors="replace")
        assert "UniqueViolation" not in text, log
        assert "Could not create tables" not in text, log


def test_creating_the_conversation_database_twice_at_once_is_safe(
    tmp_path: Path, databases: tuple[str, str]
) -> None:
    base = databases[1].rsplit("/", 1)[0]
    name = f"closedloop_race_{uuid.uuid4().hex[:8]}"
    settings = e2e_test_settings(tmp_path, rasa_tracker_db_url=f"{base}/{name}")
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            for future in [pool.submit(ensure_tracker_database, settings) for _ in range(2)]:
                future.result()
        engine = create_engine(f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM events")).scalar() == 0
        engine.dispose()
    finally:
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
