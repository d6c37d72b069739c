"""Whether what a customer wrote is clearly negative, read before the bot answers it.

Two places need it while the conversation goes on, not only when an answer is stored: the
NPS form (a clearly negative reason opens a case whatever the score, and a high score with
one is confirmed) and the order-number form (a request to track an order or a refund
written in anger is answered with an apology first). Both use the product's one definition,
:func:`feedback_api.policy.is_clearly_negative`, with the follow-up policy's thresholds.
"""

from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Tracker

from bot.actions.context import conversation_context
from bot.actions.services import get_services
from bot.actions.store import get_store
from feedback_api.policy import FollowUpPolicy, is_clearly_negative
from feedback_api.storage.outbox import error_summary

logger = logging.getLogger(__name__)


def follow_up_policy() -> FollowUpPolicy:
    """The follow-up policy of this process's settings."""
    return FollowUpPolicy.from_settings(get_services().settings)


async def reads_clearly_negative(
    tracker: Tracker, text: str | None, *, min_confidence: float = 0.0
) -> bool:
    """Whether ``text`` is clearly negative (:func:`feedback_api.policy.is_clearly_negative`),
    with the analyzer at least ``min_confidence`` sure where a caller needs a stricter bar.

    Read in a worker thread (a model must not block the event loop), in the language the
    text will be stored with. If the analyzer fails, the text counts as not negative: the
    customer is not asked a question, nor apologised to, because of our error, and a stored
    answer is scored again when it is saved.
    """
    if not text:
        return False
    language = conversation_context(tracker).language_for(text)
    try:
        sentiment = await asyncio.to_thread(get_store().read_sentiment, text, language)
    except Exception as exc:  # noqa: BLE001 - see the docstring
        logger.warning("sentiment of %s's text failed: %s", tracker.sender_id, error_summary(exc))
        return False
    return is_clearly_negative(sentiment, follow_up_policy()) and (
        sentiment.confidence >= min_confidence
    )
