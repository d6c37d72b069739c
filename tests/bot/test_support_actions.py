"""The support actions: the order-number form, the order lookup and the fallback, against the
real test database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.actions.company import DEFAULT_COMPANY_FILE, load_company
from bot.actions.order_answers import order_messages
from bot.actions.orders import OrderInfo
from bot.actions.services import Services, use_services
from bot.actions.support import (
    ActionAnswerCancelOffer,
    ActionFallback,
    ActionLookupOrder,
    ActionSkipWithNothingAsked,
    ValidateOrderNumberForm,
)
from bot.order_numbers import only_order_number
from closedloop.ports import free_port
from feedback_api.models import Order, OrderStatus, RefundRejection, RefundStatus
from feedback_api.settings import Settings
from sentiment import SentimentResult, TextBlobAnalyzer
from tests.bot.conftest import RunAction, action, bot, loop, make_tracker, slot, user

pytestmark = pytest.mark.usefixtures("services")

COMPANY = load_company(DEFAULT_COMPANY_FILE)
ASK = "utter_ask_order_number"
INVALID = "utter_invalid_order_number"


def asked_for_number(intent: str = "track_order", *, refused: int = 0) -> list[dict[str, Any]]:
    """Events up to the form waiting for the order number, after ``refused`` bad answers."""
    events = [
        action("action_session_start"),
        {"event": "session_started", "timestamp": 1.0},
        action("action_listen"),
        user("where is my package", intent),
        action("order_number_form"),
        loop("order_number_form"),
        bot("What's your order number?", ASK),
        slot("requested_slot", "order_number"),
        action("action_listen"),
    ]
    for _ in range(refused):
        events += [
            user("dunno"),
            slot("order_number", "dunno"),
            action("order_number_form"),
            slot("order_number", None),
            bot("Sorry, that doesn't look like an order number.", INVALID),
            bot("What's your order number?", ASK),
            action("action_listen"),
        ]
    return events


def form_started_by(request_text: str, intent: str = "track_order") -> list[dict[str, Any]]:
    """A conversation whose request starts the form: Rasa validates its text at activation."""
    return [
        action("action_listen"),
        user(request_text, intent),
        slot("order_number", request_text),
        action("order_number_form"),
        loop("order_number_form"),
        slot("order_number", request_text),
    ]


def validate(domain: dict[str, Any], events: list[dict[str, Any]], value: Any) -> Any:
    tracker = make_tracker(events, active_loop="order_number_form")
    dispatcher = CollectingDispatcher()
    form = ValidateOrderNumberForm()
    result = asyncio.run(form.validate_order_number(value, dispatcher, tracker, domain))
    return result, [message["response"] for message in dispatcher.messages]


# --- the form --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("#a-123 4567", [], "A1234567"),
        ("it's order 12345678, thanks", [], "12345678"),
        ("/inform", [{"entity": "order_number", "value": "#1234567"}], "1234567"),
        # A tagged entity that is not a number does not hide the one in the text.
        ("order A1234567 please", [{"entity": "order_number", "value": "order"}], "A1234567"),
    ],
)
def test_a_valid_number_is_stored_normalised(
    domain: dict[str, Any], text: str, entities: list[dict[str, Any]], expected: str
) -> None:
    events = [*asked_for_number(), user(text, "nlu_fallback", entities=entities)]
    result, said = validate(domain, events, text)
    assert result == {"order_number": expected}
    assert said == []


def test_a_malformed_number_is_asked_again_with_the_format(domain: dict[str, Any]) -> None:
    events = [*asked_for_number(), user("12-34")]
    result, said = validate(domain, events, "12-34")
    assert result == {"order_number": None}
    assert said == [INVALID]
    assert "5 to 10 digits" in domain["responses"][INVALID][0]["text"]


def test_the_second_malformed_number_ends_the_form(domain: dict[str, Any]) -> None:
    events = [*asked_for_number(refused=1), user("12-34")]
    result, said = validate(domain, events, "12-34")
    # requested_slot None makes Rasa end the form; action_lookup_order then offers a person.
    assert result == {"order_number": None, "requested_slot": None}
    assert said == []


@pytest.mark.parametrize(
    "text",
    [
        "i don't have the number",
        "I lost the email",
        "where can I find my order number",
        "no idea",
        "ნომერი არ მაქვს",
        "համարը չունեմ",
        "ቁጥሩ የለኝም",
    ],
)
def test_no_number_to_give_is_told_where_it_is(domain: dict[str, Any], text: str) -> None:
    """It was "Sorry, that doesn't look like an order number" and the question again."""
    events = [*asked_for_number(), user(text)]
    result, said = validate(domain, events, text)
    # The form ends: action_lookup_order offers a person without "couldn't read a number".
    assert result == {"order_number": None, "requested_slot": None}
    assert said == ["utter_order_number_where"]
    assert "{orders_url}" in domain["responses"]["utter_order_number_where"][0]["text"]


@pytest.mark.parametrize(
    ("text", "first", "others"),
    [
        ("A1000001 and A1000002", "A1000001", "A1000002"),
        ("orders #1234567, #7654321 and #1111111", "1234567", "7654321, 1111111"),
    ],
)
def test_several_order_numbers_start_with_the_first(
    domain: dict[str, Any], text: str, first: str, others: str
) -> None:
    """They were refused: "Sorry, that doesn't look like an order number"."""
    tracker = make_tracker([*asked_for_number(), user(text)], active_loop="order_number_form")
    dispatcher = CollectingDispatcher()
    form = ValidateOrderNumberForm()
    result = asyncio.run(form.validate_order_number(text, dispatcher, tracker, domain))
    assert result == {"order_number": first}
    assert dispatcher.messages == []  # the lookup answers them all


def test_an_order_number_and_a_phone_number_are_not_guessed_between(
    domain: dict[str, Any],
) -> None:
    text = "A1000001, call me on 5551234567"
    result, said = validate(domain, [*asked_for_number(), user(text)], text)
    assert result == {"order_number": None}
    assert said == [INVALID]


def test_a_request_that_mentions_no_number_is_still_asked_for_it(domain: dict[str, Any]) -> None:
    # "I never received my order" starts the form: the question has not been asked yet.
    result, said = validate(domain, form_started_by("I never received my order"), None)
    assert result == {"order_number": None}
    assert said == []


def test_a_new_request_starts_counting_again(domain: dict[str, Any]) -> None:
    events = [
        *asked_for_number(refused=1),
        loop(None),
        *asked_for_number()[3:],  # asked again later in the conversation
        user("12-34"),
    ]
    _result, said = validate(domain, events, "12-34")
    assert said == [INVALID]


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [("where is my order A1000002?", "A1000002"), ("where is my order?", None)],
)
def test_the_request_itself_may_hold_the_number(
    domain: dict[str, Any], request_text: str, expected: str | None
) -> None:
    """At activation Rasa validates the text of the request; no number: no complaint."""
    result, said = validate(domain, form_started_by(request_text), request_text)
    assert result == {"order_number": expected}
    assert said == []


@pytest.mark.parametrize(
    ("request_text", "said_first"),
    [
        ("where is my order 4711?", [INVALID]),
        ("სად არის ჩემი შეკვეთა #4711?", [INVALID]),
        ("I paid 1500 dollars, where is my order?", []),
        ("I ordered 3 things on 12/03", []),
    ],
)
def test_a_number_that_cannot_be_one_in_the_request_is_refused(
    domain: dict[str, Any], request_text: str, said_first: list[str]
) -> None:
    """Refused with the format as an answer would be, and counted: a second refusal ends."""
    events = form_started_by(request_text)
    result, said = validate(domain, events, request_text)
    assert result == {"order_number": None}
    assert said == said_first
    if said_first:
        events += [
            slot("order_number", None),
            bot("Sorry, that doesn't look like an order number.", INVALID),
            bot("What's your order number?", ASK),
            action("action_listen"),
            user("4711"),
        ]
        result, said = validate(domain, events, "4711")
        assert result == {"order_number": None, "requested_slot": None}
        assert said == []


SORRY = "utter_sorry_for_trouble"


@pytest.mark.parametrize(
    ("request_text", "said_first", "number"),
    [
        ("worst shop ever, my package never arrived", [SORRY], None),
        ("this is terrible, where is my order A1000002?", [SORRY], "A1000002"),
        ("where is my order?", [], None),
        # Clearly negative for a case (TextBlob: 0.7 sure), not surely enough for an apology.
        ("where is my order, the service is bad", [], None),
        ("hi, could you check my order A1000002 please", [], "A1000002"),
    ],
)
def test_a_request_written_in_anger_gets_an_apology_first(
    domain: dict[str, Any], request_text: str, said_first: list[str], number: str | None
) -> None:
    """Clearly negative by the product's rule: sorry before the question or the status."""
    result, said = validate(domain, form_started_by(request_text), request_text)
    assert result == {"order_number": number}
    assert said == said_first
    assert "sorry" in domain["responses"][SORRY][0]["text"]


