"""The agents' side of the closed loop: the detractor queue and working one case."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, status

from feedback_api.api.deps import AgentKey, SessionDep
from feedback_api.api.routes.responses import to_out
from feedback_api.models import SurveyResponse, utcnow
from feedback_api.schemas import SentimentOut
from feedback_api.schemas_cases import (
    CaseOut,
    CaseUpdate,
    ConversationOut,
    CustomerOut,
    DetractorItem,
    DetractorPage,
    DetractorQuery,
    EventOut,
    FeedbackDetail,
    NoteOut,
)
from feedback_api.storage import cases
from feedback_api.storage.pagination import InvalidCursor, decode_cursor, encode_cursor

router = APIRouter(tags=["cases"])

FeedbackId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The survey response id")]
_ERRORS: dict[int | str, dict[str, str]] = {
    401: {"description": "Missing, invalid or revoked API key"},
    403: {"description": "The key is not an agent or admin key"},
}


def to_item(row: cases.DetractorRow, *, now: datetime) -> DetractorItem:
    response, case = row.response, row.case
    return DetractorItem(
        id=response.id,
        case_id=case.id,
        kind=response.kind,
        score=response.score,
        category=response.category,
        comment=response.comment,
        sentiment=SentimentOut.model_validate(response.sentiment) if response.sentiment else None,
        status=case.status,
        priority=case.priority,
        reasons=case.reasons,
        assignee=case.assignee,
        channel=response.channel,
        language=response.language,
        campaign=response.campaign,
        customer_id=row.customer_external_id,
        created_at=response.created_at,
        due_at=case.due_at,
        overdue=cases.is_overdue(case, now=now),
    )


def to_detail(response: SurveyResponse, *, now: datetime) -> FeedbackDetail:
    customer, conversation, case = response.customer, response.conversation, response.case
    return FeedbackDetail(
        response=to_out(response),
        customer=CustomerOut(
            external_id=customer.external_id,
            language=customer.language,
            segment=customer.segment,
            email=customer.email if customer.email_consent else None,
            email_consent=customer.email_consent,
        )
        if customer
        else None,
        conversation=ConversationOut(
            sender_id=conversation.sender_id,
            channel=conversation.channel,
            language=conversation.language,
            campaign=conversation.campaign,
            transcript=conversation.transcript,
            started_at=conversation.started_at,
            ended_at=conversation.ended_at,
        )
        if conversation
        else None,
        case=CaseOut(
            id=case.id,
            status=case.status,
            priority=case.priority,
            reasons=case.reasons,
            assignee=case.assignee,
            due_at=case.due_at,
            first_contact_at=case.first_contact_at,
            resolved_at=case.resolved_at,
            overdue=cases.is_overdue(case, now=now),
            created_at=case.created_at,
            updated_at=case.updated_at,
        )
        if case
        else None,
        notes=[
            NoteOut(author=n.author, body=n.body, created_at=n.created_at)
            for n in (case.notes if case else [])
        ],
        history=[
            EventOut(
                actor=e.actor,
                field=e.field,
                old=e.old_value,
                new=e.new_value,
                created_at=e.created_at,
            )
            for e in (case.events if case else [])
        ],
    )


def _not_found(feedback_id: int) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"no feedback with id {feedback_id}")


@router.get(
    "/detractors",
    response_model=DetractorPage,
    responses={**_ERRORS, 400: {"description": "Invalid cursor"}},
)
def list_detractors(
    query: Annotated[DetractorQuery, Query()], session: SessionDep, _key: AgentKey
) -> DetractorPage:
    """Flagged answers to follow up, newest or most urgent first, a page at a time.

    Defaults to open and in-progress cases. Page with ``next_cursor`` until it is null.
    """
    try:
        after = decode_cursor(query.cursor, sort=query.sort) if query.cursor is not None else None
    except InvalidCursor as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc
    page = cases.list_detractors(
        session, filters=query.filters(), sort=query.sort, limit=query.limit, after=after
    )
    now = utcnow()
    return DetractorPage(
        items=[to_item(row, now=now) for row in page.rows],
        next_cursor=encode_cursor(page.next) if page.next else None,
    )


@router.get(
    "/feedback/{feedback_id}",
    response_model=FeedbackDetail,
    responses={**_ERRORS, 404: {"description": "No such feedback"}},
)
def get_feedback(feedback_id: FeedbackId, session: SessionDep, _key: AgentKey) -> FeedbackDetail:
    """One answer with its sentiment, customer, conversation, case, notes and history."""
    response = cases.get_feedback(session, response_id=feedback_id)
    if response is None:
        raise _not_found(feedback_id)
    return to_detail(response, now=utcnow())


@router.patch(
    "/feedback/{feedback_id}",
    response_model=FeedbackDetail,
    responses={
        **_ERRORS,
        404: {"description": "No such feedback"},
        409: {"description": "The feedback was not flagged, so it has no case"},
    },
)
def update_feedback(
    feedback_id: FeedbackId, body: CaseUpdate, session: SessionDep, key: AgentKey
) -> FeedbackDetail:
    """Change the case's status, assignee or priority, or add a note; all of it is logged.

    Moving to ``in_progress`` records the first contact; ``resolved`` records when;
    reopening clears ``resolved_at``.
    """
    response = cases.get_feedback(session, response_id=feedback_id, for_update=True)
    if response is None:
        raise _not_found(feedback_id)
    if response.case is None:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"feedback {feedback_id} was not flagged for follow-up, so it has no case to update",
        )
    cases.update_case(response.case, changes=body, actor=key.name)
    session.commit()
    return to_detail(response, now=utcnow())
