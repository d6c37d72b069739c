"""Time the CSV export in-process: rows/s by the wall clock and per CPU-second of this process.

The API benchmark (api_bench.py) times the export over HTTP; this one separates what the
Python side costs (client CPU) from waiting on the database, on a database already seeded
(e.g. by api_bench.py). Not part of the test suite.

    .venv/bin/python benchmarks/export_bench.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/closedloop_bench --days 60
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import UTC, datetime, timedelta

from feedback_api.db import make_engine, session_factory
from feedback_api.schemas.metrics import MetricFilters
from feedback_api.storage.export import stream_csv


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--days", type=int, default=60, help="export the last N days")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()

    factory = session_factory(make_engine(args.database_url))
    end = datetime.now(UTC)
    filters = MetricFilters(start=end - timedelta(days=args.days), end=end)
    print(f"{os.cpu_count()} cores, last {args.days} days")
    for run in range(1, args.runs + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        chunks = stream_csv(factory, filters=filters, kind=None, include_email=False)
        rows = sum(chunk.count("\n") for chunk in chunks) - 1
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"run {run}: {rows:,} rows in {wall:.1f} s: {rows / wall:,.0f} rows/s, "
            f"{rows / cpu:,.0f} rows per CPU-second of this process "
            f"(load average {os.getloadavg()[0]:.1f})"
        )


if __name__ == "__main__":
    main()
