"""The sentiment service: one process that holds the model and scores for every other.

Why a process of its own: every API worker and action server that loads the transformers
model holds about a gigabyte, and on a machine with a few of them the models fight over the
same cores. Here the model is loaded once, uses every core, and the comments of all callers
arriving together are scored in one batched call (the transformers backend merges concurrent
calls: :mod:`sentiment.coalesce`). Callers use :class:`sentiment.remote.RemoteAnalyzer`.

The HTTP interface, JSON both ways:

* ``POST /v1/analyze`` ``{"items": [{"text": "...", "language": "ka"}, ...]}`` →
  ``{"results": [{"label", "polarity", "confidence", "backend", "reason"}, ...]}``, in order;
* ``GET /v1/info`` → ``{"name": "...", "languages": [...]}``;
* ``GET /healthz`` → 200 once the model is loaded (the server accepts no request before);
* ``GET /metrics`` → Prometheus' text format: ``closedloop_sentiment_requests_total{outcome}``
  (``ok``, ``bad_request``, ``error``), ``closedloop_sentiment_texts_total`` and
  ``closedloop_sentiment_request_duration_seconds`` (waiting for the model included).

Bad requests get a 4xx that says what is wrong; nothing here reads settings (the caller
builds the analyzer and passes it in).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import asdict
from functools import partial

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sentiment.base import SentimentAnalyzer

_LOG = logging.getLogger(__name__)

MAX_ITEMS = 256
"""Texts per request: callers send one answer's comment, or a flush of a few hundred."""

MAX_TEXT_CHARS = 20_000
"""Characters per text; the model reads only its first few hundred tokens anyway."""

SCORING_THREADS = 64
"""Threads that may wait for the model at once: the more wait, the bigger the merged batch."""


class BadRequest(ValueError):
    """The request's body is not what ``/v1/analyze`` takes; the message says why."""


def parse_items(body: object) -> list[tuple[str, str]]:
    """The ``(text, language)`` pairs of an ``/v1/analyze`` body, or :class:`BadRequest`."""
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise BadRequest('the body must be {"items": [{"text": ..., "language": ...}, ...]}')
    items = body["items"]
    if len(items) > MAX_ITEMS:
        raise BadRequest(f"at most {MAX_ITEMS} items per request, got {len(items)}")
    pairs: list[tuple[str, str]] = []
    for position, item in enumerate(items):
        text = item.get("text") if isinstance(item, dict) else None
        language = item.get("language") if isinstance(item, dict) else None
        if not isinstance(text, str) or not isinstance(language, str) or not language.strip():
            raise BadRequest(f"items[{position}] needs a string text and a non-empty language")
        if len(text) > MAX_TEXT_CHARS:
            raise BadRequest(f"items[{position}].text is over {MAX_TEXT_CHARS} characters")
        pairs.append((text, language))
    return pairs


class _Metrics:
    """The service's counters, in a registry of its own (one per app, so tests can build
    several apps in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "closedloop_sentiment_requests",
            "Scoring requests by outcome (ok, bad_request, error)",
            ["outcome"],
            registry=self.registry,
        )
        self.texts = Counter("closedloop_sentiment_texts", "Texts scored", registry=self.registry)
        self.duration = Histogram(
            "closedloop_sentiment_request_duration_seconds",
            "Time to answer a scoring request, waiting for the model included",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
            registry=self.registry,
        )


def create_app(analyzer: SentimentAnalyzer) -> Starlette:
    """The service for ``analyzer``; its model loads before the server takes requests."""
    executor = ThreadPoolExecutor(SCORING_THREADS, thread_name_prefix="sentiment")
    metrics = _Metrics()

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await asyncio.get_running_loop().run_in_executor(executor, analyzer.warm_up)
        yield
        executor.shutdown(wait=False, cancel_futures=True)

    async def analyze(request: Request) -> JSONResponse:
        started = time.perf_counter()
        try:
            items = parse_items(json.loads(await request.body()))
        except (json.JSONDecodeError, UnicodeDecodeError):
            metrics.requests.labels("bad_request").inc()
            return _error(400, "bad_request", "the body is not JSON")
        except BadRequest as exc:
            metrics.requests.labels("bad_request").inc()
            return _error(400, "bad_request", str(exc))
        # In a thread: the model must not block the loop, and callers waiting together are
        # merged into one model call by the backend.
        try:
            results = await asyncio.get_running_loop().run_in_executor(
                executor, partial(analyzer.analyze_batch, items)
            )
        except Exception:  # noqa: BLE001 - logged; the caller gets a 500, keeps the answer
            _LOG.exception("scoring %d texts failed", len(items))
            metrics.requests.labels("error").inc()
            return _error(500, "scoring_failed", "the model failed; see the service's log")
        metrics.requests.labels("ok").inc()
        metrics.texts.inc(len(items))
        metrics.duration.observe(time.perf_counter() - started)
        return JSONResponse({"results": [asdict(result) for result in results]})

    async def prometheus(_request: Request) -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    async def info(_request: Request) -> JSONResponse:
        return JSONResponse({"name": analyzer.name, "languages": sorted(analyzer.languages)})

    async def healthz(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "analyzer": analyzer.name})

    return Starlette(
        routes=[
            Route("/v1/analyze", analyze, methods=["POST"]),
            Route("/v1/info", info, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", prometheus, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


def _error(status: int, error: str, message: str) -> JSONResponse:
    return JSONResponse({"error": error, "message": message}, status_code=status)
