"""Idempotency keys belong to one API key, and posting never rewrites a customer's email.

(issue 11, defects 5 and 6)
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from feedback_api.models import Role

MakeKey = Callable[..., dict[str, str]]
KEY = {"Idempotency-Key": "mail-2026-11-23-0001"}


def test_another_clients_idempotency_key_is_a_new_key(
    client: TestClient, make_key: MakeKey
) -> None:
    mine, theirs = make_key(Role.SERVICE, "mailer"), make_key(Role.SERVICE, "intruder")
    body = {"kind": "nps", "score": 2, "comment": "the courier was rude", "customer_id": "c-1"}
    first = client.post("/v1/responses", json=body, headers={**mine, **KEY})
    assert first.status_code == 201
    guess = client.post(
        "/v1/responses", json={"kind": "nps", "score": 10}, headers={**theirs, **KEY}
    )
    assert guess.status_code == 201, guess.text
    assert guess.json()["id"] != first.json()["id"]
    assert "comment" not in guess.text or guess.json()["comment"] is None


def test_a_retry_returns_the_stored_answer(client: TestClient, make_key: MakeKey) -> None:
    mine = make_key(Role.SERVICE)
    body = {"kind": "nps", "score": 9, "customer_id": "c-2"}
    first = client.post("/v1/responses", json=body, headers={**mine, **KEY})
    again = client.post("/v1/responses", json=body, headers={**mine, **KEY})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]


def test_a_key_reused_with_another_body_is_409(client: TestClient, make_key: MakeKey) -> None:
    mine = make_key(Role.SERVICE)
    client.post("/v1/responses", json={"kind": "nps", "score": 9}, headers={**mine, **KEY})
    other = client.post("/v1/responses", json={"kind": "nps", "score": 3}, headers={**mine, **KEY})
    assert other.status_code == 409, other.text
    assert other.json()["error"] == "conflict"
    assert "score" not in other.text


def test_posting_an_answer_does_not_replace_the_customers_email(
    client: TestClient, make_key: MakeKey
) -> None:
    service, agent = make_key(Role.SERVICE), make_key(Role.AGENT)
    given = {"kind": "nps", "score": 2, "customer_id": "c-3", "contact_consent": True}
    first = client.post(
        "/v1/responses", json={**given, "email": "ann@example.com"}, headers=service
    )
    second = client.post(
        "/v1/responses", json={**given, "email": "attacker@example.net"}, headers=service
    )
    earlier = client.get(f"/v1/feedback/{first.json()['id']}", headers=agent).json()
    later = client.get(f"/v1/feedback/{second.json()['id']}", headers=agent).json()
    assert earlier["customer"]["email"] == "ann@example.com"
    assert later["customer"]["email"] == "attacker@example.net"  # its own answer's address
