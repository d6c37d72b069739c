"""Fixtures for the sentiment tests: tiny random transformers models built on the fly.

The models are random, so they say nothing about real sentiment; they exist to test loading,
batching, truncation and label mapping offline, in well under a second each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

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

MAX_POSITIONS = 64
"""The tiny models' position limit: longer inputs would crash unless truncated."""

ModelFactory = Callable[[Mapping[int, str]], Path]


def build_tiny_model(directory: Path, id2label: Mapping[int, str]) -> Path:
    """Save a random 2-layer BERT classifier and its WordPiece tokenizer into ``directory``."""
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
    return directory


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
