"""Small helpers several test folders share (test code only, never imported by the product)."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from closedloop.ports import free_port

if TYPE_CHECKING:
    from feedback_api.settings import Settings
    from sentiment import SentimentAnalyzer

ROOT = Path(__file__).resolve().parents[1]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def model_settings(data_dir: Path) -> Settings:
    """Settings for a test that loads the trained model, on SQLite in ``data_dir``.

    The model directory is the e2e tests' (``CLOSEDLOOP_TEST_MODEL_DIR``, default
    ``models/``), so an unchanged bot is trained once for all of them. Skips the test when
    Rasa's virtualenv is missing.
    """
    from feedback_api.settings import Settings

    settings = Settings(
        environment="test",
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'closedloop.db'}",
        rasa_venv=ROOT / ".venv-rasa",
        model_dir=Path(os.environ.get("CLOSEDLOOP_TEST_MODEL_DIR", ROOT / "models")),
        _env_file=None,  # type: ignore[call-arg]
    )
    if not (settings.rasa_venv / "bin" / "rasa").is_file():
        pytest.skip(f"Rasa is not installed in {settings.rasa_venv} (run `make setup`)")
    return settings


@contextmanager
def serving_sentiment(analyzer: SentimentAnalyzer, port: int | None = None) -> Iterator[str]:
    """Serve ``analyzer`` as the sentiment service until the block ends; yields its URL.

    In a thread of the test process (uvicorn, real HTTP), so a test can count model calls.
    """
    import uvicorn

    from sentiment.service import create_app

    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(analyzer), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the service did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run_in_rasa(script: str, argument: Any) -> Any:
    """Run ``script`` in Rasa's virtualenv (Python 3.10) from the repository root.

    For our code that Rasa itself imports (``bot.components``, ``bot.order_numbers``): the
    script gets ``argument`` as JSON in ``sys.argv[1]`` and prints its result as JSON on its
    last line (Rasa may log before it). Skips the test when Rasa's virtualenv is missing.
    """
    if not RASA_PYTHON.is_file():
        pytest.skip("Rasa's virtualenv is missing (run `make setup`)")
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", script, json.dumps(argument, ensure_ascii=False)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
