"""Time the bulk demo seeder on PostgreSQL: wall, client CPU and the server backend's CPU.

The machine is shared, so the wall time alone says little: the client's and PostgreSQL's
CPU seconds are printed beside it (the server is local, its backend's CPU is read from
/proc). Recreates the database given, migrates it, seeds, then checks the rollups against
a fresh count (``closedloop rollups``). Not part of the test suite.

    .venv/bin/python benchmarks/seed_bench.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/closedloop_perf \\
        --count 1000000
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from feedback_api.analyzer import analyzer_from_settings
from feedback_api.db import make_engine, session_scope
from feedback_api.demo import seed_responses
from feedback_api.migrate import upgrade
from feedback_api.settings import Settings
from feedback_api.storage.rollups import verify


def cpu_s(pid: int) -> float:
    """CPU seconds process ``pid`` has used (user + system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def recreate(url: str) -> None:
    """Drop and create the benchmark's own database (never another one)."""
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database to recreate")
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()

    recreate(args.database_url)
    upgrade(args.database_url)
    engine = make_engine(args.database_url)
    settings = Settings(
        environment="test",
        database_url=args.database_url,
        _env_file=None,  # type: ignore[call-arg]
    )
    analyzer = analyzer_from_settings(settings)
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    with session_scope(engine) as session:
        backend = session.scalar(text("SELECT pg_backend_pid()"))
        before = cpu_s(backend)
        made = seed_responses(
            session, count=args.count, seed=1, days=args.days, analyzer=analyzer, settings=settings
        )
        server = cpu_s(backend) - before
    wall = time.perf_counter() - started
    print(
        f"{os.cpu_count()} cores, load average {load:.1f} -> {os.getloadavg()[0]:.1f}: "
        f"seeded {made:,} answers in {wall:.1f} s ({made / wall:,.0f}/s); "
        f"client CPU {time.process_time() - cpu:.1f} s, PostgreSQL backend CPU {server:.1f} s"
    )
    started = time.perf_counter()
    with engine.connect() as connection:
        differ = verify(connection)
    print(f"rollups vs a fresh count: {differ} rows differ ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
