"""The sentiment model on ONNX Runtime: the ``model.onnx`` that a model folder carries.

Why: a customer's comment, and a tracking request read for an apology, wait for the model
before the bot answers. torch ran our model in 20.0 ms (median, 2 idle threads) for one
comment; ONNX Runtime runs the same weights, with the layer norms, GELUs and attention
fused, in 6.2 ms, and calls of 32 comments at 1.7x torch's comments per second
(docs/sentiment.md, "ONNX Runtime"). The probabilities are torch's to within 1e-5, and the
build checks that on every held-out comment before it seals the folder
(:mod:`sentiment.build.onnx_export`).

This module imports ``onnxruntime`` and ``tokenizers`` only, never torch or transformers: a
process that scores with it does not hold torch's libraries (hundreds of MB) or pay seconds
to import them. The tokenizer is the folder's ``tokenizer.json``, which is what
transformers' fast tokenizer runs too, so both runtimes see the same token ids.
"""

from __future__ import annotations

import json
import os
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from sentiment.base import SentimentModelError
from sentiment.coalesce import CoalescingRunner

if TYPE_CHECKING:
    from onnxruntime import InferenceSession
    from tokenizers import Tokenizer

ONNX_FILE = "model.onnx"
"""The graph's file name in a model folder: input ids and attention mask in, probabilities out."""
TOKENIZER_FILE = "tokenizer.json"
INPUT_NAMES = ("input_ids", "attention_mask")


def has_onnx_graph(path: Path) -> bool:
    """Whether the model folder carries a graph this engine can run."""
    return (path / ONNX_FILE).is_file() and (path / TOKENIZER_FILE).is_file()


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from the model folder; :class:`SentimentModelError` if it is not one."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SentimentModelError(f"cannot read {path}: {exc}") from exc
    if not isinstance(value, dict):
        raise SentimentModelError(f"{path} is not a JSON object")
    return value


def default_threads() -> int:
    """One intra-op thread per CPU: ONNX Runtime's own default counts physical cores, which
    is one on a 2-vCPU machine."""
    return os.cpu_count() or 1


@dataclass(frozen=True, eq=False)
class OnnxModel:
    """A tokenizer and an ONNX Runtime session, shared by every analyzer of the folder."""

    session: InferenceSession
    tokenizer: Tokenizer
    pad_id: int
    packable = False
    """Texts always run padded here: batches sorted by token count pad little, and the
    graph takes the plain two-dimensional mask (packing is :mod:`sentiment.packing`'s, for
    torch)."""
    # One model call at a time, merging waiting callers' texts (sentiment.coalesce), as the
    # torch runtime does; it also keeps the tokenizer's truncation setting to one call.
    runner: CoalescingRunner[str, list[float]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "runner", CoalescingRunner(self._run))

    def probabilities(
        self, texts: list[str], max_length: int, batch_size: int, pack: bool = False
    ) -> list[list[float]]:
        """Class probabilities per text, in order; ``pack`` is ignored (see :attr:`packable`)."""
        return self.runner.run(texts, (max_length, batch_size))

    def _run(self, texts: Sequence[str], key: Hashable) -> list[list[float]]:
        """Tokenise once, run batches of similar token length, put results back in order."""
        max_length, batch_size = cast(tuple[int, int], key)
        self.tokenizer.enable_truncation(max_length)
        ids = [encoding.ids for encoding in self.tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(ids)), key=lambda position: len(ids[position]))
        results: list[list[float]] = [[] for _ in ids]
        for start in range(0, len(order), batch_size):
            positions = order[start : start + batch_size]
            width = max(len(ids[p]) for p in positions)
            input_ids = np.full((len(positions), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(positions), width), dtype=np.int64)
            for row, position in enumerate(positions):
                input_ids[row, : len(ids[position])] = ids[position]
                mask[row, : len(ids[position])] = 1
            (probabilities,) = self.session.run(
                None, dict(zip(INPUT_NAMES, (input_ids, mask), strict=True))
            )
            for position, row_values in zip(positions, probabilities.tolist(), strict=True):
                results[position] = row_values
        return results


def load_onnx_model(path: Path, config: dict[str, Any], threads: int | None) -> OnnxModel:
    """The folder's graph and tokenizer; the caller has checked the card and checksums.

    ``threads``: the session's intra-op threads (``None``: one per CPU). Threads sleep
    while they wait instead of spinning, so the cores stay free for the process's other work
    (the action server's event loop, an API worker) between comments.
    """
    try:
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise SentimentModelError(
            "the ONNX runtime of the sentiment model needs onnxruntime and tokenizers "
            "(pip install 'closedloop[ml]'), or set CLOSEDLOOP_SENTIMENT_RUNTIME=torch"
        ) from exc
    try:
        tokenizer = Tokenizer.from_file(str(path / TOKENIZER_FILE))
        # A tokenizer.json saved after use keeps the padding it was last called with (ours:
        # to the longest in the batch); ids padded there would count as text in the mask.
        tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or default_threads()
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(
            str(path / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:  # onnxruntime raises its own Fail/InvalidGraph, tokenizers Exception
        raise SentimentModelError(f"cannot load the ONNX graph in {path}: {exc}") from exc
    names = tuple(node.name for node in session.get_inputs())
    if names != INPUT_NAMES:
        raise SentimentModelError(
            f"{path / ONNX_FILE} takes inputs {list(names)}, not {list(INPUT_NAMES)}: export it "
            "with sentiment.build.onnx_export.export_onnx"
        )
    pad_id = config.get("pad_token_id")
    return OnnxModel(session, tokenizer, pad_id if isinstance(pad_id, int) else 0)
