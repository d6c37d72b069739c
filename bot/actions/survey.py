"""The NPS survey in the chat: question, validation, storage and ending it early.

Flow (see ``bot/data/rules/survey.yml`` and docs/surveys.md): ``nps_form`` asks

1. ``nps_score`` (``action_ask_nps_score``, buttons 0-10; typed "9", "nine", "10/10" too),
2. ``nps_reason`` (free text, a Skip button), whose sentiment is read at once
   (``nps_negative_comment``: clearly negative by :func:`feedback_api.policy.is_clearly_negative`),
3. a high score with a clearly negative reason only: ``nps_score_confirmed`` ("You gave us
   10, did you mean that?", keep it or give another; a mis-tap on a phone is common),
4. answers that open a case only (a score at or below the follow-up threshold, or a clearly
   negative reason, see feedback_api/policy.py): ``nps_contact`` (may someone contact you?)
   and, on yes, ``nps_email``,

validated by ``validate_nps_form``; then ``action_submit_nps`` stores the answer and thanks
the customer (the thank-you depends on the answer, so the action picks the response). Saying
"skip"/"stop"/"not now" or "bye" at any step runs ``action_skip_survey``, which stores what was
given (nothing yet: a dismissed survey) and ends the form (``bot/actions/survey_flow.py``).

The pieces both surveys share live here too: :class:`SurveyFormValidation` (digressions,
"asked again once" limits) and :func:`store_answer` (the answer through the outbox-backed
:func:`~bot.actions.delivery.deliver_answer`, so a database outage never costs an answer).
"""

from __future__ import annotations

import logging
import re
from abc import abstractmethod
from collections.abc import Callable
from typing import Any, Final

from pydantic import ValidationError
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.answer_with_reason import (
    Answer,
    answer_and_reason,
    reason_beside_correction,
    reason_then_answer,
)
from bot.actions.complaint import withdraws
from bot.actions.context import (
    bounded_id,
    conversation_context,
    handled_since_latest_message,
    latest_intent,
    latest_text,
    previous_message_text,
    responses_in_loop_run,
    said_since_latest_message,
    session_events,
    survey_idempotency_key,
    transcript,
)
from bot.actions.declines import declines_contact
from bot.actions.delivery import Delivery, deliver_answer
from bot.actions.forms import (
    DIGRESSION_MIN_CONFIDENCE,
    REQUESTED_SLOT,
    DigressionAwareForm,
)
from bot.actions.negative_text import (
    follow_up_policy,
    reads_clearly_negative,
    reads_reason,
)
from bot.actions.next_request import (
    answers_contact_question,
    asks_to_track,
    take_up_tracking_request,
)
from bot.actions.parsing import (
    NPS_MAX,
    NPS_MIN,
    agrees,
    asks_about_the_scale,
    asks_about_the_survey,
    asks_back,
    asks_what_is_meant,
    clean_reason,
    corrected_score,
    gives_no_answer,
    has_digits,
    is_skip,
    looks_like_question,
    offered_scores,
    offers_two_scores,
    only_agrees_to_answer,
    only_the_scale,
    parse_score,
    parse_yes_no,
    quits,
    says_no_reason,
    says_unsure,
    score_taken_back,
    without_taken_back,
)
from bot.actions.services import get_services
from bot.contacts import (
    contact_in,
    contact_in_pieces,
    contact_volunteered,
    email_of,
    only_contact,
    phone_of,
    refuses_contact,
)
from bot.message_words import asks_why, words_in
from bot.non_answers import says_nothing
from bot.order_numbers import only_order_number
from bot.sarcasm import sounds_sarcastic
from bot.score_words import nps_in_words, nps_leaning
from feedback_api.policy import (
    NpsCategory,
    SurveyKind,
    is_bottom_score,
    is_high_score,
    nps_category,
    score_opens_case,
)
from feedback_api.schemas.common import MAX_COMMENT_CHARS
from feedback_api.schemas.responses import ResponseCreate

logger = logging.getLogger(__name__)

NPS_FORM = "nps_form"
CSAT_FORM = "csat_form"
SURVEY_FORMS = (NPS_FORM, CSAT_FORM)
SCORE_SLOT = "nps_score"
REASON_SLOT = "nps_reason"
CONTACT_SLOT = "nps_contact"
EMAIL_SLOT = "nps_email"
NEGATIVE_SLOT = "nps_negative_comment"  # the reason reads clearly negative (set with it)
EXPLAIN_REASON = "utter_explain_reason"
EXPLAIN_CONTACT = "utter_explain_contact"
EXPLAIN_NPS_SCALE = "utter_explain_nps_scale"
PICK_ONE_SCORE = "utter_pick_one_score"  # "7 or 8": the two offered as buttons
PICK_ON_THE_SIDE = "utter_pick_on_the_side"  # "probably not": 0-6 offered as buttons
REASON_NOTED = "utter_reason_noted"  # the reason before the score: noted, score asked
SCORE_CHANGED = "utter_score_changed"  # a score corrected after it was taken: said back
SCORE_KEPT = "utter_score_kept"  # the same score said again under "why?": it was taken
POSITIVE_SLOT = "nps_positive_comment"  # a bottom score's reason reads clearly positive
CONFIRM_SLOT = "nps_score_confirmed"  # True: kept; False: changed; None: not asked
DECLINED_RUN_SLOT = "nps_declined_run"  # the key of a run declined just before this one
NPS_SLOTS = (
    SCORE_SLOT,
    REASON_SLOT,
    NEGATIVE_SLOT,
    POSITIVE_SLOT,
    CONFIRM_SLOT,
    CONTACT_SLOT,
    EMAIL_SLOT,
    DECLINED_RUN_SLOT,
)

UNCLEAR = "utter_survey_unclear"  # said once when a survey gives up on unclear answers
# The NLU's reading of a yes/no answer counts only when it is this sure (the digression
# threshold: the same "the model knows what this is" bar) and the message is as short as an
# answer; anything else is read by its words or asked again (see yes_or_no).
ANSWER_MIN_CONFIDENCE = DIGRESSION_MIN_CONFIDENCE
MAX_YES_NO_WORDS = 6
_YES_NO_INTENTS = {"affirm": True, "deny": False}


