"""A durable local outbox for survey answers the database could not take.

A customer who answers a survey while the database is down must not lose the answer, and
must not see an error either. The action server then appends the answer here (one JSON line,
fsync'd before the customer is thanked) and a flusher writes it to the database once it is
back. Replays go through :func:`~feedback_api.storage.responses.record_response`, which is
idempotent on the answer's idempotency key, so an answer stored by an earlier, interrupted
flush (or by two flushers at once) is stored exactly once.

Layout of ``settings.outbox_path`` (a directory)::

    pending.jsonl        answers waiting; writers only ever append to it
    batch-<ns>-<pid>.jsonl
                         answers a flusher has claimed (pending.jsonl renamed); a flusher
                         that dies leaves its batch for the next one
    failed.jsonl         answers the database refused for good (invalid data), and lines
                         that could not be read; kept for a person, never retried
    .append.lock / .flush.lock
                         ``fcntl.flock`` locks: appends and claims are serialised across
                         processes and threads, and only one flusher works at a time

Why it is safe:

* An append takes the append lock, ends any torn last line a crashed writer left (so the new
  record never joins it), writes the whole line with ``O_APPEND`` and fsyncs the file (and
  the directory when the file is new) before returning.
* A claim renames ``pending.jsonl`` under the append lock, so no writer is mid-line; the
  flusher then reads a file nobody writes to.
* Lines that do not parse (a torn write) are moved to ``failed.jsonl`` instead of blocking
  the queue; a record the database is merely unable to take right now stays where it is.

Everything here is blocking file and database I/O: the action server calls it through
``asyncio.to_thread`` (see ``bot/actions/delivery.py``).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import DataError, IntegrityError

from feedback_api.db import session_scope
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.responses import Analyzer, record_response

logger = logging.getLogger(__name__)

PENDING_FILE = "pending.jsonl"
FAILED_FILE = "failed.jsonl"
BATCH_PREFIX = "batch-"
APPEND_LOCK = ".append.lock"
FLUSH_LOCK = ".flush.lock"
RECORD_VERSION = 1

# Errors that say "this record will never be accepted", as opposed to "not now" (connection
# refused, timeouts, a missing table while someone migrates): only these skip a record.
PERMANENT_ERRORS: tuple[type[BaseException], ...] = (ValidationError, IntegrityError, DataError)


class OutboxRecordError(ValueError):
    """A line of the outbox that is not a record this version can replay."""


@dataclass(frozen=True)
class OutboxRecord:
    """One survey answer waiting for the database, with what ``record_response`` needs."""

    response: ResponseCreate
    transcript: list[dict[str, Any]] | None = None
    source: str = "chat"
    queued_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    reason: str | None = None  # why it was queued (the database error), for the operator

    def __post_init__(self) -> None:
        if not self.response.idempotency_key:
            # Without a key a replay after a crash between "stored" and "removed from the
            # outbox" would store the answer twice.
            raise OutboxRecordError("an outbox record needs an idempotency key")

    @property
    def key(self) -> str:
        return str(self.response.idempotency_key)

    def to_json(self) -> dict[str, Any]:
        return {
            "v": RECORD_VERSION,
            "key": self.key,
            "queued_at": self.queued_at.isoformat(),
            "source": self.source,
            "reason": self.reason,
            "response": self.response.model_dump(mode="json", exclude_none=True),
            "transcript": self.transcript,
        }

    @classmethod
    def from_json(cls, data: object) -> OutboxRecord:
        if not isinstance(data, dict) or data.get("v") != RECORD_VERSION:
            raise OutboxRecordError("not an outbox record of version 1")
        try:
            response = ResponseCreate.model_validate(data["response"])
            queued_at = datetime.fromisoformat(data["queued_at"])
        except (KeyError, TypeError, ValueError) as exc:
            raise OutboxRecordError(f"unreadable outbox record: {exc}") from exc
        transcript = data.get("transcript")
        return cls(
            response=response,
            transcript=transcript if isinstance(transcript, list) else None,
            source=str(data.get("source") or "chat"),
            queued_at=queued_at,
            reason=data.get("reason"),
        )


@dataclass(frozen=True)
class FlushResult:
    """What one flush did. ``remaining`` > 0 means the database is still unreachable."""

    delivered: int = 0  # newly stored
    duplicates: int = 0  # already stored before (a replay): stored once, as intended
    failed: int = 0  # moved to failed.jsonl: the database refuses them for good
    remaining: int = 0  # still waiting for the database
    error: str | None = None  # why the flush stopped early

    @property
    def done(self) -> bool:
        """Nothing is left to retry."""
        return self.remaining == 0

    def __add__(self, other: FlushResult) -> FlushResult:
        return FlushResult(
            delivered=self.delivered + other.delivered,
            duplicates=self.duplicates + other.duplicates,
            failed=self.failed + other.failed,
            remaining=self.remaining + other.remaining,
            error=other.error or self.error,
        )


# Delivers one record; returns True if it was stored now, False if it was already stored.
Deliver = Callable[[OutboxRecord], bool]


class Outbox:
    """The outbox directory; safe to use from several threads and processes at once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @property
    def pending_path(self) -> Path:
        return self.directory / PENDING_FILE

    @property
    def failed_path(self) -> Path:
        return self.directory / FAILED_FILE

    # --- writing ---------------------------------------------------------------------------

    def append(self, record: OutboxRecord) -> None:
        """Add one record durably: when this returns, the line is on disk."""
        line = json.dumps(record.to_json(), ensure_ascii=False, separators=(",", ":"))
        self._append_line(self.pending_path, line)

    def _append_line(self, path: Path, line: str) -> None:
        data = (line.replace("\n", " ") + "\n").encode("utf-8")
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._lock(APPEND_LOCK):
            created = not path.exists()
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    # A writer died mid-line: end that line so ours stays whole (the torn one
                    # is set aside as unreadable when flushed).
                    data = b"\n" + data
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                _fsync_directory(self.directory)

    # --- reading ---------------------------------------------------------------------------

    def has_pending(self) -> bool:
        """Whether any record waits (cheap: looks at file sizes only)."""
        for path in self._queue_files():
            try:
                if path.stat().st_size > 0:
                    return True
            except FileNotFoundError:  # claimed or flushed meanwhile
                continue
        return False

    def pending_count(self) -> int:
        """Complete lines waiting in pending and claimed batches (for tests and the CLI)."""
        total = 0
        for path in self._queue_files():
            total += sum(1 for _ in _complete_lines(path))
        return total

    def records(self) -> list[OutboxRecord]:
        """Every readable record waiting, oldest first (for inspection; does not claim)."""
        found: list[OutboxRecord] = []
        for path in self._queue_files():
            for line in _complete_lines(path):
                try:
                    found.append(OutboxRecord.from_json(json.loads(line)))
                except (ValueError, OutboxRecordError):
                    continue
        return found

    def _queue_files(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        batches = sorted(self.directory.glob(f"{BATCH_PREFIX}*.jsonl"))
        pending = [self.pending_path] if self.pending_path.exists() else []
        return batches + pending

    # --- flushing --------------------------------------------------------------------------

    def flush(self, deliver: Deliver) -> FlushResult:
        """Deliver every waiting record, oldest first; stop at the first transient error.

        Only one flusher works at a time (others wait for the flush lock, then find
        nothing left). Delivered records leave the outbox; what could not be delivered
        stays, in order, for the next flush.
        """
        if not self.has_pending():
            return FlushResult()
        with self._lock(FLUSH_LOCK):
            self._claim_pending()
            result = FlushResult()
            batches = sorted(self.directory.glob(f"{BATCH_PREFIX}*.jsonl"))
            for index, batch in enumerate(batches):
                outcome = self._flush_batch(batch, deliver)
                result = result + outcome
                if outcome.error is not None:
                    for later in batches[index + 1 :]:
                        result = result + FlushResult(
                            remaining=sum(1 for _ in _complete_lines(later))
                        )
                    break
            return result

    def _claim_pending(self) -> None:
        """Move pending.jsonl aside as a batch, so appends go on while we deliver."""
        with self._lock(APPEND_LOCK):
            try:
                if self.pending_path.stat().st_size == 0:
                    return
            except FileNotFoundError:
                return
            batch = self.directory / f"{BATCH_PREFIX}{time.time_ns():020d}-{os.getpid()}.jsonl"
            os.rename(self.pending_path, batch)
            _fsync_directory(self.directory)

    def _flush_batch(self, batch: Path, deliver: Deliver) -> FlushResult:
        lines = _all_lines(batch)
        delivered = duplicates = failed = 0
        for index, (line, complete) in enumerate(lines):
            try:
                record = OutboxRecord.from_json(json.loads(line)) if complete else None
            except (ValueError, OutboxRecordError) as exc:
                logger.warning("outbox %s: unreadable line %d set aside: %s", batch, index, exc)
                record = None
            if record is None:
                self._set_aside(line, "unreadable line (torn write?)")
                failed += 1
                continue
            try:
                created = deliver(record)
            except PERMANENT_ERRORS as exc:
                logger.warning("outbox: answer %s refused for good, set aside: %s", record.key, exc)
                self._set_aside(line, f"{type(exc).__name__}: {exc}")
                failed += 1
                continue
            except Exception as exc:  # noqa: BLE001 - any other error means "try again later"
                remaining = [text for text, _ in lines[index:]]
                _replace_lines(batch, remaining)
                return FlushResult(
                    delivered=delivered,
                    duplicates=duplicates,
                    failed=failed,
                    remaining=len(remaining),
                    error=error_summary(exc),
                )
            if created:
                delivered += 1
            else:
                duplicates += 1
        batch.unlink(missing_ok=True)
        _fsync_directory(self.directory)
        return FlushResult(delivered=delivered, duplicates=duplicates, failed=failed)

    def _set_aside(self, line: str, why: str) -> None:
        entry = {"failed_at": datetime.now(UTC).isoformat(), "error": why, "line": line}
        self._append_line(self.failed_path, json.dumps(entry, ensure_ascii=False))

    @contextmanager
    def _lock(self, name: str) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.directory / name, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


# --- delivering to the database ----------------------------------------------------------


def database_deliverer(engine: Engine, settings: Settings, analyzer: Analyzer) -> Deliver:
    """A :data:`Deliver` that stores records with ``record_response`` in ``engine``.

    The engine and the analyzer are the caller's (the action server's, the CLI's), never
    built here, so one process has one of each.
    """

    def deliver(record: OutboxRecord) -> bool:
        with session_scope(engine) as session:
            _response, created = record_response(
                session,
                record.response,
                analyzer=analyzer,
                settings=settings,
                source=record.source,
                transcript=record.transcript,
            )
            return created

    return deliver


def flush_outbox(settings: Settings, *, engine: Engine, analyzer: Analyzer) -> FlushResult:
    """Write every answer waiting in ``settings.outbox_path`` to the database.

    Safe to run at any time and from several processes (``closedloop flush-outbox``, the
    runner at start, the action server's background flusher): each answer is stored once.
    """
    outbox = Outbox(settings.outbox_path)
    if not outbox.has_pending():
        return FlushResult()
    return outbox.flush(database_deliverer(engine, settings, analyzer))


# --- file helpers ---------------------------------------------------------------------------


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _all_lines(path: Path) -> list[tuple[str, bool]]:
    """Every non-empty line with whether it ended with a newline (a torn last line does not)."""
    raw = path.read_bytes()
    lines: list[tuple[str, bool]] = []
    for chunk in raw.split(b"\n")[:-1]:
        if chunk.strip():
            lines.append((chunk.decode("utf-8", errors="replace"), True))
    tail = raw.rsplit(b"\n", 1)[-1] if b"\n" in raw else raw
    if tail.strip():
        lines.append((tail.decode("utf-8", errors="replace"), False))
    return lines


def _complete_lines(path: Path) -> Iterator[str]:
    try:
        lines = _all_lines(path)
    except FileNotFoundError:
        return
    yield from (line for line, complete in lines if complete)


def _replace_lines(path: Path, lines: list[str]) -> None:
    """Atomically replace ``path`` with ``lines`` (temp file, fsync, rename, fsync dir)."""
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("wb") as handle:
        handle.write("".join(line + "\n" for line in lines).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _fsync_directory(path.parent)


def error_summary(exc: BaseException) -> str:
    """``"OperationalError: connection refused"``: the type and the first line, for logs."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0][:300] if text else ''}"
