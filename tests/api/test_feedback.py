"""``GET`` and ``PATCH /v1/feedback/{id}``: one answer and the work on its case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from feedback_api.models import Role
from tests.storage.factories import Data

MakeKey = Callable[..., dict[str, str]]
T0 = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)
TRANSCRIPT = [
    {"sender": "user", "text": "My order never arrived"},
    {"sender": "bot", "text": "Sorry to hear that"},
]


@pytest.fixture
def agent(make_key: MakeKey) -> dict[str, str]:
    return make_key(Role.AGENT, "agent-ana")


@pytest.fixture
def detractor(data: Data) -> int:
    return data.answer(
        "nps",
        3,
        at=T0,
        comment="Terrible service, awful and useless",
        customer_id="cust-1",
        email="ana@example.com",
        contact_consent=True,
        segment="smb",
        language="en-GB",
        conversation_id="sender-1",
        transcript=TRANSCRIPT,
    ).id


def test_detail_has_everything_an_agent_needs(
    client: TestClient, agent: dict[str, str], detractor: int
) -> None:
    response = client.get(f"/v1/feedback/{detractor}", headers=agent)

    assert response.status_code == 200
    body = response.json()
    assert body["response"]["id"] == detractor
    assert body["response"]["score"] == 3
    assert body["response"]["category"] == "detractor"
    assert body["response"]["sentiment"]["label"] == "negative"
    assert body["customer"] == {
        "external_id": "cust-1",
        "language": "en",
        "segment": "smb",
        "email": "ana@example.com",
        "phone": None,
        "email_consent": True,
    }
    assert body["conversation"]["sender_id"] == "sender-1"
    assert body["conversation"]["transcript"] == TRANSCRIPT
    case = body["case"]
    assert case["status"] == "open"
    assert case["priority"] == 1
    assert "detractor_score" in case["reasons"]
    assert case["due_at"].startswith("2024-03-12T12:00:00")
    assert case["first_contact_at"] is None and case["resolved_at"] is None
    assert case["overdue"] is True
    assert body["notes"] == []
    assert [(e["actor"], e["field"], e["old"], e["new"]) for e in body["history"]] == [
        ("system", "status", None, "open")
    ]


def test_email_hidden_once_consent_is_withdrawn(
    client: TestClient, data: Data, agent: dict[str, str], detractor: int
) -> None:
    data.answer("csat", 5, at=T0, customer_id="cust-1", contact_consent=False)

    customer = client.get(f"/v1/feedback/{detractor}", headers=agent).json()["customer"]

    assert customer["email"] is None
    assert customer["email_consent"] is False


def test_anonymous_unflagged_answer(client: TestClient, data: Data, agent: dict[str, str]) -> None:
    promoter = data.answer("nps", 10, at=T0).id

    body = client.get(f"/v1/feedback/{promoter}", headers=agent).json()

    assert body["customer"] is None and body["conversation"] is None and body["case"] is None
    assert body["notes"] == [] and body["history"] == []
    assert body["response"]["flagged"] is False


@pytest.mark.parametrize("method", ["get", "patch"])
def test_unknown_feedback_is_404(client: TestClient, agent: dict[str, str], method: str) -> None:
    response = client.request(method, "/v1/feedback/999999", json={"note": "x"}, headers=agent)

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "no feedback with id 999999"}


@pytest.mark.parametrize("bad_id", ["0", "abc", "99999999999999999999"])
def test_malformed_id_is_422(client: TestClient, agent: dict[str, str], bad_id: str) -> None:
    assert client.get(f"/v1/feedback/{bad_id}", headers=agent).status_code == 422


def test_patch_writes_history_and_notes_visible_in_get(
    client: TestClient, agent: dict[str, str], detractor: int
) -> None:
    patched = client.patch(
        f"/v1/feedback/{detractor}",
        json={"status": "in_progress", "assignee": "ana", "priority": 2, "note": "Called\x00 back"},
        headers=agent,
    )
    assert patched.status_code == 200, patched.text

    body = client.get(f"/v1/feedback/{detractor}", headers=agent).json()
    assert body == patched.json()
    case = body["case"]
    assert case["status"] == "in_progress"
    assert case["assignee"] == "ana"
    assert case["priority"] == 2
    assert case["first_contact_at"] is not None
    assert case["overdue"] is False
    assert [(n["author"], n["body"]) for n in body["notes"]] == [("agent-ana", "Called back")]
    assert [(e["actor"], e["field"], e["old"], e["new"]) for e in body["history"]] == [
        ("system", "status", None, "open"),
        ("agent-ana", "status", "open", "in_progress"),
        ("agent-ana", "assignee", None, "ana"),
        ("agent-ana", "priority", "1", "2"),
    ]


def test_resolve_then_reopen_over_http(
    client: TestClient, agent: dict[str, str], detractor: int
) -> None:
    url = f"/v1/feedback/{detractor}"
    resolved = client.patch(url, json={"status": "resolved"}, headers=agent).json()["case"]
    assert resolved["resolved_at"] is not None

    reopened = client.patch(url, json={"status": "open", "assignee": None}, headers=agent).json()

    assert reopened["case"]["resolved_at"] is None
    assert reopened["case"]["status"] == "open"
    assert [e["new"] for e in reopened["history"]] == ["open", "resolved", "open"]


def test_admin_can_work_cases_too(client: TestClient, make_key: MakeKey, detractor: int) -> None:
    response = client.patch(
        f"/v1/feedback/{detractor}", json={"assignee": "bo"}, headers=make_key(Role.ADMIN, "boss")
    )

    assert response.json()["history"][-1]["actor"] == "boss"


def test_unflagged_feedback_has_no_case_409(
    client: TestClient, data: Data, agent: dict[str, str]
) -> None:
    promoter = data.answer("nps", 10, at=T0).id

    response = client.patch(f"/v1/feedback/{promoter}", json={"note": "hi"}, headers=agent)

    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    assert "no case" in response.json()["message"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "nothing to update"),
        ({"colour": "red"}, "colour"),
        ({"status": "closed"}, "status"),
        ({"status": None}, "status: may not be null"),
        ({"priority": 0}, "priority"),
        ({"priority": 5}, "priority"),
        ({"priority": None}, "priority: may not be null"),
        ({"note": ""}, "note"),
        ({"note": "\x00\x07  "}, "note is empty"),
        ({"note": "x" * 5001}, "note"),
        ({"assignee": ""}, "assignee"),
        ({"assignee": "None"}, "reserved"),
        ([], "Input should be a valid dictionary"),
    ],
)
def test_bad_patch_bodies_are_422(
    client: TestClient, agent: dict[str, str], detractor: int, body: object, message: str
) -> None:
    response = client.patch(f"/v1/feedback/{detractor}", json=body, headers=agent)

    assert response.status_code == 422
    assert message in response.json()["message"]


def test_non_json_patch_is_4xx(client: TestClient, agent: dict[str, str], detractor: int) -> None:
    response = client.patch(
        f"/v1/feedback/{detractor}",
        content=b"status=resolved",
        headers={**agent, "Content-Type": "application/x-www-form-urlencoded"},
    )

    assert 400 <= response.status_code < 500
