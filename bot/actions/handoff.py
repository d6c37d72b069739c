"""Passing the conversation to a person: a case in the agents' queue and an honest "when".

``action_handoff`` runs when the customer asks for a person (``contact_human_agent``, or
"yes" to the bot's offer after a failed lookup or two misunderstandings) and on a
``complaint``. It opens a case with the transcript (:mod:`feedback_api.storage.handoff`;
a complaint is priority 1 and its text's sentiment is stored with it) and tells the customer
what happens next: the reply time from ``company.yml`` during support hours, else when the
team opens. A complaint that only asks to complain is asked "what happened?" first
(:mod:`bot.actions.complaint`), and :class:`ActionComplaintDetails` adds the answer to the
case. The write runs in a worker thread; if it fails, the customer gets the contact
details instead of a promise nobody will keep.

"Someone will get back to you" is only true when someone can. A known customer (the shop
sent a ``customer_id``) can be reached; an anonymous visitor is asked first
(``handoff_contact_form``: "may we contact you? type your email or phone"), and
``action_handoff_contact`` then notes the address on the case and promises a reply there,
or, when they decline, says honestly when a person will read the chat and that, without a
way to reach them, the answer needs them to write to us.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.bot_challenge import SORRY_NOT_HELPED
from bot.actions.company import get_company
from bot.actions.complaint import (
    DETAILS_FORM,
    DETAILS_NEEDED_SLOT,
    DETAILS_SLOT,
    says_what_happened,
    withdraws,
)
from bot.actions.context import (
    bounded_id,
    conversation_context,
    conversation_language,
    handled_since_latest_message,
    latest_intent,
    latest_text,
    previous_message_text,
    responses_in_loop_run,
    said_before_latest_message,
    session_events,
    transcript,
)
from bot.actions.declines import declines_contact
from bot.actions.forms import DIGRESSION_MIN_CONFIDENCE, REQUESTED_SLOT, DigressionAwareForm
from bot.actions.negative_text import is_praise, sentiment_of
from bot.actions.next_request import (
    HUMAN_AGENT_INTENT,
    OFFER_HANDOFF,
    asks_to_track,
    names_a_person,
    take_up_tracking_request,
)
from bot.actions.not_solved import says_not_solved
from bot.actions.parsing import (
    clean_reason,
    is_skip,
    looks_like_question,
    parse_yes_no,
    says_unsure,
)
from bot.actions.services import get_services
from bot.actions.store import HandoffRequest, get_store
from bot.actions.survey_csat import says_it_helped
from bot.actions.survey_revision import (
    SURVEY_CONTACT_PROMISE,
    add_late_reason,
    change_stored_nps_contact,
)
from bot.contacts import (
    contact_in,
    contact_in_pieces,
    contact_offered,
    only_contact,
    tries_contact,
)
from bot.handoff_questions import asks_about_the_reply, asks_why_contact
from bot.insults import only_insults
from bot.message_words import asks_when
from bot.order_numbers import only_order_number
from feedback_api.models import utcnow
from feedback_api.policy import CaseReason
from feedback_api.schemas.common import MAX_COMMENT_CHARS
from sentiment import SentimentResult

logger = logging.getLogger(__name__)

COMPLAINT_INTENT = "complaint"
CONTACT_FORM = "handoff_contact_form"
CONTACT_SLOT = "handoff_contact"  # the visitor's email or phone, once validated

CASE_SLOT = "handoff_case"  # the case the contact belongs to
NEEDS_CONTACT_SLOT = "handoff_contact_needed"  # the rules ask for a contact when true
INVALID_CONTACT = "utter_invalid_handoff_contact"
ASK_CONTACT = "utter_ask_handoff_contact"
ORDER_NOTED = "utter_order_noted_for_person"
WHY_CONTACT = "utter_why_contact"
ASK_CONTACT_AFTER_YES = "utter_ask_handoff_contact_after_yes"
AFFIRM_INTENT = "affirm"
HOW_LONG_INTENT = "delivery_period"
"""How the NLU reads "how long will it take?": asked while we ask for a contact, it is about
the person's reply, not a delivery."""


