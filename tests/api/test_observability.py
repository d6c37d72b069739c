"""GET /metrics: request latencies by route template, answers, cases and the outbox depth."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from feedback_api.models import Role
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.outbox import Outbox, OutboxRecord


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus' text format (fails when it is missing)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = (
        rf"^{re.escape(name)}(?:\{{{re.escape(wanted)}\}})? (\S+)$"
        if labels
        else (rf"^{re.escape(name)} (\S+)$")
    )
    match = re.search(pattern, text, re.MULTILINE)
    assert match, f"{name} {labels} not in the metrics"
    return float(match.group(1))


def test_metrics_count_answers_cases_and_latency(
    client: TestClient, make_key: Callable[[Role], dict[str, str]], settings: Settings
) -> None:
    service = make_key(Role.SERVICE)
    before = client.get("/metrics").text
    answers, cases = (
        sample(before, "closedloop_answers_stored_total"),
        sample(before, "closedloop_cases_opened_total"),
    )
    for score in (1, 10):
        body = {"kind": "nps", "score": score, "customer_id": f"metrics-{score}"}
        assert client.post("/v1/responses", json=body, headers=service).status_code == 201
    Outbox(settings.outbox_path).append(
        OutboxRecord(response=ResponseCreate(kind="nps", score=3, idempotency_key="m-1"))
    )

    after = client.get("/metrics")

    assert after.status_code == 200
    assert after.headers["content-type"].startswith("text/plain")
    assert sample(after.text, "closedloop_answers_stored_total") == answers + 2
    assert sample(after.text, "closedloop_cases_opened_total") == cases + 1  # the detractor
    assert sample(after.text, "closedloop_outbox_depth") == 1
    route = {"method": "POST", "route": "/v1/responses", "status": "201"}
    assert sample(after.text, "closedloop_http_request_duration_seconds_count", **route) == 2


def test_latency_is_labelled_by_route_template_not_path(client: TestClient) -> None:
    client.get("/v1/feedback/12345")  # no key: 401, but still timed under its template
    client.get("/no/such/page")

    text = client.get("/metrics").text

    assert "/v1/feedback/12345" not in text
    assert re.search(r'route="/v1/feedback/\{[a-z_]+\}"', text)
    assert 'route="unmatched",status="404"' in text
