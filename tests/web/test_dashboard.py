"""The marketer dashboard: the same numbers as the API, breakdowns, chart data, CSV export."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from feedback_api.models import Role
from feedback_api.web import routes_dashboard
from tests.storage.factories import Data

MakeKey = Callable[..., dict[str, str]]
T0 = datetime(2026, 3, 2, 12, tzinfo=UTC)  # a Monday
WINDOW = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


@pytest.fixture
def answers(data: Data) -> None:
    """Web: 3 promoters, 1 passive, 2 detractors; email: 1 detractor; CSAT 5, 4, 2."""
    for day, score in enumerate((10, 9, 9, 8, 3, 0)):
        data.answer("nps", score, at=T0 + timedelta(days=day * 3), channel="web", campaign="spring")
    data.answer("nps", 5, at=T0, channel="email", language="ka")
    data.answer("nps", None, dismissed=True, at=T0, channel="web")
    for score in (5, 4, 2):
        data.answer("csat", score, at=T0, channel="web")
    data.offer("csat", at=T0)
    data.answer("nps", 10, at=T0 - timedelta(days=60))  # outside the window


def _other_origins(page: str) -> list[str]:
    """Addresses the page loads or links that are not on our own origin (a CDN, say).

    Only attribute values count: the page also carries random tokens (the CSRF field), and a
    token may well contain "cdn".
    """
    return re.findall(r'(?:src|href)="((?:[a-z][a-z0-9+.-]*:)?//[^"]*)"', page, re.I)


def _text(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page, re.S)
    assert match, element_id
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def test_numbers_match_the_api(
    marketer_client: TestClient, make_key: MakeKey, answers: None
) -> None:
    for filters in (WINDOW, {**WINDOW, "channel": "web"}, {**WINDOW, "campaign": "spring"}):
        page = marketer_client.get("/dashboard", params=filters)
        api = marketer_client.get("/v1/nps", params=filters, headers=make_key(Role.MARKETER)).json()
        assert page.status_code == 200
        score = f"{api['score']:+.1f}".replace("-", "−")
        assert _text(page.text, "nps-score").startswith(score), filters
        assert f"± {api['margin_of_error']:.1f}" in _text(page.text, "nps-score")
        assert _text(page.text, "nps-responses") == str(api["responses"])
        for band in ("promoters", "passives", "detractors"):
            assert _text(page.text, f"nps-{band}") == str(api[band])


def test_whole_window_numbers(marketer_client: TestClient, answers: None) -> None:
    page = marketer_client.get("/dashboard", params=WINDOW).text
    # 7 answers: 3 promoters, 1 passive, 3 detractors -> NPS 0
    assert _text(page, "nps-score").startswith("+0.0")
    assert _text(page, "nps-responses") == "7"
    assert "1 dismissed, not counted" in page
    assert _text(page, "csat-score") == "66.7%"  # two of three satisfied
    assert "response rate 300.0% of 1 offered" in page


def test_breakdowns_by_channel_language_and_campaign(
    marketer_client: TestClient, answers: None
) -> None:
    page = marketer_client.get("/dashboard", params=WINDOW).text
    channel = page[page.index('id="by-channel"') : page.index('id="by-language"')]
    assert re.search(
        r"<th scope=\"row\">web</th><td>\+16\.7</td><td>[\d.]+</td><td>6</td>", channel
    )
    assert re.search(
        r"<th scope=\"row\">email</th><td>−100\.0</td><td>0\.0</td><td>1</td>", channel
    )
    language = page[page.index('id="by-language"') : page.index('id="by-campaign"')]
    assert re.search(r"<th scope=\"row\">ka</th><td>−100\.0</td><td>0\.0</td><td>1</td>", language)
    assert re.search(
        r"<th scope=\"row\">en</th><td>\+16\.7</td><td>[\d.]+</td><td>6</td>", language
    )
    campaign = page[page.index('id="by-campaign"') :]
    assert '<th scope="row">spring</th>' in campaign
    assert '<th scope="row">(none)</th>' in campaign


def test_trend_has_every_period_and_no_score_for_empty_ones(
    marketer_client: TestClient, answers: None
) -> None:
    page = marketer_client.get("/dashboard", params={**WINDOW, "group_by": "week"}).text
    data = json.loads(re.search(r'id="trend-data">(.*?)</script>', page, re.S).group(1))
    assert data["unit"] == "week"
    assert data["labels"][0] == "2026-02-23" and data["labels"][-1] == "2026-03-30"
    assert sum(data["responses"]) == 7
    empty = [s for s, n in zip(data["score"], data["responses"], strict=True) if n == 0]
    assert empty and all(s is None for s in empty)


def test_chart_is_served_from_our_origin_or_the_page_says_why_not(
    marketer_client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = marketer_client.get("/dashboard").text
    if routes_dashboard.CHART_JS.is_file():
        assert '<script src="/static/vendor/chart.umd.js" defer></script>' in page
        chart = marketer_client.get("/static/vendor/chart.umd.js")
        assert chart.status_code == 200 and "Chart" in chart.text[:5000]
    assert _other_origins(page) == []

    monkeypatch.setattr(routes_dashboard, "CHART_JS", tmp_path / "missing.js")
    without = marketer_client.get("/dashboard").text
    assert "chart.umd.js" not in without
    assert "npm ci" in without
    assert "Trend as a table" in without


def test_export_link_carries_the_filters_and_exports_them(
    marketer_client: TestClient, answers: None
) -> None:
    filters = {**WINDOW, "channel": "web", "campaign": "spring", "tz": "Asia/Tbilisi"}
    page = marketer_client.get("/dashboard", params=filters).text
    link = html.unescape(re.search(r'id="export-nps" href="([^"]+)"', page).group(1))
    assert link.startswith("/dashboard/export.csv?")
    for name, value in {**filters, "kind": "nps"}.items():
        assert f"{name}={value}".replace("/", "%2F") in link

    response = marketer_client.get(link)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 6
    assert {r["channel"] for r in rows} == {"web"} and {r["kind"] for r in rows} == {"nps"}
    assert "email" not in rows[0]  # marketers never get emails


def test_bad_filters_are_explained(marketer_client: TestClient) -> None:
    page = marketer_client.get("/dashboard", params={"tz": "Mars/Base"})
    assert page.status_code == 400
    assert "unknown time zone" in page.text
    export = marketer_client.get("/dashboard/export.csv", params={"date_from": "soon"})
    assert export.status_code == 400
    assert "date_from" in export.text


def test_period_presets(marketer_client: TestClient) -> None:
    page = marketer_client.get("/dashboard").text
    assert "Last 7 days" in page and "Last 12 months" in page
    assert 'aria-current="true">Last 90 days' in page  # the default window
