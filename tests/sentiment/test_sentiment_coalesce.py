"""CoalescingRunner: concurrent callers share one batch call, each gets its own results."""

from __future__ import annotations

import threading
from collections.abc import Hashable, Sequence

import pytest

from sentiment.coalesce import CoalescingRunner


class Doubler:
    """A batch function that records its calls and can be held busy by the test."""

    def __init__(self) -> None:
        self.calls: list[list[int]] = []
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(self, items: Sequence[int], key: Hashable) -> list[int]:
        self.calls.append(list(items))
        self.started.set()
        self.release.wait(timeout=10)
        if any(item < 0 for item in items):
            raise ValueError("negative input")
        return [2 * item for item in items]


def _start(
    runner: CoalescingRunner[int, int], items: list[int], out: dict[int, object]
) -> threading.Thread:
    def call() -> None:
        try:
            out[items[0]] = runner.run(items)
        except ValueError as exc:
            out[items[0]] = exc

    thread = threading.Thread(target=call)
    thread.start()
    return thread


def _wait_pending(runner: CoalescingRunner[int, int], count: int) -> None:
    for _ in range(1000):
        with runner._condition:
            if len(runner._pending) >= count:
                return
        threading.Event().wait(0.005)
    raise AssertionError("callers did not queue")


def test_a_lone_caller_runs_at_once() -> None:
    batch = Doubler()
    batch.release.set()
    runner = CoalescingRunner(batch)
    assert runner.run([1, 2, 3]) == [2, 4, 6]
    assert batch.calls == [[1, 2, 3]] and runner.calls == 1


def test_callers_waiting_on_a_busy_model_share_one_call() -> None:
    batch = Doubler()
    runner = CoalescingRunner(batch)
    out: dict[int, object] = {}
    first = _start(runner, [100], out)
    assert batch.started.wait(timeout=10)
    waiting = [_start(runner, [item, item + 1], out) for item in (10, 20, 30, 40)]
    _wait_pending(runner, 4)
    batch.release.set()
    for thread in [first, *waiting]:
        thread.join(timeout=10)
    assert out == {100: [200], 10: [20, 22], 20: [40, 42], 30: [60, 62], 40: [80, 82]}
    assert len(batch.calls) == 2  # the busy call, then all four waiting callers together
    assert sorted(batch.calls[1]) == [10, 11, 20, 21, 30, 31, 40, 41]


def test_a_failing_input_fails_only_its_own_caller() -> None:
    batch = Doubler()
    runner = CoalescingRunner(batch)
    out: dict[int, object] = {}
    first = _start(runner, [1], out)
    assert batch.started.wait(timeout=10)
    good, bad = _start(runner, [5], out), _start(runner, [-5], out)
    _wait_pending(runner, 2)
    batch.release.set()
    for thread in (first, good, bad):
        thread.join(timeout=10)
    assert out[1] == [2] and out[5] == [10]
    assert isinstance(out[-5], ValueError)


def test_callers_with_different_keys_are_not_merged() -> None:
    seen: list[tuple[Hashable, list[int]]] = []

    def batch(items: Sequence[int], key: Hashable) -> list[int]:
        seen.append((key, list(items)))
        return list(items)

    runner: CoalescingRunner[int, int] = CoalescingRunner(batch)
    assert runner.run([1], key=64) == [1]
    assert runner.run([2], key=128) == [2]
    assert seen == [(64, [1]), (128, [2])]


def test_a_batch_that_returns_the_wrong_count_is_an_error() -> None:
    runner: CoalescingRunner[int, int] = CoalescingRunner(lambda items, key: [])
    with pytest.raises(RuntimeError, match="0 results for 2 items"):
        runner.run([1, 2])
