"""Where a chat turn's time goes, inside Rasa (run with Rasa's Python, not ours).

Loads the trained model in-process with the tracker store and action endpoint of an
endpoints file, wraps Rasa's own steps with wall-clock timers (each graph node -- the NLU
components and the policies --, tracker store reads and writes, each action call, the lock)
and sends the same short conversations as the chat benchmark. Wall-clock, not cProfile:
Rasa is asyncio, and cProfile does not count the time a coroutine waits on the action server.

    # the action server must be running (closedloop run, or benchmarks/chat_bench.py does it)
    .venv-rasa/bin/python benchmarks/profile_turn.py --model models/closedloop.tar.gz \
        --actions http://127.0.0.1:5055/webhook --tracker-db /tmp/t.db --conversations 20

``--tracker-db`` unset profiles Rasa's in-memory tracker store instead of SQLite.
``--store caching`` profiles our ``bot.tracker_store.CachingSQLTrackerStore`` on that file
instead of Rasa's ``SQLTrackerStore``. ``--turns 200`` makes each conversation 200 turns
long and prints the steps of turns 3-12 beside those of the last ten turns (where a long
conversation's time goes).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from harness import nearest_rank

TURNS = ["hi", "where is my order 4711?", "I want a refund", "thanks", "bye"]
timings: dict[str, list[float]] = defaultdict(list)
# While a long conversation is profiled: the timings of turns 3-12 and of the last ten.
phases: dict[str, dict[str, list[float]]] = {}


def _timed_sync(label: Callable[..., str], function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            timings[label(*args, **kwargs)].append(time.perf_counter() - started)

    return wrapper


def _timed_async(
    label: Callable[..., str], function: Callable[..., Awaitable[Any]]
) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(function)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await function(*args, **kwargs)
        finally:
            timings[label(*args, **kwargs)].append(time.perf_counter() - started)

    return wrapper


def instrument(caching_store: bool) -> None:
    """Wrap Rasa's steps with timers (a measuring tool: nothing else changes)."""
    from rasa.core import actions as _actions  # noqa: F401
    from rasa.core.actions.action import RemoteAction
    from rasa.core.actions.forms import FormAction
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import TrackerStore
    from rasa.engine.graph import GraphNode

    GraphNode.__call__ = _timed_sync(  # type: ignore[method-assign]
        lambda self, *a, **k: f"graph node {self._node_name}", GraphNode.__call__
    )
    RemoteAction.run = _timed_async(  # type: ignore[method-assign]
        lambda self, *a, **k: f"action call {self.name()}", RemoteAction.run
    )
    FormAction.run = _timed_async(  # type: ignore[method-assign]
        lambda self, *a, **k: f"form (incl. validate call) {self.name()}", FormAction.run
    )
    for name in ("parse_message", "fetch_tracker_and_update_session", "save_tracker"):
        setattr(
            MessageProcessor,
            name,
            _timed_async(
                lambda self, *a, _n=name, **k: f"processor {_n}", getattr(MessageProcessor, name)
            ),
        )
    MessageProcessor.predict_next_with_tracker = _timed_sync(  # type: ignore[method-assign]
        lambda self, *a, **k: "processor predict_next_with_tracker (policies)",
        MessageProcessor.predict_next_with_tracker,
    )
    stores = TrackerStore.__subclasses__()
    if caching_store:
        from bot.tracker_store import CachingSQLTrackerStore

        stores.append(CachingSQLTrackerStore)
    for cls in stores:
        for name in ("retrieve", "save"):
            if name in cls.__dict__:
                setattr(
                    cls,
                    name,
                    _timed_async(
                        lambda self, *a, _c=cls.__name__, _n=name, **k: f"tracker store {_c}.{_n}",
                        cls.__dict__[name],
                    ),
                )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--actions", required=True, help="the action server's webhook URL")
    parser.add_argument("--tracker-db", help="SQLite file for Rasa's SQL tracker store")
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--turns", type=int, default=len(TURNS), help="turns per conversation")
    parser.add_argument("--store", choices=("rasa", "caching"), default="rasa")
    parser.add_argument(
        "--history-turns",
        type=int,
        default=0,
        help="with --store caching: hand Rasa the last N user turns (endpoints.yml: 10)",
    )
    parser.add_argument(
        "--transcript-turns",
        type=int,
        default=0,
        help="with --history-turns: user turns whose messages travel as text (endpoints.yml: 20)",
    )
    parser.add_argument(
        "--selective-domain",
        action="store_true",
        help="send the domain only to actions that need it (endpoints.yml does)",
    )
    parser.add_argument(
        "--reply-check-once",
        action="store_true",
        help="Rasa with bot/rasa_run.py's fixes, as served: action replies checked with a "
        "validator built once, the language check skipped where it changes nothing, action "
        "calls over kept-alive connections; without it, Rasa's own code",
    )
    args = parser.parse_args()

    # As `rasa run` does before serving: structlog filtered at LOG_LEVEL (INFO unless set).
    # Left unconfigured, structlog prints every debug event, which no served turn does.
    from rasa.utils.log_utils import configure_structlog

    configure_structlog()
    if args.reply_check_once:
        from bot import rasa_run

        rasa_run.install()
    instrument(args.store == "caching")
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    store_type = "SQL" if args.store == "rasa" else "bot.tracker_store.CachingSQLTrackerStore"
    sql: dict[str, object] = {"type": store_type, "dialect": "sqlite", "db": args.tracker_db}
    if args.store == "caching":
        sql["history_turns"] = args.history_turns
        sql["transcript_turns"] = args.transcript_turns
    endpoints = AvailableEndpoints(
        action=EndpointConfig(args.actions, enable_selective_domain=args.selective_domain),
        tracker_store=EndpointConfig(**sql) if args.tracker_db else None,
    )
    agent = await load_agent(model_path=args.model, endpoints=endpoints)
    store = agent.tracker_store
    assert store is not None
    store_name = type(getattr(store, "_tracker_store", store)).__name__

    # One warm-up conversation, not counted.
    for text in TURNS:
        await agent.handle_message(UserMessage(text, CollectingOutputChannel(), "warmup"))
    timings.clear()
    turn_times: list[float] = []
    empty = 0
    long = args.turns > 12
    early, late = range(2, 12), range(args.turns - 10, args.turns)
    phase_turns: dict[str, list[float]] = {"turns 3-12": [], "last 10 turns": []}
    by_text: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.conversations):
        sender = uuid.uuid4().hex
        for number in range(args.turns):
            timings.clear()
            started = time.perf_counter()
            replies = await agent.handle_message(
                UserMessage(TURNS[number % len(TURNS)], CollectingOutputChannel(), sender)
            )
            elapsed = time.perf_counter() - started
            empty += not replies
            turn_times.append(elapsed)
            by_text[TURNS[number % len(TURNS)]].append(elapsed)
            for phase, turns_of_phase in (("turns 3-12", early), ("last 10 turns", late)):
                if long and number in turns_of_phase:
                    phase_turns[phase].append(elapsed)
                    for label, samples in timings.items():
                        phases.setdefault(phase, defaultdict(list))[label] += samples
            if not long:
                for label, samples in timings.items():
                    phases.setdefault("all turns", defaultdict(list))[label] += samples
    if not long:
        phase_turns = {"all turns": turn_times}
    print(
        f"cores: {os.cpu_count()}  turns: {len(turn_times)}  store: {store_name}  "
        f"empty replies: {empty}  load average: {os.getloadavg()[0]:.1f}"
    )
    for phase, times in phase_turns.items():
        report(phase, times, phases.get(phase, {}))
    report_by_text(by_text)


