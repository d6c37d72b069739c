"""parse_score and clean_reason: what counts as an answer."""

from __future__ import annotations

import pytest

from bot.actions.parsing import clean_reason, parse_score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9", 9),
        ("0", 0),
        ("10", 10),
        (" 7 ", 7),
        ("nine", 9),
        ("Nine", 9),
        ("zero", 0),
        ("ten", 10),
        ("10/10", 10),
        ("3/10", 3),
        ("8 / 10", 8),
        ("a solid 8", 8),
        ("a solid eight", 8),
        ("I'd say 7", 7),
        ("9 out of 10", 9),
        ("nine out of ten", 9),
        ("10!", 10),
        ("score: 6.", 6),
        ("I would give you 9, the delivery was fast", 9),
        ('/inform_score{"score":"3"}', 3),
        ("9\ufe0f\u20e3", 9),  # keycap emoji 9️⃣
        ("\N{KEYCAP TEN}", 10),
        ("\uff17", 7),  # full-width digit
        (5, 5),
        (7.0, 7),
    ],
)
def test_parse_score_accepts(text: object, expected: int) -> None:
    assert parse_score(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "11",
        "-1",
        "100",
        "",
        "   ",
        "😀",
        "👍",
        "no",
        "banana",
        "7 or 8",
        "between 7 and 8",
        "7.5",
        "8,5",
        "8th",
        "no one helped me when I called them twice",
        None,
        True,
        11,
        -1,
        7.5,
        ["9"],
    ],
)
def test_parse_score_refuses(text: object) -> None:
    assert parse_score(text) is None


def test_parse_score_other_ranges() -> None:
    assert parse_score("5", low=1, high=5) == 5
    assert parse_score("0", low=1, high=5) is None


def test_clean_reason_collapses_whitespace() -> None:
    assert clean_reason("  late \n\n delivery\t again ", max_chars=100) == "late delivery again"


def test_clean_reason_truncates_long_text() -> None:
    cleaned = clean_reason("word " * 100, max_chars=50)
    assert cleaned is not None
    assert len(cleaned) <= 50
    assert cleaned.endswith("…")


@pytest.mark.parametrize("text", ["", "   ", None, 3, "/skip", '/inform_score{"score":"3"}'])
def test_clean_reason_has_nothing_to_keep(text: object) -> None:
    assert clean_reason(text, max_chars=100) is None
