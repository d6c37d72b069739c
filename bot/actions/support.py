"""Support dialogue that needs code: the order-number form, the order lookup, the fallback.

Most support answers are plain responses in ``domain.yml`` picked by rules
(``bot/data/rules/support.yml``), filled with the company's details from slots. What is here
needs to look at data or at the conversation so far:

* ``order_number_form`` asks for the order number when a customer tracks an order or a
  refund; :class:`ValidateOrderNumberForm` accepts it typed any reasonable way and re-asks
  politely (with the expected format) when it is not one. After two failed answers the form
  ends without a number, and ``action_lookup_order`` offers a person instead of a third try.
* :class:`ActionLookupOrder` finds the order through :mod:`bot.actions.orders` and answers
  with its status or its refund, and sets ``order_lookup`` so the rules offer a person when
  the order was not found or could not be checked. A number that is not found the first
  time is usually mistyped: the customer is asked to retype it once (``retry``: the rules
  start the form again) before a person is offered.
* :class:`ActionFallback` answers what the bot did not understand (or cannot help with)
  with what it can help with, and sets ``repeated_fallback`` on the second miss in a row so
  the rules offer a person instead of repeating itself.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import get_company
from bot.actions.context import (
    conversation_context,
    conversation_language,
    latest_intent,
    responses_in_loop_run,
    said_before_latest_message,
    session_events,
)
from bot.actions.follow_up_questions import place_meant, price_meant
from bot.actions.forms import REQUESTED_SLOT, DigressionAwareForm, support_intents
from bot.actions.missing_order_number import says_no_order_number
from bot.actions.negative_text import reads_clearly_negative
from bot.actions.next_request import repeat_latest_message
from bot.actions.order_answers import (
    CANCEL_ORDER,
    CHANGE_ORDER,
    CHANGE_SHIPPING_ADDRESS,
    CHECK_INVOICE,
    GET_INVOICE,
    GET_REFUND,
    TRACK_ORDER,
    TRACK_REFUND,
    answer_about,
    contents_messages,
)
from bot.actions.order_follow_ups import order_asked_about_again, order_just_named
from bot.actions.orders import OrderLookupError, order_lookup_for
from bot.actions.services import get_services
from bot.actions.store import get_store
from bot.actions.survey_flow import take_back_yes
from bot.actions.survey_revision import add_late_reason
from bot.discount_codes import DISCOUNT_CODE, mentions_discount
from bot.language_requests import words
from bot.message_words import words_in
from bot.order_numbers import (
    corrected_order_number,
    find_order_number,
    mistyped_order_numbers,
    normalise_order_number,
    only_order_number,
    several_order_numbers,
)
from bot.parcel_contents import says_contents_wrong
from bot.product_questions import asks_about_a_product
from bot.refund_questions import asks_when_refunded

logger = logging.getLogger(__name__)

ORDER_FORM = "order_number_form"
ORDER_NUMBER_SLOT = "order_number"
ORDER_NUMBER_ENTITY = "order_number"
LOOKUP_RESULT_SLOT = "order_lookup"
REPEATED_FALLBACK_SLOT = "repeated_fallback"
MAX_ORDER_NUMBER_ATTEMPTS = 2
ASK_ORDER_NUMBER = "utter_ask_order_number"
INVALID_ORDER_NUMBER = "utter_invalid_order_number"
ORDER_NUMBER_WHERE = "utter_order_number_where"
"""Where the order number is (the confirmation email, My orders): for a customer who says
they do not have it (:mod:`bot.actions.missing_order_number`)."""
PRODUCT_QUESTION = "utter_product_question"
"""Where stock and prices are shown: for a question about a product the NLU read as out of
scope (:mod:`bot.product_questions`)."""
NOT_FOUND_RETRY = "utter_order_not_found_retry"
SORRY_FOR_TROUBLE = "utter_sorry_for_trouble"  # a request to track written in anger
REFUND_TIME = "utter_refund_timeline"  # how long a refund takes, before asking which
RETRY = "retry"  # order_lookup: not found once, the form asks for the number again
FALLBACK_ACTION = "action_fallback"
DELIVERY_OPTIONS_INTENT = "delivery_options"
# What the form itself says: none of them yet means the message is the request that started it.
_FORM_RESPONSES = (ASK_ORDER_NUMBER, INVALID_ORDER_NUMBER, SORRY_FOR_TROUBLE)


def _last_index(events: list[dict[str, Any]], kind: str, name: str | None = None) -> int | None:
    """Index of the last event of ``kind`` (and ``name``, when given), else ``None``."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") == kind and (name is None or event.get("name") == name):
            return index
    return None


