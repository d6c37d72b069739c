"""Prometheus metrics at ``GET /metrics``: request latencies, answers, cases, outbox depth.

Request latencies are a histogram per method, route template (``/v1/feedback/{id}``, never
the raw path, so ids do not explode the label set) and status, timed by a plain ASGI
middleware. Answers stored, cases opened and the outbox depth are read when Prometheus
scrapes, from the database and the outbox directory: every API worker, the action server
and ``seed-demo`` write to those, so a per-process counter would see only its own share,
while the database's count is the same whichever worker answers the scrape.

With several uvicorn workers, set ``PROMETHEUS_MULTIPROC_DIR`` (prometheus-client's own
variable, read at import) to an empty directory: each worker writes its latencies there
and the scrape merges them, whichever worker serves it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from feedback_api.models import FollowUpCase, SurveyResponse
from feedback_api.storage.outbox import Outbox

# Buckets around the goals in docs/performance.md (20, 50, 80 ms), up to slow exports.
_BUCKETS = (0.005, 0.01, 0.02, 0.035, 0.05, 0.08, 0.12, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class StoreCollector(Collector):
    """Answers stored and cases opened (from the database), answers waiting in the outbox."""

    def __init__(self, sessions: sessionmaker[Session], outbox: Outbox) -> None:
        self._sessions = sessions
        self._outbox = outbox

    def collect(self) -> Iterator[Metric]:
        with self._sessions() as session:
            answers = session.scalar(select(func.count()).select_from(SurveyResponse)) or 0
            cases = session.scalar(select(func.count()).select_from(FollowUpCase)) or 0
        yield CounterMetricFamily(
            "closedloop_answers_stored", "Survey answers stored (dismissals too)", value=answers
        )
        yield CounterMetricFamily("closedloop_cases_opened", "Follow-up cases opened", value=cases)
        yield GaugeMetricFamily(
            "closedloop_outbox_depth",
            "Survey answers waiting in the outbox for the database",
            value=self._outbox.pending_count(),
        )


class LatencyMiddleware:
    """Observe each HTTP request's duration, labelled by its route template."""

    def __init__(self, app: ASGIApp, histogram: Histogram) -> None:
        self.app = app
        self.histogram = histogram

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500  # what the client gets if the app raises before answering

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            self.histogram.labels(scope["method"], route_template(scope), str(status)).observe(
                time.perf_counter() - start
            )


def route_template(scope: Scope) -> str:
    """``/v1/feedback/{feedback_id}`` for ``/v1/feedback/12``; "unmatched" for no route.

    A route inside an included router knows only its own part of the path (without the
    router's prefix), so the prefix is taken from the request's path: as many leading
    segments as the path has beyond the route's own (our prefixes have no parameters).
    """
    route: str | None = getattr(scope.get("route"), "path", None)
    if route is None:
        return "unmatched"
    own = route.count("/")
    parts = str(scope["path"]).split("/")
    return "/".join(parts[: len(parts) - own]) + route


def install(app: FastAPI) -> None:
    """Add the latency middleware and ``GET /metrics`` to ``app``."""
    registry = CollectorRegistry()  # one per app, so tests can build many apps
    histogram = Histogram(
        "closedloop_http_request_duration_seconds",
        "HTTP request duration, by method, route template and status",
        ["method", "route", "status"],
        buckets=_BUCKETS,
        registry=registry,
    )
    store = StoreCollector(app.state.session_factory, Outbox(app.state.settings.outbox_path))
    registry.register(store)
    app.add_middleware(LatencyMiddleware, histogram=histogram)

    @app.get("/metrics", include_in_schema=False)
    def metrics(request: Request) -> Response:
        """The metrics in Prometheus' text format."""
        scrape = registry
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            scrape = CollectorRegistry()
            multiprocess.MultiProcessCollector(scrape)  # type: ignore[no-untyped-call]
            scrape.register(store)
        return Response(generate_latest(scrape), media_type=CONTENT_TYPE_LATEST)