@pytest.mark.parametrize(
    ("request_text", "said_first", "number"),
    [
        ("how long do refunds take?", ["utter_refund_timeline"], None),
        ("რამდენ ხანში ბრუნდება თანხა?", ["utter_refund_timeline"], None),
        ("ገንዘቤ መቼ ይመለሳል?", ["utter_refund_timeline"], None),
        ("when will I get the refund for A1000007?", [], "A1000007"),  # looked up instead
        ("where is my refund", [], None),
    ],
)
def test_how_long_a_refund_takes_is_said_before_the_number_is_asked(
    domain: dict[str, Any], request_text: str, said_first: list[str], number: str | None
) -> None:
    """Round 20: "how long do refunds take?" was only asked for a number, after an apology
    (its sentiment read angry); without one the customer never learnt the time."""
    events = form_started_by(request_text, intent="track_refund")
    result, said = validate(domain, events, request_text)
    assert result == {"order_number": number}
    assert said == said_first


def test_how_long_a_refund_takes_after_an_order_is_said_then_that_order_looked_up(
    domain: dict[str, Any],
) -> None:
    """Round 21: after A1000002's answer, "how long does refund take" got only that order's
    "There's no refund on order A1000002 yet"."""
    earlier = [
        action("action_listen"),
        user("can I return A1000002?", "check_refund_policy"),
        bot("You can return items within 30 days.", "utter_check_refund_policy"),
    ]
    text = "how long does refund take"
    result, said = validate(domain, [*earlier, *form_started_by(text, "track_refund")], text)
    assert result == {"order_number": "A1000002"}
    assert said == ["utter_refund_timeline"]


