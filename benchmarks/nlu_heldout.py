"""Score the served bot on held-out NLU files: what a customer's message is understood as.

Why a served model: the figures that matter are those of the server customers talk to, not
of a replica of the pipeline. So this starts the trained model the way ``closedloop run``
does (``rasa run --enable-api`` with the same endpoints, environment and encoder threads;
``closedloop.runner.build_services``) on free ports, or uses a server already running
(``--url``), and posts every example to ``/model/parse``. The answer's intent is the
production decision: the classifier, then config.yml's FallbackClassifier (threshold and
ambiguity threshold) inside Rasa.

Per file it prints:

* the served figures: right, support intents, small talk (greet, goodbye, thank, affirm,
  deny, bot_challenge), survey intents, out-of-scope rejected (``nlu_fallback`` or
  ``out_of_scope``), in-scope rejected, out-of-scope answered as a topic; support intents
  again by issue 10's rule (a ``review`` answered ``give_feedback`` is right);
* per intent: right / total and the wrong answers;
* the confusion pairs (what was written -> what was understood, with counts);
* what other fallback thresholds and ambiguity thresholds would have done, decided offline
  from the same ranking the server returned (the served decision is checked against the
  offline one at config.yml's values, so the sweep is the server's rule).

A rejected out-of-scope message counts as right. Not a test: the figures go to docs/nlu.md
(tests/nlu/test_nlu_heldout.py holds the floors). Run with our virtualenv:

    .venv/bin/python benchmarks/nlu_heldout.py tests/nlu/en_heldout.yml \\
        tests/nlu/en_heldout2.yml tests/nlu/en_strangers.yml [--model models/closedloop.tar.gz]
    .venv/bin/python benchmarks/nlu_heldout.py --url http://127.0.0.1:5005 tests/nlu/*.yml
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from closedloop.ports import free_port

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.request_parts import WHOLE_INTENT_KEY  # noqa: E402
from closedloop.runner import build_services, ensure_model, model_path  # noqa: E402
from feedback_api.settings import Settings  # noqa: E402

REJECTED = {"out_of_scope", "nlu_fallback"}
SMALL_TALK = ("greet", "goodbye", "thank", "affirm", "deny", "bot_challenge")
SURVEY = ("give_feedback", "inform_score", "skip")
THRESHOLDS = (0.0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7)
AMBIGUITIES = (0.0, 0.02, 0.05, 0.1, 0.15)
STARTUP_TIMEOUT_S = 1200.0  # loading Rasa and the model on a loaded 2-core machine
# Rasa's annotation syntax: [text](entity) or [text]{"entity": ...}
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class Parse:
    """One example: what was written, what the server answered, and its ranking."""

    text: str
    truth: str
    served: str
    confidence: float
    ranking: tuple[tuple[str, float], ...]
    read_from_part: bool = False


def examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) of an NLU YAML file, annotations replaced by their text."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                out.append((_ANNOTATION.sub(r"\1", line[2:].strip()), block["intent"]))
    return out


def normalised(text: str) -> str:
    """The form examples are compared in (as tests/nlu/test_nlu_data.py)."""
    return " ".join(re.sub(r"[^\w\s#/-]", " ", text.lower()).split())


def trained_texts(data: Path) -> set[str]:
    """Normalised texts of every training example (bot/data/nlu), to spot test leaks."""
    return {normalised(text) for path in sorted(data.glob("*.yml")) for text, _ in examples(path)}


def fallback_config() -> tuple[float, float]:
    """config.yml's FallbackClassifier threshold and ambiguity threshold."""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    for component in config.get("pipeline") or []:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3)), float(
                component.get("ambiguity_threshold", 0.1)
            )
    return 0.0, 0.0


@contextmanager
def served(model: Path, work: Path) -> Iterator[str]:
    """Starts ``rasa run --enable-api`` on the model as ``closedloop run`` does; yields its URL."""
    settings = Settings(
        environment="test",
        data_dir=work,
        database_url=f"sqlite:///{work / 'closedloop.db'}",
        rasa_port=free_port(),
        action_port=free_port(),
        _env_file=None,  # type: ignore[call-arg]
    )
    services, running = build_services(settings, model=model, api=False, log_dir=work)
    rasa = next(s for s in services if s.name.startswith("Rasa server"))
    started = time.monotonic()
    rasa.start()
    try:
        while not rasa.is_ready():
            if rasa.exit_code() is not None or time.monotonic() - started > STARTUP_TIMEOUT_S:
                raise SystemExit(f"Rasa did not start:\n{rasa.log_tail()}")
            time.sleep(1)
        print(f"served {model} at {running.rasa_url} ({time.monotonic() - started:.0f} s to start)")
        yield running.rasa_url
    finally:
        rasa.stop()


