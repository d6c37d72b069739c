"""A complaint that only asks to complain is asked what happened, and the answer is added to
the same case (bot/actions/complaint.py, ActionComplaintDetails in bot/actions/handoff.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine

from bot.actions.complaint import ValidateComplaintDetailsForm, says_what_happened
from bot.actions.handoff import (
    ActionComplaintDetails,
    ActionHandoff,
    ValidateHandoffContactForm,
)
from bot.actions.store import use_store
from bot.contacts import contact_offered
from tests.bot.conftest import RunAction, loop, make_tracker, user
from tests.bot.test_handoff import OPEN, anonymous, at, cases, conversation, responses
from tests.bot.test_store_seam import MemoryStore

__all__ = ["at"]  # the fixture, imported so that pytest finds it here

WHAT_HAPPENED = "The courier threw my parcel over the fence and it broke, terrible service"


@pytest.mark.parametrize(
    "text",
    [
        "I want to make a complaint",
        "i'd like to file a formal complaint please",
        "complaint about order A1000003",
        "I have a complaint about the courier",  # about whom, not what happened
        "this is unacceptable",
        "/complaint",
        "საჩივრის დაწერა მინდა",
        "თქვენს თანამშრომელზე საჩივარი მაქვს",
        "sachivari maqvs",
        "Ուզում եմ բողոք ներկայացնել",
        "Բողոք ունեմ ձեր աշխատակցի մասին",
        "boghoq unem",
        "ቅሬታ ማቅረብ እፈልጋለሁ",
        "ሰላም፣ ቅሬታ አለኝ",
        "kireta alegn",
    ],
)
def test_asking_to_complain_does_not_say_what_happened(text: str) -> None:
    assert not says_what_happened(None if text.startswith("/") else text)


@pytest.mark.parametrize(
    "text",
    [
        WHAT_HAPPENED,
        "your delivery guy was super rude",
        "I want to complain, the product I received is broken",
        "მაღაზიაში უხეშად მომექცნენ",
        "Կոտրված ապրանք եկավ",
        "ስለ ዴሊቨሪ ሰራተኛው ቅሬታ አለኝ",
        "ሞተረኛው ሶስት ሰዓት አስጠበቀኝ",
    ],
)
def test_a_complaint_that_says_anything_of_its_own_says_what_happened(text: str) -> None:
    assert says_what_happened(text)


@pytest.mark.usefixtures("services")
def test_a_bare_complaint_opens_the_case_then_asks_what_happened(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    at(OPEN)
    tracker = make_tracker(conversation(user("I want to make a complaint", "complaint")))
    events, messages = run_action(ActionHandoff(), tracker)
    (case,) = cases(engine)  # opened at once: nothing is lost if the customer leaves now
    assert events == [
        SlotSet("handoff_case", case.id),
        SlotSet("complaint_details_needed", True),
        SlotSet("handoff_contact_needed", None),
    ]
    # Sorry, and nothing said to be passed on before the customer has said what happened.
    assert responses(messages) == ["utter_complaint_sorry"]
    assert (case.reasons, case.priority) == (["complaint"], 1)


@pytest.mark.usefixtures("services")
def test_what_happened_is_added_to_the_case_then_a_known_customer_hears_when(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    at(OPEN)
    run_action(ActionHandoff(), make_tracker(conversation(user("I want to complain", "complaint"))))
    (case,) = cases(engine)
    tracker = make_tracker(
        conversation(user(WHAT_HAPPENED, "track_order"), loop(None)),
        slots={"handoff_case": case.id, "complaint_details": WHAT_HAPPENED},
    )
    events, messages = run_action(ActionComplaintDetails(), tracker)
    assert responses(messages) == ["utter_complaint_details_added", "utter_handoff_open"]
    assert messages[1]["case_reference"] == case.id
    assert events == [
        SlotSet("complaint_details", None),
        SlotSet("complaint_details_needed", None),
        SlotSet("handoff_case", case.id),
        SlotSet("handoff_contact_needed", False),
    ]
    (case,) = cases(engine)  # the same case, with both texts and the details' sentiment
    assert [note.body.splitlines()[0] for note in case.notes] == [
        "Customer's words: I want to complain",
        f"Customer's words: {WHAT_HAPPENED}",
    ]
    assert "negative_comment" in case.reasons
    assert case.conversation is not None
    assert case.conversation.transcript[-1]["text"] == WHAT_HAPPENED


@pytest.mark.usefixtures("services")
def test_an_anonymous_visitor_is_asked_how_to_reach_them_after_what_happened(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    at(OPEN)
    events, _messages = run_action(
        ActionHandoff(), make_tracker(anonymous(user("საჩივარი მაქვს", "complaint")))
    )
    case_id = events[0]["value"]
    tracker = make_tracker(
        anonymous(user("skip", "skip"), loop(None)),
        slots={"handoff_case": case_id, "complaint_details": ""},
    )
    events, messages = run_action(ActionComplaintDetails(), tracker)
    # Nothing added: passed on as it was, and the contact question comes next.
    assert responses(messages) == ["utter_complaint_received"]
    assert events[-1] == SlotSet("handoff_contact_needed", True)
    (case,) = cases(engine)
    assert len(case.notes) == 1


@pytest.mark.parametrize(
    ("text", "intent", "stored"),
    [
        ("skip", "skip", ""),
        ("no", "deny", ""),
        ("just get me a person", "contact_human_agent", ""),
        ("...", "nlu_fallback", ""),
        # Read as tracking, but it is what happened: kept, whatever the NLU says.
        ("my order A1000003 never came", "track_order", "my order A1000003 never came"),
        ("no one answered my   3 emails", "deny", "no one answered my 3 emails"),
        ("Կոտրված ապրանք եկավ", "complaint", "Կոտրված ապրանք եկավ"),
    ],
)
def test_the_answer_to_what_happened(
    domain: dict[str, Any], text: str, intent: str, stored: str
) -> None:
    tracker = make_tracker(conversation(user(text, intent)), active_loop="complaint_details_form")
    result = ValidateComplaintDetailsForm().validate_complaint_details(
        text, CollectingDispatcher(), tracker, domain
    )
    assert result == {"complaint_details": stored}


@pytest.mark.parametrize(
    ("text", "offered"),
    [
        ("I want to talk to a real person, my email is bob@example.com", "bob@example.com"),
        ("please get someone to call me back on 555 201 7788", "5552017788"),
        ("kireta alegn eka tesebro meta. silke +251 91 123 4567", "+251911234567"),
        ("ቅሬታ አለኝ ስልኬ 0911223344 ነው", "0911223344"),  # "my phone is ..."
        ("უი არა, დამირეკეთ რა 599887766", "599887766"),  # "call me"
        ("ოპერატორი მინდა, ჩემი ნომერია 555123456", "555123456"),  # "my number is"
        ("თანამშრომელთან მინდა, მომწერეთ tamar.k@gmail.com-ზე", "tamar.k@gmail.com"),
        # A bare run of digits with no word of calling is an order number.
        ("a person please, order 2000015", None),
        ("my order 88120455 never came", None),
    ],
)
def test_a_contact_given_with_the_request(text: str, offered: str | None) -> None:
    assert contact_offered(text) == offered


@pytest.mark.usefixtures("services")
def test_a_contact_given_with_the_request_is_not_asked_for_again(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    at(OPEN)
    text = "I want to talk to a real person, my email is bob@example.com"
    events, messages = run_action(
        ActionHandoff(), make_tracker(anonymous(user(text, "contact_human_agent")))
    )
    (case,) = cases(engine)
    assert events == [
        SlotSet("handoff_contact", "bob@example.com"),
        SlotSet("handoff_case", case.id),
        SlotSet("handoff_contact_needed", False),
    ]
    assert responses(messages) == ["utter_handoff", "utter_handoff_contact_open"]
    assert messages[1]["handoff_contact"] == "bob@example.com"
    assert [note.body for note in case.notes] == [
        "Contact the customer at bob@example.com (given, with consent, in the chat)"
    ]


@pytest.mark.usefixtures("services")
def test_a_contact_given_with_a_bare_complaint_is_used_after_what_happened(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    at(OPEN)
    text = "ቅሬታ አለኝ ስልኬ 0911223344 ነው"  # "I have a complaint, my phone is ..."
    events, messages = run_action(ActionHandoff(), make_tracker(anonymous(user(text, "complaint"))))
    assert SlotSet("complaint_details_needed", True) in events
    assert SlotSet("handoff_contact", "0911223344") in events
    case_id = events[0]["value"]
    tracker = make_tracker(
        anonymous(user("ያዘዝኩት ጫማ የተሳሳተ መጠን ነው የመጣው"), loop(None)),
        slots={
            "handoff_case": case_id,
            "handoff_contact": "0911223344",
            "complaint_details": "ያዘዝኩት ጫማ የተሳሳተ መጠን ነው የመጣው",
        },
    )
    events, messages = run_action(ActionComplaintDetails(), tracker)
    assert responses(messages) == ["utter_complaint_details_added", "utter_handoff_contact_open"]
    assert events[-1] == SlotSet("handoff_contact_needed", False)


@pytest.mark.parametrize(
    "text",
    [
        "actually, never mind, I don't want to complain anymore",
        "forget it, I changed my mind, cancel the complaint",
        "აღარ მინდა, დაივიწყეთ",
        "ara, gadavifiqre",
        "კარგი, არ ღირს, დაანებეთ თავი",
        "Ոչինչ, թողեք",
        "Մտափոխվեցի, չեմ ուզում բողոքել",
        "ተውት ይቅር",
    ],
)
def test_a_withdrawn_complaint_is_noted_and_nothing_more_is_asked(
    run_action: RunAction, domain: dict[str, Any], text: str
) -> None:
    tracker = make_tracker(conversation(user(text, "deny")), active_loop="complaint_details_form")
    result = ValidateComplaintDetailsForm().validate_complaint_details(
        text, CollectingDispatcher(), tracker, domain
    )
    assert result == {"complaint_details": ""}
    with use_store(MemoryStore()) as store:
        tracker = make_tracker(
            anonymous(user(text, "deny"), loop(None)),
            slots={"handoff_case": 12, "complaint_details": ""},
        )
        events, messages = run_action(ActionComplaintDetails(), tracker)
    assert store.withdrawals == [(12, text)]
    assert responses(messages) == ["utter_complaint_withdrawn"]  # no contact question
    assert events[-1] == SlotSet("handoff_contact_needed", False)


def test_an_order_question_instead_of_what_happened_is_answered_next(
    run_action: RunAction, domain: dict[str, Any]
) -> None:
    text = "wait, first tell me where A1000001 is?"
    asked = user(text, "track_order", confidence=0.95)
    tracker = make_tracker(conversation(asked), active_loop="complaint_details_form")
    result = ValidateComplaintDetailsForm().validate_complaint_details(
        text, CollectingDispatcher(), tracker, domain
    )
    assert result == {"complaint_details": ""}
    with use_store(MemoryStore()):
        tracker = make_tracker(
            anonymous(asked, loop(None)), slots={"handoff_case": 12, "complaint_details": ""}
        )
        events, messages = run_action(ActionComplaintDetails(), tracker)
    assert responses(messages)[0] == "utter_complaint_received"
    assert responses(messages)[1].startswith("utter_handoff_no_contact_")
    assert SlotSet("handoff_contact_needed", False) in events
    assert events[-1]["event"] == "user" and events[-1]["text"] == text  # read again next


@pytest.mark.parametrize(
    "text",
    [
        "Ոչ, արդեն պետք չէ, ինքս գտա պատասխանը",  # "no, no need, I found the answer myself"
        "Չեմ ուզում իմ տվյալները տալ",  # "I don't want to give my details"
        "ኢሜይሌን መስጠት አልፈልግም",  # "I don't want to give my e-mail"
        "no, I found what I needed myself",
        "I'd rather not give my number",
    ],
)
def test_declining_the_contact_in_a_sentence_ends_the_question(
    domain: dict[str, Any], text: str
) -> None:
    tracker = make_tracker(anonymous(user(text)), active_loop="handoff_contact_form")
    result = ValidateHandoffContactForm().validate_handoff_contact(
        text, CollectingDispatcher(), tracker, domain
    )
    assert result == {"handoff_contact": None, "requested_slot": None}


@pytest.mark.usefixtures("services")
def test_what_happened_naming_an_order_is_not_a_tracking_request(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    """Shoppers' finding: "my order A1000002 came broken" was added, then the order was looked
    up ("can't find it?") and the contact question skipped."""
    at(OPEN)
    events, _messages = run_action(
        ActionHandoff(), make_tracker(anonymous(user("ቅሬታ አለኝ", "complaint")))
    )
    text = "ትዕዛዜ A1000002 ሲደርስ የተሰበረ ነበር"
    tracker = make_tracker(
        anonymous(user(text, "track_order", confidence=0.9), loop(None)),
        slots={"handoff_case": events[0]["value"], "complaint_details": text},
    )
    events, messages = run_action(ActionComplaintDetails(), tracker)
    assert responses(messages) == ["utter_complaint_details_added"]
    assert events[-1] == SlotSet("handoff_contact_needed", True)  # asked how to reach them
