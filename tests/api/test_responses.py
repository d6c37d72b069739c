"""``POST /v1/responses``: ingest with the chat's rules, idempotency, and hostile input."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from feedback_api.models import Customer, Role, SurveyResponse

MakeKey = Callable[..., dict[str, str]]


@pytest.fixture
def service(make_key: MakeKey) -> dict[str, str]:
    return make_key(Role.SERVICE)


def post(client: TestClient, headers: dict[str, str], body: object) -> dict[str, object]:
    response = client.post("/v1/responses", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def count(session: Session) -> int:
    return session.scalar(select(func.count(SurveyResponse.id))) or 0


def test_detractor_is_stored_with_sentiment_and_flagged(
    client: TestClient, service: dict[str, str]
) -> None:
    body = post(
        client,
        service,
        {"kind": "nps", "score": 1, "comment": "Terrible service, awful and useless"},
    )

    assert body["kind"] == "nps"
    assert body["category"] == "detractor"
    assert body["sentiment"]["label"] == "negative"
    assert body["sentiment"]["backend"] == "textblob"
    assert body["flagged"] is True
    assert body["case_id"] is not None
    assert body["case_status"] == "open"
    assert body["priority"] == 1


def test_happy_csat_is_not_flagged(client: TestClient, service: dict[str, str]) -> None:
    body = post(client, service, {"kind": "csat", "score": 5, "comment": "Great help, thanks"})

    assert body["sentiment"]["label"] == "positive"
    assert body["flagged"] is False
    assert body["case_id"] is None
    assert body["category"] is None


def test_admin_may_post_but_agents_and_marketers_may_not(
    client: TestClient, make_key: MakeKey
) -> None:
    answer = {"kind": "csat", "score": 4}

    assert (
        client.post("/v1/responses", json=answer, headers=make_key(Role.ADMIN)).status_code == 201
    )
    for role in (Role.AGENT, Role.MARKETER):
        assert client.post("/v1/responses", json=answer, headers=make_key(role)).status_code == 403
    assert client.post("/v1/responses", json=answer).status_code == 401


@pytest.mark.parametrize("where", ["header", "body"])
def test_same_idempotency_key_is_stored_once(
    client: TestClient, service: dict[str, str], session: Session, where: str
) -> None:
    answer: dict[str, object] = {"kind": "nps", "score": 9}
    headers = dict(service)
    if where == "header":
        headers["Idempotency-Key"] = "delivery-1"
    else:
        answer["idempotency_key"] = "delivery-1"

    first = client.post("/v1/responses", json=answer, headers=headers)
    second = client.post("/v1/responses", json=answer, headers=headers)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert count(session) == 1


def test_naive_created_at_is_utc(client: TestClient, service: dict[str, str]) -> None:
    body = post(client, service, {"kind": "nps", "score": 8, "created_at": "2024-03-01T10:00:00"})

    assert datetime.fromisoformat(str(body["created_at"])) == datetime(2024, 3, 1, 10, tzinfo=UTC)


def test_offset_created_at_is_converted_to_utc(client: TestClient, service: dict[str, str]) -> None:
    body = post(
        client, service, {"kind": "nps", "score": 8, "created_at": "2024-03-01T14:00:00+04:00"}
    )

    assert datetime.fromisoformat(str(body["created_at"])) == datetime(2024, 3, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "nps", "score": 11}, "between 0 and 10"),
        ({"kind": "nps", "score": -1}, "between 0 and 10"),
        ({"kind": "csat", "score": 0}, "between 1 and 5"),
        ({"kind": "csat", "score": 6}, "between 1 and 5"),
        ({"kind": "nps", "score": 5, "dismissed": True}, "no score"),
        ({"kind": "nps"}, "score is required"),
        ({"kind": "ces", "score": 3}, "kind"),
        ({"kind": "nps", "score": 5, "colour": "red"}, "colour"),
        ({"kind": "nps", "score": 5, "created_at": "yesterday"}, "created_at"),
        ({"kind": "nps", "score": 5, "created_at": "2999-01-01T00:00:00Z"}, "in the future"),
        ({"kind": "nps", "score": 5, "comment": "x" * 5001}, "comment"),
        ({"kind": "nps", "score": 5, "email": "not-an-email"}, "email"),
        ({"kind": "nps", "score": 5, "phone": "call me"}, "phone is not a valid phone number"),
        ({"kind": "nps", "score": 5, "language": "???"}, "language"),
    ],
)
def test_invalid_answers_are_422(
    client: TestClient, service: dict[str, str], session: Session, body: object, message: str
) -> None:
    response = client.post("/v1/responses", json=body, headers=service)

    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"
    assert message in response.json()["message"]
    assert count(session) == 0


def test_future_created_at_is_422(client: TestClient, service: dict[str, str]) -> None:
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()

    response = client.post(
        "/v1/responses", json={"kind": "nps", "score": 5, "created_at": soon}, headers=service
    )

    assert response.status_code == 422


def test_100_kb_comment_is_refused(client: TestClient, service: dict[str, str]) -> None:
    response = client.post(
        "/v1/responses", json={"kind": "nps", "score": 5, "comment": "x" * 100_000}, headers=service
    )

    assert response.status_code in (413, 422)
    assert response.json()["error"] in ("payload_too_large", "validation_error")


def test_invalid_utf8_is_4xx(client: TestClient, service: dict[str, str]) -> None:
    response = client.post(
        "/v1/responses",
        content=b'{"kind": "nps", "score": 5, "comment": "\xff\xfe bad"}',
        headers={**service, "Content-Type": "application/json"},
    )

    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"kind=nps&score=5", "application/x-www-form-urlencoded"),
        (b"<xml/>", "application/xml"),
        (b'{"kind": "nps", "score": 5', "application/json"),
        (b"", "application/json"),
    ],
)
def test_non_json_is_4xx(
    client: TestClient, service: dict[str, str], content: bytes, content_type: str
) -> None:
    response = client.post(
        "/v1/responses", content=content, headers={**service, "Content-Type": content_type}
    )

    assert 400 <= response.status_code < 500
    assert "message" in response.json()


def test_control_characters_are_stripped(client: TestClient, service: dict[str, str]) -> None:
    comment = json.loads('"fine\\u0000 \\u0007service"')

    body = post(client, service, {"kind": "csat", "score": 4, "comment": comment})

    assert body["comment"] == "fine service"


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "nps", "score": 9, "customer_id": "quiet"},
        {"kind": "nps", "score": 10, "comment": "Lovely, thank you", "customer_id": "quiet"},
        {"kind": "nps", "score": 2, "comment": "Terrible, awful service", "customer_id": "quiet"},
    ],
)
def test_ingest_reply_is_built_without_reading_the_answer_back(
    client: TestClient, service: dict[str, str], engine: Engine, body: dict[str, object]
) -> None:
    """The reply comes from what was just written: no SELECT after the commit.

    An answer whose sentiment or case relation was never assigned (no comment, not flagged)
    was read back from the database when the reply touched it: two extra round trips on
    every ingest (docs/performance.md, "Ingest").
    """
    post(client, service, {**body, "customer_id": "warm-up"})  # the key's last-used write
    statements: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    def committed(_conn: object) -> None:
        statements.append("COMMIT")

    event.listen(engine, "before_cursor_execute", note)
    event.listen(engine, "commit", committed)
    try:
        reply = post(client, service, body)
    finally:
        event.remove(engine, "before_cursor_execute", note)
        event.remove(engine, "commit", committed)
    assert reply["flagged"] is (body["score"] == 2)
    assert (reply["sentiment"] is None) is ("comment" not in body)
    assert "COMMIT" in statements
    after = statements[statements.index("COMMIT") + 1 :]
    assert after == [], f"statements after the commit: {after}"


def test_an_answer_reads_and_writes_its_customer_in_one_statement(
    client: TestClient, service: dict[str, str], engine: Engine, session: Session
) -> None:
    """New or known, the customer costs one round trip (an upsert), and gets its values.

    A select, then an insert and a select again (new) or an update (known) were two to
    three round trips more per answer (docs/performance.md, "Ingest").
    """
    touched: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "customers" in statement:
            touched.append(statement.split(None, 1)[0].upper())

    event.listen(engine, "before_cursor_execute", note)
    try:
        post(client, service, {"kind": "nps", "score": 9, "customer_id": "once", "segment": "vip"})
        first = list(touched)
        post(client, service, {"kind": "nps", "score": 3, "customer_id": "once", "language": "ka"})
        second = touched[len(first) :]
        post(
            client,
            service,
            {"kind": "csat", "customer_id": "once", "language": "ka", "dismissed": True},
        )
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert first == ["INSERT"], first
    assert second == ["INSERT"], second
    customer = session.scalars(select(Customer).where(Customer.external_id == "once")).one()
    assert (customer.segment, customer.language) == ("vip", "ka")
    answers = session.scalars(
        select(SurveyResponse).where(SurveyResponse.customer_id == customer.id)
    ).all()
    assert len(answers) == 3
    # A dismissed survey does not count as surveyed: the second answer's time stays.
    second_answer = next(a for a in answers if a.score == 3)
    assert customer.last_surveyed_at == second_answer.received_at
