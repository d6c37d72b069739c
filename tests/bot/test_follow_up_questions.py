""" "How long will that take?" after a refund's answer is about the refund
(bot/actions/follow_up_questions.py)."""

from __future__ import annotations

import pytest

from bot.actions.follow_up_questions import ActionAnswerDeliveryPeriod, ActionAnswerPaymentMethods
from tests.bot.conftest import RunAction, action, bot, make_tracker, user


def _after(response: str, question: str) -> list[dict[str, object]]:
    return [
        action("action_listen"),
        user("refund status A1000007", "track_refund"),
        action("action_lookup_order"),
        bot("The refund of 29.70 USD ... is approved.", response),
        action("action_support_followup"),
        bot("Did that solve your problem?", "utter_ask_csat_score"),
        action("action_listen"),
        user(question, "delivery_period", confidence=0.89),
    ]


@pytest.mark.parametrize(
    ("response", "question", "answer"),
    [
        ("utter_refund_approved", "how long will that take?", "utter_refund_timeline"),
        ("utter_refund_requested", "ანუ რამდენ დღეში მივიღებ ფულს?", "utter_refund_timeline"),
        ("utter_refund_approved", "իսկ որքա՞ն ժամանակ կտևի", "utter_refund_timeline"),
        ("utter_get_refund", "ስንት ቀን ይወስዳል?", "utter_refund_timeline"),
        # the question names delivery: delivery times, whatever came before
        ("utter_refund_approved", "and how long does shipping take?", "utter_delivery_period"),
        # after another answer: delivery times
        ("utter_check_payment_methods", "how long will that take?", "utter_delivery_period"),
    ],
)
def test_how_long_follows_the_answer_before_it(
    run_action: RunAction, response: str, question: str, answer: str
) -> None:
    events, messages = run_action(
        ActionAnswerDeliveryPeriod(), make_tracker(_after(response, question))
    )
    assert events == []
    assert [message["response"] for message in messages] == [answer]


def test_delivery_period_asked_first_is_the_delivery_times(run_action: RunAction) -> None:
    tracker = make_tracker(
        [action("action_listen"), user("how long does delivery take", "delivery_period")]
    )
    _events, messages = run_action(ActionAnswerDeliveryPeriod(), tracker)
    assert [message["response"] for message in messages] == ["utter_delivery_period"]


def _after_cancel(question: str) -> list[dict[str, object]]:
    return [
        action("action_listen"),
        user("ուզում եմ չեղարկել A1000003 պատվերը", "cancel_order"),
        action("action_answer_cancel_order"),
        bot("Order A1000003 can still be cancelled ...", "utter_cancel_order_not_shipped"),
        action("action_support_followup"),
        bot("Did that solve your problem?", "utter_ask_csat_score"),
        action("action_listen"),
        user(question, "check_payment_methods", confidence=0.9),
    ]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("իսկ վճար կա՞", "utter_check_cancellation_fee"),  # and is there a fee?
        ("ክፍያ አለው?", "utter_check_cancellation_fee"),
        ("and can I pay by card?", "utter_payment_method_accepted"),  # a way of paying named
    ],
)
@pytest.mark.usefixtures("services")
def test_is_there_a_fee_after_the_cancel_answer(
    run_action: RunAction, question: str, answer: str
) -> None:
    """Tenth round (Armenian, Amharic): the cancellation fee had been answered with the list
    of cards."""
    _events, messages = run_action(
        ActionAnswerPaymentMethods(), make_tracker(_after_cancel(question))
    )
    assert [message["response"] for message in messages] == [answer]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("what payment methods do you accept", "utter_check_payment_methods"),
        ("visa or cash?", "utter_check_payment_methods"),  # two named: the whole list
        ("do you take paypal", "utter_payment_method_accepted"),
        ("can i pay with my visa card", "utter_payment_method_accepted"),
        ("ბარათით შეიძლება?", "utter_payment_method_accepted"),  # by card?
        ("can i pay cash on delivery", "utter_payment_method_not_accepted"),
        ("ნაღდით გადახდა შეიძლება?", "utter_payment_method_not_accepted"),  # cash?
        ("mitanisas gadaxda sheidzleba?", "utter_payment_method_not_accepted"),
        ("կանխի՞կ կարելի է վճարել", "utter_payment_method_not_accepted"),
        ("በጥሬ ገንዘብ መክፈል ይቻላል?", "utter_payment_method_not_accepted"),
        ("do you accept bank transfer", "utter_payment_method_not_accepted"),
    ],
)
@pytest.mark.usefixtures("services")
def test_one_way_of_paying_named_gets_a_yes_or_a_no(
    run_action: RunAction, question: str, answer: str
) -> None:
    """Rounds 12 and 13: "can i pay cash on delivery" got the list of methods, which does not
    say no, and customers asked again. The shop's methods come from bot/company.yml (Visa,
    Mastercard, American Express, PayPal, Apple Pay, Google Pay)."""
    tracker = make_tracker([action("action_listen"), user(question, "check_payment_methods")])
    _events, messages = run_action(ActionAnswerPaymentMethods(), tracker)
    assert [message["response"] for message in messages] == [answer]
