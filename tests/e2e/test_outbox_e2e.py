"""Never lose an answer, for real: the database goes away mid-conversation and comes back.

PostgreSQL: a bot of its own whose action server reaches a dedicated database through a
small TCP proxy run by the test (asyncio, loopback only, a bounded number of connections).
Cutting the proxy makes the database unreachable (connections reset, new ones refused)
without touching the machine's PostgreSQL server; restoring it brings it back. The answer
given in between must reach the customer as usual, wait in the outbox, and appear in the
database exactly once, even when Rasa delivers the same action twice.

SQLite: the session's bot, its database file locked by another writer for a while.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from closedloop.ports import free_port
from closedloop.runner import RunningServices, start_services
from feedback_api.db import make_engine
from feedback_api.migrate import upgrade
from feedback_api.models import SurveyResponse
from feedback_api.settings import Settings
from feedback_api.storage.outbox import Outbox
from tests.conftest import POSTGRES_ADMIN_URL
from tests.e2e.conftest import LogWatch, e2e_test_settings, say

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ANGRY = "Two weeks late and nobody answered my emails, awful"
MAX_PROXY_CONNECTIONS = 64
FLUSH_WAIT_S = 90.0


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target port until cut; runs its own event loop thread."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    def __enter__(self) -> TcpProxy:
        self._thread.start()
        self.restore()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    def restore(self) -> None:
        """Accept connections again (the database is back)."""

        async def listen() -> None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

        self._call(listen())

    def cut(self) -> None:
        """Refuse new connections and reset the open ones (the database is gone)."""

        async def close() -> None:
            if self._server is not None:
                self._server.close()
                await self._server.wait_closed()
                self._server = None
            for writer in list(self._writers):
                writer.transport.abort()
            self._writers.clear()

        self._call(close())

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if len(self._writers) >= MAX_PROXY_CONNECTIONS:
            writer.transport.abort()
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                "127.0.0.1", self.target_port
            )
        except OSError:
            writer.transport.abort()
            return
        self._writers.update({writer, upstream_writer})
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while chunk := await reader.read(65536):
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A dedicated, migrated PostgreSQL database (the machine's server keeps running)."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not reachable"
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    name = f"closedloop_outbox_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def stored_answers(url: str, sender: str) -> list[SurveyResponse]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            found = list(
                session.scalars(
                    select(SurveyResponse).where(SurveyResponse.idempotency_key.startswith(sender))
                )
            )
            for row in found:
                _ = (row.case, row.conversation)
            return found
    finally:
        engine.dispose()


def wait_for(condition: Callable[[], bool], *, nudge: Callable[[], object]) -> None:
    """Poll ``condition``; ``nudge`` (a message to the bot) wakes a flusher in backoff."""
    deadline = time.monotonic() + FLUSH_WAIT_S
    nudged = time.monotonic()
    while not condition():
        assert time.monotonic() < deadline, "the outbox was not flushed in time"
        if time.monotonic() - nudged > 10:
            nudge()
            nudged = time.monotonic()
        time.sleep(0.5)


def wait_until(condition: Callable[[], bool], value: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, f"still {value()!r}"
        time.sleep(0.1)
    return value()


def replay_submit(bot: RunningServices, sender: str) -> None:
    """Deliver ``action_submit_nps`` to the action server again, as a Rasa retry would.

    The tracker is the conversation as it was when Rasa first ran the action (the events
    before it, the slots as they were then), read back from Rasa's own tracker store.
    """
    tracker = httpx.get(f"{bot.rasa_url}/conversations/{sender}/tracker", timeout=30).json()
    events = tracker["events"]
    cut = max(
        i
        for i, event in enumerate(events)
        if event.get("event") == "action" and event.get("name") == "action_submit_nps"
    )
    before = events[:cut]
    slots = dict(tracker["slots"])
    for event in before:
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
    domain = httpx.get(
        f"{bot.rasa_url}/domain", headers={"Accept": "application/json"}, timeout=30
    ).json()
    body = {
        "next_action": "action_submit_nps",
        "sender_id": sender,
        "tracker": {**tracker, "events": before, "slots": slots, "active_loop": {}},
        "domain": domain,
        "version": "3.6.21",
    }
    for _ in range(2):
        reply = httpx.post(f"{bot.actions_url}/webhook", json=body, timeout=60)
        assert reply.status_code == 200, reply.text


def detractor_conversation(bot: RunningServices, sender: str, metadata: dict[str, str]) -> None:
    """A detractor's survey; every reply is the normal one."""
    assert say(bot, sender, "I want to give feedback", metadata)[0].startswith(
        "How likely are you to recommend"
    )
    assert say(bot, sender, "2") == ["What is the main reason for your score?"]
    assert say(bot, sender, ANGRY)[0].startswith("We're sorry to hear that")
    (thanks,) = say(bot, sender, "no")
    assert thanks.startswith("We're sorry we didn't live up to your expectations")


