"""The answer to "what is your refund policy?"; or, when the customer asks what sending items
back costs ("is return shipping free?", "who pays for the return?", «վերադարձի առաքումն
անվճա՞ր է», "ნივთის უკან გაგზავნა უფასოა?", "ለመመለስ የትራንስፖርት ወጪ የሚከፍለው ማነው?"; a bare
"is it free?" after a return's answer, which ``bot.actions.follow_up_questions.price_meant``
reads as this question), that cost: a prepaid label, or what the label costs
(``policies.return_shipping_price`` in ``company.yml``).

Why: rounds 16 and 17: "is return shipping free?", read as the refund policy question it is
part of, was given the policy again, which says nothing on the cost, and the customer had to
ask a person. Read as asking about delivery ("የመመለሻ መላኪያው ነፃ ነው?"), it got the delivery
options: the delivery options answer says the cost of a return too.
"""

from __future__ import annotations

from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import Company, get_company
from bot.actions.context import latest_text
from bot.actions.payment_issue import CHARGED_TWICE_WHEN, asks_when_after_double_charge
from bot.actions.services import get_services
from bot.price_questions import asks_the_price
from bot.return_questions import asks_about_return_shipping, asks_about_the_label

REFUND_POLICY: Final = "utter_check_refund_policy"
RETURN_SHIPPING_FREE: Final = "utter_return_shipping_free"
RETURN_SHIPPING_PAID: Final = "utter_return_shipping_paid"
RETURN_LABEL: Final = "utter_return_label"


def return_shipping_answer(company: Company) -> str:
    """The response that says what sending items back costs at ``company``."""
    return (
        RETURN_SHIPPING_FREE
        if company.policies.return_shipping_price == 0
        else RETURN_SHIPPING_PAID
    )


class ActionAnswerRefundPolicy(Action):
    """The refund policy; or, asked what a return costs, that cost (module docstring)."""

    def name(self) -> str:
        return "action_answer_refund_policy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = latest_text(tracker)
        if asks_when_after_double_charge(tracker):  # "when do I get it back?" (round 23)
            dispatcher.utter_message(response=CHARGED_TWICE_WHEN)
        elif asks_about_the_label(text):  # "how do I print the label?" (round 22)
            dispatcher.utter_message(response=RETURN_LABEL)
        elif asks_about_return_shipping(text) or asks_the_price(text):
            answer = return_shipping_answer(get_company(get_services().settings))
            dispatcher.utter_message(response=answer)
        else:
            dispatcher.utter_message(response=REFUND_POLICY)
        return []
