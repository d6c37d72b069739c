""" "How long will that take?" after a refund's answer is about the refund, "is it free?"
after how to cancel about the cancellation fee (bot/actions/follow_up_questions.py)."""

from __future__ import annotations

import pytest

from bot.actions.follow_up_questions import ActionAnswerDeliveryPeriod, ActionAnswerPaymentMethods
from bot.actions.support import ActionFallback
from bot.price_questions import asks_the_price
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
        # how long the customer has, after the steps to return: the return window (round 22)
        ("utter_get_refund", "how long do I have?", "utter_check_refund_policy"),
        ("utter_get_refund", "რამდენი დღე მაქვს?", "utter_check_refund_policy"),
        ("utter_check_refund_policy", "քանի՞ օր ունեմ", "utter_check_refund_policy"),
        ("utter_get_refund", "ስንት ቀን አለኝ?", "utter_check_refund_policy"),
        ("utter_get_refund", "ስንት ቀን ነው ያለኝ?", "utter_check_refund_policy"),
        # when the money comes back, after a double charge (round 23: the delivery times)
        ("utter_charged_twice", "რამდენ ხანში დამიბრუნდება?", "utter_charged_twice_when"),
        ("utter_charged_twice", "መቼ ነው የሚመለሰው?", "utter_charged_twice_when"),
        # ... but not after another answer, nor naming delivery
        ("utter_check_payment_methods", "how long do I have?", "utter_delivery_period"),
        ("utter_get_refund", "how long do I have to wait for delivery", "utter_delivery_period"),
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
        ("can I pay with store credit?", "utter_payment_method_not_accepted"),  # round 22
        ("გაქვთ თუ არა ფასდაკლებები", "utter_discount_code"),  # do you have discounts?
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


@pytest.mark.parametrize(
    ("question", "named"),
    [("do you take paypal", "PayPal"), ("ბარათით შეიძლება?", "Visa, Mastercard, American Express")],
)
@pytest.mark.usefixtures("services")
def test_a_yes_names_the_way_of_paying(run_action: RunAction, question: str, named: str) -> None:
    """Round 22 (Armenian): "and PayPal?" after "card?" got the same yes word for word, read as
    the answer repeated ("I can't tell you more about this") and a person offered."""
    tracker = make_tracker([action("action_listen"), user(question, "check_payment_methods")])
    _events, messages = run_action(ActionAnswerPaymentMethods(), tracker)
    (message,) = messages
    assert message["payment_method"] == named


def _after_answer(response: str, question: str, intent: str) -> list[dict[str, object]]:
    return [
        action("action_listen"),
        user("the question before", "cancel_order"),
        action("action_answer"),
        bot("The answer before ...", response),
        action("action_support_followup"),
        bot("Did that solve your problem?", "utter_ask_csat_score"),
        action("action_listen"),
        user(question, intent, confidence=0.6),
    ]


@pytest.mark.parametrize(
    ("response", "question", "intent"),
    [
        ("utter_cancel_order", "is it free?", "check_cancellation_fee"),
        ("utter_cancel_order_not_shipped", "უფასოა?", "check_cancellation_fee"),  # free?
        ("utter_cancel_order", "ufasoa?", "check_cancellation_fee"),
        ("utter_get_refund", "how do i ... how much does it cost?", None),  # more than a price
        ("utter_get_refund", "and how much would that cost me?", "check_refund_policy"),
        ("utter_exchange", "իսկ դա անվճա՞ր է", "check_refund_policy"),  # and is that free?
        ("utter_return_after_delivery", "ինչ արժե", "check_refund_policy"),  # what does it cost
        ("utter_delivery_period", "ነፃ ነው?", "delivery_options"),  # is it free?
        ("utter_weekend_delivery", "nets new?", "delivery_options"),
        # after an answer with no price, or naming its own topic: the NLU's reading
        ("utter_check_payment_methods", "is it free?", None),
        ("utter_cancel_order", "is delivery free?", None),
        ("utter_cancel_order", "how much is the blender?", None),
    ],
)
@pytest.mark.usefixtures("services")
def test_a_bare_price_question_asks_the_price_of_the_answer_before(
    run_action: RunAction, response: str, question: str, intent: str | None
) -> None:
    """Round 22: "is it free?" after how to cancel, "how much does it cost?" after a return,
    were "Sorry, I didn't quite understand that" in every language. Read again as the
    question of the price the answer before has (the cancellation fee, a return's cost, the
    delivery options); anything else stays not understood."""
    tracker = make_tracker(_after_answer(response, question, "nlu_fallback"))
    events, messages = run_action(ActionFallback(), tracker)
    if intent is None:
        assert messages and events[-1]["event"] == "slot"
        return
    assert messages == []
    assert events[-1]["parse_data"]["intent"] == {"name": intent, "confidence": 1.0}
    assert events[-1]["text"] == question


@pytest.mark.parametrize(
    ("response", "text", "follows"),
    [
        ("utter_delivery_countries", "შვეიცარიაში?", True),  # to Switzerland?
        ("utter_delivery_options", "իսկ Շվեյցարիա՞", True),  # and Switzerland?
        ("utter_delivery_option", "and to Canada?", True),
        ("utter_check_payment_methods", "and to Canada?", False),  # no answer about delivery
    ],
)
@pytest.mark.usefixtures("services")
def test_a_place_named_after_a_delivery_answer_asks_about_delivering_there(
    run_action: RunAction, response: str, text: str, follows: bool
) -> None:
    """Round 22, every language: "and to Switzerland?" after the delivery countries was
    "Sorry, I can't help with that"; read again as asking where we deliver."""
    tracker = make_tracker(_after_answer(response, text, "out_of_scope"))
    events, _messages = run_action(ActionFallback(), tracker)
    again = events[-1]
    if not follows:
        assert again["event"] == "slot"
        return
    assert again["event"] == "user" and again["parse_data"]["intent"]["name"] == "delivery_options"


@pytest.mark.parametrize(
    ("response", "answer"),
    [
        ("utter_get_refund", "utter_return_shipping_free"),  # the demo shop's returns are free
        ("utter_cancel_order", "utter_check_cancellation_fee"),
        ("utter_delivery_options", "utter_delivery_options"),
    ],
)
@pytest.mark.usefixtures("services")
def test_is_there_a_fee_read_as_ways_of_paying_gets_the_price_meant(
    run_action: RunAction, response: str, answer: str
) -> None:
    """ "Any fee?" read as asking for the ways of paying gets the price of the answer before."""
    tracker = make_tracker(_after_answer(response, "any fee?", "check_payment_methods"))
    _events, messages = run_action(ActionAnswerPaymentMethods(), tracker)
    assert [message["response"] for message in messages] == [answer]


@pytest.mark.parametrize(
    "text",
    [
        "is it free?",
        "how much does it cost?",
        "do i have to pay anything?",
        "რამე საფასური აქვს?",  # is there some fee?
        "ra girs?",
        "վճար կա՞",  # is there a fee?
        "ክፍያ አለው?",  # does it have a fee?
    ],
)
def test_asks_the_price(text: str) -> None:
    assert asks_the_price(text)


@pytest.mark.parametrize(
    "text",
    [
        "is delivery free?",  # names its topic
        "how much is the blender",
        "i paid twice",
        "how much is 15 percent of 7",
        "17 ጊዜ 23 ስንት ነው?",  # what is 17 times 23?
        "Դոլարի փոխարժեքը ինչքա՞ն է այսօր",  # the dollar's rate today
        "ok",
        "/check_cancellation_fee",
    ],
)
def test_not_a_bare_price_question(text: str) -> None:
    assert not asks_the_price(text)
