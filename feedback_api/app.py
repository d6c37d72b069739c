"""The FastAPI application: ``create_app()`` wires settings, database, the API and the pages.

It sits above both halves of the service: the JSON API (:mod:`feedback_api.api`) and the
pages for people (:mod:`feedback_api.web`), which share only :mod:`feedback_api.deps`.
Serve it with ``uvicorn feedback_api.app:create_app --factory``.

Nothing connects at import time: the engine and the sentiment analyzer are made when the
app is built (or passed in by tests), so importing the module is cheap and side-effect free.
The analyzer's lazily loaded parts (a transformers model) load at start-up, in the lifespan
hook, so the first customer's comment does not wait for them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy import Engine
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from feedback_api import __version__
from feedback_api.analyzer import analyzer_from_settings
from feedback_api.api import install as install_api
from feedback_api.db import get_engine, session_factory
from feedback_api.settings import Settings, get_settings
from feedback_api.web import install as install_web
from sentiment import SentimentAnalyzer


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    analyzer: SentimentAnalyzer | None = None,
) -> FastAPI:
    """Build the API for ``settings`` (default: the environment's)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.analyzer.warm_up()
        yield
        if engine is None:
            app.state.engine.dispose()

    app = FastAPI(
        title="ClosedLoop feedback API",
        version=__version__,
        description=(
            "Survey answers, sentiment, the detractor queue for agents, "
            "and NPS / CSAT results for marketers."
        ),
        lifespan=lifespan,
        # The schema maps every endpoint for an attacker: a setting, off in production.
        docs_url="/docs" if settings.serves_api_docs else None,
        redoc_url="/redoc" if settings.serves_api_docs else None,
        openapi_url="/openapi.json" if settings.serves_api_docs else None,
    )
    app.state.settings = settings
    app.state.engine = engine or get_engine(settings)
    app.state.session_factory = session_factory(app.state.engine)
    app.state.analyzer = analyzer or analyzer_from_settings(settings)

    if settings.trusted_proxies:
        # The client's address from X-Forwarded-For, believed only from these peers; the
        # server itself runs without proxy headers (closedloop api, the runner).
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PATCH"],
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
    )
    install_api(app)  # /healthz, /readyz and the JSON API under /v1
    install_web(app)  # the widget, demo shop, agent console and marketer dashboard
    return app
