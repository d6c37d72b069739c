"""The JSON API: health checks, survey answers, the follow-up queue and NPS / CSAT results.

:func:`install` adds it to the app that :func:`feedback_api.app.create_app` builds.
"""

from __future__ import annotations

from fastapi import FastAPI

from feedback_api.api import errors
from feedback_api.api.limits import BodySizeLimit, RequireCredentialsForWrites
from feedback_api.api.routes import cases, health, metrics, responses


def install(app: FastAPI) -> None:
    """Mount the API's routers, its JSON error format and its request-size limit."""
    errors.install(app)
    app.add_middleware(RequireCredentialsForWrites)
    app.add_middleware(BodySizeLimit)
    app.include_router(health.router)
    app.include_router(responses.router, prefix="/v1")
    app.include_router(cases.router, prefix="/v1")
    app.include_router(metrics.router, prefix="/v1")
