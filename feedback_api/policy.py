"""The product's rules in one place: survey kinds, NPS categories, and who is followed up.

Two ideas that used to be mixed up live apart here (docs/conventions.md):

* **NPS category** is fixed by definition: detractors 0-6, passives 7-8, promoters 9-10.
  No setting moves it, so our published score compares with other tools.
* **Follow-up** is the company's choice: an NPS answer at or below
  ``follow_up_max_nps_score`` (default 6), a CSAT answer at or below
  ``csat_follow_up_max_score``, a clearly negative comment (whatever the score, in any
  language), or a complaint opens a case.
* **A score the comment contradicts** (a 10 with "ABSOLUTELY UNACCEPTABLE... never again",
  a mis-tap on a phone) is asked again by the bot before it is stored
  (:func:`score_contradicts_comment`); one that still stands is flagged for the agent
  (``score_comment_mismatch``), who then knows not to trust the number alone.

A company that also calls its passives (setting 8), or even its 9s (setting 9), still
reports a 9 as a promoter; the case says why it was opened (``low_nps_score`` rather than
``detractor_score`` for a score above 6), and the bot asks that customer for consent to be
contacted, because "opens a case" (:func:`score_opens_case`) is the one question every
consumer asks. Category and follow-up therefore never contradict each other: the category
answers "how does this count in the NPS", the follow-up rule "does a person call back".

Everything here is pure (no database, no settings lookup); :func:`decide_follow_up` takes
the score, the kind, the sentiment result, the complaint flag and a :class:`FollowUpPolicy`,
so new signals (the analyzer's confidence, a score that contradicts the comment) are one
more clause in one function.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: importing the rules must stay free (models import them)
    from feedback_api.settings import Settings
    from sentiment import SentimentResult


class SurveyKind(enum.StrEnum):
    NPS = "nps"
    CSAT = "csat"


class NpsCategory(enum.StrEnum):
    PROMOTER = "promoter"
    PASSIVE = "passive"
    DETRACTOR = "detractor"


class CaseStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"


# A case an agent still has to work on.
OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.IN_PROGRESS)


class CaseReason(enum.StrEnum):
    """Why a case was opened; a case lists one or more, the first is the main one."""

    COMPLAINT = "complaint"
    DETRACTOR_SCORE = "detractor_score"  # NPS 0-6 at or below the follow-up threshold
    LOW_NPS_SCORE = "low_nps_score"  # NPS 7-10 that the follow-up threshold still covers
    LOW_CSAT = "low_csat"
    NEGATIVE_COMMENT = "negative_comment"
    HANDOFF = "handoff"  # the customer asked for a person (or accepted the bot's offer)
    # A high score (NPS 9-10, CSAT 4-5) with a clearly negative comment: which did they mean?
    SCORE_COMMENT_MISMATCH = "score_comment_mismatch"


# A chat handed to a person (no survey answer behind it): a complaint is as urgent as the
# angriest detractor, a plain request for a person one step less.
HANDOFF_PRIORITY = {CaseReason.COMPLAINT: 1, CaseReason.HANDOFF: 2}

# The standard bands (docs/conventions.md); fixed, never read from settings.
SCORE_RANGES = {SurveyKind.NPS: (0, 10), SurveyKind.CSAT: (1, 5)}
CSAT_SCORES = (1, 2, 3, 4, 5)
DETRACTOR_MAX = 6
PROMOTER_MIN = 9
CSAT_SATISFIED_MIN = 4  # CSAT satisfaction % counts the 4s and 5s
CSAT_BOTTOM = 1  # "not at all": with a clearly happy comment, the scale read backwards

# Priority 1 is the most urgent, 4 the least.
MOST_URGENT = 1
LEAST_URGENT = 4


def nps_category(score: int) -> NpsCategory:
    """Promoters 9-10, passives 7-8, detractors 0-6, whatever the follow-up setting."""
    if score >= PROMOTER_MIN:
        return NpsCategory.PROMOTER
    if score > DETRACTOR_MAX:
        return NpsCategory.PASSIVE
    return NpsCategory.DETRACTOR


@dataclass(frozen=True)
class FollowUpPolicy:
    """The company's follow-up choices, taken from settings once (see :meth:`from_settings`)."""

    follow_up_max_nps_score: int = DETRACTOR_MAX
    csat_follow_up_max_score: int = 2
    negative_comment_threshold: float = -0.3
    negative_comment_min_confidence: float = 0.5

    @classmethod
    def from_settings(cls, settings: Settings) -> FollowUpPolicy:
        """The policy the settings describe (settings validate the ranges)."""
        return cls(
            follow_up_max_nps_score=settings.follow_up_max_nps_score,
            csat_follow_up_max_score=settings.csat_flag_max_score,
            negative_comment_threshold=settings.negative_comment_threshold,
            negative_comment_min_confidence=settings.negative_comment_min_confidence,
        )


@dataclass(frozen=True)
class FollowUpDecision:
    flagged: bool
    priority: int
    reasons: tuple[CaseReason, ...]


def score_opens_case(kind: SurveyKind, score: int | None, policy: FollowUpPolicy) -> bool:
    """Whether the score alone opens a case (the bot then asks for consent to contact)."""
    if score is None:
        return False
    if kind is SurveyKind.NPS:
        return score <= policy.follow_up_max_nps_score
    return score <= policy.csat_follow_up_max_score


