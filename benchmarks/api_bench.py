"""Benchmark the feedback API over real HTTP on this machine (not part of the test suite).

Starts the API with uvicorn on a free loopback port against a fresh database (SQLite by
default, or ``--database-url``), seeds answers, then measures:
- ingest: ``POST /v1/responses`` latency percentiles and throughput (sequential client),
- reports: ``GET /v1/nps`` (with and without a weekly trend), ``GET /v1/detractors`` and the
  CSV export, latency percentiles,
- the server's resident memory after the run.

    .venv/bin/python benchmarks/api_bench.py --seed 20000 --requests 300
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import httpx

from feedback_api.analyzer import analyzer_from_settings
from feedback_api.db import make_engine, session_scope
from feedback_api.demo import seed_responses
from feedback_api.migrate import upgrade
from feedback_api.models import Role
from feedback_api.settings import Settings
from feedback_api.storage.keys import create_key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return (
        f"p50 {pick(0.50):7.2f} ms  p95 {pick(0.95):7.2f} ms  p99 {pick(0.99):7.2f} ms  "
        f"mean {statistics.fmean(ordered) * 1000:7.2f} ms  n={len(ordered)}"
    )


def timed(call: Callable[[], httpx.Response], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        response = call()
        samples.append(time.perf_counter() - start)
        response.raise_for_status()
    return samples


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--seed", type=int, default=20_000, help="answers stored before timing")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per endpoint")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="closedloop-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    settings = Settings(
        environment="test",
        data_dir=workdir,
        database_url=url,
        api_key_pepper="bench",  # type: ignore[arg-type]
        _env_file=None,  # type: ignore[call-arg]
    )
    upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    with session_scope(engine) as session:
        seed_responses(
            session,
            count=args.seed,
            seed=1,
            analyzer=analyzer_from_settings(settings),
            settings=settings,
        )
        admin = create_key(session, name="bench", role=Role.ADMIN, pepper="bench").secret
    print(
        f"seeded {args.seed} answers in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})"
    )

    port = free_port()
    env = {
        **os.environ,
        "CLOSEDLOOP_DATABASE_URL": url,
        "CLOSEDLOOP_DATA_DIR": str(workdir),
        "CLOSEDLOOP_API_KEY_PEPPER": "bench",
        "CLOSEDLOOP_ENVIRONMENT": "test",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "feedback_api.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        # The seeded answers span 120 days; a trend may have at most ~1,000 periods.
        since = (date.today() - timedelta(days=150)).isoformat()
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {admin}"}, timeout=30
        ) as http:
            for _ in range(100):
                try:
                    if http.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            body = {
                "kind": "nps",
                "score": 4,
                "comment": "The delivery was late and nobody called",
                "channel": "email",
                "language": "en",
                "customer_id": "bench-1",
            }
            ingest = timed(lambda: http.post("/v1/responses", json=body), args.requests)
            print(
                f"POST /v1/responses          {percentiles(ingest)}  "
                f"{len(ingest) / sum(ingest):.0f} req/s"
            )
            for label, path, params in [
                ("GET /v1/nps               ", "/v1/nps", {"date_from": since}),
                (
                    "GET /v1/nps?group_by=week ",
                    "/v1/nps",
                    {"date_from": since, "group_by": "week"},
                ),
                ("GET /v1/csat              ", "/v1/csat", {"date_from": since}),
                ("GET /v1/detractors        ", "/v1/detractors", {"limit": 50}),
            ]:
                samples = timed(lambda p=path, q=params: http.get(p, params=q), args.requests)
                print(f"{label} {percentiles(samples)}")
            start = time.perf_counter()
            size = 0
            with http.stream(
                "GET", "/v1/export/responses.csv", params={"date_from": since}
            ) as stream:
                for chunk in stream.iter_bytes():
                    size += len(chunk)
            elapsed = time.perf_counter() - start
            print(f"CSV export: {size / 1e6:.1f} MB in {elapsed:.2f} s")
        print(f"API server resident memory after the run: {rss_mib(server.pid):.0f} MiB")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