def comment_limit() -> int:
    """The longest comment we store (a setting, capped by the schema)."""
    return min(get_services().settings.max_comment_chars, MAX_COMMENT_CHARS)


QUESTION_MIN_CONFIDENCE = 0.55
"""How sure the NLU must be of another request in a *question* typed in place of the score:
less than for any message (:data:`~bot.actions.forms.DIGRESSION_MIN_CONFIDENCE`), since a
question is never a score, and short follow-ups ("and how much is express?") read unsure.
Not ``out_of_scope``: questions about the scale ("what does 1 mean?") read so, and the
scale explained again is their answer."""


class SurveyFormValidation(DigressionAwareForm):
    """What the survey forms share: digressions and a limit on asking again.

    *Digressions* are :class:`~bot.actions.forms.DigressionAwareForm`'s; a survey's answer
    is a score (:meth:`answer_in`) or, for free-text questions, anything that does not read
    as a question ("your refund policy is unfair" is a valid reason).

    *Asking again.* ``validate_<slot>`` methods call :meth:`retry_or_give_up`: the first
    unclear answer is asked again, the second ends the question (the subclass decides what
    ending means: no email, or a dismissed survey). Counting uses the responses Rasa logged
    since the form started, so no counter slot is needed.

    Subclasses set ``form`` and ``free_text_slots`` and implement ``name``, ``answer_in``
    and ``required_slots``.

    Use::

        class ValidateCsatForm(SurveyFormValidation):
            form = CSAT_FORM
            free_text_slots = frozenset({"csat_comment"})

            def name(self) -> str:
                return "validate_csat_form"

            def answer_in(self, slot: str, text: str) -> object:
                return parse_score(text, low=1, high=5)  # None: a question, not a score
    """

    free_text_slots: frozenset[str] = frozenset()
    reason_slots: frozenset[str] = frozenset()  # "why?", "what was missing?": free text too
    score_slot: str = ""  # the first question: nothing is answered before it
    # Yes/no questions: there "no thanks" is the answer "no", not a request to stop.
    yes_no_slots: frozenset[str] = frozenset()
    # The slots that make up the stored answer: one answered while the survey goes on is
    # stored at once (:meth:`save_so_far`).
    answer_slots: frozenset[str] = frozenset()

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slot = self.asked_slot(tracker)
        if slot is not None and (
            self.asks_to_skip(tracker, slot) or self.tracks_instead(tracker, slot)
        ):
            # The form ends here (no requested slot); its submit action stores what was
            # answered before this message, as action_skip_survey does for the NLU's skip
            # (and takes up a tracking request: take_up_tracking_request).
            return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
        events = await super().run(dispatcher, tracker, domain)
        if any(event.get("event") == "action_execution_rejected" for event in events):
            # A support question or a language switch in place of the answer: nothing was
            # answered ("can I pay with paypal" under "why?" had been stored as the reason,
            # and stayed when the customer left after the answer).
            return events
        # rasa_sdk has put the validated answers into ``tracker.slots``; also while the form
        # starts with an answer in it ("I'd recommend you, 10": a customer who leaves before
        # "why?" had given it for nothing; survey_idempotency_key keeps it one answer).
        if any(event.get("name") in self.answer_slots for event in events):
            required = await self.required_slots(
                self.domain_slots(domain), dispatcher, tracker, domain
            )
            if any(tracker.slots.get(name) is None for name in required):
                await self.save_so_far(tracker)  # another question comes: keep this much
        return events

    @abstractmethod
    async def save_so_far(self, tracker: Tracker) -> None:
        """Store the answer as given so far, while the survey asks its next question.

        Why: a customer who taps a 3 and closes the widget before "why?" had given an
        answer that was never stored (it waited in a slot for the survey to end), and those
        who leave are the unhappy ones. The survey's end stores the whole answer under the
        same key, which brings this one up to date (``revise_chat_answer``).
        """

    def tracks_instead(self, tracker: Tracker, slot: str) -> bool:
        """Whether a question after the score ("What was missing?", "why?", "may someone
        contact you?") got a tracking request instead of an answer (:func:`asks_to_track`).
        The answers given before are stored and the request answered: only one form can
        run, so the survey ends here."""
        if slot == self.score_slot or handled_since_latest_message(
            tracker, ignore=(self.form, "action_listen", "action_extract_slots")
        ):
            return False
        # A yes/no question answered ("no"): the answer; free text never holds one here, and
        # there a statement ("my order A1000003 never came") is the answer too.
        text = latest_text(tracker)
        if answers_contact_question(tracker):
            return False  # "555987654" for "your e-mail or phone?": a phone, not an order
        if asks_to_track(tracker, with_number=True) and only_order_number(text) is not None:
            return True  # "sorry, I meant A1000004": the order, not what was missing
        if self.answer_in(slot, text) is not None:
            return False
        return asks_to_track(tracker, as_question=slot in self.free_text_slots)

    def is_digression(self, tracker: Tracker, domain: DomainDict, slot: str) -> bool:
        """A support question, as for every form; and, in place of the score, a tracking
        request ("A1000002", "where is my order?", "track my refund", "სად არის ჩემი
        შეკვეთა?": shoppers' requests had been refused as an unclear score); and, for the
        score or a free-text question, a question the NLU is fairly sure is another request
        (:data:`QUESTION_MIN_CONFIDENCE`).

        Such a request starts the order form, which ends the survey unanswered (only one
        form runs at a time; after the score, :meth:`tracks_instead` stores what was
        answered first). A statement without a number, or an answer with a request, stays
        an answer: "no, it still hasn't arrived" under the CSAT question is a "no".
        """
        if super().is_digression(tracker, domain, slot):
            return True
        if handled_since_latest_message(
            tracker, ignore=(self.form, "action_listen", "action_extract_slots")
        ):
            return False
        text = latest_text(tracker)
        if slot == self.score_slot:
            if asks_to_track(tracker, with_number=True) and only_order_number(text) is not None:
                return True  # "wrong one sorry, it's A1000004": no answer ("one"), an order
            if self.answer_in(slot, text) is not None:
                return False
            if asks_to_track(tracker, any_phrasing=True):
                return True  # "track my refund" (as the refund answer says to)
        elif slot not in self.free_text_slots or self.has_answer(tracker, slot):
            return False
        # A question the NLU is fairly sure is another request ("and how much is express?"
        # for the score, "what is your return policy, how many days?" for "why?"): asked,
        # not an answer; "please pick a number" or storing it as the reason left it
        # unanswered.
        intent, confidence = latest_intent(tracker)
        return (
            intent in self.interrupting_intents(domain)
            and confidence >= QUESTION_MIN_CONFIDENCE
            and looks_like_question(text)
        )

    def asks_to_skip(self, tracker: Tracker, slot: str) -> bool:
        """Whether the message is a skip the NLU missed ("გამოტოვება", "no thanks", "actually
        never mind, I don't have time for this", "არა, მოიცა, გადავიფიქრე").

        The word lists (:func:`~bot.actions.parsing.quits`) make a skip understood in every
        language whatever the model; one the NLU read as ``skip`` is left to the rules.
        (Shoppers' "never mind, no time" had been answered with delivery times, and "no,
        wait, I changed my mind, I won't cancel" under the CSAT question stored as a 2.)
        Free-text questions ("why?") are the exception: their slots take every message
        (domain.yml), the NLU's ``skip`` included, and only a message that gives no answer
        (:func:`~bot.actions.parsing.gives_no_answer`: a skip, the Skip button, a bare "no")
        ends the survey; "too slow", which the NLU reads as a skip, is the reason.
        """
        if handled_since_latest_message(
            tracker, ignore=(self.form, "action_listen", "action_extract_slots")
        ):
            return False  # back after a digression: nothing new to read
        text = latest_text(tracker)
        if slot in self.reason_slots:
            return says_no_reason(text)
        if slot in self.free_text_slots:
            return gives_no_answer(text)
        if latest_intent(tracker)[0] == "skip" or not quits(text):
            return False
        answer = self.answer_in(slot, text)
        if isinstance(answer, int) and not isinstance(answer, bool):
            return False  # a score: "ሀሳቤን ቀየርኩ 9 ልስጣችሁ" (I changed my mind, I'll give 9)
        return not (slot in self.yes_no_slots and parse_yes_no(text) is not None)

    def has_answer(self, tracker: Tracker, slot: str) -> bool:
        text = latest_text(tracker)
        if slot in self.free_text_slots:
            # Unless it is a question, or a button the customer clicked ("/check_refund_policy").
            return not (looks_like_question(text) or text.startswith("/"))
        return self.answer_in(slot, text) is not None

    @abstractmethod
    def answer_in(self, slot: str, text: str) -> object:
        """The answer to ``slot`` in ``text``, if any (a digression never has one)."""

    def asked_again(self, dispatcher: CollectingDispatcher, tracker: Tracker, response: str) -> int:
        """How often ``response`` was said in this run of the form (this turn included)."""
        now = sum(1 for message in dispatcher.messages if message.get("response") == response)
        return responses_in_loop_run(tracker, self.form)[response] + now

    def retry_or_give_up(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        *,
        retry: str,
        give_up: str | None,
    ) -> bool:
        """Say ``retry`` the first time, ``give_up`` the second; True when giving up."""
        if self.asked_again(dispatcher, tracker, retry) == 0:
            dispatcher.utter_message(response=retry)
            return False
        if give_up is not None:
            dispatcher.utter_message(response=give_up)
        return True

    def offer_the_two(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, *, low: int, high: int
    ) -> bool:
        """Ask a customer who named two scores ("7 or 8") to pick one, with a button for
        each (:func:`~bot.actions.parsing.offered_scores`); once per run of the form, then
        the plain retry. True when asked."""
        offered = offered_scores(latest_text(tracker), low=low, high=high)
        if offered is None or self.asked_again(dispatcher, tracker, PICK_ONE_SCORE):
            return False
        first, second = offered
        dispatcher.utter_message(
            response=PICK_ONE_SCORE,
            first=first,
            second=second,
            buttons=score_buttons(first, first) + score_buttons(second, second),
        )
        return True

    def gave_up(self, dispatcher: CollectingDispatcher, tracker: Tracker, response: str) -> bool:
        return self.asked_again(dispatcher, tracker, response) > 0


