"""When a survey starts and how it ends early: triggers, the throttle, skipping.

Who may start a survey (docs/surveys.md has the whole picture):

* **The customer** ("I want to give feedback"): ``action_start_nps`` always lets them, even
  if they answered yesterday: they asked.
* **A website or campaign** (intent ``start_nps``, through Rasa's ``trigger_intent`` endpoint
  or a ``/start_nps`` message from the widget): ``action_start_nps`` asks only if the bot
  may ask (below); otherwise the bot says nothing at all.
* **The bot, after a support answer**: ``action_support_followup`` (every support answer
  ends with it) asks the CSAT question if the bot may ask.
* **The bot, at the end of a support conversation** ("thanks"/"bye" after a support
  answer): ``action_offer_survey_at_end`` offers the NPS survey if the bot may ask, which
  with the default ``CLOSEDLOOP_SUPPORT_SURVEY=csat`` means only when no CSAT question came
  up in the conversation; with ``nps`` it replaces the CSAT question.

"The bot may ask" (:func:`bot_may_ask`): no survey was offered or started in this
conversation session, and the customer (when known) did not answer a survey in the last
``CLOSEDLOOP_SURVEY_THROTTLE_DAYS`` days. One question per conversation, and a rest after
answering, is what keeps response rates up.

Each offer is recorded (``survey_offers``) as the denominator of the response rate.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.after_reply import after_reply
from bot.actions.answer_with_reason import says_more_than_goodbye
from bot.actions.context import (
    TRIGGER_INTENT,
    ConversationContext,
    action_ran,
    bounded_id,
    conversation_context,
    latest_intent,
    latest_text,
    run_key,
    said_before_latest_message,
    said_since_latest_message,
    session_events,
)
from bot.actions.delivery import flusher
from bot.actions.forms import DIGRESSION_MIN_CONFIDENCE, REQUESTED_SLOT
from bot.actions.next_request import (
    HUMAN_AGENT_INTENT,
    OFFER_HANDOFF,
    PERSON_INTENTS,
    SUPPORT_FOLLOWUP,
    names_a_person,
    next_request_events,
    repeat_latest_message,
    take_up_unanswered_question,
    without_person_request,
)
from bot.actions.order_answers import CONTENTS_ANSWERS
from bot.actions.parsing import CSAT_MAX, CSAT_MIN, NPS_MAX, clean_reason, parse_score
from bot.actions.payment_issue import PERSON_NEXT
from bot.actions.praise import PRAISE_NOTED, volunteered_praise
from bot.actions.repeated_answers import repeats_an_answer
from bot.actions.services import Services, get_services
from bot.actions.store import get_store
from bot.actions.survey import (
    CSAT_FORM,
    DECLINED_RUN_SLOT,
    NPS_FORM,
    NPS_SLOTS,
    REASON_SLOT,
    SCORE_SLOT,
    SURVEY_FORMS,
    comment_limit,
    contact_given_instead,
    end_of_form,
    finish_nps,
    score_in,
)
from bot.actions.survey_csat import (
    ASK_YOUR_QUESTION,
    CSAT_COMMENT_SLOT,
    CSAT_SCORE_SLOT,
    CSAT_SLOTS,
    NO_SCORE,
    a_no_with_words,
    a_score_with_words,
    announces_more_questions,
    answer_in_ending,
    answer_with_comment,
    asks_instead_of_answering,
    cancels_the_order_just_named,
    csat_answer,
    finish_csat,
    is_low,
    says_not_solved_instead,
    store_csat,
    take_up_cancelling,
)
from bot.actions.survey_revision import (
    CSAT_SUBMIT,
    NPS_SUBMIT,
    add_late_reason,
    change_stored_csat,
    change_stored_nps,
    score_in_latest_message,
)
from bot.message_words import asks_when, words_in
from bot.volunteered_scores import rates_us
from feedback_api.policy import SurveyKind
from feedback_api.storage.outbox import error_summary
from feedback_api.transcript import FURTHER_REQUEST_OF

logger = logging.getLogger(__name__)

OFFERED_SLOT = "survey_offered"
CSAT_OFFERED_SLOT = "csat_offered"
OFFER_RESPONSE = "utter_offer_survey"
SCORE_INTENT = "inform_score"
FALLBACK = "nlu_fallback"
FEEDBACK_INTENT = "give_feedback"
_SUBMITS = {NPS_FORM: NPS_SUBMIT, CSAT_FORM: CSAT_SUBMIT}


def survey_asked_this_session(tracker: Tracker) -> bool:
    """Whether a survey was offered or started in this conversation session.

    Read from what happened (a survey form started, the offer was said), not from slots:
    slots carry over into a new session, events do not.
    """
    for event in session_events(tracker):
        kind = event.get("event")
        if kind == "active_loop" and event.get("name") in SURVEY_FORMS:
            return True
        if kind == "action" and event.get("name") == OFFER_RESPONSE:
            return True
    return False


async def bot_may_ask(tracker: Tracker, services: Services, context: ConversationContext) -> bool:
    """Whether the bot (or a campaign) may ask this customer for feedback now.

    If the database cannot tell whether the customer was surveyed recently we ask anyway:
    an answer too many is better than a question never asked, and the answer is safe in
    the outbox.
    """
    if survey_asked_this_session(tracker):
        return False
    if not context.customer_id or services.settings.survey_throttle_days <= 0:
        return True
    try:
        throttled = await asyncio.to_thread(get_store().recently_surveyed, context.customer_id)
    except Exception as exc:  # noqa: BLE001 - the database being down must not stop the chat
        logger.warning(
            "survey throttle check failed for %s: %s", tracker.sender_id, error_summary(exc)
        )
        return True
    return not throttled


def record_offer(tracker: Tracker, context: ConversationContext, kind: SurveyKind) -> None:
    """Count the offer for the response rate, once the reply is out (:mod:`after_reply`):
    nothing the bot says next reads it, and a failure only costs that count."""
    after_reply(
        f"record the {kind.value} offer for {tracker.sender_id}",
        get_store().save_offer,
        kind,
        sender_id=bounded_id(tracker.sender_id),
        context=context,
    )


def csat_just_thanked(tracker: Tracker) -> bool:
    """Whether the bot's last words before the latest message thanked for a CSAT answer."""
    return said_before_latest_message(tracker).startswith("utter_thanks_csat")


