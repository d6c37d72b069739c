"""Cross-validate the NLU model on the training data (not part of the test suite).

Runs ``rasa test nlu --cross-validation`` in Rasa's virtualenv on ``bot/data/nlu`` with a
pipeline (``config.yml`` by default), then prints intent accuracy, macro-F1, the worst
intents, the most frequent confusions and the wall time. Every model is trained in a
temporary directory: nothing is written under ``models/``.

    .venv/bin/python benchmarks/nlu_crossval.py                 # 3 folds, config.yml
    .venv/bin/python benchmarks/nlu_crossval.py --folds 5 --config /tmp/other-config.yml
    .venv/bin/python benchmarks/nlu_crossval.py --out /tmp/nlu-cv   # keep Rasa's reports

Takes a few minutes on 2 cores (one NLU training per fold).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Variables of our own virtualenv that must not leak into Rasa's (another Python version).
FOREIGN = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")


def rasa_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN}
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            # endpoints.yml is not read by `rasa test nlu`, but keep Rasa quiet if it is.
            "ACTION_ENDPOINT_URL": env.get("ACTION_ENDPOINT_URL", "http://127.0.0.1:5055/webhook"),
            "RASA_TRACKER_DB": env.get("RASA_TRACKER_DB", "/tmp/closedloop-bench-tracker.db"),
        }
    )
    return env


def summarise(report: dict[str, Any], worst: int) -> list[str]:
    """Lines with accuracy, macro/weighted F1 and the ``worst`` intents by F1."""
    intents = {
        name: scores
        for name, scores in report.items()
        if isinstance(scores, dict)
        and "f1-score" in scores
        and name not in ("macro avg",)
        and name not in ("weighted avg", "micro avg")
    }
    lines = [
        f"intents:      {len(intents)}",
        f"accuracy:     {report['accuracy']:.4f}",
        f"macro F1:     {report['macro avg']['f1-score']:.4f}",
        f"weighted F1:  {report['weighted avg']['f1-score']:.4f}",
        f"worst {worst} intents by F1 (precision / recall / F1 / support):",
    ]
    ranked = sorted(intents.items(), key=lambda item: item[1]["f1-score"])[:worst]
    for name, s in ranked:
        lines.append(
            f"  {name:28s} {s['precision']:.3f} / {s['recall']:.3f} / {s['f1-score']:.3f}"
            f" / {s['support']}"
        )
    confusions: list[tuple[int, str, str]] = []
    for name, s in intents.items():
        for other, count in (s.get("confused_with") or {}).items():
            confusions.append((int(count), name, other))
    if confusions:
        lines.append("most frequent confusions (true -> predicted: count):")
        for count, name, other in sorted(confusions, reverse=True)[:10]:
            lines.append(f"  {name} -> {other}: {count}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--nlu", type=Path, default=ROOT / "bot" / "data" / "nlu")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--worst", type=int, default=8)
    parser.add_argument("--rasa-venv", type=Path, default=ROOT / ".venv-rasa")
    parser.add_argument("--out", type=Path, help="keep Rasa's reports here (default: temp)")
    args = parser.parse_args(argv)

    rasa = args.rasa_venv / "bin" / "rasa"
    if not rasa.is_file():
        print(f"error: Rasa is not installed at {rasa} (run `make setup`)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="nlu-cv-") as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        command = [
            str(rasa),
            "test",
            "nlu",
            "--nlu",
            str(args.nlu),
            "--config",
            str(args.config),
            "--cross-validation",
            "--folds",
            str(args.folds),
            "--out",
            str(out),
        ]
        print("$ " + " ".join(command), flush=True)
        started = time.monotonic()
        result = subprocess.run(
            command, cwd=ROOT, env=rasa_env(), capture_output=True, text=True, check=False
        )
        elapsed = time.monotonic() - started
        if result.returncode != 0:
            print((result.stdout + result.stderr)[-4000:], file=sys.stderr)
            print(f"error: rasa test nlu exited {result.returncode}", file=sys.stderr)
            return 1
        report_path = out / "intent_report.json"
        report = json.loads(report_path.read_text(encoding="utf-8"))
    print(f"config:       {args.config}")
    print(f"folds:        {args.folds}")
    for line in summarise(report, args.worst):
        print(line)
    print(
        f"wall time:    {elapsed:.0f} s for {args.folds} trainings + tests ({os.cpu_count()} cores)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
