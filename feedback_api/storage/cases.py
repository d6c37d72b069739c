"""The detractor queue: listing flagged answers, reading one, and working its case.

Every change an agent makes is written to the case's history (``CaseEvent``) in the same
transaction as the change itself, so the history cannot disagree with the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, selectinload

from feedback_api.models import (
    CaseEvent,
    CaseNote,
    CaseStatus,
    Customer,
    FollowUpCase,
    SurveyResponse,
    utcnow,
)
from feedback_api.storage.pagination import Cursor, SortOrder

if TYPE_CHECKING:  # schemas_cases imports this module for DetractorFilters
    from feedback_api.schemas_cases import CaseUpdate

OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.IN_PROGRESS)
TRACKED_FIELDS = ("status", "assignee", "priority")


@dataclass(frozen=True)
class DetractorFilters:
    statuses: tuple[CaseStatus, ...] = OPEN_STATUSES
    start: datetime | None = None  # inclusive, on the answer's created_at
    end: datetime | None = None  # exclusive
    channel: str | None = None
    language: str | None = None
    campaign: str | None = None
    assignee: str | None = None
    unassigned: bool = False


class DetractorRow(NamedTuple):
    response: SurveyResponse
    case: FollowUpCase
    customer_external_id: str | None


@dataclass(frozen=True)
class DetractorPage:
    rows: list[DetractorRow]
    next: Cursor | None  # None on the last page


def is_overdue(case: FollowUpCase, *, now: datetime) -> bool:
    """Past the first-contact deadline with no contact yet and not resolved."""
    return (
        case.due_at is not None
        and case.due_at < now
        and case.first_contact_at is None
        and case.status is not CaseStatus.RESOLVED
    )


def _conditions(filters: DetractorFilters) -> list[ColumnElement[bool]]:
    conditions = [FollowUpCase.status.in_(filters.statuses)]
    if filters.start is not None:
        conditions.append(SurveyResponse.created_at >= filters.start)
    if filters.end is not None:
        conditions.append(SurveyResponse.created_at < filters.end)
    for column, value in (
        (SurveyResponse.channel, filters.channel),
        (SurveyResponse.language, filters.language),
        (SurveyResponse.campaign, filters.campaign),
        (FollowUpCase.assignee, filters.assignee),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.unassigned:
        conditions.append(FollowUpCase.assignee.is_(None))
    return conditions


def _after(cursor: Cursor) -> ColumnElement[bool]:
    """Rows strictly after the cursor in the cursor's sort order (a keyset condition)."""
    older = or_(
        SurveyResponse.created_at < cursor.created_at,
        and_(SurveyResponse.created_at == cursor.created_at, SurveyResponse.id < cursor.id),
    )
    if cursor.sort is SortOrder.NEWEST:
        return older
    return or_(
        FollowUpCase.priority > cursor.priority,
        and_(FollowUpCase.priority == cursor.priority, older),
    )


def _cursor_for(row: DetractorRow, sort: SortOrder) -> Cursor:
    return Cursor(
        sort=sort,
        created_at=row.response.created_at,
        id=row.response.id,
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
    order = [SurveyResponse.created_at.desc(), SurveyResponse.id.desc()]
    if sort is SortOrder.PRIORITY:
        order.insert(0, FollowUpCase.priority.asc())
    stmt = (
        select(SurveyResponse, FollowUpCase, Customer.external_id)
        .join(FollowUpCase, FollowUpCase.response_id == SurveyResponse.id)
        .outerjoin(Customer, Customer.id == SurveyResponse.customer_id)
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