def since_question(
    events: list[dict[str, Any]], questions: frozenset[str]
) -> tuple[str, list[dict[str, Any]]] | None:
    """The last of ``questions`` (response names) the bot asked in ``events``, and the events
    after it; ``None`` if it asked none."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        name = (event.get("metadata") or {}).get("utter_action")
        if event.get("event") == "bot" and name in questions:
            return name, events[index + 1 :]
    return None


def typed_messages(events: list[dict[str, Any]]) -> int:
    """How many of ``events`` are messages the customer typed: not the bot's reading of one
    again (:func:`~bot.actions.next_request.repeat_latest_message`, marked in its metadata).
    Round 18: a question taken up after the CSAT question counted twice, and the score
    typed next for that question still started the 0-10 survey."""
    return sum(
        event.get("event") == "user"
        and (event.get("metadata") or {}).get(FURTHER_REQUEST_OF) is None
        for event in events
    )


LATE_CSAT_MESSAGES = 2
"""The customer's messages since "Did that solve your problem?" for a score to still answer
it: one in between (a question the bot could not answer), and the score."""


def _after_csat_question(tracker: Tracker) -> list[dict[str, Any]] | None:
    """The events since "Did that solve your problem?", when it is the last survey question
    asked and came one message before the latest (:data:`LATE_CSAT_MESSAGES`); else
    ``None``."""
    asked = since_question(session_events(tracker), _SURVEY_QUESTIONS)
    if asked is None or asked[0] != CSAT_QUESTION:
        return None
    return asked[1] if typed_messages(asked[1]) == LATE_CSAT_MESSAGES else None


def csat_left_open(tracker: Tracker) -> bool:
    """Whether "Did that solve your problem?" was asked one message before the latest and has
    no answer: not answered, skipped or followed by another survey question since.

    Why: round 17 (Armenian, three times): a question under the CSAT question ended it
    unanswered ("and if it doesn't arrive by then?", not understood); the "4" typed next,
    with the 1-5 buttons still on screen, was taken as a wish to rate us, the 0-10 question
    was asked, and the 4 was lost (an 8 typed for that was stored as an NPS answer).
    """
    since = _after_csat_question(tracker)
    if since is None:
        return False
    return not any(
        (
            event.get("event") == "slot"
            and event.get("name") == CSAT_SCORE_SLOT
            # a score, not the text the form's mapping puts there before reading it
            and parse_score(event.get("value"), low=CSAT_MIN, high=CSAT_MAX) is not None
        )
        or (event.get("event") == "action" and event.get("name") == "action_skip_survey")
        or (
            event.get("event") == "bot"
            and str((event.get("metadata") or {}).get("utter_action")).startswith(_CSAT_THANKS)
        )
        for event in since
    )


CSAT_QUESTION = "utter_ask_csat_score"
_SURVEY_QUESTIONS = frozenset({CSAT_QUESTION, "utter_ask_nps_score"})
_CSAT_THANKS = ("utter_thanks_csat", "utter_survey_dismissed", "utter_thanks_nps_contact")
"""What the bot says once a CSAT answer is stored (or the question dismissed)."""


def csat_left_unscored(tracker: Tracker) -> bool:
    """Whether "Did that solve your problem?" was left by the message before the latest
    without a score typed for it: skipped ("no thanks"), dismissed, or answered in a few
    words ("yes thx", «չէ պետք չի», no need) whose reading was stored.

    Why: round 19, every language: "კარგი რა, 5" (oh alright, 5), «լավ, 5», "ይቅርታ፣ 4 ልስጥ"
    (sorry, let me give 4) and "actually no, it was 2" right after that started the 0-10
    survey, and its answer was stored as an NPS detractor while the CSAT row stayed as it
    was. A 1-5 score then is this question's, changing what was stored for it.
    """
    since = _after_csat_question(tracker)
    if since is None:
        return False
    leaving = next(
        str(event.get("text") or "")
        for event in since
        if event.get("event") == "user"
        and (event.get("metadata") or {}).get(FURTHER_REQUEST_OF) is None
    )
    return (
        not leaving.startswith("/")
        and len(leaving.split()) <= _MAX_LEAVING_WORDS
        and score_in(leaving, low=CSAT_MIN, high=CSAT_MAX) is None
    )


_MAX_LEAVING_WORDS = 4
"""The most words of the message that left the question for a score after it to change it:
"no thanks", "yes thx"; a comment of more words ("no, it still hasn't arrived, 3 days
late") was an answer with its reason, which a bare score would lose."""


async def answer_csat_late(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Store a 1-5 score typed for the CSAT question left open a message ago
    (:func:`csat_left_open`), or left without a score a message ago
    (:func:`csat_left_unscored`), and thank for it; whether it did. Stored under the
    question's own key, it replaces what was stored for it."""
    if not (csat_left_open(tracker) or csat_left_unscored(tracker)):
        return False
    score = score_in_latest_message(tracker, low=CSAT_MIN, high=CSAT_MAX)
    if score is None:
        return False
    await store_csat(tracker, given=score)
    dispatcher.utter_message(
        response="utter_thanks_csat_low" if is_low(score) else "utter_thanks_csat"
    )
    return True


_TAKING_BACK_YES = frozenset({
    "wait", "actually", "sorry", "solved", "help", "helped", "didnt", "didn't", "fixed",
    "მოიცა", "moica", "ბოდიში", "მომიგვარდა", "მოგვარდა", "დამეხმარა", "mogvarda",
    "սպասեք", "ներողություն", "լուծվեց", "չլուծվեց", "օգնեց", "չօգնեց", "spaseq",
    "ቆይ", "ይቅርታ", "አልተፈታም", "አልረዳኝም", "koy",
})  # fmt: skip
"""Words that take a yes back, beside a "no": wait, actually, sorry, and the words of the
problem not being solved."""


async def take_back_yes(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """After a yes to "Did that solve your problem?", a "no" that takes it back ("no wait,
    it's not solved", "አይ ቆይ አልተፈታም", no wait, it's not solved): the stored answer becomes
    a no (2) with what it says, thanked for, and a person offered; else nothing (``[]``).

    Why: round 20: "No problem!", and the satisfied 4 stayed."""
    since = _after_csat_question(tracker)
    if since is None:
        return []
    answered = next(
        (str(event.get("text") or "") for event in since if event.get("event") == "user"), ""
    )
    text = latest_text(tracker)
    if csat_answer(answered) is not True or not text or text.startswith("/"):
        return []
    given = answer_with_comment(text)
    says_no = csat_answer(text) is False or (given is not None and given[0] is False)
    if not says_no or not _TAKING_BACK_YES.intersection(words_in(text)):
        return []
    comment = given[1] if given is not None else None
    await store_csat(tracker, given=NO_SCORE, given_comment=comment)
    dispatcher.utter_message(response="utter_thanks_csat_low")
    return [FollowupAction(OFFER_HANDOFF)]


class ActionStartNps(Action):
    """Start the NPS survey: always on the customer's request, a campaign's only if allowed.

    A score typed when no question was open ("10", "I'd give you a 9") is a wish to rate us,
    but not yet an answer: the bot says so and asks the 0-10 question, so nothing is stored
    that the customer did not give in answer to it. One said in the question's own words
    ("I'd recommend you, 10") is the answer: the survey starts with it and asks "why?".
    After an NPS answer in the same session such a score changes the stored answer
    (:mod:`bot.actions.survey_revision`), and starts no second survey.

    Sets ``survey_offered``; the rules start ``nps_form`` when it is true and stay silent
    otherwise (a throttled campaign trigger gets no reply at all).
    """

    def name(self) -> str:
        return "action_start_nps"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        services = get_services()
        flusher().kick()
        context = conversation_context(tracker)
        intent, confidence = latest_intent(tracker)
        requested_by_customer = intent != TRIGGER_INTENT
        if intent == SCORE_INTENT and (
            names_no_score(latest_text(tracker))
            or (confidence < DIGRESSION_MIN_CONFIDENCE and shows_no_score(latest_text(tracker)))
        ):
            # «Իսկ 43?» (and 43?) after a question about shoe sizes: no score on either
            # scale, so no wish to rate us; not understood (round 13: the 0-10 question).
            # Nor "ta-ra" (bye), read as a score unsure (round 22: the 0-10 question).
            return [
                SlotSet(OFFERED_SLOT, False),
                *repeat_latest_message(tracker, as_intent=FALLBACK),
            ]
        if intent == SCORE_INTENT and csat_just_thanked(tracker):
            # "no sorry, not 5, 3" right after the CSAT thank-you: a new score for that
            # question, not an answer to "would you recommend us?" (an Amharic shopper's 3
            # was stored as NPS 3); the stored answer is changed and the new score said.
            changed = await change_stored_csat(dispatcher, tracker)
            if changed is None:
                dispatcher.utter_message(response="utter_csat_already_saved")
            return [SlotSet(OFFERED_SLOT, False), *(changed or [])]
        if intent == SCORE_INTENT and await answer_csat_late(dispatcher, tracker):
            # "4" a message after the CSAT question was left for a question: its answer.
            return [SlotSet(OFFERED_SLOT, False)]
        if requested_by_customer and intent != SCORE_INTENT and action_ran(tracker, NPS_SUBMIT):
            # «դե լավ, գները բարձր են» (well ok, prices are high) right after the thanks,
            # "why?" skipped: the reason, not the survey again (round 12).
            late = await add_late_reason(dispatcher, tracker)
            if late is not None:
                return [SlotSet(OFFERED_SLOT, False), *late]
        declined = declined_nps_run(tracker) if intent == SCORE_INTENT else None
        score = score_in(latest_text(tracker)) if declined is not None else None
        if declined is not None and score is not None:
            # "fine, I will answer. 9" a message after "no thanks": the question declined is
            # answered after all, under its run's key (one offer, one answer); "why?" next.
            return [
                SlotSet(OFFERED_SLOT, True),
                SlotSet(SCORE_SLOT, score),
                SlotSet(DECLINED_RUN_SLOT, declined),
            ]
        if intent == SCORE_INTENT and action_ran(tracker, NPS_SUBMIT):
            # Another score after the NPS thank-you changes that answer, not a second survey.
            changed = await change_stored_nps(dispatcher, tracker)
            if changed is None:
                dispatcher.utter_message(response="utter_ok")
            return [SlotSet(OFFERED_SLOT, False), *(changed or [])]
        if not requested_by_customer and not await bot_may_ask(tracker, services, context):
            logger.info("campaign survey for %s not asked (throttled)", tracker.sender_id)
            return [SlotSet(OFFERED_SLOT, False)]
        volunteered = volunteered_nps_score(tracker) if intent == SCORE_INTENT else None
        if intent == SCORE_INTENT and volunteered is None:
            dispatcher.utter_message(response="utter_score_needs_question")
        praise = None
        if intent == FEEDBACK_INTENT:
            praise = await volunteered_praise(tracker, max_chars=comment_limit())
        record_offer(tracker, context, SurveyKind.NPS)
        if volunteered is not None:
            # "I'd recommend you, 10": the answer itself; the form validates it on starting
            # and asks "why?" next (the 0-10 question had been asked again).
            return [SlotSet(OFFERED_SLOT, True), SlotSet(SCORE_SLOT, volunteered)]
        if praise is not None:
            # "you guys are great, love the shop": thanked, and the reason of the survey,
            # so only the score is asked (:mod:`bot.actions.praise`).
            dispatcher.utter_message(response=PRAISE_NOTED)
            return [SlotSet(OFFERED_SLOT, True), SlotSet(REASON_SLOT, praise)]
        return [SlotSet(OFFERED_SLOT, True)]


def names_no_score(text: str) -> bool:
    """Whether a typed message read as giving a score has only numbers that are scores on
    neither scale ("43", "and 43?"); "7 or 8" and "11/10" are about the scale."""
    if not text or text.startswith("/") or _ABOUT_THE_SCALE.search(text):
        return False
    numbers = [int(number) for number in re.findall(r"\d+", text)]
    return bool(numbers) and all(number > NPS_MAX for number in numbers)


def shows_no_score(text: str) -> bool:
    """Whether a typed message has no score in it, in digits or words, on either scale."""
    if not text or text.startswith("/"):
        return False
    return score_in(text) is None and score_in(text, low=CSAT_MIN, high=CSAT_MAX) is None


_ABOUT_THE_SCALE = re.compile(r"/\s*10|out\s+of|from\s+10|ათიდან|10-დან|10-ից|ከአስር", re.I)


def volunteered_nps_score(tracker: Tracker) -> int | None:
    """The score of a message that answers the NPS question unasked, in its own words ("I'd
    recommend you, 10", «խորհուրդ կտամ, 9»), or right after the review answer offered to
    ask how we are doing overall ("2 out of 10", "honestly 4": round 14, asked the question
    first and the 2 lost when the customer went on to complain); ``None`` for a bare score
    anywhere else ("10", "I give you 9"), which may rate anything and is asked the question
    first."""
    text = latest_text(tracker)
    overall = said_before_latest_message(tracker) == REVIEW_ANSWER
    return score_in(text) if rates_us(text) or overall else None


CHANGED_MIND_MESSAGES = 2
"""The customer's messages after leaving the NPS question for a score to still answer it: the
score itself, or one more before it ("actually ok, I'll do it", then "6")."""


def declined_nps_run(tracker: Tracker) -> str | None:
    """The key of the NPS run the customer left unanswered a message or two before the
    latest, under which its dismissed answer is stored; ``None`` if there is none.

    Why: round 17, English and Armenian: "no I meant the survey. I'd give 6", «չէ,
    մտափոխվեցի, 9 եմ դնում» (no, I changed my mind, I'll give 9) right after declining were
    asked the 0-10 question again, and the score had to be typed twice. A score right after
    declining answers the question just declined.

    Left by the skip rule (``action_skip_survey``) or by the form's own reading of a skip
    ("no thanks not now", which the NLU reads as ``deny``: its submit action stores the
    dismissed answer). Round 19: that second way was missed, and "fine, I will answer. 9"
    was taken for another score after a thank-you ("All right!") and lost. The score then
    answering it keeps the run's key, so its dismissed answer becomes the answer, not a
    second row beside it (round 17).
    """
    events = session_events(tracker)
    asked = since_question(events, frozenset({NPS_QUESTION}))
    if asked is None:
        return None
    since = asked[1]
    left = next(
        (
            index
            for index, event in enumerate(since)
            if event.get("event") == "action" and event.get("name") in _LEAVING_NPS
        ),
        None,
    )
    if left is None or parse_score(_last_score(since[:left])) is not None:
        return None  # not left, or left after its score (then a score changes that answer)
    if not 0 < typed_messages(since[left + 1 :]) <= CHANGED_MIND_MESSAGES:
        return None
    until_left = list(tracker.events)[: len(tracker.events) - len(since) + left]
    return run_key(until_left, tracker.sender_id, SurveyKind.NPS.value, NPS_FORM)


_LEAVING_NPS = frozenset({"action_skip_survey", NPS_SUBMIT})


def _last_score(events: list[dict[str, Any]]) -> object:
    """The last value the score slot was given among ``events`` (``None`` if none)."""
    values = [
        event.get("value")
        for event in events
        if event.get("event") == "slot" and event.get("name") == SCORE_SLOT
    ]
    return values[-1] if values else None


NPS_QUESTION = "utter_ask_nps_score"


REVIEW_ANSWER = "utter_review"
"""The answer to wanting to leave a review, which offers to ask how we are doing overall."""


def interrupted(tracker: Tracker, form: str) -> bool:
    """Whether the survey ``form`` was left for a tracking request and not asked again yet.

    A tracking request in place of the score starts the order form, which ends the survey
    (only one form runs at a time): the score was then refused as a stray one ("So that I
    can record your score, please answer this question") or lost; and after "and
    A1000003?" under "Did that solve your problem?" the CSAT question never came back, and
    the "5" typed for it started the NPS survey and was stored as an NPS 5. The survey is
    asked again once, after the answer: never answered, skipped, dismissed or stored
    (its submit action, ``action_skip_survey``) since it started, and started only once in
    this session.
    """
    events = session_events(tracker)
    starts = [
        index
        for index, event in enumerate(events)
        if event.get("event") == "active_loop" and event.get("name") == form
    ]
    if len(starts) != 1:
        return False  # never asked, or asked again already
    endings = {_SUBMITS[form], "action_skip_survey"}
    since = events[starts[-1] :]
    left_for_another_form = any(
        event.get("event") == "active_loop" and event.get("name") not in (None, form)
        for event in since
    )
    return left_for_another_form and not any(
        event.get("event") == "action" and event.get("name") in endings for event in since
    )


DATED_STATUSES = (
    "utter_order_placed",
    "utter_order_processing",
    "utter_order_shipped",
    "utter_order_shipped_untracked",
)
"""An order's statuses that give its estimated delivery date."""


def asks_when_again(tracker: Tracker) -> bool:
    """Whether the answer repeated is an order's status with its estimated delivery date, and
    the customer asked when it comes ("when will it arrive?", «իսկ երբ կհասնի?», "መቼ
    ይደርሳል?"): the date already said is the answer."""
    return any(said_since_latest_message(tracker, name) for name in DATED_STATUSES) and asks_when(
        latest_text(tracker)
    )


class ActionSupportFollowup(Action):
    """Runs after every support answer: takes up the message's second request, else asks
    the CSAT question when the bot may ask.

    A second request in the message just answered ("... Also, can I pay by PayPal?") comes
    first (:mod:`bot.actions.next_request`): the customer gets both answers, then one
    question about them. No CSAT question while another form runs (the answer was a
    digression; the form comes back next), and only with ``CLOSEDLOOP_SUPPORT_SURVEY=csat``.
    Sets ``csat_offered``; the rules start ``csat_form`` when it is true.
    """

    def name(self) -> str:
        return SUPPORT_FOLLOWUP

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        services = get_services()
        flusher().kick()
        next_request = next_request_events(tracker)
        if next_request:
            return [SlotSet(CSAT_OFFERED_SLOT, False), *next_request]
        if not tracker.active_loop_name and interrupted(tracker, NPS_FORM):
            # "where is A1000001?" in place of the score: answered, and the question again.
            dispatcher.utter_message(response="utter_back_to_survey")
            return [SlotSet(CSAT_OFFERED_SLOT, False), FollowupAction(NPS_FORM)]
        if not tracker.active_loop_name and any(
            said_since_latest_message(tracker, answer) for answer in CONTENTS_ANSWERS | PERSON_NEXT
        ):
            # An item missing, wrong or broken in a delivered parcel (round 18), a double
            # charge (round 21): a person puts it right, so one is offered, not "Did that
            # solve your problem?".
            return [SlotSet(CSAT_OFFERED_SLOT, False), FollowupAction(OFFER_HANDOFF)]
        if tracker.active_loop_name in (None, CSAT_FORM) and repeats_an_answer(tracker):
            # Asked again after the same answer: it did not help, a person may. "Did that
            # solve your problem?" is not asked again: the question left open is dismissed.
            ended: list[EventType] = []
            if tracker.active_loop_name == CSAT_FORM:
                await finish_csat(dispatcher, tracker, say=False)
                ended = end_of_form(CSAT_FORM, CSAT_SLOTS)
            if asks_when_again(tracker):
                # "when will it arrive?" after the date was given: that date is all anyone
                # has, said so, and no person offered for it (round 20, every language)
                dispatcher.utter_message(response="utter_estimate_is_latest")
                return [*ended, SlotSet(CSAT_OFFERED_SLOT, False)]
            dispatcher.utter_message(response="utter_same_answer_again")
            return [*ended, SlotSet(CSAT_OFFERED_SLOT, False), FollowupAction(OFFER_HANDOFF)]
        if services.settings.support_survey != "csat" or tracker.active_loop_name:
            return [SlotSet(CSAT_OFFERED_SLOT, False)]
        if interrupted(tracker, CSAT_FORM):
            # "and A1000003?" in place of the CSAT answer: asked again, about this answer
            # too (the offer was counted the first time).
            return [SlotSet(CSAT_OFFERED_SLOT, True)]
        context = conversation_context(tracker)
        if not await bot_may_ask(tracker, services, context):
            return [SlotSet(CSAT_OFFERED_SLOT, False)]
        record_offer(tracker, context, SurveyKind.CSAT)
        return [SlotSet(CSAT_OFFERED_SLOT, True)]


class ActionOfferSurveyAtEnd(Action):
    """On "thanks"/"bye" after a support answer, offer the NPS survey if the bot may ask.

    Sets ``survey_offered``; the rules then say the offer, or simply "You're welcome" /
    "Goodbye" as before.
    """

    def name(self) -> str:
        return "action_offer_survey_at_end"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        services = get_services()
        flusher().kick()
        if services.settings.support_survey == "none" or not action_ran(tracker, SUPPORT_FOLLOWUP):
            return [SlotSet(OFFERED_SLOT, False)]
        context = conversation_context(tracker)
        if not await bot_may_ask(tracker, services, context):
            return [SlotSet(OFFERED_SLOT, False)]
        record_offer(tracker, context, SurveyKind.NPS)
        return [SlotSet(OFFERED_SLOT, True)]


# A "skip" longer than this is a reason the NLU mistook for skipping ("stop sending me
# emails about every order, it is too much"): keep it rather than lose it.
_MAX_SKIP_WORDS = 5
# The rules answer these after the survey is stored ("bye" -> goodbye, a person asked for ->
# action_handoff), so ending the survey says nothing of its own.
_ANSWERED_BY_RULES = frozenset({"goodbye", "thank"} | PERSON_INTENTS)


_MAX_PERSON_REQUEST_WORDS = 3
"""A request for a person in answer to "why?" is the reason when it says more than "a person
please": "nobody answers the phone", "i could never get through to a real person, your
support is useless" (round 8: read as asking for a person, the reason lost)."""


def _reason_behind(tracker: Tracker, intent: str | None, confidence: float) -> str | None:
    """The words that ended the survey, when they are the reason the survey asked for.

    A complaint, or a sentence the NLU read as asking for a person, typed as the answer to
    "what is the main reason for your score?" is that reason ("ABSOLUTELY UNACCEPTABLE...
    never again"), and under "What was missing?" what was missing ("the item was never used,
    i want to speak to a real person": round 14, stored without it): it is stored with the
    score, so the follow-up rule reads it, as well as handed to a person. So is a "goodbye"
    the NLU is unsure of: a short reason in words the model half-knows ("Արագ առաքում", fast
    delivery, read as goodbye at 0.40) must not be lost, nor a reason the model is sure is a
    goodbye or thanks ("ყველაფერი კარგად იყო", everything was fine: კარგად is also "bye"),
    when it says more than thanks and goodbye; a clear "bye" is no reason.
    """
    text = latest_text(tracker)
    ends = intent in ("goodbye", "thank")
    if tracker.get_slot(REQUESTED_SLOT) in (REASON_SLOT, CSAT_COMMENT_SLOT) and (
        intent == "complaint"
        or (
            intent in PERSON_INTENTS
            and len(without_person_request(text).split()) > _MAX_PERSON_REQUEST_WORDS
        )
        or (ends and (confidence < DIGRESSION_MIN_CONFIDENCE or says_more_than_goodbye(text)))
    ):
        return clean_reason(text, max_chars=comment_limit())
    if intent != "skip" or len(text.split()) <= _MAX_SKIP_WORDS:
        return None
    return clean_reason(text, max_chars=comment_limit())


class ActionSkipSurvey(Action):
    """The customer said "skip"/"stop"/"not now" (or "bye", or asked for a person) during a
    survey: end it politely.

    Whatever was answered is kept: before a score the survey is stored as dismissed (it
    counts as offered, not answered); after the score only the rest is skipped and the score
    is stored, with the reason, consent and e-mail given so far. A long "skip" is a reason
    the NLU misread, and a complaint in answer to the reason question is the reason: both
    are kept as the reason when none was given yet.
    """

    def name(self) -> str:
        return "action_skip_survey"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent, confidence = latest_intent(tracker)
        say = intent not in _ANSWERED_BY_RULES
        events: list[Any]
        if tracker.active_loop_name == CSAT_FORM and cancels_the_order_just_named(tracker):
            # "no, cancel it" after an order's status, read as a skip or a complaint
            cancel = await take_up_cancelling(dispatcher, tracker)
            return [*end_of_form(CSAT_FORM, CSAT_SLOTS), *cancel]
        if tracker.active_loop_name == CSAT_FORM and intent == "skip":
            if asks_instead_of_answering(tracker):  # "and if it doesn't come?" (0.65)
                return [*end_of_form(CSAT_FORM, CSAT_SLOTS), *take_up_unanswered_question(tracker)]
        if tracker.active_loop_name == CSAT_FORM and says_not_solved_instead(tracker):
            # "አሁንም አልደረሰኝም" (it still hasn't reached me), read as a skip: a no with its
            # words, and a person offered (round 13: stored as dismissed, "no problem!").
            comment = clean_reason(latest_text(tracker), max_chars=comment_limit())
            offer = await finish_csat(
                dispatcher, tracker, say=True, given=NO_SCORE, given_comment=comment
            )
            followup = [FollowupAction(OFFER_HANDOFF)] if offer else []
            return [*end_of_form(CSAT_FORM, CSAT_SLOTS), *followup]
        if tracker.active_loop_name == CSAT_FORM and intent == "skip":
            if names_a_person(latest_text(tracker)):
                # "sew aganagn" (connect me to a person), read as a skip (round 18: dropped)
                await finish_csat(dispatcher, tracker, say=False)
                person = repeat_latest_message(tracker, as_intent=HUMAN_AGENT_INTENT)
                return [*end_of_form(CSAT_FORM, CSAT_SLOTS), *person]
        scored = a_score_with_words(latest_text(tracker)) if intent == "skip" else None
        if tracker.active_loop_name == CSAT_FORM and scored:
            # "ሁለት። ጥያቄዬን አልመለስክም" (two. you didn't answer my question), read as a skip: the
            # score with its words (round 18: dismissed), and a person offered if it is low.
            offer = await finish_csat(
                dispatcher, tracker, say=True, given=scored[0], given_comment=scored[1]
            )
            followup = [FollowupAction(OFFER_HANDOFF)] if offer else []
            return [*end_of_form(CSAT_FORM, CSAT_SLOTS), *followup]
        no_with_words = a_no_with_words(latest_text(tracker)) if intent == "skip" else None
        if tracker.active_loop_name == CSAT_FORM and no_with_words:
            # "არა, მე რეფანდზე გკითხეთ" (no, I asked about the refund), read as a skip: a no
            # with its words, and a person offered (round 16: dismissed, "no problem!").
            offer = await finish_csat(
                dispatcher, tracker, say=True, given=NO_SCORE, given_comment=no_with_words
            )
            followup = [FollowupAction(OFFER_HANDOFF)] if offer else []
            return [*end_of_form(CSAT_FORM, CSAT_SLOTS), *followup]
        if tracker.active_loop_name == CSAT_FORM:
            given = answer_in_ending(tracker, yes_or_no=intent in ("thank", "goodbye"))
            comment = _reason_behind(tracker, intent, confidence)
            await finish_csat(dispatcher, tracker, say=say, given=given, given_comment=comment)
            events = end_of_form(CSAT_FORM, CSAT_SLOTS)
            if announces_more_questions(latest_text(tracker)):
                # "አዎ አመሰግናለሁ፣ አንድ ተጨማሪ ጥያቄ አለኝ" (yes, thanks, I have one more
                # question), read as thanks: the yes kept, and the question asked for
                # (round 13: stored as dismissed, and only "you're welcome").
                dispatcher.utter_message(response=ASK_YOUR_QUESTION)
                events.append(FollowupAction("action_listen"))
        elif intent in PERSON_INTENTS and await contact_given_instead(tracker):
            # The contact answers the survey ("yes my email is ..."): stored with it, and
            # the promise names it; no second case, so the rules' handoff does not run.
            await finish_nps(dispatcher, tracker, comment=tracker.get_slot(REASON_SLOT), say=True)
            return [*end_of_form(NPS_FORM, NPS_SLOTS), FollowupAction("action_listen")]
        else:
            given = tracker.get_slot(REASON_SLOT)
            reason = given or _reason_behind(tracker, intent, confidence)
            # "ყველაფერი კარგად იყო" (everything was fine) read as goodbye is the reason:
            # thanked for it before the rules' goodbye, not only said goodbye to.
            thank_for_reason = intent == "goodbye" and not given and reason is not None
            await finish_nps(dispatcher, tracker, comment=reason, say=say or thank_for_reason)
            events = end_of_form(NPS_FORM, NPS_SLOTS)
        return events
