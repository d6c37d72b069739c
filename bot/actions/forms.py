"""The one form base: a support question in the middle of a form is answered, not swallowed.

Every form here (the NPS and CSAT surveys, the order-number form) asks a question whose
answer may be free text, so Rasa's ``from_text`` mappings would take "what's your refund
policy?" as the answer. :class:`DigressionAwareForm` rejects the form instead when the NLU
is confident the message is another support question and it holds no answer to the
question asked; Rasa answers it with the support rules and, as the rule after the answer
ends, comes back to the form, which asks again. A request for another language ("English
please", intent ``switch_language``) is let through the same way, whatever the NLU's
confidence: the rules confirm the switch and the form asks again in the new language. So
is a request to wait ("one sec, let me check", intent ``hold_on``).

Use::

    class ValidateOrderNumberForm(DigressionAwareForm):
        form = "order_number_form"

        def name(self) -> str:
            return "validate_order_number_form"

        def has_answer(self, tracker: Tracker, slot: str) -> bool:
            return order_number_from_message(tracker, None) is not None
"""

from __future__ import annotations

from abc import abstractmethod

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import TRIGGER_INTENT, handled_since_latest_message, latest_intent
from bot.hold_on import HOLD_ON_INTENT
from bot.language_requests import OTHER_LANGUAGE_INTENT, SWITCH_LANGUAGE_INTENT

REQUESTED_SLOT = "requested_slot"

# Intents of the conversation itself and of the surveys. Every other intent in the domain is
# a support question (the support taxonomy), which may interrupt a form; intents that only
# answer a form's question ("inform_*") never do.
CONVERSATION_INTENTS = frozenset(
    {
        "greet", "goodbye", "thank", "bot_challenge", "affirm", "deny", "out_of_scope",
        "give_feedback", "skip", TRIGGER_INTENT, "nlu_fallback", SWITCH_LANGUAGE_INTENT,
        OTHER_LANGUAGE_INTENT, HOLD_ON_INTENT,
    }
)  # fmt: skip
# Support intents answered by a form of their own (order_number_form, rules/support.yml).
# Only one form can be active, so a survey would not come back after one of these took
# over: during a survey they are read as answers (an unclear score, a reason) instead.
OWN_FORM_INTENTS = frozenset({"track_order", "track_refund"})
# How sure the NLU must be before a message in the middle of a form counts as a support
# question rather than an (unusual) answer.
DIGRESSION_MIN_CONFIDENCE = 0.7


def support_intents(domain: DomainDict) -> set[str]:
    """The support questions that may interrupt a form.

    The domain's intents minus ours, the answers to a form's question (``inform_*``) and
    those that start a form of their own (:data:`OWN_FORM_INTENTS`).
    """
    names: set[str] = set()
    for intent in domain.get("intents") or []:
        name = next(iter(intent)) if isinstance(intent, dict) else intent
        if isinstance(name, str) and name not in CONVERSATION_INTENTS | OWN_FORM_INTENTS:
            if not name.startswith("inform"):
                names.add(name)
    return names


class DigressionAwareForm(FormValidationAction):
    """A form validation that lets support questions through (see the module docstring).

    Subclasses set ``form`` and implement ``name`` and :meth:`has_answer`; they may narrow
    :meth:`interrupting_intents` and choose :meth:`asked_slot`.
    """

    form: str = ""

    @abstractmethod
    def name(self) -> str:
        """``validate_<form>``; abstract, so the action server registers only the forms."""

    @abstractmethod
    def has_answer(self, tracker: Tracker, slot: str) -> bool:
        """Whether the latest message answers ``slot`` (then it is never a digression)."""

    def interrupting_intents(self, domain: DomainDict) -> set[str]:
        """The intents that may interrupt this form."""
        return support_intents(domain)

    def asked_slot(self, tracker: Tracker) -> str | None:
        """The slot whose question the latest message may answer."""
        requested = tracker.get_slot(REQUESTED_SLOT)
        return requested if isinstance(requested, str) else None

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slot = self.asked_slot(tracker)
        if slot is not None and (
            self.asks_for_language(tracker) or self.is_digression(tracker, domain, slot)
        ):
            # Forget the message as an answer, and let the support rules take it.
            return [SlotSet(slot, None), ActionExecutionRejected(self.form)]
        events: list[EventType] = await super().run(dispatcher, tracker, domain)
        return events

    def asks_for_language(self, tracker: Tracker) -> bool:
        """Whether the message asks for another language ("English please", "ქართულად",
        or one we do not speak: "можно по-русски?"), or asks the bot to wait ("one sec, let
        me check", ``hold_on``).

        Never an answer: the rules confirm the switch (or say "take your time") and the form
        then asks its question again, in the new language.
        """
        if handled_since_latest_message(
            tracker, ignore=(self.form, "action_listen", "action_extract_slots")
        ):
            return False
        intent, _confidence = latest_intent(tracker)
        return intent in (SWITCH_LANGUAGE_INTENT, OTHER_LANGUAGE_INTENT, HOLD_ON_INTENT)

    def is_digression(self, tracker: Tracker, domain: DomainDict, slot: str) -> bool:
        """Whether the message the form is reading is a support question, not an answer."""
        if handled_since_latest_message(
            tracker, ignore=(self.form, "action_listen", "action_extract_slots")
        ):
            return False  # coming back after a digression: nothing new to read
        intent, confidence = latest_intent(tracker)
        if intent not in self.interrupting_intents(domain):
            return False
        return confidence >= DIGRESSION_MIN_CONFIDENCE and not self.has_answer(tracker, slot)
