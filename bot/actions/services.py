"""The settings, engine and sentiment analyzer the actions run on, built once per process.

Actions never build engines or analyzers themselves, nor use them directly: they reach
data through :class:`bot.actions.store.FeedbackStore`, which asks :func:`get_services`, which
builds them lazily from the ``CLOSEDLOOP_*`` environment the first time (nothing happens at
import, so the action server starts even while the database is down). Tests swap in their own
database with :func:`use_services`. The one exception is the sentiment model: the action
server loads it in the background as it starts (:func:`warm_up_in_background`), so the first
survey comment does not wait seconds for it and a broken model shows in the log at once.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from sqlalchemy import Engine

from feedback_api.db import get_engine
from feedback_api.settings import Settings, get_settings
from feedback_api.storage.responses import Analyzer
from sentiment.base import SentimentAnalyzer

# The action server's own format (rasa_sdk.utils.configure_colored_logging).
LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s  - %(message)s"

logger = logging.getLogger(__name__)


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

    def warm_up(self) -> None:
        """Build the analyzer and load its model now rather than at the first comment."""
        analyzer = self.analyzer
        if isinstance(analyzer, SentimentAnalyzer):
            analyzer.warm_up()


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


ACTION_SERVER_MAINS = ("bot.actions.server", "rasa_sdk.__main__")


def started_as_action_server() -> bool:
    """Whether this process is the action server (``python -m bot.actions.server``, or
    rasa_sdk's own), not a test run.

    Importing :mod:`bot.actions` is the only start-up hook rasa_sdk gives the actions.
    """
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return spec is not None and spec.name in ACTION_SERVER_MAINS


def warm_up_in_background() -> threading.Thread:
    """Load the sentiment model in a daemon thread, so the server answers at once meanwhile.

    A request that needs the analyzer before it is ready waits for it (``cached_property``
    builds it once under its lock), as it would without the warm-up.
    """

    def warm_up() -> None:
        try:
            get_services().warm_up()
        except Exception:  # logged: the thread's end is the only place to see it
            logger.exception("the sentiment analyzer failed to load; stored comments will fail")
        else:
            logger.info("sentiment analyzer ready")

    thread = threading.Thread(target=warm_up, name="sentiment-warm-up", daemon=True)
    thread.start()
    return thread


@contextmanager
def use_services(services: Services) -> Iterator[Services]:
    """Make the actions use ``services`` (a test database) inside the ``with`` block."""
    global _override
    previous, _override = _override, services
    try:
        yield services
    finally:
        _override = previous
