"""Fixtures for the sentiment tests: tiny random models, and the real built model.

The tiny models are random, so they say nothing about real sentiment; they exist to test
loading, batching, truncation and label mapping offline, in well under a second each. They
are sealed with a card and checksums like any model the service accepts.

The real model is the one ``make setup`` builds (``python -m sentiment.build``), found
through the settings' ``sentiment_model_path``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from sentiment.model_card import seal_model_dir

LABEL_SETS: dict[str, dict[int, str]] = {
    "two-class": {0: "NEGATIVE", 1: "POSITIVE"},
    "three-class": {0: "negative", 1: "neutral", 2: "positive"},
    "five-star": {0: "1 star", 1: "2 stars", 2: "3 stars", 3: "4 stars", 4: "5 stars"},
}

VOCAB = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    *"the a i it was is very not service food staff delivery refund".split(),
    *"good great love fast friendly bad terrible hate slow rude worst".split(),
    "##s",
    "##ly",
]

TEXTS = [
    "the food was great",
    "terrible rude staff, the worst",
    "i love it",
    "not good, very slow delivery",
    "refund",
    "the service was friendly and fast, i love the food",
]
"""Comments for the tiny models, written with their vocabulary so they tokenise to words."""

MAX_POSITIONS = 64
"""The tiny models' position limit: longer inputs would crash unless truncated."""

ModelFactory = Callable[[Mapping[int, str]], Path]


def build_tiny_model(directory: Path, id2label: Mapping[int, str], *, onnx: bool = False) -> Path:
    """Save a random 2-layer BERT classifier and its WordPiece tokenizer into ``directory``;
    with ``onnx``, its ONNX graph too (as the build ships the real model), before sealing."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")

    directory.mkdir(parents=True, exist_ok=True)
    vocab_file = directory / "vocab.txt"
    vocab_file.write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizer(vocab_file=str(vocab_file))
    config = transformers.BertConfig(
        vocab_size=len(VOCAB),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=37,
        max_position_embeddings=MAX_POSITIONS,
        # Large random weights, so different texts get visibly different outputs and the
        # order of results in a batch can be checked.
        initializer_range=0.5,
        id2label=dict(id2label),
        label2id={name: index for index, name in id2label.items()},
    )
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    if onnx:
        from sentiment.build.onnx_export import export_onnx

        export_onnx(directory)
    seal_model_dir(directory, tiny_card(id2label))
    return directory


def tiny_card(id2label: Mapping[int, str]) -> dict[str, object]:
    """A model card that says what the tiny model is: random, with no figures to report."""
    return {
        "name": "tiny-random-bert",
        "languages": ["en"],
        "labels": list(id2label.values()),
        "data": {},
        "heldout": {},
    }


@pytest.fixture(scope="session")
def make_tiny_model(tmp_path_factory: pytest.TempPathFactory) -> ModelFactory:
    """Build a tiny model with the given labels in a fresh directory (never cached yet)."""

    def make(id2label: Mapping[int, str]) -> Path:
        return build_tiny_model(tmp_path_factory.mktemp("tiny-model"), id2label)

    return make


@pytest.fixture(scope="session", params=sorted(LABEL_SETS))
def tiny_model(request: pytest.FixtureRequest, make_tiny_model: ModelFactory) -> tuple[str, Path]:
    """``(label set name, model directory)``, once per label set in :data:`LABEL_SETS`."""
    return request.param, make_tiny_model(LABEL_SETS[request.param])


@pytest.fixture(scope="session")
def built_model() -> Path:
    """The sentiment model ``make setup`` built, where the settings say it is.

    A missing model fails (not skips) the tests that use it: the default analyzer needs it,
    so a checkout without it is broken, and ``make test`` runs ``make setup`` first.
    """
    from feedback_api.settings import Settings

    configured = Settings(_env_file=None).sentiment_model_path  # type: ignore[call-arg]
    assert configured, "the settings name no sentiment model path"
    path = Path(configured)
    if not path.is_absolute():
        path = Path(__file__).resolve().parents[2] / path
    assert (path / "model_card.json").is_file(), (
        f"no built sentiment model at {path}: run `make setup` "
        "(or `.venv/bin/python -m sentiment.build`)"
    )
    return path
