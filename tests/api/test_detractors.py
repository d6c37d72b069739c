"""``GET /v1/detractors``: the agents' queue over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from feedback_api.models import Role, utcnow
from tests.storage.factories import Data

MakeKey = Callable[..., dict[str, str]]
T0 = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def agent(make_key: MakeKey) -> dict[str, str]:
    return make_key(Role.AGENT)


def pages(client: TestClient, headers: dict[str, str], **params: object) -> list[int]:
    """Follow next_cursor to the end; the response ids in the order shown."""
    ids: list[int] = []
    cursor = None
    for _ in range(50):
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get("/v1/detractors", params=query, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        ids.extend(item["id"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return ids
    raise AssertionError("pagination did not end")


def test_detractor_posted_by_a_service_shows_in_the_queue(
    client: TestClient, make_key: MakeKey, agent: dict[str, str]
) -> None:
    posted = client.post(
        "/v1/responses",
        json={
            "kind": "nps",
            "score": 2,
            "comment": "Terrible service, awful and useless",
            "customer_id": "cust-42",
            "email": "Ana@Example.com",
            "contact_consent": True,
            "channel": "web",
            "campaign": "spring",
        },
        headers=make_key(Role.SERVICE),
    )
    assert posted.status_code == 201, posted.text

    response = client.get("/v1/detractors", headers=agent)

    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    [item] = body["items"]
    assert item["id"] == posted.json()["id"]
    assert item["case_id"] == posted.json()["case_id"]
    assert item["score"] == 2
    assert item["kind"] == "nps"
    assert item["status"] == "open"
    assert item["priority"] == 1
    assert set(item["reasons"]) == {"detractor_score", "negative_comment"}
    assert item["sentiment"]["label"] == "negative"
    assert item["customer_id"] == "cust-42"
    assert item["assignee"] is None
    assert item["overdue"] is False
    assert item["channel"] == "web" and item["campaign"] == "spring" and item["language"] == "en"
    assert "email" not in item
    assert "ana@example.com" not in response.text


def test_overdue_when_past_due_without_contact(
    client: TestClient, data: Data, agent: dict[str, str]
) -> None:
    data.answer("nps", 0, at=utcnow() - timedelta(days=3))

    [item] = client.get("/v1/detractors", headers=agent).json()["items"]

    assert item["overdue"] is True


@pytest.mark.parametrize("sort", ["newest", "priority"])
def test_paging_over_http_sees_every_case_once(
    client: TestClient, data: Data, agent: dict[str, str], sort: str
) -> None:
    made = [
        data.answer("nps" if i % 2 else "csat", 1 if i % 2 else 2, at=T0 - timedelta(hours=i % 3))
        for i in range(9)
    ]

    ids = pages(client, agent, limit=2, sort=sort)

    assert sorted(ids) == sorted(r.id for r in made)
    assert len(ids) == len(set(ids))
    if sort == "newest":
        assert ids == [r.id for r in sorted(made, key=lambda r: (r.created_at, r.id), reverse=True)]


def test_status_filter_takes_lists_and_repeats(
    client: TestClient, data: Data, agent: dict[str, str]
) -> None:
    first = data.answer("nps", 0, at=T0)
    second = data.answer("nps", 0, at=T0 + timedelta(minutes=1))
    resolved = client.patch(f"/v1/feedback/{first.id}", json={"status": "resolved"}, headers=agent)
    assert resolved.status_code == 200

    assert pages(client, agent) == [second.id]
    assert pages(client, agent, status="resolved") == [first.id]
    assert pages(client, agent, status="open,resolved") == [second.id, first.id]
    both = client.get("/v1/detractors?status=open&status=resolved", headers=agent).json()["items"]
    assert [i["id"] for i in both] == [second.id, first.id]


def test_assignee_and_unassigned(client: TestClient, data: Data, agent: dict[str, str]) -> None:
    mine = data.answer("nps", 0, at=T0)
    other = data.answer("nps", 0, at=T0 - timedelta(hours=1))
    client.patch(f"/v1/feedback/{mine.id}", json={"assignee": "ana"}, headers=agent)

    assert pages(client, agent, assignee="ana") == [mine.id]
    assert pages(client, agent, assignee="none") == [other.id]


def test_date_channel_language_campaign_filters(
    client: TestClient, data: Data, agent: dict[str, str]
) -> None:
    early = data.answer("nps", 0, at=datetime(2024, 3, 1, 23, 0, tzinfo=UTC), channel="web")
    late = data.answer(
        "nps", 0, at=datetime(2024, 3, 5, tzinfo=UTC), language="ka-GE", campaign="spring"
    )

    assert pages(client, agent, date_to="2024-03-01") == [early.id]  # the whole day
    assert pages(client, agent, date_from="2024-03-02") == [late.id]
    assert pages(client, agent, date_from="2024-03-01T23:00:00Z", date_to="2024-03-02") == [
        early.id
    ]
    assert pages(client, agent, date_to="2024-03-01T23:00:00Z") == []  # an instant: exclusive
    assert pages(client, agent, channel="web") == [early.id]
    assert pages(client, agent, language="ka") == [late.id]
    assert pages(client, agent, campaign="spring") == [late.id]


@pytest.mark.parametrize(
    "cursor",
    ["garbage!", "eyJzb3J0IjoibmV3ZXN0In0", "", "e30"],
)
def test_bad_cursor_is_400(client: TestClient, agent: dict[str, str], cursor: str) -> None:
    response = client.get("/v1/detractors", params={"cursor": cursor}, headers=agent)

    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert "cursor" in response.json()["message"]


def test_cursor_of_another_sort_is_400(
    client: TestClient, data: Data, agent: dict[str, str]
) -> None:
    for i in range(3):
        data.answer("nps", 0, at=T0 - timedelta(minutes=i))
    cursor = client.get("/v1/detractors?limit=1", headers=agent).json()["next_cursor"]

    response = client.get(
        "/v1/detractors", params={"cursor": cursor, "sort": "priority"}, headers=agent
    )

    assert response.status_code == 400
    assert "sort=newest" in response.json()["message"]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=many", "limit"),
        ("status=closed", "status"),
        ("sort=oldest", "sort"),
        ("date_from=2024-02-30", "date_from"),
        ("date_to=last-week", "date_to"),
        ("date_from=2024-03-05&date_to=2024-03-01", "date_from is after date_to"),
        ("assignee=", "assignee"),
        ("stauts=open", "stauts"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(
    client: TestClient, agent: dict[str, str], query: str, named: str
) -> None:
    response = client.get(f"/v1/detractors?{query}", headers=agent)

    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_error"
    assert named in body["message"]