def parse_all(url: str, items: list[tuple[str, str]], token: str | None) -> list[Parse]:
    """POSTs each text to /model/parse, one at a time (as customers' messages arrive)."""
    params = {"token": token} if token else {}
    out = []
    with httpx.Client(base_url=url, timeout=60.0) as client:
        for text, truth in items:
            response = client.post("/model/parse", json={"text": text}, params=params)
            response.raise_for_status()
            body: dict[str, Any] = response.json()
            intent = body.get("intent") or {}
            ranking = tuple(
                (r["name"], float(r["confidence"]))
                for r in body.get("intent_ranking") or []
                if r["name"] != "nlu_fallback"
            )
            out.append(
                Parse(
                    text=text,
                    truth=truth,
                    served=intent.get("name") or "nlu_fallback",
                    confidence=float(intent.get("confidence") or 0.0),
                    ranking=ranking,
                    read_from_part=WHOLE_INTENT_KEY in body,
                )
            )
    return out


def decide(parse: Parse, threshold: float, ambiguity: float) -> str:
    """The FallbackClassifier's rule on the classifier's ranking."""
    if not parse.ranking:
        return "nlu_fallback"
    top = parse.ranking[0][1]
    second = parse.ranking[1][1] if len(parse.ranking) > 1 else 0.0
    if top < threshold or top - second < ambiguity:
        return "nlu_fallback"
    return parse.ranking[0][0]


def right(truth: str, predicted: str) -> bool:
    return predicted in REJECTED if truth == "out_of_scope" else predicted == truth


def right_by_issue_rule(truth: str, predicted: str) -> bool:
    """``right``, and also a ``review`` answered ``give_feedback``: issue 10's external test
    counts that as right (both give the customer a way to say what they think)."""
    return right(truth, predicted) or (truth, predicted) == ("review", "give_feedback")


