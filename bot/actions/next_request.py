"""The further requests of a message, taken up one by one once the first is answered.

"Where is my order A1000003? Also, can I pay by PayPal?": the Rasa server reads the message
as its first request and notes the second in its parse data (:mod:`bot.request_parts`). When
the first has its answer, ``action_support_followup`` (which ends every support answer)
returns :func:`next_request_events` instead of asking whether the answer helped: an
``action_listen`` and the second request as a user message, as if the customer had sent it
next. Rasa's rules then answer it exactly as they answer it typed alone (a plain answer, the
order form, a person), and the follow-up after *that* answer asks the CSAT question once.
A third request rides in the second's parse data (:func:`bot.request_parts.chained`), so the
follow-up after the second answer takes it up the same way.

The message the bot makes is marked in its metadata (:data:`FURTHER_REQUEST_OF`), so the
transcript agents read shows what the customer typed, once
(:mod:`feedback_api.transcript`).

Which request it belongs to: the latest message with a further request, typed by the customer
or taken up from an earlier one, provided no support answer has ended since (that follow-up
took it up, or the conversation moved on) and it is among the last :data:`LOOK_BACK`
messages (a tracking request's answer comes after the order number, and a retyped one).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, EventType

from bot.actions.context import (
    handled_since_latest_message,
    latest_intent,
    latest_text,
    said_before_latest_message,
    session_events,
)
from bot.actions.forms import CONVERSATION_INTENTS, DIGRESSION_MIN_CONFIDENCE, OWN_FORM_INTENTS
from bot.actions.parsing import looks_like_question
from bot.contacts import contact_in, contact_offered, is_digit_piece
from bot.order_numbers import order_numbers_in
from bot.request_parts import FURTHER_REQUEST_KEY
from feedback_api.transcript import FURTHER_REQUEST_OF

LOOK_BACK = 4
SUPPORT_FOLLOWUP = "action_support_followup"
"""The action that ends every support answer (bot/data/rules/support.yml)."""
OFFER_HANDOFF = "utter_offer_handoff"
"""The offer of a person, yes and no as buttons; the rules in support.yml answer either."""


def _pending(tracker: Tracker) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The message with a further request not yet taken up, and that request."""
    typed = 0
    for event in reversed(session_events(tracker)):
        kind = event.get("event")
        if kind == "action" and event.get("name") == SUPPORT_FOLLOWUP:
            return None
        if kind != "user":
            continue
        further = (event.get("parse_data") or {}).get(FURTHER_REQUEST_KEY)
        if isinstance(further, dict) and isinstance(further.get("text"), str):
            return event, further
        if (event.get("metadata") or {}).get(FURTHER_REQUEST_OF) is not None:
            return None  # the latest message was taken up and holds no further request
        typed += 1
        if typed >= LOOK_BACK:
            return None
    return None


def next_request_events(tracker: Tracker) -> list[EventType]:
    """The events that have the bot take up the pending further request; [] if none."""
    pending = _pending(tracker)
    if pending is None:
        return []
    message, further = pending
    intent = further.get("intent") or {}
    text = further["text"]
    parse_data = {
        "text": text,
        "intent": intent,
        "intent_ranking": [intent],
        "entities": further.get("entities") or [],
    }
    if isinstance(further.get(FURTHER_REQUEST_KEY), dict):
        parse_data[FURTHER_REQUEST_KEY] = further[FURTHER_REQUEST_KEY]
    # Every request taken up points at the message the customer typed (the transcript's).
    source = (
        (message.get("metadata") or {}).get(FURTHER_REQUEST_OF)
        or message.get("message_id")
        or (message.get("parse_data") or {}).get("message_id")
    )
    return [
        ActionExecuted("action_listen"),
        {
            "event": "user",
            "timestamp": None,
            "text": text,
            "parse_data": parse_data,
            "input_channel": message.get("input_channel"),
            "metadata": {FURTHER_REQUEST_OF: source or message.get("timestamp")},
        },
    ]


