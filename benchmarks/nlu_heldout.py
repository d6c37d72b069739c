"""Score a trained model on held-out NLU files, per intent and per fallback threshold.

Runs in Rasa's virtualenv on a model that ``closedloop train`` (or ``rasa train``) made, and
parses every example of the given files the way the server does (``Agent.parse_message``),
so the FallbackClassifier of config.yml is applied as it is at run time. Then, per file:

* the share right per fallback threshold (applied offline to the classifier's ranking, with
  config.yml's ambiguity threshold), in-scope messages rejected (``nlu_fallback`` or
  ``out_of_scope``) and out-of-scope messages answered as a topic;
* per intent at ``--threshold`` (config.yml's by default): right / total and the most
  frequent wrong answers.

A rejected out-of-scope message counts as right. Not part of the tests: the figures go to
docs/nlu.md (tests/nlu/test_nlu_heldout.py holds the floors).

    .venv-rasa/bin/python benchmarks/nlu_heldout.py models/<model>.tar.gz \\
        tests/nlu/en_heldout.yml tests/nlu/en_strangers.yml
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REJECTED = {"out_of_scope", "nlu_fallback"}
THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def _fallback_config() -> tuple[float, float]:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    for component in config.get("pipeline") or []:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3)), float(
                component.get("ambiguity_threshold", 0.1)
            )
    return 0.0, 0.0


def _examples(path: Path) -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples if m.get("text")]


async def _rankings(model: Path, texts: list[str]) -> list[list[dict[str, Any]]]:
    """The classifier's ranking for each text (FallbackClassifier's entry left out)."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    out = []
    for text in texts:
        parsed = await agent.parse_message(text)
        out.append([r for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"])
    return out


def _decide(ranking: list[dict[str, Any]], threshold: float, ambiguity: float) -> str:
    if not ranking:
        return "nlu_fallback"
    top = ranking[0]["confidence"]
    second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
    if threshold > 0 and (top < threshold or top - second < ambiguity):
        return "nlu_fallback"
    return ranking[0]["name"]


def _right(truth: str, predicted: str) -> bool:
    return predicted in REJECTED if truth == "out_of_scope" else predicted == truth


def report(name: str, truth: list[str], rankings: list[list[dict[str, Any]]], args: Any) -> None:
    """Prints the per-threshold table and the per-intent figures of one file."""
    print(f"\n== {name}: {len(truth)} messages")
    print("threshold  right  in-scope rejected  out-of-scope accepted")
    for threshold in THRESHOLDS:
        predicted = [_decide(r, threshold, args.ambiguity) for r in rankings]
        right = sum(_right(t, p) for t, p in zip(truth, predicted, strict=True))
        in_scope = [p for t, p in zip(truth, predicted, strict=True) if t != "out_of_scope"]
        oos = [p for t, p in zip(truth, predicted, strict=True) if t == "out_of_scope"]
        rejected = sum(p in REJECTED for p in in_scope) / max(len(in_scope), 1)
        accepted = sum(p not in REJECTED for p in oos) / max(len(oos), 1)
        print(f"{threshold:9.2f}  {right / len(truth):.3f}  {rejected:17.3f}  {accepted:21.3f}")
    predicted = [_decide(r, args.threshold, args.ambiguity) for r in rankings]
    total: Counter[str] = Counter(truth)
    right_by: Counter[str] = Counter()
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    for t, p in zip(truth, predicted, strict=True):
        if _right(t, p):
            right_by[t] += 1
        else:
            wrong[t][p] += 1
    in_scope = [i for i in total if i != "out_of_scope"]
    support = [i for i in in_scope if i not in args.talk]
    for label, group in (("support intents", support), ("conversation", sorted(args.talk))):
        group = [i for i in group if i in total]
        if group:
            n = sum(total[i] for i in group)
            print(f"{label}: {sum(right_by[i] for i in group) / n:.3f} ({n})")
    print(f"per intent at threshold {args.threshold:g}:")
    for intent in sorted(total, key=lambda i: (right_by[i] / total[i], i)):
        worst = ", ".join(f"{p} {n}" for p, n in wrong[intent].most_common(3))
        print(
            f"  {intent:26s} {right_by[intent] / total[intent]:6.1%} "
            f"{right_by[intent]:3d}/{total[intent]:<3d} {worst}"
        )


def main(argv: list[str] | None = None) -> int:
    threshold, ambiguity = _fallback_config()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--threshold", type=float, default=threshold)
    parser.add_argument("--ambiguity", type=float, default=ambiguity)
    args = parser.parse_args(argv)
    args.talk = {
        "greet",
        "goodbye",
        "thank",
        "affirm",
        "deny",
        "bot_challenge",
        "give_feedback",
        "inform_score",
        "skip",
    }
    logging.disable(logging.WARNING)
    # Rasa's structlog prints every parse at debug level to stdout otherwise.
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    examples = {path: _examples(path) for path in args.files}
    texts = [t for ex in examples.values() for t, _ in ex]
    rankings = asyncio.run(_rankings(args.model, texts))
    start = 0
    for path, ex in examples.items():
        report(path.name, [i for _, i in ex], rankings[start : start + len(ex)], args)
        start += len(ex)
    return 0


if __name__ == "__main__":
    sys.exit(main())
