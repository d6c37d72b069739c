"""Ingest: survey answers collected outside the chat (email, in-app, imports)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Response, status

from feedback_api.api.deps import BODY_ERROR_RESPONSES, IngestKey
from feedback_api.deps import AnalyzerDep, SessionDep, SettingsDep
from feedback_api.models import SurveyResponse
from feedback_api.schemas.responses import ResponseCreate, ResponseOut, SentimentOut
from feedback_api.storage.responses import IdempotencyConflict, store_response

router = APIRouter(tags=["responses"])

# Printable ASCII only: a header with a control character would reach the database.
IdempotencyHeader = Annotated[
    str | None, Header(min_length=1, max_length=255, pattern=r"^[\x20-\x7e]+$")
]


def to_out(response: SurveyResponse) -> ResponseOut:
    """The public shape of a stored answer (never the ORM object itself)."""
    case = response.case
    return ResponseOut(
        id=response.id,
        kind=response.kind,
        score=response.score,
        category=response.category,
        comment=response.comment,
        dismissed=response.dismissed,
        language=response.language,
        channel=response.channel,
        campaign=response.campaign,
        segment=response.segment,
        created_at=response.created_at,
        sentiment=SentimentOut.model_validate(response.sentiment) if response.sentiment else None,
        flagged=case is not None,
        case_id=case.id if case else None,
        case_status=case.status if case else None,
        priority=case.priority if case else None,
    )


@router.post(
    "/responses",
    status_code=status.HTTP_201_CREATED,
    response_model=ResponseOut,
    responses={
        200: {"description": "Already stored under this idempotency key (by this API key)"},
        409: {"description": "This Idempotency-Key was already used with another body"},
        **BODY_ERROR_RESPONSES,
    },
)
def create_response(
    body: ResponseCreate,
    session: SessionDep,
    settings: SettingsDep,
    analyzer: AnalyzerDep,
    key: IngestKey,
    response: Response,
    idempotency_key: IdempotencyHeader = None,
) -> ResponseOut:
    """Record an answer (admin or service key) with the same rules as the chat.

    Sentiment runs on the comment; a detractor, a clearly negative comment or a complaint
    opens a follow-up case. Send an ``Idempotency-Key`` header (or ``idempotency_key``)
    to make retries safe: a repeat returns the stored answer with status 200. Keys are
    per API key (another client's key is just a new key to you), and a key reused with
    a different body is refused with 409.
    """
    if idempotency_key and not body.idempotency_key:
        body = body.model_copy(update={"idempotency_key": idempotency_key})
    try:
        stored, created = store_response(
            session,
            body,
            analyzer=analyzer,
            settings=settings,
            source="api",
            idempotency_scope=f"key{key.id}",
        )
    except IdempotencyConflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    if not created:
        response.status_code = status.HTTP_200_OK
    return to_out(stored)
