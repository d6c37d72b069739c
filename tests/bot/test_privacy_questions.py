"""Questions about what happens to what the customer writes are ``ask_privacy`` by rule
(bot/privacy_questions.py)."""

from __future__ import annotations

import pytest

from bot.privacy_questions import asks_about_privacy


@pytest.mark.parametrize(
    "text",
    [
        # What the eleventh round's shoppers asked, and what the bot had answered.
        "what do you do with my data?",  # "not something I can help with"
        "is this chat recorded? who sees my messages",  # "What's your order number?"
        "does a human read this?",  # "I'm a bot"
        "can you delete what i said",  # the steps to delete the whole account
        "please delete my feedback, i dont want it stored",
        "Ինչ եք անում իմ տվյալների հետ?",  # what do you do with my data?
        "Կարո՞ղ եք ջնջել այն ինչ գրել եմ",  # can you delete what I wrote?
        "Իմ տվյալները պահպանվու՞մ են, ինչքա՞ն ժամանակ",  # was the delivery times
        "ჩემს მონაცემებს რას უკეთებთ?",  # what do you do with my data?
        "ამ ჩატს ადამიანი კითხულობს?",  # does a person read this chat?
        "რაც დავწერე, შეგიძლიათ წაშალოთ?",  # can you delete what I wrote?
        "የምጽፈውን መረጃ ምን ታደርጉበታላችሁ?",  # what do you do with what I write?
        "የጻፍኩትን ሁሉ ማጥፋት እችላለሁ?",  # can I delete everything I wrote?
        "ይህን chat ሰው ያነበዋል?",  # does a person read this chat?
        # round 17: why do you ask, what will you do with this data? (stored as the reason)
        "ինչու՞ եք հարցնում, ի՞նչ եք անելու այդ տվյալների հետ",
        "መረጃዬን ለማን ትሰጡታላችሁ?",  # who will you give my data to? (round 18: a complaint)
    ],
)
def test_questions_about_the_customers_data(text: str) -> None:
    assert asks_about_privacy(text)


@pytest.mark.parametrize(
    "text",
    [
        "how do I change my personal information?",  # the account's details
        "I want to delete my account",
        "I'm worried about privacy, I don't want an account anymore",  # delete_account
        "I want to save my details, how do I join",  # create_account
        "can you delete my order",
        "Kindly remove my e-mail address from your mailing list.",
        "where is my order",
        None,
    ],
)
def test_other_messages_keep_the_classifiers_intent(text: str | None) -> None:
    assert not asks_about_privacy(text)
