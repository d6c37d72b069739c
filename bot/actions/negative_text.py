"""Whether what a customer wrote is clearly negative (or positive), read before the bot
answers it.

Two places need it while the conversation goes on, not only when an answer is stored: the
NPS form (a clearly negative reason opens a case whatever the score, a high score with one
is confirmed, and so is a bottom score with a clearly positive one) and the order-number
form (a request to track an order or a refund written in anger is answered with an apology
first). Both use the product's one definition,
:func:`feedback_api.policy.is_clearly_negative`, with the follow-up policy's thresholds.
"""

from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Tracker

from bot.actions.context import conversation_context
from bot.actions.services import get_services
from bot.actions.store import get_store
from feedback_api.policy import FollowUpPolicy, is_clearly_negative, is_clearly_positive
from feedback_api.storage.outbox import error_summary
from sentiment.base import SentimentResult

logger = logging.getLogger(__name__)


def follow_up_policy() -> FollowUpPolicy:
    """The follow-up policy of this process's settings."""
    return FollowUpPolicy.from_settings(get_services().settings)


def is_praise(sentiment: SentimentResult | None) -> bool:
    """Whether a message is clearly positive and not clearly negative: praise, whatever the
    NLU made of it (round 11: praise read as a complaint had opened an urgent case whose own
    note said "Sentiment: positive (+0.99)"; round 13: praise read as wanting to give
    feedback had been asked the 0-10 question without a word of thanks)."""
    policy = follow_up_policy()
    return is_clearly_positive(sentiment, policy) and not is_clearly_negative(sentiment, policy)


async def sentiment_of(tracker: Tracker, text: str) -> SentimentResult | None:
    """The sentiment of ``text``, read in a worker thread (a model must not block the event
    loop) in the language the text will be stored with; ``None`` if the analyzer fails."""
    language = conversation_context(tracker).language_for(text)
    try:
        return await asyncio.to_thread(get_store().read_sentiment, text, language)
    except Exception as exc:  # noqa: BLE001 - see the callers' docstrings
        logger.warning("sentiment of %s's text failed: %s", tracker.sender_id, error_summary(exc))
        return None


class SentimentReads:
    """The sentiments read in one action run, each text read once however many checks ask.

    Why: under the CSAT question a message of a few words is checked for praise and, if it
    is none, for a complaint; each read is a model call (tens of milliseconds with the
    transformers analyzer), and the answer for the same text cannot differ within a turn.
    """

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker
        self._read: dict[str, SentimentResult | None] = {}

    async def of(self, text: str) -> SentimentResult | None:
        """The sentiment of ``text`` (:func:`sentiment_of`), read on the first ask only."""
        if text not in self._read:
            self._read[text] = await sentiment_of(self._tracker, text)
        return self._read[text]


async def reads_clearly_negative(
    tracker: Tracker,
    text: str | None,
    *,
    min_confidence: float = 0.0,
    reads: SentimentReads | None = None,
) -> bool:
    """Whether ``text`` is clearly negative (:func:`feedback_api.policy.is_clearly_negative`),
    with the analyzer at least ``min_confidence`` sure where a caller needs a stricter bar.

    If the analyzer fails, the text counts as not negative: the customer is not asked a
    question, nor apologised to, because of our error, and a stored answer is scored again
    when it is saved. ``reads`` shares one read of the text with the turn's other checks.
    """
    if not text:
        return False
    sentiment = await (reads or SentimentReads(tracker)).of(text)
    return (
        sentiment is not None
        and is_clearly_negative(sentiment, follow_up_policy())
        and sentiment.confidence >= min_confidence
    )


async def reads_reason(tracker: Tracker, text: str | None) -> tuple[bool, bool]:
    """Whether a survey's reason is clearly negative and whether it is clearly positive, from
    one read of its sentiment (a bottom score with a clearly positive reason is confirmed).
    If the analyzer fails, it is neither (see :func:`reads_clearly_negative`)."""
    sentiment = await sentiment_of(tracker, text) if text else None
    policy = follow_up_policy()
    return is_clearly_negative(sentiment, policy), is_clearly_positive(sentiment, policy)
