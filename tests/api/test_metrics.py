"""``GET /v1/nps`` and ``GET /v1/csat`` over HTTP: shapes, trends, validation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from feedback_api.models import Role, utcnow
from tests.storage.factories import Data

MakeKey = Callable[..., dict[str, str]]
T0 = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)
MARCH = {"date_from": "2024-03-01", "date_to": "2024-03-31"}


@pytest.fixture
def marketer(make_key: MakeKey) -> dict[str, str]:
    return make_key(Role.MARKETER)


def test_nps_report(client: TestClient, data: Data, marketer: dict[str, str]) -> None:
    for score in [9, 10, 9, 10, 9, 7, 8, 7, 0, 6]:
        data.answer("nps", score, at=T0, channel="web")
    data.answer("nps", None, at=T0, channel="web", dismissed=True)
    data.answer("nps", 0, at=T0, channel="app")

    response = client.get("/v1/nps", params={**MARCH, "channel": "web"}, headers=marketer)

    assert response.status_code == 200
    assert response.json() == {
        "date_from": "2024-03-01T00:00:00Z",
        "date_to": "2024-04-01T00:00:00Z",
        "tz": "UTC",
        "group_by": None,
        "channel": "web",
        "language": None,
        "campaign": None,
        "segment": None,
        "responses": 10,
        "promoters": 5,
        "passives": 3,
        "detractors": 2,
        "promoters_pct": 50.0,
        "passives_pct": 30.0,
        "detractors_pct": 20.0,
        "score": 30.0,
        "margin_of_error": 48.4,
        "dismissed": 1,
        "series": None,
    }


def test_empty_nps_has_null_score(client: TestClient, marketer: dict[str, str]) -> None:
    body = client.get("/v1/nps", params=MARCH, headers=marketer).json()

    assert body["responses"] == 0
    assert body["score"] is None
    assert body["margin_of_error"] is None
    assert body["promoters_pct"] is None


def test_default_window_is_the_last_90_days(
    client: TestClient, data: Data, marketer: dict[str, str]
) -> None:
    now = utcnow()
    data.answer("nps", 10, at=now - timedelta(days=1))
    data.answer("nps", 0, at=now - timedelta(days=91))

    body = client.get("/v1/nps", headers=marketer).json()

    assert body["responses"] == 1
    start = datetime.fromisoformat(body["date_from"])
    end = datetime.fromisoformat(body["date_to"])
    assert end - start == timedelta(days=90)
    assert abs((end - now).total_seconds()) < 60


def test_nps_trend_in_a_time_zone_lists_every_day(
    client: TestClient, data: Data, marketer: dict[str, str]
) -> None:
    data.answer("nps", 10, at=datetime(2024, 3, 10, 23, 30, tzinfo=UTC))  # 11th in Tbilisi
    data.answer("nps", 0, at=datetime(2024, 3, 12, 8, 0, tzinfo=UTC))

    body = client.get(
        "/v1/nps",
        params={
            "date_from": "2024-03-10",
            "date_to": "2024-03-12",
            "tz": "Asia/Tbilisi",
            "group_by": "day",
        },
        headers=marketer,
    ).json()

    assert body["date_from"] == "2024-03-09T20:00:00Z"  # local midnight
    assert body["group_by"] == "day"
    assert [(p["period"], p["responses"], p["score"]) for p in body["series"]] == [
        ("2024-03-10", 0, None),
        ("2024-03-11", 1, 100.0),
        ("2024-03-12", 1, -100.0),
    ]
    assert body["series"][0]["margin_of_error"] is None
    assert body["score"] == 0.0


def test_monthly_trend_gap(client: TestClient, data: Data, marketer: dict[str, str]) -> None:
    data.answer("nps", 10, at=datetime(2024, 1, 20, tzinfo=UTC))
    data.answer("nps", 10, at=datetime(2024, 3, 20, tzinfo=UTC))

    series = client.get(
        "/v1/nps",
        params={"date_from": "2024-01-01", "date_to": "2024-03-31", "group_by": "month"},
        headers=marketer,
    ).json()["series"]

    assert [(p["period"], p["score"]) for p in series] == [
        ("2024-01-01", 100.0),
        ("2024-02-01", None),
        ("2024-03-01", 100.0),
    ]


def test_language_filter_is_normalised(
    client: TestClient, data: Data, marketer: dict[str, str]
) -> None:
    data.answer("nps", 10, at=T0, language="ka")

    body = client.get("/v1/nps", params={**MARCH, "language": "KA-ge"}, headers=marketer).json()

    assert body["language"] == "ka"
    assert body["responses"] == 1


def test_csat_report(client: TestClient, data: Data, marketer: dict[str, str]) -> None:
    for score in [5, 5, 4, 3, 1]:
        data.answer("csat", score, at=T0)
    data.answer("csat", None, at=T0, dismissed=True)
    for _ in range(10):
        data.offer("csat", at=T0)

    body = client.get("/v1/csat", params={**MARCH, "group_by": "week"}, headers=marketer).json()

    assert body["responses"] == 5
    assert body["distribution"] == {"1": 1, "2": 0, "3": 1, "4": 1, "5": 2}
    assert body["satisfied"] == 3
    assert body["satisfaction_pct"] == 60.0
    assert body["offers"] == 10
    assert body["response_rate_pct"] == 50.0
    assert body["dismissed"] == 1
    weeks = {p["period"]: p for p in body["series"]}
    assert list(weeks) == ["2024-02-26", "2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25"]
    assert weeks["2024-03-04"]["responses"] == 5
    assert weeks["2024-03-11"]["satisfaction_pct"] is None
    assert weeks["2024-03-11"]["response_rate_pct"] is None


def test_csat_without_offers_has_no_response_rate(
    client: TestClient, data: Data, marketer: dict[str, str]
) -> None:
    data.answer("csat", 4, at=T0)

    body = client.get("/v1/csat", params=MARCH, headers=marketer).json()

    assert body["offers"] == 0
    assert body["response_rate_pct"] is None
    assert body["series"] is None


@pytest.mark.parametrize("path", ["/v1/nps", "/v1/csat"])
@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("date_from=2024-02-30", "date_from"),
        ("date_to=tomorrow", "date_to"),
        ("date_from=0001-01-01", "date_from: year must be between"),
        ("date_from=2024-03-05&date_to=2024-03-01", "date_from is after date_to"),
        ("group_by=year", "group_by"),
        ("tz=Mars/Olympus", "unknown time zone"),
        ("tz=../../etc/passwd", "unknown time zone"),
        ("date_from=1990-01-01&group_by=day", "more than 1000 days"),
        ("channel=a%20b", "channel"),
        ("language=klingon!", "language"),
        ("chanel=web", "chanel"),
    ],
)
def test_bad_parameters_are_422(
    client: TestClient, marketer: dict[str, str], path: str, query: str, named: str
) -> None:
    response = client.get(f"{path}?{query}", headers=marketer)

    assert response.status_code == 422, response.text
    assert response.json()["error"] == "validation_error"
    assert named in response.json()["message"]
