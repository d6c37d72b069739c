"""Benchmark the sentiment backends on this machine (not part of the test suite).

For each backend and batch size: comments/s, comments per CPU-second, p50/p95 latency of
one ``analyze_batch`` call and the process's resident memory; then comments arriving one
per call from several threads at once (how the action server and the API call it), and how
long the asyncio event loop stalls while a batch is analysed through
``analyze_batch_async`` (it should not: inference runs in a worker thread). Texts are the
held-out comments of all four languages (every held-out set), in a fixed order.

    .venv/bin/python benchmarks/sentiment_bench.py --threads 2 --batch-sizes 1,8,32
    .venv/bin/python benchmarks/sentiment_bench.py --backends torch-padded,torch,onnx

Run one model backend per invocation when the memory column matters: the process keeps
what every backend before it loaded.

Prints the core count and load average too: wall-clock figures on a shared machine are
lower bounds. Comments per CPU-second do not depend on what else runs (much): with
``--threads 2`` it is about what two idle cores would give, since both threads stay busy.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness import nearest_rank

from sentiment import SentimentAnalyzer, TextBlobAnalyzer, TransformersAnalyzer
from sentiment.build.dataset import HELDOUT_SPLITS, LANGUAGES, load_split

DEFAULT_MODEL = Path("var/models/sentiment")


def rss_mb() -> float:
    """Current resident set size of this process, in MiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def sample(count: int) -> list[tuple[str, str]]:
    """``count`` held-out comments, languages interleaved so every batch mixes them."""
    examples = [e for split in HELDOUT_SPLITS for e in load_split(split)]
    by_language = {
        language: [e for e in examples if e.language == language] for language in LANGUAGES
    }
    items: list[tuple[str, str]] = []
    index = 0
    while len(items) < count:
        for language in LANGUAGES:
            examples = by_language[language]
            if examples:
                example = examples[index % len(examples)]
                items.append((example.text, example.language))
        index += 1
    return items[:count]


def measure(
    analyzer: SentimentAnalyzer, items: list[tuple[str, str]], batch_size: int
) -> dict[str, float]:
    """Throughput and per-call latency of ``analyze_batch`` over ``items``."""
    analyzer.analyze_batch(items[:batch_size])  # warm: load, first-call allocations
    latencies: list[float] = []
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(items), batch_size):
        call = time.perf_counter()
        analyzer.analyze_batch(items[start : start + batch_size])
        latencies.append(time.perf_counter() - call)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "comments_per_s": len(items) / total,
        "per_cpu_s": len(items) / cpu,
        "p50_ms": 1000 * nearest_rank(latencies, 0.5),
        "p95_ms": 1000 * nearest_rank(latencies, 0.95),
        "rss_mb": rss_mb(),
    }


def concurrent_singles(
    analyzer: SentimentAnalyzer, items: list[tuple[str, str]], workers: int
) -> dict[str, float]:
    """Comments/s when ``workers`` threads each call ``analyze`` on one comment at a time.

    The action server (``asyncio.to_thread``) and the API (FastAPI's thread pool) call the
    analyzer like this; the transformers backend merges waiting callers into one batch.
    """
    calls_before = getattr(analyzer, "model_calls", 0)
    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda item: analyzer.analyze(*item), items))
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "comments_per_s": len(items) / total,
        "per_cpu_s": len(items) / cpu,
        "model_calls": getattr(analyzer, "model_calls", 0) - calls_before,
    }


async def loop_stall(analyzer: SentimentAnalyzer, items: list[tuple[str, str]]) -> float:
    """Longest gap (ms) between 5 ms ticks of the event loop while a batch is analysed."""
    worst = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal worst
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            worst = max(worst, now - last - 0.005)
            last = now

    tick = asyncio.create_task(ticker())
    await analyzer.analyze_batch_async(items)
    done.set()
    await tick
    return 1000 * worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--threads", type=int, default=2, help="the model's threads")
    parser.add_argument("--batch-sizes", default="1,8,32")
    parser.add_argument("--count", type=int, default=256, help="comments per measurement")
    parser.add_argument(
        "--backends",
        default="textblob,onnx",
        help="textblob; onnx (the model's graph on ONNX Runtime, as served); torch (the "
        "same model on torch, texts packed per row); torch-padded (torch's padded batches)",
    )
    parser.add_argument(
        "--workers", type=int, default=8, help="threads calling analyze one comment at a time"
    )
    args = parser.parse_args()

    cores = len(os.sched_getaffinity(0))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"cores available: {cores}; model threads: {args.threads}; load average: {load}")
    items = sample(args.count)
    english = [(text, language) for text, language in items if language == "en"]
    for backend in args.backends.split(","):
        if backend == "textblob":
            analyzer: SentimentAnalyzer = TextBlobAnalyzer()
            texts = english  # TextBlob reads English only; others would be skipped, not scored
        elif backend in ("onnx", "torch", "torch-padded"):
            analyzer = TransformersAnalyzer(
                args.model,
                languages=LANGUAGES,
                threads=args.threads,  # texts per model call: the backend's default, as served
                pack=backend == "torch",
                runtime="onnx" if backend == "onnx" else "torch",
            )
            texts = items
        else:
            parser.error(f"unknown backend {backend!r}")
        for batch_size in (int(size) for size in args.batch_sizes.split(",")):
            figures = measure(analyzer, texts, batch_size)
            print(
                f"{backend:12s} batch {batch_size:3d}: {figures['comments_per_s']:7.1f} "
                f"comments/s, {figures['per_cpu_s']:7.1f} per CPU-second, "
                f"p50 {figures['p50_ms']:7.1f} ms, p95 {figures['p95_ms']:7.1f} ms "
                f"per call, RSS {figures['rss_mb']:.0f} MiB ({len(texts)} comments)"
            )
        singles = concurrent_singles(analyzer, texts, args.workers)
        print(
            f"{backend:12s} {args.workers} threads x analyze(1): "
            f"{singles['comments_per_s']:7.1f} comments/s, {singles['per_cpu_s']:7.1f} per "
            f"CPU-second, {singles['model_calls']:.0f} model calls for {len(texts)} comments"
        )
        stall = asyncio.run(loop_stall(analyzer, texts[:64]))
        print(f"{backend:12s} event-loop stall during analyze_batch_async(64): {stall:.1f} ms")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"load average at the end: {load}")


if __name__ == "__main__":
    main()