def test_an_answer_given_while_postgresql_is_unreachable_is_stored_exactly_once(
    postgres_database: str, model: Path, tmp_path: Path
) -> None:
    with TcpProxy(target_port=5432) as proxy:
        via_proxy = postgres_database.replace("@127.0.0.1:5432/", f"@127.0.0.1:{proxy.port}/")
        assert via_proxy != postgres_database
        settings = e2e_test_settings(tmp_path, database_url=f"{via_proxy}?connect_timeout=3")
        with start_services(settings, model=model, api=False) as bot:
            watch = LogWatch(bot.log_dir)
            sender = "e2e-outbox-pg"
            metadata = {"customer_id": "c-900", "campaign": "e2e-outbox"}
            say(bot, "e2e-outbox-warmup", "I want to give feedback", metadata)  # pool is warm

            proxy.cut()
            detractor_conversation(bot, sender, metadata)
            replay_submit(bot, sender)  # Rasa retries: the same answer twice more
            outbox = Outbox(settings.outbox_path)
            # The flusher keeps retrying meanwhile; its claims may hide a line for an instant.
            # One answer in five deliveries: as the score came, as the reason came (the
            # contact question followed), and the survey's end three times (Rasa's retries).
            waiting = wait_until(lambda: len(outbox.records()) == 5, outbox.records)
            assert len({record.key for record in waiting}) == 1
            assert [record.response.comment for record in waiting] == [None] + [ANGRY] * 4
            assert stored_answers(postgres_database, sender) == []  # nothing got through

            proxy.restore()
            wait_for(
                lambda: not outbox.has_pending(),
                nudge=lambda: say(bot, "e2e-outbox-nudge", "thanks"),
            )
            (answer,) = stored_answers(postgres_database, sender)
            assert (answer.score, answer.comment, answer.campaign) == (2, ANGRY, "e2e-outbox")
            assert answer.case is not None
            assert answer.conversation is not None
            assert answer.conversation.transcript[-1]["text"] == "no"
            # The flusher logs right after emptying the outbox.
            logs = wait_until(
                lambda: "outbox flushed:" in watch.new_text()["actions.log"],
                lambda: watch.new_text()["actions.log"],
            )
            assert "queued in the outbox" in logs
            assert "Traceback" not in logs


def test_an_answer_given_while_sqlite_is_locked_is_stored_exactly_once(
    bot: RunningServices, e2e_settings: Settings
) -> None:
    sender = "e2e-outbox-sqlite"
    outbox = Outbox(e2e_settings.outbox_path)
    database = e2e_settings.sqlalchemy_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(database, timeout=30)
    holder.execute("BEGIN EXCLUSIVE")  # another writer holds the database
    try:
        detractor_conversation(bot, sender, {"campaign": "e2e-outbox-sqlite"})
        assert outbox.pending_count() >= 1
    finally:
        holder.rollback()
        holder.close()
    wait_for(lambda: not outbox.has_pending(), nudge=lambda: say(bot, sender, "thanks"))
    (answer,) = stored_answers(e2e_settings.sqlalchemy_url, sender)
    assert (answer.score, answer.comment) == (2, ANGRY)
