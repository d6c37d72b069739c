"""A phone number with an answer: stored normalised with consent only, shown on the case.

Customers without an e-mail address give a phone number when asked "may we contact you?";
it stays with the answer (``contact_phone``), never on the customer's record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feedback_api.models import Customer, Role, SurveyResponse
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.storage.responses import request_hash

MakeKey = Callable[..., dict[str, str]]
DETRACTOR = {
    "kind": "nps",
    "score": 2,
    "comment": "The courier never came",
    "customer_id": "c-tbilisi",
    "phone": "+995 555 12-34-56",
}


@pytest.fixture
def service(make_key: MakeKey) -> dict[str, str]:
    return make_key(Role.SERVICE)


@pytest.fixture
def agent(make_key: MakeKey) -> dict[str, str]:
    return make_key(Role.AGENT)


def post(client: TestClient, headers: dict[str, str], body: dict[str, object]) -> dict[str, object]:
    response = client.post("/v1/responses", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def stored_phone(session: Session, response_id: object) -> str | None:
    return session.scalar(
        select(SurveyResponse.contact_phone).where(SurveyResponse.id == response_id)
    )


def test_phone_given_with_consent_is_stored_normalised_and_shown_on_the_case(
    client: TestClient, service: dict[str, str], agent: dict[str, str], session: Session
) -> None:
    posted = post(client, service, {**DETRACTOR, "contact_consent": True})

    assert "phone" not in posted  # the stored answer returned to the poster has no contact
    assert stored_phone(session, posted["id"]) == "+995555123456"
    by_answer = client.get(f"/v1/feedback/{posted['id']}", headers=agent)
    by_case = client.get(f"/v1/cases/{posted['case_id']}", headers=agent)
    assert by_answer.status_code == by_case.status_code == 200
    for detail in (by_answer.json(), by_case.json()):
        assert detail["customer"]["phone"] == "+995555123456"
        # The customer's own record is untouched: no email, no consent flag from a phone.
        assert detail["customer"]["email"] is None
        assert detail["customer"]["email_consent"] is False


def test_phone_and_email_together(
    client: TestClient, service: dict[str, str], agent: dict[str, str]
) -> None:
    posted = post(
        client,
        service,
        {
            **DETRACTOR,
            "phone": "(555) 123-4567",
            "email": "nino@example.ge",
            "contact_consent": True,
        },
    )

    customer = client.get(f"/v1/feedback/{posted['id']}", headers=agent).json()["customer"]
    assert (customer["email"], customer["phone"]) == ("nino@example.ge", "5551234567")


@pytest.mark.parametrize("consent", [False, None])
def test_phone_without_consent_is_not_kept(
    client: TestClient,
    service: dict[str, str],
    agent: dict[str, str],
    session: Session,
    consent: bool | None,
) -> None:
    body = {**DETRACTOR, "contact_consent": consent} if consent is not None else DETRACTOR
    posted = post(client, service, body)

    assert stored_phone(session, posted["id"]) is None
    detail = client.get(f"/v1/feedback/{posted['id']}", headers=agent)
    assert detail.json()["customer"]["phone"] is None
    assert "555123456" not in detail.text


def test_the_queue_never_carries_the_phone(
    client: TestClient, service: dict[str, str], agent: dict[str, str]
) -> None:
    post(client, service, {**DETRACTOR, "contact_consent": True})

    queue = client.get("/v1/detractors", headers=agent)

    assert queue.status_code == 200
    [item] = queue.json()["items"]
    assert "phone" not in item
    assert "555123456" not in queue.text


def test_each_answer_shows_only_its_own_phone(
    client: TestClient, service: dict[str, str], agent: dict[str, str]
) -> None:
    post(client, service, {**DETRACTOR, "contact_consent": True})
    # A later answer of the same customer without a phone: the customer's record holds
    # none, so its case shows none.
    later = post(client, service, {**DETRACTOR, "phone": None, "contact_consent": True})

    customer = client.get(f"/v1/feedback/{later['id']}", headers=agent).json()["customer"]
    assert customer["phone"] is None


@pytest.mark.parametrize(
    "phone", ["555-12", "+995 555 12 34 56 78 90 12", "call me maybe", "+", "555/123/4567"]
)
def test_invalid_phone_is_422_with_the_reason(
    client: TestClient, service: dict[str, str], session: Session, phone: str
) -> None:
    response = client.post(
        "/v1/responses",
        json={**DETRACTOR, "phone": phone, "contact_consent": True},
        headers=service,
    )

    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"
    assert "phone is not a valid phone number" in response.json()["message"]
    assert session.scalar(select(func.count(SurveyResponse.id))) == 0
    assert session.scalar(select(func.count(Customer.id))) == 0


def test_a_retry_with_the_phone_returns_the_stored_answer(
    client: TestClient, service: dict[str, str], session: Session
) -> None:
    key = {"Idempotency-Key": "sms-2026-12-02-0001"}
    body = {**DETRACTOR, "contact_consent": True}
    first = client.post("/v1/responses", json=body, headers={**service, **key})
    again = client.post("/v1/responses", json=body, headers={**service, **key})
    other = client.post(
        "/v1/responses", json={**body, "phone": "+995 555 00 00 00"}, headers={**service, **key}
    )

    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert session.scalar(select(func.count(SurveyResponse.id))) == 1


def test_the_fingerprint_of_an_answer_without_a_phone_did_not_change() -> None:
    """A retry of a request stored before revision 0006 must still match its fingerprint
    (else it would be a 409): the value is the one computed before ``phone`` existed."""
    data = ResponseCreate(
        kind="nps",
        score=3,
        comment="late again",
        customer_id="c-9",
        email="ana@example.com",
        contact_consent=True,
        created_at=datetime(2024, 3, 10, 12, tzinfo=UTC),
        idempotency_key="k-1",
    )

    assert request_hash(data) == (
        "102399667b4b95c64489429073a7d930660facbd7165cda980ab427779a93c80"
    )