def complaint_text(tracker: Tracker) -> str | None:
    """What the customer wrote, unless it was a button payload ("/complaint")."""
    text = (tracker.latest_message or {}).get("text")
    if not isinstance(text, str) or text.startswith("/"):
        return None
    collapsed = " ".join(text.split())
    return collapsed[:MAX_COMMENT_CHARS] or None


class ActionHandoff(Action):
    """Flag the conversation for agents and tell the customer when someone will answer.

    A complaint that does not say what happened (:func:`~bot.actions.complaint.
    says_what_happened`) is asked "what happened?" first (``complaint_details_needed``);
    :class:`ActionComplaintDetails` then adds the answer and goes on from here.
    """

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if said_before_latest_message(tracker) == OFFER_HANDOFF and says_it_helped(
            latest_text(tracker)
        ):
            # "კი, დამეხმარა" (yes, it helped) to "Would you like me to pass this to a person?":
            # the yes is that it helped (round 17: a case opened, the customer said no twice).
            dispatcher.utter_message(response=GLAD_IT_HELPED)
            return [SlotSet(NEEDS_CONTACT_SLOT, False)]
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        complaint = intent == COMPLAINT_INTENT
        passed_on = tracker.get_slot(CASE_SLOT)
        if passed_on is None and not complaint and survey_promised_a_reply(tracker):
            # "when will they call me?" after "someone will contact you at ...": the
            # survey's case follows up; no second case, no contact asked again.
            hours = get_services().settings.first_contact_hours
            dispatcher.utter_message(response="utter_survey_follow_up_time", hours=hours)
            return [SlotSet(NEEDS_CONTACT_SLOT, False)]
        if complaint and passed_on is None:
            # "well actually the courier was 3 days late" right after the survey's thanks,
            # "why?" skipped: the survey's reason, not a second case (round 12).
            late = await add_late_reason(dispatcher, tracker)
            if late is not None:
                return [*late, SlotSet(NEEDS_CONTACT_SLOT, False)]
        text = latest_text(tracker)
        if complaint and withdraws(text):
            # "ok sorry i overreacted, please close my complaint" had been "passed to our
            # support team as urgent" again, or opened one when none was (round 11).
            if isinstance(passed_on, int):
                await asyncio.to_thread(get_store().withdraw_complaint, passed_on, text)
            dispatcher.utter_message(response="utter_complaint_withdrawn")
            return [SlotSet(NEEDS_CONTACT_SLOT, False), *_stop_asking_contact(tracker)]
        if complaint and passed_on is None and only_insults(text):
            # "lol ur useless": sorry, and a person offered; a case if the customer says yes.
            dispatcher.utter_message(response=SORRY_NOT_HELPED)
            return [SlotSet(NEEDS_CONTACT_SLOT, False), FollowupAction(OFFER_HANDOFF)]
        comment = complaint_text(tracker) if complaint else None
        sentiment = await sentiment_of(tracker, comment) if comment else None
        if complaint and is_praise(sentiment):
            # "just wanted to say the delivery guy was super nice", read as a complaint, had
            # been "passed to our support team as urgent" with a priority-1 case.
            dispatcher.utter_message(response=THANKS_FOR_PRAISE)
            return [SlotSet(NEEDS_CONTACT_SLOT, False)]
        corrected = only_contact(latest_text(tracker))
        if corrected is not None and passed_on is None and not complaint:
            # "oops typo, it's bola@example.com" after the survey's promise: the survey's
            # answer and case take the new contact; no handoff case beside them.
            changed = await change_stored_nps_contact(dispatcher, tracker, corrected)
            if changed is not None:
                return [*changed, SlotSet(NEEDS_CONTACT_SLOT, False)]
        if corrected is not None and isinstance(passed_on, int) and not complaint:
            # "ბოდიში, ნომერი არასწორად დავწერე, სწორია 599 11 22 33" after the case was
            # passed on: the same case, with the new contact (a shopper's opened a second).
            return [
                SlotSet(CONTACT_SLOT, corrected),
                *await what_happens_next(dispatcher, tracker, passed_on, corrected),
            ]
        request = handoff_request(
            tracker, CaseReason.COMPLAINT if complaint else CaseReason.HANDOFF, comment, sentiment
        )
        try:
            case_id = await asyncio.to_thread(get_store().open_handoff, request)
        except Exception:
            logger.exception("could not open a handoff case for conversation %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_handoff_failed")
            return [SlotSet(NEEDS_CONTACT_SLOT, False)]

        offered = contact_offered(latest_text(tracker))  # "a person please, bob@example.com"
        kept = [SlotSet(CONTACT_SLOT, offered)] if offered is not None else []
        if complaint and not says_what_happened(comment):
            # Sorry, then the rules ask "what happened?" (complaint_details_form), and
            # action_complaint_details says it is passed on and goes on below.
            dispatcher.utter_message(response="utter_complaint_sorry")
            return [
                SlotSet(CASE_SLOT, case_id),
                SlotSet(DETAILS_NEEDED_SLOT, True),
                SlotSet(NEEDS_CONTACT_SLOT, None),
                *kept,
            ]
        if complaint and passed_on == case_id and complained_before(tracker):
            # More of the same complaint ("and the courier was rude too"): a note on the case
            # already passed on, not "passed to our support team as urgent" again.
            dispatcher.utter_message(response=COMPLAINT_ADDED, case_reference=case_id)
            return [*kept, SlotSet(NEEDS_CONTACT_SLOT, False)]
        if complaint:
            dispatcher.utter_message(response="utter_complaint_received")
        elif passed_on != case_id:
            # Not once this case was passed on: a contact given (or corrected) after it, or
            # "when will someone call me?", gets the promise below again, not "I'm passing
            # this conversation" a second time.
            dispatcher.utter_message(response="utter_handoff")
        again = passed_on == case_id and offered is None
        return kept + await what_happens_next(dispatcher, tracker, case_id, offered, again=again)


