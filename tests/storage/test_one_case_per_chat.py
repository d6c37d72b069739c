"""One follow-up case per chat: a complaint or a request for a person and a survey answer
that calls for follow-up, in the same conversation, are one case for the agents.

Round 13: a customer who complained and then gave a 3 in the same chat had two cases, two
reference numbers, and two agents could call them about one problem.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feedback_api.models import FollowUpCase, SurveyResponse
from feedback_api.policy import CaseReason, CaseStatus, SurveyKind
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.handoff import add_withdrawal_note, open_handoff_case
from feedback_api.storage.responses import CHAT_SOURCE, store_response
from sentiment import TextBlobAnalyzer

CHAT = "chat-one-case"
KEY = f"{CHAT}:nps:1700000000.0:1"


def _answer(
    session: Session,
    analyzer: TextBlobAnalyzer,
    settings: Settings,
    *,
    conversation: str = CHAT,
    **fields: object,
) -> SurveyResponse:
    values: dict[str, object] = {
        "kind": SurveyKind.NPS,
        "conversation_id": conversation,
        "idempotency_key": KEY,
        "language": "en",
    }
    data = ResponseCreate.model_validate(values | fields)
    response, _ = store_response(
        session, data, analyzer=analyzer, settings=settings, source=CHAT_SOURCE, transcript=[]
    )
    return response


def _complain(session: Session, reason: CaseReason = CaseReason.COMPLAINT) -> FollowUpCase:
    case, _ = open_handoff_case(
        session,
        sender_id=CHAT,
        reason=reason,
        transcript=[{"role": "user", "text": "the parcel came broken"}],
        comment="the parcel came broken",
    )
    session.commit()
    return case


def _cases(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(FollowUpCase)) or 0)


def test_a_low_score_after_a_complaint_joins_its_case(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    complaint = _complain(session)
    answer = _answer(session, analyzer, settings, score=3, comment="broken parcel")
    assert answer.case is not None and answer.case.id == complaint.id
    assert _cases(session) == 1
    case = answer.case
    assert case.reasons[0] == "complaint"  # the chat's reason stays the main one
    assert "detractor_score" in case.reasons
    assert case.priority == 1
    assert case.notes[-1].body == (
        'The customer then answered a survey in this chat (NPS 0-10): 3: "broken parcel"'
    )


def test_a_complaint_after_a_low_score_joins_the_answers_case(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    answer = _answer(session, analyzer, settings, score=2)
    session.commit()
    assert answer.case is not None
    case = _complain(session)
    assert case.id == answer.case.id and _cases(session) == 1
    assert case.reasons == ["detractor_score", "complaint"]
    assert case.priority == 1


def test_the_earlier_promise_of_the_two_is_the_cases_deadline(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    """Round 14: an answer's case kept its 48 hours while the handoff in the same chat
    promised a person the next morning."""
    answer = _answer(session, analyzer, settings, score=2)
    session.commit()
    assert answer.case is not None and answer.case.due_at is not None
    sooner = answer.case.due_at - timedelta(hours=30)
    case, _ = open_handoff_case(
        session, sender_id=CHAT, reason=CaseReason.HANDOFF, transcript=[], due_at=sooner
    )
    assert case.id == answer.case.id and case.due_at == sooner
    later = sooner + timedelta(days=5)
    case, _ = open_handoff_case(
        session, sender_id=CHAT, reason=CaseReason.HANDOFF, transcript=[], due_at=later
    )
    assert case.due_at == sooner  # never pushed back


def test_a_corrected_score_leaves_the_complaint_open(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    _complain(session)
    _answer(session, analyzer, settings, score=3)
    revised = _answer(session, analyzer, settings, score=9, comment="fine really")
    case = revised.case
    assert case is not None and case.status is CaseStatus.OPEN  # the complaint still stands
    assert case.notes[-1].body == (
        "The customer changed the score to 9 in the chat: this answer no longer calls for follow-up"
    )


def test_other_chats_and_closed_cases_are_not_joined(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    complaint = _complain(session)
    elsewhere = _answer(
        session, analyzer, settings, conversation="another-chat", score=1, idempotency_key="k-2"
    )
    assert elsewhere.case is not None and elsewhere.case.id != complaint.id
    complaint.status = CaseStatus.RESOLVED
    session.commit()
    later = _answer(session, analyzer, settings, score=2)
    assert later.case is not None and later.case.id not in (complaint.id, elsewhere.case.id)


def test_a_second_answer_opens_its_own_case_beside_the_first(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    """A case holds one answer: a low CSAT and then a low NPS in one chat are two answers,
    each with its case (a chat's complaint joins the first)."""
    first = _answer(session, analyzer, settings, kind=SurveyKind.CSAT, score=1, idempotency_key="c")
    second = _answer(session, analyzer, settings, score=2)
    assert first.case is not None and second.case is not None
    assert first.case.id != second.case.id
    joined = _complain(session)
    assert joined.id == first.case.id


def test_a_withdrawn_request_for_a_person_resolves_its_case(session: Session) -> None:
    """Round 22 (English, Armenian, Amharic): "actually never mind, I found it" left the
    handoff case open in the agents' queue, though nobody waited for a person any more."""
    case, _ = open_handoff_case(
        session, sender_id=CHAT, reason=CaseReason.HANDOFF, transcript=[], comment="a person pls"
    )
    session.commit()
    assert add_withdrawal_note(
        session, case.id, "never mind, found it", what="request for a person"
    )
    session.commit()
    session.refresh(case)
    assert case.status is CaseStatus.RESOLVED and case.resolved_at is not None
    assert case.notes[-1].body == (
        "The customer withdrew the request for a person in the chat: never mind, found it"
    )


def test_a_withdrawn_request_leaves_a_complaint_open(session: Session) -> None:
    """A complaint in the same chat is for an agent to close: only lowered from urgent."""
    complaint = _complain(session)
    open_handoff_case(session, sender_id=CHAT, reason=CaseReason.HANDOFF, transcript=[])
    assert add_withdrawal_note(session, complaint.id, "nvm", what="request for a person")
    session.commit()
    session.refresh(complaint)
    assert complaint.status is CaseStatus.OPEN and complaint.priority == 3