def test_the_apology_is_for_the_request_only(domain: dict[str, Any]) -> None:
    """An angry answer to the question is an answer: read as one, no apology."""
    events = [*asked_for_number(), user("A1000002, and this is the worst service ever")]
    result, said = validate(domain, events, "A1000002, and this is the worst service ever")
    assert result == {"order_number": "A1000002"}
    assert said == []
    events = [*asked_for_number(), user("I have no clue what it is, this is terrible")]
    _result, said = validate(domain, events, "I have no clue what it is, this is terrible")
    assert said == ["utter_order_number_where"]


def test_no_apology_when_the_sentiment_cannot_be_read(
    domain: dict[str, Any], settings: Settings, engine: Engine
) -> None:
    """The analyzer's error is ours: the customer is asked for the number as usual."""

    class Broken(TextBlobAnalyzer):
        def _analyze_supported(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
            raise RuntimeError("model gone")

    request = "worst shop ever, my package never arrived"
    with use_services(Services(settings, engine=engine, analyzer=Broken())):
        result, said = validate(domain, form_started_by(request), request)
    assert result == {"order_number": None}
    assert said == []


def test_another_support_question_is_let_through(
    run_action: RunAction, domain: dict[str, Any]
) -> None:
    events = [*asked_for_number(), user("what is your refund policy?", "check_refund_policy")]
    tracker = make_tracker(events, active_loop="order_number_form")
    result, messages = run_action(ValidateOrderNumberForm(), tracker)
    assert result == [SlotSet("order_number", None), ActionExecutionRejected("order_number_form")]
    assert messages == []


def test_a_number_with_a_support_intent_is_still_a_number(run_action: RunAction) -> None:
    events = [
        *asked_for_number(),
        user("A1234567 where is my refund", "track_refund"),
        slot("order_number", "A1234567 where is my refund"),
    ]
    tracker = make_tracker(events, active_loop="order_number_form")
    result, _messages = run_action(ValidateOrderNumberForm(), tracker)
    assert SlotSet("order_number", "A1234567") in result


# --- the lookup ------------------------------------------------------------------------------


def lookup_events(number: str | None, intent: str = "track_order") -> list[dict[str, Any]]:
    return [
        *asked_for_number(intent),
        user(number or "no idea"),
        slot("order_number", number),
        action("order_number_form"),
        loop(None),
        slot("requested_slot", None),
    ]


def run_lookup(
    run_action: RunAction, number: str | None, intent: str = "track_order", **meta: Any
) -> tuple[list[Any], list[dict[str, Any]]]:
    events = lookup_events(number, intent)
    if meta:
        events[3]["metadata"] = meta
    return run_action(ActionLookupOrder(), make_tracker(events))


def add_order(session: Session, number: str, **fields: Any) -> None:
    session.add(Order(order_number=number, **fields))
    session.commit()


def test_a_shipped_order_gets_status_carrier_tracking_and_eta(
    run_action: RunAction, session: Session
) -> None:
    add_order(
        session,
        "A1234567",
        status=OrderStatus.SHIPPED,
        carrier="UPS",
        tracking_number="1Z999",
        estimated_delivery=datetime(2024, 3, 12, 20, 0, tzinfo=UTC),
    )
    events, messages = run_lookup(run_action, "A1234567")
    assert events == [SlotSet("order_lookup", "found"), SlotSet("order_number", None)]
    assert messages[0]["response"] == "utter_order_shipped"
    assert (messages[0]["carrier"], messages[0]["tracking_number"]) == ("UPS", "1Z999")
    # In the company's time zone (New York): 20:00 UTC is 16:00 on the same day.
    assert messages[0]["estimated_delivery"] == "Tuesday, 12 March 2024"


def test_a_refund_question_gets_the_refund(run_action: RunAction, session: Session) -> None:
    add_order(
        session,
        "1234567",
        status=OrderStatus.DELIVERED,
        refund_status=RefundStatus.APPROVED,
        refund_amount=19.5,
        currency="EUR",
    )
    _events, messages = run_lookup(run_action, "1234567", "track_refund")
    (message,) = messages
    assert message["response"] == "utter_refund_approved"
    assert message["refund_amount"] == "19.50 EUR"


def test_every_order_of_the_message_is_answered(run_action: RunAction, session: Session) -> None:
    """Round 14: "I ordered A1000003 and A1000004, where are they" was told to send the
    second number afterwards. Both are answered; one not found is said so."""
    add_order(session, "A1234567", status=OrderStatus.PROCESSING)
    add_order(session, "A7654321", status=OrderStatus.DELIVERED)
    events = lookup_events("A1234567")
    events[9] = user("A1234567, A7654321 and A1111111, where are they?", "track_order")
    _events, messages = run_action(ActionLookupOrder(), make_tracker(events))
    assert [(m["response"], m.get("order_number")) for m in messages] == [
        ("utter_order_processing", "A1234567"),
        ("utter_order_delivered", "A7654321"),
        ("utter_order_not_found", "A1111111"),
    ]


@pytest.mark.parametrize(
    ("request_text", "number_text"),
    [
        ("my parcel came but one item is missing, order A7654321", None),  # round 18
        ("one item was missing from my parcel", "A7654321"),  # the number asked for after
        ("ծանրոցը եկավ, բայց մեկ ապրանքը չկար", "A7654321"),
    ],
)
def test_a_delivered_parcel_with_something_wrong_inside_is_not_sent_to_the_neighbours(
    run_action: RunAction, session: Session, request_text: str, number_text: str | None
) -> None:
    """Round 18: "one item is missing" got "Can't find it? Check with your neighbours"."""
    add_order(session, "A7654321", status=OrderStatus.DELIVERED)
    events = lookup_events("A7654321")
    events[3] = user(request_text, "track_order")
    if number_text is None:
        events[9] = user(request_text, "track_order")
    else:
        events[9] = user(number_text, "track_order", confidence=1.0)
    _events, messages = run_action(ActionLookupOrder(), make_tracker(events))
    assert [m["response"] for m in messages] == ["utter_order_delivered_contents_wrong"]


def test_a_delivered_parcel_asked_after_plainly_is_tracked(
    run_action: RunAction, session: Session
) -> None:
    add_order(session, "A7654321", status=OrderStatus.DELIVERED)
    _events, messages = run_lookup(run_action, "A7654321")
    assert [m["response"] for m in messages] == ["utter_order_delivered"]


def add_delivered_and_refunded(session: Session) -> None:
    add_order(
        session,
        "1234567",
        status=OrderStatus.DELIVERED,
        refund_status=RefundStatus.PAID,
        refund_amount=19.5,
    )


def test_a_bare_number_answering_a_refund_question_gets_the_refund(
    run_action: RunAction, session: Session
) -> None:
    """The number alone is ``track_order`` by rule, yet it answers "track my refund"."""
    add_delivered_and_refunded(session)
    events = lookup_events("1234567", "track_refund")
    events[9] = user("1234567", "track_order", confidence=1.0)
    _events, messages = run_action(ActionLookupOrder(), make_tracker(events))
    assert [message["response"] for message in messages] == ["utter_refund_paid"]


def test_the_number_in_a_few_words_answering_a_refund_question_gets_the_refund(
    run_action: RunAction, session: Session
) -> None:
    """Round 14: "has my refund gone through yet", then "umm its 1234567 i think" (read as
    tracking the order) got the delivery's status."""
    add_delivered_and_refunded(session)
    events = lookup_events("1234567", "track_refund")
    events[9] = user("umm its 1234567 i think", "track_order", confidence=0.8)
    _events, messages = run_action(ActionLookupOrder(), make_tracker(events))
    assert [message["response"] for message in messages] == ["utter_refund_paid"]


def test_a_bare_number_nobody_asked_for_tracks_the_order(
    run_action: RunAction, session: Session
) -> None:
    """After a refund question was answered, a number typed out of the blue is an order."""
    add_delivered_and_refunded(session)
    events = [
        *lookup_events("1234567", "track_refund"),
        action("action_lookup_order"),
        bot("Your refund was paid.", "utter_refund_paid"),
        action("action_listen"),
        user("1234567", "track_order", confidence=1.0),
        action("order_number_form"),
        loop(None),
    ]
    _events, messages = run_action(ActionLookupOrder(), make_tracker(events))
    assert [message["response"] for message in messages] == [
        "utter_order_delivered_with_refund",  # the order's answer, its refund after it
        "utter_refund_paid",
    ]


def _after(request: str, intent: str, answer: str, number_text: str) -> list[dict[str, Any]]:
    """A request answered without a lookup, then a message naming an order, looked up."""
    return [
        action("action_session_start"),
        {"event": "session_started", "timestamp": 1.0},
        action("action_listen"),
        user(request, intent),
        action(answer),
        bot("The general answer.", answer),
        action("action_listen"),
        user(number_text, "track_order", confidence=1.0),
        action("order_number_form"),
        loop(None),
    ]


@pytest.mark.parametrize(
    ("request_text", "intent", "answer", "number_text", "responses"),
    [
        # Shoppers: the number typed after "how do I cancel?" got only where the parcel was.
        (
            "I want to cancel my order",
            "cancel_order",
            "action_answer_cancel_order",
            "A1000003",
            ["utter_cancel_order_not_shipped"],
        ),
        (
            "ուզում եմ չեղարկել պատվերս",
            "cancel_order",
            "action_answer_cancel_order",
            "ներողություն, A1000003-ն է",
            ["utter_cancel_order_not_shipped"],
        ),
        (
            "I want my money back",
            "get_refund",
            "action_answer_get_refund",
            "1234567",
            ["utter_refund_paid"],
        ),
        # ... and after the general steps to change an address, whether this one's can be.
        (
            "how do I change the delivery address?",
            "change_shipping_address",
            "action_answer_change_shipping_address",
            "A1000003",
            ["utter_change_address_not_shipped"],
        ),
        # "and A1000003?" after a refund's status carries the refund question on.
        (
            "refund for 1234567?",
            "track_refund",
            "action_lookup_order",
            "and A1000003?",
            ["utter_refund_none"],
        ),
        # Round 20: after the general invoice steps, where this order's invoice is (it had
        # been the order's status, with "check with your neighbours").
        (
            "I need an invoice for my order",
            "get_invoice",
            "action_answer_get_invoice",
            "A1000003",
            ["utter_order_invoice"],
        ),
        (
            "ინვოისი მჭირდება ჩემი შეკვეთისთვის",
            "check_invoice",
            "utter_check_invoice",
            "A1000003",
            ["utter_order_invoice"],
        ),
        # Any other subject before it: the number is tracked.
        (
            "what payment methods do you take?",
            "check_payment_methods",
            "utter_check_payment_methods",
            "A1000003",
            ["utter_order_processing"],
        ),
    ],
)
def test_a_number_after_a_request_gets_that_requests_answer(
    run_action: RunAction,
    session: Session,
    request_text: str,
    intent: str,
    answer: str,
    number_text: str,
    responses: list[str],
) -> None:
    add_delivered_and_refunded(session)
    add_order(session, "A1000003", status=OrderStatus.PROCESSING)
    tracker = make_tracker(_after(request_text, intent, answer, number_text))
    tracker.slots["order_number"] = only_order_number(number_text)
    _events, messages = run_action(ActionLookupOrder(), tracker)
    assert [message["response"] for message in messages] == responses


def retyped_events(first: str, second: str) -> list[dict[str, Any]]:
    """The first number was not found; the form asked again and the customer typed
    ``second``, which it is about to read."""
    return [
        *lookup_events(first),
        action("action_lookup_order"),
        bot(f"I couldn't find an order {first}.", "utter_order_not_found_retry"),
        slot("order_lookup", "retry"),
        slot("order_number", None),
        action("order_number_form"),
        loop("order_number_form"),
        bot("What's your order number?", ASK),
        slot("requested_slot", "order_number"),
        action("action_listen"),
        user(second),
        slot("order_number", second),
    ]


def retried_lookup_events(first: str, second: str) -> list[dict[str, Any]]:
    """The first number was not found; the form ran again and got ``second``."""
    return [
        *retyped_events(first, second),
        action("order_number_form"),
        loop(None),
        slot("requested_slot", None),
    ]


def test_an_unknown_order_is_retyped_once_then_not_found(
    run_action: RunAction, session: Session
) -> None:
    add_order(session, "7654321", status=OrderStatus.PLACED, customer_external_id="c-1")
    events, messages = run_lookup(run_action, "1234567")
    # The first time: the format, and the form asks again (rules/support.yml).
    assert events == [SlotSet("order_lookup", "retry"), SlotSet("order_number", None)]
    assert [m["response"] for m in messages] == ["utter_order_not_found_retry"]
    assert messages[0]["order_number"] == "1234567"

    tracker = make_tracker(retried_lookup_events("1234567", "1234568"))
    events, messages = run_action(ActionLookupOrder(), tracker)
    assert events[0] == SlotSet("order_lookup", "not_found")  # now a person is offered
    assert [m["response"] for m in messages] == ["utter_order_not_found"]
    assert messages[0]["order_number"] == "1234568"

    # Someone else's order is "not found" too.
    events, _messages = run_lookup(run_action, "7654321", customer_id="c-2")
    assert events[0] == SlotSet("order_lookup", "retry")


def test_the_retyped_number_is_found(run_action: RunAction, session: Session) -> None:
    add_order(session, "1234568", status=OrderStatus.PLACED)
    tracker = make_tracker(retried_lookup_events("1234567", "1234568"))
    events, messages = run_action(ActionLookupOrder(), tracker)
    assert events[0] == SlotSet("order_lookup", "found")
    assert messages[0]["response"] == "utter_order_placed"


def test_the_form_started_again_asks_rather_than_rereads_the_unknown_number(
    domain: dict[str, Any],
) -> None:
    """At activation Rasa re-reads the latest message, which holds the number not found."""
    events = [
        *lookup_events("1234567"),
        action("action_lookup_order"),
        bot("I couldn't find an order 1234567.", "utter_order_not_found_retry"),
        slot("order_lookup", "retry"),
        slot("order_number", None),
        # At activation Rasa's tracker has no new active_loop event yet (found end to end).
        slot("order_number", "1234567"),
    ]
    result, said = validate(domain, events, "1234567")
    assert result == {"order_number": None}
    assert said == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("im sure thats the number", "1234567"),  # round 21: refused, and asked again
        ("დარწმუნებული ვარ, სწორია", "1234567"),  # I'm sure, it's right
        ("እርግጠኛ ነኝ ቁጥሩ ትክክል ነው", "1234567"),  # I'm sure the number is right
        ("sorry, it's 1234568", "1234568"),  # a new number is read as ever
    ],
)
def test_insisting_the_number_is_right_looks_it_up_again(
    domain: dict[str, Any], text: str, number: str
) -> None:
    """ "I'm sure that's the number" after "I couldn't find it, check it": the same number, not
    found again, so a person is offered (rules/support.yml), not "that doesn't look like an
    order number" and the question a third time."""
    result, said = validate(domain, retyped_events("1234567", text), text)
    assert result == {"order_number": number}
    assert said == []