THANKS_FOR_PRAISE = "utter_thanks_for_praise"
GLAD_IT_HELPED = "utter_glad_it_helped"
COMPLAINT_ADDED = "utter_complaint_added"


_COMPLAINT_PASSED_ON = frozenset(
    {"utter_complaint_received", "utter_complaint_details_added", COMPLAINT_ADDED}
)


def complained_before(tracker: Tracker) -> bool:
    """Whether a complaint was passed on in this session (a request for a person alone was
    not a complaint: a complaint after it is passed on as one)."""
    return any(
        event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action") in _COMPLAINT_PASSED_ON
        for event in session_events(tracker)
    )


def survey_promised_a_reply(tracker: Tracker) -> bool:
    """Whether the latest message asks about a person's reply (:mod:`bot.handoff_questions`)
    that a survey's thank-you promised in this session ("Someone from our team will contact
    you at ... to make it right"). Round 8, every language: it started a handoff, and the
    contact just given was asked for again."""
    if not asks_about_the_reply(latest_text(tracker)):
        return False
    return any(
        event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action") == SURVEY_CONTACT_PROMISE
        for event in session_events(tracker)
    )


def handoff_request(
    tracker: Tracker,
    reason: CaseReason,
    comment: str | None,
    sentiment: SentimentResult | None = None,
) -> HandoffRequest:
    """The case to open (or add to) for this conversation, due within the reply time;
    ``sentiment`` is the comment's, where the action has read it already."""
    support = get_company(get_services().settings).support
    return HandoffRequest(
        sender_id=bounded_id(tracker.sender_id),
        reason=reason,
        context=conversation_context(tracker),
        transcript=transcript(tracker),
        comment=comment,
        sentiment=sentiment,
        due_at=support.hours.deadline(utcnow(), support.response_hours),
    )


