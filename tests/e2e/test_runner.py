"""The runner without Rasa: a fake ``rasa`` executable stands in, so these tests are fast.

The real thing (training, serving, chatting) is covered by test_chat_to_api.py.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from closedloop import runner
from closedloop.nlu_encoder import DEFAULT_OUTPUT
from closedloop.nlu_encoder import checksum as encoder_checksum
from closedloop.ports import free_port
from closedloop.runner import (
    RunnerError,
    ServiceDied,
    build_services,
    ensure_model,
    model_fingerprint,
    settings_environment,
    start_services,
)
from feedback_api.settings import Settings
from tests.helpers import ROOT

FAKE_RASA = f"""#!{sys.executable}
# Records each call; `train` writes a model unless FAIL_TRAIN is set; `run` dies at once.
# Also the venv's `python`, called as `python -m bot.rasa_run <rasa arguments>`.
import os, sys
from pathlib import Path
args = sys.argv[1:]
if args[:2] == ["-m", "bot.rasa_run"]:
    args = args[2:]
log = Path(__file__).with_name("calls.log")
with log.open("a") as f:
    f.write(" ".join(args) + "\\n")
if args[0] == "train":
    if os.environ.get("FAIL_TRAIN"):
        sys.exit(2)
    out = Path(args[args.index("--out") + 1])
    (out / "closedloop.tar.gz").write_bytes(b"model")
    sys.exit(0)
print("boom: the fake Rasa server refuses to start", flush=True)
sys.exit(3)
"""


@pytest.fixture
def bot_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the bot's files, so tests can edit them."""
    root = tmp_path / "repo"
    (root / "bot").mkdir(parents=True)
    shutil.copytree(runner.BOT_DATA, root / "bot" / "data")
    shutil.copytree(runner.BOT_COMPONENTS, root / "bot" / "components")
    for name in ("config.yml", "domain.yml"):
        shutil.copy(runner.ROOT / name, root / name)
    monkeypatch.setattr(runner, "ROOT", root)
    monkeypatch.setattr(runner, "CONFIG", root / "config.yml")
    monkeypatch.setattr(runner, "DOMAIN", root / "domain.yml")
    monkeypatch.setattr(runner, "BOT_DATA", root / "bot" / "data")
    monkeypatch.setattr(runner, "BOT_COMPONENTS", root / "bot" / "components")
    return root


@pytest.fixture
def fake_settings(tmp_path: Path) -> Settings:
    venv = tmp_path / "fake-rasa-venv"
    (venv / "bin").mkdir(parents=True)
    for name in ("rasa", "python"):
        fake = venv / "bin" / name
        fake.write_text(FAKE_RASA, encoding="utf-8")
        fake.chmod(0o755)
    return Settings(
        environment="test",
        data_dir=tmp_path / "var",
        rasa_venv=venv,
        model_dir=tmp_path / "models",
        # The encoder `make setup` builds (ensure_model builds it when missing).
        nlu_encoder_path=ROOT / DEFAULT_OUTPUT,
        rasa_port=free_port(),
        action_port=free_port(),
        api_port=free_port(),
        _env_file=None,  # type: ignore[call-arg]
    )


def _train_calls(settings: Settings) -> int:
    log = settings.rasa_venv / "bin" / "calls.log"
    if not log.exists():
        return 0
    return sum(line.startswith("train") for line in log.read_text().splitlines())


def test_fingerprint_is_stable_and_follows_the_training_data(bot_files: Path) -> None:
    first = model_fingerprint()
    assert first == model_fingerprint()
    assert len(first) == 64
    (bot_files / "bot" / "data" / "nlu" / "en.yml").write_text("changed", encoding="utf-8")
    assert model_fingerprint() != first


def test_fingerprint_follows_the_nlu_encoder(bot_files: Path) -> None:
    # A rebuilt encoder gives other vectors: the bot is trained again on them.
    assert len({model_fingerprint(), model_fingerprint("a" * 64), model_fingerprint("b" * 64)}) == 3


def test_fingerprint_sees_new_files(bot_files: Path) -> None:
    first = model_fingerprint()
    (bot_files / "bot" / "data" / "rules" / "new.yml").write_text("rules: []", encoding="utf-8")
    assert model_fingerprint() != first


def test_fingerprint_follows_the_modules_components_read_text_with(bot_files: Path) -> None:
    # A component's plain helper module (as bot/latin_georgian.py is the Latin-letter
    # Georgian reader's) decides what the model learns: a change to it retrains.
    helper = bot_files / "bot" / "spelling.py"
    helper.write_text("LETTERS = 'abc'\n", encoding="utf-8")
    (bot_files / "bot" / "components" / "speller.py").write_text(
        "from bot.spelling import LETTERS\n", encoding="utf-8"
    )
    first = model_fingerprint()
    helper.write_text("LETTERS = 'abcd'\n", encoding="utf-8")
    assert model_fingerprint() != first
    # A module no component imports is not the model's.
    unrelated = bot_files / "bot" / "replies.py"
    unrelated.write_text("X = 1\n", encoding="utf-8")
    second = model_fingerprint()
    unrelated.write_text("X = 2\n", encoding="utf-8")
    assert model_fingerprint() == second


