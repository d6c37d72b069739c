"""Questions about a person's reply after a handoff (bot/handoff_questions.py)."""

from __future__ import annotations

import pytest

from bot.handoff_questions import asks_about_the_reply


@pytest.mark.parametrize(
    "text",
    [
        # What seventh-round shoppers asked after being handed over.
        "აბა როდის წაიკითხავთ?",  # round 10: so when will you read it?
        "ስንት ሰዓት ይደውላሉ?",  # round 10: what time will you call?
        "what time will you call me",
        "so when will they call me",
        "when will someone call me?",
        "sorry whats my reference number?",
        "what was my reference number again?",
        "when will i hear back",
        "what happens now?",
        "so what now, do I just wait?",
        "when will an agent get back to me",
        "როდის დამირეკავთ?",
        "როდის მიპასუხებთ?",
        "ახლა რა ხდება?",
        "რა არის ჩემი მიმართვის ნომერი?",
        "rodis damirekavt?",
        "երբ կզանգեք?",
        "երբ կպատասխանեք ինձ?",
        "հիմա ինչ, սպասե՞մ",
        "Ո՞րն է իմ դիմումի համարը",
        "መቼ ነው የሚደውሉልኝ?",
        "አሁን ምን ይሆናል?",
        "የጉዳዬ መለያ ቁጥር ስንት ነው?",
    ],
)
def test_questions_about_the_reply(text: str) -> None:
    assert asks_about_the_reply(text)


@pytest.mark.parametrize(
    "text",
    [
        "when will my order arrive",
        "when do you answer emails",
        "when will I get my refund",
        "what is my order number",
        "how do I contact customer service",
        "call me on 0911223344",
        "what now, my order is lost and nobody cares about it at all really",
        "when does the store open",
        "როდის მოვა ჩემი შეკვეთა?",
        "երբ կգա պատվերս",
        "ትዕዛዜ መቼ ይደርሳል?",
        None,
    ],
)
def test_other_questions(text: str | None) -> None:
    assert not asks_about_the_reply(text)