# --- storing ---------------------------------------------------------------------------------


async def store_answer(
    tracker: Tracker,
    *,
    kind: SurveyKind,
    loop_name: str,
    score: int | None,
    comment: str | None = None,
    contact: str | None = None,
    contact_consent: bool | None = None,
    run_key: str | None = None,
) -> Delivery:
    """Store one answer (``score=None``: dismissed) with the conversation's context.

    The language is the conversation's (metadata, the ``language`` slot), else the script
    of the comment. ``run_key`` stores it under another run's key (the run the customer
    declined just before, whose dismissed answer this one replaces); by default, this
    run's. Never raises: the customer is thanked whatever happens here.
    """
    context = conversation_context(tracker)
    try:
        data = ResponseCreate(
            kind=kind,
            score=score,
            comment=comment,
            dismissed=score is None,
            email=email_of(contact) if contact_consent else None,
            phone=phone_of(contact) if contact_consent else None,
            contact_consent=contact_consent,
            channel=context.channel,
            language=context.language_for(comment),
            campaign=context.campaign,
            customer_id=context.customer_id,
            conversation_id=bounded_id(tracker.sender_id),
            idempotency_key=run_key or survey_idempotency_key(tracker, kind.value, loop_name),
        )
    except ValidationError:
        # Our own validation is stricter than the schema's, so this is a bug: say so loudly.
        logger.exception(
            "invalid %s answer of conversation %s (score %r)", kind.value, tracker.sender_id, score
        )
        return Delivery()
    return await deliver_answer(
        data, transcript=transcript(tracker), conversation=tracker.sender_id
    )


