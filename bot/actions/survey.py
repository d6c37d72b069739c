"""The NPS survey in the chat: offer, question, validation, storage and skipping.

Flow (see bot/data/rules/survey.yml): ``action_offer_survey`` greets and decides whether to
offer; ``nps_form`` asks for ``nps_score`` (``action_ask_nps_score``, buttons 0-10) and
``nps_reason``, validated by ``validate_nps_form``; ``action_submit_nps`` or
``action_skip_survey`` stores the answer and sets ``nps_category``, from which the rules pick
the thank-you.

Storage happens in a worker thread and never raises out of an action: a customer who took the
time to answer always gets the thank-you, and a failed write is logged with the
conversation id.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import (
    action_ran,
    bounded_id,
    conversation_context,
    survey_idempotency_key,
    transcript,
)
from bot.actions.parsing import clean_reason, parse_score
from bot.actions.services import (
    StoredAnswer,
    get_services,
    save_offer,
    save_response,
    was_recently_surveyed,
)
from feedback_api.models import SurveyKind
from feedback_api.schemas import MAX_COMMENT_CHARS, ResponseCreate
from feedback_api.storage.flagging import nps_category

logger = logging.getLogger(__name__)

NPS_FORM = "nps_form"
SCORE_SLOT = "nps_score"
REASON_SLOT = "nps_reason"
CATEGORY_SLOT = "nps_category"
OFFERED_SLOT = "survey_offered"
DISMISSED = "dismissed"
SURVEY_ENDING_ACTIONS = ("action_submit_nps", "action_skip_survey")


class ActionOfferSurvey(Action):
    """Greet, and offer the NPS survey unless this customer was surveyed recently.

    The throttle (``CLOSEDLOOP_SURVEY_THROTTLE_DAYS``) keeps loyal customers from being asked
    on every visit; an offer is recorded so the response rate has a denominator. If the
    database is unreachable we still offer: losing an answer is worse than asking twice.
    """

    def name(self) -> str:
        return "action_offer_survey"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        services = get_services()
        dispatcher.utter_message(response="utter_greet", company=services.settings.company_name)
        context = conversation_context(tracker)

        if action_ran(tracker, *SURVEY_ENDING_ACTIONS):
            return [SlotSet(OFFERED_SLOT, False)]
        if context.customer_id:
            try:
                if await asyncio.to_thread(was_recently_surveyed, services, context.customer_id):
                    return [SlotSet(OFFERED_SLOT, False)]
            except Exception:
                logger.exception("survey throttle check failed for %s", tracker.sender_id)
        try:
            await asyncio.to_thread(
                save_offer,
                services,
                kind=SurveyKind.NPS,
                customer_id=context.customer_id,
                sender_id=bounded_id(tracker.sender_id),
                channel=context.channel,
                language=context.language,
                campaign=context.campaign,
            )
        except Exception:
            logger.exception("could not record the survey offer for %s", tracker.sender_id)
        return [SlotSet(OFFERED_SLOT, True)]


def score_buttons(low: int = 0, high: int = 10) -> list[dict[str, str]]:
    """One button per score; the payload sets the ``score`` entity without any NLU."""
    return [
        {"title": str(score), "payload": f'/inform_score{{"score":"{score}"}}'}
        for score in range(low, high + 1)
    ]


class ActionAskNpsScore(Action):
    """Ask the NPS question with the company's name (a setting) and buttons 0-10.

    The text stays in domain.yml (``utter_ask_nps_score``, translatable); the buttons are
    built here because Rasa treats ``{...}`` in a response as a template variable.
    """

    def name(self) -> str:
        return "action_ask_nps_score"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(
            response="utter_ask_nps_score",
            company=get_services().settings.company_name,
            buttons=score_buttons(),
        )
        return []


def _score_from_message(tracker: Tracker, slot_value: Any) -> int | None:
    """The score in the latest message: its whole text first, then the NLU's entities.

    The text goes first because the NLU tags both numbers in "7 out of 10"; the entities
    still help when the text alone is ambiguous but the model found exactly one score.
    """
    latest = tracker.latest_message or {}
    text = latest.get("text")
    if isinstance(text, str) and text.strip():
        score = parse_score(text)
        if score is not None:
            return score
    else:
        return parse_score(slot_value)
    from_entities = {
        parse_score(entity.get("value"))
        for entity in latest.get("entities") or []
        if entity.get("entity") == "score"
    } - {None}
    return from_entities.pop() if len(from_entities) == 1 else None


class ValidateNpsForm(FormValidationAction):
    """Turn whatever the customer sent into a score 0-10 and a cleaned reason.

    Whatever filled the score slot (the ``score`` entity or the raw text), the value is read
    again from the message with :func:`parse_score`, so "9", "nine", "10/10", "7 out of 10"
    and a button click all count, and anything unclear is asked again rather than guessed.
    """

    def name(self) -> str:
        return "validate_nps_form"

    def validate_nps_score(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        score = _score_from_message(tracker, slot_value)
        if score is None:
            dispatcher.utter_message(response="utter_invalid_score")
        return {SCORE_SLOT: score}

    def validate_nps_reason(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        limit = min(get_services().settings.max_comment_chars, MAX_COMMENT_CHARS)
        return {REASON_SLOT: clean_reason(slot_value, max_chars=limit)}


async def _store_nps(
    tracker: Tracker, *, score: int | None, comment: str | None
) -> StoredAnswer | None:
    """Validate and store one NPS answer (``score=None``: dismissed); ``None`` on failure."""
    services = get_services()
    context = conversation_context(tracker)
    try:
        data = ResponseCreate(
            kind=SurveyKind.NPS,
            score=score,
            comment=comment,
            dismissed=score is None,
            channel=context.channel,
            language=context.language,
            campaign=context.campaign,
            customer_id=context.customer_id,
            conversation_id=bounded_id(tracker.sender_id),
            idempotency_key=survey_idempotency_key(tracker, SurveyKind.NPS.value, NPS_FORM),
        )
        stored = await asyncio.to_thread(
            save_response, services, data, transcript=transcript(tracker)
        )
    except Exception:
        # TODO(outbox): keep the answer in a durable outbox and retry (a later issue).
        logger.exception("could not store the NPS answer of conversation %s", tracker.sender_id)
        return None
    logger.info(
        "NPS answer %s %s for conversation %s",
        stored.response_id,
        "stored" if stored.created else "already stored",
        tracker.sender_id,
    )
    return stored


def _category(score: int | None) -> str:
    if score is None:
        return DISMISSED
    return nps_category(score, get_services().settings.detractor_max_score).value


def _reset_survey_slots(category: str) -> list[EventType]:
    # Cleared so the customer can take the survey again later in the same conversation.
    return [SlotSet(CATEGORY_SLOT, category), SlotSet(SCORE_SLOT, None), SlotSet(REASON_SLOT, None)]


class ActionSubmitNps(Action):
    """Store the completed survey; the rules then thank (detractors: apologise, follow up)."""

    def name(self) -> str:
        return "action_submit_nps"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        score = parse_score(tracker.get_slot(SCORE_SLOT))
        reason = tracker.get_slot(REASON_SLOT)
        await _store_nps(tracker, score=score, comment=reason if score is not None else None)
        return _reset_survey_slots(_category(score))


# A "skip" longer than this is a reason the NLU mistook for skipping ("stop sending me
# emails about every order, it is too much"): keep it rather than lose it.
_MAX_SKIP_WORDS = 5


def _reason_behind_skip(tracker: Tracker) -> str | None:
    text = (tracker.latest_message or {}).get("text")
    if not isinstance(text, str) or len(text.split()) <= _MAX_SKIP_WORDS:
        return None
    limit = min(get_services().settings.max_comment_chars, MAX_COMMENT_CHARS)
    return clean_reason(text, max_chars=limit)


class ActionSkipSurvey(Action):
    """The customer said "skip"/"stop" during the survey: end it politely.

    Before a score, the survey is stored as dismissed (it counts as offered, not answered).
    After a score, only the reason was skipped: the score is stored without a comment
    (unless the "skip" was a long sentence, which is then kept as the reason).
    """

    def name(self) -> str:
        return "action_skip_survey"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        score = parse_score(tracker.get_slot(SCORE_SLOT))
        comment = _reason_behind_skip(tracker) if score is not None else None
        await _store_nps(tracker, score=score, comment=comment)
        return [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            *_reset_survey_slots(_category(score)),
        ]
