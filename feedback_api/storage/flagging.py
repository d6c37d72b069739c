"""Who gets followed up, and how urgently (pure rules, no database).

The rules follow ../shared/conventions.md: a detractor answer, a clearly negative
comment or a complaint opens a case. Priority 1 is the most urgent, 4 the least.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from feedback_api.models import NpsCategory, SurveyKind
from feedback_api.settings import Settings


class SentimentLike(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def polarity(self) -> float: ...
    @property
    def confidence(self) -> float: ...


@dataclass(frozen=True)
class FlagDecision:
    flagged: bool
    priority: int
    reasons: tuple[str, ...]


def nps_category(score: int, detractor_max: int = 6) -> NpsCategory:
    """Promoters 9-10, passives 7-8, detractors 0-6 (the field's standard bands)."""
    if score >= 9:
        return NpsCategory.PROMOTER
    if score > detractor_max:
        return NpsCategory.PASSIVE
    return NpsCategory.DETRACTOR


def is_clearly_negative(sentiment: SentimentLike | None, settings: Settings) -> bool:
    """Negative label, polarity at or under the threshold, and confident enough."""
    return (
        sentiment is not None
        and sentiment.label == "negative"
        and sentiment.polarity <= settings.negative_comment_threshold
        and sentiment.confidence >= settings.negative_comment_min_confidence
    )


def decide(
    *,
    kind: SurveyKind,
    score: int | None,
    sentiment: SentimentLike | None,
    complaint: bool,
    settings: Settings,
) -> FlagDecision:
    """Whether an answer opens a case, its priority, and why."""
    reasons: list[str] = []
    priority = 4
    if complaint:
        reasons.append("complaint")
        priority = 1
    if score is not None and kind is SurveyKind.NPS and score <= settings.detractor_max_score:
        reasons.append("detractor_score")
        priority = min(priority, 1 if score <= 3 else 2)
    if score is not None and kind is SurveyKind.CSAT and score <= settings.csat_flag_max_score:
        reasons.append("low_csat")
        priority = min(priority, 2 if score == 1 else 3)
    if is_clearly_negative(sentiment, settings):
        reasons.append("negative_comment")
        # A detractor who is also angry in words moves up one step.
        priority = max(1, priority - 1) if len(reasons) > 1 else min(priority, 3)
    return FlagDecision(flagged=bool(reasons), priority=priority, reasons=tuple(reasons))
