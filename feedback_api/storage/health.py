"""The write that readiness checks: one row of ``readiness_probes``, rewritten each time."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from feedback_api.models import ReadinessProbe, utcnow

PROBE_ID = 1


def prove_writable(session: Session) -> None:
    """Write the probe row (created on first use); raises when the database takes no writes."""
    now = utcnow()
    updated = session.execute(
        update(ReadinessProbe).where(ReadinessProbe.id == PROBE_ID).values(checked_at=now)
    )
    if getattr(updated, "rowcount", 0) == 0:
        session.add(ReadinessProbe(id=PROBE_ID, checked_at=now))
    session.flush()
