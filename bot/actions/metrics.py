"""The action server's Prometheus metrics, served at ``GET /metrics`` by :mod:`bot.actions.server`.

* ``closedloop_action_runs_total{action, outcome}``: action calls by outcome (``ok``,
  ``rejected``: a form said no, ``error``: the action raised and Rasa got a 500);
* ``closedloop_action_duration_seconds{action}``: how long each action took in this process
  (the tracker's parsing included, the HTTP transfer not);
* ``closedloop_action_answers_total{kind, result}``: survey answers this process delivered
  (``stored``, ``already_stored``: a retried submit, ``queued``: the database was down and
  the outbox took it, ``lost``: neither could, see the log);
* ``closedloop_outbox_depth``: answers waiting in this action server's outbox, read when
  Prometheus scrapes (the flusher of any process may have drained it meanwhile).

The counters count this process: the action server runs one Sanic worker (rasa_sdk's
default) and scales by running more action servers, each scraped on its own port. Only
registered action names become labels; a call for an unknown one counts as ``unknown``, so
a caller cannot grow the label set.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.actions.services import get_services
from feedback_api.storage.outbox import Outbox

REGISTRY: Final = CollectorRegistry()
# Around a chat turn's budget: most actions take milliseconds, a survey submit with the
# transformers sentiment model tens to hundreds of them.
_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

ACTION_RUNS: Final = Counter(
    "closedloop_action_runs",
    "Action calls by action and outcome (ok, rejected, error)",
    ["action", "outcome"],
    registry=REGISTRY,
)
ACTION_DURATION: Final = Histogram(
    "closedloop_action_duration_seconds",
    "Time one action call took in the action server",
    ["action"],
    buckets=_BUCKETS,
    registry=REGISTRY,
)
ANSWERS: Final = Counter(
    "closedloop_action_answers",
    "Survey answers delivered by this action server (stored, already_stored, queued, lost)",
    ["kind", "result"],
    registry=REGISTRY,
)


class OutboxDepth(Collector):
    """The outbox's pending answers, counted when scraped (settings of this process)."""

    def collect(self) -> Iterator[Metric]:
        outbox = Outbox(get_services().settings.outbox_path)
        yield GaugeMetricFamily(
            "closedloop_outbox_depth",
            "Survey answers waiting in the outbox for the database",
            value=outbox.pending_count(),
        )


REGISTRY.register(OutboxDepth())
