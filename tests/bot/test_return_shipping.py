"""What a return costs, asked in every language, answered from the company's policy
(action_answer_refund_policy). Round 16: "is return shipping free?" got the refund policy,
which says nothing of the cost."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.actions.company import DEFAULT_COMPANY_FILE, company_slots, load_company
from bot.actions.return_shipping import ActionAnswerRefundPolicy
from bot.actions.services import Services, use_services
from bot.return_questions import (
    asks_about_return_shipping,
    asks_about_the_label,
    asks_return_cost,
)
from tests.bot.conftest import RunAction, action, bot, make_tracker, user

ABOUT_THE_COST = [
    "is return shipping free?",
    "who pays for returns",
    "do i have to pay to send it back",
    "how much does it cost to return an item",
    "do you send a return label",
    "ნივთის უკან გაგზავნა უფასოა?",  # is sending the item back free?
    "დაბრუნება უფასოა?",  # is returning free?
    "dabruneba ufasoa?",  # the same in Latin letters
    "վերադարձի առաքումն անվճա՞ր է",  # is the return delivery free?
    "վերադարձը ով է վճարում",  # who pays for the return
    "ለመመለስ የትራንስፖርት ወጪ የሚከፍለው ማነው?",  # who pays the transport cost to return?
    "መመለሻ ነፃ ነው?",  # is the return free?
]
NOT_ABOUT_THE_COST = [
    "what is your refund policy",
    "can i return a sale item",
    "I paid by card, how do returns work",
    "if i return it will i get the delivery cost back as money?",
    "მიწოდების თანხა დამიბრუნდება?",  # will the delivery money come back to me?
    "Առաքման գումարը կվերադարձվի՞",  # will the delivery money be returned?
    "ገንዘቤ ይመለሳል?",  # will my money be returned?
]


@pytest.mark.parametrize("text", ABOUT_THE_COST)
def test_a_question_about_what_a_return_costs_is_read(text: str) -> None:
    assert asks_about_return_shipping(text)


@pytest.mark.parametrize("text", NOT_ABOUT_THE_COST)
def test_other_refund_questions_are_not(text: str) -> None:
    assert not asks_about_return_shipping(text)


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("is return shipping free?", "utter_return_shipping_free"),
        ("վերադարձը ով է վճարում", "utter_return_shipping_free"),
        ("what is your refund policy?", "utter_check_refund_policy"),
        ("/check_refund_policy", "utter_check_refund_policy"),  # the button
        # round 22: the label itself (the rule classifier makes these check_refund_policy)
        ("how do I print the label?", "utter_return_label"),
        ("ლეიბლი როგორ დავბეჭდო?", "utter_return_label"),  # how do I print the label?
        ("իսկ պիտակը որտեղից տպեմ", "utter_return_label"),  # and where do I print the label
        ("ላቤሉን እንዴት ነው የማትመው?", "utter_return_label"),  # how do I print the label?
        ("is the return label free?", "utter_return_shipping_free"),
    ],
)
def test_the_refund_policy_answer_says_what_a_return_costs_when_asked(
    run_action: RunAction, text: str, response: str
) -> None:
    tracker = make_tracker([user(text, "check_refund_policy")])
    _events, messages = run_action(ActionAnswerRefundPolicy(), tracker)
    assert [m["response"] for m in messages] == [response]


@pytest.mark.parametrize(
    ("before", "response"),
    [
        ("utter_charged_twice", "utter_charged_twice_when"),
        ("utter_get_refund", "utter_check_refund_policy"),
    ],
)
def test_when_do_i_get_it_back_after_a_double_charge(
    run_action: RunAction, before: str, response: str
) -> None:
    """Round 23: "when do I get it back?" after a double charge, read as the refund policy,
    had been given the return window; it asks when the second charge goes."""
    tracker = make_tracker(
        [
            action("action_listen"),
            user("i was charged twice", "payment_issue"),
            action("action_answer_payment_issue"),
            bot("Sorry you were charged twice ...", before),
            action("action_listen"),
            user("when do I get it back?", "check_refund_policy"),
        ]
    )
    _events, messages = run_action(ActionAnswerRefundPolicy(), tracker)
    assert [m["response"] for m in messages] == [response]


def test_a_company_that_charges_for_returns_says_what_the_label_costs(
    run_action: RunAction, services: Services, tmp_path: Path
) -> None:
    raw = yaml.safe_load(DEFAULT_COMPANY_FILE.read_text(encoding="utf-8"))
    raw["policies"]["return_shipping_price"] = 6.5
    path = tmp_path / "company.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    settings = services.settings.model_copy(update={"company_file": path})
    tracker = make_tracker([user("who pays for the return label?", "check_refund_policy")])
    with use_services(Services(settings, engine=services.engine, analyzer=services.analyzer)):
        _events, messages = run_action(ActionAnswerRefundPolicy(), tracker)
    assert [m["response"] for m in messages] == ["utter_return_shipping_paid"]
    assert company_slots(load_company(path), "en")["return_shipping_price"] == "6.50 USD"


def test_a_company_file_without_the_price_has_free_returns(tmp_path: Path) -> None:
    """A company file written before the field existed still loads: returns are free."""
    raw = yaml.safe_load(DEFAULT_COMPANY_FILE.read_text(encoding="utf-8"))
    del raw["policies"]["return_shipping_price"]
    path = tmp_path / "company.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    assert company_slots(load_company(path), "ka")["return_shipping_price"] == "0.00 USD"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # Round 18: the ways of paying, the cancellation fee, not understood
        ("do i have to pay to send them back?", True),
        ("do i have to pay for the return shipping or is it free", True),
        ("დაბრუნების მიწოდება უფასოა?", True),  # is return delivery free?
        ("I had to pay for return shipping myself!!", False),  # a complaint, no question
        # a refund of what was paid, with its amount (Armenian training sentences)
        ("Խնդրում եմ վերադարձնել A1000234 պատվերի համար վճարված 45 000 դրամը", False),
        ("Չեղարկման վճարը վերադարձվո՞ղ է", False),  # is the cancellation fee refundable?
    ],
)
def test_a_question_about_what_a_return_costs_is_told_by_rule(text: str, asks: bool) -> None:
    assert asks_return_cost(text) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("how do I print the label?", True),
        ("i never got the return label", True),
        ("dabrunebis etiketi sad vipovo?", True),  # where do I find the return label?
        ("is the label free?", False),  # what it costs
        ("Ուզում եմ երեք հատ սպիտակ շապիկ պատվիրել", False),  # «սպիտակ», white
    ],
)
def test_a_question_about_the_label_is_read(text: str, asks: bool) -> None:
    assert asks_about_the_label(text) is asks
