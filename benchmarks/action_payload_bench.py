"""What one action call costs our action server, by conversation length, with and without
the domain (a script, not part of the test suite).

Starts ``python -m bot.actions.server`` on a free port and posts ``action_validate_slot_mappings``
(the action Rasa calls on every turn) the way Rasa 3.6 does: the session's events, 7 a turn
like a support answer, and the domain as Rasa serialises it (read with Rasa's own ``Domain``
in ``.venv-rasa``) or, with ``enable_selective_domain``, no domain. Prints the payload size
and the median round trip of 15 calls each.

    nice .venv/bin/python benchmarks/action_payload_bench.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from closedloop.ports import free_port

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_AS_RASA_SENDS = (
    "import json; from rasa.shared.core.domain import Domain; "
    "print(json.dumps(Domain.load('domain.yml').as_dict()))"
)


def rasa_domain() -> dict[str, Any]:
    output = subprocess.run(
        [str(ROOT / ".venv-rasa" / "bin" / "python"), "-c", DOMAIN_AS_RASA_SENDS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    domain: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return domain


def turn(number: int, intents: list[str]) -> list[dict[str, Any]]:
    ranking = [{"name": name, "confidence": 0.05} for name in intents[:10]]
    parse = {"intent": ranking[0], "entities": [], "text": f"message {number}"}
    action = {"event": "action", "timestamp": float(number), "policy": "RulePolicy"}
    return [
        {
            "event": "user",
            "timestamp": float(number),
            "text": f"message {number}: where is my order?",
            "parse_data": parse | {"intent_ranking": ranking, "message_id": "x" * 32},
            "input_channel": "rest",
            "metadata": {"model_id": "m" * 32},
        },
        action | {"name": "action_extract_slots"},
        action | {"name": "utter_refund"},
        {"event": "bot", "timestamp": float(number), "text": "A support answer. " * 8},
        action | {"name": "action_support_followup"},
        {"event": "slot", "timestamp": float(number), "name": "csat_offered", "value": False},
        action | {"name": "action_listen"},
    ]


def payload(turns: int, domain: dict[str, Any] | None, intents: list[str]) -> bytes:
    events: list[dict[str, Any]] = [{"event": "session_started", "timestamp": 0.0}]
    for number in range(turns):
        events += turn(number, intents)
    tracker = {
        "sender_id": "bench",
        "slots": {"language": "en"},
        "latest_message": events[-7]["parse_data"],
        "events": events,
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    body: dict[str, Any] = {
        "next_action": "action_validate_slot_mappings",
        "sender_id": "bench",
        "tracker": tracker,
        "version": "3.6.21",
    }
    if domain is not None:
        body["domain"] = domain
    return json.dumps(body).encode()


def main() -> None:
    domain = rasa_domain()
    intents = [i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.actions.server", "--port", str(port)],
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        print(f"cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.1f}")
        print(f"{'turns':>5} {'domain':>7} {'payload kB':>11} {'median ms':>10}")
        with httpx.Client(timeout=60) as client:
            for turns in (5, 40, 200):
                for with_domain in (True, False):
                    body = payload(turns, domain if with_domain else None, intents)
                    times = []
                    for _ in range(15):
                        started = time.perf_counter()
                        reply = client.post(
                            f"{url}/webhook",
                            content=body,
                            headers={"Content-Type": "application/json"},
                        )
                        times.append(time.perf_counter() - started)
                        reply.raise_for_status()
                    print(
                        f"{turns:>5} {'sent' if with_domain else 'no':>7} "
                        f"{len(body) / 1024:>11.0f} {statistics.median(times) * 1000:>10.1f}"
                    )
        print(f"load average: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
