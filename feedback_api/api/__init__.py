"""The JSON API: health checks, survey answers, the follow-up queue, NPS / CSAT results,
and Prometheus metrics.

:func:`install` adds it to the app that :func:`feedback_api.app.create_app` builds.
"""

from __future__ import annotations

from fastapi import FastAPI

from feedback_api.api import errors, observability
from feedback_api.api.limits import BodySizeLimit
from feedback_api.api.routes import cases, health, metrics, responses


def install(app: FastAPI) -> None:
    """Mount the API's routers, its JSON error format, its request-size limit and metrics."""
    errors.install(app)
    observability.install(app)
    app.add_middleware(BodySizeLimit)
    app.include_router(health.router)
    app.include_router(responses.router, prefix="/v1")
    app.include_router(cases.router, prefix="/v1")
    app.include_router(metrics.router, prefix="/v1")
