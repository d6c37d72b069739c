"""Questions about a product's stock and price (bot/product_questions.py, answered by the
fallback) and requests to merge accounts (bot/merged_accounts.py, answered by
action_answer_switch_account). Round 14: both got answers that did not apply."""

from __future__ import annotations

import pytest

from bot.actions.support import ActionFallback
from bot.actions.switch_account import ActionAnswerSwitchAccount
from bot.merged_accounts import asks_to_merge_accounts
from bot.product_questions import asks_about_a_product
from tests.bot.conftest import RunAction, make_tracker, user

PRODUCT_QUESTIONS = [
    "is the jacket in stock?",
    "how much is the blender",
    "do you have this in size M",
    "ეს ქურთუკი მარაგშია?",  # is this jacket in stock?
    "ra ghirs es kurtuki?",  # what does this jacket cost? (Georgian in Latin letters)
    "ի՞նչ արժե այս բլենդերը",  # what does this blender cost?
    "የዚህ ጃኬት ዋጋ ስንት ነው?",  # what is this jacket's price?
]
NOT_PRODUCT_QUESTIONS = [
    "what's the weather like?",
    "how much is a house",
    "whats bitcoin price today",
    "ბიტკოინი რა ღირს?",  # what does bitcoin cost?
    "Փարիզում ինչ արժե տեսնել",  # what is worth seeing in Paris
    "do u price match if i find it cheaper somewhere else",
    "սխալ չափսի կոշիկ եք ուղարկել, 42-ի տեղը 44 ա եկել",  # wrong size sent: a complaint
]


@pytest.mark.parametrize("text", PRODUCT_QUESTIONS)
def test_questions_about_a_product(text: str) -> None:
    assert asks_about_a_product(text)


@pytest.mark.parametrize("text", NOT_PRODUCT_QUESTIONS)
def test_other_questions_are_not_about_a_product(text: str) -> None:
    assert not asks_about_a_product(text)


@pytest.mark.parametrize(
    ("text", "intent"),
    [(PRODUCT_QUESTIONS[0], "out_of_scope"), (PRODUCT_QUESTIONS[3], "nlu_fallback")],
)
def test_a_product_question_is_told_where_stock_and_prices_are(
    run_action: RunAction, text: str, intent: str
) -> None:
    _events, messages = run_action(ActionFallback(), make_tracker([user(text, intent)]))
    assert [m["response"] for m in messages] == ["utter_product_question"]


@pytest.mark.parametrize(
    "text", ["got any promo codes at the moment", "Պրոմո կոդը չի աշխատում", "የቅናሽ ኮዱ አይሰራም"]
)
def test_a_discount_code_read_as_off_topic_is_told_what_to_check(
    run_action: RunAction, text: str
) -> None:
    """Round 22, every language: "the promo code doesn't work" was "not something I can
    help with" (the training data keeps discount codes off-topic)."""
    _events, messages = run_action(ActionFallback(), make_tracker([user(text, "out_of_scope")]))
    assert [m["response"] for m in messages] == ["utter_discount_code"]


MERGES = [
    "can you merge my two accounts",
    "i have two accounts, can they be combined into one",
    "ორი ანგარიში მაქვს, შეიძლება გაერთიანება?",  # I have two accounts, can they be joined?
    "Երկու հաշիվ ունեմ, կարո՞ղ եք միավորել",  # I have two accounts, can you merge them?
    "ሁለት መለያዎቼን ማዋሃድ እችላለሁ?",  # can I merge my two accounts?
]


@pytest.mark.parametrize("text", MERGES)
def test_requests_to_merge_accounts(text: str) -> None:
    assert asks_to_merge_accounts(text)


@pytest.mark.parametrize(
    "text", ["how do i switch accounts", "how do i join", "i want to create an account"]
)
def test_other_account_requests_do_not_merge(text: str) -> None:
    assert not asks_to_merge_accounts(text)


@pytest.mark.parametrize(
    ("text", "response"),
    [(MERGES[0], "utter_merge_accounts"), ("how do i switch accounts", "utter_switch_account")],
)
def test_the_switch_account_answer_says_what_applies(
    run_action: RunAction, text: str, response: str
) -> None:
    tracker = make_tracker([user(text, "switch_account")])
    _events, messages = run_action(ActionAnswerSwitchAccount(), tracker)
    assert [m["response"] for m in messages] == [response]
