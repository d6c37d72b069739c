"""TextBlob backend: English lexicon sentiment, offline, and nothing else scored as English."""

from __future__ import annotations

import asyncio
from pathlib import Path

import nltk
import pytest

from sentiment import Label, TextBlobAnalyzer


@pytest.fixture(scope="module")
def analyzer() -> TextBlobAnalyzer:
    return TextBlobAnalyzer()


def test_clearly_positive_english_is_positive(analyzer: TextBlobAnalyzer) -> None:
    result = analyzer.analyze("I love this product, the support team was excellent and helpful!")
    assert result.label is Label.POSITIVE
    assert result.polarity > 0
    assert 0 < result.confidence <= 1
    assert result.backend == "textblob"
    assert result.reason is None


def test_clearly_negative_english_is_negative(analyzer: TextBlobAnalyzer) -> None:
    result = analyzer.analyze("terrible service, I am very angry, the worst")
    assert result.label is Label.NEGATIVE
    assert result.polarity < 0
    assert 0 < result.confidence <= 1


def test_stronger_wording_is_more_confident(analyzer: TextBlobAnalyzer) -> None:
    mild = analyzer.analyze("the delivery was fine")
    strong = analyzer.analyze("the delivery was absolutely perfect")
    assert strong.label is Label.POSITIVE
    assert strong.confidence > mild.confidence


def test_text_without_opinion_words_is_confidently_neutral(analyzer: TextBlobAnalyzer) -> None:
    result = analyzer.analyze("The parcel arrived on Tuesday.")
    assert result.label is Label.NEUTRAL
    assert result.polarity == 0
    assert result.confidence > 0.5


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("მომსახურება საშინელი იყო", "ka"),
        ("Սպասարկումը սարսափելի էր", "hy"),
        ("አገልግሎቱ በጣም መጥፎ ነበር", "am"),
        ("the worst service ever", "ka"),  # the caller's language wins, even for Latin text
    ],
)
def test_other_languages_are_unknown_not_scored_as_english(
    analyzer: TextBlobAnalyzer, text: str, language: str
) -> None:
    result = analyzer.analyze(text, language)
    assert result.label is Label.UNKNOWN
    assert result.polarity == 0.0
    assert result.confidence == 0.0
    assert result.reason and repr(language) in result.reason


@pytest.mark.parametrize("language", ["en", "en-US", "EN", "en_GB"])
def test_any_english_tag_is_english(analyzer: TextBlobAnalyzer, language: str) -> None:
    assert analyzer.analyze("terrible, the worst", language).label is Label.NEGATIVE


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_neutral_with_zero_confidence(analyzer: TextBlobAnalyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert result.label is Label.NEUTRAL
    assert (result.polarity, result.confidence) == (0.0, 0.0)
    assert result.reason


def test_batch_keeps_order(analyzer: TextBlobAnalyzer) -> None:
    texts = ["excellent, I love it", "awful and rude", "", "great", "ok"]
    batch = analyzer.analyze_batch([(text, "en") for text in texts])
    assert batch == [analyzer.analyze(text) for text in texts]


def test_needs_no_nltk_corpora(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # An empty NLTK data path: any corpus lookup (punkt, wordnet...) would raise LookupError.
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    monkeypatch.setenv("NLTK_DATA", str(tmp_path))
    analyzer = TextBlobAnalyzer()
    analyzer.warm_up()
    assert analyzer.analyze("Great people. Terrible app! It crashed twice.").label in set(Label)


def test_async_batch_inside_an_event_loop(analyzer: TextBlobAnalyzer) -> None:
    items = [("I love it", "en"), ("I hate it", "en"), ("კარგია", "ka")]

    async def main() -> list[Label]:
        return [result.label for result in await analyzer.analyze_batch_async(items)]

    assert asyncio.run(main()) == [Label.POSITIVE, Label.NEGATIVE, Label.UNKNOWN]
