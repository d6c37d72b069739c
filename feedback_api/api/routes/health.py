"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from feedback_api.deps import SessionDep
from feedback_api.storage.health import prove_writable

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (it does not touch the database)."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    responses={503: {"description": "the database is unreachable or takes no writes"}},
)
def readyz(session: SessionDep) -> JSONResponse:
    """Ready to serve: the database answers and takes a write (one row, rewritten).

    A read alone passes on a read-only file or a standby, where every answer would fail.
    """
    try:
        prove_writable(session)
        session.commit()
    except SQLAlchemyError as exc:
        session.rollback()
        reason = type(getattr(exc, "orig", None) or exc).__name__
        log.warning("not ready: %s", reason)
        return JSONResponse(
            status_code=503,
            content={
                "status": "unavailable",
                "error": "database_unavailable",
                "message": f"database unreachable or read-only: {reason}",
            },
            headers={"Retry-After": "5"},
        )
    return JSONResponse({"status": "ready", "database": "ok"})
