"""Who is followed up and how urgently: the conventions' rules, without a database."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from feedback_api.models import NpsCategory, SurveyKind
from feedback_api.settings import Settings
from feedback_api.storage.flagging import decide, nps_category


@dataclass
class Sent:
    label: str
    polarity: float
    confidence: float


SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]
ANGRY = Sent("negative", -0.8, 0.9)
MILD = Sent("negative", -0.15, 0.9)
HAPPY = Sent("positive", 0.7, 0.9)


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
    low = decide(kind=SurveyKind.NPS, score=2, sentiment=None, complaint=False, settings=SETTINGS)
    mid = decide(kind=SurveyKind.NPS, score=6, sentiment=None, complaint=False, settings=SETTINGS)
    assert low.flagged and mid.flagged
    assert low.priority < mid.priority
    assert low.reasons == ("detractor_score",)


def test_passive_and_promoter_are_not_flagged_unless_the_comment_is_clearly_negative() -> None:
    for score in (7, 8, 9, 10):
        calm = decide(
            kind=SurveyKind.NPS, score=score, sentiment=HAPPY, complaint=False, settings=SETTINGS
        )
        assert not calm.flagged
    angry = decide(
        kind=SurveyKind.NPS, score=8, sentiment=ANGRY, complaint=False, settings=SETTINGS
    )
    assert angry.flagged and angry.reasons == ("negative_comment",)


def test_mildly_negative_or_unsure_comment_is_not_clearly_negative() -> None:
    mild = decide(kind=SurveyKind.NPS, score=8, sentiment=MILD, complaint=False, settings=SETTINGS)
    unsure = decide(
        kind=SurveyKind.NPS,
        score=8,
        sentiment=Sent("negative", -0.9, 0.1),
        complaint=False,
        settings=SETTINGS,
    )
    assert not mild.flagged and not unsure.flagged


def test_angry_detractor_moves_up_and_complaint_is_most_urgent() -> None:
    plain = decide(kind=SurveyKind.NPS, score=5, sentiment=None, complaint=False, settings=SETTINGS)
    angry = decide(
        kind=SurveyKind.NPS, score=5, sentiment=ANGRY, complaint=False, settings=SETTINGS
    )
    assert angry.priority == plain.priority - 1
    complaint = decide(
        kind=SurveyKind.NPS, score=10, sentiment=None, complaint=True, settings=SETTINGS
    )
    assert complaint.flagged and complaint.priority == 1


def test_low_csat_is_flagged_and_thresholds_come_from_settings() -> None:
    assert decide(
        kind=SurveyKind.CSAT, score=2, sentiment=None, complaint=False, settings=SETTINGS
    ).flagged
    assert not decide(
        kind=SurveyKind.CSAT, score=3, sentiment=None, complaint=False, settings=SETTINGS
    ).flagged
    strict = Settings(detractor_max_score=4, _env_file=None)  # type: ignore[call-arg]
    assert not decide(
        kind=SurveyKind.NPS, score=5, sentiment=None, complaint=False, settings=strict
    ).flagged
