"""Run a batch function for one caller at a time, merging the work of callers who wait.

Why: the action server and the API score comments one by one, each from a worker thread
(``asyncio.to_thread``, FastAPI's thread pool), so that the event loop never waits for the
model. The model can only run one call at a time anyway (torch already spreads one call over
every core, and a fast tokenizer must not be used by two threads at once), so comments that
arrive while it is busy have to wait. Rather than running them one by one afterwards, the
next caller to take the model runs *every* waiting caller's texts in one batched call, which
costs much less CPU per comment than single calls (see docs/sentiment.md). Nobody waits for
company: an idle model runs a lone comment at once, so a quiet server is as fast as before.

This is the "group commit" pattern of databases, for inference.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(eq=False)
class _Job(Generic[T, R]):
    items: Sequence[T]
    key: Hashable
    done: bool = False
    results: list[R] = field(default_factory=list)
    error: BaseException | None = None

    def outcome(self) -> list[R]:
        if self.error is not None:
            raise self.error
        return self.results


class CoalescingRunner(Generic[T, R]):
    """``run(items, key)`` calls ``batch(items, key)``, merging concurrent callers' items.

    ``batch`` must return one result per item, in order. Callers whose ``key`` differs (e.g.
    another truncation length) are never merged. If a merged call fails, each caller's items
    are run again on their own, so one caller's bad input cannot fail another's request.
    ``batch`` is never called from two threads at once.
    """

    def __init__(self, batch: Callable[[Sequence[T], Hashable], list[R]]) -> None:
        self._batch = batch
        self._condition = threading.Condition()
        self._pending: list[_Job[T, R]] = []
        self._busy = False
        self.calls = 0
        """How many times ``batch`` ran: fewer than callers when work was merged."""

    def run(self, items: Sequence[T], key: Hashable = None) -> list[R]:
        """The results for ``items``, computed alone or together with waiting callers'."""
        job: _Job[T, R] = _Job(items, key)
        with self._condition:
            self._pending.append(job)
            while self._busy and not job.done:
                self._condition.wait()
            if job.done:
                return job.outcome()
            # The model is free: take every waiting job that can share this call.
            self._busy = True
            jobs = [other for other in self._pending if other.key == key]
            self._pending = [other for other in self._pending if other.key != key]
        try:
            self._run_jobs(jobs, key)
        finally:
            with self._condition:
                for finished in jobs:
                    finished.done = True
                self._busy = False
                self._condition.notify_all()
        return job.outcome()

    def _run_jobs(self, jobs: list[_Job[T, R]], key: Hashable) -> None:
        merged = [item for job in jobs for item in job.items]
        try:
            self.calls += 1
            results = self._batch(merged, key)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller(s) it belongs to
            if len(jobs) == 1:
                jobs[0].error = exc
                return
            for job in jobs:  # find whose input failed; the others still get results
                self._run_jobs([job], key)
            return
        if len(results) != len(merged):
            error = RuntimeError(f"batch gave {len(results)} results for {len(merged)} items")
            for job in jobs:
                job.error = error
            return
        start = 0
        for job in jobs:
            job.results = results[start : start + len(job.items)]
            start += len(job.items)
