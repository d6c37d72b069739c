"""The CSAT question after a support answer: "Did that solve your problem?", 1-5.

``csat_form`` asks ``csat_score`` (``action_ask_csat_score``, buttons 1-5) and, for a low
score only, ``csat_comment`` ("What was missing?"); ``action_submit_csat`` stores the answer
and thanks the customer. Whether to ask at all is decided by ``action_support_followup``
(``bot/actions/survey_flow.py``).

Yes/no answers are scored, so a customer who just types "yes" is not asked for a number:

* **yes = 4** ("satisfied"): the problem is solved, which is what satisfaction % (answers of
  4 or 5) counts; we do not claim "very satisfied" (5) for a bare yes.
* **no = 2** ("dissatisfied"): unsolved, which is a low score (opens a follow-up case at the
  default ``CLOSEDLOOP_CSAT_FLAG_MAX_SCORE=2``) and asks what was missing; not the extreme
  (1), which the customer did not say.

So the satisfaction % of yes/no answers is exactly the share of "yes", and the 1-5
distribution never shows extremes nobody chose.

A score, a yes or a no with what went wrong ("no, the link is broken") keeps the words as
the comment (:mod:`bot.actions.answer_with_reason`), so "What was missing?" is not asked for
what the customer just wrote.

Only a yes or a no the customer clearly gave is scored (:func:`bot.actions.survey.yes_or_no`):
a message the NLU did not understand, was unsure of, or read as something else (a request
in another language) is asked again once, and a second one ends the question as dismissed.
No score is ever stored for words that were not one, with one reading of words as a no: a
clearly negative statement in place of the answer ("but the reset email never comes") is
a no (2) with the words as its comment (:meth:`ValidateCsatForm.complains_instead`). A
question in place of the answer leaves it unanswered, nothing stored, and is answered as a
message of its own (:func:`asks_instead_of_answering`); a question about the scale ("what
does 1 mean?") is explained and the question asked again.
"""

from __future__ import annotations

import re
from typing import Any, Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.answer_with_reason import (
    answer_and_reason,
    reason_beside_correction,
    reason_then_answer,
    says_it_failed,
    says_not_at_all,
    yes_or_no_then_more,
)
from bot.actions.context import (
    handled_since_latest_message,
    latest_intent,
    latest_text,
    responses_before_latest_message,
    responses_in_loop_run,
    said_since_latest_message,
)
from bot.actions.forms import CONVERSATION_INTENTS, DIGRESSION_MIN_CONFIDENCE, REQUESTED_SLOT
from bot.actions.negative_text import SentimentReads, reads_clearly_negative
from bot.actions.next_request import (
    HUMAN_AGENT_INTENT,
    OFFER_HANDOFF,
    asks_for_person,
    asks_support_question,
    asks_support_request,
    asks_to_track,
    repeat_latest_message,
    take_up_person_request,
    take_up_question,
    take_up_tracking_request,
    take_up_unanswered_question,
)
from bot.actions.not_solved import says_not_solved
from bot.actions.order_follow_ups import order_just_named
from bot.actions.parsing import (
    CSAT_MAX,
    CSAT_MIN,
    TAKING_BACK,
    THANKS,
    agreed_score,
    asks_about_the_scale,
    asks_after_acknowledging,
    asks_what_is_meant,
    clean_reason,
    corrected_score,
    has_digits,
    looks_like_question,
    offered_scores,
    only_acknowledges,
    opens_with_acknowledgement,
    parse_csat_words,
    parse_score,
    parse_yes_no,
    quits,
)
from bot.actions.praise import volunteered_praise
from bot.actions.services import get_services
from bot.actions.survey import (
    CSAT_FORM,
    EXPLAIN_REASON,
    PICK_ONE_SCORE,
    SCORE_CHANGED,
    UNCLEAR,
    SurveyFormValidation,
    comment_limit,
    score_buttons,
    score_from_message,
    store_answer,
    yes_or_no,
)
from bot.changed_plans import changes_mind, takes_back_cancelling
from bot.contacts import contact_volunteered
from bot.corrections import says_misunderstood
from bot.message_words import asks_why, words_in
from bot.non_answers import says_nothing
from bot.order_numbers import find_order_number
from bot.sarcasm import sounds_sarcastic
from feedback_api.policy import SurveyKind

ASK_YOUR_QUESTION = "utter_ask_your_question"
MISUNDERSTOOD = "utter_misunderstood"
MISUNDERSTOOD_ASK = "utter_misunderstood_ask"
CSAT_SCORE_SLOT = "csat_score"
SORRY_NOT_HELPED = "utter_sorry_not_helped"
CSAT_COMMENT_SLOT = "csat_comment"
CSAT_SLOTS = (CSAT_SCORE_SLOT, CSAT_COMMENT_SLOT)
YES_SCORE = 4
NO_SCORE = 2


_RETRIES = ("utter_csat_did_it_solve", "utter_invalid_csat", "utter_csat_sorry_if_not")
EXPLAIN_CSAT_SCALE = "utter_explain_csat_scale"
"""The question asked again after "ok", and after anything else that is no answer."""


def is_low(score: int) -> bool:
    """A score that opens a case (``csat_flag_max_score``) and asks what was missing."""
    return score <= get_services().settings.csat_flag_max_score


class ActionAskCsatScore(Action):
    """Ask "Did that solve your problem?" with buttons 1-5 (built here, see score_buttons)."""

    def name(self) -> str:
        return "action_ask_csat_score"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if said_since_latest_message(tracker, PICK_ONE_SCORE):
            return []  # "4 or 5": the two buttons just offered are the question
        dispatcher.utter_message(
            response="utter_ask_csat_score", buttons=score_buttons(CSAT_MIN, CSAT_MAX)
        )
        return []


def csat_from_message(tracker: Tracker, slot_value: Any) -> int | None:
    """A 1-5 score, or yes (4) / no (2); ``None`` when the message is neither."""
    if announces_more_questions(latest_text(tracker)):  # "yes thanks, one more question"
        said = without_more_questions(latest_text(tracker))
        given = csat_answer(said)
        given = solved_after_thanks(said) if given is None else given
        return None if given is None else as_csat_score(given)
    score = score_from_message(tracker, slot_value, low=CSAT_MIN, high=CSAT_MAX)
    if score is None:
        score = parse_csat_words(latest_text(tracker))
    if score is not None:
        return score
    if only_acknowledges(latest_text(tracker)):
        return None  # "ok": read, not solved; asked again
    answer: int | bool | None = yes_or_no(tracker, slot_value)
    if answer in (None, False) and says_not_at_all(latest_text(tracker)):
        return CSAT_MIN  # "საერთოდ არ დამეხმარა" (it didn't help at all), as the scale says
    if answer is None and says_it_failed(latest_text(tracker)):
        answer = False  # "አልፈታውም" (it didn't solve it), in the question's own words
    if answer is None:
        answer = solved_after_thanks(latest_text(tracker))  # "სუპერ", "ძაან კაი" (great)
    return None if answer is None else as_csat_score(answer)


