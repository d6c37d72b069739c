"""The answer to "what is your refund policy?"; or, when the customer asks what sending items
back costs ("is return shipping free?", "who pays for the return?", «վերադարձի առաքումն
անվճա՞ր է», "ნივთის უკან გაგზავნა უფასოა?", "ለመመለስ የትራንስፖርት ወጪ የሚከፍለው ማነው?"), that
cost: a prepaid label, or what the label costs (``policies.return_shipping_price`` in
``company.yml``).

Why: rounds 16 and 17: "is return shipping free?", read as the refund policy question it is
part of, was given the policy again, which says nothing on the cost, and the customer had to
ask a person. Read as asking about delivery ("የመመለሻ መላኪያው ነፃ ነው?"), it got the delivery
options: the delivery options answer says the cost of a return too.
"""

from __future__ import annotations

import re
from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import Company, get_company
from bot.actions.context import latest_text
from bot.actions.services import get_services
from bot.message_words import normalised, without_in_word_marks

REFUND_POLICY: Final = "utter_check_refund_policy"
RETURN_SHIPPING_FREE: Final = "utter_return_shipping_free"
RETURN_SHIPPING_PAID: Final = "utter_return_shipping_paid"

_SENDING_BACK: Final = re.compile(
    r"\breturn(?:s|ing)?\b|\b(?:send|ship|post|mail)\w*\s+(?:(?:it|them|this|the\s+\w+)\s+)?back"
    r"|დაბრუნ|უკან\s+გა?გზავნ|dabrun"
    r"|վերադարձ|հետ\s+ուղարկ|veradardz|het\s+ughark"
    r"|መመለሻ|ለመመለስ|መመለስ|መልሶ\s+መላክ|መልሼ\s+ለመላክ",
    re.IGNORECASE,
)
"""Sending items back: "return", "send it back", "დაბრუნება", «վերադարձ», "መመለስ"."""

_SURELY_ITS_COST: Final = re.compile(
    r"\b(?:free|label|postage|shipping)\b|who\s+pays|\bdo\s+i\s+(?:have\s+to\s+)?pay\b"
    r"|უფასო|ufaso|ვინ\s+იხდის|უნდა\s+გადავიხადო"
    r"|անվճար|anvchar|ով\s+է\s+վճարում|պետք\s+է\s+վճարեմ"
    r"|ነፃ|ነጻ|የሚከፍል|ማን\s+ይከፍላል|እከፍላለሁ",
    re.IGNORECASE,
)
"""Words that make a question about sending back one about its cost: "free", "label", "who
pays", «անվճար», "ነፃ"."""

_ITS_COST: Final = re.compile(
    r"\b(?:cost|costs|charge|charged|fee)\b|how\s+much"
    r"|ღირს|ხარჯ|საფასურ|მიწოდებ|ტრანსპორტ|girs|xarj"
    r"|արժ|ծախս|առաքում|վճար"
    r"|ወጪ|የትራንስፖርት|የመላኪያ|ፖስታ",
    re.IGNORECASE,
)
"""Words of a cost that may also be the money of a refund ("how much do I get back?"): they
count only without :data:`_MONEY_BACK`."""

_MONEY_BACK: Final = re.compile(
    r"\b(?:money|refund\w*|amount)\b|თანხ|ფულ|tanx|ful|գումար|փող|gumar|ገንዘብ|ተመላሽ|ክፍያዬ",
    re.IGNORECASE,
)
"""The money coming back: "will the delivery charge be returned?" («առաքման գումարը
կվերադարձվի՞», "მიწოდების თანხა დამიბრუნდება?") asks about the refund, not the return's
postage."""


def asks_about_return_shipping(text: str) -> bool:
    """Whether ``text`` asks what sending items back costs (module docstring)."""
    folded = normalised(without_in_word_marks(text))
    if not _SENDING_BACK.search(folded):
        return False
    if _SURELY_ITS_COST.search(folded):
        return True
    return bool(_ITS_COST.search(folded)) and not _MONEY_BACK.search(folded)


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
        if asks_about_return_shipping(latest_text(tracker)):
            answer = return_shipping_answer(get_company(get_services().settings))
            dispatcher.utter_message(response=answer)
        else:
            dispatcher.utter_message(response=REFUND_POLICY)
        return []
