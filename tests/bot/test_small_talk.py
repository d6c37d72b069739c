"""Small talk asking how the bot is (bot/small_talk.py) and the greeting that answers it
(bot/actions/greeting.py)."""

from __future__ import annotations

import pytest

from bot.actions.greeting import ActionGreet
from bot.small_talk import asks_how_we_are
from tests.bot.conftest import RunAction, action, bot, make_tracker, user


@pytest.mark.parametrize(
    "text",
    [
        "how are you?",
        "hi, how r u",
        "good thanks, you?",
        "im good hbu",
        "all good and you",
        "kargad, shen?",  # fine, you? (Georgian in Latin letters): was a goodbye
        "კარგად, თქვენ?",
        "როგორ ხართ?",
        "ինչպե՞ս ես",  # how are you?: was "I'm a bot"
        "լավ եմ, դու՞",  # fine, you?: was a goodbye
        "lav em, du?",
        "እንዴት ነህ?",
        "ደህና ነኝ፣ አንተስ?",  # I'm fine, and you?: was a goodbye
        "dehna negn, antes?",
    ],
)
def test_asking_how_the_bot_is(text: str) -> None:
    assert asks_how_we_are(text)


@pytest.mark.parametrize(
    "text",
    [
        "how are you going to fix this?",
        "can you?",
        "do you ship to spain?",
        "are you a bot?",
        "kargad var, madloba",  # fine, thanks: asks nothing back
        "how are you, my order A1000003 is late",  # digits: a request
        "Ինչպես եք առաքում, ինչ տարբերակներ կան",  # how do you deliver
        "Ինչպե՞ս եք համարձակվում մերժել գումարի վերադարձս",  # how dare you refuse
    ],
)
def test_other_messages_do_not_ask_how_the_bot_is(text: str) -> None:
    assert not asks_how_we_are(text)


def test_a_first_how_are_you_gets_the_introduction_and_an_answer(run_action: RunAction) -> None:
    _events, messages = run_action(ActionGreet(), make_tracker([user("hi, how are you?", "greet")]))
    assert [m["response"] for m in messages] == ["utter_greet", "utter_doing_well"]


def test_fine_and_you_after_the_introduction_gets_the_answer_alone(run_action: RunAction) -> None:
    """Round 14: "kargad, shen?" after the greeting was answered with a goodbye."""
    tracker = make_tracker(
        [
            user("gamarjoba", "greet"),
            action("action_greet"),
            bot("გამარჯობა! მე ვარ Acme Shop-ის ასისტენტი.", "utter_greet"),
            action("action_listen"),
            user("kargad, shen?", "greet"),
        ]
    )
    _events, messages = run_action(ActionGreet(), tracker)
    assert [m["response"] for m in messages] == ["utter_doing_well"]


def test_a_plain_greeting_gets_the_introduction(run_action: RunAction) -> None:
    _events, messages = run_action(ActionGreet(), make_tracker([user("hello", "greet")]))
    assert [m["response"] for m in messages] == ["utter_greet"]