def repeat_latest_message(tracker: Tracker, *, as_intent: str | None = None) -> list[EventType]:
    """The events that have the bot read the latest message again, as the customer's next
    (``as_intent``: read as that intent, sure, in place of the NLU's).

    For a message that a survey question took but that asks for something else ("where is
    my order A1000003?" under "What was missing?", :func:`asks_to_track`):
    once the survey has stored what it had, Rasa's rules answer the message as they answer
    it typed alone. Marked like a further request, so the transcript shows it once.
    """
    for event in reversed(session_events(tracker)):
        if event.get("event") != "user":
            continue
        parse_data = dict(event.get("parse_data") or {})
        text = event.get("text")
        if not isinstance(text, str):
            return []
        source = (event.get("metadata") or {}).get(FURTHER_REQUEST_OF) or event.get("message_id")
        if as_intent is not None:
            parse_data["intent"] = {"name": as_intent, "confidence": 1.0}
            parse_data["intent_ranking"] = [parse_data["intent"]]
        return [
            ActionExecuted("action_listen"),
            {
                "event": "user",
                "timestamp": None,
                "text": text,
                "parse_data": {**parse_data, "text": text},
                "input_channel": event.get("input_channel"),
                "metadata": {FURTHER_REQUEST_OF: source or event.get("timestamp")},
            },
        ]
    return []


def asks_to_track(
    tracker: Tracker,
    *,
    with_number: bool = False,
    as_question: bool = False,
    any_phrasing: bool = False,
) -> bool:
    """Whether the latest message asks about an order or a refund, clearly enough to answer
    it in the middle of a survey: the NLU is sure of ``track_order``/``track_refund`` and the
    message is a question or names an order number ("where is my order A1000003?"); only a
    message that names one, ``with_number``; only a question, ``as_question`` (where a
    statement is an answer: "my order A1000003 never came" is what was missing); any
    message the NLU is sure of, ``any_phrasing`` ("track my refund", where nothing but a
    score is an answer).

    Such a message was read as the survey's answer ("What was missing?" stored "where is my
    order A1000003" and thanked for it) or refused as an unclear score, and the order was
    never looked up. "My order never came" after "no" stays the answer to "What was
    missing?".
    """
    text = latest_text(tracker)
    if not text or text.startswith("/"):
        return False
    intent, confidence = latest_intent(tracker)
    if intent not in OWN_FORM_INTENTS or confidence < DIGRESSION_MIN_CONFIDENCE:
        return False
    if contact_offered(text) in {number.number for number in order_numbers_in(text)}:
        return False  # "ჩემი ნომერია 577112233" (my number is): a phone, not an order
    if any_phrasing:
        return True
    if with_number:
        return bool(order_numbers_in(text))
    if as_question:
        return looks_like_question(text)
    return looks_like_question(text) or bool(order_numbers_in(text))


#: The intent of asking for a person; handoff and the surveys hand over with it.
HUMAN_AGENT_INTENT = "contact_human_agent"
# Asking for a person (or complaining) in the middle of a survey ends the survey, keeping
# what was answered, and hands over (rules/survey.yml): no survey question after that.
PERSON_INTENTS = frozenset({HUMAN_AGENT_INTENT, "complaint"})


def asks_for_person(tracker: Tracker) -> bool:
    """Whether the latest message asks for a person (or complains), clearly enough to hand
    over after the survey question it also answered: "no, I want to talk to a person" under
    "Did that solve your problem?" was stored as a 2 and its customer told "just say so".

    The words of asking are enough (:func:`names_a_person`): in a long message that also
    says what went wrong, the classifier is unsure ("no, didnt help at all, the item was new
    and unused. connect me to an operator" at 0.6, round 14), and the customer had been
    asked whether they wanted the person they had just asked for."""
    text = latest_text(tracker)
    if not text or text.startswith("/"):
        return False
    intent, confidence = latest_intent(tracker)
    sure = intent in PERSON_INTENTS and confidence >= DIGRESSION_MIN_CONFIDENCE
    return sure or names_a_person(text)


