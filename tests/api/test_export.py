"""``GET /v1/export/responses.csv``: streamed CSV, defused formulas, emails for admins only."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from feedback_api.models import Role, utcnow
from tests.storage.factories import Data

MakeKey = Callable[..., dict[str, str]]
T0 = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)
MARCH = {"date_from": "2024-03-01", "date_to": "2024-03-31"}
COLUMNS = [
    "id",
    "created_at",
    "kind",
    "score",
    "category",
    "dismissed",
    "comment",
    "language",
    "channel",
    "campaign",
    "segment",
    "customer_id",
    "sentiment_label",
    "sentiment_polarity",
    "flagged",
    "case_status",
]


@pytest.fixture
def answers(data: Data) -> None:
    data.answer(
        "nps",
        2,
        at=T0,
        comment='=HYPERLINK("http://evil.example","click") terrible',
        customer_id="cust-1",
        email="ana@example.com",
        phone="+995 555 12-34-56",
        contact_consent=True,
        campaign="spring",
        segment="smb",
    )
    data.answer(  # no consent
        "csat", 5, at=T0, customer_id="cust-2", email="bo@example.com", phone="(555) 123-4567"
    )
    data.answer("nps", None, at=T0, dismissed=True)


def export(client: TestClient, headers: dict[str, str], **params: str) -> list[dict[str, str]]:
    response = client.get("/v1/export/responses.csv", params={**MARCH, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.mark.usefixtures("answers")
def test_marketer_export(client: TestClient, make_key: MakeKey) -> None:
    response = client.get("/v1/export/responses.csv", params=MARCH, headers=make_key(Role.MARKETER))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="closedloop-responses-{utcnow():%Y-%m-%d}.csv"'
    )
    reader = csv.DictReader(io.StringIO(response.text))
    assert reader.fieldnames == COLUMNS
    nps, csat, dismissed = list(reader)
    assert nps["comment"] == '\'=HYPERLINK("http://evil.example","click") terrible'
    assert nps["created_at"] == "2024-03-10T12:00:00+00:00"
    assert (nps["kind"], nps["score"], nps["category"]) == ("nps", "2", "detractor")
    assert (nps["customer_id"], nps["campaign"], nps["segment"]) == ("cust-1", "spring", "smb")
    assert (nps["flagged"], nps["case_status"]) == ("true", "open")
    assert nps["sentiment_label"] in {"negative", "neutral", "positive"}
    float(nps["sentiment_polarity"])
    assert (csat["kind"], csat["flagged"], csat["case_status"]) == ("csat", "false", "")
    assert (dismissed["dismissed"], dismissed["score"]) == ("true", "")
    assert "ana@example.com" not in response.text
    assert "555123456" not in response.text


@pytest.mark.usefixtures("answers")
def test_admin_export_has_consenting_emails_and_phones(
    client: TestClient, make_key: MakeKey
) -> None:
    rows = export(client, make_key(Role.ADMIN))

    assert list(rows[0]) == [*COLUMNS, "email", "phone"]
    assert [r["email"] for r in rows] == ["ana@example.com", "", ""]
    # Stored as "+995555123456"; a cell starting with "+" is defused like any other.
    assert [r["phone"] for r in rows] == ["'+995555123456", "", ""]


@pytest.mark.usefixtures("answers")
@pytest.mark.parametrize("role", [Role.MARKETER, Role.AGENT, Role.SERVICE])
def test_no_contact_columns_for_other_keys(
    client: TestClient, make_key: MakeKey, role: Role
) -> None:
    response = client.get("/v1/export/responses.csv", params=MARCH, headers=make_key(role))

    if role is Role.MARKETER:
        assert response.status_code == 200
        assert csv.DictReader(io.StringIO(response.text)).fieldnames == COLUMNS
    else:
        assert response.status_code == 403
    assert "555123456" not in response.text and "phone" not in response.text


@pytest.mark.usefixtures("answers")
def test_kind_and_window_filters(client: TestClient, make_key: MakeKey) -> None:
    marketer = make_key(Role.MARKETER)

    assert [r["kind"] for r in export(client, marketer, kind="csat")] == ["csat"]
    assert export(client, marketer, date_from="2024-03-11") == []


def test_bad_export_parameters_are_422(client: TestClient, make_key: MakeKey) -> None:
    marketer = make_key(Role.MARKETER)

    for query, named in [
        ("kind=ces", "kind"),
        ("date_to=31/03/2024", "date_to"),
        ("group_by=day", "group_by"),
    ]:
        response = client.get(f"/v1/export/responses.csv?{query}", headers=marketer)
        assert response.status_code == 422
        assert named in response.json()["message"]


def test_empty_export_is_just_the_header(client: TestClient, make_key: MakeKey) -> None:
    response = client.get("/v1/export/responses.csv", headers=make_key(Role.MARKETER))

    assert response.text.splitlines() == [",".join(COLUMNS)]
