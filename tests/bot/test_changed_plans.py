"""Taking a cancellation back and moving a delivery to another day (bot/changed_plans.py),
and the answers they get (action_answer_cancel_order, action_answer_change_order)."""

from __future__ import annotations

import pytest

from bot.actions.cancel_order import ActionAnswerCancelOrder
from bot.actions.change_order import ActionAnswerChangeOrder
from bot.changed_plans import asks_to_change_delivery_day, changes_mind, takes_back_cancelling
from tests.bot.conftest import RunAction, make_tracker, user

TAKE_BACK = [
    "actually wait, i changed my mind. i dont want to cancel it anymore, i already clicked "
    "cancel tho. can i undo it?",
    "i cancelled my order by mistake, how do i reactivate it?",
    "მოიცა, გადავიფიქრე, არ მინდა გაუქმება. A1000003 დავტოვოთ",  # wait, I changed my mind
    "A1000004 გავაუქმე გუშინ, მაგრამ გადავიფიქრე, შეიძლება აღვადგინო?",
    "ትዕዛዜን ሰርዣለሁ አሁን ግን ሃሳቤን ቀይሬያለሁ፣ ስረዛውን መሰረዝ እችላለሁ?",
    "A1000005 በስህተት ነው የሰረዝኩት። እንደገና ማስጀመር እችላለሁ?",  # I cancelled it by mistake
    "սխալմամբ չեղարկեցի պատվերս, կարո՞ղ եմ վերականգնել",  # I cancelled it by mistake
    "አይ ቆይ አትሰርዘው",  # no wait, don't cancel it (round 21: stored as a CSAT 2, a case)
]
CANCELLING = [
    "I changed my mind, please cancel my order",
    "I ordered the wrong size by mistake, cancel it",
    "cancel my order A1000001",
    "Please tell me if there is a cost to be paid for cancelling, as I am not certain I "
    "shall keep my order.",
]
ANOTHER_DAY = [
    "how do i change the delivery date of my order",
    "can u deliver A1000003 on monday instead, nobody home thursday",
    "I won't be home on Saturday, can I get my order delivered on a different day instead?",
    "მიწოდების დღის შეცვლა შეიძლება? ხუთშაბათს სახლში არ ვიქნები, A1000003",
    "mitanis dRe shevcvalo sheidzleba? paraskevs minda motana",
    "Կարո՞ղ եմ առաքման օրը փոխել, ուրբաթ տանը չեմ լինի",
    "ትዕዛዜ A1000001 ማክሰኞ ቤት የለሁም፣ የሚደርስበትን ቀን ወደ ሐሙስ ማዛወር ይቻላል?",
    "delivery ቀኑን ማስቀየር ፈልጌ ነበር",
]
NOT_ANOTHER_DAY = [
    "what's the delivery date?",
    "how do I change my delivery address",
    "it was delivered on monday but the box was damaged",
    "when will my order arrive",
    "ውድ ጌታዬ፣ የኢትዮጵያ አየር መንገድ በረራዬን ወደ ሌላ ቀን ማዛወር እፈልጋለሁ",  # a flight
]


@pytest.mark.parametrize("text", TAKE_BACK)
def test_taking_a_cancellation_back(text: str) -> None:
    assert takes_back_cancelling(text)


@pytest.mark.parametrize("text", CANCELLING)
def test_cancelling_is_not_taking_it_back(text: str) -> None:
    assert not takes_back_cancelling(text)


@pytest.mark.parametrize("text", ANOTHER_DAY)
def test_moving_the_delivery_day(text: str) -> None:
    assert asks_to_change_delivery_day(text)


@pytest.mark.parametrize("text", NOT_ANOTHER_DAY)
def test_other_delivery_questions_are_not_moving_the_day(text: str) -> None:
    assert not asks_to_change_delivery_day(text)


@pytest.mark.usefixtures("services")
def test_taking_a_cancellation_back_is_answered_as_such(run_action: RunAction) -> None:
    """Round 14, every language: the steps to cancel had been the answer."""
    tracker = make_tracker([user(TAKE_BACK[1], "cancel_order")])
    _events, messages = run_action(ActionAnswerCancelOrder(), tracker)
    assert [m["response"] for m in messages] == ["utter_cancelling_taken_back"]


@pytest.mark.parametrize(
    ("text", "response"),
    [
        (ANOTHER_DAY[1], "utter_change_delivery_day"),
        ("how do i add an item to my order", "utter_change_order"),
        # Round 20: an exchange had got "you can change an order until it is packed"
        ("can I exchange these for a bigger size?", "utter_exchange"),
        ("კაბა მინდა გავცვალო უფრო დიდ ზომაზე", "utter_exchange"),
    ],
)
def test_change_order_answers_the_day_or_the_items(
    run_action: RunAction, text: str, response: str
) -> None:
    _events, messages = run_action(ActionAnswerChangeOrder(), make_tracker([user(text)]))
    assert [m["response"] for m in messages] == [response]


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("no wait I changed my mind", True),
        ("never mind, I'll keep it", True),
        ("არა, ჯობია არ წავშალო", True),  # no, I'd better not delete it
        ("არა, გადავიფიქრე", True),  # no, I changed my mind
        ("չէ, մտածեցի, թող մնա", True),  # no, I thought it over, let it stay
        ("እሺ ሀሳቤን ቀይሬያለሁ መለያዬ ይቆይ", True),  # ok, I changed my mind, let my account stay
        ("አይ ተውው አልሰርዝም", True),  # no, leave it, I won't cancel
        # asking for it, with a change of mind as the reason
        ("i changed my mind, cancel the order", False),
        ("ሀሳቤን ቀይሬያለሁ፣ ትዕዛዙን ሰርዙልኝ", False),  # I changed my mind, cancel the order
        ("no", False),
        ("no i still cant log in", False),
        ("ይቅርታ አልገባኝም", False),  # sorry, I didn't understand
    ],
)
def test_changes_mind(text: str, changes: bool) -> None:
    """Read under the CSAT question after how to cancel or delete (bot/actions/survey_csat.py)."""
    assert changes_mind(text) is changes
