"""What the API does is what its OpenAPI schema says (issue 11, defect 13)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from feedback_api.api.limits import MAX_BODY_BYTES
from feedback_api.models import Role

MakeKey = Callable[..., dict[str, str]]


@pytest.fixture
def schema(client: TestClient) -> dict[str, object]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/v1/responses", "post", {"401", "403", "409", "413", "422", "503"}),
        ("/v1/cases/{case_id}", "patch", {"401", "403", "404", "413", "422", "503"}),
        ("/v1/feedback/{feedback_id}", "patch", {"401", "403", "404", "409", "413", "422"}),
        ("/v1/detractors", "get", {"400", "401", "403", "422", "503"}),
        ("/v1/nps", "get", {"401", "403", "422", "503"}),
    ],
)
def test_schema_lists_the_real_error_answers(
    schema: dict[str, dict[str, dict[str, dict[str, object]]]],
    path: str,
    method: str,
    codes: set[str],
) -> None:
    documented = set(schema["paths"][path][method]["responses"])
    assert codes <= documented, codes - documented


def test_slugs_are_ascii(client: TestClient, make_key: MakeKey) -> None:
    body = {"kind": "nps", "score": 9, "campaign": "გაზაფხული"}
    response = client.post("/v1/responses", json=body, headers=make_key(Role.SERVICE))
    assert response.status_code == 422


def test_empty_status_is_refused_like_an_empty_cursor(
    client: TestClient, make_key: MakeKey
) -> None:
    agent = make_key(Role.AGENT)
    assert client.get("/v1/detractors?status=", headers=agent).status_code == 422
    assert client.get("/v1/detractors?cursor=", headers=agent).status_code == 400


def test_method_not_allowed_lists_every_method_of_the_path(
    client: TestClient, make_key: MakeKey
) -> None:
    response = client.request("OPTIONS", "/v1/cases/1", headers=make_key(Role.AGENT))
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "PATCH"}


def test_chunked_body_over_the_limit_is_413(client: TestClient, make_key: MakeKey) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"kind": "nps", "score": 9, "comment": "'
        for _ in range(MAX_BODY_BYTES // 1024 + 2):
            yield b"x" * 1024
        yield b'"}'

    response = client.post(
        "/v1/responses",
        content=chunks(),
        headers={**make_key(Role.SERVICE), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


def test_anonymous_malformed_json_is_401_not_422(client: TestClient) -> None:
    response = client.post(
        "/v1/responses", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
