"""Answers to the 0-10 question in words (bot/score_words.py): the ends of the scale taken,
hedges asked for a number on their side, nothing else read as a score."""

from __future__ import annotations

import pytest

from bot.actions.survey import score_in
from bot.score_words import NO_SIDE, WHOLE_SCALE, YES_SIDE, nps_in_words, nps_leaning


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("definitely", 10),
        ("Definitely!", 10),
        ("აუცილებლად ვურჩევ!", 10),  # I'll definitely recommend (the scale's 10)
        ("არავითარ შემთხვევაში", 0),  # by no means (the scale's 0)
        ("հաստատ կխորհրդեմ", 10),  # I'll definitely recommend
        ("հաստատ չէ", 0),  # definitely not
        ("բոլորովին հավանական չէ", 0),  # not at all likely (the scale's 0)
        ("በእርግጠኝነት እመክራለሁ", 10),  # I'll certainly recommend (the scale's 10)
        ("በፍጹም አልመክርም", 0),  # I won't recommend at all (the scale's 0)
        ("no way", 0),
    ],
)
def test_the_ends_of_the_scale_in_words_are_scores(text: str, score: int) -> None:
    """Round 14, every language: the question's own labels were "not understood"."""
    assert nps_in_words(text) == score
    assert score_in(text) == score


def test_an_end_with_its_reason_gives_both() -> None:
    from bot.actions.answer_with_reason import answer_and_reason
    from bot.actions.survey import read_nps

    assert answer_and_reason("no way, the courier was rude", read_nps) == (
        0,
        "the courier was rude",
    )


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("probably not", NO_SIDE),
        ("probably not tbh", NO_SIDE),
        ("ნუ არ ვიცი, ალბათ არ ვურჩევდი", NO_SIDE),  # dunno, probably wouldn't recommend
        ("alba ki", YES_SIDE),  # probably yes (Georgian in Latin letters)
        ("երևի ոչ", NO_SIDE),  # probably not (its "և" read as NFKC spells it)
        ("እንጃ፣ ምናልባት አልመክርም", NO_SIDE),  # dunno, probably won't recommend
        ("maybe 50/50", WHOLE_SCALE),
        ("50/50 ነው እንግዲህ", WHOLE_SCALE),
        # round 19: a bare no or yes ("nah" had been asked again twice, then nothing stored)
        ("nah", NO_SIDE),
        ("no.", NO_SIDE),
        ("ok yes", YES_SIDE),
        ("არა", NO_SIDE),
        ("հա", YES_SIDE),
        ("አይ", NO_SIDE),
    ],
)
def test_hedges_lean_to_a_side_and_are_no_score(text: str, side: tuple[int, int]) -> None:
    assert nps_leaning(text) == side
    assert score_in(text) is None


@pytest.mark.parametrize(
    "text", ["", "ok", "well", "definitely late again", "never again", "maybe later", "so"]
)
def test_other_messages_are_neither(text: str) -> None:
    assert nps_in_words(text) is None
    assert nps_leaning(text) is None
