"""Chat turns over Rasa's REST channel, side by side (a script, not part of the test suite).

Bots, each started here on free ports and stopped at the end:
- ``ours``: our model, our action server, SQLite tracker store (what ``closedloop run`` serves);
- ``noop``: our model with an action server that answers every action with nothing (a
  bot that says less: no form, no follow-up, fewer predictions a turn);
- ``replay``: our model and our action server behind a proxy that answers each action call
  with what our action server answered the same call of an earlier conversation (the
  warm-up's): the same conversation as ``ours``, so the difference to ``ours`` is what our
  actions' own work costs (their HTTP server, rasa_sdk, our code, the database);
- ``bare``: a ``rasa init``-style starter bot (greet / goodbye / mood, its default pipeline
  and policies) whose tiny domain and data this script writes and trains in a temporary
  folder -- nothing is downloaded.

Each bot gets the same short conversations (``--script support``: five support turns;
``--script survey``: a detractor's NPS survey, stored at every answer) at concurrency 1 and
10 (p50/p95 per turn, turns/s, empty ``200 []`` replies); ``--long`` adds a 200-turn
conversation (turns 3-12 vs 191-200), and the RSS of Rasa and the action server is printed
after the run. ``--memory 10000`` then sends that many more turns (5-turn conversations, 4
at a time) and prints the RSS of each process every tenth of the way, to show whether memory
levels off.
``--production 1,2,4`` runs ``closedloop run --production`` with 1, 2 and 4 Rasa servers
instead (needs PostgreSQL and Redis; ``--tracker-db-url``/``--redis-url``).
``--rounds 5`` starts every bot at once and alternates them, five loads each in turn: on a
shared machine whose speed drifts by a third from one minute to the next, one bot's run
after another's compares the phases more than the bots; alternated, each bot meets the same
phases. It then prints each bot's throughput and p95 against the bare bot's.

    nice .venv/bin/python benchmarks/chat_bench.py --conversations 20
    nice .venv/bin/python benchmarks/chat_bench.py --conversations 20 --rounds 5
    nice .venv/bin/python benchmarks/chat_bench.py --script survey --bots ours,noop --rounds 3
    nice .venv/bin/python benchmarks/chat_bench.py --bots ours --long
    nice .venv/bin/python benchmarks/chat_bench.py --bots ours --concurrency 1 --memory 10000
    nice .venv/bin/python benchmarks/chat_bench.py --production 1,2,4 --conversations 100 \\
        --turns 20 --concurrency 100
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from harness import nearest_rank

from closedloop.ports import free_port
from closedloop.runner import (
    ROOT,
    ensure_model,
    rasa_environment,
    rasa_executable,
    start_services,
)
from feedback_api.migrate import upgrade
from feedback_api.settings import Settings

TURNS = ["hi", "where is my order 4711?", "I want a refund", "thanks", "bye"]
SURVEY_TURNS = [
    "I want to give feedback",
    "3",
    "the parcel came two days late and nobody told me",
    "yes",
    "kim@example.com",
    "bye",
]
"""A detractor's whole NPS survey: the answer is stored at the score and at each further
answer, the reason gets sentiment, and a case is opened (our actions' heaviest turns)."""
SCRIPTS = {"support": TURNS, "survey": SURVEY_TURNS}
STARTUP_TIMEOUT_S = 600.0


@dataclass
class Bot:
    """A running bot: where to send messages and which processes to weigh."""

    name: str
    webhook_urls: list[str]
    pids: dict[str, int]


@dataclass
class Load:
    """What one load run measured."""

    latencies: list[float]
    empty: int
    failed: int
    wall_s: float

    def row(self, label: str) -> str:
        p50, p95 = (nearest_rank(self.latencies, q) * 1000 for q in (0.5, 0.95))
        rate = len(self.latencies) / self.wall_s if self.wall_s else 0.0
        return (
            f"{label:<28} {len(self.latencies):>6} {p50:>9.1f} {p95:>9.1f} "
            f"{rate:>8.2f} {self.empty:>6} {self.failed:>6}"
        )


HEADER = (
    f"{'bot / concurrency':<28} {'turns':>6} {'p50 ms':>9} {'p95 ms':>9} {'turns/s':>8} "
    f"{'empty':>6} {'failed':>6}"
)


def run_load(
    bot: Bot, *, conversations: int, turns: int, concurrency: int, script: list[str] = TURNS
) -> Load:
    """``conversations`` of ``turns`` messages of ``script`` (repeated), ``concurrency`` at a
    time, servers round-robin."""
    latencies: list[float] = []
    counts = {"empty": 0, "failed": 0}
    lock = threading.Lock()
    messages = [script[i % len(script)] for i in range(turns)]

    def conversation(number: int) -> None:
        sender = f"bench-{bot.name}-{uuid.uuid4().hex[:10]}"
        url = bot.webhook_urls[number % len(bot.webhook_urls)]
        with httpx.Client(timeout=120) as client:
            for text in messages:
                started = time.perf_counter()
                try:
                    reply = client.post(url, json={"sender": sender, "message": text})
                    ok, empty = (
                        reply.status_code == 200,
                        reply.status_code == 200 and not reply.json(),
                    )
                except httpx.HTTPError:
                    ok, empty = False, False
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    counts["empty"] += empty
                    counts["failed"] += not ok

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(conversation, range(conversations)))
    return Load(latencies, counts["empty"], counts["failed"], time.perf_counter() - started)