def summary(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """The headline shares of (truth, predicted) pairs."""

    def share(keep: Any, ok: Any) -> float:
        chosen = [(t, p) for t, p in pairs if keep(t)]
        return sum(ok(t, p) for t, p in chosen) / len(chosen) if chosen else float("nan")

    support = {t for t, _ in pairs} - set(SMALL_TALK) - set(SURVEY) - {"out_of_scope"}
    return {
        "right": share(lambda t: True, right),
        "support": share(lambda t: t in support, right),
        "support_issue_rule": share(lambda t: t in support, right_by_issue_rule),
        "small_talk": share(lambda t: t in SMALL_TALK, right),
        "survey": share(lambda t: t in SURVEY, right),
        "oos_rejected": share(lambda t: t == "out_of_scope", right),
        "in_scope_rejected": share(lambda t: t != "out_of_scope", lambda t, p: p in REJECTED),
    }


def _counts(pairs: list[tuple[str, str]]) -> str:
    n = Counter(t for t, _ in pairs)
    ok = Counter(t for t, p in pairs if right(t, p))
    support = [i for i in n if i not in SMALL_TALK + SURVEY + ("out_of_scope",)]

    def group(names: list[str] | tuple[str, ...]) -> str:
        total = sum(n[i] for i in names)
        return f"{sum(ok[i] for i in names)}/{total}" if total else "-"

    return (
        f"support {group(support)}, small talk {group(SMALL_TALK)}, survey {group(SURVEY)}, "
        f"out-of-scope rejected {group(('out_of_scope',))}"
    )


def report(
    name: str, parses: list[Parse], threshold: float, ambiguity: float, trained: set[str]
) -> dict[str, Any]:
    """Prints one file's figures; returns them for --json."""
    pairs = [(p.truth, p.served) for p in parses]
    figures: dict[str, Any] = dict(summary(pairs))
    oos = [p for p in parses if p.truth == "out_of_scope"]
    accepted = sum(p.served not in REJECTED for p in oos) / len(oos) if oos else float("nan")
    print(
        f"\n== {name}: {len(parses)} messages, served (threshold {threshold:g}, ambiguity "
        f"{ambiguity:g})"
    )
    print(
        f"right {figures['right']:.3f}  support intents {figures['support']:.3f}  "
        f"small talk {figures['small_talk']:.3f}  survey {figures['survey']:.3f}  "
        f"out-of-scope rejected {figures['oos_rejected']:.3f}  "
        f"in-scope rejected {figures['in_scope_rejected']:.3f}  "
        f"out-of-scope answered as a topic {accepted:.3f}"
    )
    print(
        f"  ({_counts(pairs)}; support intents {figures['support_issue_rule']:.3f} with a "
        "review answered give_feedback counted right, as issue 10's external test counts)"
    )
    unseen = [(p.truth, p.served) for p in parses if normalised(p.text) not in trained]
    if len(unseen) < len(parses):
        rest = summary(unseen)
        print(
            f"  {len(parses) - len(unseen)} messages are training examples word for word; "
            f"on the other {len(unseen)}: right {rest['right']:.3f}, support intents "
            f"{rest['support']:.3f}, small talk {rest['small_talk']:.3f}"
        )
        figures["unseen"] = {"messages": len(unseen), **rest}
    mismatched = sum(decide(p, threshold, ambiguity) != p.served for p in parses)
    from_parts = sum(p.read_from_part for p in parses)
    if mismatched:
        print(
            f"  note: {mismatched} served answers differ from the offline rule ({from_parts} "
            "read from a part of the message: bot/request_parts.py, not swept)"
        )

    total = Counter(p.truth for p in parses)
    ok = Counter(p.truth for p in parses if right(p.truth, p.served))
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    for p in parses:
        if not right(p.truth, p.served):
            wrong[p.truth][p.served] += 1
    print("per intent:")
    for intent in sorted(total, key=lambda i: (ok[i] / total[i], i)):
        misses = ", ".join(f"{q} {k}" for q, k in wrong[intent].most_common())
        share = ok[intent] / total[intent]
        print(f"  {intent:26s} {share:6.1%} {ok[intent]:3d}/{total[intent]:<3d} {misses}")
    confusions = Counter(
        (p.truth, p.served) for p in parses if not right(p.truth, p.served)
    ).most_common(15)
    print("confusion pairs (written -> understood):")
    for (truth, predicted), count in confusions:
        print(f"  {count:3d}  {truth} -> {predicted}")

    print(
        "offline sweep on the served ranking: threshold ambiguity  right  support  "
        "small-talk  oos-rejected  in-scope-rejected"
    )
    grid = (
        [(0.0, 0.0)]
        + [(t, ambiguity) for t in THRESHOLDS]
        + [(threshold, a) for a in AMBIGUITIES if a != ambiguity]
    )
    sweep = []
    for t, a in grid:
        s = summary([(p.truth, decide(p, t, a)) for p in parses])
        sweep.append({"threshold": t, "ambiguity": a, **s})
        mark = "*" if (t, a) == (threshold, ambiguity) else " "
        print(
            f" {mark}{t:9.2f} {a:9.2f}  {s['right']:.3f}  {s['support']:.3f}    "
            f"{s['small_talk']:.3f}       {s['oos_rejected']:.3f}         "
            f"{s['in_scope_rejected']:.3f}"
        )
    return {"file": name, "messages": len(parses), **figures, "sweep": sweep}


def main(argv: list[str] | None = None) -> int:
    threshold, ambiguity = fallback_config()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+", help="NLU YAML files to score")
    parser.add_argument("--model", type=Path, help="default: the model `closedloop train` makes")
    parser.add_argument("--train", action="store_true", help="train first if the bot changed")
    parser.add_argument("--url", help="a Rasa server already running with --enable-api")
    parser.add_argument("--token", default=os.environ.get("CLOSEDLOOP_RASA_TOKEN"))
    parser.add_argument("--json", type=Path, help="also write every parse and figure here")
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT / "bot" / "data" / "nlu",
        help="the model's training data, to count test messages that are training examples",
    )
    args = parser.parse_args(argv)

    items = {path: examples(path) for path in args.files}
    trained = trained_texts(args.data)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="nlu-heldout-") as tmp:
        if args.url:
            url_context: Any = _given(args.url)
        else:
            settings = Settings(_env_file=None)  # type: ignore[call-arg]
            model = args.model or model_path(settings)
            if args.train:
                model = ensure_model(settings)
            if not model.is_file():
                raise SystemExit(f"no model at {model}: run `closedloop train` or pass --train")
            url_context = served(model.resolve(), Path(tmp))
        with url_context as url:
            # File by file, so a long run prints what it has as it goes.
            for path, file_items in items.items():
                started = time.monotonic()
                parses = parse_all(url, file_items, args.token)
                elapsed = time.monotonic() - started
                print(
                    f"\nparsed {len(parses)} messages in {elapsed:.1f} s "
                    f"({1000 * elapsed / max(len(parses), 1):.0f} ms each); load average "
                    f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
                )
                results.append(report(path.name, parses, threshold, ambiguity, trained))
                results[-1]["parses"] = [p.__dict__ for p in parses]
                if args.json:
                    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
                sys.stdout.flush()
    return 0


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url.rstrip("/")


if __name__ == "__main__":
    sys.exit(main())
