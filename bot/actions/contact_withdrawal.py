"""A "no" when no question is open, and "please don't contact me" after a contact was given.

A customer who gave an e-mail address or phone number with a survey answer or for a person
to call back, and then says not to contact them after all ("არა, გადავიფიქრე, ნუ
დამიკავშირდებით", "please do not contact me, just wanted you to know"), had been answered
"No problem!" or handed over again, while the answer kept the contact and the case's note
still said "contact the customer at ... (given, with consent)". Consent taken back is
honoured: the survey answer is stored again without the contact (the case gets a note not
to use it), a handoff case gets the same note, and the customer is told no one will contact
them. Any other "no" is answered as before.
"""

from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import latest_text
from bot.actions.handoff import CASE_SLOT
from bot.actions.handoff import CONTACT_SLOT as HANDOFF_CONTACT_SLOT
from bot.actions.store import get_store
from bot.actions.survey import CONTACT_SLOT, EMAIL_SLOT, NPS_SLOTS, REASON_SLOT, store_nps
from bot.actions.survey_flow import take_back_yes
from bot.actions.survey_revision import NPS_SUBMIT, answers_when_stored, revised
from bot.contacts import refuses_contact

logger = logging.getLogger(__name__)

WITHDRAWN = "utter_contact_withdrawn"
NO_PROBLEM = "utter_no_problem"


async def _withdraw_from_survey(tracker: Tracker) -> list[EventType] | None:
    """Store this session's NPS answer again without its contact, if it had one; the
    events that record it."""
    stored = answers_when_stored(tracker, NPS_SUBMIT, NPS_SLOTS)
    if not stored or stored.get(CONTACT_SLOT) is not True or not stored.get(EMAIL_SLOT):
        return None
    tracker.add_slots([SlotSet(slot, value) for slot, value in stored.items()])
    tracker.add_slots([SlotSet(CONTACT_SLOT, False), SlotSet(EMAIL_SLOT, None)])
    await store_nps(tracker, comment=stored.get(REASON_SLOT))
    return revised(CONTACT_SLOT, False)


async def _withdraw_from_handoff(tracker: Tracker) -> bool:
    """Note on the handoff case that its contact is not to be used, if one was given."""
    case_id = tracker.get_slot(CASE_SLOT)
    if case_id is None or not tracker.get_slot(HANDOFF_CONTACT_SLOT):
        return False
    try:
        await asyncio.to_thread(get_store().withdraw_handoff_contact, int(case_id))
    except Exception:
        # The customer is still told: an agent reads the transcript before calling.
        logger.exception("could not note a withdrawn contact for %s", tracker.sender_id)
    return True


class ActionAnswerNo(Action):
    """Answers a "no" outside any question: takes back a contact when told not to use it, or
    a yes just given to "Did that solve your problem?" (:func:`take_back_yes`), else "No
    problem!"."""

    def name(self) -> str:
        return "action_answer_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not refuses_contact(latest_text(tracker)):
            taken_back = await take_back_yes(dispatcher, tracker)  # "no wait, not solved"
            if not taken_back:
                dispatcher.utter_message(response=NO_PROBLEM)
            return taken_back
        from_survey = await _withdraw_from_survey(tracker)
        from_handoff = await _withdraw_from_handoff(tracker)
        if from_survey is None and not from_handoff:
            dispatcher.utter_message(response=NO_PROBLEM)
            return []
        dispatcher.utter_message(response=WITHDRAWN)
        return [
            *(from_survey or []),
            *([SlotSet(HANDOFF_CONTACT_SLOT, None)] if from_handoff else []),
        ]
