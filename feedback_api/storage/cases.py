"""The detractor queue: listing flagged answers, reading one, and working its case.

Most cases come from a survey answer (``response_id``). A case opened from a conversation
(a handoff to a person, a complaint; :mod:`feedback_api.storage.handoff`) has no answer:
:class:`DetractorFilters` ``include_conversation_cases`` lists those too, sorted by the
case's own creation time, and :func:`get_case` reads any case by its id.

Every change an agent makes is written to the case's history (``CaseEvent``) in the same
transaction as the change itself, so the history cannot disagree with the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from feedback_api.models import CaseEvent, CaseNote, Customer, FollowUpCase, SurveyResponse, utcnow
from feedback_api.policy import OPEN_STATUSES, CaseStatus
from feedback_api.schemas.cases import CaseUpdate, DetractorFilters
from feedback_api.schemas.pagination import Cursor, SortOrder

SYSTEM_ACTOR = "system"
"""The author of notes and history the product writes itself (not an agent)."""

TRACKED_FIELDS = ("status", "assignee", "priority")


class DetractorRow(NamedTuple):
    response: SurveyResponse | None  # None: a case opened from a conversation
    case: FollowUpCase
    customer_external_id: str | None


# The queue's sort key: when the answer was given, or the case opened when there is none.
# Stored on the case (models._set_reported_at) so an index gives the queue's order.
_REPORTED_AT = FollowUpCase.reported_at


@dataclass(frozen=True)
class DetractorPage:
    rows: list[DetractorRow]
    next: Cursor | None  # None on the last page


def new_case(
    *,
    conversation_id: int | None,
    customer_id: int | None,
    priority: int,
    reasons: list[str],
    channel: str | None,
    language: str | None,
    campaign: str | None,
    due_at: datetime | None,
    now: datetime,
) -> FollowUpCase:
    """A new open case whose history starts with "opened by the system".

    The one way a case is made, for an answer (:mod:`feedback_api.storage.responses`) and
    for a conversation handed to a person (:mod:`feedback_api.storage.handoff`).
    """
    case = FollowUpCase(
        conversation_id=conversation_id,
        customer_id=customer_id,
        priority=priority,
        reasons=reasons,
        channel=channel,
        language=language,
        campaign=campaign,
        due_at=due_at,
        created_at=now,
        updated_at=now,
    )
    case.events = [
        CaseEvent(
            actor=SYSTEM_ACTOR,
            field="status",
            old_value=None,
            new_value=CaseStatus.OPEN.value,
            created_at=now,
        )
    ]
    return case


def open_case_of_conversation(
    session: Session, conversation_id: int, *, without_answer: bool = False
) -> FollowUpCase | None:
    """The conversation's open case (the first if there are several), or ``None``.

    Why one case per conversation: a complaint and then a detractor's score in the same
    chat had opened two cases, with two reference numbers, and two agents could call the
    same customer about one problem. A later reason joins the open case instead: a chat
    reason (:mod:`feedback_api.storage.handoff`) any case, an answer
    (:mod:`feedback_api.storage.responses`) only one with no answer yet
    (``without_answer``: a case holds at most one).
    """
    query = select(FollowUpCase).where(
        FollowUpCase.conversation_id == conversation_id,
        FollowUpCase.status.in_(OPEN_STATUSES),
    )
    if without_answer:
        query = query.where(FollowUpCase.response_id.is_(None))
    return session.scalars(query.order_by(FollowUpCase.id).limit(1)).first()


def is_overdue(case: FollowUpCase, *, now: datetime) -> bool:
    """Past the first-contact deadline with no contact yet and not resolved."""
    return (
        case.due_at is not None
        and case.due_at < now
        and case.first_contact_at is None
        and case.status is not CaseStatus.RESOLVED
    )


def _conditions(filters: DetractorFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [FollowUpCase.status.in_(filters.statuses)]
    if not filters.include_conversation_cases:
        conditions.append(FollowUpCase.response_id.is_not(None))
    if filters.start is not None:
        conditions.append(_REPORTED_AT >= filters.start)
    if filters.end is not None:
        conditions.append(_REPORTED_AT < filters.end)
    for column, value in (
        (func.coalesce(SurveyResponse.channel, FollowUpCase.channel), filters.channel),
        (func.coalesce(SurveyResponse.language, FollowUpCase.language), filters.language),
        (func.coalesce(SurveyResponse.campaign, FollowUpCase.campaign), filters.campaign),
        (FollowUpCase.assignee, filters.assignee),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.unassigned:
        conditions.append(FollowUpCase.assignee.is_(None))
    return conditions


def _after(cursor: Cursor) -> ColumnElement[bool]:
    """Rows strictly after the cursor in the cursor's sort order (a keyset condition).

    Ties on the time are broken by the case id, which every row has (answers' cases are
    created with their answers, so this is the answers' order too).
    """
    older = or_(
        _REPORTED_AT < cursor.created_at,
        and_(_REPORTED_AT == cursor.created_at, FollowUpCase.id < cursor.id),
    )
    if cursor.sort is SortOrder.NEWEST:
        return older
    return or_(
        FollowUpCase.priority > cursor.priority,
        and_(FollowUpCase.priority == cursor.priority, older),
    )


def reported_at(row: DetractorRow) -> datetime:
    """When the row entered the queue: its answer's time, else its case's."""
    return row.response.created_at if row.response is not None else row.case.created_at


def _cursor_for(row: DetractorRow, sort: SortOrder) -> Cursor:
    return Cursor(
        sort=sort,
        created_at=reported_at(row),
        id=row.case.id,
        priority=row.case.priority if sort is SortOrder.PRIORITY else None,
    )


def list_detractors(
    session: Session,
    *,
    filters: DetractorFilters,
    sort: SortOrder,
    limit: int,
    after: Cursor | None = None,
) -> DetractorPage:
    """One page of flagged answers, newest or most urgent first, after ``after``."""
    order: list[ColumnElement[Any]] = [_REPORTED_AT.desc(), FollowUpCase.id.desc()]
    if sort is SortOrder.PRIORITY:
        order.insert(0, FollowUpCase.priority.asc())
    stmt = (
        select(SurveyResponse, FollowUpCase, Customer.external_id)
        .select_from(FollowUpCase)
        .outerjoin(SurveyResponse, FollowUpCase.response_id == SurveyResponse.id)
        .outerjoin(
            Customer,
            Customer.id == func.coalesce(SurveyResponse.customer_id, FollowUpCase.customer_id),
        )
        .options(selectinload(SurveyResponse.sentiment))
        .where(*_conditions(filters))
        .order_by(*order)
        .limit(limit + 1)  # one extra row says whether there is a next page
    )
    if after is not None:
        stmt = stmt.where(_after(after))
    rows = [DetractorRow(*row) for row in session.execute(stmt)]
    page = rows[:limit]
    return DetractorPage(rows=page, next=_cursor_for(page[-1], sort) if len(rows) > limit else None)


def get_feedback(
    session: Session, *, response_id: int, for_update: bool = False
) -> SurveyResponse | None:
    """One answer with everything the detail view shows, loaded up front.

    ``for_update`` locks the answer's row (PostgreSQL), so two agents updating the same
    case one after the other each see the other's change and write a true history.
    """
    case = selectinload(SurveyResponse.case)
    stmt = (
        select(SurveyResponse)
        .where(SurveyResponse.id == response_id)
        .options(
            selectinload(SurveyResponse.customer),
            selectinload(SurveyResponse.conversation),
            selectinload(SurveyResponse.sentiment),
            case.selectinload(FollowUpCase.notes),
            case.selectinload(FollowUpCase.events),
        )
    )
    if for_update:
        stmt = stmt.with_for_update(of=SurveyResponse)
    return session.scalar(stmt)


def get_case(session: Session, *, case_id: int, for_update: bool = False) -> FollowUpCase | None:
    """One case, with its answer (if any), customer, conversation, notes and history.

    The way to read a case opened from a conversation, which has no answer id;
    ``for_update`` locks the case's row as :func:`get_feedback` does the answer's.
    """
    stmt = (
        select(FollowUpCase)
        .where(FollowUpCase.id == case_id)
        .options(
            selectinload(FollowUpCase.response).selectinload(SurveyResponse.sentiment),
            selectinload(FollowUpCase.customer),
            selectinload(FollowUpCase.conversation),
            selectinload(FollowUpCase.notes),
            selectinload(FollowUpCase.events),
        )
    )
    if for_update:
        stmt = stmt.with_for_update(of=FollowUpCase)
    return session.scalar(stmt)


def _as_text(value: object) -> str | None:
    return None if value is None else str(value)


def _stamp_status(case: FollowUpCase, *, now: datetime) -> None:
    if case.status is CaseStatus.IN_PROGRESS and case.first_contact_at is None:
        case.first_contact_at = now
    case.resolved_at = now if case.status is CaseStatus.RESOLVED else None


def update_case(
    case: FollowUpCase, *, changes: CaseUpdate, actor: str, now: datetime | None = None
) -> None:
    """Apply an agent's changes; each changed field is one history event. The caller commits.

    Moving to in_progress records the first contact (once); resolving records when;
    reopening a resolved case clears that again.
    """
    now = now or utcnow()
    changed = False
    for name in TRACKED_FIELDS:
        if name not in changes.model_fields_set:
            continue
        old, new = getattr(case, name), getattr(changes, name)
        if old == new:
            continue
        setattr(case, name, new)
        case.events.append(
            CaseEvent(
                actor=actor,
                field=name,
                old_value=_as_text(old),
                new_value=_as_text(new),
                created_at=now,
            )
        )
        if name == "status":
            _stamp_status(case, now=now)
        changed = True
    if changes.note is not None:
        case.notes.append(CaseNote(author=actor, body=changes.note, created_at=now))
        changed = True
    if changed:
        case.updated_at = now


def customer_answers(
    session: Session, *, customer_id: int, limit: int = 20
) -> list[SurveyResponse]:
    """A customer's survey answers, newest first: the history an agent reads before calling."""
    return list(
        session.scalars(
            select(SurveyResponse)
            .where(SurveyResponse.customer_id == customer_id)
            .order_by(SurveyResponse.created_at.desc(), SurveyResponse.id.desc())
            .limit(limit)
        )
    )
