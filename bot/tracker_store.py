"""Rasa's SQL tracker store, without re-reading the whole conversation on every turn.

Loaded by the Rasa server (Python 3.10, Rasa's virtualenv) from ``endpoints.yml`` and
``bot/endpoints.production.yml`` as ``type: bot.tracker_store.CachingSQLTrackerStore``;
the same options as Rasa's ``type: SQL`` plus ``cache_size``, ``history_turns`` and
``transcript_turns``.

Rasa's ``SQLTrackerStore`` rebuilds the tracker for every message: it reads every event of
the current session, decodes each row's JSON and replays them all (``retrieve``), then
counts them all again to find the new ones (``save``). Both grow with the conversation, on
Rasa's event loop (docs/performance.md: turn 200 took 4.5x turn 5).

This store keeps the tracker it saved last for each of the ``cache_size`` most recent
conversations, with the id of the conversation's last event row. ``retrieve`` asks the
database one indexed question (the conversation's highest event id): if it is still the
one this process wrote, nobody else has written since (another Rasa process sharing the
database, the HTTP API), and the kept tracker is handed out instead of being rebuilt;
otherwise the conversation is read like Rasa does. ``save`` writes the events after those
known to be stored, like Rasa, without counting them first. What Rasa stores, and how, is
unchanged: rows are Rasa's own, readable by Rasa's store and by ``rasa export``.

Safe by construction rather than by trust in Rasa's call order:

* a kept tracker is taken out of the cache when handed out, so a tracker that was changed
  but never saved (a turn that failed half-way) is never handed out again: the next turn
  reads the database;
* it is kept only while its event count is the count stored, and only if it holds one
  conversation session (after a session restart Rasa's own read returns only the new
  session; the next turn reads it so);
* several Rasa processes: each trusts its copy only while the database ends with the row
  it wrote itself (a Redis lock store serialises the turns of one conversation).

Bounded history (``history_turns``, 0 for none): a session longer than that many user turns
is handed to Rasa cut to its last turns after a snapshot of the rest (bot/tracker_window.py),
so a turn's cost stops growing with the session; the messages of up to ``transcript_turns``
user turns in all travel with it as text, for the transcript our actions save with a case
(Rasa's policies never see them). The database still gets every event once:
what was handed out counts as stored, and only the events Rasa adds after it are written.
A tracker saved that this store did not hand out (or no longer remembers) is written from
just after the conversation's last stored event, found in the tracker; if the tracker does
not hold it, what is stored is counted, as Rasa does.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.tracker_window import compact

logger = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 200
# Turns in flight at once that still skip the count query, even with a tiny cache.
MIN_HANDED_OUT = 100


@dataclass
class _Kept:
    """A tracker this process saved, and what the database held for it then."""

    tracker: DialogueStateTracker
    stored: int  # how many of ``tracker.events`` are in the database
    last_id: int | None  # the id of the conversation's last event row, if known


def _sqlite_engine(engine: sa.engine.Engine) -> sa.engine.Engine:
    """A SQLite engine that keeps its connection, on a database in write-ahead-log mode.

    Rasa's engine for a SQLite file (SQLAlchemy 1.4's default for one) opens a connection
    for every read and write and closes it after, and leaves the file in rollback-journal
    mode: every commit creates, syncs and deletes a journal file (~1.1 ms on our disk).
    With the log (the file keeps the setting) a commit syncs one append (~0.3 ms), with the
    same durability (``synchronous`` stays FULL), and readers (the API, a second Rasa
    process) read while a turn writes. The log needs the connection kept: closing the last
    one folds the log back into the database, every time (docs/performance.md).
    """
    pooled = sa.create_engine(
        engine.url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}
    )
    engine.dispose()
    with pooled.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    return pooled


class CachingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that keeps recent conversations' trackers (module docstring)."""

    def __init__(
        self,
        *args: Any,
        cache_size: int = DEFAULT_CACHE_SIZE,
        history_turns: int = 0,
        transcript_turns: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (
            None,
            "",
            ":memory:",
        ):
            self.engine = _sqlite_engine(self.engine)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.cache_size = max(0, int(cache_size))
        self.history_turns = max(0, int(history_turns))
        self.transcript_turns = max(0, int(transcript_turns))
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        # Trackers handed out and not saved yet (their stored count saves the count query).
        # Bounded too: a tracker read but never saved (the HTTP API) must not stay forever;
        # a save whose entry is gone counts what is stored, as Rasa does.
        self._handed_out: OrderedDict[str, _Kept] = OrderedDict()

    def _last_event_id(self, session: Any, sender_id: str) -> int | None:
        last = session.query(sa.func.max(self.SQLEvent.id)).filter(
            self.SQLEvent.sender_id == sender_id
        )
        value = last.scalar()
        return int(value) if value is not None else None

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation's current session: the kept tracker if still current, else read."""
        kept = self._kept.pop(sender_id, None)
        if kept is not None and kept.last_id is not None:
            with self.session_scope() as session:
                current = self._last_event_id(session, sender_id)
            if current == kept.last_id and len(kept.tracker.events) == kept.stored:
                return self._hand_out(kept.tracker, kept.last_id)
        tracker = await super().retrieve(sender_id)
        return None if tracker is None else self._hand_out(tracker, None)

    def _hand_out(self, tracker: DialogueStateTracker, last_id: int | None) -> DialogueStateTracker:
        """``tracker`` (cut to the last turns where configured), remembered as stored."""
        tracker = (
            compact(tracker, self.history_turns, self.domain.slots, self.transcript_turns)
            or tracker
        )
        kept = _Kept(tracker, len(tracker.events), last_id)
        self._handed_out.pop(kept.tracker.sender_id, None)
        self._handed_out[kept.tracker.sender_id] = kept
        while len(self._handed_out) > max(self.cache_size, MIN_HANDED_OUT):
            self._handed_out.popitem(last=False)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Write the tracker's new events; keep the tracker for the conversation's next turn."""
        sender_id = tracker.sender_id
        handed = self._handed_out.pop(sender_id, None)
        self._kept.pop(sender_id, None)
        with self.session_scope() as session:
            if handed is not None and handed.tracker is tracker:
                stored = handed.stored
            else:  # not handed out by this store (or forgotten): find what is stored
                stored = self._stored_in(session, tracker)
            new_events = list(itertools.islice(tracker.events, stored, len(tracker.events)))
            if self.event_broker:
                await self._stream_new_events(self.event_broker, new_events, sender_id)
            rows = [_row(sender_id, event) for event in new_events]
            last_id = (
                self._insert(session, rows) if rows else self._last_event_id(session, sender_id)
            )
            session.commit()
        logger.debug(f"Tracker with sender_id '{sender_id}' stored to database")
        if self.cache_size and _one_session(tracker.events):
            self._kept[sender_id] = _Kept(tracker, len(tracker.events), last_id)
            while len(self._kept) > self.cache_size:
                self._kept.popitem(last=False)

    def _stored_in(self, session: Any, tracker: DialogueStateTracker) -> int:
        """How many of ``tracker.events`` are stored: up to the conversation's last row.

        A tracker handed out cut (module docstring) holds fewer events than the database, so
        counting rows would skip new events; its events end with the last stored one. When
        the tracker does not hold it, count the session's rows, as Rasa does.
        """
        last = (
            session.query(self.SQLEvent)
            .filter(self.SQLEvent.sender_id == tracker.sender_id)
            .order_by(self.SQLEvent.id.desc())
            .first()
        )
        if last is None:
            return 0
        stored = json.loads(last.data)
        events = list(tracker.events)
        for index in range(len(events) - 1, -1, -1):
            event = events[index]
            if event.timestamp == stored.get("timestamp") and _as_row(event) == stored:
                return index + 1
        count: int = self._event_query(
            session, tracker.sender_id, fetch_events_from_all_sessions=False
        ).count()
        return count

    def _insert(self, session: Any, rows: list[dict[str, Any]]) -> int:
        """Insert ``rows`` in their order; the id of the last one.

        One multi-row statement for all but the last row, then the last alone for its id:
        Rasa adds an ORM object per event, and SQLAlchemy 1.4 then sends one INSERT per row
        to learn each id (docs/performance.md, "Action calls and saves, again").
        """
        table = self.SQLEvent.__table__
        if len(rows) > 1:
            session.execute(table.insert(), rows[:-1])
        result = session.execute(table.insert(), rows[-1])
        return int(result.inserted_primary_key[0])


def _row(sender_id: str, event: Event) -> dict[str, Any]:
    """The database row Rasa's ``SQLTrackerStore.save`` writes for ``event``."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def _as_row(event: Event) -> Any:
    """``event`` as its stored row's ``data`` reads back (JSON turns tuples into lists)."""
    return json.loads(json.dumps(event.as_dict()))


def _one_session(events: list[Event] | Any) -> bool:
    """Whether ``events`` hold at most one session start (what Rasa's ``retrieve`` returns)."""
    starts = 0
    for event in events:
        if isinstance(event, SessionStarted):
            starts += 1
            if starts > 1:
                return False
    return True
