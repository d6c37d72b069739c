"""Export a sentiment model folder to ONNX (``model.onnx``) for :mod:`sentiment.onnx_engine`.

The graph takes ``input_ids`` and ``attention_mask`` (a padded batch) and gives the class
probabilities, softmax included. For BERT-family models the layer norms, GELUs and
attention are fused (``onnxruntime.transformers``), which is most of what makes it faster
than torch: on our model 7.7 ms for a comment on one thread against torch's 18.8 ms, and
4.2 ms on two (docs/sentiment.md, "ONNX Runtime").

The weights stay float32. Tried and measured on our held-out comments: the 4-bit weights
the NLU's encoder uses (``closedloop/nlu_encoder.py``) changed the label of 31 % of them,
because the fine-tuned top layers do not survive that rounding; 4 bits for the nine layers
frozen in fine-tuning only still changed 0.7 % (6.2 ms instead of 7.7). A customer's
follow-up depends on the label, so speed is not bought with labels.

For a model you fine-tuned yourself: ``export_onnx(folder)`` after ``save_pretrained`` and
before :func:`sentiment.model_card.seal_model_dir`, so the checksums cover the graph, then
compare ``TransformersAnalyzer(folder, runtime="onnx")`` with ``runtime="torch"`` on texts of
your own (:func:`agreement`).
"""

from __future__ import annotations

import logging
import tempfile
import warnings
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

import numpy as np

from sentiment.onnx_engine import INPUT_NAMES, ONNX_FILE, load_onnx_model, read_json

OPSET = 17
"""The first opset with ``LayerNormalization``, which the fusions produce."""
FUSED_MODEL_TYPES = {"bert": "bert", "xlm-roberta": "bert", "roberta": "bert"}
"""transformers model types -> the fusion pattern ``onnxruntime.transformers`` knows them by."""
LIBRARIES = ("torch", "transformers", "onnx", "onnxruntime")
"""Whose versions decide the graph (the build hashes them with its inputs)."""


def library_versions() -> dict[str, str]:
    """The versions of :data:`LIBRARIES` installed here."""
    return {package: version(package) for package in LIBRARIES}


def export_onnx(model_dir: Path) -> Path:
    """Write ``model_dir/model.onnx`` from the folder's transformers model; returns its path."""
    import torch
    from transformers import AutoModelForSequenceClassification

    # Eager attention exports as plain matrix products, which the fusions recognise.
    model = AutoModelForSequenceClassification.from_pretrained(
        model_dir, attn_implementation="eager", dtype=torch.float32, local_files_only=True
    ).eval()

    class Probabilities(torch.nn.Module):
        """The classifier's softmax, so the graph's output is what the analyzer reads."""

        def __init__(self, classifier: torch.nn.Module) -> None:
            super().__init__()
            self.classifier = classifier

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            logits = self.classifier(input_ids=input_ids, attention_mask=attention_mask).logits
            return torch.softmax(logits.float(), dim=-1)

    target = model_dir / ONNX_FILE
    with tempfile.TemporaryDirectory() as scratch:
        plain = Path(scratch) / "plain.onnx"
        ids = torch.tensor([[0, 5, 6, 7, 2]])
        with torch.no_grad(), warnings.catch_warnings():
            # transformers' mask code compares two lengths that are always equal here; the
            # tracer warns that the comparison is fixed. Tests check padded batches anyway.
            warnings.filterwarnings("ignore", message="Converting a tensor to a Python boolean")
            torch.onnx.export(
                Probabilities(model).eval(),
                (ids, torch.ones_like(ids)),
                str(plain),
                input_names=list(INPUT_NAMES),
                output_names=["probabilities"],
                dynamic_axes={
                    "input_ids": {0: "batch", 1: "tokens"},
                    "attention_mask": {0: "batch", 1: "tokens"},
                    "probabilities": {0: "batch"},
                },
                opset_version=OPSET,
                dynamo=False,
            )
        fusion = FUSED_MODEL_TYPES.get(str(model.config.model_type))
        if fusion is None:
            plain.replace(target)
            return target
        from onnxruntime.transformers import optimizer

        logging.getLogger("onnxruntime.transformers").setLevel(logging.WARNING)
        fused = optimizer.optimize_model(
            str(plain),
            model_type=fusion,
            num_heads=model.config.num_attention_heads,
            hidden_size=model.config.hidden_size,
            opt_level=1,
        )
        fused.save_model_to_file(str(target), use_external_data_format=False)
    return target


def graph_probabilities(model_dir: Path, texts: Sequence[str], max_length: int = 512) -> np.ndarray:
    """The exported graph's class probabilities for ``texts`` (one row each, in order)."""
    graph = load_onnx_model(model_dir, read_json(model_dir / "config.json"), threads=None)
    return np.asarray(graph.probabilities(list(texts), max_length, 32))


def agreement(exported: np.ndarray, reference: np.ndarray) -> dict[str, float]:
    """How far ``exported`` probabilities are from ``reference`` (torch's) for the same texts.

    ``max_abs_difference`` over every class of every text, and ``label_agreement``: the share
    of texts whose most likely class is the same.
    """
    return {
        "max_abs_difference": float(np.abs(exported - reference).max()),
        "label_agreement": float(np.mean(exported.argmax(axis=1) == reference.argmax(axis=1))),
    }
