"""The detractor queue: keyset paging, filters, and the case history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from feedback_api.models import FollowUpCase, SurveyResponse
from feedback_api.policy import CaseStatus
from feedback_api.schemas.cases import CaseUpdate, DetractorFilters
from feedback_api.schemas.pagination import SortOrder
from feedback_api.storage.cases import get_feedback, is_overdue, list_detractors, update_case
from tests.storage.factories import Data

T0 = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)


def walk(session: Session, sort: SortOrder, *, limit: int, **filters: object) -> list[int]:
    """Every response id the queue shows, page by page."""
    ids: list[int] = []
    after = None
    for _ in range(100):
        page = list_detractors(
            session, filters=DetractorFilters(**filters), sort=sort, limit=limit, after=after
        )
        assert len(page.rows) <= limit
        ids.extend(row.response.id for row in page.rows)
        if page.next is None:
            return ids
        after = page.next
    raise AssertionError("pagination did not end")


@pytest.fixture
def queue(data: Data) -> list[SurveyResponse]:
    """23 flagged answers over 4 instants (many ties on created_at), priorities 1 to 3."""
    made = []
    for i in range(23):
        at = T0 - timedelta(hours=i % 4)
        if i % 3 == 0:
            made.append(data.answer("nps", 2, at=at))  # priority 1
        elif i % 3 == 1:
            made.append(data.answer("nps", 5, at=at))  # priority 2
        else:
            made.append(data.answer("csat", 2, at=at))  # priority 3
    data.answer("nps", 10, at=T0)  # not flagged: never in the queue
    return made


@pytest.mark.parametrize("limit", [1, 4, 7, 23, 200])
def test_newest_pages_walk_everything_once(
    session: Session, queue: list[SurveyResponse], limit: int
) -> None:
    expected = [r.id for r in sorted(queue, key=lambda r: (r.created_at, r.id), reverse=True)]

    assert walk(session, SortOrder.NEWEST, limit=limit) == expected


@pytest.mark.parametrize("limit", [1, 5, 50])
def test_priority_pages_walk_everything_once(
    session: Session, queue: list[SurveyResponse], limit: int
) -> None:
    expected = [
        r.id
        for r in sorted(queue, key=lambda r: (r.case.priority, -r.created_at.timestamp(), -r.id))
    ]
    assert {r.case.priority for r in queue} == {1, 2, 3}

    assert walk(session, SortOrder.PRIORITY, limit=limit) == expected


def test_new_answers_do_not_shift_later_pages(data: Data, session: Session) -> None:
    first = [data.answer("nps", 1, at=T0 - timedelta(minutes=i)) for i in range(6)]
    page = list_detractors(session, filters=DetractorFilters(), sort=SortOrder.NEWEST, limit=3)
    data.answer("nps", 1, at=T0 + timedelta(minutes=1))  # arrives while the agent reads

    rest = list_detractors(
        session, filters=DetractorFilters(), sort=SortOrder.NEWEST, limit=3, after=page.next
    )

    assert [r.response.id for r in page.rows + rest.rows] == [r.id for r in first]


def test_default_statuses_hide_resolved_cases(data: Data, session: Session) -> None:
    done = data.answer("nps", 0, at=T0)
    update_case(done.case, changes=CaseUpdate(status=CaseStatus.RESOLVED), actor="ana")
    session.commit()
    open_one = data.answer("nps", 0, at=T0)

    assert walk(session, SortOrder.NEWEST, limit=10) == [open_one.id]
    assert walk(session, SortOrder.NEWEST, limit=10, statuses=(CaseStatus.RESOLVED,)) == [done.id]


def test_filters(data: Data, session: Session) -> None:
    web = data.answer("nps", 0, at=T0, channel="web", language="ka", campaign="spring")
    mobile = data.answer("nps", 0, at=T0 - timedelta(days=2), channel="app")
    update_case(web.case, changes=CaseUpdate(assignee="ana"), actor="lead")
    session.commit()

    assert walk(session, SortOrder.NEWEST, limit=10, channel="web") == [web.id]
    assert walk(session, SortOrder.NEWEST, limit=10, language="ka") == [web.id]
    assert walk(session, SortOrder.NEWEST, limit=10, campaign="spring") == [web.id]
    assert walk(session, SortOrder.NEWEST, limit=10, assignee="ana") == [web.id]
    assert walk(session, SortOrder.NEWEST, limit=10, unassigned=True) == [mobile.id]
    since = T0 - timedelta(days=1)
    assert walk(session, SortOrder.NEWEST, limit=10, start=since) == [web.id]
    assert walk(session, SortOrder.NEWEST, limit=10, end=since) == [mobile.id]


def test_update_writes_history(data: Data, session: Session) -> None:
    response = data.answer("nps", 3, at=T0)
    case = response.case
    now = datetime(2024, 3, 11, 9, tzinfo=UTC)

    update_case(
        case,
        changes=CaseUpdate(status=CaseStatus.IN_PROGRESS, assignee="ana", note="Called back"),
        actor="agent-ana",
        now=now,
    )
    session.commit()

    assert case.first_contact_at == now
    assert case.resolved_at is None
    history = [(e.actor, e.field, e.old_value, e.new_value) for e in case.events]
    assert history == [
        ("system", "status", None, "open"),
        ("agent-ana", "status", "open", "in_progress"),
        ("agent-ana", "assignee", None, "ana"),
    ]
    assert [(n.author, n.body) for n in case.notes] == [("agent-ana", "Called back")]


def test_resolve_then_reopen(data: Data, session: Session) -> None:
    case = data.answer("nps", 3, at=T0).case
    contacted = datetime(2024, 3, 11, tzinfo=UTC)
    update_case(case, changes=CaseUpdate(status=CaseStatus.IN_PROGRESS), actor="a", now=contacted)
    later = contacted + timedelta(hours=5)
    update_case(case, changes=CaseUpdate(status=CaseStatus.RESOLVED), actor="a", now=later)
    assert case.resolved_at == later

    update_case(case, changes=CaseUpdate(status=CaseStatus.OPEN), actor="b", now=later)
    update_case(case, changes=CaseUpdate(status=CaseStatus.IN_PROGRESS), actor="b", now=later)
    session.commit()

    assert case.resolved_at is None
    assert case.first_contact_at == contacted  # the first contact is not moved
    assert [e.new_value for e in case.events] == [
        "open",
        "in_progress",
        "resolved",
        "open",
        "in_progress",
    ]


def test_unchanged_values_write_no_history(data: Data, session: Session) -> None:
    case = data.answer("nps", 5, at=T0).case
    before = case.updated_at

    update_case(case, changes=CaseUpdate(status=CaseStatus.OPEN, priority=case.priority), actor="a")

    assert len(case.events) == 1
    assert case.updated_at == before


def test_priority_and_unassign(data: Data, session: Session) -> None:
    case = data.answer("nps", 5, at=T0).case
    update_case(case, changes=CaseUpdate(assignee="ana", priority=1), actor="lead")
    update_case(case, changes=CaseUpdate(assignee=None), actor="lead")
    session.commit()

    reloaded = session.get(FollowUpCase, case.id, populate_existing=True)
    assert reloaded is not None
    assert reloaded.assignee is None
    assert reloaded.priority == 1
    assert [(e.field, e.old_value, e.new_value) for e in reloaded.events[1:]] == [
        ("assignee", None, "ana"),
        ("priority", "2", "1"),
        ("assignee", "ana", None),
    ]


def test_overdue(data: Data) -> None:
    case = data.answer("nps", 0, at=T0).case
    assert case.due_at == T0 + timedelta(hours=48)
    after_due = T0 + timedelta(hours=49)

    assert not is_overdue(case, now=T0 + timedelta(hours=47))
    assert is_overdue(case, now=after_due)
    case.first_contact_at = T0 + timedelta(hours=1)
    assert not is_overdue(case, now=after_due)
    case.first_contact_at = None
    case.status = CaseStatus.RESOLVED
    assert not is_overdue(case, now=after_due)


def test_get_feedback_loads_everything(data: Data, session: Session) -> None:
    response = data.answer(
        "nps",
        2,
        at=T0,
        comment="Terrible service, awful and useless",
        customer_id="cust-1",
        conversation_id="sender-1",
    )
    session.expunge_all()

    loaded = get_feedback(session, response_id=response.id)

    assert loaded is not None
    assert loaded.customer is not None and loaded.customer.external_id == "cust-1"
    assert loaded.conversation is not None and loaded.conversation.sender_id == "sender-1"
    assert loaded.sentiment is not None and loaded.sentiment.label == "negative"
    assert loaded.case is not None and len(loaded.case.events) == 1
    assert get_feedback(session, response_id=response.id + 1000) is None


def test_queue_sort_key_is_the_answer_time(data: Data, session: Session) -> None:
    """A case stores its answer's time (not its own) as the queue's sort key."""
    answer = data.answer("nps", 2, at=T0)
    session.flush()

    assert answer.case is not None
    assert answer.case.reported_at == T0
    assert answer.case.created_at != T0