def test_no_number_after_two_tries(run_action: RunAction) -> None:
    events, messages = run_lookup(run_action, None)
    assert events[0] == SlotSet("order_lookup", "invalid")
    assert [m["response"] for m in messages] == ["utter_order_number_not_understood"]


def test_no_number_after_saying_where_it_is_is_no_misreading(run_action: RunAction) -> None:
    events = lookup_events(None)
    events.insert(-2, bot("Your order number is in ...", "utter_order_number_where"))
    result, messages = run_action(ActionLookupOrder(), make_tracker(events))
    assert result[0] == SlotSet("order_lookup", "invalid")  # a person is offered
    assert messages == []


def test_a_failing_backend_says_it_cannot_check(
    run_action: RunAction, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    settings = services.settings.model_copy(
        update={"order_lookup_url": f"http://127.0.0.1:{free_port()}", "order_lookup_timeout_s": 2}
    )
    with use_services(Services(settings, engine=services.engine, analyzer=services.analyzer)):
        events, messages = run_lookup(run_action, "1234567")
    assert events[0] == SlotSet("order_lookup", "unavailable")
    assert [m["response"] for m in messages] == ["utter_order_lookup_unavailable"]
    assert "order lookup failed for conversation conv-1" in caplog.text


# --- what is said about each order (pure) ------------------------------------------------------


def order(**fields: Any) -> OrderInfo:
    return OrderInfo(order_number="A1000001", **({"status": OrderStatus.PLACED} | fields))


@pytest.mark.parametrize(
    ("fields", "response", "values"),
    [
        ({}, "utter_order_placed", {"estimated_delivery": "not known yet"}),
        ({"status": OrderStatus.PROCESSING}, "utter_order_processing", {}),
        (
            {"status": OrderStatus.SHIPPED},
            "utter_order_shipped_untracked",
            {"carrier": "our delivery partner"},
        ),
        (
            {"status": OrderStatus.DELIVERED, "delivered_at": datetime(2024, 3, 5, 3, tzinfo=UTC)},
            "utter_order_delivered",
            {"delivered_on": "Monday, 4 March 2024"},  # 22:00 the evening before in New York
        ),
    ],
)
def test_order_messages(
    fields: dict[str, Any], response: str, values: dict[str, str], domain: dict[str, Any]
) -> None:
    (message,) = order_messages(order(**fields), "track_order", COMPANY, "en")
    assert message["response"] == response
    assert values.items() <= message.items()
    assert response in domain["responses"]


def test_a_delivered_order_with_a_refund_gives_the_refund_not_where_to_look() -> None:
    """An Amharic shopper asking after a refused refund ("ሪፈንድ ጠይቄ ነበር A1000009", read
    as tracking the order) was told to ask the neighbours where the parcel was."""
    delivered = order(
        status=OrderStatus.DELIVERED,
        delivered_at=datetime(2024, 3, 5, 3, tzinfo=UTC),
        refund_status=RefundStatus.REJECTED,
    )
    messages = order_messages(delivered, "track_order", COMPANY, "en")
    assert [message["response"] for message in messages] == [
        "utter_order_delivered_with_refund",
        "utter_refund_rejected",
    ]


def test_a_cancelled_order_with_a_refund_also_gives_the_refund() -> None:
    cancelled = order(
        status=OrderStatus.CANCELLED,
        refund_status=RefundStatus.PAID,
        total_amount=42,
        refund_updated_at=datetime(2024, 3, 7, 15, tzinfo=UTC),
    )
    messages = order_messages(cancelled, "track_order", COMPANY, "en")
    assert [m["response"] for m in messages] == ["utter_order_cancelled", "utter_refund_paid"]
    assert messages[1]["refund_amount"] == "42.00 USD"  # no refund amount: the order's total
    assert messages[1]["refund_date"] == "Thursday, 7 March 2024"


@pytest.mark.parametrize("status", list(RefundStatus))
def test_every_refund_status_has_a_response(status: RefundStatus, domain: dict[str, Any]) -> None:
    (message,) = order_messages(order(refund_status=status), "track_refund", COMPANY, "en")
    assert message["response"] == f"utter_refund_{status.value}"
    assert message["response"] in domain["responses"]


@pytest.mark.parametrize("reason", list(RefundRejection))
def test_a_refused_refund_says_why_in_every_language(
    reason: RefundRejection, domain: dict[str, Any]
) -> None:
    """ "why was my refund rejected?" had been answered "we've emailed you why" even when the
    shop's system knew the reason: the reason is said, in the customer's language."""
    refused = order(refund_status=RefundStatus.REJECTED, refund_rejection=reason)
    (message,) = order_messages(refused, "track_refund", COMPANY, "en")
    assert message["response"] == f"utter_refund_rejected_{reason.value}"
    texts = domain["responses"][message["response"]]
    languages = {next(iter(t.get("condition", [])), {}).get("value", "en") for t in texts}
    assert languages == {"en", "ka", "hy", "am"}
    assert all("{order_number}" in t["text"] for t in texts)


def test_a_refused_refund_without_a_reason_says_it_was_emailed() -> None:
    refused = order(refund_status=RefundStatus.REJECTED)
    (message,) = order_messages(refused, "track_refund", COMPANY, "en")
    assert message["response"] == "utter_refund_rejected"


# --- the fallback ----------------------------------------------------------------------------


def test_first_fallback_says_so_and_is_not_repeated(run_action: RunAction) -> None:
    tracker = make_tracker([action("action_listen"), user("blorp")])
    events, messages = run_action(ActionFallback(), tracker)
    assert events == [SlotSet("repeated_fallback", False)]
    assert [m["response"] for m in messages] == ["utter_default"]


def test_out_of_scope_is_said_as_such(run_action: RunAction) -> None:
    tracker = make_tracker([user("what's the weather like?", "out_of_scope")])
    _events, messages = run_action(ActionFallback(), tracker)
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]


