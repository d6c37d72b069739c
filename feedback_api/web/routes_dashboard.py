"""The marketer dashboard: NPS with its margin, trend, breakdowns, CSAT, and the CSV export.

The numbers come from the same storage functions and the same rounding
(``NpsStats.fields_of``) as ``GET /v1/nps`` and ``/v1/csat``, so the page and the API can
never disagree. Filters are a GET form: the URL is the report, and can be bookmarked or
shared.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from pydantic import ValidationError

from feedback_api.deps import SessionDep
from feedback_api.models import Role, utcnow
from feedback_api.schemas.metrics import CsatStats, ExportQuery, MetricsQuery, NpsStats, Unit
from feedback_api.storage import export, metrics
from feedback_api.storage.breakdowns import Dimension, nps_breakdown
from feedback_api.web.deps import DashboardViewer
from feedback_api.web.pages import CHART_JS, WebError, describe_errors, render

router = APIRouter(include_in_schema=False)

FILTERS = ("date_from", "date_to", "tz", "channel", "language", "campaign", "segment")
PRESETS = (("Last 7 days", 7), ("Last 30 days", 30), ("Last 90 days", 90), ("Last 12 months", 365))
GROUPINGS = ("day", "week", "month")
DEFAULT_DAYS = 90


def _today() -> date:
    return datetime.now(UTC).date()


def _params(request: Request) -> dict[str, str]:
    params = {}
    for name in (*FILTERS, "group_by"):
        value = request.query_params.get(name, "").strip()
        if value:
            params[name] = value
    params.setdefault("date_to", _today().isoformat())
    if "date_from" not in params:
        end = (
            date.fromisoformat(params["date_to"][:10]) if _is_date(params["date_to"]) else _today()
        )
        params["date_from"] = (end - timedelta(days=DEFAULT_DAYS - 1)).isoformat()
    params.setdefault("group_by", "week")
    return params


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _bound(row: dict[str, Any], sign: int) -> float | None:
    """The score ± its margin of error, kept within −100..100 (the band on the chart)."""
    score, margin = row["score"], row["margin_of_error"]
    if not isinstance(score, float | int) or not isinstance(margin, float | int):
        return None
    return round(max(-100.0, min(100.0, score + sign * margin)), 1)


def _preset_urls(params: dict[str, str]) -> list[tuple[str, str, bool]]:
    today = _today()
    urls = []
    for label, days in PRESETS:
        start = (today - timedelta(days=days - 1)).isoformat()
        chosen = {**params, "date_from": start, "date_to": today.isoformat()}
        if days <= 31:
            chosen["group_by"] = "day"
        elif days <= 120:
            chosen["group_by"] = "week"
        else:
            chosen["group_by"] = "month"
        active = params.get("date_from") == start and params.get("date_to") == today.isoformat()
        urls.append((label, "/dashboard?" + urlencode(chosen), active))
    return urls


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, viewer: DashboardViewer) -> Response:
    params = _params(request)
    try:
        query = MetricsQuery.model_validate(params)
    except ValidationError as exc:
        return render(
            request,
            "dashboard.html",
            {
                "form": params,
                "error": describe_errors(exc),
                "groupings": GROUPINGS,
                "presets": _preset_urls(params),
            },
            web=viewer.web,
            user=viewer.user,
            status_code=400,
        )
    filters = query.filters()
    unit = query.group_by or Unit.WEEK
    nps = NpsStats.fields_of(metrics.nps_counts(session, filters=filters))
    trend = [
        {"period": period.isoformat(), **NpsStats.fields_of(counts)}
        for period, counts in metrics.nps_trend(session, filters=filters, unit=unit)
    ]
    csat = CsatStats.fields_of(metrics.csat_counts(session, filters=filters))
    breakdowns = {
        dimension.value: [
            (value, NpsStats.fields_of(counts))
            for value, counts in nps_breakdown(session, filters=filters, by=dimension)
        ]
        for dimension in Dimension
    }
    export_params = {k: v for k, v in params.items() if k in FILTERS}
    chart_data = {
        "labels": [row["period"] for row in trend],
        "score": [row["score"] for row in trend],
        "low": [_bound(row, -1) for row in trend],
        "high": [_bound(row, +1) for row in trend],
        "responses": [row["responses"] for row in trend],
        "unit": unit.value,
    }
    return render(
        request,
        "dashboard.html",
        {
            "form": params,
            "error": None,
            "groupings": GROUPINGS,
            "presets": _preset_urls(params),
            "window": (filters.start, filters.end),
            "nps": nps,
            "trend": trend,
            "csat": csat,
            "breakdowns": breakdowns,
            "export_nps_url": "/dashboard/export.csv?"
            + urlencode({**export_params, "kind": "nps"}),
            "export_all_url": "/dashboard/export.csv?" + urlencode(export_params),
            "chart_json": json.dumps(chart_data).replace("<", "\\u003c"),  # safe in <script>
            "chart_available": CHART_JS.is_file(),
        },
        web=viewer.web,
        user=viewer.user,
    )


@router.get("/dashboard/export.csv")
def export_csv(request: Request, viewer: DashboardViewer) -> Response:
    """The same CSV as ``/v1/export/responses.csv``, for a signed-in marketer."""
    params: dict[str, Any] = {
        name: request.query_params[name]
        for name in (*FILTERS, "kind")
        if request.query_params.get(name, "").strip()
    }
    try:
        query = ExportQuery.model_validate(params)
    except ValidationError as exc:
        raise WebError(
            400, "Cannot export", describe_errors(exc), web=viewer.web, user=viewer.user
        ) from exc
    body = export.stream_csv(
        request.app.state.session_factory,
        filters=query.filters(),
        kind=query.kind,
        include_email=viewer.user.role is Role.ADMIN,
    )
    filename = (
        f"closedloop-{query.kind.value if query.kind else 'responses'}-{utcnow():%Y-%m-%d}.csv"
    )
    return StreamingResponse(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