def report(phase: str, turn_times: list[float], steps: dict[str, list[float]]) -> None:
    """One table: the whole turn, then each step by its share of the turn."""
    turns = len(turn_times)
    print(f"\n{phase}")
    print(f"{'step':<70} {'calls/turn':>10} {'ms/turn':>9} {'ms/call':>9}")
    total = sum(turn_times)
    print(f"{'whole turn (agent.handle_message)':<70} {1:>10.2f} {total / turns * 1000:>9.2f}")
    for label, samples in sorted(steps.items(), key=lambda item: -sum(item[1])):
        per_turn = sum(samples) / turns * 1000
        if per_turn < 0.05:
            continue
        print(
            f"{label[:70]:<70} {len(samples) / turns:>10.2f} {per_turn:>9.2f} "
            f"{sum(samples) / len(samples) * 1000:>9.2f}"
        )


def report_by_text(by_text: dict[str, list[float]]) -> None:
    """Each message of the conversation: its turns' p50 and p95 (which turns make the tail)."""
    print(f"\n{'message':<40} {'turns':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for text, times in by_text.items():
        p50, p95 = (nearest_rank(times, q) * 1000 for q in (0.5, 0.95))
        print(f"{text[:40]:<40} {len(times):>6} {p50:>8.2f} {p95:>8.2f}")


if __name__ == "__main__":
    asyncio.run(main())
