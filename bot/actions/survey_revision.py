"""A score changed after the thank-you: the stored answer is brought up to date.

"sorry, I meant 3" or another tap on the score buttons once the survey had thanked the
customer was only acknowledged ("OK") or, after the CSAT thank-you, answered "I can't change
it here": the agents and the report kept the score the customer had taken back. The answer
is stored under one idempotency key per survey run, and the storage brings an answer up to
date under its key (``revise_chat_answer``), so the chat can store the survey again with the
new score: the reason, consent and contact given then stay, the rollups follow, and a case
is opened if the new score calls for one (and one no agent touched is resolved if it no
longer does). The customer is told the new score, as when a score is corrected under a
later question. A contact corrected after the survey's promise replaces the one given
(:func:`change_stored_nps_contact`).

Only an answer stored by its survey's submit action in this session can change: its answers
are read back from the slot events before that action (the slots are cleared after it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.context import latest_text, said_before_latest_message, session_events
from bot.actions.negative_text import reads_reason
from bot.actions.parsing import (
    CSAT_MAX,
    CSAT_MIN,
    NPS_MAX,
    NPS_MIN,
    clean_reason,
    corrected_score,
    looks_like_question,
    parse_score,
)
from bot.actions.survey import (
    CONTACT_SLOT,
    EMAIL_SLOT,
    NEGATIVE_SLOT,
    NPS_SLOTS,
    REASON_SLOT,
    SCORE_CHANGED,
    SCORE_SLOT,
    comment_limit,
    opens_case,
    score_from_message,
    store_nps,
)
from bot.actions.survey_csat import CSAT_SCORE_SLOT, CSAT_SLOTS, store_csat

NPS_SUBMIT = "action_submit_nps"
CSAT_SUBMIT = "action_submit_csat"
SAME_SCORE = "utter_ok"
"""The same score again (a second tap on the same button): nothing to change."""


def answers_when_stored(
    tracker: Tracker, submit: str, slots: tuple[str, ...]
) -> dict[str, Any] | None:
    """The survey's answers as stored in this session: as the latest ``submit`` action
    stored them, with the changes made since (:func:`revised`); ``None`` when it did not
    run.

    Rasa logs an action before the events it returns, so the slot events up to the action
    are what it read; its own ``SlotSet(..., None)`` come after. Once the slots are cleared,
    a value set is a change to the stored answer.
    """
    values: dict[str, Any] = {}
    stored: dict[str, Any] | None = None
    for event in session_events(tracker):
        if event.get("event") == "slot" and event.get("name") in slots:
            values[event["name"]] = event.get("value")
            if stored is not None and event.get("value") is not None:
                stored[event["name"]] = event["value"]
        elif event.get("event") == "action" and event.get("name") == submit:
            stored = dict(values)
    return stored


def revised(slot: str, value: Any) -> list[EventType]:
    """The events that record a change to a stored answer: the slot set, and cleared again
    (so no later question takes it for an answer), for :func:`answers_when_stored`."""
    return [SlotSet(slot, value), SlotSet(slot, None)]


def score_in_latest_message(tracker: Tracker, *, low: int, high: int) -> int | None:
    """The score in the latest message: a button's entity, else the typed words."""
    text = latest_text(tracker)
    if not text.startswith("/"):
        # "oops I meant 9 not 3", "can I change my score to 9?": the corrected one first
        corrected = corrected_score(text, low=low, high=high)
        if corrected is not None:
            return corrected
        return score_from_message(tracker, None, low=low, high=high)
    scores = {
        parse_score(entity.get("value"), low=low, high=high)
        for entity in (tracker.latest_message or {}).get("entities") or []
        if entity.get("entity") == "score"
    } - {None}
    return scores.pop() if len(scores) == 1 else None


@dataclass(frozen=True)
class _Survey:
    """What changing one survey's stored score needs to know about that survey."""

    submit: str
    slots: tuple[str, ...]
    score_slot: str
    low: int
    high: int
    store: Callable[[Tracker, dict[str, Any]], Awaitable[object]]


_NPS = _Survey(
    NPS_SUBMIT,
    NPS_SLOTS,
    SCORE_SLOT,
    NPS_MIN,
    NPS_MAX,
    lambda tracker, stored: store_nps(tracker, comment=stored.get(REASON_SLOT)),
)
_CSAT = _Survey(
    CSAT_SUBMIT,
    CSAT_SLOTS,
    CSAT_SCORE_SLOT,
    CSAT_MIN,
    CSAT_MAX,
    lambda tracker, _stored: store_csat(tracker),
)