def test_ensure_model_trains_only_when_needed(bot_files: Path, fake_settings: Settings) -> None:
    model = ensure_model(fake_settings)
    assert model == fake_settings.model_dir / "closedloop.tar.gz"
    assert model.is_file()
    assert (fake_settings.model_dir / "closedloop.fingerprint").read_text().strip() == (
        model_fingerprint(encoder_checksum(fake_settings.nlu_encoder_path))
    )
    assert _train_calls(fake_settings) == 1

    ensure_model(fake_settings)
    assert _train_calls(fake_settings) == 1  # unchanged: reused

    ensure_model(fake_settings, force=True)
    assert _train_calls(fake_settings) == 2

    (bot_files / "domain.yml").write_text("version: '3.1'\n", encoding="utf-8")
    ensure_model(fake_settings)
    assert _train_calls(fake_settings) == 3

    model.unlink()
    ensure_model(fake_settings)
    assert _train_calls(fake_settings) == 4


def test_ensure_model_passes_the_bot_files_to_rasa(
    bot_files: Path, fake_settings: Settings
) -> None:
    ensure_model(fake_settings)
    (call,) = (fake_settings.rasa_venv / "bin" / "calls.log").read_text().splitlines()
    assert call.split() == [
        "train",
        "--config",
        str(bot_files / "config.yml"),
        "--domain",
        str(bot_files / "domain.yml"),
        "--data",
        str(bot_files / "bot" / "data"),
        "--out",
        str(fake_settings.model_dir),
        "--fixed-model-name",
        "closedloop",
    ]


