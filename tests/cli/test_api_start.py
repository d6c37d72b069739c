"""``closedloop api`` starts while the database is down and becomes ready when it returns."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from tests.conftest import POSTGRES_ADMIN_URL


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _wait_for(url: str, wanted: int, seconds: float) -> int | None:
    deadline = time.monotonic() + seconds
    status = None
    while time.monotonic() < deadline:
        status = _status(url)
        if status == wanted:
            return status
        time.sleep(0.3)
    return status


@pytest.fixture
def admin() -> Iterator[Engine]:
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not reachable"
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_api_starts_without_its_database_and_recovers(admin: Engine, tmp_path: Path) -> None:
    name = f"closedloop_test_late_{uuid.uuid4().hex[:8]}"
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"  # does not exist yet
    port = _free_port()
    env = {
        **os.environ,
        "CLOSEDLOOP_DATABASE_URL": url,
        "CLOSEDLOOP_DATA_DIR": str(tmp_path),
        "CLOSEDLOOP_API_KEY_PEPPER": "test-pepper",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "closedloop.cli", "api", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    engine = admin
    try:
        assert _wait_for(f"{base}/healthz", 200, 60) == 200
        assert _status(f"{base}/readyz") == 503
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        assert _wait_for(f"{base}/readyz", 200, 30) == 200
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    assert "Traceback" not in output, output
