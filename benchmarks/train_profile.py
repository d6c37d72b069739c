"""Where `closedloop train` spends its CPU time, per graph node (not part of the tests).

Runs ``rasa train`` in this process (Rasa's virtualenv), with the arguments
``closedloop.runner.ensure_model`` passes, and times every node of Rasa's training graph
(featurizers, CRF, classifier, policies, data providers), the caching of trained
components and the packaging of the model. It prints CPU seconds (``time.process_time``:
every thread of the process, so the e5 engine's OpenMP threads are counted) next to wall
seconds: on the shared 2-core machine wall time mostly measures the other engineers' jobs,
CPU time measures ours.

The training cache is a fresh temporary directory (cold, as after a clone or a data edit)
and the model goes to a temporary directory unless ``--out`` is given, so the served model
in ``models/`` is not touched.

    nice -n 10 .venv-rasa/bin/python benchmarks/train_profile.py [--config other.yml]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (CPU s, wall s, calls) per label; a label is a graph node or a wrapped function.
TIMES: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])


def _timed(label: Callable[..., str], fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            entry = TIMES[label(*args, **kwargs)]
            entry[0] += time.process_time() - cpu
            entry[1] += time.perf_counter() - wall
            entry[2] += 1

    return wrapper


def _instrument() -> None:
    """Wraps Rasa's graph nodes, training cache and model packaging with timers."""
    from rasa.engine.graph import GraphNode
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.training.graph_trainer import GraphTrainer

    def node_label(node: GraphNode, *_: Any, **__: Any) -> str:
        # The fingerprint run calls FingerprintComponent under the nodes' own names.
        kind = "fingerprint" if "Fingerprint" in node._component_class.__name__ else "run"
        return f"{kind}: {node._node_name}"

    GraphNode.__call__ = _timed(node_label, GraphNode.__call__)  # type: ignore[method-assign]
    LocalModelStorage.create_model_package = _timed(  # type: ignore[method-assign]
        lambda *_, **__: "package the model (tar.gz)", LocalModelStorage.create_model_package
    )
    GraphTrainer.train = _timed(  # type: ignore[method-assign]
        lambda *_, **__: "GraphTrainer.train (all of the above)", GraphTrainer.train
    )
    try:
        from rasa.engine.caching import LocalTrainingCache
    except ImportError:  # pragma: no cover - Rasa version
        return
    LocalTrainingCache.cache_output = _timed(  # type: ignore[method-assign]
        lambda *_, **__: "cache trained components (inside the nodes)",
        LocalTrainingCache.cache_output,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--data", type=Path, default=ROOT / "bot" / "data")
    parser.add_argument("--out", type=Path, default=None, help="default: a temporary directory")
    args = parser.parse_args(argv)

    started_cpu, started = time.process_time(), time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["RASA_CACHE_DIRECTORY"] = str(Path(tmp) / "cache")
        os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        os.environ.setdefault("ACTION_ENDPOINT_URL", "http://127.0.0.1:5055/webhook")
        os.environ.setdefault("RASA_TRACKER_DB", str(Path(tmp) / "tracker.db"))
        import_cpu, import_wall = time.process_time(), time.perf_counter()
        from rasa.__main__ import main as rasa_main

        _instrument()
        TIMES["import rasa"] = [
            time.process_time() - import_cpu,
            time.perf_counter() - import_wall,
            1,
        ]
        out = args.out or Path(tmp) / "models"
        sys.argv = [
            "rasa",
            "train",
            "--config",
            str(args.config),
            "--domain",
            str(ROOT / "domain.yml"),
            "--data",
            str(args.data),
            "--out",
            str(out),
            "--fixed-model-name",
            "profiled",
        ]
        os.chdir(ROOT)
        try:
            rasa_main()
        except SystemExit as exc:
            if exc.code not in (0, None):
                return int(exc.code)
    total_cpu, total = time.process_time() - started_cpu, time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"\n{'CPU s':>8} {'wall s':>8} {'calls':>5}  what")
    for label, (cpu, wall, calls) in sorted(TIMES.items(), key=lambda kv: -kv[1][0]):
        if cpu >= 0.05 or wall >= 0.5:
            print(f"{cpu:8.1f} {wall:8.1f} {int(calls):5d}  {label}")
    print(
        f"{total_cpu:8.1f} {total:8.1f}        total (user {usage.ru_utime:.1f} s, "
        f"system {usage.ru_stime:.1f} s, peak {usage.ru_maxrss / 1024:.0f} MB, "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