def print_row(name: str, concurrency: int, load: Load) -> None:
    print(f"{load.row(f'{name} / {concurrency}')}  load {os.getloadavg()[0]:.1f}", flush=True)


def combined(loads: list[Load]) -> Load:
    """Several loads of one bot as one: their turns together, over their summed wall time."""
    return Load(
        [latency for load in loads for latency in load.latencies],
        sum(load.empty for load in loads),
        sum(load.failed for load in loads),
        sum(load.wall_s for load in loads),
    )


def against_bare(name: str, load: Load, bare: Load) -> str:
    """The issue's two ratios: throughput (goal >= 0.8x) and p95 (goal <= 1.5x) of the bare bot."""
    rate, bare_rate = (len(x.latencies) / x.wall_s if x.wall_s else 0.0 for x in (load, bare))
    p95, bare_p95 = (nearest_rank(x.latencies, 0.95) for x in (load, bare))
    if not (bare_rate and bare_p95):
        return f"{name} against bare: no bare turns to compare with"
    return f"{name} against bare: throughput {rate / bare_rate:.2f}x, p95 {p95 / bare_p95:.2f}x"


def actions_cost(ours: Load, name: str, other: Load) -> str:
    """Our actions' cost as issue 12 states it (goal <= 1.2x): ours' time a turn over the
    same bot's with ``name`` actions, from throughput."""
    rate, other_rate = (len(x.latencies) / x.wall_s if x.wall_s else 0.0 for x in (ours, other))
    if not rate:
        return f"ours against {name}: no turns of ours to compare"
    return f"ours against {name}: time a turn {other_rate / rate:.2f}x"


def alternate(
    runs: list[tuple[str, AbstractContextManager[Bot]]],
    concurrencies: list[int],
    *,
    rounds: int,
    conversations: int,
    turns: int,
    script: list[str],
) -> None:
    """Every bot started at once, then their loads taken in turn, ``rounds`` times each."""
    with ExitStack() as stack:
        bots = [(name, stack.enter_context(context)) for name, context in runs]
        for _name, bot in bots:
            run_load(bot, conversations=2, turns=len(script), concurrency=1, script=script)
        for concurrency in concurrencies:
            loads: dict[str, list[Load]] = {name: [] for name, _bot in bots}
            for _round in range(rounds):
                for name, bot in bots:
                    loads[name].append(
                        run_load(
                            bot,
                            conversations=conversations,
                            turns=turns,
                            concurrency=concurrency,
                            script=script,
                        )
                    )
            totals = {name: combined(parts) for name, parts in loads.items()}
            for name, load in totals.items():
                print_row(name, concurrency, load)
            if "bare" in totals:
                for name, load in totals.items():
                    if name != "bare":
                        print(f"  {against_bare(name, load, totals['bare'])}", flush=True)
            for name in ("noop", "replay"):
                if "ours" in totals and name in totals:
                    print(f"  {actions_cost(totals['ours'], name, totals[name])}", flush=True)


