"""What the benchmark scripts share: nearest-rank percentiles and a free local port.

Benchmarks run as scripts (``python benchmarks/<name>.py``), so this module is imported by
its bare name from the script's own folder. One definition of a percentile keeps the p50 and
p95 of every table in docs/performance.md comparable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def nearest_rank(samples: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0 < q <= 1) of ``samples`` by the nearest-rank rule; 0.0 if empty.

    The smallest sample with at least ``q`` of the samples at or below it (rank
    ``ceil(q * n)``): a latency some request really had, not an interpolation. (Until
    2026-12-03 each script took rank ``floor(q * n) + 1``, one sample higher when ``q * n``
    is whole.)
    """
    if not samples:
        return 0.0
    ordered = sorted(samples)
    # Rounded first: 0.07 * 100 is 7.000000000000001 in floating point, and its rank is 7.
    rank = math.ceil(round(q * len(ordered), 9))
    return ordered[max(0, rank - 1)]
