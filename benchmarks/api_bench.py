"""Benchmark the feedback API's reports and ingest over real HTTP (not part of the test suite).

Seeds answers in bulk (``seed_responses``, the same code as ``closedloop seed-demo``) into
the database given, starts the API with uvicorn and the production worker count, then
measures, printing one table with the machine's core count:
- reports: ``GET /v1/nps`` (whole year, with filters, a year's weekly trend in UTC and in
  local time zones, the default 90-day window whose edges fall mid-hour), ``GET /v1/csat``
  and its trend, each beside the same counts in plain SQL over the answers on one
  connection (what scanning the answers costs; the API reads the rollups), p50/p95;
- the detractor queue's first page (newest and most urgent first);
- the CSV export of the whole year: rows/s and the API worker's peak memory before and after;
- ingest: ``POST /v1/responses`` from concurrent clients, answers/s and p95;
  ``--sentiment-service`` starts one sentiment service that every worker scores with (as
  ``closedloop run --production`` does) and prints its memory beside the workers'.

    createdb -h 127.0.0.1 -U postgres closedloop_bench
    .venv/bin/python benchmarks/api_bench.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/closedloop_bench \\
        --seed 1000000
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from harness import nearest_rank
from sqlalchemy import Engine, func, select, text

from closedloop.ports import free_port
from closedloop.runner import sentiment_service_command
from feedback_api.analyzer import analyzer_from_settings
from feedback_api.db import make_engine, session_scope
from feedback_api.demo import seed_responses
from feedback_api.migrate import upgrade
from feedback_api.models import Role, SurveyResponse
from feedback_api.settings import Settings
from feedback_api.storage.keys import create_key

PRODUCTION_WORKERS = 4  # README "Deploy": uvicorn ... --workers 4
NPS_SQL = """
SELECT count(*) FILTER (WHERE NOT dismissed AND score >= 9),
       count(*) FILTER (WHERE NOT dismissed AND score BETWEEN 7 AND 8),
       count(*) FILTER (WHERE NOT dismissed AND score <= 6),
       count(*) FILTER (WHERE dismissed)
FROM survey_responses WHERE kind = :kind AND created_at >= :start AND created_at < :end {extra}
"""
WEEKLY_SQL = """
SELECT date_trunc('week', created_at) AS week, count(*) FILTER (WHERE NOT dismissed AND score >= 9),
       count(*) FILTER (WHERE NOT dismissed AND score <= 6), count(*) FILTER (WHERE dismissed)
FROM survey_responses WHERE kind = 'nps' AND created_at >= :start AND created_at < :end
GROUP BY week
"""
QUEUE_SQL = """
SELECT c.id FROM follow_up_cases c LEFT JOIN survey_responses r ON r.id = c.response_id
WHERE c.status IN ('open', 'in_progress') {order} LIMIT 51
"""


def timed(call: Callable[[], object], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def proc_kib(pid: int, field: str) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:  # a short-lived helper process of uvicorn's that has exited
        return 0
    for line in status.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def cpu_s(pid: int) -> float:
    """CPU seconds process ``pid`` has used (user + system), e.g. a PostgreSQL backend."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def seed(engine: Engine, settings: Settings, count: int, days: int) -> None:
    with session_scope(engine) as session:
        have = session.scalar(select(func.count()).where(SurveyResponse.source == "demo"))
    if have and have >= count:
        print(f"reusing {have} demo answers already stored")
    else:
        seed_now(engine, settings, count, days)
    if engine.dialect.name == "postgresql":
        # What autovacuum does soon after a bulk load: statistics and the visibility map
        # (index-only scans). Done now so the timings do not depend on when it wakes up.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))


def seed_now(engine: Engine, settings: Settings, count: int, days: int) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    backend = None
    with session_scope(engine) as session:
        if engine.dialect.name == "postgresql":  # the server is local: read its CPU time
            backend = session.scalar(text("SELECT pg_backend_pid()"))
            before = cpu_s(backend)
        made = seed_responses(
            session,
            count=count,
            seed=1,
            days=days,
            analyzer=analyzer_from_settings(settings),
            settings=settings,
        )
        server = f", server CPU {cpu_s(backend) - before:.0f} s" if backend else ""
    wall = time.perf_counter() - started
    print(
        f"seeded {made} answers in {wall:.0f} s ({made / wall:,.0f}/s; "
        f"client CPU {time.process_time() - cpu:.0f} s{server})"
    )


def plain_sql(engine: Engine, sql: str, params: dict[str, object], count: int) -> list[float]:
    with engine.connect() as connection:
        return timed(lambda: connection.execute(text(sql), params).all(), count)


