"""A brake on password guessing at the sign-in form, counted in the database.

Failures are counted per client address (:data:`MAX_PER_ADDRESS`) and per address and
username together (:data:`MAX_PER_USER_AT_ADDRESS`) in a fixed window of :data:`WINDOW`.
In the database, so every API worker sees the same counts (in memory, four workers let
four times the guesses through). Nothing is counted per username alone: a stranger's
guesses from elsewhere then cannot lock the real user out. The address is the peer's,
or X-Forwarded-For's only from ``CLOSEDLOOP_TRUSTED_PROXIES`` (see feedback_api.app).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, select
from sqlalchemy.orm import Session

from feedback_api.models import SignInFailures, UTCDateTime
from feedback_api.storage.dialect import insert_for

WINDOW = timedelta(minutes=15)
MAX_PER_USER_AT_ADDRESS = 5
MAX_PER_ADDRESS = 20


def _scopes(username: str, address: str) -> dict[str, int]:
    """Each counter's key and its limit."""
    return {f"a:{address}": MAX_PER_ADDRESS, f"ua:{username}|{address}": MAX_PER_USER_AT_ADDRESS}


def retry_after(session: Session, *, username: str, address: str, now: datetime) -> int:
    """Seconds until this username may be tried from this address again; 0 when it may now."""
    limits = _scopes(username, address)
    rows = session.scalars(select(SignInFailures).where(SignInFailures.scope.in_(limits)))
    waits = [
        (row.window_started_at + WINDOW - now).total_seconds()
        for row in rows
        if row.failures >= limits[row.scope] and row.window_started_at + WINDOW > now
    ]
    return max(1, math.ceil(max(waits))) if waits else 0


def record_failure(session: Session, *, username: str, address: str, now: datetime) -> None:
    """Count one failed sign-in on each counter (atomically, whichever worker saw it)."""
    expired = literal(now - WINDOW, UTCDateTime())
    started = literal(now, UTCDateTime())
    session.execute(delete(SignInFailures).where(SignInFailures.window_started_at <= expired))
    for scope in _scopes(username, address):
        insert = insert_for(session, SignInFailures).values(
            scope=scope, failures=1, window_started_at=now
        )
        stale = SignInFailures.window_started_at <= expired
        session.execute(
            insert.on_conflict_do_update(
                index_elements=[SignInFailures.scope],
                set_={
                    "failures": case((stale, 1), else_=SignInFailures.failures + 1),
                    "window_started_at": case(
                        (stale, started), else_=SignInFailures.window_started_at
                    ),
                },
            )
        )


def record_success(session: Session, *, username: str, address: str) -> None:
    """The right password from this address: forget that pair's failures."""
    session.execute(
        delete(SignInFailures).where(SignInFailures.scope == f"ua:{username}|{address}")
    )
