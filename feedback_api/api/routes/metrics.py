"""The marketers' side: NPS and CSAT results, trends, and the CSV export of answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from feedback_api.api.deps import ERROR_RESPONSES, MarketerKey
from feedback_api.deps import SessionDep
from feedback_api.models import Role, utcnow
from feedback_api.schemas.metrics import CsatReport, ExportQuery, MetricsQuery, NpsReport
from feedback_api.storage import export, metrics

router = APIRouter(tags=["metrics"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    403: {"description": "The key is not a marketer or admin key"},
}


@router.get("/nps", response_model=NpsReport, responses=_ERRORS)
def nps(
    query: Annotated[MetricsQuery, Query()], session: SessionDep, _key: MarketerKey
) -> NpsReport:
    """Net Promoter Score for a window (default: the last 90 days), optionally as a trend.

    With ``group_by`` every period of the window is listed; a period nobody answered in
    has ``responses: 0`` and a null score, never a score of 0.
    """
    filters = query.filters()
    total = metrics.nps_counts(session, filters=filters)
    trend = (
        metrics.nps_trend(session, filters=filters, unit=query.group_by) if query.group_by else None
    )
    return NpsReport.build(query, total, trend)


@router.get("/csat", response_model=CsatReport, responses=_ERRORS)
def csat(
    query: Annotated[MetricsQuery, Query()], session: SessionDep, _key: MarketerKey
) -> CsatReport:
    """CSAT distribution, satisfaction % and response rate, optionally as a trend."""
    filters = query.filters()
    total = metrics.csat_counts(session, filters=filters)
    trend = (
        metrics.csat_trend(session, filters=filters, unit=query.group_by)
        if query.group_by
        else None
    )
    return CsatReport.build(query, total, trend)


@router.get(
    "/export/responses.csv",
    response_class=StreamingResponse,
    responses={**_ERRORS, 200: {"content": {"text/csv": {}}, "description": "The answers"}},
)
def export_responses(
    request: Request, query: Annotated[ExportQuery, Query()], key: MarketerKey
) -> StreamingResponse:
    """Survey answers as CSV, streamed; admin keys also get consenting customers' emails and
    the phone numbers given with consent."""
    body = export.stream_csv(
        request.app.state.session_factory,
        filters=query.filters(),
        kind=query.kind,
        include_email=key.role is Role.ADMIN,
    )
    filename = f"closedloop-responses-{utcnow():%Y-%m-%d}.csv"
    return StreamingResponse(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