def skipped(text: str, cancel_order: float | None) -> dict[str, Any]:
    """A message read as ``skip``, ``cancel_order`` that share of its ranking (or absent)."""
    event = user(text, "skip", confidence=0.9)
    ranking = [{"name": "skip", "confidence": 0.9}]
    if cancel_order is not None:
        ranking.append({"name": "cancel_order", "confidence": cancel_order})
    event["parse_data"]["intent_ranking"] = ranking
    return event


@pytest.mark.parametrize(
    ("text", "cancel_order", "response"),
    [
        # The shares the served model gives (CANCEL_SHARE): "cancel" names an order.
        ("cancel", 0.0307, "utter_ask_cancel_order"),
        ("cancel this", 0.0149, "utter_ask_cancel_order"),
        ("չեղարկեք", 0.3052, "utter_ask_cancel_order"),
        # "Cancel" alone in any language, whatever its share (Amharic's is small).
        ("ሰርዝ", 0.0011, "utter_ask_cancel_order"),
        ("serzew", 0.0023, "utter_ask_cancel_order"),
        ("Cancel please!", 0.0, "utter_ask_cancel_order"),
        ("ሰርቬዩን ሰርዘው", 0.0004, "utter_no_problem"),
        ("please", 0.0, "utter_no_problem"),
        ("never mind", 0.0001, "utter_no_problem"),
        ("stop", None, "utter_no_problem"),
    ],
)
def test_a_skip_with_nothing_asked_asks_about_an_order_only_for_cancel(
    run_action: RunAction, text: str, cancel_order: float | None, response: str
) -> None:
    tracker = make_tracker([action("action_listen"), skipped(text, cancel_order)])
    events, messages = run_action(ActionSkipWithNothingAsked(), tracker)
    assert events == []
    assert [m["response"] for m in messages] == [response]


