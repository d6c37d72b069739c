"""The sentiment service for this deployment's settings (:mod:`sentiment.service`).

Serve it with ``uvicorn feedback_api.sentiment_service:create_app --factory --port 5070``
(``closedloop run --production`` does), and point the API and the action servers at it with
``CLOSEDLOOP_SENTIMENT_URL``: the model is then loaded once per machine, not once per worker.
"""

from __future__ import annotations

from starlette.applications import Starlette

from feedback_api.analyzer import local_analyzer
from feedback_api.settings import get_settings
from sentiment import service


def create_app() -> Starlette:
    """The service, scoring with the analyzer the settings describe (never a remote one)."""
    return service.create_app(local_analyzer(get_settings()))
