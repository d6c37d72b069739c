"""Answers the seventh round of mystery shoppers gave that were lost, misread or invented.

Each is read by the word lists (bot/actions/parsing.py, survey.py, survey_csat.py,
answer_with_reason.py) whatever the model guessed, so the tests need no NLU.
"""

from __future__ import annotations

import pytest

from bot.actions.answer_with_reason import says_it_failed
from bot.actions.parsing import (
    agrees,
    asks_back,
    asks_what_is_meant,
    corrected_score,
    parse_csat_words,
    parse_yes_no,
    quits,
    says_no_reason,
)
from bot.actions.survey import score_in
from bot.actions.survey_csat import csat_answer, solved_after_thanks


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("ნოლი", 0),  # Georgian everyday "zero" (stored as a dismissed survey)
        ("ნოლი, საშინელი სერვისია", 0),
        ("հինգը", 5),  # Armenian with the article
        ("չորսը", 4),
        ("երկուս", 2),
        ("5 sorry I mean 3", 3),  # corrected with no comma after the first
        ("5 ይቅርታ 3 ነው", 3),
        ("7 actually no make it 6", 6),
        # Round 17: "no, wait" in Armenian and Amharic (not understood, the survey ended)
        ("8, չէ, սպասեք, 6", 6),
        ("8፣ አይ ቆይ 6 ይሁን", 6),
        ("իննը", 9),  # a common spelling of nine
        # Round 18: more ways of taking it back (not understood, or the first one kept)
        ("8, no wait, make it a 6", 6),
        ("7. sorry, typo, I meant 3", 3),
        ("ცხრა... თუმცა არა, შვიდი", 7),  # nine... though no, seven
        ("8፣ አይ ቆይ፣ 6 አድርገው", 6),  # 8, no wait, make it 6
        ("8... ոչ, մի րոպե, 6 դրեք", 6),  # 8... no, one minute, put 6
        ("አምስት... አይ አራት ይሻላል", 4),  # five... no, four is better
        # Round 19: "I meant", "I wanted to write" (the first kept, or the survey ended)
        ("7, ներողություն, 9 նկատի ունեի", 9),  # 7, sorry, I meant 9
        ("2, ներողություն, 4 էի ուզում գրել", 4),  # 2, sorry, I wanted to write 4
        ("2, sorry, I wanted to write 4", 4),
    ],
)
def test_scores_in_words_and_corrections(text: str, score: int) -> None:
    assert score_in(text) == score


@pytest.mark.parametrize(
    "text",
    [
        "five stars mate",  # another scale: had been stored as NPS 5 and apologised to
        "5 stars",
        "⭐⭐⭐⭐⭐",
        "8 or 9",  # two scores offered
        "8, or 9",
        "8 ან 9",
        "8 9",
    ],
)
def test_no_nps_score(text: str) -> None:
    assert score_in(text) is None


def test_stars_on_the_csat_scale_are_its_score() -> None:
    assert score_in("5 stars", low=1, high=5) == 5


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("არა, 9", 9),
        ("no, 9", 9),
        ("ara 9", 9),
        ("ոչ, գնահատականս 6 ա", 6),  # round 8, at "may someone contact you?": taken as a no
        ("no, my score is 6", 6),
    ],
)
def test_a_no_before_a_new_score_corrects_it(text: str, score: int) -> None:
    """Under "why?": "არა, 9" had been stored as no reason, the old 7 kept."""
    assert corrected_score(text) == score


def test_a_reason_with_no_in_it_is_no_correction() -> None:
    assert corrected_score("no one was rude") is None
    assert corrected_score("no, the parcel came 2 days late") is None


@pytest.mark.parametrize("text", ["why?", "ለምን?", "ለምን", "lemin", "what?", "ratom?", "ինչու"])
def test_a_question_back_is_no_yes(text: str) -> None:
    """ "why?" under "Did that solve your problem?" had been stored as CSAT 4."""
    assert asks_back(text)
    assert parse_yes_no(text) is None


