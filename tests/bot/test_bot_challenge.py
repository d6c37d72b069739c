"""The answer to "are you a bot?", and to a customer calling the bot names (round 16, every
language: insults had been answered with the cheerful introduction)."""

from __future__ import annotations

import pytest
from rasa_sdk.events import FollowupAction

from bot.actions.bot_challenge import ActionAnswerBotChallenge
from bot.insults import insults_the_bot
from tests.bot.conftest import RunAction, make_tracker, user

INSULTS = [
    "you are useless you stupid bot",
    "შენ ბოტი ხარ რა, იდიოტო",  # you're a bot, you idiot
    "դու ապուշ բոտ ես",  # you are a stupid bot
    "ደደብ ነህ ምንም አትጠቅምም",  # you're stupid, you're no use at all
]
QUESTIONS = ["am I talking to a bot?", "ბოტი ხარ?", "դու բոտ ե՞ս", "ሮቦት ነህ?", "are you real"]


@pytest.mark.parametrize("text", INSULTS)
def test_insults_are_read(text: str) -> None:
    assert insults_the_bot(text)


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_are_not_insults(text: str) -> None:
    assert not insults_the_bot(text)


@pytest.mark.parametrize("text", INSULTS)
def test_an_insult_gets_an_apology_and_a_person_offered(run_action: RunAction, text: str) -> None:
    tracker = make_tracker([user(text, "bot_challenge")])
    events, messages = run_action(ActionAnswerBotChallenge(), tracker)
    assert [m["response"] for m in messages] == ["utter_sorry_not_helped"]
    assert events == [FollowupAction("utter_offer_handoff")]


@pytest.mark.parametrize("text", QUESTIONS)
def test_the_question_gets_the_introduction(run_action: RunAction, text: str) -> None:
    events, messages = run_action(
        ActionAnswerBotChallenge(), make_tracker([user(text, "bot_challenge")])
    )
    assert [m["response"] for m in messages] == ["utter_iamabot"]
    assert events == []
