"""The action server: rasa_sdk's, plus Prometheus metrics and Rasa 3.6's selective domain.

    python -m bot.actions.server --actions bot.actions --port 5055

It takes ``python -m rasa_sdk``'s options (rasa_sdk's own argument parser; not ``--grpc``:
Rasa 3.6 calls actions over HTTP) and serves the same ``/webhook``, ``/health`` and
``/actions``, with two differences, both needed by this product and not offered by rasa_sdk:

* ``GET /metrics``: the counters of :mod:`bot.actions.metrics` in Prometheus' text format,
  on the action server's own port (keep it internal, like the webhook);
* an action call without a domain gets an empty one. Rasa sends its ~180 kB domain on
  every action call unless ``enable_selective_domain`` is set on the action endpoint
  (``endpoints.yml``); then only actions marked ``send_domain: true`` in ``domain.yml``
  get it, the ones that read it (the session start, the form validations), and then
  without its responses (``bot.action_domain``). rasa_sdk 3.21
  would answer every other call with HTTP 449, expecting a digest of a domain it has cached
  that only Rasa Pro sends.

rasa_sdk builds its Sanic app from a factory in each worker process (``AppLoader``), so the
app is made by :func:`create_app` here, a module-level function the worker can import.
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from collections.abc import Sequence
from functools import partial
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app_for_serve, create_argument_parser, create_ssl_config
from rasa_sdk.executor import ActionExecutor, ActionExecutorRunResult, CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection
from sanic import HTTPResponse, Request, Sanic, response
from sanic.worker.loader import AppLoader

from bot.actions.metrics import ACTION_DURATION, ACTION_RUNS, REGISTRY

logger = logging.getLogger(__name__)

UNKNOWN_ACTION = "unknown"


class ClosedLoopExecutor(ActionExecutor):
    """rasa_sdk's executor, counting and timing each call, tolerant of a left-out domain."""

    def update_and_return_domain(
        self, payload: dict[str, Any], action_name: str
    ) -> dict[str, Any] | None:
        """The call's domain; empty when Rasa left it out (the action is not marked
        ``send_domain``, so it does not read the domain)."""
        if payload.get("domain") is None and payload.get("domain_digest") is None:
            return {}
        domain: dict[str, Any] | None = super().update_and_return_domain(payload, action_name)
        return domain

    async def run(
        self,
        action_call: dict[str, Any],
        sink: Any = None,
        dispatcher: CollectingDispatcher | None = None,
    ) -> ActionExecutorRunResult | None:
        """Run the action like rasa_sdk does, and count its outcome and duration."""
        requested = action_call.get("next_action")
        action = requested if isinstance(requested, str) and requested in self.actions else None
        label = action or UNKNOWN_ACTION
        started = time.perf_counter()
        outcome = "error"
        try:
            result: ActionExecutorRunResult | None = await super().run(
                action_call, sink, dispatcher
            )
            outcome = "ok"
            return result
        except ActionExecutionRejection:
            outcome = "rejected"
            raise
        finally:
            ACTION_RUNS.labels(label, outcome).inc()
            ACTION_DURATION.labels(label).observe(time.perf_counter() - started)


async def metrics(_request: Request) -> HTTPResponse:
    """The action server's metrics in Prometheus' text format."""
    return response.raw(generate_latest(REGISTRY), content_type=CONTENT_TYPE_LATEST)


def create_app(executor: ActionExecutor, args: argparse.Namespace) -> Sanic[Any, Any]:
    """rasa_sdk's app for ``executor``, with ``GET /metrics``."""
    app: Sanic[Any, Any] = create_app_for_serve(
        executor,
        cors_origins=args.cors,
        auto_reload=args.auto_reload,
        endpoints=args.endpoints,
    )
    app.add_route(metrics, "/metrics", methods=["GET"])
    return app


def configure_logging(args: argparse.Namespace) -> None:
    """Log like ``python -m rasa_sdk`` does."""
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the actions of ``--actions`` (default ``bot.actions``) until stopped."""
    parser = create_argument_parser()
    args = parser.parse_args(argv)
    if args.grpc:
        parser.error("--grpc is not supported here: Rasa 3.6 calls actions over HTTP")
    configure_logging(args)
    executor = ClosedLoopExecutor()
    executor.register_package(args.actions_module or args.actions or "bot.actions")
    loader = AppLoader(factory=partial(create_app, executor, args))
    app = loader.load()
    app.prepare(
        host=os.environ.get("SANIC_HOST", "0.0.0.0"),  # rasa_sdk's default
        port=args.port,
        ssl=create_ssl_config(args.ssl_certificate, args.ssl_keyfile, args.ssl_password),
        workers=utils.number_of_sanic_workers(),
    )
    logger.info("Action endpoint is up and running on port %s (metrics at /metrics)", args.port)
    Sanic.serve(primary=app, app_loader=loader)


if __name__ == "__main__":
    main()
