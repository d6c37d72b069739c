"""Short questions that take their meaning from the answer before them.

"How long will that take?" after a refund's status asks how long the *refund* takes; the
NLU reads it as ``delivery_period`` (0.89), which has no way to know, and the customer was
given the delivery times. Shoppers in all four languages asked it ("and how long will that
take?", "ანუ რამდენ დღეში მივიღებ ფულს?", «իսկ որքա՞ն ժամանակ կտևի», "ስንት ቀን
ይወስዳል?"). The rule for ``delivery_period`` runs :class:`ActionAnswerDeliveryPeriod`,
which answers with the refund's timeline when one of the bot's last answers was about a
refund and the question does not name delivery or shipping; the delivery times otherwise.
"How long do I have?" there (:func:`bot.return_questions.asks_time_left`) asks how long the
customer has to send the item back: the refund policy, which says.

"What if it doesn't come by then?" (``ask_if_late``, by rule: :mod:`bot.late_questions`) is
about the refund when the question or one of the last answers is about one, else about the
delivery: :class:`ActionAnswerIfLate` says what to do then (``utter_if_refund_late``,
``utter_if_delivery_late``); "what if it's damaged?" gets what to do then too
(``utter_if_damaged``).

A bare "is it free?" or "how much does it cost?" asks the price of what the answer before
was about (:func:`price_meant`): the fallback (the NLU reads such a question as an "ok" or
off-topic) answers it as that price's question, and so do the ways of paying.

Likewise "is there a fee?" after the answer about cancelling («իսկ վճար կա՞», "ክፍያ
አለው?") asks for the cancellation fee; the NLU reads it as asking which ways of paying
there are (``check_payment_methods``), and the customer got the list of cards.
:class:`ActionAnswerPaymentMethods` answers with the fee when one of the last answers was
about cancelling and the question names no way of paying.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Callable
from typing import NamedTuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.change_order import EXCHANGE
from bot.actions.company import CompanyConfigError, get_company
from bot.actions.context import latest_text, responses_before_latest_message
from bot.actions.delivery_options import DELIVERY_OPTIONS
from bot.actions.payment_issue import CHARGED_TWICE_WHEN, asks_when_after_double_charge
from bot.actions.payment_questions import methods_taken
from bot.actions.return_shipping import REFUND_POLICY, return_shipping_answer
from bot.actions.services import get_services
from bot.delivery_countries import names_a_place_alone
from bot.discount_codes import DISCOUNT_CODE, mentions_discount
from bot.late_questions import asks_if_damaged
from bot.price_questions import asks_the_price
from bot.return_questions import asks_time_left

DELIVERY_PERIOD = "utter_delivery_period"
REFUND_TIMELINE = "utter_refund_timeline"
PAYMENT_METHODS = "utter_check_payment_methods"
METHOD_ACCEPTED = "utter_payment_method_accepted"
METHOD_REFUSED = "utter_payment_method_not_accepted"
CANCELLATION_FEE = "utter_check_cancellation_fee"
IF_DELIVERY_LATE = "utter_if_delivery_late"
IF_REFUND_LATE = "utter_if_refund_late"
IF_DAMAGED = "utter_if_damaged"

_RECENT_ANSWERS = 3
"""How many of the bot's messages before the question, the survey's left out, are read for its
topic: the answer and two more."""

_DELIVERY_WORDS = re.compile(
    r"deliver|ship|courier|arriv|parcel|package|post"
    r"|მიწოდ|მიტან|გზავნ|კურიერ|ამანათ|miwod|mitan|gzavn|kurier"
    r"|առաքում|հասն|ուղարկ|կուրիեր|ծանրոց|arakum|hasn|ughark"
    r"|ማድረስ|መላክ|ይደርሳል|መልእክተኛ|ጥቅል|delivery",
    re.IGNORECASE,
)
"""Words that make a "how long?" about delivery whatever came before ("how long does
shipping take?", "რამდენ ხანში მომიტანთ?")."""


_PAYMENT_WORDS = re.compile(
    r"card|visa|master|amex|paypal|cash|apple|google|transfer|bank|install|crypto|method"
    r"|ბარათ|ნაღდ|გადარიცხ|განვადებ|barat|nagd"
    r"|քարտ|կանխիկ|փոխանց|idram|telcell|qart|kanxik"
    r"|ካርድ|ጥሬ|ቴሌብር|telebirr|cbe|በባንክ|karid",
    re.IGNORECASE,
)
"""Words that name a way of paying: the question is about the ways to pay, whatever came
before ("and can I pay by card?")."""


_REFUND_WORDS = re.compile(
    r"refund|money|reimburs|\bcash\b|თანხ|ფულ|tanx|ful[ie]|գումար|փող|gumar|pox|ገንዘብ|ተመላሽ|birr|genzeb",
    re.IGNORECASE,
)
"""Words that make a "what if it's late?" about the refund ("and if the money doesn't come?")."""
_PARCEL_WORDS = re.compile(
    r"parcel|package|order|deliver|courier|shipment|ამანათ|შეკვეთ|კურიერ|amanat|shekvet"
    r"|ծանրոց|պատվեր|առաքում|առաքիչ|canroc|patver|ጥቅል|ትዕዛዝ|ዕቃ|እቃ",
    re.IGNORECASE,
)
"""Words that make it about the delivery. Not "arrive" or "come": a refund arrives too ("and
if it doesn't arrive by then?" after a refund's timeline is about the refund)."""


def _is_cancel_answer(response: str) -> bool:
    return response.startswith("utter_cancel_order") or response == CANCELLATION_FEE


def _is_refund_answer(response: str) -> bool:
    return response.startswith(("utter_refund_", "utter_return_shipping")) or response in {
        "utter_get_refund",
        "utter_check_refund_policy",
        "utter_order_delivered_with_refund",
    }


def _is_delivery_answer(response: str) -> bool:
    return response.startswith("utter_delivery") or response == "utter_weekend_delivery"


def _recent_answers(tracker: Tracker) -> list[str]:
    """The bot's last answers before the latest message, latest first, the survey's left out."""
    said = responses_before_latest_message(tracker, _RECENT_ANSWERS + _SURVEY_STEPS)
    return [name for name in said if not name.startswith(_SURVEY_RESPONSES)][:_RECENT_ANSWERS]


def follows_answer(
    tracker: Tracker, about: Callable[[str], bool], own_words: re.Pattern[str]
) -> bool:
    """Whether the latest message follows one of the bot's last answers that is ``about``
    a topic (a response name), and does not name its own topic (``own_words``)."""
    if own_words.search(latest_text(tracker)):
        return False
    return any(about(name) for name in _recent_answers(tracker))


def place_meant(tracker: Tracker) -> bool:
    """Whether the latest message only names a place ("and to Switzerland?", "შვეიცარიაში?")
    right after an answer about delivery: it asks whether we deliver there
    (:func:`bot.delivery_countries.names_a_place_alone`)."""
    if not names_a_place_alone(latest_text(tracker)):
        return False
    return any(_is_delivery_answer(name) for name in _recent_answers(tracker))


class PriceMeant(NamedTuple):
    """What a bare price question asks about: the intent it is answered as, and its answer."""

    intent: str
    response: str


def price_meant(tracker: Tracker) -> PriceMeant | None:
    """What a bare "is it free?" or "how much does it cost?" asks after the latest of the
    bot's last answers that has a price (:mod:`bot.price_questions`): the cancellation fee
    after cancelling, what a return costs after a return, refund or exchange, the delivery
    options (with their prices) after delivery; ``None`` if it follows none, or names what
    it is about."""
    if not asks_the_price(latest_text(tracker)):
        return None
    for name in _recent_answers(tracker):
        if _is_cancel_answer(name):
            return PriceMeant("check_cancellation_fee", CANCELLATION_FEE)
        if _is_refund_answer(name) or name.startswith("utter_return") or name == EXCHANGE:
            company = get_company(get_services().settings)
            return PriceMeant("check_refund_policy", return_shipping_answer(company))
        if _is_delivery_answer(name):
            return PriceMeant("delivery_options", DELIVERY_OPTIONS)
    return None


_SURVEY_STEPS = 3
_SURVEY_RESPONSES = ("utter_ask_csat", "utter_thanks_csat", "utter_ask_nps", "utter_thanks_nps")
"""The CSAT survey's questions and thanks between an answer and a question about it: "what
if it hasn't come in 10 days?" typed for "What was missing?" after a refund's status
(round 19, Amharic) was answered about the parcel, the refund's answer being four messages
back."""


class _AnswerAfter(Action):
    """An intent's answer, or, right after an answer ``about`` another topic, the answer the
    question means there (module docstring)."""

    answer: str
    meant: str
    about: Callable[[str], bool]
    own_words: re.Pattern[str]

    @abstractmethod
    def name(self) -> str:
        """The action's name; abstract, so the action server registers only the answers."""

    def own_answer(self, tracker: Tracker) -> str:
        """The intent's own answer to the latest message (a response name)."""
        return self.answer

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        follows = follows_answer(tracker, self.about, self.own_words)
        dispatcher.utter_message(response=self.meant if follows else self.own_answer(tracker))
        return []


class ActionAnswerDeliveryPeriod(_AnswerAfter):
    """How long delivery takes, or, right after a refund's answer, how long the refund does;
    "how long do I have?" there asks how long the customer has to return it, and "when do
    I get it back?" after a double charge when the second charge goes."""

    answer = DELIVERY_PERIOD
    meant = REFUND_TIMELINE
    about = staticmethod(_is_refund_answer)
    own_words = _DELIVERY_WORDS

    def name(self) -> str:
        return "action_answer_delivery_period"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if asks_time_left(latest_text(tracker)) and follows_answer(
            tracker, self.about, self.own_words
        ):
            dispatcher.utter_message(response=REFUND_POLICY)  # the return window (round 22)
            return []
        if asks_when_after_double_charge(tracker) and not self.own_words.search(
            latest_text(tracker)
        ):
            # "when do I get it back?" after a double charge (round 23: the delivery times)
            dispatcher.utter_message(response=CHARGED_TWICE_WHEN)
            return []
        return await super().run(dispatcher, tracker, domain)


class ActionAnswerPaymentMethods(_AnswerAfter):
    """The ways of paying, or, right after the answer about cancelling, the cancellation fee."""

    answer = PAYMENT_METHODS
    meant = CANCELLATION_FEE
    about = staticmethod(_is_cancel_answer)
    own_words = _PAYMENT_WORDS

    def name(self) -> str:
        return "action_answer_payment_methods"

    def own_answer(self, tracker: Tracker) -> str:
        """The list, or the price or discount answer it means (:meth:`run` says the rest)."""
        meant = price_meant(tracker)
        if meant is not None:
            return meant.response
        if mentions_discount(latest_text(tracker)):
            return DISCOUNT_CODE  # "do you have discounts?" (round 22: the list of cards)
        return self.answer

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """A yes, naming the shop's methods it is ("PayPal"; round 22: the same yes word
        for word to "and PayPal?" after "card?" read as the answer repeated, "that is all
        I can tell you"), or a no, to the one way of paying the question names, with the
        list (:mod:`bot.actions.payment_questions`); else :meth:`own_answer`."""
        if follows_answer(tracker, self.about, self.own_words):
            dispatcher.utter_message(response=self.meant)
            return []
        response = self.own_answer(tracker)
        taken = self.methods_taken(tracker) if response == self.answer else None
        if taken is None:
            dispatcher.utter_message(response=response)
        elif taken:
            dispatcher.utter_message(response=METHOD_ACCEPTED, payment_method=", ".join(taken))
        else:
            dispatcher.utter_message(response=METHOD_REFUSED)
        return []

    @staticmethod
    def methods_taken(tracker: Tracker) -> tuple[str, ...] | None:
        """The shop's methods that the one way of paying asked about is (``()``: none)."""
        try:
            methods = get_company(get_services().settings).payment_methods
        except CompanyConfigError:  # logged at the session's start; the list is said
            return None
        return methods_taken(latest_text(tracker), methods)


class ActionAnswerIfLate(Action):
    """What to do if the refund or the delivery is late, or an item arrives damaged (module
    docstring)."""

    def name(self) -> str:
        return "action_answer_if_late"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = latest_text(tracker)
        if asks_if_damaged(text):  # "what if it's damaged?" (round 22)
            dispatcher.utter_message(response=IF_DAMAGED)
            return []
        if _REFUND_WORDS.search(text):
            refund = True
        else:
            refund = follows_answer(tracker, _is_refund_answer, _PARCEL_WORDS)
        dispatcher.utter_message(response=IF_REFUND_LATE if refund else IF_DELIVERY_LATE)
        return []
