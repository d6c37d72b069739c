"""The whole loop: a customer chats with the real Rasa bot, an agent and a marketer see it.

Starts the real Rasa server (its own virtualenv) and the real action server on free ports
against a fresh SQLite database, trains the model first if the bot's files changed (kept in
the repo's ``models/`` so later runs reuse it), and reads the results through the real API.
Also runs ``rasa data validate`` and the conversation tests in ``tests/test_stories.yml``.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from feedback_api.api.main import create_app
from feedback_api.db import make_engine, session_factory
from feedback_api.migrate import upgrade
from feedback_api.models import Role
from feedback_api.runner import (
    ROOT,
    RunningServices,
    ensure_model,
    free_port,
    rasa_environment,
    rasa_executable,
    start_services,
)
from feedback_api.settings import Settings
from feedback_api.storage.keys import create_key

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

METADATA = {"customer_id": "c-42", "campaign": "spring", "language": "en"}
ANGRY = "The delivery was late and support was rude, terrible experience"
RASA_TIMEOUT_S = 240


@pytest.fixture(scope="session")
def e2e_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir = tmp_path_factory.mktemp("e2e")
    settings = Settings(
        environment="test",
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'closedloop.db'}",
        rasa_venv=ROOT / ".venv-rasa",
        # Shared with development runs so an unchanged bot is not retrained; engineers
        # training different bots at once point this elsewhere.
        model_dir=Path(os.environ.get("CLOSEDLOOP_TEST_MODEL_DIR", ROOT / "models")),
        rasa_port=free_port(),
        action_port=free_port(),
        api_port=free_port(),
        api_key_pepper="e2e-pepper",  # type: ignore[arg-type]
        _env_file=None,  # type: ignore[call-arg]
    )
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


@pytest.fixture
def api(e2e_settings: Settings) -> Iterator[tuple[TestClient, dict[str, str], dict[str, str]]]:
    """The real API on the bot's database, with an agent key and a marketer key."""
    engine = make_engine(e2e_settings.sqlalchemy_url)
    pepper = e2e_settings.api_key_pepper.get_secret_value()
    with session_factory(engine)() as session:
        agent = create_key(session, name="e2e-agent", role=Role.AGENT, pepper=pepper)
        marketer = create_key(session, name="e2e-marketer", role=Role.MARKETER, pepper=pepper)
        session.commit()
    app = create_app(e2e_settings, engine=engine)
    with TestClient(app) as client:
        yield (
            client,
            {"Authorization": f"Bearer {agent.secret}"},
            {"Authorization": f"Bearer {marketer.secret}"},
        )
    engine.dispose()


def say(
    bot: RunningServices, sender: str, text: str, metadata: dict[str, Any] | None = None
) -> list[str]:
    """Send one message through Rasa's REST channel; returns the bot's texts."""
    body: dict[str, Any] = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    reply = httpx.post(bot.webhook_url, json=body, timeout=60)
    reply.raise_for_status()
    bot.check()
    return [message.get("text", "") for message in reply.json()]


def _rasa(settings: Settings, *args: str, timeout: int = RASA_TIMEOUT_S) -> None:
    result = subprocess.run(
        [str(rasa_executable(settings)), *args],
        cwd=ROOT,
        env=rasa_environment(settings),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = (result.stdout + result.stderr)[-4000:]
    assert result.returncode == 0, f"rasa {' '.join(args)} failed:\n{output}"


def test_detractor_chat_reaches_the_agent_and_the_nps(
    bot: RunningServices, api: tuple[TestClient, dict[str, str], dict[str, str]]
) -> None:
    client, agent, marketer = api

    greeting = say(bot, "e2e-detractor", "hi", METADATA)
    assert greeting[0] == "Hi! I'm the Acme Shop assistant."
    assert "how we're doing" in greeting[1]
    question = say(bot, "e2e-detractor", "I want to give feedback")
    assert question == [
        "How likely are you to recommend Acme Shop to a friend or colleague? "
        "(0 = not at all likely, 10 = extremely likely)"
    ]
    assert say(bot, "e2e-detractor", '/inform_score{"score":"3"}') == [
        "What is the main reason for your score?"
    ]
    (thanks,) = say(bot, "e2e-detractor", ANGRY)
    assert thanks.startswith("We're sorry")
    assert "someone from our team may contact you" in thanks.lower()

    page = client.get("/v1/detractors", params={"campaign": "spring"}, headers=agent)
    assert page.status_code == 200, page.text
    (item,) = page.json()["items"]
    assert (item["score"], item["comment"], item["status"]) == (3, ANGRY, "open")
    assert item["sentiment"]["label"] == "negative"
    assert item["customer_id"] == "c-42"
    assert item["priority"] == 1

    detail = client.get(f"/v1/feedback/{item['id']}", headers=agent)
    assert detail.status_code == 200, detail.text
    detail_json = detail.json()
    assert detail_json["response"]["flagged"] is True
    transcript = detail_json["conversation"]["transcript"]
    assert [line["text"] for line in transcript if line["role"] == "user"] == [
        "hi",
        "I want to give feedback",
        "3",
        ANGRY,
    ]

    nps = client.get("/v1/nps", params={"campaign": "spring"}, headers=marketer)
    assert nps.status_code == 200, nps.text
    assert (nps.json()["responses"], nps.json()["detractors"]) == (1, 1)

    # A second customer, typing instead of clicking: a promoter.
    other = {"customer_id": "c-43", "campaign": "spring"}
    say(bot, "e2e-promoter", "can I rate you", other)
    assert say(bot, "e2e-promoter", "10/10") == ["What is the main reason for your score?"]
    assert say(bot, "e2e-promoter", "Fast delivery and friendly people") == [
        "Thank you for your feedback! It helps us get better."
    ]
    report = client.get("/v1/nps", params={"campaign": "spring"}, headers=marketer).json()
    assert (report["responses"], report["promoters"], report["detractors"]) == (2, 1, 1)
    assert report["score"] == 0
    assert report["margin_of_error"] is not None
    assert len(client.get("/v1/detractors", headers=agent).json()["items"]) == 1

    # The first customer comes back: answered recently, so no survey is offered.
    assert say(bot, "e2e-returning", "hello", METADATA)[1:] == ["How can I help you today?"]


def test_skipping_the_survey_is_polite_and_stored_as_dismissed(
    bot: RunningServices, api: tuple[TestClient, dict[str, str], dict[str, str]]
) -> None:
    client, _agent, marketer = api
    metadata = {"campaign": "e2e-skip"}
    say(bot, "e2e-skip", "I want to give feedback", metadata)
    assert say(bot, "e2e-skip", "banana")[0].startswith("Sorry, I didn't catch a score")
    assert say(bot, "e2e-skip", "skip") == ["No problem, thanks for your time!"]
    report = client.get("/v1/nps", params={"campaign": "e2e-skip"}, headers=marketer).json()
    assert report["responses"] == 0
    assert report["dismissed"] == 1


def test_training_data_is_valid(e2e_settings: Settings) -> None:
    _rasa(
        e2e_settings,
        "data",
        "validate",
        "--domain",
        "domain.yml",
        "--data",
        "bot/data",
        "--config",
        "config.yml",
    )


def test_conversation_stories(e2e_settings: Settings, model: Path, tmp_path: Path) -> None:
    _rasa(
        e2e_settings,
        "test",
        "core",
        "--model",
        str(model),
        "--stories",
        "tests/test_stories.yml",
        "--endpoints",
        "endpoints.yml",
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path / "results"),
    )
