"""A turn's tracker-store cost at turn 5 and turn 200: Rasa's SQL store vs ours (Rasa's Python).

Writes one 200-turn conversation (7 events a turn, like a support answer) into a fresh SQLite
file through each store, a turn at a time as the Rasa server does (``retrieve``, add the
turn's events, ``save``), and prints the median ``retrieve`` and ``save`` of turns 5-9 and
196-200, with the size of what Rasa then sends to the action server on each call.

    PYTHONPATH=. .venv-rasa/bin/python benchmarks/tracker_store_bench.py
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.tracker_store import CachingSQLTrackerStore

TURNS = 200
EARLY, LATE = range(4, 9), range(TURNS - 5, TURNS)


def turn_events(domain: Domain, number: int) -> list[Event]:
    """One support turn's events, with a parse result the size our NLU writes."""
    intents = list(domain.intents)[:10]
    ranking = [{"name": name, "confidence": 0.05} for name in intents]
    intent = {"name": intents[0], "confidence": 0.9}
    parse = {"intent": intent, "entities": [], "text": f"message {number}"}
    return [
        UserUttered(
            f"message {number}: where is my order?",
            intent,
            [],
            parse | {"intent_ranking": ranking},
            input_channel="rest",
            metadata={"model_id": "m" * 32},
        ),
        ActionExecuted("action_extract_slots"),
        ActionExecuted("utter_refund", policy="RulePolicy", confidence=1.0),
        BotUttered("A support answer of a few sentences. " * 4, metadata={"utter_action": "x"}),
        ActionExecuted("action_support_followup", policy="RulePolicy", confidence=1.0),
        SlotSet("csat_offered", False),
        ActionExecuted("action_listen", policy="RulePolicy", confidence=1.0),
    ]


async def conversation(store: Any, domain: Domain) -> dict[str, Any]:
    start = [ActionExecuted("action_session_start"), SessionStarted(), SlotSet("language", "en")]
    await store.save(DialogueStateTracker.from_events("s", start, domain.slots))
    found: dict[str, Any] = {"early": [], "late": []}
    for number in range(TURNS):
        started = time.perf_counter()
        tracker = await store.retrieve("s")
        read = time.perf_counter() - started
        for event in turn_events(domain, number):
            tracker.update(event)
        started = time.perf_counter()
        await store.save(tracker)
        wrote = time.perf_counter() - started
        for phase, turns in (("early", EARLY), ("late", LATE)):
            if number in turns:
                payload = len(json.dumps(tracker.current_state(EventVerbosity.ALL)))
                found[phase].append((read, wrote, payload))
    return found


async def main() -> None:
    domain = Domain.load(Path(__file__).resolve().parents[1] / "domain.yml")
    print(f"cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.1f}")
    print(f"{'store':<24} {'turns':<8} {'retrieve ms':>12} {'save ms':>9} {'tracker sent':>13}")
    for name, make, options in (
        ("Rasa SQLTrackerStore", SQLTrackerStore, {}),
        ("ours (caching)", CachingSQLTrackerStore, {}),
        ("ours (history_turns 20)", CachingSQLTrackerStore, {"history_turns": 20}),
    ):
        with tempfile.TemporaryDirectory() as folder:
            path = str(Path(folder) / "tracker.db")
            store = make(domain, dialect="sqlite", db=path, **options)
            found = await conversation(store, domain)
        for phase, label in (("early", "5-9"), ("late", f"{TURNS - 4}-{TURNS}")):
            rows = found[phase]
            print(
                f"{name:<24} {label:<8} {statistics.median(r[0] for r in rows) * 1000:>12.1f} "
                f"{statistics.median(r[1] for r in rows) * 1000:>9.1f} "
                f"{rows[-1][2] / 1024:>10.0f} kB"
            )
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    asyncio.run(main())
