"""Storing a survey answer without ever losing it: the database, else the durable outbox.

:func:`deliver_answer` is the only way the survey actions store an answer. It tries the
database (in a worker thread, so the action server's event loop never waits on it); if that
fails for any reason (the database down, the sentiment service away) the answer is appended
to the outbox (``feedback_api.storage.outbox``, fsync'd) and the background
:class:`OutboxFlusher` writes it later. Either way the action goes on and the customer gets
the normal thank-you: an outage is our problem, not theirs.

The flusher is an asyncio task on the action server's loop, started lazily (the first time
an answer is delivered or a survey action runs in this process, so answers left over from
before a restart are written too), retrying with exponential backoff until the outbox is
empty; any later delivery wakes it early. Replays are idempotent (the answer's idempotency
key), so a record written by two flushers, or by a flusher and ``closedloop flush-outbox``,
is stored once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.actions.metrics import ANSWERS
from bot.actions.store import StoredAnswer, get_store
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.storage.outbox import FlushResult, OutboxRecord, error_summary

logger = logging.getLogger(__name__)

FIRST_RETRY_S = 1.0
MAX_RETRY_S = 30.0


@dataclass(frozen=True)
class Delivery:
    """Where an answer went: stored (``stored`` is set) or queued in the outbox."""

    stored: StoredAnswer | None = None
    queued: bool = False


async def deliver_answer(
    data: ResponseCreate, *, transcript: list[dict[str, Any]], conversation: str
) -> Delivery:
    """Store ``data`` now, or queue it durably; never raises for a database problem.

    ``created_at`` is fixed here, when the customer answered, so an answer written from the
    outbox an hour later still counts in the right day of the NPS trend.
    """
    store = get_store()
    if data.created_at is None:
        data = data.model_copy(update={"created_at": datetime.now(UTC)})
    try:
        stored = await asyncio.to_thread(store.save_answer, data, transcript=transcript)
    except Exception as exc:  # noqa: BLE001 - whatever the database says, keep the answer
        reason = error_summary(exc)
        record = OutboxRecord(response=data, transcript=transcript, source="chat", reason=reason)
        try:
            await asyncio.to_thread(store.queue_answer, record)
        except Exception:
            # The last resort: the answer in the log, so a person can still recover it.
            logger.exception(
                "LOST ANSWER: could neither store nor queue the %s answer of conversation %s: %s",
                data.kind.value,
                conversation,
                record.to_json(),
            )
            ANSWERS.labels(data.kind.value, "lost").inc()
            return Delivery()
        ANSWERS.labels(data.kind.value, "queued").inc()
        logger.warning(
            "not stored now (%s): %s answer of conversation %s queued in the outbox",
            reason,
            data.kind.value,
            conversation,
        )
        flusher().kick()
        return Delivery(queued=True)
    ANSWERS.labels(data.kind.value, "stored" if stored.created else "already_stored").inc()
    logger.info(
        "%s answer %s %s for conversation %s",
        data.kind.value.upper(),
        stored.response_id,
        "stored" if stored.created else "already stored",
        conversation,
    )
    # The database works: a good moment to write anything an earlier outage left behind.
    flusher().kick()
    return Delivery(stored=stored)


class OutboxFlusher:
    """Drains the outbox in the background of the running event loop.

    ``kick()`` is cheap and idempotent: it starts the task if none runs on this loop, and
    wakes a task that is waiting out its backoff. The task stops once the outbox is empty.
    """

    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None

    def kick(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside the action server (a plain script)
            return
        task = self._task
        if task is not None and not task.done() and task.get_loop() is loop:
            if self._wake is not None:
                self._wake.set()
            return
        self._wake = asyncio.Event()
        self._task = loop.create_task(self._run(self._wake), name="closedloop-outbox-flusher")

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _run(self, wake: asyncio.Event) -> None:
        delay = FIRST_RETRY_S
        while True:
            wake.clear()
            try:
                result = await asyncio.to_thread(get_store().flush_outbox)
            except Exception:  # a broken disk must not kill the loop silently
                logger.exception("the outbox flusher failed; retrying in %.0f s", delay)
                result = FlushResult(remaining=1, error="flusher error")
            if result.delivered or result.duplicates or result.failed:
                logger.info(
                    "outbox flushed: %d stored, %d already stored, %d set aside, %d waiting",
                    result.delivered,
                    result.duplicates,
                    result.failed,
                    result.remaining,
                )
            if result.done:
                return
            logger.warning(
                "outbox: %d answers wait for the database (%s); retrying in %.0f s",
                result.remaining,
                result.error,
                delay,
            )
            try:
                await asyncio.wait_for(wake.wait(), timeout=delay)
                delay = FIRST_RETRY_S  # woken by a delivery: the database may be back
            except TimeoutError:
                delay = min(delay * 2, MAX_RETRY_S)


_flusher = OutboxFlusher()


def flusher() -> OutboxFlusher:
    """The process's flusher (one per action server)."""
    return _flusher