def is_clearly_negative(sentiment: SentimentResult | None, policy: FollowUpPolicy) -> bool:
    """Labelled negative by an analyzer that is sure enough, and negative in polarity too.

    The label and the analyzer's confidence decide, so it works the same in every language
    the analyzer reads: a calibrated classifier's confidence is the probability of its label,
    TextBlob's is the strength of its opinion words. ``unknown`` (a language the analyzer
    does not read) never counts, however it was scored. The polarity threshold only vetoes a
    "negative" whose overall polarity says otherwise (a two-peaked star distribution, see
    ``sentiment/transformers_backend.py``): that comment is mixed, not clearly negative.
    """
    return (
        sentiment is not None
        and sentiment.label == "negative"
        and sentiment.confidence >= policy.negative_comment_min_confidence
        and sentiment.polarity <= policy.negative_comment_threshold
    )


CLEARLY_POSITIVE_MIN_CONFIDENCE = 0.8
CLEARLY_POSITIVE_MIN_POLARITY = 0.6
"""The bar for a comment to count as clearly positive, above the negative one mirrored
(0.5, 0.3 by default): a mistake here costs more. A detractor whose complaint is read as
happy is asked whether they meant their score, and a complaint read as praise is thanked
instead of passed on; the eleventh round's «Գները շատ բարձր են» (prices are very high) at
0.57 / +0.32 and "ფასები ძალიან მაღალია" at 0.78 / +0.64 were such complaints."""


def is_clearly_positive(sentiment: SentimentResult | None, policy: FollowUpPolicy) -> bool:
    """Labelled positive by an analyzer that is sure of it and far from neutral in
    polarity: at least the clearly negative thresholds mirrored, and
    :data:`CLEARLY_POSITIVE_MIN_CONFIDENCE` and :data:`CLEARLY_POSITIVE_MIN_POLARITY`."""
    return (
        sentiment is not None
        and sentiment.label == "positive"
        and sentiment.confidence
        >= max(policy.negative_comment_min_confidence, CLEARLY_POSITIVE_MIN_CONFIDENCE)
        and sentiment.polarity
        >= max(-policy.negative_comment_threshold, CLEARLY_POSITIVE_MIN_POLARITY)
    )


BOTTOM_NPS_MAX = 3
"""0-3 out of 10: with a clearly happy comment, most likely the scale read the wrong way
round (shoppers' "0, everything was excellent, very happy")."""


def is_bottom_score(kind: SurveyKind, score: int) -> bool:
    """A score at the bottom of its scale: NPS 0-3, CSAT 1."""
    return score <= (BOTTOM_NPS_MAX if kind is SurveyKind.NPS else CSAT_BOTTOM)


def is_high_score(kind: SurveyKind, score: int) -> bool:
    """A score that says "happy": an NPS promoter (9-10) or a satisfied CSAT (4-5)."""
    if kind is SurveyKind.NPS:
        return score >= PROMOTER_MIN
    return score >= CSAT_SATISFIED_MIN


def score_contradicts_comment(
    kind: SurveyKind, score: int | None, sentiment: SentimentResult | None, policy: FollowUpPolicy
) -> bool:
    """A high score with a clearly negative comment, or a bottom score with a clearly
    positive one: the two cannot both be meant.

    The bot asks the customer to confirm such a score before storing it; an answer stored
    with the contradiction (confirmed, or sent through the API) is flagged
    ``score_comment_mismatch`` so the agent reads the comment, not the number.
    """
    if score is None:
        return False
    return (is_high_score(kind, score) and is_clearly_negative(sentiment, policy)) or (
        is_bottom_score(kind, score) and is_clearly_positive(sentiment, policy)
    )


def _score_reason(kind: SurveyKind, score: int) -> tuple[CaseReason, int]:
    """The reason and priority of a score that opens a case (lower scores are more urgent)."""
    if kind is SurveyKind.CSAT:
        return CaseReason.LOW_CSAT, 2 if score == 1 else 3
    if nps_category(score) is NpsCategory.DETRACTOR:
        return CaseReason.DETRACTOR_SCORE, 1 if score <= 3 else 2
    return CaseReason.LOW_NPS_SCORE, 3


def decide_follow_up(
    *,
    kind: SurveyKind,
    score: int | None,
    sentiment: SentimentResult | None,
    complaint: bool,
    policy: FollowUpPolicy,
) -> FollowUpDecision:
    """Whether an answer opens a case, its priority, and why."""
    reasons: list[CaseReason] = []
    priority = LEAST_URGENT
    if complaint:
        reasons.append(CaseReason.COMPLAINT)
        priority = MOST_URGENT
    if score is not None and score_opens_case(kind, score, policy):
        reason, urgency = _score_reason(kind, score)
        reasons.append(reason)
        priority = min(priority, urgency)
    if is_clearly_negative(sentiment, policy):
        reasons.append(CaseReason.NEGATIVE_COMMENT)
        # A low score that is also angry in words moves up one step.
        priority = max(MOST_URGENT, priority - 1) if len(reasons) > 1 else min(priority, 3)
    if score_contradicts_comment(kind, score, sentiment, policy):
        # An unhappy customer whose number says "happy" would otherwise wait the longest.
        reasons.append(CaseReason.SCORE_COMMENT_MISMATCH)
        priority = min(priority, 2)
    return FollowUpDecision(flagged=bool(reasons), priority=priority, reasons=tuple(reasons))
