"""Every role on every agent and marketer endpoint, and every way to fail authentication."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from feedback_api.models import Role, utcnow
from feedback_api.storage.keys import revoke_key
from tests.storage.factories import Data

MakeKey = Callable[..., dict[str, str]]

ENDPOINTS = [
    ("GET", "/v1/detractors", Role.AGENT),
    ("GET", "/v1/feedback/{id}", Role.AGENT),
    ("PATCH", "/v1/feedback/{id}", Role.AGENT),
    ("GET", "/v1/nps", Role.MARKETER),
    ("GET", "/v1/csat", Role.MARKETER),
    ("GET", "/v1/export/responses.csv", Role.MARKETER),
]
IDS = [f"{method} {path}" for method, path, _ in ENDPOINTS]


@pytest.fixture
def feedback_id(data: Data) -> int:
    return data.answer("nps", 1, at=utcnow() - timedelta(hours=1)).id


def call(
    client: TestClient, method: str, path: str, feedback_id: int, headers: dict[str, str]
) -> Response:
    url = path.format(id=feedback_id)
    if method == "PATCH":
        return client.patch(url, json={"note": "checked"}, headers=headers)
    return client.get(url, headers=headers)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
@pytest.mark.parametrize(("method", "path", "needed"), ENDPOINTS, ids=IDS)
def test_role_matrix(
    client: TestClient,
    make_key: MakeKey,
    feedback_id: int,
    method: str,
    path: str,
    needed: Role,
    role: Role,
) -> None:
    response = call(client, method, path, feedback_id, make_key(role))

    if role in (needed, Role.ADMIN):
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 403
        body = response.json()
        assert body["error"] == "forbidden"
        assert role.value in body["message"]


@pytest.mark.parametrize(("method", "path", "needed"), ENDPOINTS, ids=IDS)
def test_missing_bad_and_revoked_keys_are_401(
    client: TestClient,
    make_key: MakeKey,
    session: Session,
    feedback_id: int,
    method: str,
    path: str,
    needed: Role,
) -> None:
    revoked = make_key(needed)
    revoke_key(session, prefix=revoked["Authorization"].removeprefix("Bearer ")[:10])
    session.commit()
    valid = make_key(needed)["Authorization"].removeprefix("Bearer ")

    for headers in (
        {},
        {"Authorization": "Bearer cl_not-a-real-key"},
        {"Authorization": f"Basic {valid}"},
        revoked,
    ):
        response = call(client, method, path, feedback_id, headers)
        assert response.status_code == 401, headers
        assert response.json()["error"] == "unauthorized"
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_auth_is_checked_before_the_parameters(client: TestClient) -> None:
    response = client.get("/v1/nps?group_by=century")

    assert response.status_code == 401