def _after_bare_cancel(said: str, answer: dict[str, object]) -> list[dict[str, object]]:
    return [
        action("action_listen"),
        user("ሰርዝ", "skip"),  # cancel
        action("action_skip_with_nothing_asked"),
        bot("Do you want to cancel an order?", said),
        action("action_listen"),
        answer,
    ]


@pytest.mark.parametrize(
    ("answer", "intent"),
    [
        (user("አዎ", "affirm"), "cancel_order"),  # yes: was "OK, tell me if I can help"
        (user("A1000004", "track_order"), "cancel_order"),  # was its tracking status
    ],
)
def test_a_typed_answer_to_whether_to_cancel_an_order(
    run_action: RunAction, answer: dict[str, object], intent: str
) -> None:
    tracker = make_tracker(_after_bare_cancel("utter_ask_cancel_order", answer))
    events, messages = run_action(ActionAnswerCancelOffer(), tracker)
    assert messages == []
    assert events[-1]["event"] == "user" and events[-1]["text"] == answer["text"]
    assert events[-1]["parse_data"]["intent"]["name"] == intent


def test_a_yes_after_no_problem_is_only_an_ok(run_action: RunAction) -> None:
    tracker = make_tracker(_after_bare_cancel("utter_no_problem", user("yes", "affirm")))
    events, messages = run_action(ActionAnswerCancelOffer(), tracker)
    assert events == [] and [m["response"] for m in messages] == ["utter_ok"]


