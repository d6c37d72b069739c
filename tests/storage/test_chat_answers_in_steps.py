"""A chat answer stored as soon as its score is given, then brought up to date.

The chat stores an NPS or CSAT answer when the score is given and again, under the same
idempotency key, as the reason and the contact come (bot/actions/survey.py ``save_so_far``).
A customer who leaves after the score is counted; the later states must update that one
answer (its case, sentiment, contact and the rollups), never add a second one.
"""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from feedback_api.models import SurveyResponse
from feedback_api.policy import CaseStatus, SurveyKind
from feedback_api.schemas.cases import CaseUpdate
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage import rollups
from feedback_api.storage.cases import update_case
from feedback_api.storage.responses import CHAT_SOURCE, store_response
from sentiment import TextBlobAnalyzer

KEY = "steps-1:nps:1700000000.0"


def _answer(**fields: object) -> ResponseCreate:
    values: dict[str, object] = {
        "kind": SurveyKind.NPS,
        "conversation_id": "steps-1",
        "idempotency_key": KEY,
        "language": "en",
    }
    return ResponseCreate.model_validate(values | fields)


def _store(
    session: Session, data: ResponseCreate, analyzer: TextBlobAnalyzer, settings: Settings
) -> tuple[SurveyResponse, bool]:
    return store_response(
        session, data, analyzer=analyzer, settings=settings, source=CHAT_SOURCE, transcript=[]
    )


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(SurveyResponse)) or 0)


def test_the_reason_and_contact_complete_the_score_stored_first(
    session: Session, engine: Engine, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    first, created = _store(session, _answer(score=3), analyzer, settings)
    assert created and first.comment is None and first.case is not None
    opened_at = first.created_at
    whole = _answer(
        score=3,
        comment="Terrible, the parcel was late and broken",
        email="kim@example.net",
        phone="0922112233",
        contact_consent=True,
    )
    again, created = _store(session, whole, analyzer, settings)
    assert not created and again.id == first.id and _count(session) == 1
    assert again.comment == "Terrible, the parcel was late and broken"
    assert again.sentiment is not None and again.sentiment.label == "negative"
    assert (again.contact_email, again.contact_phone) == ("kim@example.net", "0922112233")
    assert again.created_at == opened_at  # when the score was given
    assert again.case is not None
    assert [note.body for note in again.case.notes] == [
        "Contact the customer at kim@example.net or 0922112233 (given, with consent, with the"
        " answer)"
    ]
    # The same state delivered again (a retried action) changes nothing.
    _store(session, whole, analyzer, settings)
    assert again.case is not None and len(again.case.notes) == 1
    with engine.connect() as connection:
        assert rollups.verify(connection) == (0, 0)


def test_a_negative_reason_after_a_high_score_opens_the_case(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    first, _ = _store(session, _answer(score=9), analyzer, settings)
    assert first.case is None
    revised, _ = _store(
        session,
        _answer(score=9, comment="Absolutely horrible service, never again"),
        analyzer,
        settings,
    )
    assert revised.case is not None


def test_a_corrected_score_moves_the_counts_and_resolves_an_untouched_case(
    session: Session, engine: Engine, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    first, _ = _store(session, _answer(score=3), analyzer, settings)
    assert first.category == "detractor" and first.case is not None
    revised, _ = _store(session, _answer(score=9, comment="fine really"), analyzer, settings)
    assert (revised.score, revised.category) == (9, "promoter")
    # No agent had touched the case: it leaves the queue, and its history says why.
    case = revised.case
    assert case is not None and case.status is CaseStatus.RESOLVED
    assert case.resolved_at is not None
    assert [note.body for note in case.notes] == [
        "The customer changed the score to 9 in the chat: this answer no longer calls for "
        "follow-up, so the case was resolved"
    ]
    assert [(e.actor, e.old_value, e.new_value) for e in case.events] == [
        ("system", None, "open"),
        ("system", "open", "resolved"),
    ]
    with engine.connect() as connection:
        assert rollups.verify(connection) == (0, 0)
    # Changed back to a low score: the case the chat resolved opens again.
    again, _ = _store(session, _answer(score=2, comment="fine really"), analyzer, settings)
    assert again.case is case and case.status is CaseStatus.OPEN and case.resolved_at is None
    assert case.notes[-1].body == (
        "The customer changed the score to 2 in the chat: this answer calls for follow-up again"
    )


def test_a_corrected_score_only_notes_a_case_an_agent_works_on(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    first, _ = _store(session, _answer(score=3), analyzer, settings)
    assert first.case is not None
    update_case(first.case, changes=CaseUpdate(assignee="nino"), actor="nino")
    session.flush()
    revised, _ = _store(session, _answer(score=9, comment="fine really"), analyzer, settings)
    case = revised.case
    assert case is not None and case.status is CaseStatus.OPEN  # the agent decides
    assert [note.body for note in case.notes] == [
        "The customer changed the score to 9 in the chat: this answer no longer calls for follow-up"
    ]


def test_an_api_answer_is_never_revised_by_its_key(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    """Only the chat's own answers are given in steps: for an API client the same key is a
    retry, and the first body stands."""
    first, _ = store_response(session, _answer(score=3), analyzer=analyzer, settings=settings)
    again, created = store_response(
        session, _answer(score=3, comment="later words"), analyzer=analyzer, settings=settings
    )
    assert not created and again.id == first.id and again.comment is None