def asks_instead_of_answering(tracker: Tracker) -> bool:
    """Whether the latest message asks something instead of answering "Did that solve your
    problem?": a question ("and if it doesn't come?", "რატო?" (why?), «իսկ ինչքա՞ն արժե»,
    "ካልመጣስ?") with no score, yes or no in it, before any score was given.

    Why: shoppers' follow-up questions had been stored as answers: "რატო" read as a yes
    (a CSAT of 4 nobody gave), "and if it doesnt come?" read as a skip (dismissed), and the
    rest asked "please pick a number" twice and dismissed. Such a question leaves the CSAT
    question unanswered, with nothing stored, and is answered as a message of its own
    (:func:`~bot.actions.next_request.take_up_unanswered_question`); the next support answer
    asks again.
    """
    if parse_score(tracker.get_slot(CSAT_SCORE_SLOT), low=CSAT_MIN, high=CSAT_MAX) is not None:
        return False
    if asks_for_the_survey(tracker):
        return True
    text = latest_text(tracker)
    if text and not text.startswith("/") and names_another_order(text):
        return True  # "and for A1000001 too pls", «իսկ A1000006-ի համար?»: a new request
    if not text or text.startswith("/") or not looks_like_question(text) or quits(text):
        return False
    if says_nothing(text) or _asks_about_the_digits(text):
        return False  # "hmm?" is asked again; "what does 1 mean?" explained (the form)
    if offered_scores(text, low=CSAT_MIN, high=CSAT_MAX) is not None:
        return False  # "4 or 5?": asked to pick one (the form)
    if asks_after_acknowledging(text) and parse_score(text, low=CSAT_MIN, high=CSAT_MAX) is None:
        return True  # "እሺ መቼ ይደርሰኛል" (ok, when will it reach me?): the "ok" is no yes
    return (
        csat_answer(text) is None
        and answer_with_comment(text) is None
        and solved_after_thanks(text) is None
        and not says_it_failed(text)
    )


_SURVEY_INTENTS = frozenset({"give_feedback", "start_nps"})


async def praises_instead(tracker: Tracker, reads: SentimentReads) -> str | None:
    """The latest message as the CSAT comment when, in place of a yes, a no or a score, it is
    praise ("አሪፍ ነው በጣም ደስ ብሎኛል", great, I'm very happy; «ամեն ինչ պարզ է, շատ լավ
    բացատրեցիք», all clear, you explained very well): a yes (4) with its words.

    Why: round 16: such praise, read as wanting to give feedback, left the CSAT question
    unanswered and started the NPS survey; nothing was stored for the answer it praised.
    A question, an answer in words, or a request to rate us is not this
    (:func:`~bot.actions.praise.volunteered_praise`)."""
    text = latest_text(tracker)
    if looks_like_question(text) or csat_answer(text) is not None or sounds_sarcastic(text):
        return None
    if answer_with_comment(text) is not None:
        return None
    return await volunteered_praise(tracker, max_chars=comment_limit(), reads=reads)


def asks_for_the_survey(tracker: Tracker) -> bool:
    """Whether the latest message asks to give feedback ("i want to give feedback", the
    review answer's "Rate us" button tapped late) in place of the CSAT answer: the CSAT
    question is left unanswered and the NPS survey starts (round 11: "Sorry, I didn't catch
    that. Please pick a number from 1 to 5", and a 9 typed next ended both)."""
    intent, confidence = latest_intent(tracker)
    text = latest_text(tracker)
    return intent in _SURVEY_INTENTS and (
        text.startswith("/") or confidence >= DIGRESSION_MIN_CONFIDENCE
    )


def _asks_about_the_digits(text: str) -> bool:
    """A question about a number of the scale, typed in digits ("what does 1 mean?"); "and
    the other one?" names no score, «իսկ A1000006-ի համար?» an order."""
    return has_digits(text) and find_order_number(text) is None and asks_about_the_scale(text)


_DISPUTES = re.compile(
    r"\b(?:why|disagree|not\s+fair|unfair|never\s+used|didn'?t\s+use|did\s+not\s+use"
    r"|wasn'?t\s+used|it\s+was\s+new)\b"
    r"|რატომ|რატო|არ\s+ვეთანხმები|არ\s+გამომიყენებია|ახალი\s+იყო|ratom|rato\b"
    r"|ինչու|համաձայն\s+չեմ|չեմ\s+օգտագործել|նոր\s+էր|inchu"
    r"|ለምን|አልስማማም|አልተጠቀምኩበትም|አልተጠቀምኩም|አዲስ\s+ነበር|lemin",
    re.IGNORECASE,
)
"""Disputing a refused refund: asking why, disagreeing, saying the item was not used."""


def disputes_refund_refusal(tracker: Tracker) -> bool:
    """Whether the latest message, just after the bot said a refund was refused, disputes
    it ("ለምን ተከለከለ? ዕቃውን አልተጠቀምኩበትም", why was it refused? I didn't use the item;
    «ինչու՞ են մերժել, ես այն չեմ օգտագործել»).

    Why: round 12, every language: the refusal says "if you disagree, just ask for a
    person", and the customer who disagreed got "pick a number from 1 to 5", "not
    understood" or the card troubleshooting, and no case. Such a message leaves the CSAT
    question unanswered and is read as asking for a person (the handoff opens a case)."""
    text = latest_text(tracker)
    if not text or text.startswith("/") or _DISPUTES.search(text) is None:
        return False
    said = responses_before_latest_message(tracker, 3)
    return any(name.startswith("utter_refund_rejected") for name in said)


def a_no_with_words(text: str) -> str | None:
    """The words after a "no" that opens a sentence the NLU read as a skip ("არა, მე
    რეფანდზე გკითხეთ", no, I asked about the refund; "არა, სხვა რამე გკითხეთ", no, I asked
    something else), else ``None``: a no with its words, not leaving the question.

    Why: round 16 (Georgian): stored as dismissed, and "no problem, thanks for your time!"
    to a customer whose question had not been answered. "No, thanks!" and "no, not now"
    still leave (:func:`~bot.actions.parsing.quits`)."""
    if not text or text.startswith("/") or quits(text):
        return None
    given = answer_with_comment(text)
    if given is None or given[0] is not False or not given[1]:
        return None
    return clean_reason(given[1], max_chars=comment_limit())


def a_score_with_words(text: str) -> tuple[int, str] | None:
    """A 1-5 score opening a sentence the NLU read as a skip ("ሁለት። ጥያቄዬን አልመለስክም", two.
    you didn't answer my question), with its words; else ``None``.

    Why: round 18 (Amharic): stored as dismissed, with "no problem, thanks for your time!"."""
    if not text or text.startswith("/") or quits(text):
        return None
    given = answer_with_comment(text)
    if given is None or isinstance(given[0], bool) or not given[1]:
        return None
    comment = clean_reason(given[1], max_chars=comment_limit())
    return (given[0], comment) if comment else None


def says_not_solved_instead(tracker: Tracker) -> bool:
    """Whether the latest message, in place of a yes, a no or a score, says in a sentence
    that the problem is still there (:mod:`bot.actions.not_solved`); a question, an
    answer ("no, the link does not open": the no and its words) are read as such instead."""
    text = latest_text(tracker)
    if not says_not_solved(text) or looks_like_question(text):
        return False
    return csat_answer(text) is None and answer_with_comment(text) is None