@pytest.mark.parametrize(
    "text", ["why not", "I don't mind", "դեմ չեմ", "կարող եք", "ხო რა, დამეხმარა"]
)
def test_yes_in_other_words(text: str) -> None:
    assert parse_yes_no(text) is True
    assert not asks_back(text)


def test_agreeing_words_that_open_with_a_negation() -> None:
    """«դեմ չեմ» (I don't mind) had been read as a sure no to "may someone contact you?"."""
    assert agrees("դեմ չեմ")
    assert not agrees("I don't want that")


@pytest.mark.parametrize(
    ("text", "score"),
    [("բոլորովին", 1), ("լրիվ", 5), ("საშუალოდ", 3), ("բոլորովին ոչ", 1)],
)
def test_csat_scale_words(text: str, score: int) -> None:
    assert parse_csat_words(text) == score


@pytest.mark.parametrize(
    "text",
    [
        "ძაან მაგარია მადლობა",
        "კაია, მადლობა",
        "სუპერ",
        "super, thanks",
        "շատ շնորհակալ եմ, դուք լավագույնն եք",  # you're the best (round 12)
        "thanks, you are the best",
    ],
)
def test_casual_praise_says_it_worked(text: str) -> None:
    """Stored as a dismissed survey after "thanks" ended the question."""
    assert solved_after_thanks(text) is True


@pytest.mark.parametrize("text", ["you are", "thank you", "თქვენ ხართ"])
def test_words_about_the_bot_alone_say_nothing(text: str) -> None:
    assert solved_after_thanks(text) is None


@pytest.mark.parametrize("text", ["ምንም አልጠቀመኝም", "ምንም አልረዳኝም", "አልጠቀመኝም"])
def test_it_did_not_help_at_all(text: str) -> None:
    """Read as a skip, and stored as a dismissed survey."""
    assert says_it_failed(text)


@pytest.mark.parametrize("text", ["ողջույն", "hello!", "გამარჯობა", "ሰላም"])
def test_a_greeting_under_why_is_no_reason(text: str) -> None:
    assert says_no_reason(text)
    assert not says_no_reason("hello, the courier was rude")


@pytest.mark.parametrize(
    ("text", "leaves"),
    [
        ("ok and how do i delete it later", False),  # round 7: "No problem, thanks for your time!"
        ("can i pay later with klarna for my next order?", False),
        ("maybe later?", True),
        ("actually never mind, I don't have time for this", True),
    ],
)
def test_later_in_a_question_is_no_leaving(text: str, leaves: bool) -> None:
    assert quits(text) is leaves


@pytest.mark.parametrize(
    "text",
    [
        "what do you mean?",
        "რას გულისხმობთ?",
        "ինչ նկատի ունեք",
        "ምን ማለትህ ነው?",
        "why?",
        "რატომ მეკითხებით ამას?",  # why are you asking me this? (round 17: a negative reason)
        "why are you asking me this?",
    ],
)
def test_asking_what_why_means_is_no_reason(text: str) -> None:
    """Round 8, every language: stored as the reason, and apologised to as unhappy."""
    assert asks_what_is_meant(text)
    assert not asks_what_is_meant("why is shipping so expensive?")


@pytest.mark.parametrize("text", ["չկա", "ոչ մի բան", "none", "არ მინდა პასუხის გაცემა"])
def test_none_under_why_is_no_reason(text: str) -> None:
    """«չկա» (there's none) after a 9 had been read as an unhappy reason."""
    assert says_no_reason(text)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("ok cool. i also need an invoice for it", None),  # round 8: stored as CSAT 4
        ("ok fine, another thing, can i cancel it instead", None),
        ("ok yes it worked", True),
        ("yes", True),
    ],
)
def test_ok_before_a_new_request_is_no_csat_yes(text: str, answer: bool | None) -> None:
    assert csat_answer(text) is answer
