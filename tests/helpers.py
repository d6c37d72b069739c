"""Small helpers several test folders share (test code only, never imported by the product)."""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

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


_PORTS_FROM = 10_000
_handed_out: set[int] = set()


def _outgoing_ports_start() -> int:
    """The first port the kernel gives outgoing connections (Linux's default 32768)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive TCP ports that are free right now, for tests that
    start real servers (production mode runs Rasa servers on consecutive ports).

    Below the ports the kernel gives outgoing connections: one from there (``bind`` to 0)
    may be taken by a client connection, Rasa's to PostgreSQL or a health check, before the
    server binds it, and a second Rasa server once failed to start so ("address already in
    use"). Never the same port twice in one test run.
    """
    end = _outgoing_ports_start() - count
    for _ in range(1_000):
        first = random.randrange(_PORTS_FROM, end)
        ports = range(first, first + count)
        if _handed_out.isdisjoint(ports) and all(_bindable(port) for port in ports):
            _handed_out.update(ports)
            return first
    raise RuntimeError(f"no {count} consecutive free ports under {end + count}")


def free_port() -> int:
    """A TCP port that is free right now (:func:`free_ports`)."""
    return free_ports(1)


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
