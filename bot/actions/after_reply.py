"""Database writes that the customer's reply does not wait for.

Why: counting a survey offer (the denominator of the response rate) is a database write of
its own. On the reply path it cost the action server 3-4 ms of a ~5 ms action call on the
2-core machine (``action_offer_survey_at_end``; docs/performance.md, "The survey offer after
the reply"), while nothing the bot says or decides next reads it: the bot knows it offered
from the conversation's events, and the throttle reads answers, not offers.

How: :func:`after_reply` hands the write to the event loop's thread pool on the loop's next
turn (``call_soon``), that is once the action's reply has been handed to Rasa's connection,
so the write and Rasa's next steps run side by side instead of one after the other. The
write itself is the same as before, and so is its failure: logged, costing that count only.
A stopped action server still finishes the writes in flight: its worker process ends through
``multiprocessing``, whose exit joins the thread pool's threads (tested with a write held up
by a locked database, ``tests/e2e/test_action_server.py``). :func:`drain` waits for the writes
handed over so far, for a caller that reads the database next (the tests). What is given up:
a count whose write was still in flight when the process was killed outright.

Outside an event loop (a script, a test calling an action's helper directly) the write is
done at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from feedback_api.storage.outbox import error_summary

logger = logging.getLogger(__name__)

# Writes handed to a thread and not finished yet, of every event loop of the process.
_in_flight: set[asyncio.Future[None]] = set()


def after_reply(what: str, write: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
    """Run ``write(*args, **kwargs)`` on a worker thread once the current reply is out.

    ``what`` completes "could not ..." in the log line of a failure.
    """
    call = partial(_write, what, partial(write, *args, **kwargs))
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        call()
        return
    loop.call_soon(_submit, loop, call)


def _submit(loop: asyncio.AbstractEventLoop, call: Callable[[], None]) -> None:
    future = loop.run_in_executor(None, call)
    _in_flight.add(future)
    future.add_done_callback(_in_flight.discard)


def _write(what: str, call: Callable[[], Any]) -> None:
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - a lost count must not take the loop down
        logger.warning("could not %s: %s", what, error_summary(exc))


async def drain() -> None:
    """Wait for every write this event loop has been handed so far."""
    loop = asyncio.get_running_loop()
    # Writes handed over in this turn of the loop are submitted on its next one.
    await asyncio.sleep(0)
    pending = [future for future in _in_flight if future.get_loop() is loop]
    if pending:
        await asyncio.gather(*pending)
