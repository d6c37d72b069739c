"""A small in-memory brake on password guessing at the sign-in form.

After :data:`MAX_PER_USERNAME` failed sign-ins for one username, or :data:`MAX_PER_ADDRESS`
from one client address, within :data:`WINDOW_S`, further attempts are refused until the
oldest failure leaves the window. A successful sign-in clears the username's failures.

It is per process (each API worker counts alone), which is enough to turn an online
guessing attack from thousands of tries a minute into a handful; a deployment with many
workers can add a limit at its proxy.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable

WINDOW_S = 15 * 60
MAX_PER_USERNAME = 5
MAX_PER_ADDRESS = 20
MAX_TRACKED_KEYS = 10_000


class LoginThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - WINDOW_S:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return deque()
        return failures

    def retry_after(self, *, username: str, address: str) -> int:
        """Seconds until this username/address may try again; 0 when it may now."""
        now = self._clock()
        waits = []
        with self._lock:
            for key, limit in (
                (f"u:{username}", MAX_PER_USERNAME),
                (f"a:{address}", MAX_PER_ADDRESS),
            ):
                failures = self._recent(key, now)
                if len(failures) >= limit:
                    waits.append(failures[len(failures) - limit] + WINDOW_S - now)
        return max(1, int(max(waits)) + 1) if waits else 0

    def failed(self, *, username: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) > MAX_TRACKED_KEYS:  # many names tried: drop what expired
                for key in list(self._failures):
                    self._recent(key, now)
            self._failures[f"u:{username}"].append(now)
            self._failures[f"a:{address}"].append(now)

    def succeeded(self, *, username: str) -> None:
        with self._lock:
            self._failures.pop(f"u:{username}", None)
