"""Where a survey answer ends and its reason starts (bot/actions/answer_with_reason.py)."""

from __future__ import annotations

import pytest

from bot.actions.answer_with_reason import (
    answer_and_reason,
    reason_beside_correction,
    reason_then_answer,
    yes_or_no_then_more,
)
from bot.actions.parsing import corrected_score, parse_score, parse_yes_no


def nps(text: str) -> int | None:
    return parse_score(text)


def yes_no(text: str) -> bool | None:
    return parse_yes_no(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8, delivery was a bit slow", (8, "delivery was a bit slow")),
        ("8 - the courier was rude", (8, "the courier was rude")),
        ("8 because the courier was rude", (8, "because the courier was rude")),
        ("8 out of 10, slow delivery", (8, "slow delivery")),
        ("9/10 would recommend", (9, "would recommend")),
        ("I would say 8. Fast delivery", (8, "Fast delivery")),
        ("ცხრა, სწრაფი მიწოდება", (9, "სწრაფი მიწოდება")),
        ("9 რადგან სწრაფია", (9, "რადგან სწრაფია")),
        ("ինը, արագ առաքում", (9, "արագ առաքում")),
        ("ዘጠኝ፣ ፈጣን አገልግሎት ነው", (9, "ፈጣን አገልግሎት ነው")),
        # A word with its own mark before the score (a shopper's finding: the reason was lost).
        ("honestly? a 2. your support is useless", (2, "your support is useless")),
        # Fifth round of shoppers: reasons lost (and the next message stored in their place).
        ("I'd give it a two, I already checked spam", (2, "I already checked spam")),
        ("3 the app is buggy af", (3, "the app is buggy af")),
        ("ten out of ten you guys are brilliant", (10, "you guys are brilliant")),
        ("10 iyo dzalian kargi yvelaferi", (10, "iyo dzalian kargi yvelaferi")),
        ("8 რადგან კურიერი ძალიან თავაზიანი იყო", (8, "რადგან კურიერი ძალიან თავაზიანი იყო")),
        # Stored as typed: the Armenian "և" is not turned into "եւ".
        ("ինը, որովհետև ամեն ինչ արագ և հեշտ էր", (9, "որովհետև ամեն ինչ արագ և հեշտ էր")),
        ("5 days late and still nothing", None),  # a quantity, no score
        # No reason: the reason question is still asked.
        ("8", None),
        ("9/10", None),
        ("8, thanks", None),
        ("10/10 thanks a lot", None),
        ("8, thanks for asking", None),
        # Not an answer first: a sentence, or the score at its end.
        ("the delivery was slow", None),
        ("great service, 10", None),
        ("we ordered five times this year, always late", None),
        # Round 14: agreeing, hedging and the words of giving the score are no reason.
        ("10, რა თქმა უნდა", None),  # 10, of course
        ("2 ነው የምሰጠው", None),  # 2 is what I give
        ("ok fine, 4", None),
        # Round 15: "is" and "I'd put" after the score are no part of the reason.
        ("4 ነው ግን ቴሌብር ብትጨምሩ ጥሩ ነበር", (4, "ግን ቴሌብር ብትጨምሩ ጥሩ ነበር")),
        ("8 kdnei, bayc araqumy dandax er", (8, "bayc araqumy dandax er")),
        ("ხო უკვე გითხარით, 10", None),  # yeah, I already told you, 10
        (
            "3 կդնեմ, որովհետև պատվերս 2 շաբաթ ուշացավ",  # I'll put 3, because ... was late
            (3, "որովհետև պատվերս 2 շաբաթ ուշացավ"),
        ),
        # Decimals and two numbers are no score, whatever follows.
        ("7.5, ok then", None),
        ("7 or 8, hard to say", None),
    ],
)
def test_a_score_and_its_reason(text: str, expected: tuple[int, str] | None) -> None:
    assert answer_and_reason(text, nps) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # round 19: the comment had been "stars but the box was damaged"
        ("5 stars but the box was damaged", (5, "but the box was damaged")),
        ("4 star, the courier was late", (4, "the courier was late")),
        ("5 stars", None),
    ],
)
def test_stars_belong_to_the_score(text: str, expected: tuple[int, str] | None) -> None:
    assert answer_and_reason(text, lambda part: parse_score(part, low=1, high=5)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "no, the blender was broken when it arrived",
            (False, "the blender was broken when it arrived"),
        ),
        ("nope - still no refund", (False, "still no refund")),
        ("no because it never came", (False, "because it never came")),
        ("არა, ბმული არ მუშაობს", (False, "ბმული არ მუშაობს")),
        ("ոչ, հղումը չի աշխատում", (False, "հղումը չի աշխատում")),
        ("አይ፣ ሊንኩ አይሰራም", (False, "ሊንኩ አይሰራም")),
        ("yes, thanks a lot", None),
        ("no, thanks", None),
        ("no one answered my email", None),
        (None, None),
    ],
)
def test_a_yes_or_no_and_its_reason(text: str | None, expected: tuple[bool, str] | None) -> None:
    assert answer_and_reason(text, yes_no) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no it still hasnt arrived", (False, "no it still hasnt arrived")),
        ("nope still waiting for my refund", (False, "nope still waiting for my refund")),
        ("არა ჯერ არ მოსულა", (False, "არა ჯერ არ მოსულა")),
        ("ոչ դեռ չի հասել", (False, "ոչ դեռ չի հասել")),
        ("አይ እስካሁን አልደረሰም", (False, "አይ እስካሁን አልደረሰም")),
        ("yes it did thank you", (True, None)),
        # "It didn't work" opening the sentence that says why (a shopper's finding: read as
        # a sign-up problem, and the CSAT "no" lost).
        ("አልሰራም ኢሜይሉ አልመጣልኝም", (False, "አልሰራም ኢሜይሉ አልመጣልኝም")),
        ("ვერა, ლინკი არ მუშაობს", (False, "ვერა, ლინკი არ მუშაობს")),
        # "no" as a word of the sentence, too little after it, or no yes/no first.
        ("no one answered my email", None),
        ("no problem at all", None),
        ("no thanks", None),
        ("the order is late", None),
        # Words that open sentences without answering: "ok", "not".
        ("ok so what I really wanted to know is something else", None),
        ("not sure what you mean", None),
    ],
)
def test_a_yes_or_no_that_opens_a_sentence(
    text: str, expected: tuple[bool, str | None] | None
) -> None:
    assert yes_or_no_then_more(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ფასები ძალიან მაღალია, ამიტომ 5", (5, "ფასები ძალიან მაღალია")),  # prices high, so 5
        ("kurieri ar pasuxobs telefons, 1", (1, "kurieri ar pasuxobs telefons")),
        ("አገልግሎታችሁ ቀርፋፋ ነው ግን 6 እሰጣለሁ", (6, "አገልግሎታችሁ ቀርፋፋ ነው")),  # slow, but I give 6
        ("the delivery was late. 4", (4, "the delivery was late")),
        ("I'd recommend you, 10", None),  # the question restated: no reason
        ("I ordered 2 items, 8", None),  # a number of its own
        # Round 15: a number that counts, and "so only" before the score
        ("2 კვირა ველოდი შეკვეთას, ამიტომ მხოლოდ 4", (4, "2 კვირა ველოდი შეკვეთას")),
        ("waited 2 weeks so only a 4", (4, "waited 2 weeks")),
        ("why so slow? 3", None),  # a question
        ("fast, 9", None),  # one word
    ],
)
def test_the_reason_before_the_score(text: str, expected: tuple[int, str] | None) -> None:
    """Round 12: the score was taken and "why?" asked for what had just been written."""
    assert reason_then_answer(text, parse_score) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Round 14: the new score was taken and the reason lost.
        (
            "customer service never replied. hmm actually change it to 5",
            "customer service never replied.",
        ),
        ("sorry I meant 6 because the courier was late", "because the courier was late"),
        ("make it an eight, the delivery was fast", "the delivery was fast"),
        ("უკაცრავად, 3 მინდოდა. კურიერი ძალიან უხეში იყო", "კურიერი ძალიან უხეში იყო"),
        ("կներեք, 4 եմ ուզում դնել, առաքումը ուշացավ", "առաքումը ուշացավ"),
        ("ይቅርታ 2 ልበል። ትዕዛዜ በጣም ዘግይቷል", "ትዕዛዜ በጣም ዘግይቷል"),
        # A correction alone, or with words that say nothing, has no reason.
        ("sorry I meant 6", None),
        ("oops, 9 not 3, thanks", None),
        ("make it an eight", None),
        ("hmm actually change it to 5", None),
    ],
)
def test_the_reason_beside_a_corrected_score_is_found(text: str, expected: str | None) -> None:
    assert reason_beside_correction(text, corrected_score) == expected