async def what_happens_next(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    case_id: int,
    offered: str | None = None,
    *,
    again: bool = False,
) -> list[EventType]:
    """Promise a reply: at once to a known customer (or a visitor who gave a contact), after
    asking an anonymous visitor how to reach them (``handoff_contact_needed``). Said
    ``again`` ("when will they call me?"), the promise does not open with "Thank you".

    A contact ``offered`` with the request (:func:`~bot.contacts.contact_offered`)
    is noted on the case and named in the promise, so the customer is not asked for it.
    """
    contact = offered or tracker.get_slot(CONTACT_SLOT)
    when, opening = support_is_open(tracker)
    passed_on = SlotSet(CASE_SLOT, case_id)  # a contact given later is noted on it
    if isinstance(contact, str) and contact:
        await note_contact(tracker, case_id, contact)
        if offered is not None or conversation_context(tracker).customer_id is None:
            dispatcher.utter_message(
                response=f"utter_handoff_contact_{when}" + ("_again" if again else ""),
                handoff_contact=contact,
                case_reference=case_id,
                **opening,
            )
            return [passed_on, SlotSet(NEEDS_CONTACT_SLOT, False)]
    elif conversation_context(tracker).customer_id is None:
        # Anonymous, and no way to reach them yet: ask (rules/support.yml).
        return [passed_on, SlotSet(NEEDS_CONTACT_SLOT, True)]
    dispatcher.utter_message(response=f"utter_handoff_{when}", case_reference=case_id, **opening)
    return [passed_on, SlotSet(NEEDS_CONTACT_SLOT, False)]


class ActionComplaintDetails(Action):
    """Add what happened (``complaint_details_form``) to the complaint's case, then say what
    happens next as any handoff does."""

    def name(self) -> str:
        return "action_complaint_details"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        details = tracker.get_slot(DETAILS_SLOT)
        case_id = tracker.get_slot(CASE_SLOT)
        # complaint_details_needed back to null, as the rules after action_handoff expect.
        done: list[EventType] = [SlotSet(DETAILS_SLOT, None), SlotSet(DETAILS_NEEDED_SLOT, None)]
        if not isinstance(case_id, int | float):
            # No case to add to (a slot set by hand, or a story without the handoff).
            return [*done, SlotSet(NEEDS_CONTACT_SLOT, False)]
        text = latest_text(tracker)
        if not details and withdraws(text):
            # "Never mind": noted for the agent; a question in it is answered next.
            await self.store(tracker, get_store().withdraw_complaint, int(case_id), text)
            dispatcher.utter_message(response="utter_complaint_withdrawn")
            return [
                *done,
                SlotSet(NEEDS_CONTACT_SLOT, False),
                *take_up_tracking_request(tracker, DETAILS_FORM),
            ]
        if isinstance(details, str) and details:
            request = handoff_request(tracker, CaseReason.COMPLAINT, details)
            # The conversation's open complaint is reused: the words become a note on it.
            await self.store(tracker, get_store().open_handoff, request)
            dispatcher.utter_message(response="utter_complaint_details_added")
        else:  # nothing added ("skip", "no"): the complaint as it was is passed on
            dispatcher.utter_message(response="utter_complaint_received")
        # A question instead of what happened ("wait, where is A1000001?"); what happened
        # naming an order ("my order A1000010 never came") is not one.
        tracking = [] if details else take_up_tracking_request(tracker, DETAILS_FORM)
        if tracking and conversation_context(tracker).customer_id is None:
            # "Wait, where is A1000001?": answered next, so no contact question now; honest
            # about when a person reads the chat, as when the visitor declines one.
            when, opening = support_is_open(tracker)
            dispatcher.utter_message(
                response=f"utter_handoff_no_contact_{when}", case_reference=case_id, **opening
            )
            return [*done, SlotSet(NEEDS_CONTACT_SLOT, False), *tracking]
        offered = contact_offered(details) if isinstance(details, str) else None
        events = await what_happens_next(dispatcher, tracker, int(case_id), offered)
        return [*done, *events, *tracking]

    @staticmethod
    async def store(tracker: Tracker, write: Callable[..., object], *args: object) -> bool:
        """Run a write to the case in a worker thread; a failure is logged (the case and the
        transcript stay) and the conversation goes on."""
        try:
            await asyncio.to_thread(write, *args)
        except Exception:
            logger.exception("could not update the complaint of conversation %s", tracker.sender_id)
            return False
        return True


