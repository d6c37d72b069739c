"""bot/tracker_store.py against Rasa's own SQL tracker store, in Rasa's virtualenv.

The caching store must store exactly what Rasa's ``SQLTrackerStore`` stores and read back
exactly what it reads, while handing out its kept tracker only when that is still the
truth: not after another process wrote to the conversation, not after a tracker was changed
and never saved, not across a session restart. The checks run in Rasa's Python (3.10), on a
real SQLite file, with the store built from our ``endpoints.yml`` the way the Rasa server
builds it.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import yaml

from closedloop.runner import ROOT

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys
    from rasa.core.tracker_store import SQLTrackerStore, create_tracker_store
    from rasa.core.utils import read_endpoints_from_path
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import (
        ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered,
    )
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.tracker_store import CachingSQLTrackerStore

    domain = Domain.load("domain.yml")
    endpoints = read_endpoints_from_path(sys.argv[1])

    def new_store():
        return create_tracker_store(endpoints.tracker_store, domain)

    def dicts(tracker):
        # The events of the current session (Rasa's read starts at its SessionStarted).
        events = [event.as_dict() for event in tracker.events]
        starts = [i for i, event in enumerate(events) if event["event"] == "session_started"]
        return events[starts[-1]:] if starts else events

    def session_start():
        return [
            ActionExecuted("action_session_start"), SessionStarted(),
            SlotSet("language", "en"), ActionExecuted("action_listen"),
        ]

    async def main():
        store, other = new_store(), new_store()
        assert type(store) is CachingSQLTrackerStore, type(store)
        options = dict(endpoints.tracker_store.kwargs)
        options.pop("cache_size")
        rasa = SQLTrackerStore(domain, host=endpoints.tracker_store.url, **options)

        # A new conversation: nothing stored, then the first turn.
        assert await store.retrieve("a") is None
        tracker = DialogueStateTracker.from_events("a", session_start(), domain.slots)
        tracker.update(UserUttered("hi", {"name": "greet", "confidence": 0.9}))
        await store.save(tracker)
        assert dicts(await rasa.retrieve("a")) == dicts(tracker)

        # The next turn gets the kept tracker itself; its new events are stored once.
        again = await store.retrieve("a")
        assert again is tracker
        again.update(BotUttered("Hello!"))
        again.update(ActionExecuted("action_listen"))
        await store.save(again)
        assert dicts(await rasa.retrieve("a")) == dicts(again)
        assert len((await rasa.retrieve("a")).events) == 6

        # Another process writes to the conversation: the kept copy is no longer handed out.
        elsewhere = await other.retrieve("a")
        elsewhere.update(UserUttered("from the other server"))
        await other.save(elsewhere)
        fresh = await store.retrieve("a")
        assert fresh is not again and dicts(fresh) == dicts(elsewhere)
        await store.save(fresh)

        # A tracker changed but never saved (a turn that failed) is not handed out again.
        failed = await store.retrieve("a")
        assert failed is fresh
        failed.update(UserUttered("never saved"))
        after_failure = await store.retrieve("a")
        assert after_failure is not failed
        assert dicts(after_failure) == dicts(await rasa.retrieve("a"))
        assert "never saved" not in json.dumps(dicts(after_failure))
        await store.save(after_failure)

        # A new session: like Rasa's store, the next read holds only the new session.
        restarted = await store.retrieve("a")
        for event in session_start():
            restarted.update(event)
        restarted.update(UserUttered("back again"))
        await store.save(restarted)
        next_turn = await store.retrieve("a")
        assert next_turn is not restarted
        assert dicts(next_turn) == dicts(await rasa.retrieve("a"))
        assert len(next_turn.events) == 4  # SessionStarted, slot, listen, message
        assert len((await rasa.retrieve_full_tracker("a")).events) == 13

        # A tracker saved without a retrieve (Rasa's create_tracker) counts what is stored.
        made = DialogueStateTracker.from_events("b", session_start(), domain.slots)
        made.update(UserUttered("hello"))
        await store.save(made)
        assert dicts(await rasa.retrieve("b")) == dicts(made)
        assert await store.retrieve("b") is made

        # The cache is bounded.
        store.cache_size = 3
        for number in range(10):
            one = DialogueStateTracker.from_events(f"c{number}", session_start(), domain.slots)
            await store.save(one)
        assert len(store._kept) == 3
        print("ok")

    asyncio.run(main())
    """
)


@pytest.fixture
def postgres_tracker_db() -> Iterator[dict[str, str]]:
    """A fresh PostgreSQL database for the production endpoints file; skipped without one."""
    name = f"closedloop_tracker_test_{uuid.uuid4().hex[:8]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at 127.0.0.1:5432: {exc}")
    yield {
        "RASA_TRACKER_DB_HOST": "127.0.0.1",
        "RASA_TRACKER_DB_PORT": "5432",
        "RASA_TRACKER_DB_NAME": name,
        "RASA_TRACKER_DB_USER": "postgres",
        "RASA_TRACKER_DB_PASSWORD": "",
        "RASA_REDIS_HOST": "127.0.0.1",
        "RASA_REDIS_PORT": "6379",
        "RASA_REDIS_PASSWORD": "",
        "RASA_REDIS_DB": "0",
    }
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_checks(endpoints: Path, env: dict[str, str]) -> None:
    if not RASA_PYTHON.is_file():
        pytest.skip(f"Rasa is not installed in {RASA_PYTHON.parent.parent} (run `make setup`)")
    base = {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")}
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", SCRIPT, str(endpoints)],
        cwd=ROOT,
        env=base
        | {
            "PYTHONPATH": str(ROOT),
            "ACTION_ENDPOINT_URL": "http://127.0.0.1:9/webhook",
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
        | env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")


def test_caching_store_stores_and_reads_what_rasa_does(tmp_path: Path) -> None:
    """SQLite, as ``closedloop run`` serves it (endpoints.yml)."""
    run_checks(ROOT / "endpoints.yml", {"RASA_TRACKER_DB": str(tmp_path / "tracker.db")})


def test_the_same_on_postgresql(postgres_tracker_db: dict[str, str]) -> None:
    """PostgreSQL, as production mode serves it (bot/endpoints.production.yml)."""
    run_checks(ROOT / "bot" / "endpoints.production.yml", postgres_tracker_db)


def test_both_endpoint_files_use_the_caching_store() -> None:
    """Rasa falls back to an in-memory store, with only a warning, on a wrong class path."""
    for path in (ROOT / "endpoints.yml", ROOT / "bot" / "endpoints.production.yml"):
        store = yaml.safe_load(path.read_text(encoding="utf-8"))["tracker_store"]
        assert store["type"] == "bot.tracker_store.CachingSQLTrackerStore", path
        assert int(store["cache_size"]) > 0
        action = yaml.safe_load(path.read_text(encoding="utf-8"))["action_endpoint"]
        assert action["enable_selective_domain"] is True, path
