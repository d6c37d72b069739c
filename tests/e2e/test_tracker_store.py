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
import sqlite3
import subprocess
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import yaml

from closedloop.runner import ROOT, RunningServices
from feedback_api.settings import Settings
from tests.e2e.conftest import Api, say

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys
    from rasa.core.tracker_store import SQLTrackerStore, create_tracker_store
    from rasa.core.utils import read_endpoints_from_path
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import (
        ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered,
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
        options.pop("history_turns")
        options.pop("transcript_turns")
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
        store.cache_size = 200

        await long_conversation(store, other, rasa)
        print("ok")

    def turn(number, *more):
        return [
            UserUttered(f"message {number}", {"name": "track_order", "confidence": 0.9}),
            ActionExecuted("action_extract_slots"),
            *more,
            BotUttered(f"answer {number}"),
            ActionExecuted("action_listen"),
        ]

    async def play(store, tracker, everything, number, *more):
        # One more turn on this tracker: kept in `everything` (what the database must hold).
        new = turn(number, *more)
        for event in new:
            tracker.update(event)
        everything += new
        await store.save(tracker)

    def earlier_texts(tracker):
        (start,) = [e for e in tracker.events if isinstance(e, SessionStarted)]
        return [message["text"] for message in start.metadata.get("closedloop_earlier", [])]

    def stored(tracker_from_rasa):
        return [event.as_dict() for event in tracker_from_rasa.events]

    async def long_conversation(store, other, rasa):
        # Bounded history: past the window Rasa gets the last turns after a snapshot, in the
        # same state, and the database holds every event exactly once.
        store.history_turns = other.history_turns = 3
        store.transcript_turns = other.transcript_turns = 5
        everything = session_start()
        first = UserUttered("hi", {"name": "greet"}, metadata={"customer_id": "c-1"})
        everything += [first, ActionExecuted("utter_offer_survey"), BotUttered("Survey?")]
        everything += [ActiveLoop("nps_form"), SlotSet("nps_score", 9), ActiveLoop(None)]
        everything += [ActionExecuted("action_listen")]
        tracker = DialogueStateTracker.from_events("L", everything, domain.slots)
        await store.save(tracker)
        for number in range(1, 9):
            tracker = await store.retrieve("L")
            order = SlotSet("order_number", f"A{number:05d}")
            await play(store, tracker, everything, number, order)
        handed = await store.retrieve("L")
        assert sum(isinstance(e, UserUttered) for e in handed.events) == 3 + 1  # + first
        assert handed.get_slot("nps_score") == 9 and handed.get_slot("language") == "en"
        assert handed.get_slot("order_number") == "A00008"
        assert handed.active_loop_name is None
        texts = [e.text for e in handed.events if isinstance(e, UserUttered)]
        assert texts == ["hi", "message 6", "message 7", "message 8"], texts
        names = [e.action_name for e in handed.events if isinstance(e, ActionExecuted)]
        assert "utter_offer_survey" in names and names[0] == "action_session_start"
        # The 2 turns before the window travel as text for the saved transcript (5 in all);
        # the transcript's run begins at "message 4": messages 1-3 are left out.
        assert earlier_texts(handed) == ["message 4", "answer 4", "message 5", "answer 5"]
        (start,) = [e for e in handed.events if isinstance(e, SessionStarted)]
        (fourth,) = [e for e in everything if getattr(e, "text", None) == "message 4"]
        assert start.metadata["closedloop_history_from"] == fourth.timestamp, start.metadata
        loop = [e for e in handed.events if isinstance(e, ActiveLoop)]
        assert loop[0].name == "nps_form" and loop[-1].name is None
        full = stored(await rasa.retrieve_full_tracker("L"))
        assert full == [event.as_dict() for event in everything], (len(full), len(everything))

        # A form that is still going when the window would cut it stays whole.
        form = [ActiveLoop("order_number_form"), SlotSet("requested_slot", "order_number")]
        await play(store, handed, everything, 9, *form)
        for number in range(10, 14):
            tracker = await store.retrieve("L")
            assert tracker.active_loop_name == "order_number_form"
            texts = [e.text for e in tracker.events if isinstance(e, UserUttered)]
            assert "message 9" in texts, texts
            await play(store, tracker, everything, number)
        tracker = await store.retrieve("L")
        done = [ActiveLoop(None), SlotSet("requested_slot", None)]
        await play(store, tracker, everything, 14, *done)
        tracker = await store.retrieve("L")
        assert tracker.active_loop_name is None
        texts = [e.text for e in tracker.events if isinstance(e, UserUttered)]
        assert texts[:2] == ["hi", "message 9"], texts  # the form's run stays whole

        # A tracker this store no longer remembers handing out: only its new events are
        # written (found after the last stored one), not a count of rows.
        store._handed_out.clear()
        await play(store, tracker, everything, 15)

        # Another Rasa process continues the conversation (it reads the whole session and
        # cuts it), then this one again (its kept copy is stale: it reads the database).
        elsewhere = await other.retrieve("L")
        texts = [e.text for e in elsewhere.events if isinstance(e, UserUttered)]
        assert texts[:2] == ["hi", "message 9"] and texts[-1] == "message 15", texts
        assert elsewhere.get_slot("order_number") == "A00008"
        await play(other, elsewhere, everything, 16, SlotSet("order_number", "B00016"))
        back = await store.retrieve("L")
        assert back is not tracker and back.get_slot("order_number") == "B00016"
        await play(store, back, everything, 17)

        last = await store.retrieve("L")
        texts = [e.text for e in last.events if isinstance(e, UserUttered)]
        assert texts == ["hi", "message 15", "message 16", "message 17"], texts
        # Cut again from this process's kept copy: the earlier messages carry over.
        assert earlier_texts(last) == ["message 13", "answer 13", "message 14", "answer 14"]
        assert last.get_slot("order_number") == "B00016" and last.get_slot("nps_score") == 9
        await store.save(last)
        full = stored(await rasa.retrieve_full_tracker("L"))
        assert full == [event.as_dict() for event in everything], (len(full), len(everything))

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
    """SQLite, as ``closedloop run`` serves it (endpoints.yml), in write-ahead-log mode."""
    database = tmp_path / "tracker.db"
    run_checks(ROOT / "endpoints.yml", {"RASA_TRACKER_DB": str(database)})
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


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


@pytest.mark.e2e
@pytest.mark.slow
def test_a_conversation_past_the_window_through_the_real_bot(
    bot: RunningServices, api: Api, e2e_settings: Settings
) -> None:
    """Past ``history_turns`` (10) Rasa works on the last turns, the bot still knows the rest.

    The customer and campaign come only with the first message (``first_metadata``), the CSAT
    question was asked once at the start; 25 turns later a complaint still opens a case for
    that customer, and the database holds each message exactly once.
    """
    sender = "e2e-window"
    first = {"customer_id": "c-700", "campaign": "e2e-window", "language": "en"}
    assert say(bot, sender, "/check_invoice", first)[-1].startswith("Did that solve")
    assert say(bot, sender, "skip") == ["No problem, thanks for your time!"]
    for _ in range(25):
        replies = say(bot, sender, "/check_payment_methods")
        assert not replies[-1].startswith("Did that solve"), replies
    complaint = "The parcel arrived broken and nobody answers my emails, terrible service"
    replies = say(bot, sender, complaint)
    assert replies[0].startswith("I'm very sorry about this."), replies

    page = api.client.get(
        "/v1/detractors", params={"campaign": "e2e-window"}, headers=api.agent
    ).json()
    (item,) = page["items"]
    assert (item["customer_id"], item["reasons"][0]) == ("c-700", "complaint")
    detail = api.client.get(f"/v1/cases/{item['case_id']}", headers=api.agent).json()
    lines = detail["conversation"]["transcript"]
    users = [line["text"] for line in lines if line["role"] == "user"]
    assert users[-1] == complaint
    # Rasa sent the actions the last 10 turns and the 10 before them as text: the saved copy
    # shows those 20 (the button clicks without a title show no line) and says that earlier
    # ones are left out.
    assert [line["role"] for line in lines].count("session") == 1
    assert len(users) <= 20
    bots = [line["text"] for line in lines if line["role"] == "bot"]
    assert len(bots) >= 20, bots

    with sqlite3.connect(e2e_settings.data_dir / "rasa_tracker.db") as db:
        rows = db.execute(
            "SELECT type_name, timestamp, data FROM events WHERE sender_id = ?", (sender,)
        ).fetchall()
    assert sum(1 for row in rows if row[0] == "user") == 28
    assert len(set(rows)) == len(rows)  # nothing written twice
