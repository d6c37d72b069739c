"""Request dependencies both the JSON API and the web pages use, as ``Annotated`` aliases.

Routes declare what they need by type (``session: SessionDep``); the objects come from
``app.state``, which :func:`feedback_api.app.create_app` fills. The API's key checks live
in :mod:`feedback_api.api.deps`, the pages' sign-in in :mod:`feedback_api.web.deps`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from feedback_api.settings import Settings
from sentiment import SentimentAnalyzer


# Dependencies that only read app.state are ``async def``: FastAPI runs a plain ``def``
# dependency in its thread pool, a hop that costs more than the lookup (docs/performance.md).
async def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """A session per request; committed by the route, rolled back on error."""
    session = request.app.state.session_factory()
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


async def get_sentiment(request: Request) -> SentimentAnalyzer:
    analyzer: SentimentAnalyzer = request.app.state.analyzer
    return analyzer


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
AnalyzerDep = Annotated[SentimentAnalyzer, Depends(get_sentiment)]
