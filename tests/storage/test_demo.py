"""The bulk demo seeder writes what record_response would: same flags, cases and history."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from feedback_api.demo import seed_responses
from feedback_api.models import (
    FollowUpCase,
    SentimentRecord,
    SurveyOffer,
    SurveyResponse,
)
from feedback_api.policy import CaseStatus, FollowUpPolicy, decide_follow_up
from feedback_api.settings import Settings
from sentiment import TextBlobAnalyzer


def test_seeded_answers_follow_the_policy(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    assert seed_responses(session, count=400, seed=3, analyzer=analyzer, settings=settings) == 400
    session.commit()
    answers = session.scalars(
        select(SurveyResponse).options(
            selectinload(SurveyResponse.sentiment), selectinload(SurveyResponse.case)
        )
    ).all()
    policy = FollowUpPolicy.from_settings(settings)

    assert len(answers) == 400
    assert {a.language for a in answers} == {"en", "ka", "hy", "am"}
    for answer in answers:
        assert (answer.sentiment is not None) == (answer.comment is not None)
        decision = decide_follow_up(
            kind=answer.kind,
            score=answer.score,
            sentiment=answer.sentiment,
            complaint=False,
            policy=policy,
        )
        flagged = decision.flagged and not answer.dismissed
        assert (answer.case is not None) == flagged, answer.id
        if answer.case is not None:
            assert answer.case.priority == decision.priority
            assert answer.case.reported_at == answer.created_at
            assert answer.case.customer_id == answer.customer_id
    offers = session.scalar(select(func.count()).select_from(SurveyOffer))
    assert offers is not None and offers >= 400  # some offers went unanswered


def test_case_history_matches_status(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    seed_responses(session, count=600, seed=4, analyzer=analyzer, settings=settings)
    session.commit()
    cases = session.scalars(select(FollowUpCase).options(selectinload(FollowUpCase.events))).all()
    expected = {CaseStatus.OPEN: 1, CaseStatus.IN_PROGRESS: 3, CaseStatus.RESOLVED: 4}

    assert Counter(case.status for case in cases).keys() == set(CaseStatus)
    for case in cases:
        assert len(case.events) == expected[case.status]
        assert case.events[-1].new_value == case.status.value
        assert (case.resolved_at is not None) == (case.status is CaseStatus.RESOLVED)


def test_same_seed_twice_adds_nothing(
    session: Session, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    seed_responses(session, count=50, seed=5, analyzer=analyzer, settings=settings)
    session.commit()
    again = seed_responses(session, count=80, seed=5, analyzer=analyzer, settings=settings)
    session.commit()

    assert again == 30  # only the answers the first run did not make
    assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 80
    assert session.scalar(select(func.count()).select_from(SentimentRecord)) == session.scalar(
        select(func.count()).select_from(SurveyResponse).where(SurveyResponse.comment.is_not(None))
    )
