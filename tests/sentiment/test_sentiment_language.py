"""Script-based language detection for Georgian, Armenian and Amharic (Ethiopic)."""

from __future__ import annotations

import pytest

from sentiment import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("მომსახურება ძალიან კარგი იყო", "ka"),
        ("ᲛᲝᲛᲡᲐᲮᲣᲠᲔᲑᲐ", "ka"),  # Mtavruli (Georgian Extended)
        ("ⴀⴁⴂ", "ka"),  # Nuskhuri (Georgian Supplement)
        ("Սպասարկումը շատ լավ էր", "hy"),
        ("ﬓﬔ", "hy"),  # Armenian ligatures
        ("አገልግሎቱ በጣም ጥሩ ነበር", "am"),
        ("ⶀⶁ", "am"),  # Ethiopic Extended
    ],
)
def test_each_script_gives_its_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5/5 👍 ძალიან კარგი!!! 100%", "ka"),
        ("🙂 2024: Սպասարկում №1", "hy"),
        ("⭐⭐⭐⭐⭐ 10/10 ጥሩ ነው 😀", "am"),
        ("iPhone 15 ძალიან კარგია", "ka"),  # more Georgian letters than Latin
        ("The Wi-Fi on Rustaveli ave. was great, მადლობა", "en"),  # more Latin than Georgian
    ],
)
def test_majority_of_letters_decides_ignoring_digits_punctuation_and_emoji(
    text: str, expected: str
) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text", ["Great service, thanks!", "Очень хорошо", "Très bien", "", "123 !!! 😀👍"]
)
def test_other_scripts_and_letterless_text_get_the_default(text: str) -> None:
    assert detect_language(text) == "en"
    assert detect_language(text, default="und") == "und"


def test_an_even_mix_falls_back_to_the_default() -> None:
    assert detect_language("ab კა", default="xx") == "xx"
