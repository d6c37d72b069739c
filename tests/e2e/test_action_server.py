"""The action server as `closedloop run` starts it: rasa_sdk plus metrics and a left-out domain.

A real ``python -m bot.actions.server`` process on a free port, called the way Rasa 3.6
calls it with ``enable_selective_domain`` (no domain for actions that do not ask for it),
then scraped like Prometheus does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from closedloop.runner import ROOT, settings_environment
from feedback_api.migrate import upgrade
from feedback_api.policy import SurveyKind
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.outbox import Outbox, OutboxRecord
from tests.helpers import free_port

STARTUP_TIMEOUT_S = 120


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    data_dir = tmp_path_factory.mktemp("actions")
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
        yield url, settings
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


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
