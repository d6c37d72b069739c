"""Input an attacker sends on purpose: each of these was a 500 (or worse) once.

NUL and other control characters, times UTC cannot hold, forged cursors, booleans and
strings where a score belongs, and SQL parameters in the log when a query fails.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from feedback_api.models import Role

MakeKey = Callable[..., dict[str, str]]


@pytest.fixture
def service(make_key: MakeKey) -> dict[str, str]:
    return make_key(Role.SERVICE)


@pytest.fixture
def agent(make_key: MakeKey) -> dict[str, str]:
    return make_key(Role.AGENT)


@pytest.mark.parametrize("field", ["customer_id", "conversation_id", "email", "idempotency_key"])
@pytest.mark.parametrize("bad", ["a\x00b", "a\nb", "a\x1bb"])
def test_control_characters_in_ids_are_422(
    client: TestClient, service: dict[str, str], field: str, bad: str
) -> None:
    body = {"kind": "nps", "score": 9, "contact_consent": True, field: bad}
    if field == "email":
        body[field] = "x" + bad + "@example.com"
    response = client.post("/v1/responses", json=body, headers=service)
    assert response.status_code == 422, response.text


def test_control_characters_in_assignee_are_422(
    client: TestClient, service: dict[str, str], agent: dict[str, str]
) -> None:
    created = client.post("/v1/responses", json={"kind": "nps", "score": 2}, headers=service)
    case_id = created.json()["case_id"]
    patched = client.patch(f"/v1/cases/{case_id}", json={"assignee": "ann\x00"}, headers=agent)
    assert patched.status_code == 422, patched.text
    listed = client.get("/v1/detractors", params={"assignee": "ann\x00"}, headers=agent)
    assert listed.status_code == 422, listed.text


@pytest.mark.parametrize(
    "created_at",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1999-12-31T23:00:00Z"],
)
def test_times_out_of_range_are_422(
    client: TestClient, service: dict[str, str], created_at: str
) -> None:
    body = {"kind": "nps", "score": 9, "created_at": created_at}
    response = client.post("/v1/responses", json=body, headers=service)
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("created_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_forged_cursor_with_extreme_time_is_400(
    client: TestClient, agent: dict[str, str], created_at: str
) -> None:
    forged = json.dumps({"sort": "newest", "created_at": created_at, "id": 1}).encode()
    cursor = base64.urlsafe_b64encode(forged).decode().rstrip("=")
    response = client.get("/v1/detractors", params={"cursor": cursor}, headers=agent)
    assert response.status_code == 400, response.text


@pytest.mark.parametrize("score", [True, "5", 5.0])
def test_score_must_be_a_json_integer(
    client: TestClient, service: dict[str, str], score: object
) -> None:
    response = client.post("/v1/responses", json={"kind": "nps", "score": score}, headers=service)
    assert response.status_code == 422, response.text


def test_failed_query_does_not_log_its_parameters(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "someone@example.com"
    with pytest.raises(DBAPIError) as failure, engine.connect() as conn:
        conn.execute(text("SELECT * FROM no_such_table WHERE email = :email"), {"email": secret})
    assert secret not in str(failure.value)
    assert all(secret not in record.getMessage() for record in caplog.records)