def test_failed_training_leaves_no_fingerprint(
    bot_files: Path, fake_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIL_TRAIN", "1")
    with pytest.raises(RunnerError, match="rasa train` failed"):
        ensure_model(fake_settings)
    assert not (fake_settings.model_dir / "closedloop.fingerprint").exists()


def test_missing_rasa_venv_says_how_to_fix_it(tmp_path: Path) -> None:
    settings = Settings(rasa_venv=tmp_path / "nowhere", _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(RunnerError, match="make setup"):
        ensure_model(settings)


def test_children_get_the_callers_settings(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        cors_origins=["https://a.example", "https://b.example"],
        api_key_pepper="pepper",  # type: ignore[arg-type]
        company_name="Globex",
        _env_file=None,  # type: ignore[call-arg]
    )
    env = settings_environment(settings)
    assert env["CLOSEDLOOP_COMPANY_NAME"] == "Globex"
    assert env["CLOSEDLOOP_CORS_ORIGINS"] == "https://a.example,https://b.example"
    assert env["CLOSEDLOOP_API_KEY_PEPPER"] == "pepper"
    assert env["CLOSEDLOOP_DATA_DIR"] == str(tmp_path)
    assert env["CLOSEDLOOP_DATABASE_URL"] == settings.sqlalchemy_url
    assert "CLOSEDLOOP_OUTBOX_DIR" not in env
    # Read back, they give the same settings.
    again = Settings(**{k.removeprefix("CLOSEDLOOP_").lower(): v for k, v in env.items()})
    assert again.cors_origins == settings.cors_origins
    assert again.sqlalchemy_url == settings.sqlalchemy_url


def test_a_service_that_dies_at_start_is_named_and_the_others_stopped(
    fake_settings: Settings, tmp_path: Path
) -> None:
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"model")
    started = []
    with pytest.raises(ServiceDied) as excinfo:
        with start_services(fake_settings, model=model, api=False, timeout=60) as running:
            started.append(running)
    assert started == []
    message = str(excinfo.value)
    assert message.startswith("Rasa server exited with code 3")
    assert "boom: the fake Rasa server refuses to start" in message
    assert excinfo.value.service.log_path == fake_settings.data_dir.resolve() / "logs/rasa.log"
    # The action server, which did start, was stopped on the way out.
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{fake_settings.action_port}/health", timeout=2)


def test_rasa_gets_the_auth_token_and_the_health_check_sends_it(
    fake_settings: Settings, tmp_path: Path
) -> None:
    settings = fake_settings.model_copy(update={"rasa_token": SecretStr("s3cr/t")})
    services, running = build_services(settings, model=tmp_path / "m.tar.gz", api=True)
    rasa = next(service for service in services if service.name == "Rasa server")
    assert rasa.command[rasa.command.index("--auth-token") + 1] == "s3cr/t"
    assert rasa.health_url.endswith("/status?token=s3cr%2Ft")
    assert rasa.env["ACTION_ENDPOINT_URL"] == f"http://127.0.0.1:{settings.action_port}/webhook"
    assert rasa.env["RASA_TRACKER_DB"].endswith("rasa_tracker.db")
    assert [service.name for service in services] == ["action server", "Rasa server", "API"]
    assert running.describe()[0] == (
        f"Rasa REST channel: http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook"
    )


def test_each_rasa_server_gets_one_encoder_thread_by_default(
    fake_settings: Settings, tmp_path: Path
) -> None:
    services, _ = build_services(fake_settings, model=tmp_path / "m.tar.gz", api=False)
    rasa = next(service for service in services if service.name == "Rasa server")
    assert rasa.env["OMP_NUM_THREADS"] == "1"
    more = fake_settings.model_copy(update={"encoder_threads": 2})
    services, _ = build_services(more, model=tmp_path / "m.tar.gz", api=False)
    assert services[1].env["OMP_NUM_THREADS"] == "2"


def test_production_mode_runs_several_rasa_servers_on_postgresql_and_redis(
    fake_settings: Settings, tmp_path: Path
) -> None:
    settings = fake_settings.model_copy(
        update={
            "rasa_processes": 2,
            "api_workers": 3,
            "rasa_tracker_db_url": "postgresql://rasa:p%40ss@db.internal:5433/conversations",
            "redis_url": "redis://:pw@cache.internal:6380/2",
        }
    )
    services, running = build_services(
        settings, model=tmp_path / "m.tar.gz", api=True, production=True
    )
    assert [service.name for service in services] == [
        "sentiment service",
        "action server 1",
        "Rasa server 1",
        "action server 2",
        "Rasa server 2",
        "API",
    ]
    first, second = services[2], services[4]
    assert first.command[first.command.index("--endpoints") + 1].endswith(
        "bot/endpoints.production.yml"
    )
    assert second.command[second.command.index("--port") + 1] == str(settings.rasa_port + 1)
    # Each Rasa server has its own action server.
    assert second.env["ACTION_ENDPOINT_URL"] == (
        f"http://127.0.0.1:{settings.action_port + 1}/webhook"
    )
    assert {key: first.env[key] for key in first.env if key.startswith("RASA_TRACKER_DB_")} == {
        "RASA_TRACKER_DB_HOST": "db.internal",
        "RASA_TRACKER_DB_PORT": "5433",
        "RASA_TRACKER_DB_NAME": "conversations",
        "RASA_TRACKER_DB_USER": "rasa",
        "RASA_TRACKER_DB_PASSWORD": "p@ss",
    }
    assert (first.env["RASA_REDIS_HOST"], first.env["RASA_REDIS_PORT"]) == (
        "cache.internal",
        "6380",
    )
    assert (first.env["RASA_REDIS_PASSWORD"], first.env["RASA_REDIS_DB"]) == ("pw", "2")
    api = services[-1].command
    assert api[api.index("--workers") + 1] == "3"
    assert len(running.webhook_urls) == 2
    # One sentiment service holds the model; the action servers and API workers ask it.
    sentiment = services[0]
    assert sentiment.command[sentiment.command.index("--port") + 1] == str(settings.sentiment_port)
    assert sentiment.health_url == f"http://127.0.0.1:{settings.sentiment_port}/healthz"
    assert "CLOSEDLOOP_SENTIMENT_URL" not in sentiment.env
    # Half the cores for the model, the rest for the API, Rasa and the database.
    assert sentiment.env["CLOSEDLOOP_SENTIMENT_THREADS"] == str(max(1, (os.cpu_count() or 1) // 2))
    kept = settings.model_copy(update={"sentiment_threads": 3})
    assert (
        build_services(kept, model=tmp_path / "m.tar.gz", production=True)[0][0].env[
            "CLOSEDLOOP_SENTIMENT_THREADS"
        ]
        == "3"
    )
    for service in services[1:]:
        if not service.name.startswith("Rasa"):
            assert service.env["CLOSEDLOOP_SENTIMENT_URL"] == (
                f"http://127.0.0.1:{settings.sentiment_port}"
            )
    assert running.describe()[-2] == f"Sentiment service: {running.sentiment_url}"


@pytest.mark.parametrize(
    "update",
    [{"sentiment_backend": "textblob"}, {"sentiment_url": "http://scoring.internal:9000"}],
    ids=["textblob: scored in place", "a service of the user's own"],
)
def test_production_mode_starts_no_sentiment_service_when_none_is_needed(
    fake_settings: Settings, tmp_path: Path, update: dict[str, str]
) -> None:
    settings = fake_settings.model_copy(
        update={
            **update,
            "rasa_tracker_db_url": "postgresql://rasa@db.internal/conversations",
            "redis_url": "redis://cache.internal:6379/0",
        }
    )
    services, running = build_services(settings, model=tmp_path / "m.tar.gz", production=True)
    assert "sentiment service" not in [service.name for service in services]
    for service in services:
        if not service.name.startswith("Rasa"):
            assert service.env.get("CLOSEDLOOP_SENTIMENT_URL") == update.get("sentiment_url")
    assert running.sentiment_url == update.get("sentiment_url")


def test_production_mode_without_a_conversation_database_says_what_to_set(
    fake_settings: Settings, tmp_path: Path
) -> None:
    with pytest.raises(RunnerError, match="CLOSEDLOOP_RASA_TRACKER_DB_URL"):
        build_services(fake_settings, model=tmp_path / "m.tar.gz", production=True)
