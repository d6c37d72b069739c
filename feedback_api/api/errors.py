"""Every error is JSON with a clear message: ``{"error": code, "message": text, ...}``.

Clients (and people reading logs) get the same shape for a 401, a 422 and the 500 that
should never happen, and validation errors say which field was wrong and why.

A database that cannot be reached (or takes no writes) is an outage, not a bug: every
endpoint answers 503 with ``Retry-After`` so clients and load balancers back off and retry.
So does an answer whose comment cannot be scored because the sentiment service is away: it
is refused whole, never stored unscored.
An unexpected error is answered here, logged once, and not re-raised, so the server keeps
the client's keep-alive connection open instead of resetting it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, InternalError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sentiment.remote import SentimentUnavailableError

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    503: "database_unavailable",
}
RETRY_AFTER_S = 5
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeoutError)
# SQLSTATEs the driver reports as an "internal" error that are an outage all the same:
# 25006 read_only_sql_transaction (a standby, a database or role set read-only).
OUTAGE_SQLSTATES = frozenset({"25006"})


def _describe(error: Mapping[str, Any]) -> dict[str, object]:
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return {"field": ".".join(loc) or None, "message": message, "type": error.get("type")}


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    details = [_describe(e) for e in exc.errors()]
    summary = "; ".join(
        f"{d['field']}: {d['message']}" if d["field"] else str(d["message"]) for d in details
    )
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content=jsonable_encoder(
            {"error": "validation_error", "message": summary, "details": details}
        ),
    )


_METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (a path can have one route per method).

    Starlette's 405 names only the first route's methods, so ``GET`` and ``PATCH`` on
    ``/v1/cases/{id}`` (two routes) would be announced as ``GET`` alone.
    """
    routes = request.app.router.routes
    allowed = [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    ]
    return ", ".join(allowed)


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        headers["Allow"] = _allowed_methods(request)
    return JSONResponse(
        status_code=exc.status_code,
        content={"error": _CODES.get(exc.status_code, "error"), "message": str(exc.detail)},
        headers=headers or None,
    )


def database_unavailable() -> JSONResponse:
    """The 503 every endpoint answers while the database is down."""
    return JSONResponse(
        status_code=503,
        content={
            "error": "database_unavailable",
            "message": "the database is unavailable; try again shortly",
        },
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


async def _database_down(request: Request, exc: Exception) -> JSONResponse:
    # The exception's text holds the SQL; its type says enough and holds no personal data.
    reason = type(getattr(exc, "orig", None) or exc).__name__
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, reason)
    return database_unavailable()


async def _database_internal(request: Request, exc: Exception) -> JSONResponse:
    """A read-only database is an outage (503); any other internal error stays a 500."""
    if getattr(getattr(exc, "orig", None), "sqlstate", None) in OUTAGE_SQLSTATES:
        return await _database_down(request, exc)
    raise exc  # CatchUnexpected answers it: one logged 500


class CatchUnexpected:
    """ASGI middleware: an unexpected error becomes one logged 500, never a reset connection.

    Starlette's own handler for ``Exception`` answers and then re-raises, so the server
    logs the traceback a second time and closes the keep-alive connection. Catching it
    here, inside that handler, ends the story with the response.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:  # too late for a 500; the server ends this response
                raise
            response = JSONResponse(
                status_code=500,
                content={"error": "internal_error", "message": "something went wrong on our side"},
            )
            await response(scope, receive, send)


async def _sentiment_down(request: Request, exc: Exception) -> JSONResponse:
    """The sentiment service is away: nothing was stored, so the client may simply retry."""
    log.warning("sentiment service unavailable on %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse(
        status_code=503,
        content={
            "error": "sentiment_unavailable",
            "message": "the comment cannot be scored right now and nothing was stored; "
            "try again shortly",
        },
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    for error in DATABASE_DOWN:
        app.add_exception_handler(error, _database_down)
    app.add_exception_handler(InternalError, _database_internal)
    app.add_exception_handler(SentimentUnavailableError, _sentiment_down)
    app.add_middleware(CatchUnexpected)