_CANCEL_IT = re.compile(
    r"(?:(?:no|nope|nah|then|ok|okay|so)\b[\s,.!]*)*(?:please\s+|pls\s+)?"
    r"cancel\s+(?:it|this|that|(?:the|this|that|my)\s+order|order)"
    r"(?:\s+(?:then|please|pls|now|instead))*",
    re.IGNORECASE,
)
"""A request to cancel "it" in English, the whole message (the NLU reads "cancel it" as a skip,
and "cancel this" does leave a survey)."""
_CANCEL_PLEASE = re.compile(
    r"(?<![\w-])(?:(?:just|then|please|so)\s+)*cancel\s+(?:it|this|that|(?:the|this|that|my)\s+"
    r"order|order|[a-z]?\d{5,})(?:\s+(?:then|please|pls|now|instead))*[\s.!]*$"
    r"|გააუქმეთ|გამიუქმეთ|gaauqmet|gamiuqmet|gaaukmet|gamiukmet"
    r"|չեղարկեք|chexarkeq|chegharkeq"
    r"|ሰርዙት|ሰርዙልኝ|ሰርዙልን|serzut|serzulign",
    re.IGNORECASE,
)
"""Asking us to cancel, ending a sentence ("it's too slow, just cancel it") or in the polite
imperative (Georgian, Armenian, Amharic, and in Latin letters)."""
_NOT = re.compile(r"\b(?:don'?t|do\s+not|not|never)\s+cancel|არ\s+გა|մի\s+չեղարկ|አትሰርዙ", re.I)
CANCEL_ORDER_INTENT = "cancel_order"


def cancels_the_order_just_named(tracker: Tracker) -> bool:
    """Whether the latest message, under the CSAT question after an answer about an order,
    asks us to cancel that order or the one it names ("no, cancel it", "cancel it then",
    "არა. მაშინ A1000003 გამიუქმეთ", "voch, chexarkeq ayn", "አይ በጣም ይዘገያል በቃ ሰርዙት").

    Why: rounds 15 and 16, every language: "no, cancel it" after A1000001's status answered
    "No problem, thanks for your time!" (the NLU reads "cancel it" as leaving the survey, as
    under the NPS question it would be), and the others were stored as a 2 with a person
    offered, or opened an urgent complaint, and nothing was cancelled. "It" is the order
    (:func:`order_just_named`); the request is answered for it, and a "no" kept as the answer.
    """
    text = latest_text(tracker).strip(" .!?")
    if not text or text.startswith("/") or _NOT.search(text):
        return False
    if _CANCEL_IT.fullmatch(text) is None and _CANCEL_PLEASE.search(text) is None:
        return False
    return find_order_number(text) is not None or order_just_named(tracker) is not None


MAX_CSAT_ASKS = 2
"""How often "Did that solve your problem?" is asked in one run of the form: once, and once
more after another question was answered in between."""


def csat_passed_over(tracker: Tracker) -> bool:
    """Whether the CSAT question, asked :data:`MAX_CSAT_ASKS` times already, was passed over
    again for another question (the form is back after answering it) with no answer given.

    Why: round 17, English and Amharic: asked after every answer in between ("you keep asking
    me that"), three times in three turns. Passed over twice, it is not asked a third time:
    stored as dismissed, quietly, and the conversation goes on.
    """
    if parse_score(tracker.get_slot(CSAT_SCORE_SLOT), low=CSAT_MIN, high=CSAT_MAX) is not None:
        return False
    if not handled_since_latest_message(
        tracker, ignore=(CSAT_FORM, "action_listen", "action_extract_slots")
    ):
        return False  # the latest message is the form's to read
    return responses_in_loop_run(tracker, CSAT_FORM)["utter_ask_csat_score"] >= MAX_CSAT_ASKS


def a_yes_for_a_person(tracker: Tracker) -> bool:
    """Whether the latest message, under the CSAT question, is a yes that agrees to needing a
    person ("ha, uzum em operatori het xosel", yes, I want to talk to an operator): no
    satisfied answer, and the person is asked for.

    Why: round 17: a customer charged twice, asked "Did that solve your problem?", wrote that,
    and was stored as satisfied (4) before being handed over. A score in digits is a score.
    """
    text = latest_text(tracker)
    if not text or text.startswith("/") or has_digits(text):
        return False
    given = answer_with_comment(text)
    answer = csat_answer(text) if given is None else given[0]
    return answer is True and asks_for_person(tracker)