async def _change_stored(
    survey: _Survey, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """Store ``survey``'s answer of this session again with the score in the latest message;
    the events that record it, or ``None`` when there was none to change (the caller
    answers as before)."""
    stored = answers_when_stored(tracker, survey.submit, survey.slots)
    old = (
        parse_score(stored.get(survey.score_slot), low=survey.low, high=survey.high)
        if stored
        else None
    )
    score = score_in_latest_message(tracker, low=survey.low, high=survey.high)
    if stored is None or old is None or score is None:
        return None
    if score == old:
        dispatcher.utter_message(response=SAME_SCORE)
        return []
    tracker.add_slots([SlotSet(slot, value) for slot, value in stored.items()])
    tracker.add_slots([SlotSet(survey.score_slot, score)])
    await survey.store(tracker, stored)
    dispatcher.utter_message(response=SCORE_CHANGED, score=score)
    return revised(survey.score_slot, score)


async def change_stored_nps(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """:func:`_change_stored` for this session's NPS answer (0-10)."""
    return await _change_stored(_NPS, dispatcher, tracker)


SURVEY_CONTACT_PROMISE = "utter_thanks_nps_contact"
"""The survey's "Someone from our team will contact you at {email} to make it right."."""


async def change_stored_nps_contact(
    dispatcher: CollectingDispatcher, tracker: Tracker, contact: str
) -> list[EventType] | None:
    """Store this session's NPS answer again with ``contact`` in place of the one the
    customer gave with consent, and promise the reply there; ``None`` when no answer of
    this session holds a contact (the caller answers as before).

    Why: "oops typo, it's bola@example.com" or "სჯობს იმეილზე მომწეროთ: ..." (better
    e-mail me) after the survey's promise had opened a handoff case beside the survey's,
    and the answer and its case kept the mistyped address.
    """
    stored = answers_when_stored(tracker, NPS_SUBMIT, NPS_SLOTS)
    if not stored:
        return None
    declined = stored.get(CONTACT_SLOT) is False and opens_case(
        stored.get(SCORE_SLOT), negative=stored.get(NEGATIVE_SLOT) is True
    )
    if not declined and (stored.get(CONTACT_SLOT) is not True or not stored.get(EMAIL_SLOT)):
        return None
    dispatcher.utter_message(response=SURVEY_CONTACT_PROMISE, email=contact)
    if stored.get(EMAIL_SLOT) == contact:
        return []
    # A contact typed after declining one ("no", then "ani@mail.ru": round 12 had opened a
    # handoff case beside the survey's) is consent given after all.
    tracker.add_slots([SlotSet(slot, value) for slot, value in stored.items()])
    tracker.add_slots([SlotSet(CONTACT_SLOT, True), SlotSet(EMAIL_SLOT, contact)])
    await store_nps(tracker, comment=stored.get(REASON_SLOT))
    return [*revised(CONTACT_SLOT, True), *revised(EMAIL_SLOT, contact)]


async def change_stored_csat(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """:func:`_change_stored` for the CSAT answer just thanked for (1-5)."""
    return await _change_stored(_CSAT, dispatcher, tracker)


REASON_ADDED = "utter_reason_added"
_NPS_THANKS = "utter_thanks_nps"  # each of the NPS thank-yous
_MIN_LATE_REASON_WORDS = 3


async def add_late_reason(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """Store this session's NPS answer again with the latest message as its reason, when the
    survey was just thanked for without one ("skip", then "well actually the checkout was
    confusing"); ``None`` otherwise (the caller answers the message as before).

    Why: round 12, every language: a reason typed after skipping "why?" opened a second
    (complaint) case, started the survey again, or got a support answer, and the answer
    kept no reason. Only a statement of a few words right after the thank-you: a question
    is answered as one.
    """
    stored = answers_when_stored(tracker, NPS_SUBMIT, NPS_SLOTS)
    if not stored or stored.get(REASON_SLOT) or stored.get(SCORE_SLOT) is None:
        return None
    if not said_before_latest_message(tracker).startswith(_NPS_THANKS):
        return None
    text = latest_text(tracker)
    if not text or text.startswith("/") or looks_like_question(text):
        return None
    reason = clean_reason(text, max_chars=comment_limit())
    if reason is None or len(reason.split()) < _MIN_LATE_REASON_WORDS:
        return None
    negative, _positive = await reads_reason(tracker, reason)
    tracker.add_slots([SlotSet(slot, value) for slot, value in stored.items()])
    tracker.add_slots([SlotSet(REASON_SLOT, reason), SlotSet(NEGATIVE_SLOT, negative)])
    await store_nps(tracker, comment=reason)
    dispatcher.utter_message(response=REASON_ADDED)
    return [*revised(REASON_SLOT, reason), *revised(NEGATIVE_SLOT, negative)]
