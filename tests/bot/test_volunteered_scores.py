"""The NPS question answered before it was asked, in its own words (bot.volunteered_scores)."""

from __future__ import annotations

import pytest

from bot.volunteered_scores import speaks_of_recommending, volunteers_score


@pytest.mark.parametrize(
    "text",
    [
        "I'd recommend you, 10",
        "would def recommend, 9 out of 10, the courier was lovely",
        "wouldnt recomend you to anyone 2/10",
        "ვურჩევდი მეგობრებს, 10",
        "խորհուրդ կտամ, 9",
        "10 እመክራችኋለሁ",
        # a score out of ten given to us (round 13: not understood)
        "I would give you 9 out of 10, great shop",
        "id give you guys an 8 out of 10",
        "9/10 great shop",
    ],
)
def test_a_recommendation_with_a_score_volunteers_it(text: str) -> None:
    assert volunteers_score(text)


@pytest.mark.parametrize(
    "text",
    [
        "10",  # a bare score may rate anything: the question is asked first
        "I give you 9",
        "would you recommend express for 2 items?",  # a question
        "do you recommend the standard delivery",
        "I'd recommend you to everyone",  # no score
        "I recommended you to my sister, order A1000004 was hers",  # an order number
        "the blender is 8 out of 10",  # out of ten, but not given to us
        "7 out of 10 for the delivery guy",
    ],
)
def test_other_messages_volunteer_no_score(text: str) -> None:
    assert not volunteers_score(text)


def test_recommending_in_each_language() -> None:
    assert all(
        speaks_of_recommending(text)
        for text in ("I'd recommend", "ვურჩევდი", "խորհուրդ կտամ", "እመክራለሁ", "reccomend")
    )
    assert not speaks_of_recommending("I'd buy again")
