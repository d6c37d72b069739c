"""A reply to "Did that solve your problem?" that says in a sentence that it did not: a no
(2) with the customer's words, and a person offered (round 13, every language)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.actions.not_solved import says_not_solved
from bot.actions.survey_csat import ValidateCsatForm
from bot.actions.survey_flow import ActionSkipSurvey
from feedback_api.models import SurveyResponse
from tests.bot.conftest import RunAction, csat_until_score, make_tracker, slot, user

pytestmark = pytest.mark.usefixtures("services")

STILL_NOT_SOLVED = [
    "I did that already, there is no download button",
    "it was promised for last week",
    "the money is still not in my account",
    "its been a week already",
    "ეს უკვე ვნახე, მაგრამ არ მოსულა",  # I saw that already, but it hasn't come
    "es ukve vnakhe, magram ar movida",
    "სპამშიც ვნახე, არაფერია",  # I looked in spam too, nothing there
    "արդեն արել եմ, նամակը չի գալիս",  # I did it already, the letter doesn't come
    "լինկը բացում եմ, գրում է 404",  # I open the link, it says 404
    "սպամում էլ չկա",  # not in spam either
    "አሁንም አልደረሰኝም",  # it still hasn't reached me
    "ይህን አድርጌዋለሁ",  # I have done this
    "ብዙም አይደለም፣ ሊንኩ አይሰራም",  # not really, the link doesn't work
    # round 22: "please pick 1-5", or "No problem; thanks for your time!"
    "հարևաններին էլ եմ հարցրել, չկա",  # I asked the neighbours too, it's not there
    "ene alagegnehutm",  # I haven't found it (Amharic in Latin letters)
    # round 23: refused twice as no score after how to reset the password
    "i dont get the email",
    "I SAID I DONT GET THE RESET EMAIL",
    "the reset email never comes",
]

ANSWERS_OR_OTHER = [
    "yes thanks",
    "it worked",
    "not at all",
    "no problem",
    "not sure",
    "nothing else, thanks",
    "კი, დამეხმარა",  # yes, it helped
    "այո, օգնեց",  # yes, it helped
    "አዎ ረድቶኛል",  # yes, it helped me
    "არა, მეტი არაფერი მჭირდება",  # no, I need nothing more
    "չկա խնդիր",  # no problem
    "Չէ, կարիք չկա",  # no, no need
    "yes i got the email thanks",
]


@pytest.mark.parametrize("text", STILL_NOT_SOLVED)
def test_still_not_solved_in_four_languages(text: str) -> None:
    assert says_not_solved(text)


@pytest.mark.parametrize("text", ANSWERS_OR_OTHER)
def test_answers_and_other_replies_are_left_to_the_other_readings(text: str) -> None:
    assert not says_not_solved(text)


def _under_csat(text: str, intent: str) -> list[dict[str, Any]]:
    return [*csat_until_score(), user(text, intent, confidence=0.6), slot("csat_score", text)]


@pytest.mark.parametrize("text", STILL_NOT_SOLVED)
def test_the_form_takes_it_as_a_no_with_the_words(run_action: RunAction, text: str) -> None:
    """Had been "please pick a number from 1 to 5", or a 4 ("ይህን አድርጌዋለሁ")."""
    tracker = make_tracker(_under_csat(text, "nlu_fallback"), active_loop="csat_form")
    result, messages = run_action(ValidateCsatForm(), tracker)
    assert result == [SlotSet("csat_score", 2), SlotSet("csat_comment", text)]
    assert messages == []


def test_read_as_a_skip_it_is_stored_as_a_no_and_a_person_offered(
    run_action: RunAction, engine: Engine
) -> None:
    """ "አሁንም አልደረሰኝም" read as a skip had been stored as dismissed ("no problem!")."""
    text = "አሁንም አልደረሰኝም"
    tracker = make_tracker(_under_csat(text, "skip"), active_loop="csat_form")
    result, messages = run_action(ActionSkipSurvey(), tracker)
    assert result[-1] == FollowupAction("utter_offer_handoff")
    assert [message["response"] for message in messages] == ["utter_thanks_csat_low"]
    with Session(engine) as session:
        (answer,) = session.scalars(select(SurveyResponse))
    assert (answer.score, answer.comment) == (2, text)