def test_second_fallback_in_a_row_is_marked(run_action: RunAction) -> None:
    events = [
        user("blorp"),
        action("action_fallback"),
        slot("repeated_fallback", False),
        action("utter_what_i_can_do"),
        action("action_listen"),
        user("blorp blorp", "nlu_fallback", confidence=0.3),
    ]
    result, _messages = run_action(ActionFallback(), make_tracker(events))
    assert result == [SlotSet("repeated_fallback", True)]


@pytest.mark.parametrize(("confidence", "offered"), [(0.9, False), (0.45, True)])
def test_a_second_off_topic_question_is_offered_no_person(
    run_action: RunAction, confidence: float, offered: bool
) -> None:
    """Round 17, every language: a recipe after the weather was offered a person, and "ok"
    handed the recipe over to the team. Unsure it is off-topic, the bot may have missed a
    request, and a person is offered as before."""
    events = [
        user("whats the weather like in new york today", "out_of_scope"),
        action("action_fallback"),
        slot("repeated_fallback", False),
        action("utter_what_i_can_do"),
        action("action_listen"),
        user("can u give me a recipe for pancakes", "out_of_scope", confidence=confidence),
    ]
    result, _messages = run_action(ActionFallback(), make_tracker(events))
    assert result == [SlotSet("repeated_fallback", offered)]


