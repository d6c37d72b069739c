"""Packing several texts per row of input: the plan, the inputs, and unchanged results.

The backend tests run on tiny random BERT classifiers (conftest.py); the real model's
held-out texts are checked packed against padded in test_sentiment_real_model.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sentiment import TransformersAnalyzer
from sentiment.packing import build_packed_batch, pack_rows
from tests.sentiment.conftest import MAX_POSITIONS

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

TEXTS = [
    "the food was great",
    "terrible rude staff, the worst",
    "i love it",
    "refund",
    "not good, very slow delivery, the staff was rude and the food was bad",
    "the service was friendly and fast, i love the food",
    # Longer than the tiny model's 64 positions: truncated, and wider than a packed row.
    "the service was terrible and slow " * 30,
    "good",
]


def test_pack_rows_places_every_text_once_within_the_width() -> None:
    lengths = [5, 30, 12, 64, 7, 20, 33, 1, 9]
    rows = pack_rows(lengths, 40)

    assert sorted(index for row in rows for index in row) == list(range(len(lengths)))
    for row in rows:
        assert sum(lengths[index] for index in row) <= 40 or len(row) == 1
    # The text wider than a row gets one to itself; the rest share (fewer rows than texts).
    assert [3] in rows
    assert len(rows) < len(lengths) - 2


def test_pack_rows_refuses_an_empty_width() -> None:
    with pytest.raises(ValueError, match="width"):
        pack_rows([3], 0)


def test_packed_batch_gives_each_text_its_positions_and_only_its_own_tokens() -> None:
    ids = [[101, 7, 8, 102], [101, 9, 102], [101, 5, 6, 7, 8, 102], [101, 102]]
    packed = build_packed_batch(ids, 8, pad_id=0, dtype=torch.float32)
    blocked = torch.finfo(torch.float32).min

    rows, width = packed.input_ids.shape
    assert width == 8 and rows == 2  # 15 tokens in two rows of at most 8
    assert packed.attention_mask.shape == (rows, 1, width, width)
    for index, text in enumerate(ids):
        row, start = int(packed.rows[index]), int(packed.starts[index])
        end = start + len(text)
        assert packed.input_ids[row, start:end].tolist() == text
        assert packed.position_ids[row, start:end].tolist() == list(range(len(text)))
        mask = packed.attention_mask[row, 0, start:end]
        # Tokens of this text see each other and nothing else in the row.
        assert (mask[:, start:end] == 0).all()
        assert (mask[:, :start] == blocked).all() and (mask[:, end:] == blocked).all()
    # Padding sees only itself, so no row of the mask is empty.
    padding = packed.input_ids == 0
    for row, column in padding.nonzero().tolist():
        visible = (packed.attention_mask[row, 0, column] == 0).nonzero().flatten().tolist()
        assert visible == [column]


def test_a_text_longer_than_the_row_widens_the_rows() -> None:
    ids = [[1] * 12, [1] * 3, [1] * 4]
    packed = build_packed_batch(ids, 8, pad_id=0, dtype=torch.float32)
    # Rows as wide as the longest text (12), and the two short texts share the second.
    assert packed.input_ids.shape == (2, 12)
    assert packed.rows.tolist() == [0, 1, 1]


@pytest.mark.parametrize("batch_size", [1, 3, 16])
def test_packed_results_equal_padded_results(tiny_model: tuple[str, Path], batch_size: int) -> None:
    _kind, path = tiny_model
    items = [(text, "en") for text in TEXTS]
    packed = TransformersAnalyzer(path, batch_size=batch_size).analyze_batch(items)
    padded = TransformersAnalyzer(path, batch_size=batch_size, pack=False).analyze_batch(items)

    assert [r.label for r in packed] == [r.label for r in padded]
    assert [r.polarity for r in packed] == pytest.approx([r.polarity for r in padded], abs=1e-5)
    assert [r.confidence for r in packed] == pytest.approx([r.confidence for r in padded], abs=1e-5)
    # The comparison means something only if the texts score differently.
    assert len({round(r.polarity, 3) for r in padded}) > 1


def test_bert_classifiers_are_packed_and_other_architectures_are_not(
    tiny_model: tuple[str, Path],
) -> None:
    from sentiment.transformers_backend import _can_pack, _load

    _kind, path = tiny_model
    TransformersAnalyzer(path).warm_up()
    assert _load(path.resolve(), "torch", None).engine.packable

    # DistilBERT pools and counts positions its own way: it runs padded.
    distil = transformers.DistilBertForSequenceClassification(
        transformers.DistilBertConfig(
            vocab_size=40,
            dim=32,
            n_layers=1,
            n_heads=2,
            hidden_dim=37,
            max_position_embeddings=MAX_POSITIONS,
        )
    )
    assert not _can_pack(distil)