async def note_contact(
    tracker: Tracker, case_id: int, contact: str, *, in_answer: bool = False
) -> None:
    """Note the contact on the case; typed ``in_answer`` to "may we contact you?", with the
    customer's words when they said more ("my phone is 555 987 6543. I was charged twice for
    order A1000002": round 13, the double charge had been in no note nor in the case's
    transcript; a request with its contact keeps its words as the case's comment already).
    A failure is logged (the case and transcript stay)."""
    text = latest_text(tracker)
    said_more = in_answer and contact_in(text) == contact and only_contact(text) is None
    words = clean_reason(text, max_chars=MAX_COMMENT_CHARS) if said_more else None
    try:
        await asyncio.to_thread(
            partial(get_store().save_handoff_contact, case_id, contact, words=words)
        )
    except Exception:
        logger.exception("could not note the contact of conversation %s", tracker.sender_id)


class ValidateHandoffContactForm(DigressionAwareForm):
    """Accept an email address or a phone number; re-ask once with examples, then stop.

    Typing it in answer to "may we contact you?" is the consent. "No" (deny/skip) ends the
    form through the rules; two unreadable answers end it here, and the customer is told
    honestly what happens without a contact.
    """

    form = CONTACT_FORM

    def name(self) -> str:
        return "validate_handoff_contact_form"

    def has_answer(self, tracker: Tracker, slot: str) -> bool:
        """A contact, an attempt at one ("my email is jane at gmail") or a refusal ("I don't
        want to give my e-mail", which the NLU read as the newsletter): never a digression."""
        text = (tracker.latest_message or {}).get("text")
        return tries_contact(text) or declines_contact(text)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """An address or a number typed in answer is the contact, whatever the NLU read.

        The slot's mapping leaves out deny and skip (so that "no" ends the question), and
        the NLU reads a bare "jane@example.com" as one of them often enough: the customer
        gave a contact and was told nobody can reply. The text decides, not the intent.
        """
        contact = contact_in_pieces(
            previous_message_text(tracker), (tracker.latest_message or {}).get("text")
        )
        fresh = not handled_since_latest_message(
            tracker, ignore=(self.form, "action_listen", "action_extract_slots")
        )
        if fresh and self.asked_slot(tracker) == CONTACT_SLOT:
            text = latest_text(tracker)
            if contact is not None:
                return [SlotSet(CONTACT_SLOT, contact)]
            if declines_contact(text):
                # "no thanks, just chat here", read as a goodbye (whose texts the slot does
                # not take): the form's no, not "Goodbye" and the question again.
                return [SlotSet(CONTACT_SLOT, None), SlotSet(REQUESTED_SLOT, None)]
            if (
                asks_to_track(tracker)
                and not self.has_answer(tracker, CONTACT_SLOT)
                and only_order_number(text) is None  # "A1000002": the complaint's order
            ):
                # "where is my order A1000002?" instead of a contact: no contact, and the
                # request is read again once the handoff is closed (ActionHandoffContact).
                # A number read out ("my number is five five five ...") is a contact.
                return [SlotSet(CONTACT_SLOT, None), SlotSet(REQUESTED_SLOT, None)]
            number = only_order_number(text)
            if number is not None and contact is None:
                # "A1000003" after a complaint about it, in place of a contact: the person
                # sees it with the conversation; said so, and the contact asked for again
                # (round 21, every language: "that doesn't look like an email address").
                dispatcher.utter_message(response=ORDER_NOTED, order_number=number)
                return [SlotSet(CONTACT_SLOT, None)]
            if asks_why_contact(text):
                # "why do you need my number?": why, then the question again (round 22)
                dispatcher.utter_message(response=WHY_CONTACT)
                return [SlotSet(CONTACT_SLOT, None)]
            if asks_how_long(tracker) or (
                asks_or_insists(tracker)
                and (
                    insists_on_person(tracker)
                    or not self.is_digression(tracker, domain, CONTACT_SLOT)
                )
            ):
                # "how long will it take?", "now please" just after "may we contact you?":
                # when a person will see this, then the question again (the form asks it).
                response, values = reply_time(tracker)
                dispatcher.utter_message(response=response, **values)
                return [SlotSet(CONTACT_SLOT, None)]
        events: list[EventType] = await super().run(dispatcher, tracker, domain)
        return events

    def validate_handoff_contact(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        contact = contact_in_pieces(previous_message_text(tracker), slot_value)
        if contact is not None:
            return {CONTACT_SLOT: contact}
        if agrees_without_contact(tracker):
            return {CONTACT_SLOT: None}  # the ask that follows asks for the address itself
        if is_skip(slot_value) or declines_contact(slot_value):
            # "no thanks", "არა, მადლობა" the NLU did not read as a no; "Ոչ, արդեն պետք չէ,
            # ինքս գտա պատասխանը", "ኢሜይሌን መስጠት አልፈልግም" (I don't want to give my email)
            return {CONTACT_SLOT: None, REQUESTED_SLOT: None}
        if responses_in_loop_run(tracker, CONTACT_FORM)[INVALID_CONTACT]:
            return {CONTACT_SLOT: None, REQUESTED_SLOT: None}  # asked twice: stop asking
        dispatcher.utter_message(response=INVALID_CONTACT)
        return {CONTACT_SLOT: None}


# Declining to give a contact in a sentence, in our four languages ("I'd rather not give my
# number", "არ მინდა", «պետք չէ», "አልፈልግም"): the form's no, not an unreadable address.
def agrees_without_contact(tracker: Tracker) -> bool:
    """Whether the latest message is a bare "yes" to "may we contact you?".

    That is consent with the address still to come, not an unreadable address: the customer
    is asked for it (:class:`ActionAskHandoffContact`) instead of being told "that doesn't
    look like an email address". Once per question: a second bare "yes" is answered as an
    unreadable address, so that the form still ends after two.
    """
    text = (tracker.latest_message or {}).get("text")
    if contact_in(text) is not None or says_unsure(text):
        return False
    sent = responses_in_loop_run(tracker, CONTACT_FORM)
    if not sent[ASK_CONTACT] or sent[ASK_CONTACT_AFTER_YES]:
        return False
    intent, confidence = latest_intent(tracker)
    affirmed = intent == AFFIRM_INTENT and confidence >= DIGRESSION_MIN_CONFIDENCE
    return affirmed or parse_yes_no(text) is True


class ActionAskHandoffContact(Action):
    """Ask how a person may reach the customer: "may we contact you?", or, after a bare
    "yes" to that, for the address itself (:func:`agrees_without_contact`)."""

    def name(self) -> str:
        return "action_ask_handoff_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        after_yes = agrees_without_contact(tracker)
        dispatcher.utter_message(response=ASK_CONTACT_AFTER_YES if after_yes else ASK_CONTACT)
        return []


# "When will someone answer?" in our four languages, asked instead of a contact.
def asks_how_long(tracker: Tracker) -> bool:
    """Whether the latest message asks how long something takes, clearly enough to answer:
    the NLU's ``delivery_period``, or a question that asks when ("how long until someone
    answers?", which the NLU read otherwise and the form took for an unreadable address)."""
    intent, confidence = latest_intent(tracker)
    if intent == HOW_LONG_INTENT and confidence >= DIGRESSION_MIN_CONFIDENCE:
        return True
    text = latest_text(tracker)
    return looks_like_question(text) and asks_when(text)


_NOW = re.compile(
    r"\b(?:now|asap|right\s+away)\b|ახლავე|ახლა|\bhima\b|հիմա|անմիջապես|አሁኑኑ|አሁን", re.I
)


def asks_or_insists(tracker: Tracker) -> bool:
    """Whether the latest message, in place of a contact, asks something or insists on a
    person ("now please", "ოპერატორი!!!", "და რას აპირებთ?" (and what will you do?), "ፎቶ
    የት ልላክ?" (where do I send the photo?)): when a person will see the chat is said, and
    the contact asked for again.

    Why: round 20, every language: "Sorry, that doesn't look like an email address", and
    the same question again, answered nothing the customer asked."""
    text = latest_text(tracker)
    if not text or text.startswith("/") or tries_contact(text):
        return False
    return (
        insists_on_person(tracker)
        or looks_like_question(text)
        or names_a_person(text)
        or _NOW.search(text) is not None
    )


def insists_on_person(tracker: Tracker) -> bool:
    """Whether the latest message asks for a person again ("ოპერატორი!!!", operator!!!):
    one is coming already; a support question the NLU is sure of is answered instead."""
    return latest_intent(tracker)[0] == HUMAN_AGENT_INTENT


def support_is_open(tracker: Tracker) -> tuple[str, dict[str, Any]]:
    """``"open"`` or ``"closed"`` now, and the next opening in the customer's language when
    closed: the handoff's replies differ by it."""
    hours = get_company(get_services().settings).support.hours
    now = utcnow()
    if hours.is_open(now):
        return "open", {}
    return "closed", {
        "next_opening": hours.describe_next_opening(now, conversation_language(tracker))
    }


def reply_time(tracker: Tracker) -> tuple[str, dict[str, Any]]:
    """The response saying when a person will read the conversation, and its values."""
    when, values = support_is_open(tracker)
    return f"utter_handoff_reply_time_{when}", values


def _stop_asking_contact(tracker: Tracker) -> list[EventType]:
    """End the contact question if it is open: a withdrawn complaint needs no reply (round
    12, every language: "may we contact you?" came again right after "I've noted that you
    don't want to go ahead with the complaint")."""
    if (tracker.active_loop or {}).get("name") != CONTACT_FORM:
        return []
    return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), SlotSet(CONTACT_SLOT, None)]


