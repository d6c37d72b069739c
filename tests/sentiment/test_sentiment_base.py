"""The shared rules: results, language codes, the neutral band, empty text, async."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections.abc import Sequence

import pytest

from sentiment import (
    Label,
    SentimentAnalyzer,
    SentimentResult,
    TextBlobAnalyzer,
    label_for_polarity,
    normalize_language,
)


class RecordingAnalyzer(SentimentAnalyzer):
    """Calls everything positive and records what it was asked to score."""

    def __init__(self, languages: Sequence[str] = ("en",)) -> None:
        self._languages = frozenset(languages)
        self.calls: list[list[tuple[str, str]]] = []
        self.threads: list[str] = []

    @property
    def name(self) -> str:
        return "recording"

    @property
    def languages(self) -> frozenset[str]:
        return self._languages

    def _analyze_supported(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        self.calls.append(list(items))
        self.threads.append(threading.current_thread().name)
        return [SentimentResult(Label.POSITIVE, 0.5, 0.5, self.name) for _ in items]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en", "en"), ("en-US", "en"), ("KA", "ka"), ("pt_BR", "pt"), (" hy-AM ", "hy"), ("*", "*")],
)
def test_normalize_language_keeps_the_lowercase_primary_subtag(tag: str, expected: str) -> None:
    assert normalize_language(tag) == expected


@pytest.mark.parametrize(
    ("polarity", "expected"),
    [
        (0.0, Label.NEUTRAL),
        (0.1, Label.NEUTRAL),
        (-0.1, Label.NEUTRAL),
        (0.1001, Label.POSITIVE),
        (-0.1001, Label.NEGATIVE),
        (1.0, Label.POSITIVE),
        (-1.0, Label.NEGATIVE),
    ],
)
def test_label_for_polarity_uses_an_inclusive_neutral_band(
    polarity: float, expected: Label
) -> None:
    assert label_for_polarity(polarity, 0.1) is expected


def test_neutral_band_is_configurable() -> None:
    assert label_for_polarity(0.3, 0.5) is Label.NEUTRAL
    assert label_for_polarity(0.3, 0.0) is Label.POSITIVE
    assert label_for_polarity(0.0, 0.0) is Label.NEUTRAL


@pytest.mark.parametrize("band", [-0.1, 1.0, 2.0])
def test_out_of_range_neutral_band_is_refused(band: float) -> None:
    with pytest.raises(ValueError, match="neutral_band"):
        TextBlobAnalyzer(neutral_band=band)


def test_result_is_immutable_and_its_label_is_a_plain_string() -> None:
    result = SentimentResult(Label.NEGATIVE, -0.5, 0.5, "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.label = Label.POSITIVE  # type: ignore[misc]
    assert result.label == "negative"
    assert result.reason is None
    assert SentimentResult("positive", 0.5, 0.5, "x").label is Label.POSITIVE  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("label", "polarity", "confidence"),
    [("happy", 0.0, 0.0), (Label.POSITIVE, 1.5, 0.5), (Label.POSITIVE, 0.5, -0.1)],
)
def test_result_refuses_impossible_values(label: str, polarity: float, confidence: float) -> None:
    with pytest.raises(ValueError):
        SentimentResult(label, polarity, confidence, "x")  # type: ignore[arg-type]


def test_empty_and_unsupported_texts_never_reach_the_backend() -> None:
    analyzer = RecordingAnalyzer()
    results = analyzer.analyze_batch(
        [("fine", "en-GB"), ("   \n", "en"), ("", "ka"), ("გამარჯობა", "ka"), ("ok", "EN")]
    )

    assert analyzer.calls == [[("fine", "en"), ("ok", "en")]]
    assert [result.label for result in results] == [
        Label.POSITIVE,
        Label.NEUTRAL,
        Label.NEUTRAL,
        Label.UNKNOWN,
        Label.POSITIVE,
    ]
    for empty in results[1:3]:
        assert (empty.polarity, empty.confidence) == (0.0, 0.0)
        assert empty.reason
    unknown = results[3]
    assert (unknown.polarity, unknown.confidence) == (0.0, 0.0)
    assert "'ka'" in (unknown.reason or "")


def test_analyze_is_a_batch_of_one() -> None:
    analyzer = RecordingAnalyzer()
    assert analyzer.analyze("fine").label is Label.POSITIVE
    assert analyzer.analyze("fine", "hy").label is Label.UNKNOWN
    assert analyzer.calls == [[("fine", "en")]]


def test_supports_any_language_with_the_wildcard() -> None:
    assert RecordingAnalyzer(["*"]).supports("ka-GE")
    assert RecordingAnalyzer(["en"]).supports("en-US")
    assert not RecordingAnalyzer(["en"]).supports("ka")


def test_analyze_batch_async_runs_in_a_worker_thread_inside_an_event_loop() -> None:
    analyzer = RecordingAnalyzer()
    items = [("good", "en"), ("", "en"), ("ok", "hy")]

    async def main() -> list[list[SentimentResult]]:
        return await asyncio.gather(
            analyzer.analyze_batch_async(items), analyzer.analyze_batch_async(items[:1])
        )

    first, second = asyncio.run(main())

    assert first == analyzer.analyze_batch(items)
    assert len(second) == 1
    assert threading.main_thread().name not in analyzer.threads[:2]


def test_georgian_capitals_reach_the_backend_in_everyday_letters() -> None:
    """Caps lock Georgian ("ᲪᲣᲓᲘ ᲛᲝᲛᲡᲐᲮᲣᲠᲔᲑᲐ", bad service) is letters no model learned;
    English capitals are left alone (they carry tone)."""
    analyzer = RecordingAnalyzer(languages=("en", "ka"))
    analyzer.analyze_batch([("ᲪᲣᲓᲘ ᲛᲝᲛᲡᲐᲮᲣᲠᲔᲑᲐ!", "ka"), ("TERRIBLE", "en")])
    assert analyzer.calls == [[("ცუდი მომსახურება!", "ka"), ("TERRIBLE", "en")]]