def order_number_from_message(tracker: Tracker, slot_value: Any) -> str | None:
    """The order number in the latest message: a tagged entity, the raw text, or the slot.

    The NLU's ``order_number`` entity comes first; the text is read too because a number
    typed with spaces or a letter ("A 1234 5678") may not be tagged whole. A message that
    corrects one number to another ("A1000001, sorry, A1000002") means the last, whichever
    the NLU tagged.
    """
    corrected = corrected_order_number(latest_text(tracker))
    if corrected is not None:
        return corrected
    latest = tracker.latest_message or {}
    entities = {
        normalise_order_number(entity.get("value"))
        for entity in latest.get("entities") or []
        if entity.get("entity") == ORDER_NUMBER_ENTITY
    } - {None}
    if len(entities) == 1:
        return entities.pop()
    text = latest_text(tracker)
    if text is not None:
        number = find_order_number(text)
        if number is not None:
            return number
    return normalise_order_number(slot_value)


def latest_text(tracker: Tracker) -> str | None:
    """What the customer typed last; ``None`` for a button's payload ("/inform") or nothing."""
    text = (tracker.latest_message or {}).get("text")
    return text if isinstance(text, str) and not text.startswith("/") else None


def retry_asked_since_latest_message(tracker: Tracker) -> bool:
    """Whether "not found, type it again" was said after the message being read.

    Then that message holds the number that was not found (Rasa re-reads it when the form
    starts again), not the retyped one.
    """
    events = session_events(tracker)
    latest = _last_index(events, "user")
    return any(
        event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action") == NOT_FOUND_RETRY
        for event in events[(latest or 0) + 1 :]
    )


