"""The agents' side of the closed loop: the detractor queue and working one case.

A case is read and worked by its answer's id (``/v1/feedback/{id}``) or, for every case
including those opened from a conversation without an answer (handoff, complaint), by its
own id (``/v1/cases/{case_id}``).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, status

from feedback_api.api.deps import BODY_ERROR_RESPONSES, ERROR_RESPONSES, AgentKey
from feedback_api.api.routes.responses import to_out
from feedback_api.deps import SessionDep
from feedback_api.models import Conversation, Customer, FollowUpCase, SurveyResponse, utcnow
from feedback_api.schemas.cases import (
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
from feedback_api.schemas.pagination import InvalidCursor, decode_cursor, encode_cursor
from feedback_api.schemas.responses import SentimentOut
from feedback_api.storage import cases

router = APIRouter(tags=["cases"])

FeedbackId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The survey response id")]
CaseId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The case id")]
_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    403: {"description": "The key is not an agent or admin key"},
}
_BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    **BODY_ERROR_RESPONSES,
    403: {"description": "The key is not an agent or admin key"},
}


def to_item(row: cases.DetractorRow, *, now: datetime) -> DetractorItem:
    response, case = row.response, row.case
    # A conversation's case has no answer; its channel, language and campaign are its own.
    origin = response if response is not None else case
    return DetractorItem(
        id=response.id if response else None,
        case_id=case.id,
        kind=response.kind if response else None,
        score=response.score if response else None,
        category=response.category if response else None,
        comment=response.comment if response else None,
        sentiment=(
            SentimentOut.model_validate(response.sentiment)
            if response and response.sentiment
            else None
        ),
        status=case.status,
        priority=case.priority,
        reasons=case.reasons,
        assignee=case.assignee,
        channel=origin.channel,
        language=origin.language,
        campaign=origin.campaign,
        customer_id=row.customer_external_id,
        created_at=cases.reported_at(row),
        due_at=case.due_at,
        overdue=cases.is_overdue(case, now=now),
    )


def to_detail(response: SurveyResponse, *, now: datetime) -> FeedbackDetail:
    return _detail(
        response=response,
        case=response.case,
        customer=response.customer,
        conversation=response.conversation,
        now=now,
    )


def to_case_detail(case: FollowUpCase, *, now: datetime) -> FeedbackDetail:
    return _detail(
        response=case.response,
        case=case,
        customer=case.customer,
        conversation=case.conversation,
        now=now,
    )


def _detail(
    *,
    response: SurveyResponse | None,
    case: FollowUpCase | None,
    customer: Customer | None,
    conversation: Conversation | None,
    now: datetime,
) -> FeedbackDetail:
    return FeedbackDetail(
        response=to_out(response) if response else None,
        customer=CustomerOut(
            external_id=customer.external_id,
            language=customer.language,
            segment=customer.segment,
            # While the customer consents: the address given with this answer, else theirs.
            email=((response.contact_email if response else None) or customer.email)
            if customer.email_consent
            else None,
            # Kept only when given with consent (record_response), so shown as stored.
            phone=response.contact_phone if response else None,
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

    Also lists cases opened from a conversation without an answer (a handoff to a person, a
    complaint): their ``id`` is null; read them with ``/v1/cases/{case_id}``. Defaults to
    open and in-progress cases. Page with ``next_cursor`` until it is null.
    """
    try:
        after = decode_cursor(query.cursor, sort=query.sort) if query.cursor is not None else None
    except InvalidCursor as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc
    filters = dataclasses.replace(query.filters(), include_conversation_cases=True)
    page = cases.list_detractors(
        session, filters=filters, sort=query.sort, limit=query.limit, after=after
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
        **_BODY_ERRORS,
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


def _no_case(case_id: int) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"no case with id {case_id}")


@router.get(
    "/cases/{case_id}",
    response_model=FeedbackDetail,
    responses={**_ERRORS, 404: {"description": "No such case"}},
)
def get_case(case_id: CaseId, session: SessionDep, _key: AgentKey) -> FeedbackDetail:
    """One case by its id, with its answer (null for a handoff or complaint from the chat)."""
    case = cases.get_case(session, case_id=case_id)
    if case is None:
        raise _no_case(case_id)
    return to_case_detail(case, now=utcnow())


@router.patch(
    "/cases/{case_id}",
    response_model=FeedbackDetail,
    responses={**_BODY_ERRORS, 404: {"description": "No such case"}},
)
def update_case(
    case_id: CaseId, body: CaseUpdate, session: SessionDep, key: AgentKey
) -> FeedbackDetail:
    """Change a case's status, assignee or priority, or add a note, by the case's id.

    The same change as ``PATCH /v1/feedback/{id}``, for any case, with or without an answer.
    """
    case = cases.get_case(session, case_id=case_id, for_update=True)
    if case is None:
        raise _no_case(case_id)
    cases.update_case(case, changes=body, actor=key.name)
    session.commit()
    return to_case_detail(case, now=utcnow())