def end_of_form(loop_name: str, slots: tuple[str, ...]) -> list[EventType]:
    """Deactivate the form and clear its slots, so a later survey starts empty."""
    return [
        ActiveLoop(None),
        SlotSet(REQUESTED_SLOT, None),
        *(SlotSet(slot, None) for slot in slots),
    ]


# --- NPS -------------------------------------------------------------------------------------


def score_buttons(low: int = 0, high: int = 10) -> list[dict[str, str]]:
    """One button per score; the payload sets the ``score`` entity without any NLU."""
    return [
        {"title": str(score), "payload": f'/inform_score{{"score":"{score}"}}'}
        for score in range(low, high + 1)
    ]


def company_name(tracker: Tracker) -> str:
    """The company's name: the ``company_name`` slot (company.yml), else the setting."""
    name = tracker.get_slot("company_name")
    return name if isinstance(name, str) and name else get_services().settings.company_name


def _contradicted(tracker: Tracker, score: int) -> bool:
    """Whether the reason contradicts the score: a high score with a clearly negative reason,
    a bottom score with a clearly positive one."""
    if tracker.get_slot(NEGATIVE_SLOT) is True and is_high_score(SurveyKind.NPS, score):
        return True
    return tracker.get_slot(POSITIVE_SLOT) is True and is_bottom_score(SurveyKind.NPS, score)


class ActionAskNpsScoreConfirmed(Action):
    """Ask whether a score its reason contradicts is meant: "your comment sounds unhappy"
    for a high one, "sounds happy, and 10 is the best" for a bottom one."""

    def name(self) -> str:
        return "action_ask_nps_score_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        score = parse_score(tracker.get_slot(SCORE_SLOT))
        happy = score is not None and is_bottom_score(SurveyKind.NPS, score)
        response = (
            "utter_ask_nps_score_confirmed_happy" if happy else "utter_ask_nps_score_confirmed"
        )
        dispatcher.utter_message(response=response, nps_score=score)
        return []


class ActionAskNpsScore(Action):
    """Ask the NPS question with the company's name and buttons 0-10.

    The text stays in domain.yml (``utter_ask_nps_score``, translatable); the buttons are
    built here because Rasa treats ``{...}`` in a response as a template variable.
    """

    def name(self) -> str:
        return "action_ask_nps_score"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if said_since_latest_message(tracker, PICK_ONE_SCORE) or said_since_latest_message(
            tracker, PICK_ON_THE_SIDE
        ):
            return []  # "7 or 8", "probably not": the buttons just offered are the question
        dispatcher.utter_message(
            response="utter_ask_nps_score",
            company_name=company_name(tracker),
            buttons=score_buttons(),
        )
        return []


_STARS = re.compile(
    r"(?<!\w)(?:\d+|one|two|three|four|five|ten|ერთი|ორი|სამი|ოთხი|ხუთი|ათი"
    r"|մեկ|երկու|երեք|չորս|հինգ|տաս|አንድ|ሁለት|ሶስት|ሦስት|አራት|አምስት)\s*-?\s*"
    r"(?:stars?(?!\w)|ვარსკვლავ|աստղ|ኮከብ)|[\u2b50\u2605\u2606]",
    re.IGNORECASE,
)
"""A rating in stars ("five stars mate", "5⭐", "ხუთი ვარსკვლავი"), another scale than 0-10."""


_LEADING_NUMBER = re.compile(r"^\s*\d{1,2}(?=\s+\S)")
_OFFERS_ANOTHER = re.compile(
    r"^\W*(?:or|ან|an|կամ|kam|ወይም)(?!\w)(?!\W+(?:rather|ավելի|უფრო))", re.IGNORECASE
)
"""A second score offered, not put in the place of the first: "8, or 9", "8 ან 9"."""


def score_in(text: str, *, low: int = NPS_MIN, high: int = NPS_MAX) -> int | None:
    """The score a message gives: the answer that opens it ("cxra, magram 1 nivti gvian
    movida", nine, but 1 item came late: not the 1 of the reason), taken back at once if the
    short words after it give another ("8, no, 7", «ութ, ավելի ճիշտ՝ յոթ», "cxra, ara sori,
    eqvsi"); else the message's one score ("7", "seven", "I'd say a 7 honestly"); or a score
    in words before its reason ("ሰባት እሰጣለሁ ምክንያቱም ዋጋችሁ ውድ ነው", I give seven because
    your prices are high).

    Stars are another scale: "five stars mate" for the 0-10 question had been stored as a
    5 and the customer apologised to; they are asked for a number on this scale instead.
    """
    if high == NPS_MAX and _STARS.search(text):
        return None  # on the 1-5 CSAT scale, "5 stars" is a 5
    if asks_about_the_scale(text):
        return None  # «Իսկ 10-ը լավն է, թե վատը?» (is 10 good or bad?): had been stored as 10
    nps = (low, high) == (NPS_MIN, NPS_MAX)
    read = read_nps if nps else (lambda head: parse_score(head, low=low, high=high))
    given = answer_and_reason(text, read)
    if given is not None:
        head, tail = text[: len(text) - len(given[1])], given[1]
        if _OFFERS_ANOTHER.match(tail):
            return None  # "8, or 9": two scores, none
        instead = score_taken_back(tail, low=low, high=high)
        if instead is not None:
            return instead
        if not (has_digits(head) and has_digits(without_taken_back(tail))):
            return given[0]
    lead = _LEADING_NUMBER.match(text)  # "5 sorry I mean 3": no comma after the first
    tail = text[lead.end() :] if lead is not None else ""
    if lead is not None and not _OFFERS_ANOTHER.match(tail) and not has_digits(tail.split()[0]):
        instead = score_taken_back(tail, low=low, high=high)
        if instead is not None:
            return instead
    return read(text)  # "8, 9 maybe": two scores, none


