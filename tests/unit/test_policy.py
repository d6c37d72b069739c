"""Who is followed up and how urgently: the conventions' rules, without a database."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from feedback_api.policy import (
    CaseReason,
    FollowUpPolicy,
    NpsCategory,
    SurveyKind,
    decide_follow_up,
    nps_category,
    score_contradicts_comment,
    score_opens_case,
)
from feedback_api.settings import Settings


@dataclass
class Sent:
    label: str
    polarity: float
    confidence: float


POLICY = FollowUpPolicy.from_settings(Settings(_env_file=None))  # type: ignore[call-arg]
ANGRY = Sent("negative", -0.8, 0.9)
MILD = Sent("negative", -0.15, 0.9)
HAPPY = Sent("positive", 0.7, 0.9)


def nps(
    score: int,
    *,
    sentiment: Sent | None = None,
    complaint: bool = False,
    policy: FollowUpPolicy = POLICY,
) -> tuple[bool, int, tuple[CaseReason, ...]]:
    decision = decide_follow_up(
        kind=SurveyKind.NPS, score=score, sentiment=sentiment, complaint=complaint, policy=policy
    )
    return decision.flagged, decision.priority, decision.reasons


@pytest.mark.parametrize(
    ("score", "category"),
    [
        (0, "detractor"),
        (6, "detractor"),
        (7, "passive"),
        (8, "passive"),
        (9, "promoter"),
        (10, "promoter"),
    ],
)
def test_nps_bands(score: int, category: str) -> None:
    assert nps_category(score) is NpsCategory(category)


def test_detractor_opens_case_and_low_scores_are_more_urgent() -> None:
    low, mid = nps(2), nps(6)
    assert low[0] and mid[0]
    assert low[1] < mid[1]
    assert low[2] == (CaseReason.DETRACTOR_SCORE,)


def test_passive_and_promoter_are_not_flagged_unless_the_comment_is_clearly_negative() -> None:
    for score in (7, 8, 9, 10):
        assert not nps(score, sentiment=HAPPY)[0]
    flagged, _priority, reasons = nps(8, sentiment=ANGRY)
    assert flagged and reasons == (CaseReason.NEGATIVE_COMMENT,)


def test_mildly_negative_or_unsure_comment_is_not_clearly_negative() -> None:
    assert not nps(8, sentiment=MILD)[0]
    assert not nps(8, sentiment=Sent("negative", -0.9, 0.1))[0]


def test_angry_detractor_moves_up_and_complaint_is_most_urgent() -> None:
    assert nps(5, sentiment=ANGRY)[1] == nps(5)[1] - 1
    flagged, priority, _reasons = nps(10, complaint=True)
    assert flagged and priority == 1


def test_low_csat_is_flagged_and_thresholds_come_from_settings() -> None:
    def csat(score: int) -> bool:
        return decide_follow_up(
            kind=SurveyKind.CSAT, score=score, sentiment=None, complaint=False, policy=POLICY
        ).flagged

    assert csat(2) and not csat(3)
    strict = FollowUpPolicy.from_settings(Settings(follow_up_max_nps_score=4, _env_file=None))  # type: ignore[call-arg]
    assert not nps(5, policy=strict)[0]


@pytest.mark.parametrize("threshold", range(0, 11))
def test_category_never_moves_and_case_opening_follows_the_one_threshold(
    threshold: int,
) -> None:
    """Issue 11 item 14: the follow-up threshold never changes a score's category, and a
    score opens a case exactly when ``score_opens_case`` says so (the bot's consent question
    asks the same function), with a reason that matches the category."""
    policy = FollowUpPolicy(follow_up_max_nps_score=threshold)
    for score in range(0, 11):
        flagged, _priority, reasons = nps(score, policy=policy)
        assert flagged is score_opens_case(SurveyKind.NPS, score, policy)
        assert flagged is (score <= threshold)
        if flagged:
            expected = (
                CaseReason.DETRACTOR_SCORE
                if nps_category(score) is NpsCategory.DETRACTOR
                else CaseReason.LOW_NPS_SCORE
            )
            assert reasons == (expected,)
    assert [nps_category(s) for s in (6, 7, 9)] == [
        NpsCategory.DETRACTOR,
        NpsCategory.PASSIVE,
        NpsCategory.PROMOTER,
    ]


def test_a_nine_under_a_threshold_of_nine_is_a_promoter_that_is_followed_up() -> None:
    policy = FollowUpPolicy(follow_up_max_nps_score=9)
    assert nps_category(9) is NpsCategory.PROMOTER
    flagged, priority, reasons = nps(9, policy=policy)
    assert flagged and reasons == (CaseReason.LOW_NPS_SCORE,)
    assert priority > nps(6, policy=policy)[1]  # a detractor is more urgent
    assert not nps(10, policy=policy)[0]


# A multilingual classifier's calibrated result: the probability of its label is the
# confidence, polarity P(positive) - P(negative).
CALIBRATED_NEGATIVE = Sent("negative", -0.62, 0.71)
UNSURE_NEGATIVE = Sent("negative", -0.35, 0.2)
UNKNOWN = Sent("unknown", 0.0, 0.0)
N, C = SurveyKind.NPS, SurveyKind.CSAT
NEG, MISMATCH = CaseReason.NEGATIVE_COMMENT, CaseReason.SCORE_COMMENT_MISMATCH


@pytest.mark.parametrize(
    ("kind", "score", "sentiment", "reasons", "priority"),
    [
        # A high score with a clearly negative comment: a case, flagged as a contradiction.
        (N, 10, ANGRY, (NEG, MISMATCH), 2),
        (N, 9, CALIBRATED_NEGATIVE, (NEG, MISMATCH), 2),
        (C, 5, ANGRY, (NEG, MISMATCH), 2),
        (C, 4, CALIBRATED_NEGATIVE, (NEG, MISMATCH), 2),
        # A clearly negative comment opens a case whatever the score; no contradiction.
        (N, 8, ANGRY, (NEG,), 3),
        (N, 7, CALIBRATED_NEGATIVE, (NEG,), 3),
        (C, 3, ANGRY, (NEG,), 3),
        (N, None, ANGRY, (NEG,), 3),  # dismissed, but said why
        (N, 2, ANGRY, (CaseReason.DETRACTOR_SCORE, NEG), 1),
        # Not clearly negative: unsure, unknown (a language the analyzer does not read),
        # mixed (negative label, polarity over the threshold), or no comment at all.
        (N, 10, UNSURE_NEGATIVE, (), 4),
        (N, 10, UNKNOWN, (), 4),
        (N, 10, Sent("unknown", -0.9, 0.9), (), 4),
        (N, 10, MILD, (), 4),
        (N, 10, HAPPY, (), 4),
        (N, 10, None, (), 4),
        # A bottom score with a clearly positive comment: the scale read the wrong way round
        # ("0, everything was excellent"), flagged as a contradiction too.
        (N, 0, HAPPY, (CaseReason.DETRACTOR_SCORE, MISMATCH), 1),
        (N, 3, HAPPY, (CaseReason.DETRACTOR_SCORE, MISMATCH), 1),
        (C, 1, HAPPY, (CaseReason.LOW_CSAT, MISMATCH), 2),
        (N, 4, HAPPY, (CaseReason.DETRACTOR_SCORE,), 2),  # not the bottom: a detractor
        (C, 2, HAPPY, (CaseReason.LOW_CSAT,), 3),
        (N, 0, Sent("positive", 0.2, 0.9), (CaseReason.DETRACTOR_SCORE,), 1),  # only mildly
        # Round 11: complaints the model read as positive, not sure enough to ask
        (N, 2, Sent("positive", 0.32, 0.57), (CaseReason.DETRACTOR_SCORE,), 1),
        (N, 1, Sent("positive", 0.64, 0.78), (CaseReason.DETRACTOR_SCORE,), 1),
    ],
)
def test_comments_and_contradictions(
    kind: SurveyKind,
    score: int | None,
    sentiment: Sent | None,
    reasons: tuple[CaseReason, ...],
    priority: int,
) -> None:
    decision = decide_follow_up(
        kind=kind, score=score, sentiment=sentiment, complaint=False, policy=POLICY
    )
    assert (decision.flagged, decision.reasons, decision.priority) == (
        bool(reasons),
        reasons,
        priority,
    )
    assert score_contradicts_comment(kind, score, sentiment, POLICY) is (MISMATCH in reasons)
