"""Shared end-to-end fixtures: one trained model and one running bot for the whole session.

Starting the Rasa server takes 30-60 s (TensorFlow and the model), so every e2e test module
shares the session's ``bot`` (Rasa + action server on free ports, a fresh SQLite database)
and talks to it with :func:`say`. Tests that need a bot of their own (another database,
other settings) start one with :func:`start_bot`.

The model is trained into ``CLOSEDLOOP_TEST_MODEL_DIR`` (default: the repository's
``models/``, shared with development runs so an unchanged bot is not retrained); engineers
training different bots at once point it elsewhere.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient

from closedloop.ports import free_port
from closedloop.runner import (
    ROOT,
    RunningServices,
    ensure_model,
    rasa_environment,
    rasa_executable,
    start_services,
)
from feedback_api.app import create_app
from feedback_api.db import make_engine, session_factory
from feedback_api.migrate import upgrade
from feedback_api.models import Role
from feedback_api.settings import Settings
from feedback_api.storage.keys import create_key

RASA_TIMEOUT_S = 300
# What must never appear in a service's log while the bot handles what customers send.
LOG_PROBLEM = re.compile(r"\bERROR\b|Traceback \(most recent call last\)")


def e2e_test_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a bot of the e2e tests: free ports, a SQLite database in ``data_dir``."""
    values: dict[str, Any] = {
        "environment": "test",
        "data_dir": data_dir,
        "database_url": f"sqlite:///{data_dir / 'closedloop.db'}",
        "rasa_venv": ROOT / ".venv-rasa",
        "model_dir": Path(os.environ.get("CLOSEDLOOP_TEST_MODEL_DIR", ROOT / "models")),
        "rasa_port": free_port(),
        "action_port": free_port(),
        "api_port": free_port(),
        "sentiment_port": free_port(),
        "api_key_pepper": "e2e-pepper",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def e2e_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = e2e_test_settings(tmp_path_factory.mktemp("e2e"))
    if not (settings.rasa_venv / "bin" / "rasa").is_file():
        pytest.skip(f"Rasa is not installed in {settings.rasa_venv} (run `make setup`)")
    upgrade(settings.sqlalchemy_url)
    return settings


@pytest.fixture(scope="session")
def model(e2e_settings: Settings) -> Path:
    return ensure_model(e2e_settings)


@pytest.fixture(scope="session")
def bot(e2e_settings: Settings, model: Path) -> Iterator[RunningServices]:
    with start_services(e2e_settings, model=model, api=False) as running:
        yield running


@dataclass
class Api:
    """The real API on a bot's database, with an agent's and a marketer's key."""

    client: TestClient
    agent: dict[str, str]
    marketer: dict[str, str]


@pytest.fixture
def api(e2e_settings: Settings) -> Iterator[Api]:
    yield from open_api(e2e_settings)


def open_api(settings: Settings) -> Iterator[Api]:
    engine = make_engine(settings.sqlalchemy_url)
    pepper = settings.api_key_pepper.get_secret_value()
    with session_factory(engine)() as session:
        agent = create_key(session, name="e2e-agent", role=Role.AGENT, pepper=pepper)
        marketer = create_key(session, name="e2e-marketer", role=Role.MARKETER, pepper=pepper)
        session.commit()
    app = create_app(settings, engine=engine)
    with TestClient(app) as client:
        yield Api(
            client,
            {"Authorization": f"Bearer {agent.secret}"},
            {"Authorization": f"Bearer {marketer.secret}"},
        )
    engine.dispose()


def say(
    bot: RunningServices, sender: str, text: str, metadata: dict[str, Any] | None = None
) -> list[str]:
    """Send one message through Rasa's REST channel; returns the bot's texts.

    Rasa's REST channel answers ``200 []`` when something failed inside (an exception in a
    store, an action, the lock store): every message a customer sends gets an answer, so an
    empty reply fails the test here, in every end-to-end test.
    """
    return say_to(bot.webhook_url, sender, text, metadata, check=bot.check)


def say_to(
    webhook_url: str,
    sender: str,
    text: str,
    metadata: dict[str, Any] | None = None,
    *,
    check: Callable[[], None] | None = None,
    timeout: float = 120,
) -> list[str]:
    """:func:`say` to one given Rasa server (production mode runs several)."""
    body: dict[str, Any] = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    reply = httpx.post(webhook_url, json=body, timeout=timeout)
    reply.raise_for_status()
    if check is not None:
        check()
    messages = reply.json()
    assert messages, f"empty reply (200 []) from {webhook_url} to {text!r} (sender {sender})"
    return [message.get("text", "") for message in messages]


def trouble_texts() -> dict[str, str]:
    """``utter_technical_trouble`` in each language, as domain.yml has it."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    for variation in domain["responses"]["utter_technical_trouble"]:
        conditions = variation.get("condition") or []
        language = next((c["value"] for c in conditions if c["name"] == "language"), "en")
        texts[language] = variation["text"]
    return texts


def trigger(
    bot: RunningServices, sender: str, intent: str, entities: dict[str, str] | None = None
) -> list[str]:
    """What a website or campaign does: Rasa's ``trigger_intent``; returns the bot's texts."""
    reply = httpx.post(
        f"{bot.rasa_url}/conversations/{sender}/trigger_intent",
        json={"name": intent, "entities": entities or {}},
        timeout=120,
    )
    reply.raise_for_status()
    bot.check()
    return [message.get("text", "") for message in reply.json().get("messages", [])]


class LogWatch:
    """Reads what the bot's services wrote to their logs since the watch started."""

    def __init__(self, log_dir: Path, names: tuple[str, ...] = ("rasa", "actions")) -> None:
        self.paths = [log_dir / f"{name}.log" for name in names]
        self.offsets = {path: path.stat().st_size if path.exists() else 0 for path in self.paths}

    def new_text(self) -> dict[str, str]:
        text: dict[str, str] = {}
        for path in self.paths:
            with path.open("rb") as handle:
                handle.seek(self.offsets[path])
                text[path.name] = handle.read().decode("utf-8", errors="replace")
        return text

    def problems(self) -> list[str]:
        """Lines that look like an error or a traceback, with the log they are in."""
        return [
            f"{name}: {line}"
            for name, text in self.new_text().items()
            for line in text.splitlines()
            if LOG_PROBLEM.search(line)
        ]


def run_rasa(settings: Settings, *args: str, timeout: int = RASA_TIMEOUT_S) -> str:
    """Run a ``rasa`` command in the repository; returns its output, fails the test on error."""
    result = subprocess.run(
        [str(rasa_executable(settings)), *args],
        cwd=ROOT,
        # One encoder thread, as the served bot has: a thread per core collapses on a busy
        # machine (docs/performance.md) and `rasa test` then runs past its timeout.
        env=rasa_environment(settings, extra={"OMP_NUM_THREADS": str(settings.encoder_threads)}),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"rasa {' '.join(args)} failed:\n{output[-4000:]}"
    return output


def run_story_tests(settings: Settings, model: Path, stories: str, out: Path) -> str:
    """Rasa's conversation tests for ``stories``; any wrong prediction fails the test."""
    return run_rasa(
        settings,
        "test",
        "core",
        "--model",
        str(model),
        "--stories",
        stories,
        "--endpoints",
        "endpoints.yml",
        "--fail-on-prediction-errors",
        "--out",
        str(out),
    )
