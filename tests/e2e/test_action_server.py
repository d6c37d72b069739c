"""The action server as `closedloop run` starts it: rasa_sdk plus metrics and a left-out domain.

A real ``python -m bot.actions.server`` process on a free port, called the way Rasa 3.6
calls it with ``enable_selective_domain`` (no domain for actions that do not ask for it),
then scraped like Prometheus does.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from closedloop.ports import free_port
from closedloop.runner import ROOT, settings_environment
from feedback_api.migrate import upgrade
from feedback_api.policy import SurveyKind
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.outbox import Outbox, OutboxRecord

STARTUP_TIMEOUT_S = 120


@contextmanager
def serving_actions(data_dir: Path) -> Iterator[tuple[str, Settings, subprocess.Popen[bytes]]]:
    """A real action server on a free port, on a fresh SQLite database in ``data_dir``."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        environment="test",
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'closedloop.db'}",
        action_port=free_port(),
    )
    upgrade(settings.sqlalchemy_url)
    env = dict(os.environ) | settings_environment(settings) | {"PYTHONPATH": str(ROOT)}
    log = (data_dir / "actions.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.actions.server", "--port", str(settings.action_port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        # Its own process group, stopped as a group, as the runner does (Sanic answers a
        # second stop signal during shutdown by killing its worker's whole group).
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{settings.action_port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, (data_dir / "actions.log").read_text()
            assert time.monotonic() < deadline, "the action server did not start"
            time.sleep(0.5)
        yield url, settings, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    with serving_actions(tmp_path_factory.mktemp("actions")) as (url, settings, _process):
        yield url, settings


def call(url: str, action: str, text: str, **extra: Any) -> httpx.Response:
    """An action call as Rasa 3.6 sends it with selective domain: no ``domain`` key."""
    message = {"text": text, "intent": {"name": "greet", "confidence": 0.99}, "entities": []}
    tracker = {
        "sender_id": "metrics-1",
        "slots": {"language": None},
        "latest_message": message,
        "events": [{"event": "user", "text": text, "parse_data": message, "timestamp": 1.0}],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    body = {"next_action": action, "sender_id": "metrics-1", "tracker": tracker, **extra}
    return httpx.post(f"{url}/webhook", json=body | {"version": "3.6.21"}, timeout=30)


def samples(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = httpx.get(f"{url}/metrics", timeout=10).text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_an_action_without_the_domain_runs(server: tuple[str, Settings]) -> None:
    url, _ = server
    reply = call(url, "action_validate_slot_mappings", "გამარჯობა")
    assert reply.status_code == 200, reply.text
    slots = {e["name"]: e["value"] for e in reply.json()["events"] if e["event"] == "slot"}
    assert slots["language"] == "ka"
    assert slots["company_name"]  # the company's details come with the language


def test_metrics_count_actions_latency_errors_and_the_outbox(
    server: tuple[str, Settings],
) -> None:
    url, settings = server
    slot_mappings = ("action", "action_validate_slot_mappings")
    before = samples(url)
    for text in ("hello", "բարև"):
        assert call(url, "action_validate_slot_mappings", text).status_code == 200
    assert call(url, "action_no_such_thing", "hi").status_code == 404
    # A broken call (the tracker is not one) is an error, counted, and Rasa gets a 500.
    broken = httpx.post(
        f"{url}/webhook",
        json={"next_action": "action_session_start", "tracker": None, "version": "3.6.21"},
        timeout=30,
    )
    assert broken.status_code == 500
    Outbox(settings.outbox_path).append(
        OutboxRecord(
            response=ResponseCreate(kind=SurveyKind.NPS, score=9, idempotency_key="m-1"),
            transcript=[],
            source="chat",
            reason="test",
        )
    )
    after = samples(url)

    def grew(name: str, *labels: tuple[str, str]) -> float:
        key = (name, tuple(sorted(labels)))
        return after.get(key, 0.0) - before.get(key, 0.0)

    runs = "closedloop_action_runs_total"
    assert grew(runs, slot_mappings, ("outcome", "ok")) == 2
    assert grew("closedloop_action_duration_seconds_count", slot_mappings) == 2
    assert grew("closedloop_action_duration_seconds_sum", slot_mappings) > 0
    assert grew(runs, ("action", "unknown"), ("outcome", "error")) == 1
    assert grew(runs, ("action", "action_session_start"), ("outcome", "error")) == 1
    assert after[("closedloop_outbox_depth", ())] == 1


def test_the_runner_and_the_images_start_this_server() -> None:
    runner = (ROOT / "closedloop" / "runner.py").read_text(encoding="utf-8")
    assert '"bot.actions.server"' in runner
    for path in (ROOT / "deploy" / "actions.Dockerfile", ROOT / "compose.yaml"):
        assert '"-m", "bot.actions.server"' in Path(path).read_text(encoding="utf-8")


def test_an_offer_is_answered_at_once_and_counted_even_as_the_server_stops(
    tmp_path: Path,
) -> None:
    """The survey offer's count is written after the reply (bot/actions/after_reply.py):
    the reply does not wait for a busy database, and a server stopped meanwhile still
    writes the count before it exits."""
    with serving_actions(tmp_path) as (url, settings, process):
        database = settings.sqlalchemy_url.removeprefix("sqlite:///")
        lock = sqlite3.connect(database, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")  # another writer holds the database
        try:
            reply = call_leaving(url, "stopping-1")
            assert reply.status_code == 200, reply.text
            assert {
                "event": "slot",
                "timestamp": None,
                "name": "survey_offered",
                "value": True,
            } in (reply.json()["events"])
            os.killpg(process.pid, signal.SIGTERM)  # stopped as the runner stops it
            time.sleep(1)
            assert process.poll() is None  # still writing the offer, which waits on the lock
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        process.wait(timeout=30)
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT count(*) FROM survey_offers").fetchone() == (1,)


def call_leaving(url: str, sender: str) -> httpx.Response:
    """``action_offer_survey_at_end`` as Rasa calls it when a customer says bye after a
    support answer."""
    refund = {
        "intent": {"name": "get_refund", "confidence": 0.95},
        "entities": [],
        "text": "refund",
    }
    bye = {"intent": {"name": "goodbye", "confidence": 0.97}, "entities": [], "text": "bye"}
    events = [
        {"event": "action", "name": "action_session_start", "timestamp": 1.0},
        {"event": "session_started", "timestamp": 1.1},
        {"event": "user", "text": "refund", "parse_data": refund, "timestamp": 2.0},
        {"event": "action", "name": "utter_get_refund", "timestamp": 2.1},
        {"event": "action", "name": "action_support_followup", "timestamp": 2.2},
        {"event": "user", "text": "bye", "parse_data": bye, "timestamp": 3.0},
    ]
    tracker = {
        "sender_id": sender,
        "slots": {"language": "en"},
        "latest_message": bye,
        "events": events,
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    body = {"next_action": "action_offer_survey_at_end", "sender_id": sender, "tracker": tracker}
    return httpx.post(f"{url}/webhook", json=body | {"version": "3.6.21"}, timeout=30)