class ActionHandoffContact(Action):
    """After the contact question: promise a reply where they can get it, or say honestly.

    With a contact: noted on the case, and "someone will contact you at ... {when}". Without
    (declined, or unreadable twice): when a person will read the chat (now, or the next
    opening) and that an answer needs them to write to us with their reference.
    """

    def name(self) -> str:
        return "action_handoff_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        case_id = tracker.get_slot(CASE_SLOT)
        contact = tracker.get_slot(CONTACT_SLOT)
        when, opening = support_is_open(tracker)
        values: dict[str, Any] = {"case_reference": case_id, **opening}
        if isinstance(contact, str) and isinstance(case_id, int | float):
            await note_contact(tracker, int(case_id), contact, in_answer=True)
            dispatcher.utter_message(
                response=f"utter_handoff_contact_{when}",
                handoff_contact=contact,
                **values,
            )
            return [SlotSet(NEEDS_CONTACT_SLOT, False)]
        text = latest_text(tracker)
        if isinstance(case_id, int | float) and withdraws(text) and complained_before(tracker):
            # "never mind, they just replied. please cancel my complaint" in place of a
            # contact: the withdrawal, not "write to us and mention #126" (round 12).
            await asyncio.to_thread(get_store().withdraw_complaint, int(case_id), text)
            dispatcher.utter_message(response="utter_complaint_withdrawn")
            return [SlotSet(NEEDS_CONTACT_SLOT, False)]
        if isinstance(case_id, int | float) and withdraws(text):
            # "actually nevermind, just tell me where my order is" after asking for a person:
            # not "a person will read this... mention #94" (round 21); noted on the case, and
            # a request in it answered next.
            await asyncio.to_thread(get_store().withdraw_handoff, int(case_id), text)
            dispatcher.utter_message(response="utter_handoff_withdrawn")
            return [
                SlotSet(NEEDS_CONTACT_SLOT, False),
                *take_up_tracking_request(tracker, CONTACT_FORM),
            ]
        dispatcher.utter_message(response=f"utter_handoff_no_contact_{when}", **values)
        # No contact: the message may have asked about an order instead (a phone number read
        # out digit by digit also reads as an order number, so only here).
        return [
            SlotSet(NEEDS_CONTACT_SLOT, False),
            *take_up_tracking_request(tracker, CONTACT_FORM),
        ]


class ActionDeclinePerson(Action):
    """The answer to "Would you like me to pass this conversation to a person?" read as a no:
    "No problem!", unless its words say the trouble goes on.

    Why: round 13: "still nothing" (English), "სპამშიც ვნახე, არაფერია" (I looked in spam
    too, nothing: Georgian), read as a no, got "No problem! Let me know if there is anything
    else I can do." The customer is still stuck: the conversation is handed over, as for a
    yes (:mod:`bot.actions.not_solved`).
    """

    def name(self) -> str:
        return "action_decline_person"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if says_not_solved(latest_text(tracker)):
            return [FollowupAction("action_handoff")]
        dispatcher.utter_message(response="utter_no_problem")
        return []