def read_nps(text: str) -> int | None:
    """A 0-10 score in digits or number words, or one end of the scale in words
    ("definitely", "არავითარ შემთხვევაში": :func:`bot.score_words.nps_in_words`)."""
    score = parse_score(text)
    return score if score is not None else nps_in_words(text)


def score_from_message(tracker: Tracker, slot_value: Any, *, low: int, high: int) -> int | None:
    """The score in the latest message: its whole text first, then the NLU's entities.

    The text goes first because the NLU tags both numbers in "7 out of 10"; the entities
    still help with spelled-out scores in a sentence ("I'd give you seven, no one was rude"),
    never with digits the text refused ("7 or 8" stays unclear even if one was tagged).
    """
    latest = tracker.latest_message or {}
    text = latest.get("text")
    if isinstance(text, str) and text.strip():
        score = score_in(text, low=low, high=high)
        if score is not None or has_digits(text) or offers_two_scores(text):
            return score  # "7 or 8", "11", "რვა ან ცხრა": refused, whatever the NLU tagged
        if high == NPS_MAX and _STARS.search(text):
            return None  # "five stars mate": the NLU tags "five"
        corrected = corrected_score(text, low=low, high=high)
        if corrected is not None:
            return corrected  # "አምስት አይደለም፣ ሁለት" (not five, two): the NLU tags "five"
    else:
        return parse_score(slot_value, low=low, high=high)
    from_entities = {
        parse_score(entity.get("value"), low=low, high=high)
        for entity in latest.get("entities") or []
        if entity.get("entity") == "score"
    } - {None}
    return from_entities.pop() if len(from_entities) == 1 else None


def yes_or_no(tracker: Tracker, text: object) -> bool | None:
    """The customer's yes/no: the NLU's affirm/deny when it is sure, else the words themselves.

    A yes or a no becomes a score (CSAT 4 or 2) or a consent, so it must never be guessed: a
    message the NLU was unsure of (a request in a language it reads badly came out as a
    weak "affirm" and was stored as CSAT 4) or a long one is only a yes/no if its own words
    say so (:func:`~bot.actions.parsing.parse_yes_no`); otherwise ``None``, and the question
    is asked again.
    """
    if says_unsure(text) or asks_back(text) or refuses_contact(text):
        return None  # "please don't contact me" (a sure "deny") answers no other question
    if agrees(text):
        return True  # "I don't mind", «դեմ չեմ»: read as a sure "deny"
    intent, confidence = latest_intent(tracker)
    if (
        intent in _YES_NO_INTENTS
        and confidence >= ANSWER_MIN_CONFIDENCE
        and isinstance(text, str)
        and len(text.split()) <= MAX_YES_NO_WORDS
    ):
        return _YES_NO_INTENTS[intent]
    return parse_yes_no(text)


def reason_with_answer(
    tracker: Tracker, read: Callable[[str], Answer | None]
) -> tuple[Answer, str] | None:
    """The answer and the reason the latest message gives together ("no, the link is
    broken", or the reason first: "prices are too high, so 5"), typed by the customer (a
    button sends a payload, never a reason)."""
    text = latest_text(tracker)
    if text.startswith("/"):
        return None
    return answer_and_reason(text, read) or reason_then_answer(text, read)


_REASON_INTENTS = frozenset(
    {"complaint", "review", "give_feedback", "out_of_scope", "nlu_fallback"}
)
"""What the NLU makes of a reason typed in place of the score ("the delivery was late and
the box was crushed": a complaint; "the website is kinda slow but otherwise ok": a review)."""
_MIN_REASON_FIRST_WORDS = 3


def gives_reason_first(tracker: Tracker) -> bool:
    """Whether the latest message, in place of the 0-10 score, says why instead: a statement
    of three words or more, with no number, that the NLU read as a complaint, a review,
    feedback or nothing it knows; never a question, a skip or a goodbye.

    Why: round 12, every language: "ዕቃው ዘግይቶ ነው የደረሰኝ ደስ አላለኝም" (the item came late, I
    am not happy) under the score question opened an urgent complaint case and ended the
    survey as dismissed, and the 4 typed next was refused as a bad e-mail address.
    """
    if handled_since_latest_message(
        tracker, ignore=(NPS_FORM, "action_listen", "action_extract_slots")
    ):
        return False
    text = latest_text(tracker)
    if not text or text.startswith("/") or has_digits(text) or offers_two_scores(text):
        return False
    if score_in(text) is not None or looks_like_question(text) or quits(text) or is_skip(text):
        return False
    if nps_leaning(text) is not None:
        return False  # "ალბათ არ ვურჩევდი" (I probably wouldn't recommend): asked for a number
    if len(words_in(text)) < _MIN_REASON_FIRST_WORDS or asks_about_the_survey(text):
        return False
    intent, _confidence = latest_intent(tracker)
    return intent in _REASON_INTENTS


OFF_TOPIC_MIN_CONFIDENCE: Final = 0.8
_OFF_TOPIC_INTENTS: Final = frozenset({"out_of_scope", "bot_challenge"})


def asks_off_topic(tracker: Tracker, reason: str | None) -> bool:
    """Whether the answer to "why?" is a question the NLU is sure is off-topic or about the
    bot: "ხაჭაპური გიყვართ?" (do you like khachapuri?), «իսկ այսօր եղանակն ինչպիսին է
    Երևանում» (what's the weather in Yerevan today), «իսկ դուք ո՞վ եք, ռոբո՞տ» (and who
    are you, a robot?). Round 22: they were stored as the reason, and a case opened on one;
    the caller explains what "why?" asks and asks again (a negative one stays a reason:
    "who even runs this shop??")."""
    if not reason or not looks_like_question(reason) or asks_why(reason):
        return False  # "why is delivery so slow?" is a reason
    intent, confidence = latest_intent(tracker)
    return intent in _OFF_TOPIC_INTENTS and confidence >= OFF_TOPIC_MIN_CONFIDENCE


