"""Engine and session factories, created lazily so importing a module never connects.

SQLite is the zero-setup default; PostgreSQL is the production database. The few places
where the two differ (foreign keys and a period function on SQLite) are handled here so
the rest of the code stays dialect-agnostic.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from feedback_api.settings import Settings, get_settings


def period_start(value: str | None, unit: str, tz: str) -> str | None:
    """Start of the day/week/month containing ``value`` (naive UTC ISO) in time zone ``tz``.

    Registered as the SQL function ``cl_period`` on SQLite, which has no time-zone-aware
    date_trunc; PostgreSQL uses its own ``date_trunc`` instead (see storage.metrics).
    """
    if value is None:
        return None
    moment = datetime.fromisoformat(str(value)).replace(tzinfo=UTC).astimezone(ZoneInfo(tz))
    day = moment.date()
    if unit == "week":
        day = day.fromordinal(day.toordinal() - day.weekday())
    elif unit == "month":
        day = day.replace(day=1)
    return day.isoformat()


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    dbapi_connection.create_function("cl_period", 3, period_start, deterministic=True)


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with the settings each dialect needs."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 5},
            hide_parameters=True,  # SQL parameters carry customer ids and emails: never log them
        )
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True
    )


@lru_cache
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine(settings: Settings | None = None) -> Engine:
    """The process-wide engine for the configured database (created on first use)."""
    return _engine_for((settings or get_settings()).sqlalchemy_url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to ``engine``; objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A transaction: commit on success, roll back on any error."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
