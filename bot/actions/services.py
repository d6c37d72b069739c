"""The actions' one door to the database and the sentiment analyzer.

Actions never build engines or analyzers themselves: they ask :func:`get_services`, which
builds them lazily from the ``CLOSEDLOOP_*`` environment the first time (nothing happens at
import, so the action server starts even while the database is down). Tests swap in their own
database with :func:`use_services`.

The functions here are synchronous (SQLAlchemy sessions); actions call them through
``asyncio.to_thread`` so a slow database never blocks the action server's event loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import Engine

from feedback_api.db import get_engine, session_scope
from feedback_api.policy import SurveyKind
from feedback_api.schemas import ResponseCreate
from feedback_api.settings import Settings, get_settings
from feedback_api.storage.responses import (
    Analyzer,
    recently_surveyed,
    record_offer,
    record_response,
)

CHAT_SOURCE = "chat"
# The action server's own format (rasa_sdk.utils.configure_colored_logging).
LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s  - %(message)s"


class Services:
    """Settings plus the engine and analyzer made from them, each created on first use."""

    def __init__(
        self,
        settings: Settings,
        *,
        engine: Engine | None = None,
        analyzer: Analyzer | None = None,
    ) -> None:
        self.settings = settings
        if engine is not None:
            self.__dict__["engine"] = engine
        if analyzer is not None:
            self.__dict__["analyzer"] = analyzer

    @cached_property
    def engine(self) -> Engine:
        return get_engine(self.settings)

    @cached_property
    def analyzer(self) -> Analyzer:
        # Imported here: the sentiment backends are heavy and only needed when storing.
        from feedback_api.analyzer import analyzer_from_settings

        return analyzer_from_settings(self.settings)


_lock = threading.Lock()
_default: Services | None = None
_override: Services | None = None


def get_services() -> Services:
    """The services for this process: the test override, else built from the environment."""
    global _default
    if _override is not None:
        return _override
    with _lock:
        if _default is None:
            ensure_log_output()
            _default = Services(get_settings())
        return _default


def ensure_log_output() -> None:
    """Make our log lines ("answer stored", "outbox flushed") reach the action server's log.

    rasa_sdk configures logging when it starts, but by the time actions run the root logger
    has no handler left (rasa_sdk 3.21 on Sanic): our records would reach only Python's
    last-resort handler (warnings and up, unformatted) and the INFO lines an operator needs
    after an outage would be lost. Adds a handler to our own loggers only when nobody
    configured one, so a real logging configuration always wins.
    """
    if logging.getLogger().handlers:
        return
    for name in ("bot", "feedback_api"):
        package_logger = logging.getLogger(name)
        if not package_logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter(LOG_FORMAT))
            package_logger.addHandler(handler)
            package_logger.setLevel(logging.INFO)


@contextmanager
def use_services(services: Services) -> Iterator[Services]:
    """Make the actions use ``services`` (a test database) inside the ``with`` block."""
    global _override
    previous, _override = _override, services
    try:
        yield services
    finally:
        _override = previous


@dataclass(frozen=True)
class StoredAnswer:
    """What the actions need to know about a stored answer (the ORM object stays here)."""

    response_id: int
    created: bool
    flagged: bool


def save_response(
    services: Services, data: ResponseCreate, *, transcript: list[dict[str, Any]]
) -> StoredAnswer:
    """Store one chat answer (idempotent on ``data.idempotency_key``) in its own transaction."""
    with session_scope(services.engine) as session:
        response, created = record_response(
            session,
            data,
            analyzer=services.analyzer,
            settings=services.settings,
            source=CHAT_SOURCE,
            transcript=transcript,
        )
        return StoredAnswer(
            response_id=response.id, created=created, flagged=response.case is not None
        )


def save_offer(
    services: Services,
    *,
    kind: SurveyKind,
    customer_id: str | None,
    sender_id: str,
    channel: str,
    language: str,
    campaign: str | None,
) -> None:
    """Note that the bot offered a survey (the denominator of the response rate)."""
    with session_scope(services.engine) as session:
        record_offer(
            session,
            kind=kind,
            customer_id=customer_id,
            sender_id=sender_id,
            channel=channel,
            language=language,
            campaign=campaign,
        )


def was_recently_surveyed(services: Services, customer_id: str) -> bool:
    """Whether the survey throttle says not to ask this customer again yet."""
    with session_scope(services.engine) as session:
        return recently_surveyed(
            session,
            customer_id,
            days=services.settings.survey_throttle_days,
            now=datetime.now(UTC),
        )