def long_conversation(bot: Bot, turns: int = 200) -> tuple[float, float]:
    """Median ms of turns 3-12 and of the last ten turns of one long conversation."""
    sender = f"bench-long-{uuid.uuid4().hex[:10]}"
    times: list[float] = []
    with httpx.Client(timeout=120) as client:
        for number in range(turns):
            started = time.perf_counter()
            client.post(
                bot.webhook_urls[0],
                json={"sender": sender, "message": TURNS[number % len(TURNS)]},
            ).raise_for_status()
            times.append(time.perf_counter() - started)
    return statistics.median(times[2:12]) * 1000, statistics.median(times[-10:]) * 1000


def memory_run(bot: Bot, turns: int, concurrency: int) -> None:
    """``turns`` more turns in 5-turn conversations, RSS printed every tenth of the way."""
    step = max(len(TURNS), turns // 10 // len(TURNS) * len(TURNS))
    done = 0
    print(f"{bot.name}: RSS after turns (MB): " + ", ".join(bot.pids), flush=True)
    while done < turns:
        chunk = min(step, turns - done)
        load = run_load(
            bot,
            conversations=max(1, chunk // len(TURNS)),
            turns=len(TURNS),
            concurrency=concurrency,
        )
        done += len(load.latencies)
        sizes = ", ".join(f"{rss_mb(pid):.0f}" for pid in bot.pids.values())
        print(
            f"{bot.name}: {done:>6} turns  RSS {sizes}  ({len(load.latencies) / load.wall_s:.2f} "
            f"turns/s, empty {load.empty}, failed {load.failed}, "
            f"load average {os.getloadavg()[0]:.1f})",
            flush=True,
        )


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (Rasa may fork), in MB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


# --- the bots ------------------------------------------------------------------------------


def bench_settings(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "data_dir": data_dir,
        "database_url": f"sqlite:///{data_dir / 'closedloop.db'}",
        "rasa_port": free_port(),
        "action_port": free_port(),
        "api_port": free_port(),
        **overrides,
    }
    return Settings(_env_file=None, **values)


class _NoopActions(BaseHTTPRequestHandler):
    """An action server that answers every action with no events and no messages."""

    def reply(self, request: bytes) -> tuple[int, bytes]:
        """The status and JSON body answering the action call ``request``."""
        return 200, json.dumps({"events": [], "responses": []}).encode()

    def do_POST(self) -> None:  # http.server's name
        status, body = self.reply(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: one line per action would drown the table."""


def _call_key(call: dict[str, Any]) -> str:
    """What tells one action call of the benchmark's conversations from another: the action,
    the customer's last message, the actions since it and the open form. Every conversation
    follows the same script, so the same call has the same reply."""
    tracker = call.get("tracker") or {}
    events = tracker.get("events") or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    since = sum(event.get("event") == "action" for event in events[last_user + 1 :])
    message = (tracker.get("latest_message") or {}).get("text")
    form = (tracker.get("active_loop") or {}).get("name")
    return json.dumps([call.get("next_action"), message, since, form])


class _ReplayServer(ThreadingHTTPServer):
    """Holds our action server's replies for :class:`_ReplayActions`."""

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _ReplayActions)
        self.upstream = upstream
        self.replies: dict[str, bytes] = {}
        self.forwarded = 0


class _ReplayActions(_NoopActions):
    """Answers an action call with our action server's reply to the same call, asked once."""

    server: _ReplayServer

    def reply(self, request: bytes) -> tuple[int, bytes]:
        key = _call_key(json.loads(request))
        kept = self.server.replies.get(key)
        if kept is not None:
            return 200, kept
        answer = httpx.post(
            self.server.upstream,
            content=request,
            headers={"Content-Type": "application/json"},
            timeout=120,
        )
        self.server.forwarded += 1
        if answer.status_code == 200:
            self.server.replies[key] = answer.content
        return answer.status_code, answer.content


@contextmanager
def our_bot(name: str, work: Path, *, actions: str = "ours", **overrides: Any) -> Iterator[Bot]:
    """Our bot; ``actions`` "ours", "noop" (:class:`_NoopActions`) or "replay"
    (:class:`_ReplayActions` in front of our action server)."""
    settings = bench_settings(work / name, **overrides)
    upgrade(settings.sqlalchemy_url)
    model = ensure_model(settings)
    env: dict[str, str] = {}
    noop_server: ThreadingHTTPServer | None = None
    if actions == "noop":
        noop_server = ThreadingHTTPServer(("127.0.0.1", 0), _NoopActions)
    elif actions == "replay":
        noop_server = _ReplayServer(f"http://127.0.0.1:{settings.action_port}/webhook")
    if noop_server is not None:
        threading.Thread(target=noop_server.serve_forever, daemon=True).start()
        env["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{noop_server.server_port}/webhook"
    production = "rasa_processes" in overrides
    try:
        with start_services(
            settings,
            model=model,
            api=False,
            env=env,
            timeout=STARTUP_TIMEOUT_S,
            production=production,
        ) as running:
            pids = {
                service.name: service.process.pid
                for service in running.services
                if service.process is not None
            }
            yield Bot(name, running.webhook_urls, pids)
    finally:
        if noop_server is not None:
            noop_server.shutdown()
        if isinstance(noop_server, _ReplayServer):
            print(
                f"{name}: {noop_server.forwarded} action calls asked of our action server, "
                f"{len(noop_server.replies)} replies replayed",
                flush=True,
            )


BARE_CONFIG = """recipe: default.v1
assistant_id: bare
language: en
pipeline:
  - name: WhitespaceTokenizer
  - name: RegexFeaturizer
  - name: LexicalSyntacticFeaturizer
  - name: CountVectorsFeaturizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 1
    max_ngram: 4
  - name: DIETClassifier
    epochs: 30
  - name: EntitySynonymMapper
  - name: ResponseSelector
    epochs: 30
  - name: FallbackClassifier
    threshold: 0.3
policies:
  - name: MemoizationPolicy
  - name: RulePolicy
  - name: TEDPolicy
    max_history: 5
    epochs: 30
"""

BARE_DOMAIN = """version: "3.1"
intents: [greet, goodbye, affirm, deny, mood_great, mood_unhappy, bot_challenge]
responses:
  utter_greet: [{text: "Hey! How are you?"}]
  utter_happy: [{text: "Great, carry on!"}]
  utter_cheer_up: [{text: "Here is something to cheer you up."}]
  utter_did_that_help: [{text: "Did that help you?"}]
  utter_goodbye: [{text: "Bye"}]
  utter_iamabot: [{text: "I am a bot."}]
session_config:
  session_expiration_time: 60
  carry_over_slots_to_new_session: true
"""

BARE_NLU = {
    "greet": ["hey", "hello", "hi", "hello there", "good morning", "good evening", "hey there"],
    "goodbye": ["bye", "goodbye", "see you around", "see you later", "have a nice day"],
    "affirm": ["yes", "indeed", "of course", "that sounds good", "correct", "sure"],
    "deny": ["no", "never", "I don't think so", "don't like that", "no way", "not really"],
    "mood_great": ["perfect", "great", "amazing", "feeling like a king", "wonderful", "thanks"],
    "mood_unhappy": ["my day was horrible", "I am sad", "I don't feel very good", "sad"],
    "bot_challenge": ["are you a bot?", "are you a human?", "am I talking to a bot?"],
}

BARE_STORIES = """version: "3.1"
stories:
- story: happy path
  steps:
  - intent: greet
  - action: utter_greet
  - intent: mood_great
  - action: utter_happy
- story: sad path
  steps:
  - intent: greet
  - action: utter_greet
  - intent: mood_unhappy
  - action: utter_cheer_up
  - action: utter_did_that_help
  - intent: affirm
  - action: utter_happy
rules:
- rule: Say goodbye anytime the user says goodbye
  steps:
  - intent: goodbye
  - action: utter_goodbye
- rule: Say 'I am a bot' anytime the user challenges
  steps:
  - intent: bot_challenge
  - action: utter_iamabot
"""


@contextmanager
def bare_bot(work: Path) -> Iterator[Bot]:
    """Write, train and serve the starter bot (in-memory tracker store, no actions)."""
    folder = work / "bare"
    (folder / "data").mkdir(parents=True)
    (folder / "config.yml").write_text(BARE_CONFIG)
    (folder / "domain.yml").write_text(BARE_DOMAIN)
    nlu = ['version: "3.1"', "nlu:"]
    for intent, examples in BARE_NLU.items():
        nlu += [f"- intent: {intent}", "  examples: |"] + [f"    - {e}" for e in examples]
    (folder / "data" / "nlu.yml").write_text("\n".join(nlu) + "\n")
    (folder / "data" / "stories.yml").write_text(BARE_STORIES)
    settings = bench_settings(work / "bare-settings")
    rasa = str(rasa_executable(settings))
    env = rasa_environment(settings)
    subprocess.run(
        [rasa, "train", "--out", "models", "--fixed-model-name", "bare"],
        cwd=folder,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    log = (folder / "rasa.log").open("wb")
    process = subprocess.Popen(
        [rasa, "run", "-m", "models/bare.tar.gz", "--port", str(port), "--enable-api"],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/status", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the bare bot did not start; see {folder / 'rasa.log'}")
            time.sleep(0.5)
        yield Bot(
            "bare", [f"http://127.0.0.1:{port}/webhooks/rest/webhook"], {"Rasa server": process.pid}
        )
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bots", default="ours,noop,bare", help="any of ours,noop,replay,bare")
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--turns", type=int, help="turns a conversation (default: the script's)")
    parser.add_argument(
        "--script",
        choices=sorted(SCRIPTS),
        default="support",
        help="support questions, or a detractor's NPS survey",
    )
    parser.add_argument("--concurrency", default="1,10")
    parser.add_argument("--long", action="store_true", help="also one 200-turn conversation")
    parser.add_argument("--memory", type=int, default=0, help="turns of the memory run")
    parser.add_argument("--production", help="Rasa server counts, e.g. 1,2,4 (PostgreSQL+Redis)")
    parser.add_argument(
        "--tracker-db-url", default="postgresql://postgres@127.0.0.1:5432/closedloop_bench_rasa"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--database-url", help="ClosedLoop's database (default: SQLite)")
    parser.add_argument(
        "--rounds", type=int, default=0, help="start the bots at once and alternate them"
    )
    args = parser.parse_args()
    script = SCRIPTS[args.script]
    args.turns = args.turns or len(script)
    if args.rounds and (args.long or args.memory):
        parser.error("--rounds times the loads only: run --long or --memory without it")
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    print(
        f"cores: {os.cpu_count()}  conversations: {args.conversations} x {args.turns} turns "
        f"({args.script})  "
        f"load average: {' '.join(f'{load:.1f}' for load in os.getloadavg())}"
    )
    print(HEADER)
    with tempfile.TemporaryDirectory(prefix="chat-bench-") as temp:
        work = Path(temp)
        runs: list[tuple[str, AbstractContextManager[Bot]]] = []
        if args.production:
            for count in (int(c) for c in args.production.split(",")):
                overrides: dict[str, Any] = {
                    "rasa_processes": count,
                    "rasa_tracker_db_url": args.tracker_db_url,
                    "redis_url": args.redis_url,
                }
                if args.database_url:
                    overrides["database_url"] = args.database_url
                runs.append((f"prod x{count}", our_bot(f"prod{count}", work, **overrides)))
        else:
            for name in args.bots.split(","):
                runs.append(
                    (
                        name,
                        bare_bot(work) if name == "bare" else our_bot(name, work, actions=name),
                    )
                )
        if args.rounds:
            alternate(
                runs,
                concurrencies,
                rounds=args.rounds,
                conversations=args.conversations,
                turns=args.turns,
                script=script,
            )
            return
        for name, context in runs:
            with context as bot:
                # Warm-up: the first turns load lazily (TensorFlow graphs, the database).
                run_load(bot, conversations=2, turns=len(script), concurrency=1, script=script)
                for concurrency in concurrencies:
                    load = run_load(
                        bot,
                        conversations=args.conversations,
                        turns=args.turns,
                        concurrency=concurrency,
                        script=script,
                    )
                    print_row(name, concurrency, load)
                if args.long:
                    early, late = long_conversation(bot)
                    print(
                        f"{name}: long conversation median turns 3-12 {early:.1f} ms, "
                        f"turns 191-200 {late:.1f} ms ({late / early:.2f}x)",
                        flush=True,
                    )
                for process, pid in bot.pids.items():
                    print(f"{name}: RSS {process} {rss_mb(pid):.0f} MB", flush=True)
                if args.memory:
                    memory_run(bot, args.memory, concurrency=4)
    sys.stdout.flush()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