_PERSON_REQUEST = re.compile(
    r"\b(?:connect|transfer|put)\s+me\s+(?:to|through\s+to|with)\s+(?:an?\s+|the\s+|your\s+)?"
    r"(?:real\s+|live\s+)?(?:person|human|agent|operator|someone|somebody|manager)"
    r"|\b(?:speak|talk|chat)\s+(?:to|with)\s+(?:an?\s+|the\s+|your\s+)?(?:real\s+|live\s+)?"
    r"(?:person|human|agent|operator|manager)"
    r"|ოპერატორ\w*\s+(?:დამაკავშირ|დამალაპარაკ|გადამრთ)\w*|ადამიანთან\s+(?:დამაკავშირ|ლაპარაკ|საუბარ)\w*"
    r"|(?:დამაკავშირ|დამალაპარაკ)\w*\s+(?:ოპერატორ|ადამიან|თანამშრომ)\w*"
    r"|օպերատոր\w*\s+(?:հետ\s+)?(?:կապեք|միացրեք|խոսել)|(?:կապեք|միացրեք)\s+(?:ինձ\s+)?օպերատոր"
    r"|մարդու\s+հետ\s+(?:կապեք|խոսել|խոսեմ)"
    # Latin letters: "operatori het xosel", "operators damakavshiret"
    r"|operator\w*\s+(?:het\s+)?(?:x|kh)osel|(?:mardu|operatori)\s+het\s+(?:kapeq|miacreq)"
    r"|operator\w*\s+(?:damakavshir|damalaparak)\w*|\b(?:ke\s*)?sew\s+(?:gar\s+)?aganagn\w*"
    r"|(?:ከሰው|ከኦፕሬተር|ከሰራተኛ)\s+ጋር\s+(?:አገናኙኝ|ላውራ|መነጋገር|ማውራት)"
    # round 20: "i want a person", "ሰው ፈልጋለሁ", "ოპერატორი მინდა", «օպերատոր եմ ուզում»
    r"|\b(?:i\s+)?(?:want|need)\s+(?:an?\s+|to\s+talk\s+to\s+an?\s+)?(?:real\s+|live\s+)?"
    r"(?:person|human|agent|operator)\b"
    r"|(?:ოპერატორი|ადამიანი)\s+მინდა|(?:օպերատոր|մարդ)\s+եմ\s+ուզում"
    r"|ሰው\s+(?:ፈልጋለሁ|እፈልጋለሁ|አናግሩኝ)",
    re.IGNORECASE,
)


def without_person_request(text: str) -> str:
    """``text`` without its words asking for a person ("the item was never used, i want to
    speak to a real person" -> "the item was never used, i want to"): what else it says."""
    return _PERSON_REQUEST.sub(" ", text)


def names_a_person(text: str) -> bool:
    """Whether ``text`` asks in so many words to be put through to a person ("connect me to
    an operator", "i want to speak to a real person", «կապեք օպերատորի հետ»,
    "ოპერატორთან დამაკავშირეთ", "ከሰው ጋር አገናኙኝ")."""
    return _PERSON_REQUEST.search(text) is not None


def asks_support_question(tracker: Tracker) -> bool:
    """Whether the latest message is a support question the NLU is sure of ("yes, but how
    do I reset my password?" under "Did that solve your problem?").

    The domain is not sent to the actions that ask (endpoints.yml: enable_selective_domain),
    so the support intents are the intents that are not the conversation's or the surveys'.
    """
    text = latest_text(tracker)
    if not text or text.startswith("/") or not looks_like_question(text):
        return False
    intent, confidence = latest_intent(tracker)
    if not intent or confidence < DIGRESSION_MIN_CONFIDENCE:
        return False
    return intent not in CONVERSATION_INTENTS and not intent.startswith("inform")


_REQUEST_WORDS = re.compile(
    r"\b(?:need\s+to\s+know|want\s+to|want\s+an?|how\s+(?:do|can|to)|can\s+i|can\s+you"
    r"|could\s+you|i'?d\s+like|please)\b"
    r"|მინდა|მჭირდება|როგორ|ուզում\s+եմ|պետք\s+է|ինչպես|እፈልጋለሁ|እንዴት"
    # Polite imperatives of the requests a customer makes (cancel, change, send, give back)
    r"|\b(?:cancel|change|send|refund)\s+(?:it|them|this|that|my|the|me)\b"
    r"|(?:გაა|გამი|შე|შემი|დამი|გამო|გამომი)(?:უქმე|ცვალე|გზავნე|ბრუნე)თ"
    r"|(?:չեղարկ|փոխ|ուղարկ|վերադարձր)եք"
    r"|(?:ሰርዙ|ቀይሩ|ላኩ|መልሱ)(?:ልኝ|ት|ዋቸው)"
    # "I asked about the refund": what was asked is still to answer (round 16)
    r"|\bi\s+asked\s+(?:about|for)\b|გკითხეთ|გეკითხებით|հարցրի|հարցնում\s+էի|ጠየቅኩ|ጠይቄ",
    re.IGNORECASE,
)
"""Words that ask for something ("no, I also need to know how to change my address",
«ոչ, ուզում եմ չեղարկել պատվերը», no, I want to cancel the order), and the polite
imperatives of a request («ոչ, դեռ չի ուղարկվել, չեղարկեք», no, it hasn't been sent yet,
cancel it: round 15, stored as a no and offered a person, and nothing was cancelled)."""