def score_typed_before_the_question(tracker: Tracker) -> int | None:
    """The 0-10 score the customer typed when no question was open, if the 0-10 question
    that followed (``utter_score_needs_question``, "to store your score, please answer this
    question") is the one the latest message answers; else ``None``."""
    events = session_events(tracker)
    users = [index for index, event in enumerate(events) if event.get("event") == "user"]
    if len(users) < 2:
        return None
    between = events[users[-2] + 1 : users[-1]]
    asked = [
        (event.get("metadata") or {}).get("utter_action")
        for event in between
        if event.get("event") == "bot"
    ]
    if "utter_score_needs_question" not in asked:
        return None
    return score_in(str(events[users[-2]].get("text") or ""))


def opens_case(score: object, *, negative: bool = False) -> bool:
    """Whether this NPS answer opens a case (the follow-up policy), so we ask for contact.

    A clearly negative reason opens one whatever the score (``negative``).
    """
    return negative or score_opens_case(SurveyKind.NPS, parse_score(score), follow_up_policy())


class ValidateNpsForm(SurveyFormValidation):
    """Turn whatever the customer sent into a score 0-10, a reason, consent and an e-mail.

    Whatever filled the score slot (the ``score`` entity or the raw text), the value is read
    again from the message with :func:`parse_score`, so "9", "nine", "10/10", "7 out of 10"
    and a button click all count; anything unclear is asked again once, and a second unclear
    answer ends the survey politely (stored as dismissed). Only answers that open a case
    (:func:`feedback_api.policy.score_opens_case`) are asked whether
    someone may contact them, and only those who agree for an address.
    """

    form = NPS_FORM
    score_slot = SCORE_SLOT
    free_text_slots = frozenset({REASON_SLOT, EMAIL_SLOT})
    reason_slots = frozenset({REASON_SLOT})
    yes_no_slots = frozenset({CONTACT_SLOT, CONFIRM_SLOT})
    answer_slots = frozenset({SCORE_SLOT, REASON_SLOT, CONTACT_SLOT, EMAIL_SLOT})

    def name(self) -> str:
        return "validate_nps_form"

    async def save_so_far(self, tracker: Tracker) -> None:
        # The score, or the reason given before it (gives_reason_first): kept as a dismissed
        # answer with its words until the score comes, so a customer who leaves then has
        # not said it for nothing (it had been a complaint case before round 12).
        reason = tracker.get_slot(REASON_SLOT)
        if parse_score(tracker.get_slot(SCORE_SLOT)) is not None or reason:
            await store_nps(tracker, comment=reason)

    def is_digression(self, tracker: Tracker, domain: DomainDict, slot: str) -> bool:
        """As for every survey; but a reason given in place of the score is the reason
        (:func:`gives_reason_first`), not a complaint or a review to hand over."""
        if slot == SCORE_SLOT and gives_reason_first(tracker):
            return False
        return super().is_digression(tracker, domain, slot)

    def asks_to_skip(self, tracker: Tracker, slot: str) -> bool:
        """A skip, and, in answer to "which email address or phone number?", a no in a
        sentence ("no actually don't bother", "actually no, never mind"): a shopper was told
        "that doesn't look like an email address" until a bare "no"."""
        if super().asks_to_skip(tracker, slot):
            return True
        if slot != EMAIL_SLOT or handled_since_latest_message(
            tracker, ignore=(self.form, "action_listen", "action_extract_slots")
        ):
            return False
        text = latest_text(tracker)
        return declines_contact(text) or withdraws(text)

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if self.gave_up(dispatcher, tracker, UNCLEAR):
            return []  # the form ends; action_submit_nps stores a dismissed survey
        slots = [SCORE_SLOT, REASON_SLOT]
        score = parse_score(tracker.get_slot(SCORE_SLOT))
        negative = tracker.get_slot(NEGATIVE_SLOT) is True
        # Not yet kept (True) or changed (False): the raw answer is still to be validated,
        # and rasa_sdk validates only slots that are required.
        undecided = not isinstance(tracker.get_slot(CONFIRM_SLOT), bool)
        if score is not None and undecided and _contradicted(tracker, score):
            # A 10 with "never again", a 0 with "everything was excellent": ask which they
            # meant (feedback_api.policy.score_contradicts_comment).
            slots.append(CONFIRM_SLOT)
        if opens_case(score, negative=negative):
            slots.append(CONTACT_SLOT)
            if tracker.get_slot(CONTACT_SLOT) is True and not self.gave_up(
                dispatcher, tracker, "utter_email_unclear"
            ):
                slots.append(EMAIL_SLOT)
        return slots

    def answer_in(self, slot: str, text: str) -> object:
        if slot == SCORE_SLOT:
            return score_in(text)
        if slot == CONTACT_SLOT:
            # "sorry can I change my score to 7" (read as changing an order) answers too
            answer = parse_yes_no(text)
            return answer if answer is not None else corrected_score(text)
        if slot == CONFIRM_SLOT:
            score = parse_score(text)
            return score if score is not None else parse_yes_no(text)
        return None

    def offer_the_side(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
        """Ask a customer whose answer leans one way without a number ("probably not",
        «երևի այո», "50/50": :func:`bot.score_words.nps_leaning`) for a number on that side
        of the scale, with a button for each; once per run of the form, then the plain
        retry. True when asked.

        Why: round 14, every language: such answers were "not understood" twice and the
        survey ended with nothing stored; a score is never guessed from them."""
        side = nps_leaning(latest_text(tracker))
        if side is None or self.asked_again(dispatcher, tracker, PICK_ON_THE_SIDE):
            return False
        low, high = side
        dispatcher.utter_message(
            response=PICK_ON_THE_SIDE, low=low, high=high, buttons=score_buttons(low, high)
        )
        return True

    async def validate_nps_score(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """The score; and the reason, when the same message gives it ("8, the delivery was
        slow"), read as the reason question reads it, so it is not asked for again."""
        if sounds_sarcastic(latest_text(tracker)):
            # "oh sure, a perfect 10, everything was sooo great (not)": no 10 (round 21)
            self.retry_or_give_up(dispatcher, tracker, retry="utter_invalid_score", give_up=UNCLEAR)
            return {SCORE_SLOT: None}
        score = score_from_message(tracker, slot_value, low=0, high=10)
        if score is None and gives_reason_first(tracker):
            # "delivery was super slow and the box was damaged" before any score: kept as
            # the reason, and the score asked for (it had opened an urgent complaint case,
            # ended the survey as dismissed and refused the score as a bad contact).
            reason = await self.validate_nps_reason(slot_value, dispatcher, tracker, domain)
            earlier = score_typed_before_the_question(tracker)
            if earlier is not None and reason.get(REASON_SLOT):
                # "რვა" (eight) typed when nothing was asked, so the 0-10 question came,
                # then "delivery was fast": the 8 and its reason (round 21: both lost)
                return {SCORE_SLOT: earlier, **reason}
            if reason.get(REASON_SLOT):
                dispatcher.utter_message(response=REASON_NOTED)
            return {SCORE_SLOT: None, **reason}
        if score is None and asks_about_the_scale(latest_text(tracker)):
            # "is 0 the best or worst?": explained, and asked again (not an unclear answer)
            dispatcher.utter_message(response=EXPLAIN_NPS_SCALE)
            return {SCORE_SLOT: None}
        if score is None and self.offer_the_two(dispatcher, tracker, low=NPS_MIN, high=NPS_MAX):
            return {SCORE_SLOT: None}
        if score is None and self.offer_the_side(dispatcher, tracker):
            return {SCORE_SLOT: None}
        if score is None:
            self.retry_or_give_up(dispatcher, tracker, retry="utter_invalid_score", give_up=UNCLEAR)
            return {SCORE_SLOT: None}
        given = reason_with_answer(tracker, read_nps)
        if (
            given is None
            or given[0] != score
            or only_the_scale(given[1])
            or only_agrees_to_answer(given[1])
        ):
            return {SCORE_SLOT: score}
        reason = await self.validate_nps_reason(given[1], dispatcher, tracker, domain)
        return {SCORE_SLOT: score, **reason}

    async def validate_nps_reason(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        score = corrected_score(slot_value)
        if score is not None and score == parse_score(tracker.get_slot(SCORE_SLOT)):
            # "I told you 10": the score was taken; said so, and "why?" again
            dispatcher.utter_message(response=SCORE_KEPT, score=score)
            return {REASON_SLOT: None}
        if score is not None:  # "sorry I meant 6": the new score, said, and "why?" again
            dispatcher.utter_message(response=SCORE_CHANGED, score=score)
            changed = {SCORE_SLOT: score, REASON_SLOT: None, CONFIRM_SLOT: None}
            beside = reason_beside_correction(slot_value, corrected_score)
            if beside is None:
                return changed
            # "customer service never replied. hmm actually change it to 5": both kept
            reason = clean_reason(beside, max_chars=comment_limit())
            return changed | await self._reason_answer(reason, slot_value, tracker, score)
        if asks_what_is_meant(slot_value):  # "what do you mean?": explained, asked again
            dispatcher.utter_message(response=EXPLAIN_REASON)
            return {REASON_SLOT: None}
        reason = clean_reason(slot_value, max_chars=comment_limit())
        asked_back = asks_about_the_survey(reason) or asks_off_topic(tracker, reason)
        if asked_back and not (await reads_reason(tracker, reason))[0]:
            # "who reads this?", "do you like khachapuri?": explained, asked again
            dispatcher.utter_message(response=EXPLAIN_REASON)
            return {REASON_SLOT: None}
        score = parse_score(tracker.get_slot(SCORE_SLOT))
        return await self._reason_answer(reason, slot_value, tracker, score)

    @staticmethod
    async def _reason_answer(
        reason: str | None, message: Any, tracker: Tracker, score: int | None
    ) -> dict[str, Any]:
        """The slots of a reason (cleaned) given for ``score``: the reason, how it reads, and
        a contact the message volunteers."""
        negative, positive = await reads_reason(tracker, reason)
        answer = {REASON_SLOT: reason, NEGATIVE_SLOT: negative}
        if score is not None and is_bottom_score(SurveyKind.NPS, score):
            # "0", "everything was excellent, very happy": the scale read the wrong way round
            answer[POSITIVE_SLOT] = positive
        contact = contact_volunteered(message)
        if contact is not None:
            # "bad packaging, you can email me at kim@example.net": consent and the contact,
            # so neither question is asked after it (someone else's address stays in the
            # reason: "the invoice went to my husband at mark@example.org").
            answer |= {CONTACT_SLOT: True, EMAIL_SLOT: contact}
        return answer

    def validate_nps_score_confirmed(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Keep the score ("yes"), ask it again ("no"), or take the one typed ("I meant 2").

        Anything else keeps the score: it is the one the customer gave, and the stored
        answer is flagged ``score_comment_mismatch`` for the agent anyway.
        """
        score = score_from_message(tracker, slot_value, low=0, high=10)
        if score is None:
            # "oh no i meant 1, i thought 10 was worst": round 16, the 10 had been kept
            score = corrected_score(latest_text(tracker), low=0, high=10)
        if score is not None:
            return {SCORE_SLOT: score, CONFIRM_SLOT: False}
        if yes_or_no(tracker, slot_value) is False:
            return {SCORE_SLOT: None, CONFIRM_SLOT: False}  # the form asks the score again
        return {CONFIRM_SLOT: True}

    def validate_nps_contact(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if refuses_contact(slot_value):
            # "no, don't contact me. my email is nino@mail.ge but don't write": a no
            return {CONTACT_SLOT: False}
        contact = contact_in(slot_value)
        if contact is not None:  # "sure, jane@example.com", "0922334455": both questions
            return {CONTACT_SLOT: True, EMAIL_SLOT: contact}
        score = corrected_score(slot_value)
        if score is not None:
            # "չէ, մտածեցի, դրեք 8" (no, I've thought again, put 8): the new score, said, and
            # the contact question again only if it still calls for one
            dispatcher.utter_message(response=SCORE_CHANGED, score=score)
            return {SCORE_SLOT: score, CONTACT_SLOT: None}
        if (
            looks_like_question(slot_value)
            and parse_yes_no(slot_value) is None
            and not says_nothing(str(slot_value))  # "huh?" is asked again, as before
        ):
            # «ո՞վ է կապվելու, ու ե՞րբ» (who will contact me, and when?) had been read as a
            # no (round 10): who, when and how, then the question again.
            hours = get_services().settings.first_contact_hours
            dispatcher.utter_message(response=EXPLAIN_CONTACT, hours=hours)
            return {CONTACT_SLOT: None}
        consent = yes_or_no(tracker, slot_value)
        if consent is None and declines_contact(slot_value):
            consent = False  # "no don't contact me, I'm done with you lot"
        if consent is None and self.retry_or_give_up(
            dispatcher, tracker, retry="utter_invalid_contact", give_up=None
        ):
            consent = False  # asked twice and still unclear: do not contact them
        return {CONTACT_SLOT: consent}

    def validate_nps_email(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if refuses_contact(slot_value):
            return {CONTACT_SLOT: False, EMAIL_SLOT: None}  # "actually, don't contact me"
        # an e-mail address, a phone number (perhaps in two pieces), or both
        contact = contact_in_pieces(previous_message_text(tracker), slot_value)
        if contact is None:
            self.retry_or_give_up(
                dispatcher, tracker, retry="utter_invalid_email", give_up="utter_email_unclear"
            )
        return {EMAIL_SLOT: contact}


def nps_thanks(
    score: int | None,
    *,
    contact: bool | None,
    email: str | None,
    negative: bool = False,
    reason: bool = True,
) -> str:
    """The response that closes an NPS survey with this outcome.

    A detractor who skipped "why?" is not thanked for "what you said": the apology thanks
    them for the score (``reason`` False).
    """
    if score is None:
        return "utter_survey_dismissed"
    if opens_case(score, negative=negative) and contact and email:
        return "utter_thanks_nps_contact"
    # The apology is for detractors and clearly unhappy reasons: a 9 that the follow-up
    # policy covers is still a promoter, and is told someone will be in touch only when it
    # left an address.
    if negative or nps_category(score) is NpsCategory.DETRACTOR:
        return "utter_thanks_nps_detractor" if reason else "utter_thanks_nps_detractor_score"
    return "utter_thanks_nps"


async def store_nps(
    tracker: Tracker, *, comment: str | None
) -> tuple[int | None, bool | None, str | None]:
    """Store the NPS answer in the slots; its score, consent and contact (e-mail address,
    phone number or both)."""
    score = parse_score(tracker.get_slot(SCORE_SLOT))
    contact = tracker.get_slot(CONTACT_SLOT)
    consent = contact if isinstance(contact, bool) and score is not None else None
    email = tracker.get_slot(EMAIL_SLOT) if consent else None
    await store_answer(
        tracker,
        kind=SurveyKind.NPS,
        loop_name=NPS_FORM,
        score=score,
        comment=comment,  # a dismissed answer keeps a reason given before the score
        contact=email,
        contact_consent=consent,
        run_key=tracker.get_slot(DECLINED_RUN_SLOT),
    )
    return score, consent, email


async def finish_nps(
    dispatcher: CollectingDispatcher, tracker: Tracker, *, comment: str | None, say: bool
) -> None:
    """Store the NPS answer in the slots and (if ``say``) thank the customer for it."""
    score, consent, email = await store_nps(tracker, comment=comment)
    if not say or responses_in_loop_run(tracker, NPS_FORM)[UNCLEAR]:
        return  # the form already said goodbye to the survey
    negative = tracker.get_slot(NEGATIVE_SLOT) is True
    thanks = nps_thanks(
        score, contact=consent, email=email, negative=negative, reason=bool(comment)
    )
    dispatcher.utter_message(response=thanks, email=email)


async def contact_given_instead(tracker: Tracker) -> bool:
    """Whether the latest message, which the rules took for a request for a person, gives
    a contact that answers the survey's open question; if so the slots now hold it.

    "yes my email is john.smith@gmail.com" under "may someone contact you?", a bare address
    or number under "your e-mail or phone?", and "slow delivery, call me on 08031234567"
    under "why?" read as asking for a person (the message is only a contact, or asks to be
    called): the survey was ended and a second, handoff case opened, and the stored answer
    kept neither the contact nor that reason. They answer the survey instead: the reason
    (unless the message is only the contact), the consent and the contact.
    """
    asked = tracker.get_slot(REQUESTED_SLOT)
    text = latest_text(tracker)
    if asked == REASON_SLOT:
        contact = contact_volunteered(text)
    elif asked in (CONTACT_SLOT, EMAIL_SLOT) and not refuses_contact(text):
        contact = contact_in(text)
    else:
        return False
    if contact is None or parse_score(tracker.get_slot(SCORE_SLOT)) is None:
        return False
    answer: list[EventType] = [SlotSet(CONTACT_SLOT, True), SlotSet(EMAIL_SLOT, contact)]
    if asked == REASON_SLOT and only_contact(text) is None:
        reason = clean_reason(text, max_chars=comment_limit())
        negative = await reads_clearly_negative(tracker, reason)
        answer += [SlotSet(REASON_SLOT, reason), SlotSet(NEGATIVE_SLOT, negative)]
    tracker.add_slots(answer)
    return True


class ActionSubmitNps(Action):
    """Store the completed survey and thank the customer (a case opened: sorry, and follow-up)."""

    def name(self) -> str:
        return "action_submit_nps"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        await finish_nps(dispatcher, tracker, comment=tracker.get_slot(REASON_SLOT), say=True)
        return [SlotSet(slot, None) for slot in NPS_SLOTS] + take_up_tracking_request(
            tracker, NPS_FORM
        )
