"""How to download an invoice, or how to have a company's name and tax number on it.

"And the VAT number?" after how to download an invoice, and "can I add my VAT number?", are
``get_invoice`` by rule (:mod:`bot.invoice_details`); the answer to how to download one
mentions the details only in passing, so such a question gets where they go and what to do
about an invoice already issued without them (``utter_invoice_details``).
"""

from __future__ import annotations

from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import latest_text
from bot.invoice_details import asks_about_invoice_details

GET_INVOICE: Final = "utter_get_invoice"
INVOICE_DETAILS: Final = "utter_invoice_details"


class ActionAnswerGetInvoice(Action):
    """How to download an invoice; asked about the tax number on it, where it goes."""

    def name(self) -> str:
        return "action_answer_get_invoice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        details = asks_about_invoice_details(latest_text(tracker))
        dispatcher.utter_message(response=INVOICE_DETAILS if details else GET_INVOICE)
        return []
