"""The API killed and restarted under load: no accepted answer lost, none stored twice.

A real API (uvicorn, two workers, as in production) on SQLite and on PostgreSQL takes a load
of concurrent ``POST /v1/responses`` from client threads that behave as the README asks of
clients: each answer has its own ``Idempotency-Key``, and a connection error or a 503 is
retried with the same key until the answer is accepted (201, or 200 for "already stored").
Meanwhile the API is killed (SIGKILL of the whole process group: a crash) and started again,
then stopped with SIGTERM (a deploy) and started again; and the bot's outbox (chat answers
that waited for the database) is flushed into the same database at the same time.

Counted and asserted: every answer accepted, no 5xx other than 503, the restarts really hit
requests in flight, every answer that got a 201 is in the database, and every idempotency
key is stored exactly once (API answers and outbox answers alike).
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from closedloop.ports import free_port
from closedloop.runner import Service, api_command, settings_environment
from feedback_api.db import make_engine, session_factory
from feedback_api.migrate import upgrade
from feedback_api.models import Role, SurveyResponse
from feedback_api.policy import SurveyKind
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.keys import NewKey, create_key
from feedback_api.storage.outbox import Outbox, OutboxRecord, flush_outbox
from feedback_api.storage.responses import scoped_idempotency_key
from sentiment import TextBlobAnalyzer
from tests.conftest import _postgres_database

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CLIENTS = 8
ANSWERS_PER_CLIENT = 30
OUTBOX_ANSWERS = 60
SHARED_CUSTOMERS = 10  # answers of one customer race on the customer upsert too
START_TIMEOUT_S = 120.0
RETRY_PAUSE_S = 0.5
GIVE_UP_S = 240.0


@dataclass
class Tally:
    """What the clients saw, counted under a lock."""

    statuses: Counter[int] = field(default_factory=Counter)
    connection_errors: int = 0
    created: set[str] = field(default_factory=set)  # keys answered 201
    accepted: set[str] = field(default_factory=set)  # keys answered 201 or 200
    lock: threading.Lock = field(default_factory=threading.Lock)


class Api:
    """The API as a real process (uvicorn, two workers) that the test kills and restarts."""

    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.url = f"http://127.0.0.1:{settings.api_port}"
        env = {**os.environ, **settings_environment(settings)}
        self.service = Service(
            name="API",
            command=api_command("127.0.0.1", settings.api_port, workers=2),
            health_url=f"{self.url}/readyz",
            env=env,
            log_path=log_path,
        )

    def start(self) -> None:
        self.service.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.service.is_ready():
            assert self.service.exit_code() is None, self.service.log_tail()
            assert time.monotonic() < deadline, f"the API did not start:\n{self.service.log_tail()}"
            time.sleep(0.2)

    def crash(self) -> None:
        """SIGKILL to the whole process group: the server and its workers die at once."""
        process = self.service.process
        assert process is not None
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        self.service.stop()

    def stop(self) -> None:
        """SIGTERM, as a deploy does: uvicorn finishes the requests in flight."""
        self.service.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    generator = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'closedloop.db'}"
    else:
        generator = _postgres_database()
        url = next(generator)
    upgrade(url)
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=url,
        api_port=free_port(),
        api_key_pepper="restart-pepper",  # type: ignore[arg-type]
        sentiment_backend="textblob",
        _env_file=None,  # type: ignore[call-arg]
    )
    yield settings
    if generator is not None:
        generator.close()


def _service_key(settings: Settings) -> NewKey:
    engine = make_engine(settings.sqlalchemy_url)
    with session_factory(engine)() as session:
        key = create_key(session, name="restart-load", role=Role.SERVICE, pepper="restart-pepper")
        session.commit()
    engine.dispose()
    return key


def _post_until_accepted(
    client: httpx.Client, headers: dict[str, str], key: str, body: dict[str, object], tally: Tally
) -> None:
    """POST with the same Idempotency-Key until the API accepts it, as a client should."""
    deadline = time.monotonic() + GIVE_UP_S
    while time.monotonic() < deadline:
        try:
            reply = client.post(
                "/v1/responses", json=body, headers={**headers, "Idempotency-Key": key}
            )
        except httpx.TransportError:
            with tally.lock:
                tally.connection_errors += 1
            time.sleep(RETRY_PAUSE_S)
            continue
        with tally.lock:
            tally.statuses[reply.status_code] += 1
            if reply.status_code == 201:
                tally.created.add(key)
            if reply.status_code in (200, 201):
                tally.accepted.add(key)
                return
        assert reply.status_code == 503, (reply.status_code, reply.text)
        time.sleep(float(reply.headers.get("Retry-After", RETRY_PAUSE_S)) / 10)
    pytest.fail(f"{key} was never accepted")


def _client(api: Api, secret: str, number: int, campaign: str, tally: Tally) -> None:
    headers = {"Authorization": f"Bearer {secret}"}
    with httpx.Client(base_url=api.url, timeout=30) as client:
        for index in range(ANSWERS_PER_CLIENT):
            body: dict[str, object] = {
                "kind": "nps",
                "score": (number + index) % 11,
                "comment": f"answer {index} of client {number}",
                "customer_id": f"{campaign}-c{(number * 7 + index) % SHARED_CUSTOMERS}",
                "campaign": campaign,
                "channel": "email",
            }
            _post_until_accepted(client, headers, f"{campaign}-{number}-{index}", body, tally)


def _fill_outbox(settings: Settings, campaign: str) -> list[str]:
    outbox = Outbox(settings.outbox_path)
    keys = [f"{campaign}-chat-{i}" for i in range(OUTBOX_ANSWERS)]
    for index, key in enumerate(keys):
        outbox.append(
            OutboxRecord(
                response=ResponseCreate(
                    kind=SurveyKind.NPS,
                    score=index % 11,
                    customer_id=f"{campaign}-c{index % SHARED_CUSTOMERS}",
                    campaign=campaign,
                    idempotency_key=key,
                    created_at=datetime.now(UTC),
                ),
                source="chat",
                reason="database unavailable",
            )
        )
    return keys


def _flush_until_empty(settings: Settings) -> None:
    """The action server's flusher, racing the API's writes (and the restarts)."""
    engine = make_engine(settings.sqlalchemy_url)
    try:
        deadline = time.monotonic() + GIVE_UP_S
        while Outbox(settings.outbox_path).has_pending():
            assert time.monotonic() < deadline, "the outbox never emptied"
            flush_outbox(settings, engine=engine, analyzer=TextBlobAnalyzer())
            time.sleep(0.1)
    finally:
        engine.dispose()


def test_api_killed_and_restarted_under_load_loses_and_doubles_nothing(
    api_settings: Settings, tmp_path: Path
) -> None:
    campaign = f"restart-{uuid.uuid4().hex[:8]}"
    key = _service_key(api_settings)
    outbox_keys = _fill_outbox(api_settings, campaign)
    api = Api(api_settings, tmp_path / "api.log")
    api.start()
    tally = Tally()
    total = CLIENTS * ANSWERS_PER_CLIENT
    try:
        with ThreadPoolExecutor(max_workers=CLIENTS + 1) as pool:
            futures = [
                pool.submit(_client, api, key.secret, number, campaign, tally)
                for number in range(CLIENTS)
            ]
            futures.append(pool.submit(_flush_until_empty, api_settings))
            # A crash with a third of the load accepted, a clean restart at two thirds.
            for share, stop in ((1 / 3, api.crash), (2 / 3, api.stop)):
                while len(tally.accepted) < total * share:
                    assert not any(f.done() and f.exception() for f in futures)
                    time.sleep(0.05)
                stop()
                time.sleep(1.0)  # clients keep trying while the API is away
                api.start()
            for future in futures:
                future.result()
    finally:
        api.stop()

    api_keys = {f"{campaign}-{n}-{i}" for n in range(CLIENTS) for i in range(ANSWERS_PER_CLIENT)}
    assert tally.accepted == api_keys
    assert set(tally.statuses) <= {200, 201, 503}, tally.statuses
    # The restarts hit the load: clients saw refused or reset connections, and retried.
    assert tally.connection_errors > 0, tally
    engine = make_engine(api_settings.sqlalchemy_url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(SurveyResponse.idempotency_key, func.count())
                .where(SurveyResponse.campaign == campaign)
                .group_by(SurveyResponse.idempotency_key)
            ).all()
    finally:
        engine.dispose()
    stored = {str(stored_key): count for stored_key, count in rows}
    assert set(stored.values()) == {1}, "an answer was stored twice"
    # An API client's key is stored scoped to its API key; the chat's as it is.
    scope = f"key{key.id}"
    assert {scoped_idempotency_key(k, scope) for k in tally.created} <= set(stored), (
        "an answer answered 201 was lost"
    )
    assert set(stored) == {scoped_idempotency_key(k, scope) for k in api_keys} | set(outbox_keys)
    print(
        f"\n{api_settings.sqlalchemy_url.split(':')[0]}: {total} API answers and "
        f"{OUTBOX_ANSWERS} outbox answers, statuses {dict(tally.statuses)}, "
        f"{tally.connection_errors} connection errors retried, {len(tally.created)} created"
    )
