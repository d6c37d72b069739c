"""Small helpers several test folders share (test code only, never imported by the product)."""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def free_port() -> int:
    """A TCP port that is free right now (for tests that start real servers)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