def ingest(base: str, key: str, total: int, clients: int) -> tuple[list[float], float]:
    samples: list[float] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as http:
            for i in range(total // clients):
                body = {
                    "kind": "nps",
                    "score": (n + i) % 11,
                    "comment": "The delivery was late and nobody called" if i % 3 else None,
                    "channel": "email",
                    "language": "en",
                    "customer_id": f"bench-{n}-{i % 50}",
                }
                start = time.perf_counter()
                http.post("/v1/responses", json=body).raise_for_status()
                with lock:
                    samples.append(time.perf_counter() - start)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--seed", type=int, default=20_000, help="answers stored before timing")
    parser.add_argument("--days", type=int, default=365, help="the answers span this many days")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per report")
    parser.add_argument("--workers", type=int, default=PRODUCTION_WORKERS, help="API workers")
    parser.add_argument("--ingest", type=int, default=2000, help="answers posted")
    parser.add_argument("--clients", type=int, default=8, help="concurrent ingest clients")
    parser.add_argument(
        "--skip-reports", action="store_true", help="time only the CSV export and ingest"
    )
    parser.add_argument(
        "--sentiment-service",
        action="store_true",
        help="the workers score with one shared sentiment service instead of each its own model",
    )
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
    seed(engine, settings, args.seed, args.days)
    with session_scope(engine) as session:
        admin = create_key(session, name="bench", role=Role.ADMIN, pepper="bench").secret

    port = free_port()
    env = {
        **os.environ,
        "CLOSEDLOOP_DATABASE_URL": url,
        "CLOSEDLOOP_DATA_DIR": str(workdir),
        "CLOSEDLOOP_API_KEY_PEPPER": "bench",
        "CLOSEDLOOP_ENVIRONMENT": "test",
    }
    scorer = start_sentiment_service(env) if args.sentiment_service else None
    if scorer is not None:
        env["CLOSEDLOOP_SENTIMENT_URL"] = scorer[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "feedback_api.app:create_app", "--factory"]
        + ["--port", str(port), "--log-level", "warning", "--workers", str(args.workers)],
        env=env,
    )
    rows: list[tuple[str, str, str, str]] = []
    try:
        base = f"http://127.0.0.1:{port}"
        today = datetime.now(UTC).date()
        since = today - timedelta(days=364)
        window = {
            "start": datetime.combine(since, datetime.min.time()),
            "end": datetime.combine(today + timedelta(days=1), datetime.min.time()),
        }
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {admin}"}, timeout=60
        ) as http:
            wait_until_up(http)
            year = {"date_from": since.isoformat(), "date_to": today.isoformat()}
            reports = [
                ("GET /v1/nps (a year)", "/v1/nps", year, NPS_SQL.format(extra=""), "nps"),
                (
                    "GET /v1/nps?channel=email",
                    "/v1/nps",
                    {**year, "channel": "email"},
                    NPS_SQL.format(extra="AND channel = 'email'"),
                    "nps",
                ),
                (
                    "GET /v1/nps?language=ka&campaign=loyalty",
                    "/v1/nps",
                    {**year, "language": "ka", "campaign": "loyalty"},
                    NPS_SQL.format(extra="AND language = 'ka' AND campaign = 'loyalty'"),
                    "nps",
                ),
                (
                    "GET /v1/nps?group_by=week",
                    "/v1/nps",
                    {**year, "group_by": "week"},
                    WEEKLY_SQL,
                    "nps",
                ),
                (
                    "GET /v1/nps?segment=vip&channel=web",
                    "/v1/nps",
                    {**year, "segment": "vip", "channel": "web"},
                    NPS_SQL.format(extra="AND segment = 'vip' AND channel = 'web'"),
                    "nps",
                ),
                (
                    "GET /v1/nps (last 90 days, mid-hour edges)",
                    "/v1/nps",
                    {},
                    NPS_SQL.format(extra="AND created_at >= now() - interval '90 days'"),
                    "nps",
                ),
                (
                    "GET /v1/nps?group_by=week&tz=Asia/Tbilisi",
                    "/v1/nps",
                    {**year, "group_by": "week", "tz": "Asia/Tbilisi"},
                    WEEKLY_SQL.replace(
                        "date_trunc('week', created_at)",
                        "date_trunc('week', timezone('Asia/Tbilisi', timezone('UTC', created_at)))",
                    ),
                    "nps",
                ),
                (
                    "GET /v1/nps?group_by=day&tz=Asia/Kolkata",
                    "/v1/nps",
                    {**year, "group_by": "day", "tz": "Asia/Kolkata"},
                    WEEKLY_SQL.replace(
                        "date_trunc('week', created_at)",
                        "date_trunc('day', timezone('Asia/Kolkata', timezone('UTC', created_at)))",
                    ),
                    "nps",
                ),
                ("GET /v1/csat (a year)", "/v1/csat", year, NPS_SQL.format(extra=""), "csat"),
                (
                    "GET /v1/csat?segment=vip (offers: raw)",
                    "/v1/csat",
                    {**year, "segment": "vip"},
                    NPS_SQL.format(extra="AND segment = 'vip'"),
                    "csat",
                ),
                (
                    "GET /v1/csat?group_by=week",
                    "/v1/csat",
                    {**year, "group_by": "week"},
                    WEEKLY_SQL.replace("'nps'", "'csat'"),
                    "csat",
                ),
            ]
            queues = [
                ("GET /v1/detractors (newest)", "newest", "ORDER BY r.created_at DESC, c.id DESC"),
                (
                    "GET /v1/detractors (priority)",
                    "priority",
                    "ORDER BY c.priority, r.created_at DESC, c.id DESC",
                ),
            ]
            if args.skip_reports:
                reports, queues = [], []
            for label, path, params, sql, kind in reports:
                get = functools.partial(fetch, http, path, params)
                get()  # warm the worker's caches and the database's
                api = timed(get, args.requests)
                db = plain_sql(engine, sql, {**window, "kind": kind}, args.requests)
                rows.append((label, fmt(api), fmt(db), ""))
            for label, sort, order in queues:
                get = functools.partial(fetch, http, "/v1/detractors", {"limit": 50, "sort": sort})
                get()
                api = timed(get, args.requests)
                db = plain_sql(engine, QUEUE_SQL.format(order=order), {}, args.requests)
                rows.append((label, fmt(api), fmt(db), "first page of 50"))
            rows.append(export(http, year, server.pid))
            samples, elapsed = ingest(base, admin, args.ingest, args.clients)
            # Every worker's memory after the ingest (the goal: each <= 200 MB after 10,000
            # requests), beside the most any of them held at any time.
            workers = children(server.pid) or [server.pid]
            rss = sorted(proc_kib(pid, "VmRSS") // 1024 for pid in workers)
            peak = max(proc_kib(pid, "VmHWM") for pid in workers) // 1024
            rows.append(
                (
                    f"POST /v1/responses ({args.clients} clients)",
                    fmt(samples),
                    "",
                    f"{len(samples) / elapsed:,.0f} answers/s; worker RSS after "
                    f"{' / '.join(map(str, rss))} MiB (peak {peak})",
                )
            )
            if scorer is not None:
                service = scorer[0].pid
                rows.append(
                    (
                        "sentiment service (shared)",
                        "",
                        "",
                        f"RSS after {proc_kib(service, 'VmRSS') // 1024} MiB "
                        f"(peak {proc_kib(service, 'VmHWM') // 1024}), CPU {cpu_s(service):.1f} s",
                    )
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if scorer is not None:
            scorer[0].terminate()
            scorer[0].wait(timeout=30)
    print_table(rows, url, args)


def start_sentiment_service(env: Mapping[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """The shared sentiment service (production mode's), up and with its model loaded."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [*sentiment_service_command("127.0.0.1", port), "--log-level", "warning"],
        env=dict(env),
    )
    for _ in range(1200):
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("the sentiment service did not start")


def fetch(http: httpx.Client, path: str, params: Mapping[str, str | int]) -> None:
    http.get(path, params=params).raise_for_status()


def wait_until_up(http: httpx.Client) -> None:
    for _ in range(1200):  # 2 minutes: 4 workers each load the sentiment model at start-up
        try:
            if http.get("/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit("the API did not start")


def export(http: httpx.Client, window: dict[str, str], server: int) -> tuple[str, str, str, str]:
    """Stream a year's CSV; rows/s, and the largest worker's resident memory before/after."""
    workers = children(server) or [server]
    before = max(proc_kib(pid, "VmRSS") for pid in workers)
    start = time.perf_counter()
    lines = size = 0
    with http.stream("GET", "/v1/export/responses.csv", params=window) as stream:
        for chunk in stream.iter_bytes():
            size += len(chunk)
            lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - start
    peak = max(proc_kib(pid, "VmHWM") for pid in workers)
    return (
        "GET /v1/export/responses.csv",
        f"{lines - 1:,} rows, {size / 1e6:.0f} MB in {elapsed:.1f} s",
        "",
        f"{(lines - 1) / elapsed:,.0f} rows/s; worker RSS {before / 1024:.0f} -> "
        f"peak {peak / 1024:.0f} MiB",
    )


def fmt(samples: list[float]) -> str:
    p50, p95 = (nearest_rank(samples, q) * 1000 for q in (0.5, 0.95))
    return f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms"


def print_table(rows: list[tuple[str, str, str, str]], url: str, args: argparse.Namespace) -> None:
    load = os.getloadavg()[0]
    print(
        f"\n{os.cpu_count()} cores (load average {load:.1f}), {url.split(':')[0]}, "
        f"{args.seed:,} answers over {args.days} days, {args.workers} API workers, "
        f"client peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    header = ("what", "API", "plain SQL", "")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
