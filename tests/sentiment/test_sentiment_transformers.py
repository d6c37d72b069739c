"""Transformers backend: local loading, batching, truncation, caching and label mapping.

Models come from ``tiny_model``/``make_tiny_model`` in conftest.py: random weights, so these
tests check mechanics and the label rules, never whether a text is really positive.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from sentiment import (
    DEFAULT_NEUTRAL_BAND,
    Label,
    LabelMapping,
    Score,
    SentimentModelError,
    TransformersAnalyzer,
)
from sentiment.model_card import seal_model_dir
from tests.sentiment.conftest import TEXTS, tiny_card

pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

ModelFactory = Callable[[Mapping[int, str]], Path]

SCORED = {Label.NEGATIVE, Label.NEUTRAL, Label.POSITIVE}


def assert_consistent(kind: str, label: Label, polarity: float, confidence: float) -> None:
    """The label rules that hold whatever the (random) model outputs."""
    assert label in SCORED
    assert -1.0 <= polarity <= 1.0
    assert 0.0 <= confidence <= 1.0
    if kind == "five-star":
        return  # the label is the most likely group; its sign can differ from polarity's
    if label is Label.POSITIVE:
        assert polarity > 0
    elif label is Label.NEGATIVE:
        assert polarity < 0
    if kind == "two-class":
        assert (label is Label.NEUTRAL) == (abs(polarity) <= DEFAULT_NEUTRAL_BAND)


def test_batch_loads_locally_and_returns_ordered_consistent_results(
    tiny_model: tuple[str, Path],
) -> None:
    kind, path = tiny_model
    analyzer = TransformersAnalyzer(path, batch_size=2)

    batch = analyzer.analyze_batch([(text, "en") for text in TEXTS])

    assert len(batch) == len(TEXTS)
    for result in batch:
        assert_consistent(kind, result.label, result.polarity, result.confidence)
        assert result.backend == f"transformers:{path.name}"
        assert result.reason is None
    # Sorting by length and batching must not shuffle results: each matches its text alone.
    singles = [analyzer.analyze(text) for text in TEXTS]
    assert [result.label for result in batch] == [result.label for result in singles]
    assert [result.polarity for result in batch] == pytest.approx(
        [result.polarity for result in singles], abs=1e-4
    )
    # ...and that check means something only if the texts score differently.
    assert len({round(result.polarity, 3) for result in batch}) > 1


def test_long_text_is_truncated_to_what_the_model_accepts(tiny_model: tuple[str, Path]) -> None:
    kind, path = tiny_model
    long_text = ("the service was terrible and slow " * 700)[:20_000]
    # The tiny model has 64 positions and its tokenizer declares no limit, so asking for
    # 1000 tokens only works because the model's own limit caps it.
    for analyzer in (TransformersAnalyzer(path), TransformersAnalyzer(path, max_length=1000)):
        results = analyzer.analyze_batch([(long_text, "en"), ("great", "en")])
        assert len(results) == 2
        for result in results:
            assert_consistent(kind, result.label, result.polarity, result.confidence)


def test_unsupported_language_is_unknown_and_any_language_wildcard_reads_it(
    tiny_model: tuple[str, Path],
) -> None:
    kind, path = tiny_model
    english_only = TransformersAnalyzer(path, languages=("en",))
    multilingual = TransformersAnalyzer(path, languages=("*",))
    text = "მომსახურება ძალიან კარგი იყო"

    unknown = english_only.analyze(text, "ka")
    assert (unknown.label, unknown.polarity, unknown.confidence) == (Label.UNKNOWN, 0.0, 0.0)
    assert unknown.reason and "'ka'" in unknown.reason
    scored = multilingual.analyze(text, "ka")
    assert_consistent(kind, scored.label, scored.polarity, scored.confidence)


def test_unsupported_and_empty_texts_do_not_load_the_model(tmp_path: Path) -> None:
    analyzer = TransformersAnalyzer(tmp_path / "missing", languages=("ka",))
    results = analyzer.analyze_batch([("hello", "en"), ("  ", "ka")])
    assert [result.label for result in results] == [Label.UNKNOWN, Label.NEUTRAL]


def test_model_loads_once_per_process_per_path(
    make_tiny_model: ModelFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_tiny_model({0: "neg", 1: "pos"})
    loads: list[Any] = []
    original = transformers.AutoModelForSequenceClassification.from_pretrained

    def counting_from_pretrained(*args: Any, **kwargs: Any) -> Any:
        loads.append(args[0])
        assert kwargs["local_files_only"] is True
        return original(*args, **kwargs)

    monkeypatch.setattr(
        transformers.AutoModelForSequenceClassification,
        "from_pretrained",
        counting_from_pretrained,
    )
    analyzers = [TransformersAnalyzer(path), TransformersAnalyzer(str(path) + "/")]
    errors: list[BaseException] = []

    def use(analyzer: TransformersAnalyzer) -> None:
        try:
            analyzer.analyze_batch([(text, "en") for text in TEXTS])
        except BaseException as exc:  # surfaced below; a thread would swallow it
            errors.append(exc)

    threads = [threading.Thread(target=use, args=(analyzers[i % 2],)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(loads) == 1


def test_async_batches_run_concurrently_without_tokenizer_errors(
    tiny_model: tuple[str, Path],
) -> None:
    kind, path = tiny_model
    analyzer = TransformersAnalyzer(path)
    items = [(text, "en") for text in TEXTS]

    async def main() -> list[list[Any]]:
        return await asyncio.gather(*(analyzer.analyze_batch_async(items) for _ in range(4)))

    batches = asyncio.run(main())
    assert all(len(batch) == len(TEXTS) for batch in batches)
    assert {result.label for batch in batches for result in batch} <= SCORED


def test_missing_directory_is_a_clear_model_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    analyzer = TransformersAnalyzer(missing)
    with pytest.raises(SentimentModelError, match="does not exist") as raised:
        analyzer.analyze("great")
    assert str(missing) in str(raised.value)
    assert "save_pretrained" in str(raised.value)


def test_directory_without_a_model_is_a_clear_model_error(tmp_path: Path) -> None:
    with pytest.raises(SentimentModelError, match="config.json"):
        TransformersAnalyzer(tmp_path).warm_up()


def test_corrupt_weights_are_a_model_error(make_tiny_model: ModelFactory) -> None:
    path = make_tiny_model({0: "negative", 1: "positive"})
    (path / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(SentimentModelError, match="checksum of model.safetensors"):
        TransformersAnalyzer(path).warm_up()
    # Sealed as it is now, the checksums pass and transformers' own failure is reported.
    seal_model_dir(path, tiny_card({0: "negative", 1: "positive"}))
    with pytest.raises(SentimentModelError, match="cannot load"):
        TransformersAnalyzer(path).warm_up()


def test_unknown_label_set_fails_at_load_time(make_tiny_model: ModelFactory) -> None:
    path = make_tiny_model({0: "angry", 1: "happy"})
    with pytest.raises(SentimentModelError, match="unsupported sentiment label set") as raised:
        TransformersAnalyzer(path).warm_up()
    assert str(path) in str(raised.value)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(TypeError):
        TransformersAnalyzer("m", languages="en,ka")
    with pytest.raises(ValueError):
        TransformersAnalyzer("m", languages=())
    with pytest.raises(ValueError):
        TransformersAnalyzer("m", batch_size=0)
    with pytest.raises(ValueError):
        TransformersAnalyzer("m", max_length=0)


STARS = {0: "1 star", 1: "2 stars", 2: "3 stars", 3: "4 stars", 4: "5 stars"}
THREE = {0: "negative", 1: "neutral", 2: "positive"}
TWO = {0: "NEGATIVE", 1: "POSITIVE"}


@pytest.mark.parametrize(
    ("id2label", "probabilities", "expected"),
    [
        (STARS, [0, 0, 0, 0, 1], Score(Label.POSITIVE, 1.0, 1.0)),
        (STARS, [1, 0, 0, 0, 0], Score(Label.NEGATIVE, -1.0, 1.0)),
        (STARS, [0, 0, 1, 0, 0], Score(Label.NEUTRAL, 0.0, 1.0)),
        # An exact tie between groups is undecided: neutral, with the neutral group's mass.
        (STARS, [0, 0.5, 0, 0.5, 0], Score(Label.NEUTRAL, 0.0, 0.0)),
        (STARS, [0, 0, 0.2, 0.3, 0.5], Score(Label.POSITIVE, 0.65, 0.8)),
        # Two-peaked: positive is the likeliest group, yet expected stars are below 3.
        (STARS, [0.4, 0, 0.15, 0.45, 0], Score(Label.POSITIVE, -0.175, 0.45)),
        (THREE, [0.1, 0.2, 0.7], Score(Label.POSITIVE, 0.6, 0.7)),
        (THREE, [0.3, 0.4, 0.3], Score(Label.NEUTRAL, 0.0, 0.4)),
        (THREE, [0.6, 0.3, 0.1], Score(Label.NEGATIVE, -0.5, 0.6)),
        (TWO, [0.9, 0.1], Score(Label.NEGATIVE, -0.8, 0.9)),
        (TWO, [0.4, 0.6], Score(Label.POSITIVE, 0.2, 0.6)),
        # A two-class model cannot say neutral: within the band it is inferred.
        (TWO, [0.5, 0.5], Score(Label.NEUTRAL, 0.0, 1.0)),
        (TWO, [0.47, 0.53], Score(Label.NEUTRAL, 0.06, 0.4)),
        ({0: "pos", 1: "neg"}, [0.9, 0.1], Score(Label.POSITIVE, 0.8, 0.9)),
        ({0: "LABEL_0", 1: "LABEL_1"}, [0.2, 0.8], Score(Label.POSITIVE, 0.6, 0.8)),
        ({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, [0.1, 0.8, 0.1], Score(Label.NEUTRAL, 0, 0.8)),
        # Unnormalised input is normalised first.
        (THREE, [1, 2, 1], Score(Label.NEUTRAL, 0.0, 0.5)),
        (STARS, [0, 0, 0, 0, 3], Score(Label.POSITIVE, 1.0, 1.0)),
    ],
)
def test_mapping_maths(
    id2label: Mapping[int, str], probabilities: list[float], expected: Score
) -> None:
    score = LabelMapping.from_id2label(id2label).score(probabilities, DEFAULT_NEUTRAL_BAND)
    assert score.label is expected.label
    assert score.polarity == pytest.approx(expected.polarity, abs=1e-9)
    assert score.confidence == pytest.approx(expected.confidence, abs=1e-9)


def test_two_class_neutral_band_is_configurable() -> None:
    mapping = LabelMapping.from_id2label(TWO)
    assert mapping.score([0.3, 0.7], neutral_band=0.5).label is Label.NEUTRAL
    assert mapping.score([0.3, 0.7], neutral_band=0.0).label is Label.POSITIVE
    assert mapping.score([0.5, 0.5], neutral_band=0.0) == Score(Label.NEUTRAL, 0.0, 1.0)


@pytest.mark.parametrize(
    "id2label",
    [
        {0: "Negative ", 1: "Neutral", 2: "POSITIVE"},
        {"0": "neg", "1": "neu", "2": "pos"},
        {0: "5 stars", 1: "4 stars", 2: "3 stars", 3: "2 stars", 4: "1 star"},
        {0: "LABEL_1", 1: "LABEL_0"},
    ],
)
def test_label_sets_understood(id2label: Mapping[Any, str]) -> None:
    assert LabelMapping.from_id2label(id2label).groups


def test_label_order_follows_the_names() -> None:
    assert LabelMapping.from_id2label(
        {0: "5 stars", 1: "4 stars", 2: "3 stars", 3: "2 stars", 4: "1 star"}
    ).score([1, 0, 0, 0, 0]) == Score(Label.POSITIVE, 1.0, 1.0)
    assert LabelMapping.from_id2label({0: "LABEL_1", 1: "LABEL_0"}).groups == (
        Label.POSITIVE,
        Label.NEGATIVE,
    )


@pytest.mark.parametrize(
    "id2label",
    [
        {0: "angry", 1: "happy"},
        {0: "negative", 1: "negative"},
        {0: "neutral", 1: "positive"},
        {0: "negative", 1: "5 stars"},
        {index: f"LABEL_{index}" for index in range(5)},
        {0: "1 star", 1: "2 stars", 2: "3 stars", 3: "4 stars"},
        {0: "negative", 2: "positive"},
        {"first": "negative", "second": "positive"},
        {0: "very negative", 1: "negative", 2: "neutral", 3: "positive", 4: "very positive"},
    ],
)
def test_unknown_label_sets_are_refused(id2label: Mapping[Any, str]) -> None:
    with pytest.raises(SentimentModelError):
        LabelMapping.from_id2label(id2label)


@pytest.mark.parametrize("probabilities", [[0.5, 0.5], [0.2, -0.1, 0.9], [0, 0, 0]])
def test_score_refuses_vectors_that_do_not_fit(probabilities: list[float]) -> None:
    with pytest.raises(ValueError):
        LabelMapping.from_id2label(THREE).score(probabilities)