def asks_support_request(tracker: Tracker, answered_intent: str | None) -> bool:
    """Whether the latest message, besides the answer it gave, asks for something else in
    words of asking: a support intent the NLU is sure of, not the one just answered (that
    answer again would not help).

    Why: round 12, three languages: "no, i also need to know how to change my delivery
    address" under "Did that solve your problem?" was stored as a no, and the request was
    never answered (only questions with a question mark were taken up).
    """
    text = latest_text(tracker)
    if not text or text.startswith("/") or not _REQUEST_WORDS.search(text):
        return False
    intent, confidence = latest_intent(tracker)
    if not intent or confidence < DIGRESSION_MIN_CONFIDENCE or intent == answered_intent:
        return False
    return intent not in CONVERSATION_INTENTS and not intent.startswith("inform")


def _take_up(tracker: Tracker, form: str, asks: bool) -> list[EventType]:
    """The latest message again, as if the customer had sent it next
    (:func:`repeat_latest_message`), when it ``asks`` for something besides the answer
    ``form`` stored from it, and nothing has answered it yet."""
    if not asks or handled_since_latest_message(
        tracker, ignore=(form, "action_listen", "action_extract_slots")
    ):
        return []
    return repeat_latest_message(tracker)


_ANSWER_LIKE = frozenset({"affirm", "deny", "skip", "thank", "goodbye", "greet", "nlu_fallback"})
"""Intents a question under a survey question can be misread as (an answer, an ending)."""


def take_up_unanswered_question(tracker: Tracker) -> list[EventType]:
    """The latest message again, a question that a survey question left unanswered
    (``bot.actions.survey_csat.asks_instead_of_answering``): the rules answer it as the
    intent the NLU is sure of ("are you a bot?"), else as a message not understood ("and
    if it doesn't come?", read as a skip at 0.65: the survey had been stored as dismissed).
    """
    intent, confidence = latest_intent(tracker)
    sure = (
        intent is not None
        and confidence >= DIGRESSION_MIN_CONFIDENCE
        and intent not in _ANSWER_LIKE
        and not intent.startswith("inform")
    )
    if not sure and order_numbers_in(latest_text(tracker)):
        # «իսկ A1000006-ի համար?» (and for A1000006?): about that order, as the last request
        # was (bot.actions.support.order_topic), not a message not understood
        return repeat_latest_message(tracker, as_intent="track_order")
    return repeat_latest_message(tracker, as_intent=None if sure else "nlu_fallback")


def take_up_person_request(tracker: Tracker, form: str) -> list[EventType]:
    """After ``form`` stored an answer from a message that also asks for a person
    (:func:`asks_for_person`): the message again, so the rules hand over."""
    if not asks_for_person(tracker) or handled_since_latest_message(
        tracker, ignore=(form, "action_listen", "action_extract_slots")
    ):
        return []
    intent, confidence = latest_intent(tracker)
    if intent in PERSON_INTENTS and confidence >= DIGRESSION_MIN_CONFIDENCE:
        return repeat_latest_message(tracker)  # a complaint stays a complaint
    return repeat_latest_message(tracker, as_intent=HUMAN_AGENT_INTENT)  # its words


def take_up_question(
    tracker: Tracker, form: str, *, answered_intent: str | None = None
) -> list[EventType]:
    """After ``form`` stored an answer from a message that also asks a support question
    (:func:`asks_support_question`) or makes a request (:func:`asks_support_request`; not
    ``answered_intent`` again): the message again, so the rules answer it."""
    asks = asks_support_question(tracker) or asks_support_request(tracker, answered_intent)
    return _take_up(tracker, form, asks)


def take_up_tracking_request(tracker: Tracker, form: str) -> list[EventType]:
    """After ``form`` (a survey, the handoff's contact question) ended on a message that
    :func:`asks_to_track`: the same message again, so the rules start the order form.
    Not a phone number typed in answer to a question that asked for one ("555987654" has
    the shape of an order number too: a shopper's was stored and then "not found")."""
    return _take_up(tracker, form, asks_to_track(tracker) and not answers_contact_question(tracker))


def answers_contact_question(tracker: Tracker) -> bool:
    """Whether the latest message gives a contact in answer to the bot's question for one
    (its last words before it asked for an e-mail address or a phone number)."""
    text = latest_text(tracker)
    if contact_in(text) is None and not is_digit_piece(text):
        return False  # digits alone may be a piece of a phone number ("093", "112233")
    said = said_before_latest_message(tracker)
    return "contact" in said or "email" in said
