"""Routing texts between analyzers by language, and building analyzers from configuration."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import pytest

from sentiment import (
    BACKENDS,
    ChainAnalyzer,
    Label,
    SentimentAnalyzer,
    SentimentModelError,
    SentimentResult,
    TextBlobAnalyzer,
    TransformersAnalyzer,
    build_analyzer,
)


class FixedAnalyzer(SentimentAnalyzer):
    """Gives every text the same label and records each batch it receives."""

    def __init__(self, name: str, languages: Sequence[str], label: Label) -> None:
        self._name = name
        self._languages = frozenset(languages)
        self._label = label
        self.batches: list[list[str]] = []
        self.warmed = False

    @property
    def name(self) -> str:
        return self._name

    @property
    def languages(self) -> frozenset[str]:
        return self._languages

    def warm_up(self) -> None:
        self.warmed = True

    def _analyze_supported(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        self.batches.append([text for text, _language in items])
        polarity = {Label.POSITIVE: 0.5, Label.NEGATIVE: -0.5}.get(self._label, 0.0)
        return [SentimentResult(self._label, polarity, 0.9, self.name) for _ in items]


def test_each_text_goes_to_the_first_analyzer_reading_its_language() -> None:
    georgian = FixedAnalyzer("georgian", ["ka"], Label.NEGATIVE)
    english = FixedAnalyzer("english", ["en", "ka"], Label.POSITIVE)
    chain = ChainAnalyzer([georgian, english])

    results = chain.analyze_batch(
        [("a", "en"), ("b", "ka-GE"), ("c", "hy"), ("d", "KA"), ("", "en"), ("e", "en-US")]
    )

    # One batched call per analyzer, in input order.
    assert georgian.batches == [["b", "d"]]
    assert english.batches == [["a", "e"]]
    assert [(result.label, result.backend) for result in results] == [
        (Label.POSITIVE, "english"),
        (Label.NEGATIVE, "georgian"),
        (Label.UNKNOWN, chain.name),
        (Label.NEGATIVE, "georgian"),
        (Label.NEUTRAL, chain.name),
        (Label.POSITIVE, "english"),
    ]
    reason = results[2].reason or ""
    assert "'hy'" in reason and "georgian" in reason and "english" in reason


def test_chain_languages_and_warm_up_cover_every_analyzer() -> None:
    first = FixedAnalyzer("first", ["ka"], Label.NEUTRAL)
    second = FixedAnalyzer("second", ["en"], Label.NEUTRAL)
    chain = ChainAnalyzer([first, second])
    chain.warm_up()

    assert chain.languages == {"ka", "en"}
    assert first.warmed and second.warmed
    assert ChainAnalyzer([first, FixedAnalyzer("any", ["*"], Label.NEUTRAL)]).supports("am")


def test_chain_needs_an_analyzer() -> None:
    with pytest.raises(ValueError):
        ChainAnalyzer([])


@pytest.mark.parametrize("backend", ["textblob", " TextBlob "])
def test_build_textblob(backend: str) -> None:
    analyzer = build_analyzer(backend, neutral_band=0.2)
    assert isinstance(analyzer, TextBlobAnalyzer)
    assert analyzer.supports("en") and not analyzer.supports("ka")


def test_build_transformers_chains_the_model_before_textblob(tmp_path: Path) -> None:
    # Building must not load anything: the directory holds no model at all.
    (tmp_path / "model").mkdir()
    analyzer = build_analyzer(
        "transformers", model_path=tmp_path / "model", model_languages=("en", "ka")
    )

    assert isinstance(analyzer, ChainAnalyzer)
    model, fallback = analyzer.analyzers
    assert isinstance(model, TransformersAnalyzer)
    assert isinstance(fallback, TextBlobAnalyzer)
    assert model.name == "transformers:model"
    assert model.languages == {"en", "ka"}
    assert analyzer.analyze("Սպասարկում", "hy").label is Label.UNKNOWN


def test_missing_model_folder_falls_back_to_textblob_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="sentiment.factory"):
        analyzer = build_analyzer(
            "transformers", model_path=tmp_path / "absent", model_languages=("en", "ka")
        )

    assert isinstance(analyzer, TextBlobAnalyzer)
    assert analyzer.analyze("შეკვეთა დაიგვიანა", "ka").label is Label.UNKNOWN
    message = caplog.text
    assert "absent does not exist" in message and "falls back to TextBlob" in message
    assert "make setup" in message


def test_a_present_but_unsealed_model_is_refused_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.json").write_text("{}")
    analyzer = build_analyzer("transformers", model_path=tmp_path / "model")
    with pytest.raises(SentimentModelError, match="no model card"):
        analyzer.warm_up()


def test_build_transformers_without_a_model_path_is_refused() -> None:
    with pytest.raises(ValueError, match="model_path"):
        build_analyzer("transformers")


def test_unknown_backend_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError) as raised:
        build_analyzer("vader")
    for name in BACKENDS:
        assert name in str(raised.value)
