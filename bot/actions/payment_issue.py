"""The answer to a payment problem: the checklist for a payment that failed; or, for a
customer charged twice, that the extra charge is put right, and a person offered; or, for a
discount code refused, what to check (:mod:`bot.discount_codes`).

Why: round 21, every language: "i was charged twice for order A1000002!!! fix it now",
"ორჯერ ჩამომეჭრა თანხა", "ካርዴ ሁለት ጊዜ ተቆርጧል" got the three checks for a payment that
failed (card details, the bank's hold, another method), which answer nothing of money taken
twice, and "Did that solve your problem?". The answer says what happens to a double charge
(``utter_charged_twice``), and ``action_support_followup`` offers a person in place of the
CSAT question (:data:`PERSON_NEXT`).
"""

from __future__ import annotations

import re
from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import latest_text, responses_before_latest_message
from bot.discount_codes import DISCOUNT_CODE, mentions_discount
from bot.message_words import asks_when, normalised, without_in_word_marks

PAYMENT_ISSUE: Final = "utter_payment_issue"
CHARGED_TWICE: Final = "utter_charged_twice"
PERSON_NEXT: Final = frozenset({CHARGED_TWICE})
CHARGED_TWICE_WHEN: Final = "utter_charged_twice_when"
_AFTER_CHARGED_TWICE: Final = 3
"""The bot's messages before the question read for the double charge's answer: it, the offer
of a person after it, and one more."""


def asks_when_after_double_charge(tracker: Tracker) -> bool:
    """Whether the latest message asks when, right after the answer to a double charge:
    "when do I get it back?", "რამდენ ხანში დამიბრუნდება?", "መቼ ነው የሚመለሰው?" ask when
    the second charge goes (``CHARGED_TWICE_WHEN``).

    Why: round 23 (Georgian, Amharic, English): read as how long delivery takes, or as the
    refund policy, they got the delivery times or the return window."""
    if not asks_when(latest_text(tracker)):
        return False
    return CHARGED_TWICE in responses_before_latest_message(tracker, _AFTER_CHARGED_TWICE)


"""Answers after which a person is offered, not the CSAT question: only a person can put a
double charge right."""

_TWICE: Final = re.compile(
    r"\b(?:charged|billed|paid|debited|taken|deducted)\s+(?:me\s+)?(?:twice|two\s+times|2\s*x)"
    r"|\b(?:double|duplicate)\s*-?\s*(?:charged?|charges|payment|billing)"
    r"|\btwo\s+(?:charges|payments)\b|\b(?:twice|two\s+times)\b.*\b(?:charged|paid|taken)\b"
    r"|ორჯერ\s+(?:ჩამომეჭრა|ჩამოიჭრა|გადავიხადე|ჩამოგვეჭრა|გადაიჭრა|მომხსნეს|ჩამომაჭრეს)"
    r"|\borjer\s+(?:chamomechra|chamoichra|gadavixade|gadavikhade)"
    r"|երկու\s+անգամ\s+(?:գանձ|վճար|հան)|կրկնակի\s+(?:գանձ|վճար)|\berku\s+angam\s+(?:gandz|vchar)"
    r"|ሁለት\s+ጊዜ\s+(?:ተከፍ|ተቆር|ከፈል|ተቀነሰ|ተቀንሷል)|\bhulet\s+gize\s+(?:tekef|tekor|kefel)",
    re.IGNORECASE,
)
"""Money taken twice, in the four languages and in Latin letters."""


def says_charged_twice(text: object) -> bool:
    """Whether ``text`` says the customer was charged twice (see :data:`_TWICE`)."""
    return isinstance(text, str) and bool(_TWICE.search(normalised(without_in_word_marks(text))))


class ActionAnswerPaymentIssue(Action):
    """What to do when a payment fails; for a double charge, that it is put right."""

    def name(self) -> str:
        return "action_answer_payment_issue"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = latest_text(tracker)
        if mentions_discount(text):  # "my discount code isn't working" (round 22)
            dispatcher.utter_message(response=DISCOUNT_CODE)
            return []
        dispatcher.utter_message(
            response=CHARGED_TWICE if says_charged_twice(text) else PAYMENT_ISSUE
        )
        return []