def test_a_fallback_after_an_answer_is_a_first_one_again(run_action: RunAction) -> None:
    events = [
        user("blorp"),
        action("action_fallback"),
        action("action_listen"),
        user("how do I cancel?", "cancel_order"),
        action("utter_cancel_order"),
        action("action_listen"),
        user("blorp"),
    ]
    result, _messages = run_action(ActionFallback(), make_tracker(events))
    assert result == [SlotSet("repeated_fallback", False)]


def test_actions_never_block_the_event_loop(run_action: RunAction, session: Session) -> None:
    """The lookup runs in a worker thread: a second coroutine keeps running meanwhile."""
    add_order(session, "1234567", status=OrderStatus.PLACED)
    ticks: list[int] = []

    async def ticker() -> None:
        for i in range(1000):
            ticks.append(i)
            await asyncio.sleep(0)

    async def both() -> list[Any]:
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(lookup_events("1234567"))
        task = asyncio.create_task(ticker())
        events = await ActionLookupOrder().run(dispatcher, tracker, {})
        task.cancel()
        return events

    events = asyncio.run(both())
    assert events[0] == SlotSet("order_lookup", "found")
    assert ticks  # the loop ran other work while the database was read


# --- a follow-up about the order just named --------------------------------------------------


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("so when does it get here", "A1000001"),
        ("როდის მოვა?", "A1000001"),  # when will it come?
        ("իսկ ե՞րբ կհասնի", "A1000001"),  # and when will it arrive?
        ("መቼ ይደርሳል?", "A1000001"),  # when will it arrive?
        ("where is my order?", None),  # asks nothing about the one just named: asked
        ("when will A1000005 arrive?", "A1000005"),  # names its own
        # Round 13: the trouble goes on, about the order just named
        ("the money is still not in my account", "A1000001"),
        ("I was told it would come last week", "A1000001"),
        ("is there a sale on?", None),  # nothing about an order going on: asked
        ("ამანათი არ მოსულა!", "A1000001"),  # the parcel hasn't come!
        ("እሺ፣ ግን ቀድሞ 10 ቀን አልፏል", "A1000001"),  # ok, but 10 days have passed already
        ("and when does my other order arrive?", None),  # another one: asked
        ("whats the tracking number?", "A1000001"),  # round 13: its number asked again
        # Round 16: asked for the number given just before
        ("why is my refund taking so long", "A1000001"),
        ("ამანათი არ მიმიღია!!", "A1000001"),  # I haven't received the parcel!!
        # Round 20: a "why" about the order just named (it had been asked for again)
        ("why is it still packing after 3 days??", "A1000001"),
        ("ለምን እስካሁን አልተላከም?", "A1000001"),  # why hasn't it been sent yet?
    ],
)
def test_when_it_arrives_is_asked_about_the_order_just_named(
    domain: dict[str, Any], text: str, expected: str | None
) -> None:
    """Round 12, every language: "What's your order number?" for the number given one
    message earlier."""
    earlier = [
        action("action_listen"),
        user("where is A1000001", "track_order"),
        bot("Order A1000001 is on its way.", "utter_order_status"),
    ]
    result, responses = validate(domain, [*earlier, *form_started_by(text)], text)
    assert result["order_number"] == expected
    assert responses == []