class ValidateOrderNumberForm(DigressionAwareForm):
    """Accept "#A-1234 5678" as A12345678; re-ask a malformed number with the format.

    The request that starts the form is read too ("where is order A1234567?"): with a
    number the order is looked up at once, without one the form simply asks. A number in it
    that cannot be an order number ("where is my order 4711?") is refused with the format
    first, and counts as the first refused answer: with a second, a person is offered.

    A request written in anger (clearly negative by the product's sentiment rule, the
    analyzer at least ``apology_min_confidence`` sure: :mod:`bot.actions.negative_text`) is
    answered with an apology first, once, before the question or the order's status; a calm
    one costs the sentiment model's read only.

    The second refused answer ends the form (Rasa deactivates a form whose validation sets
    ``requested_slot`` to ``None``); ``action_lookup_order`` then finds no number and the rules
    offer a person: a customer who cannot find the number is not helped by a third question.
    Refusals are counted from the responses Rasa logged since the form started, so a new
    request starts over without a counter slot to reset.

    Another support question instead of a number ("what's your refund policy?") is let
    through by the form base (:class:`bot.actions.forms.DigressionAwareForm`): the support
    rules answer it, then Rasa comes back and asks for the number again.
    """

    form = ORDER_FORM

    def name(self) -> str:
        return "validate_order_number_form"

    def asked_slot(self, tracker: Tracker) -> str:
        return ORDER_NUMBER_SLOT  # the form's only question, asked or about to be

    def interrupting_intents(self, domain: DomainDict) -> set[str]:
        return support_intents(domain) - {TRACK_ORDER, TRACK_REFUND}

    def has_answer(self, tracker: Tracker, slot: str) -> bool:
        return order_number_from_message(tracker, None) is not None

    @staticmethod
    def asks_refund_time(tracker: Tracker, slot_value: Any) -> bool:
        """Whether the request that starts the form asks how long a refund takes, naming
        no order (:func:`bot.refund_questions.asks_when_refunded`); one asked about just
        before is looked up after the time is said (round 21: "how long does refund take"
        after A1000002's answer got only "There's no refund on order A1000002 yet")."""
        text = latest_text(tracker)
        return (
            latest_intent(tracker)[0] == TRACK_REFUND
            and asks_when_refunded(text)
            and order_number_from_message(tracker, slot_value) is None
        )

    async def validate_order_number(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        said = responses_in_loop_run(tracker, ORDER_FORM)
        if retry_asked_since_latest_message(tracker):
            # Started again after a number that was not found: the message Rasa re-reads at
            # activation holds that number, so ask for the new one instead.
            return {ORDER_NUMBER_SLOT: None}
        opening = not any(said[name] for name in _FORM_RESPONSES)
        if opening and self.asks_refund_time(tracker, slot_value):
            # "how long do refunds take?": the time first, then the number to look it up
            # (round 20: only the number was asked for, after an apology).
            dispatcher.utter_message(response=REFUND_TIME)
        elif opening and await reads_clearly_negative(
            tracker,
            latest_text(tracker),
            min_confidence=get_services().settings.apology_min_confidence,
        ):
            # The request that starts the form, written in anger ("worst shop ever, my
            # package never arrived"): say sorry before asking for the number or answering.
            dispatcher.utter_message(response=SORRY_FOR_TROUBLE)
        several = several_order_numbers(latest_text(tracker))
        if several:
            # "A1000001 and A1000002": the first fills the form and the lookup answers
            # them all, instead of "that doesn't look like an order number" (or the one
            # the NLU happened to tag).
            return {ORDER_NUMBER_SLOT: several[0]}
        number = order_number_from_message(tracker, slot_value)
        if number is None and opening:
            number = order_asked_about_again(tracker)  # "when will it arrive?" after A1000001
        if number is not None:
            return {ORDER_NUMBER_SLOT: number}
        if tracker.get_slot(LOOKUP_RESULT_SLOT) == RETRY and insists_on_the_number(
            latest_text(tracker)
        ):
            # "im sure thats the number" after "I couldn't find it, check it": the same number,
            # not found again, so a person is offered (round 21: "that doesn't look like an
            # order number", and the question again)
            return {ORDER_NUMBER_SLOT: order_just_named(tracker)}
        if said[ASK_ORDER_NUMBER] and says_no_order_number(latest_text(tracker)):
            # "I don't have it" in answer to the question: where the number is, and the form
            # ends (a person is offered) instead of "that doesn't look like an order number".
            dispatcher.utter_message(response=ORDER_NUMBER_WHERE)
            return {ORDER_NUMBER_SLOT: None, REQUESTED_SLOT: None}
        if not said[ASK_ORDER_NUMBER] and not mistyped_order_numbers(latest_text(tracker)):
            # The request itself ("where is my order?") had no number: just ask for it. One
            # that cannot be an order number ("where is my order 4711?") is refused first, as
            # an answer would be, so the customer learns why it is asked for again.
            return {ORDER_NUMBER_SLOT: None}
        refused = said[INVALID_ORDER_NUMBER]
        if refused + 1 >= MAX_ORDER_NUMBER_ATTEMPTS:
            return {ORDER_NUMBER_SLOT: None, REQUESTED_SLOT: None}
        dispatcher.utter_message(response=INVALID_ORDER_NUMBER)
        return {ORDER_NUMBER_SLOT: None}


_SURE: Final = re.compile(
    r"\b(?:i'?m\s+sure|i\s+am\s+sure|(?:it'?s|it\s+is|that'?s|that\s+is)\s+(?:correct|right|the\s+number)"
    r"|i\s+(?:double[-\s]?)?checked|definitely)\b"
    r"|დარწმუნებული\s+ვარ|სწორია|შევამოწმე|darwmunebuli|shevamowme"
    r"|վստահ\s+եմ|ճիշտ\s+է|ստուգել\s+եմ|\bvstah\s+em\b|\bchisht\s+e\b"
    r"|እርግጠኛ\s+ነኝ|ትክክል\s+ነው|አረጋግጫለሁ|\bergitegna\b",
    re.IGNORECASE,
)
"""Insisting that the order number given is right."""


def insists_on_the_number(text: object) -> bool:
    """Whether ``text`` says the number just given is right, with no new number in it."""
    if not isinstance(text, str):
        return False
    return find_order_number(text) is None and _SURE.search(text) is not None


def order_topic(tracker: Tracker) -> str:
    """What the customer asked about the order being looked up: where it is or its refund
    (the latest such request), or, for a number typed after the general answer to
    cancelling or a refund, whether it can be cancelled or how to get its money back.

    A bare order number typed in answer to the form's question is ``track_order`` by rule
    (:mod:`bot.components.rule_intents`), but it answers the question, it does not ask
    anything: "track my refund" then "A1000008" is about the refund. A number that nobody
    asked for is a request to track the order, unless it completes the request just made
    without one ("how do I cancel my order?", then "A1000004": shoppers got only its
    status) or follows up on the last one ("and A1000008?" after a refund's status, which
    got the delivery's).
    """
    topic = TRACK_ORDER
    asked = False
    request: str | None = None  # the latest request about an order
    without_number = False  # ... made without naming one
    for event in session_events(tracker):
        if event.get("event") == "bot":
            utter = (event.get("metadata") or {}).get("utter_action")
            asked = utter in _FORM_RESPONSES or utter == NOT_FOUND_RETRY
        elif event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            text = event.get("text")
            number_only = only_order_number(text) is not None or (
                asked and gives_the_number_asked(text)
            )
            if number_only:
                if not asked:  # not the form's answer: a request of its own, or the last one's
                    follows = request is not None and (without_number or continues(text))
                    topic = request if request is not None and follows else TRACK_ORDER
                without_number = False  # the request has its number now
            elif intent in _ORDER_REQUESTS:
                request, without_number = str(intent), find_order_number(text) is None
                if intent in (TRACK_ORDER, TRACK_REFUND):
                    topic = str(intent)
            else:
                request = None  # another subject: a number typed next is tracked
            asked = False
    return topic


def gives_the_number_asked(text: object) -> bool:
    """Whether a reply to "What's your order number?" gives it in a few words around it
    ("umm its A1000004 i think", "it should be A1000004"): the answer, not a new request.

    Why: round 14, "has my refund gone through yet", then "umm its A1000004 i think" got the
    delivery's status (the classifier reads such replies as tracking the order)."""
    return (
        isinstance(text, str)
        and find_order_number(text) is not None
        and len(words_in(text)) <= _MAX_WORDS_WITH_THE_NUMBER
    )


_MAX_WORDS_WITH_THE_NUMBER = 7


_ORDER_REQUESTS = frozenset({
    TRACK_ORDER, TRACK_REFUND, CANCEL_ORDER, GET_REFUND, CHANGE_ORDER, CHANGE_SHIPPING_ADDRESS,
    GET_INVOICE, CHECK_INVOICE,
})  # fmt: skip
_CONTINUING = frozenset({
    "and", "what", "how", "also", "ხოლო", "და", "ან", "իսկ", "ու", "և", "ስ",
})  # fmt: skip
"""First words that carry a request on to another order: "and A1000008?", "what about
A1000008", "ხოლო A1000008-ზე?", «Իսկ A1000008-ը»."""


def continues(text: object) -> bool:
    """Whether a message about another order opens with a word that carries the last request
    on to it ("and A1000008?")."""
    if not isinstance(text, str):
        return False
    first = text.strip().split(maxsplit=1)[:1]
    return bool(first) and first[0].lower().strip(",.?!") in _CONTINUING


class ActionLookupOrder(Action):
    """Look the order up and answer; ``order_lookup`` tells the rules what happened.

    ``found``: answered. ``retry``: no such order, the first time: the customer is shown
    the format and the form asks again (a typo is likelier than a lost order).
    ``not_found``: no such order after that retry. ``invalid``: the form ended without a
    number (after two unreadable answers, or a customer who does not have it and was told
    where it is). ``unavailable``: the backend failed. ``not_found``, ``invalid`` and
    ``unavailable`` are followed by an offer of a person. The number is cleared so the
    next request asks again.
    """

    def name(self) -> str:
        return "action_lookup_order"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        clear = SlotSet(ORDER_NUMBER_SLOT, None)
        number = normalise_order_number(tracker.get_slot(ORDER_NUMBER_SLOT))
        if number is None:
            if not responses_in_loop_run(tracker, ORDER_FORM)[ORDER_NUMBER_WHERE]:
                dispatcher.utter_message(response="utter_order_number_not_understood")
            return [SlotSet(LOOKUP_RESULT_SLOT, "invalid"), clear]

        services = get_services()
        lookup = order_lookup_for(services.settings, get_store())
        customer_id = conversation_context(tracker).customer_id
        try:
            order = await lookup.find(number, customer_id)
        except OrderLookupError:
            logger.exception("order lookup failed for conversation %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_order_lookup_unavailable")
            return [SlotSet(LOOKUP_RESULT_SLOT, "unavailable"), clear]
        if order is None:
            if tracker.get_slot(LOOKUP_RESULT_SLOT) != RETRY:
                dispatcher.utter_message(response=NOT_FOUND_RETRY, order_number=number)
                return [SlotSet(LOOKUP_RESULT_SLOT, RETRY), clear]
            dispatcher.utter_message(response="utter_order_not_found", order_number=number)
            return [SlotSet(LOOKUP_RESULT_SLOT, "not_found"), clear]

        company = get_company(services.settings)
        topic, language = order_topic(tracker), conversation_language(tracker)
        answer = answer_about(order, topic, company, language)
        if topic in _ABOUT_THE_PARCEL and any(map(says_contents_wrong, request_texts(tracker))):
            answer = contents_messages(answer)  # "one item is missing": not "ask the neighbours"
        for message in answer:
            dispatcher.utter_message(**message)
        # "where are A1000003 and A1000004?": the others of the message, each answered
        # (round 14: the customer had been told to send them one at a time)
        for other in several_order_numbers(latest_text(tracker)):
            if other == number:
                continue
            try:
                found = await lookup.find(other, customer_id)
            except OrderLookupError:
                logger.exception("order lookup failed for conversation %s", tracker.sender_id)
                dispatcher.utter_message(response="utter_order_lookup_unavailable")
                break
            if found is None:
                dispatcher.utter_message(response="utter_order_not_found", order_number=other)
                continue
            for message in answer_about(found, topic, company, language):
                dispatcher.utter_message(**message)
        return [SlotSet(LOOKUP_RESULT_SLOT, "found"), clear]


_ABOUT_THE_PARCEL = frozenset({TRACK_ORDER, CHANGE_ORDER, CHANGE_SHIPPING_ADDRESS})
"""Requests whose answer about a delivered order is its contents answer when the customer
says something in the parcel is missing, wrong or broken (round 19: "a shirt was missing,
can I change the order?" got "it's too late to change it")."""


def request_texts(tracker: Tracker) -> list[str]:
    """The customer's words of the order request being answered: the latest message, and the
    one before it when the latest gave the order number the bot asked for ("one item is
    missing", then "A1000002")."""
    events = session_events(tracker)
    users = [index for index, event in enumerate(events) if event.get("event") == "user"]
    texts = [str(events[index].get("text") or "") for index in users[-2:]]
    asked_for_number = len(users) > 1 and any(
        event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action") in (*_FORM_RESPONSES, NOT_FOUND_RETRY)
        for event in events[users[-2] : users[-1]]
    )
    return texts if asked_for_number else texts[-1:]


def fallback_in_previous_turn(tracker: Tracker) -> bool:
    """Whether the bot already fell back on the customer's previous message."""
    events = session_events(tracker)
    current = _last_index(events, "user")
    if current is None:
        return False
    previous = _last_index(events[:current], "user")
    if previous is None:
        return False
    return any(
        event.get("event") == "action" and event.get("name") == FALLBACK_ACTION
        for event in events[previous + 1 : current]
    )


CANCEL_SHARE = 0.01
"""The share of ``cancel_order`` in the ranking of a message read as ``skip`` from which it
names cancelling: "cancel" 3 %, "cancel that" 11 %, "չեղարկեք" 31 %, "გაუქმება" 10 %;
"never mind", "stop", "skip", "not now" and their Georgian, Armenian and Amharic forms under
0.3 % (the served model, docs/bot.md)."""


_CANCEL_WORDS: Final = frozenset(
    {
        "cancel", "cancle", "cancell",
        "გააუქმე", "გააუქმეთ", "გაუქმება", "gaauqme", "gaauqmet", "gauqmeba",
        "չեղարկել", "չեղարկեք", "չեղարկիր", "chegharkel", "chegharkeq", "chexarkel",
        "chexarkeq",
        "ሰርዝ", "ሰርዙ", "ሰርዙት", "ሰርዘው", "ሰርዝልኝ", "ሰርዙልኝ", "ይሰረዝ", "serz", "serzu",
        "serzew",
    }
)  # fmt: skip
""" "Cancel" said alone in the four languages: the model may give ``cancel_order`` little of
such a message (Amharic ሰርዝ 0.1 %: the Amharic examples cancel an order with ሰርዙልኝ and
an object), so these name cancelling whatever the ranking."""
_PLEASE: Final = frozenset({"please", "pls", "plz", "გთხოვთ", "խնդրում", "եմ", "እባክህ", "እባካችሁ"})


def bare_cancel(text: str) -> bool:
    """Whether ``text`` is a word of :data:`_CANCEL_WORDS` alone, "please" at most beside it."""
    found = words(text)
    return any(word in _CANCEL_WORDS for word in found) and all(
        word in _CANCEL_WORDS or word in _PLEASE for word in found
    )


class ActionSkipWithNothingAsked(Action):
    """ "Skip" when no question is open: "never mind" is answered "No problem!", a bare
    "cancel" is asked about.

    In a survey "cancel" skips the question, so the NLU reads it as ``skip``; with nothing
    to skip, a customer who types it most likely means an order, and "No problem!" would
    leave them where they were. The NLU's own ranking tells the two apart
    (:data:`CANCEL_SHARE`), and "cancel" alone in any of the four languages is one too
    (:func:`bare_cancel`), so they are asked whether they want to cancel an order, with
    buttons for yes (the cancellation answer) and no.
    """

    def name(self) -> str:
        return "action_skip_with_nothing_asked"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        taken_back = await take_back_yes(dispatcher, tracker)
        if taken_back:
            return taken_back  # "አይ ቆይ አልተፈታም" (no wait, not solved), read as a skip
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        cancel = max(
            (
                float(entry.get("confidence") or 0.0)
                for entry in ranking
                if entry.get("name") == "cancel_order"
            ),
            default=0.0,
        )
        asks = cancel >= CANCEL_SHARE or bare_cancel(
            (tracker.latest_message or {}).get("text") or ""
        )
        dispatcher.utter_message(response=ASK_CANCEL_ORDER if asks else "utter_no_problem")
        return []


ASK_CANCEL_ORDER = "utter_ask_cancel_order"


class ActionAnswerCancelOffer(Action):
    """A typed answer to "Do you want to cancel an order?" (asked after a bare "cancel"):
    "yes", or the order's number, is the cancellation answer.

    Why: only the button worked; a typed «አዎ» (yes) was answered "OK! Tell me if I can
    help", and "A1000004" got the order's tracking status, not whether it can be cancelled
    (tenth round). After "No problem!" (a "never mind") a yes is only an ok.
    """

    def name(self) -> str:
        return "action_answer_cancel_offer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if said_before_latest_message(tracker) == ASK_CANCEL_ORDER:
            return repeat_latest_message(tracker, as_intent=CANCEL_ORDER)
        if ((tracker.latest_message or {}).get("intent") or {}).get("name") == "affirm":
            dispatcher.utter_message(response="utter_ok")
            return []
        return repeat_latest_message(tracker)  # an order number: tracked, as typed alone


OFF_TOPIC_SURE = 0.6
"""How sure the NLU must be that a message is off-topic for a second miss in a row not to offer
a person: nobody on the team can say what the weather is (round 17, every language: a recipe
after the weather was offered a person, and "ok" handed the recipe over). Less sure, the
message may be a request the bot did not understand, and a person may help."""


class ActionFallback(Action):
    """Not understood, or not something the bot does: say so, never guess a support answer.

    The rules follow with what the bot can help with, or, on the second miss in a row
    (``repeated_fallback``), with an offer to pass the conversation to a person. Also Rasa's
    core fallback (``config.yml``), so an unexpected turn gets the same treatment.
    """

    def name(self) -> str:
        return FALLBACK_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        late = await add_late_reason(dispatcher, tracker)  # "why?" skipped, then answered
        if late is not None:
            return late
        intent, confidence = latest_intent(tracker)
        price = price_meant(tracker)
        if price is not None:  # "is it free?" after how to cancel: the fee's question
            return repeat_latest_message(tracker, as_intent=price.intent)
        if place_meant(tracker):  # "შვეიცარიაში?" (to Switzerland?) after the delivery options
            return repeat_latest_message(tracker, as_intent=DELIVERY_OPTIONS_INTENT)
        if mentions_discount(latest_text(tracker)):
            response = DISCOUNT_CODE  # "promo code doesn't work": what to check (round 22)
        elif asks_about_a_product(latest_text(tracker)):
            response = PRODUCT_QUESTION  # where stock and prices are shown (round 14)
        elif intent == "out_of_scope":
            response = "utter_out_of_scope"
        else:
            response = "utter_default"
        dispatcher.utter_message(response=response)
        off_topic = intent == "out_of_scope" and confidence >= OFF_TOPIC_SURE
        return [
            SlotSet(REPEATED_FALLBACK_SLOT, fallback_in_previous_turn(tracker) and not off_topic)
        ]
