"""Passing the conversation to a person: a case in the agents' queue and an honest "when".

``action_handoff`` runs when the customer asks for a person (``contact_human_agent``, or
"yes" to the bot's offer after a failed lookup or two misunderstandings) and on a
``complaint``. It opens a case with the transcript (:mod:`feedback_api.storage.handoff`;
a complaint is priority 1 and its text's sentiment is stored with it) and tells the customer
what happens next: the reply time from ``company.yml`` during support hours, else when the
team opens. The write runs in a worker thread; if it fails, the customer gets the contact
details instead of a promise nobody will keep.
"""

from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import get_company
from bot.actions.context import (
    bounded_id,
    conversation_context,
    conversation_language,
    transcript,
)
from bot.actions.services import get_services
from bot.actions.store import HandoffRequest, get_store
from feedback_api.models import utcnow
from feedback_api.policy import CaseReason
from feedback_api.schemas.common import MAX_COMMENT_CHARS

logger = logging.getLogger(__name__)

COMPLAINT_INTENT = "complaint"


def complaint_text(tracker: Tracker) -> str | None:
    """What the customer wrote, unless it was a button payload ("/complaint")."""
    text = (tracker.latest_message or {}).get("text")
    if not isinstance(text, str) or text.startswith("/"):
        return None
    collapsed = " ".join(text.split())
    return collapsed[:MAX_COMMENT_CHARS] or None


class ActionHandoff(Action):
    """Flag the conversation for agents and tell the customer when someone will answer."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        services = get_services()
        support = get_company(services.settings).support
        hours = support.hours
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        complaint = intent == COMPLAINT_INTENT
        now = utcnow()
        request = HandoffRequest(
            sender_id=bounded_id(tracker.sender_id),
            reason=CaseReason.COMPLAINT if complaint else CaseReason.HANDOFF,
            context=conversation_context(tracker),
            transcript=transcript(tracker),
            comment=complaint_text(tracker) if complaint else None,
            due_at=hours.deadline(now, support.response_hours),
        )
        try:
            case_id = await asyncio.to_thread(get_store().open_handoff, request)
        except Exception:
            logger.exception("could not open a handoff case for conversation %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_handoff_failed")
            return []

        dispatcher.utter_message(
            response="utter_complaint_received" if complaint else "utter_handoff"
        )
        if hours.is_open(now):
            dispatcher.utter_message(response="utter_handoff_open", case_reference=case_id)
        else:
            dispatcher.utter_message(
                response="utter_handoff_closed",
                case_reference=case_id,
                next_opening=hours.describe_next_opening(now, conversation_language(tracker)),
            )
        return []