async def take_up_cancelling(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """After :func:`cancels_the_order_just_named`: its "no" stored and thanked for (no
    person offered: the request is answered next), and the message again as cancelling the
    order. "cancel it then" answers nothing, and nothing is stored."""
    text = latest_text(tracker)
    given = answer_with_comment(text)
    if parse_yes_no(text) is False or (given is not None and given[0] is False):
        await finish_csat(dispatcher, tracker, say=True, given=NO_SCORE, request_next=True)
    return repeat_latest_message(tracker, as_intent=CANCEL_ORDER_INTENT)


def asks_what_was_missing(tracker: Tracker) -> bool:
    """Whether the latest message, under "What was missing?", is a support question the NLU
    is sure of (not a request to track an order, which the order form takes up as before).

    Why: round 13: "can you deliver to Tbilisi?" was answered as a digression and "What was
    missing?" asked again; "I just told you" then ended the chat, and the answer was stored
    without its comment. The question is the comment, and it is answered."""
    return asks_support_question(tracker) and not asks_to_track(tracker)


def not_solved_answer(text: str) -> list[EventType]:
    """The slots of a no (2) whose comment is the customer's whole message."""
    return [
        SlotSet(CSAT_SCORE_SLOT, NO_SCORE),
        SlotSet(CSAT_COMMENT_SLOT, clean_reason(text, max_chars=comment_limit())),
    ]


def names_another_order(text: str) -> bool:
    """Whether a message under the CSAT question names an order and gives no score: a
    request about it ("and for A1000001 too pls" after an invoice answer), not an answer.
    Round 12, every language: it had been told to pick a number from 1 to 5, or what the
    scale's 1 means."""
    return (
        find_order_number(text) is not None
        and csat_answer(text) is None
        and answer_with_comment(text) is None
    )


KEPT_ANSWERS: Final = {
    "utter_cancel_order": "utter_cancelling_taken_back",
    "utter_delete_account": "utter_account_kept",
}
"""The answers that say how to end something, and what keeping it is answered with."""
_KEPT_LOOKBACK = 3
"""The bot's messages before the reply that are read for such an answer: the CSAT question,
and the answer (and a status before it, "A1000003 is being packed" then how to cancel)."""


def keeps_it_instead(tracker: Tracker) -> str | None:
    """The response for a change of mind typed under the CSAT question right after the
    answer about cancelling an order or deleting the account (``KEPT_ANSWERS``): "არა, ჯობია
    არ წავშალო" (no, I'd better not delete it), «չէ, մտածեցի, թող մնա» (no, I thought it
    over, let it stay), "አይ ተውው አልሰርዝም" (no, leave it, I won't cancel); else ``None``.

    Why: round 22, every language: its "no" was stored as a CSAT 2, a case was opened, and
    the customer was told "we'll look into it" and offered a person; what they asked with
    it ("just turn off the promo e-mails") went unanswered. It answers no question of ours.
    """
    if not changes_mind(latest_text(tracker)):
        return None
    for name in responses_before_latest_message(tracker, _KEPT_LOOKBACK):
        for answer, kept in KEPT_ANSWERS.items():
            if name.startswith(answer):
                return kept
    return None


ANOTHER_REQUEST_MIN_CONFIDENCE: Final = 0.9
_TOPICS: Final = (
    frozenset(
        {
            "track_order", "track_refund", "get_refund", "check_refund_policy", "cancel_order",
            "change_order", "change_shipping_address", "set_up_shipping_address",
            "delivery_period", "delivery_options", "check_cancellation_fee", "ask_if_late",
        }
    ),
    frozenset(
        {
            "create_account", "delete_account", "edit_account", "recover_password",
            "registration_problems", "switch_account", "newsletter_subscription",
        }
    ),
    frozenset(
        {"check_payment_methods", "payment_issue", "check_invoice", "get_invoice", "place_order"}
    ),
)  # fmt: skip
"""Orders and their delivery, the account, paying: a request of another topic than the
answer's, under "Did that solve your problem?", is a new request ("I never got the
confirmation e-mail either" after an order's status), not what the answer missed."""
_ANOTHER_MATTER: Final = re.compile(
    r"\b(?:btw|by\s+the\s+way|another\s+(?:question|problem|issue|thing)"
    r"|(?:a\s+)?(?:different|separate|unrelated)\s+(?:question|problem|issue|thing))\b"
    r"|სხვა\s+(?:კითხვა|პრობლემა|საკითხი|საქმე)|კიდევ\s+ერთი\s+(?:კითხვა|პრობლემა)"
    r"|(?:ուրիշ|այլ|մեկ\s+այլ)\s+(?:հարց|խնդիր)|(?:ևս|եւս|էլի)\s+մեկ\s+(?:հարց|խնդիր)"
    r"|ሌላ\s+(?:ጥያቄ|ችግር|ነገር)|ተጨማሪ\s+(?:ጥያቄ|ችግር)",
    re.IGNORECASE,
)
_MIN_MATTER_WORDS: Final = 2


def _topic(intent: str | None) -> frozenset[str] | None:
    return next((topic for topic in _TOPICS if intent in topic), None)


def announces_another_request(tracker: Tracker) -> bool:
    """Whether the reply to "Did that solve your problem?" says it brings another matter
    and goes on to say what, with no yes or score before it: "ok, another question: the
    coupon code doesn't work", "btw my discount code isn't working", "አይ፣ ሌላ ችግር አለኝ፤
    ..." (no, I have another problem: ...).

    Why: round 22, every language: such messages were stored as a CSAT 2 (or a 4 from the
    "ok" before them) that the customer never gave, opened a case, and were answered "we'll
    look into it". The question is ended as dismissed, and the message read as a request
    (``action_submit_csat``).
    """
    text = latest_text(tracker)
    announced = _ANOTHER_MATTER.search(text) if text and not text.startswith("/") else None
    if announced is None:
        return False
    before, after = text[: announced.start()], text[announced.end() :]
    given = csat_answer(before.strip(" ,.:;!-")) if words_in(before) else None
    return len(words_in(after)) >= _MIN_MATTER_WORDS and given in (None, False)


def corrects_the_request(tracker: Tracker) -> bool:
    """Whether the reply to "Did that solve your problem?" says the answer was to something
    the customer did not ask (:func:`bot.corrections.says_misunderstood`): "No, that's not
    what I asked. I want to RETURN something.", "არა, ეგ არა, თანხის დაბრუნება მაინტერესებს"
    (no, not that, I'm asking about the refund), and gives no score ("no, I meant 4"
    corrects the score) nor order (the order named is looked up, :func:`names_another_order`).

    Why: round 23, every language: such replies were stored as a "no" to an answer the
    customer never asked for, answered "we'll look into it", and what they asked was lost.
    The question is ended as dismissed, and the request read again (``action_submit_csat``).
    """
    text = latest_text(tracker)
    if not text or text.startswith("/") or not says_misunderstood(text):
        return False
    return (
        find_order_number(text) is None  # "no, I meant A1000007": the order looked up instead
        and corrected_score(text, low=CSAT_MIN, high=CSAT_MAX) is None
        and parse_score(text, low=CSAT_MIN, high=CSAT_MAX) is None
    )


def asks_about_another_topic(tracker: Tracker) -> bool:
    """Whether the NLU is sure the reply to "Did that solve your problem?" is a request of
    another topic than the answer's (:data:`_TOPICS`): "actually I never got the
    confirmation email for it either" after an order's status is a new request, answered as
    one (the form's digression), not a "no" to the order's answer (round 22: stored as a 2,
    with a case, and never answered). Of the same topic, "no, it still hasn't arrived" after
    an order's status is what the answer missed."""
    intent, confidence = latest_intent(tracker)
    topic = _topic(intent)
    if topic is None or confidence < ANOTHER_REQUEST_MIN_CONFIDENCE:
        return False
    return topic is not _topic(answered_intent(tracker))


def csat_answer(text: str) -> int | bool | None:
    """A 1-5 score (digits, or words: "completely", "partly"), else a yes (``True``) or a
    no (``False``), typed alone; "not sure" and "ok" (:func:`only_acknowledges`) are none
    of them."""
    if only_acknowledges(text) or text.strip(" .!").casefold() in _PLEASE:
        return None
    score = parse_score(text, low=CSAT_MIN, high=CSAT_MAX)
    if score is None:
        score = parse_csat_words(text)
    if score is not None:
        return score
    answer = None if opens_with_acknowledgement(text) else parse_yes_no(text)
    return False if answer is None and says_it_failed(text) else answer


_PLEASE = frozenset({"please", "pls", "plz", "გთხოვთ", "խնդրում եմ", "እባክዎ", "እባክህ"})
"""A "please" alone is no yes to "Did that solve your problem?" (round 16: stored as a 4
after the question was asked again), whatever it means to a yes/no offer."""


def answer_with_comment(text: str) -> tuple[int | bool, str | None] | None:
    """The answer and what the customer wrote with it: "no, the link is broken" (the words
    after the answer), or "no it still hasn't arrived" (a no that opens a sentence, the whole
    message); ``None`` for anything else."""
    given = answer_and_reason(text, csat_answer) or reason_then_answer(text, csat_answer)
    if given is not None and isinstance(given[0], bool):
        scale = parse_csat_words(given[1])
        if scale is not None:
            return scale, None  # "no, not at all": the scale's 1, not a no's 2
    found: tuple[int | bool, str | None] | None = given or yes_or_no_then_more(text)
    if found is not None and found[0] is False and says_not_at_all(text):
        return CSAT_MIN, found[1]  # "no, not at all. it was supposed to come yesterday"
    return found


def as_csat_score(answer: int | bool) -> int:
    """A score as it is, a yes as 4 and a no as 2."""
    if isinstance(answer, bool):
        return YES_SCORE if answer else NO_SCORE
    return answer


STRONG_YES_SCORE = 5
_STRONGLY: Final = re.compile(
    r"\b(?:a\s+lot|very\s+much|so\s+much|totally|perfectly|absolutely|fully|exactly"
    r"|really\s+helped|100\s*%)"
    r"|ძალიან|ძაან|სრულად|მთლიანად|შესანიშნავ|იდეალურ|\b(?:dzalian|dzaan)\b"
    r"|(?<!\w)շատ(?!\w)|լիովին|ամբողջությամբ|կատարյալ|հիանալի|\bshat\b"
    r"|በጣም|በደንብ|ሙሉ\s+በሙሉ|በሚገባ|\bbetam\b",
    re.IGNORECASE,
)
_BUT: Final = re.compile(
    r"\b(?:but|though|however|not|n't|no)\b|მაგრამ|თუმცა|(?<!\w)არ(?!\w)|\bmagram\b"
    r"|բայց|սակայն|(?<!\w)չ|(?<!\w)ոչ(?!\w)|\bbayc\b|ግን|(?<!\w)አል|\bgin\b",
    re.IGNORECASE,
)


_THANKED_STRONGLY: Final = re.compile(
    r"\bthanks?(?:\s+you)?(?:\s+(?:very|so)\s+much|\s+a\s+lot)?"
    r"|(?:շատ\s+)?(?:շնորհակալ\w*|մերսի)|shat\s+(?:shnorhakal\w*|mersi)"
    r"|(?:በጣም\s+)?(?:አመሰግና\w*|እናመሰግና\w*)|(?:(?:ძალიან|დიდი)\s+)*მადლობ\w*",
    re.IGNORECASE,
)
"""Thanks said strongly: "thank you very much" is no more of a yes than "thanks"."""


def yes_score(answer: int | bool, text: str) -> int:
    """:func:`as_csat_score`, with a yes said strongly and with no "but" a 5: "yes, it helped
    a lot", «այո, շատ օգնեց», "አዎ በጣም ረድቶኛል", "ძალიან დამეხმარა".

    Why: round 17, Armenian, Amharic, English: "yes, it helped a lot, thank you" was stored
    as a 4, the same as a plain yes; to "Did that solve your problem?" it is a 5."""
    said = _THANKED_STRONGLY.sub(" ", text)
    if answer is True and _STRONGLY.search(said) and not _BUT.search(said) and not has_digits(text):
        return STRONG_YES_SCORE
    return as_csat_score(answer)


class ValidateCsatForm(SurveyFormValidation):
    """Read the CSAT score (or yes/no); ask what was missing only after a low score."""

    form = CSAT_FORM
    score_slot = CSAT_SCORE_SLOT
    free_text_slots = frozenset({CSAT_COMMENT_SLOT})
    reason_slots = frozenset({CSAT_COMMENT_SLOT})
    yes_no_slots = frozenset({CSAT_SCORE_SLOT})  # "no thanks" is "no": 2
    answer_slots = frozenset({CSAT_SCORE_SLOT, CSAT_COMMENT_SLOT})

    def name(self) -> str:
        return "validate_csat_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slot = self.asked_slot(tracker)
        reads = SentimentReads(tracker)  # praise, then a complaint: one read of the message
        fresh = not handled_since_latest_message(
            tracker, ignore=(self.form, "action_listen", "action_extract_slots")
        )
        if slot == CSAT_SCORE_SLOT and not fresh and csat_passed_over(tracker):
            # Passed over twice: ended unanswered; action_submit_csat stores it as dismissed.
            return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
        if slot == CSAT_SCORE_SLOT and fresh and disputes_refund_refusal(tracker):
            # The form ends unanswered; action_submit_csat hands over (see the function).
            return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
        if slot == CSAT_SCORE_SLOT and fresh and keeps_it_instead(tracker):
            # "no, I'd better keep it" after how to cancel: no answer (round 22: stored as a
            # 2); action_submit_csat says nothing is done, and takes up what came with it.
            return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
        if slot == CSAT_SCORE_SLOT and fresh and corrects_the_request(tracker):
            # "no, that's not what I asked, I want to return it": no answer (round 23: stored
            # as a 2); action_submit_csat says sorry and takes the request up.
            return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
        if slot == CSAT_SCORE_SLOT and fresh and announces_another_request(tracker):
            # "btw my discount code isn't working": no answer (round 22: stored as a 2);
            # action_submit_csat takes the request up.
            return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
        if slot == CSAT_SCORE_SLOT and fresh and takes_back_cancelling(latest_text(tracker)):
            # "አይ ቆይ አትሰርዘው" (no wait, don't cancel it): no answer to the question (round
            # 21: its "no" was stored as a 2 and opened a case); action_submit_csat takes it up.
            return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
        if slot == CSAT_SCORE_SLOT and fresh and cancels_the_order_just_named(tracker):
            # "cancel it then" after an order's status: ended unanswered, and action_submit_csat
            # takes the request up (take_up_cancelling), not a 2 from its sentiment.
            return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
        if slot == CSAT_SCORE_SLOT and fresh and a_yes_for_a_person(tracker):
            # "yes, I want to talk to an operator": ended unanswered; action_submit_csat hands over.
            return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
        if (
            slot == CSAT_SCORE_SLOT
            and fresh
            and asks_about_another_topic(tracker)
            and self.is_digression(tracker, domain, slot)
        ):
            return await super().run(dispatcher, tracker, domain)  # answered, then asked again
        if slot == CSAT_SCORE_SLOT and fresh and says_not_solved_instead(tracker):
            # "I did that already, there is no download button": a no, with its words.
            return not_solved_answer(latest_text(tracker))
        if slot == CSAT_SCORE_SLOT and fresh and (praise := await praises_instead(tracker, reads)):
            # "አሪፍ ነው በጣም ደስ ብሎኛል" (great, I'm very happy): a yes, with its words
            score = yes_score(True, latest_text(tracker))
            return [SlotSet(CSAT_SCORE_SLOT, score), SlotSet(CSAT_COMMENT_SLOT, praise)]
        if (
            slot == CSAT_SCORE_SLOT
            and not handled_since_latest_message(
                tracker, ignore=(self.form, "action_listen", "action_extract_slots")
            )
            and not self.is_digression(tracker, domain, slot)
            and not self.asks_for_language(tracker)  # "ქართულად შეიძლება?": switched, asked again
            and asks_instead_of_answering(tracker)
        ):
            # The form ends unanswered; action_submit_csat stores nothing and takes the
            # question up (see asks_instead_of_answering).
            return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
        if slot == CSAT_SCORE_SLOT and await self.complains_instead(tracker, domain, reads):
            return not_solved_answer(latest_text(tracker))
        if (
            slot == CSAT_COMMENT_SLOT
            and self.tracks_instead(tracker, slot)
            and asks_why(latest_text(tracker))
        ):
            # "why is it still packing after 3 days??": what was missing, kept (round 20: the
            # survey ended without it), and the order looked up (action_submit_csat). A plain
            # "where is my order A1000003?" is a request, not what was missing.
            text = clean_reason(latest_text(tracker), max_chars=comment_limit())
            return [SlotSet(CSAT_COMMENT_SLOT, text), SlotSet(REQUESTED_SLOT, None)]
        if slot == CSAT_COMMENT_SLOT and fresh and asks_what_was_missing(tracker):
            # "can you deliver to Tbilisi?" under "What was missing?": that is what was
            # missing; kept, and answered after the thanks (action_submit_csat).
            text = clean_reason(latest_text(tracker), max_chars=comment_limit())
            return [SlotSet(CSAT_COMMENT_SLOT, text), SlotSet(REQUESTED_SLOT, None)]
        return await super().run(dispatcher, tracker, domain)

    async def complains_instead(
        self, tracker: Tracker, domain: DomainDict, reads: SentimentReads
    ) -> bool:
        """Whether the latest message, in place of a yes, a no or a score, is a clearly
        negative statement ("but i never used it!! this is a joke", «բայց ես չեմ ստացել»,
        but I didn't get it, "but the reset email never comes"): a no, with what was wrong.

        Why: shoppers' such replies were asked "please pick a number" twice and stored as
        dismissed, and nobody followed up; as a no (2) with the comment, the answer opens a
        low-CSAT case. Not a question (:func:`asks_instead_of_answering`), not a message
        with a yes or a word of it working in it, never a digression, a skip or a message
        read before.
        """
        if handled_since_latest_message(
            tracker, ignore=(self.form, "action_listen", "action_extract_slots")
        ) or self.is_digression(tracker, domain, CSAT_SCORE_SLOT):
            return False
        text = latest_text(tracker)
        if not text or text.startswith("/") or looks_like_question(text) or quits(text):
            return False
        if csat_answer(text) is not None or answer_with_comment(text) is not None:
            return False
        words = _LETTERS.findall(text.lower())
        if len(words) < _MIN_COMPLAINT_WORDS or any(
            word in _SOLVED - _FILLER or parse_yes_no(word) is True for word in words
        ):
            return False
        return await reads_clearly_negative(tracker, text, reads=reads)

    async def save_so_far(self, tracker: Tracker) -> None:
        if parse_score(tracker.get_slot(CSAT_SCORE_SLOT), low=CSAT_MIN, high=CSAT_MAX) is not None:
            await store_csat(tracker)

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if self.gave_up(dispatcher, tracker, UNCLEAR):
            return []
        score = parse_score(tracker.get_slot(CSAT_SCORE_SLOT), low=CSAT_MIN, high=CSAT_MAX)
        if score is not None and is_low(score):
            return [CSAT_SCORE_SLOT, CSAT_COMMENT_SLOT]
        return [CSAT_SCORE_SLOT]

    def answer_in(self, slot: str, text: str) -> object:
        if slot != CSAT_SCORE_SLOT:
            return None
        answer = csat_answer(text)
        if answer is not None:
            return answer
        given = answer_with_comment(text)
        return None if given is None else given[0]

    def validate_csat_score(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """The score, or yes/no; and what the customer said with it ("no, the blender was
        broken when it arrived"), kept as the comment, so "What was missing?" is not asked
        for what they just wrote, and a "no" with a sentence after it is not refused."""
        text = latest_text(tracker)
        if sounds_sarcastic(text):
            # "oh great, super helpful 🙄": asked plainly, never a 4 (round 20)
            self.ask_again(dispatcher, tracker, acknowledged=True, first=_RETRIES[2])
            return {CSAT_SCORE_SLOT: None}
        score = csat_from_message(tracker, slot_value)
        given = None if text.startswith("/") else answer_with_comment(text)
        if score is None and given is None and _asks_about_the_digits(text):
            # "what does 1 mean?"; not "რა დაბრუნება, ნივთი ხელში არ მჭერია! 1" (what return,
            # I never had it! 1), a score after its reason (round 16: explained, not stored)
            dispatcher.utter_message(response=EXPLAIN_CSAT_SCALE)
            return {CSAT_SCORE_SLOT: None}
        if given is not None and given[1] is None and not isinstance(given[0], bool):
            return {CSAT_SCORE_SLOT: given[0]}  # "no, not at all": the scale's 1
        if given is not None and score in (None, as_csat_score(given[0])):
            answer, comment = given
            if comment is not None and asks_more_when_satisfied(tracker, answer, comment):
                comment = None  # answered after the thanks, not an opinion of this answer
            if comment is None:  # "yes it did thank you": the answer alone
                return {CSAT_SCORE_SLOT: yes_score(answer, text)}
            return {
                CSAT_SCORE_SLOT: yes_score(answer, text),
                CSAT_COMMENT_SLOT: clean_reason(comment, max_chars=comment_limit()),
            }
        if score is None and self.offer_the_two(dispatcher, tracker, low=CSAT_MIN, high=CSAT_MAX):
            return {CSAT_SCORE_SLOT: None}
        if score is None:
            self.ask_again(dispatcher, tracker, acknowledged=only_acknowledges(text))
        if score == YES_SCORE and not text.startswith("/"):
            score = yes_score(True, text)  # "ძალიან დამეხმარა" (it helped a lot): a 5
        return {CSAT_SCORE_SLOT: score}

    def ask_again(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        *,
        acknowledged: bool,
        first: str | None = None,
    ) -> None:
        """Ask once more, then give up: "ok" (read, not answered) is asked plainly whether it
        solved the problem; anything else is told what the answers are; ``first`` leads
        into the question instead (sarcasm: "sorry if that didn't help")."""
        asked = sum(self.asked_again(dispatcher, tracker, retry) for retry in _RETRIES)
        if asked:
            dispatcher.utter_message(response=UNCLEAR)
        elif first is not None:
            dispatcher.utter_message(response=first)
        else:
            dispatcher.utter_message(response=_RETRIES[0] if acknowledged else _RETRIES[1])

    def validate_csat_comment(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """What was missing; or a corrected score ("5 მინდოდა", I wanted 5), which replaces
        the one given (a low one asks again what was missing)."""
        score = corrected_score(slot_value, low=CSAT_MIN, high=CSAT_MAX)
        if score is None:
            score = agreed_score(slot_value, low=CSAT_MIN, high=CSAT_MAX)  # "እሺ በቃ 4"
        if score is not None:
            dispatcher.utter_message(response=SCORE_CHANGED, score=score)
            beside = reason_beside_correction(
                slot_value, lambda clause: corrected_score(clause, low=CSAT_MIN, high=CSAT_MAX)
            )
            # "sorry I meant 2, the courier never called": the comment is kept with it
            comment = None if beside is None else clean_reason(beside, max_chars=comment_limit())
            return {CSAT_SCORE_SLOT: score, CSAT_COMMENT_SLOT: comment}
        given = parse_score(tracker.get_slot(CSAT_SCORE_SLOT), low=CSAT_MIN, high=CSAT_MAX)
        if given is not None and given < YES_SCORE and says_yes_after_all(slot_value):
            # "actually yes it did, sorry" after a no: it helped (round 19: stored as the
            # comment of a 2, with "we'll look into it" and the offer of a person)
            dispatcher.utter_message(response=SCORE_CHANGED, score=YES_SCORE)
            return {CSAT_SCORE_SLOT: YES_SCORE, CSAT_COMMENT_SLOT: None}
        if asks_what_is_meant(slot_value):  # "რა იგულისხმება?": explained, asked again
            dispatcher.utter_message(response=EXPLAIN_REASON)
            return {CSAT_COMMENT_SLOT: None}
        return {CSAT_COMMENT_SLOT: clean_reason(slot_value, max_chars=comment_limit())}


_MORE_QUESTIONS = re.compile(
    r"(?:i\s+have\s+)?(?:one|a\s+few|some)\s+more\s+questions?|another\s+question"
    r"|one\s+more\s+thing|კიდევ\s+(?:ერთი\s+)?(?:კითხვა|რამ)\w*(?:\s+მაქვს)?"
    r"|(?:ևս|էլի)\s+մեկ\s+հարց(?:\s+ունեմ)?|մի\s+հարց\s+էլ(?:\s+ունեմ)?"
    r"|(?:አንድ\s+)?ተጨማሪ\s+ጥያቄ(?:\s+አለኝ)?|ሌላ\s+ጥያቄ(?:\s+አለኝ)?",
    re.IGNORECASE,
)


def announces_more_questions(text: object) -> bool:
    """Whether ``text`` says the customer has another question to ask ("yes thanks, one more
    question", "አዎ አመሰግናለሁ፣ አንድ ተጨማሪ ጥያቄ አለኝ"), without asking it yet (no "?")."""
    return (
        isinstance(text, str)
        and _MORE_QUESTIONS.search(text) is not None
        and not looks_like_question(without_more_questions(text))
    )


def without_more_questions(text: str) -> str:
    """``text`` without the words announcing another question: the answer left to read."""
    return _MORE_QUESTIONS.sub(" ", text).strip()


def answer_in_ending(tracker: Tracker, *, yes_or_no: bool) -> int | None:
    """The score in a message that the NLU read as ending the question but that answers it.

    A thank-you or a goodbye (``yes_or_no``): "yes, thanks", "კი, დამეხმარა, მადლობა" (yes,
    it helped, thanks); the clear yes was lost. A skip: only a score or the scale's words,
    "մասամբ" (partly) was read as a skip; "no thanks" stays a skip there.
    """
    text = without_more_questions(latest_text(tracker))
    if not text:
        return None
    if yes_or_no:
        answer = csat_answer(text)
        if answer is None:
            answer = solved_after_thanks(text)
        return None if answer is None else yes_score(answer, text)
    score = parse_score(text, low=CSAT_MIN, high=CSAT_MAX)
    if score is None and says_it_failed(text):
        score = NO_SCORE  # "አልሰራም" (it didn't work), read as a skip, is a no
    return score if score is not None else parse_csat_words(text)


_SOLVED = frozenset({
    "it", "did", "has", "helped", "worked", "works", "solved", "fixed", "sorted", "that", "s",
    "all", "thats", "great", "perfect", "brilliant", "awesome", "excellent", "sweet", "lovely",
    "mate", "nice", "good", "very", "was", "is", "really", "super", "cool",
    "ძალიან", "კარგი", "კარგად", "მშვენიერი", "საუკეთესო", "იყო", "dzalian", "kargi", "iyo",
    "ძაან", "მაგარია", "მაგარი", "კაია", "კაი", "სუპერ", "dzaan", "magaria", "kaia", "kai",
    "գերազանց", "լավ", "էր", "է", "հիանալի", "lav", "er", "hianali", "gerazanc",
    "ጥሩ", "ነው", "ነበር", "ግሩም", "በጣም", "tiru", "new",
    "დამეხმარა", "მიშველა", "მომიგვარა", "გამოვიდა", "მოგვარდა", "damexmara", "gamovida",
    "օգնեց", "լուծվեց", "ստացվեց", "ogneց", "ognec", "stacvec",
    "ረድቶኛል", "ረድቶናል", "ፈትቶታል", "ፈትቶልኛል", "ሰርቷል", "ሰራ", "redtognal", "fetotal", "sertual",
    # "አመሰግናለሁ ረድተኸኛል" (thanks, you helped me), "... እግዚአብሔር ይስጥልኝ" (God bless you):
    # round 14, stored as dismissed
    "ረድተኸኛል", "ረድተሽኛል", "ረድታችሁኛል", "ረድተውኛል", "እግዚአብሔር", "ይስጥልኝ", "ይስጥልን",
    # "you're the best", «դուք լավագույնն եք» (round 12: stored as dismissed)
    "best", "you", "re", "are", "the", "դուք", "լավագույնն", "լավագույնը", "եք",
    "თქვენ", "ხართ", "ምርጥ", "ናችሁ", "ነዎት",
    # "yes thanks, that's all I needed" (round 17: read as thanks, stored with no score)
    "i", "needed", "wanted", "just", "what", "exactly",
    # «Այո, շատ օգնեցիք, մեծ շնորհակալություն» (yes, you helped a lot, big thanks: round 18,
    # stored as dismissed), "კი, ძალიან დამეხმარეთ, დიდი მადლობა"
    "օգնեցիք", "օգնեցին", "շատ", "մեծ", "დამეხმარეთ", "დიდი",
})  # fmt: skip
"""Words that say it worked ("it helped", "დამეხმარა", «օգնեց», "ረድቶኛል")."""


def solved_after_thanks(text: str) -> int | bool | None:
    """The answer in thanks, in either order: "አመሰግናለሁ፣ አዎ ፈትቶታል" (thanks, yes, it solved
    it), "በጣም አመሰግናለሁ በጣም ረድቶኛል" (thanks a lot, it helped me a lot), "it helped,
    thanks", "yeah mate that's sweet, cheers" (yes); "ամբողջությամբ, մերսի" (completely,
    thanks: 5). A thank-you alone, or "ok thanks" (:func:`only_acknowledges`), says
    nothing about it (``None``)."""
    if only_acknowledges(text):
        return None
    words = [word for word in _LETTERS.findall(text.lower()) if word not in THANKS]
    if not words or len(words) > _MAX_THANKED_WORDS:
        return None
    scale = parse_csat_words(" ".join(words))
    if scale is not None:
        return scale
    if parse_yes_no(words[0]) is True and all(word in _SOLVED for word in words[1:]):
        return True
    said_it = set(words) - _FILLER
    return True if said_it and all(word in _SOLVED for word in words) else None


def says_yes_after_all(text: object) -> bool:
    """Whether ``text`` takes a no back for a yes, in a few words ("actually yes it did,
    sorry", "yes it did", «ներողություն, այո, օգնեց»): a yes, then words that say it worked,
    with words of taking back or thanks around them; a bare "yes" takes nothing back."""
    if not isinstance(text, str):
        return False
    said = _LETTERS.findall(text.lower())
    words = [word for word in said if word not in THANKS | TAKING_BACK]
    return (
        0 < len(words) <= _MAX_THANKED_WORDS
        and len(said) > 1
        and parse_yes_no(words[0]) is True
        and all(word in _SOLVED for word in words[1:])
    )


def says_it_helped(text: str) -> bool:
    """Whether ``text`` says in words that it helped ("კი, დამეხმარა", yes, it helped; "it
    worked, thanks"), not only yes: read where a yes would mean something else (the offer of
    a person)."""
    if solved_after_thanks(text) is not True:
        return False
    words = set(_LETTERS.findall(text.lower())) - THANKS - _FILLER
    return any(word in _SOLVED and parse_yes_no(word) is not True for word in words)


_LETTERS = re.compile(r"[^\W\d_]+")
_MIN_COMPLAINT_WORDS = 3
"""Fewer words are too little to read as a complaint in place of an answer ("bad" is a no by
the NLU or asked again)."""
_MAX_THANKED_WORDS = 6
_FILLER = frozenset({
    "it", "did", "has", "mate", "very", "really", "was", "is", "s", "that", "all",
    "you", "re", "are", "the", "դուք", "եք", "თქვენ", "ხართ", "ናችሁ", "ነዎት",
    "እግዚአብሔር", "ይስጥልኝ", "ይስጥልን",
})  # fmt: skip
"""Words that say nothing by themselves: "cheers mate" had been stored as a satisfied 4
("mate" counted as saying it helped), while "cheers" and "thanks" were not."""


async def store_csat(
    tracker: Tracker, *, given: int | None = None, given_comment: str | None = None
) -> tuple[int | None, str | None]:
    """Store the CSAT answer in the slots, else ``given`` (none: dismissed) and
    ``given_comment``; its score, and the contact its comment gives ("no, the link never
    comes, call me 091234567": stored with consent, as the NPS survey's; it had stayed in
    the comment, and nobody called)."""
    score = parse_score(tracker.get_slot(CSAT_SCORE_SLOT), low=CSAT_MIN, high=CSAT_MAX)
    if score is None:
        score = given
    comment = tracker.get_slot(CSAT_COMMENT_SLOT) or given_comment if score is not None else None
    contact = contact_volunteered(comment)
    await store_answer(
        tracker,
        kind=SurveyKind.CSAT,
        loop_name=CSAT_FORM,
        score=score,
        comment=comment,
        contact=contact,
        contact_consent=True if contact is not None else None,
    )
    return score, contact


async def finish_csat(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    *,
    say: bool,
    given: int | None = None,
    given_comment: str | None = None,
    person_next: bool = False,
    request_next: bool = False,
) -> bool:
    """Store the CSAT answer in the slots, else ``given`` (none: dismissed) with
    ``given_comment``, and, if ``say``, thank for it (``person_next``: a low one with "I'm sorry
    I haven't been more helpful", not "we'll look into it", since the conversation is handed
    over next; ``request_next``: plainly thanked, since another request is answered next). A
    low score with a contact is promised a reply there.

    Returns whether the thanks was for a low score with no way back to the customer: a
    person is worth offering next."""
    score, contact = await store_csat(tracker, given=given, given_comment=given_comment)
    if not say or responses_in_loop_run(tracker, CSAT_FORM)[UNCLEAR]:
        return False
    if score is None:
        dispatcher.utter_message(response="utter_survey_dismissed")
    elif is_low(score) and contact is not None:
        dispatcher.utter_message(response="utter_thanks_nps_contact", email=contact)
    elif is_low(score) and not person_next and not request_next:
        dispatcher.utter_message(response="utter_thanks_csat_low")
        return True
    elif is_low(score) and person_next:
        # "no it did not ... I want to speak to a manager": sorry, then the handover (round
        # 17: "Thanks for letting us know!" had opened the reply to an angry no)
        dispatcher.utter_message(response=SORRY_NOT_HELPED)
    else:
        dispatcher.utter_message(response="utter_thanks_csat")
    return False


def asks_more_when_satisfied(tracker: Tracker, answer: int | bool, comment: str) -> bool:
    """Whether the words with a yes only ask another support question ("yes thanks, one
    more question: how do I reset my password?", "კი, მადლობა. პაროლი როგორ აღვადგინო?").

    Why: the question had been stored as the comment of the satisfied answer, in every
    language, where marketers read comments as what customers think of our answers; it is
    answered after the thanks (:func:`~bot.actions.next_request.take_up_question`). With a
    no, the question says what is still missing and stays the comment.
    """
    if is_low(as_csat_score(answer)) or not looks_like_question(without_more_questions(comment)):
        return False
    return asks_support_question(tracker) or asks_support_request(tracker, answered_intent(tracker))


def answered_intent(tracker: Tracker) -> str | None:
    """The request the CSAT question asks about: the intent of the customer's message
    before the question was asked."""
    events = tracker.events
    starts = [
        index
        for index, event in enumerate(events)
        if event.get("event") == "active_loop" and event.get("name") == CSAT_FORM
    ]
    for event in reversed(events[: starts[-1]] if starts else []):
        if event.get("event") == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            return name if isinstance(name, str) else None
    return None


def cleared_csat() -> list[EventType]:
    """The events that clear the CSAT question's slots."""
    return [SlotSet(slot, None) for slot in CSAT_SLOTS]


_KEPT_INTENTS: Final = frozenset({CANCEL_ORDER_INTENT, "delete_account"})


def take_up_the_rest(tracker: Tracker, leaving: frozenset[str] = frozenset()) -> list[EventType]:
    """After a change of mind or a correction under the CSAT question: the request that came
    with it ("just turn off the promo e-mails", "I want to RETURN something"), read again as
    the NLU read it, if it is sure of a request other than ``leaving``; else nothing. (No
    domain here: Rasa sends this action none, ``bot.action_domain``.)"""
    intent, confidence = latest_intent(tracker)
    if intent is None or intent in leaving | CONVERSATION_INTENTS:
        return []
    if intent.startswith("inform") or confidence < DIGRESSION_MIN_CONFIDENCE:
        return []
    return repeat_latest_message(tracker)


class ActionSubmitCsat(Action):
    """Store the CSAT answer and thank the customer (a low score: we'll look into it)."""

    def name(self) -> str:
        return "action_submit_csat"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if csat_passed_over(tracker):
            await store_csat(tracker)  # dismissed, and nothing said: the answer was given
            return cleared_csat()
        if disputes_refund_refusal(tracker):
            return cleared_csat() + repeat_latest_message(tracker, as_intent=HUMAN_AGENT_INTENT)
        if asks_instead_of_answering(tracker):
            return cleared_csat() + take_up_unanswered_question(tracker)
        unanswered = tracker.get_slot(CSAT_SCORE_SLOT) is None
        kept = keeps_it_instead(tracker) if unanswered else None
        if kept is not None:
            await store_csat(tracker)  # dismissed: the message took back what was answered
            dispatcher.utter_message(response=kept)
            return cleared_csat() + take_up_the_rest(tracker, leaving=_KEPT_INTENTS)
        if unanswered and corrects_the_request(tracker):
            await store_csat(tracker)  # dismissed: the answer was to another question
            request = take_up_the_rest(tracker)
            dispatcher.utter_message(response=MISUNDERSTOOD if request else MISUNDERSTOOD_ASK)
            return cleared_csat() + request
        if unanswered and announces_another_request(tracker):
            await store_csat(tracker)  # dismissed: the message asked something else
            return cleared_csat() + repeat_latest_message(tracker)
        if takes_back_cancelling(latest_text(tracker)):
            await store_csat(tracker)  # dismissed: the message answered something else
            taken_back = repeat_latest_message(tracker, as_intent=CANCEL_ORDER_INTENT)
            return cleared_csat() + taken_back
        if cancels_the_order_just_named(tracker):
            cancel = await take_up_cancelling(dispatcher, tracker)
            return cleared_csat() + cancel
        if a_yes_for_a_person(tracker):
            person = repeat_latest_message(tracker, as_intent=HUMAN_AGENT_INTENT)
            return cleared_csat() + person
        # "No, I want to talk to a person": the "no" is stored, then the person is asked for.
        # "Yes, but how do I reset my password?": the yes is stored, then the question answered.
        person = take_up_person_request(tracker, CSAT_FORM)
        not_solved = await finish_csat(dispatcher, tracker, say=True, person_next=bool(person))
        then = (
            take_up_tracking_request(tracker, CSAT_FORM)
            or person
            or take_up_question(tracker, CSAT_FORM, answered_intent=answered_intent(tracker))
        )
        if not then and announces_more_questions(latest_text(tracker)):
            # "yes thanks, one more question": asked for it (round 13: the yes was lost)
            dispatcher.utter_message(response=ASK_YOUR_QUESTION)
            then = [FollowupAction("action_listen")]
        elif not_solved and not then:
            # Not solved, and nothing else asked: a person offered, yes and no as buttons.
            then = [FollowupAction(OFFER_HANDOFF)]
        return cleared_csat() + then
