"""How to download an invoice, or where a company's tax number goes on it
(bot/actions/invoices.py, bot/invoice_details.py)."""

from __future__ import annotations

import pytest

from bot.actions.invoices import ActionAnswerGetInvoice
from bot.invoice_details import asks_about_invoice_details
from tests.bot.conftest import RunAction, action, make_tracker, user

# Round 22: "and the VAT number?" after how to download an invoice was not understood. The
# rule classifier makes these get_invoice (tests/nlu/test_rule_intents.py).
DETAILS = [
    "and the VAT number?",
    "can i add my vat number",
    "my tax id on the invoice",
    "დღგ-ს ნომერი?",
    "საიდენტიფიკაციო კოდი როგორ ჩავწერო ინვოისში?",
    "իսկ ՀՎՀՀ-ն",
    "ՀՎՀՀ-ն ինչպե՞ս ավելացնեմ հաշիվ-ապրանքագրում",
    "የቲን ቁጥሬስ?",
    "ቫት ቁጥር እንዴት ልጨምር?",
]
NOT_DETAILS = [
    "do prices include VAT?",  # the price, not the invoice
    "is VAT refundable",
    "ԱԱՀ-ն ներառվա՞ծ է գնի մեջ",  # is VAT included in the price?
    "does my invoice show the vat",  # where invoices are (check_invoice)
    "ደረሰኙ ላይ ያለውን ቫት ማየት እፈልጋለሁ",  # I want to see the VAT on the receipt
    "how do I download my invoice",  # no tax number
]


@pytest.mark.parametrize("text", DETAILS)
def test_asks_about_invoice_details(text: str) -> None:
    assert asks_about_invoice_details(text)


@pytest.mark.parametrize("text", NOT_DETAILS)
def test_not_a_question_about_invoice_details(text: str) -> None:
    assert not asks_about_invoice_details(text)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("and the VAT number?", "utter_invoice_details"),
        ("ቫት ቁጥር እንዴት ልጨምር?", "utter_invoice_details"),
        ("how do I download my invoice", "utter_get_invoice"),
    ],
)
def test_get_invoice_answer(run_action: RunAction, text: str, answer: str) -> None:
    tracker = make_tracker([action("action_listen"), user(text, "get_invoice")])
    events, messages = run_action(ActionAnswerGetInvoice(), tracker)
    assert events == []
    assert [message["response"] for message in messages] == [answer]
