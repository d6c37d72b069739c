"""Export a sentiment model folder to ONNX (``model.onnx``) for :mod:`sentiment.onnx_engine`.

The graph takes ``input_ids`` and ``attention_mask`` (a padded batch) and gives the class
probabilities, softmax included. For BERT-family models the layer norms, GELUs and
attention are fused (``onnxruntime.transformers``): on our model one comment takes 6.2 ms
(median, 2 idle threads) against torch's 20.0 ms; without the fusions 5.4 ms where fused
took 4.2 (docs/sentiment.md, "ONNX Runtime").

The weights stay float32, except the word embeddings, which are float16 values already and
are stored so (:func:`halve_lookup_tables`). Tried and measured on our held-out comments:
the 4-bit weights the NLU's encoder uses (``closedloop/nlu_encoder.py``) changed the label
of 31 % of them, because the fine-tuned top layers do not survive that rounding; 4 bits for
the nine layers frozen in fine-tuning only still changed 0.7 %, and 4-bit word embeddings
alone 0.3 %. A customer's follow-up depends on the label, so speed and memory are not
bought with labels.

For a model you fine-tuned yourself: ``export_onnx(folder)`` after ``save_pretrained`` and
before :func:`sentiment.model_card.seal_model_dir`, so the checksums cover the graph, then
compare ``TransformersAnalyzer(folder, runtime="onnx")`` with ``runtime="torch"`` on texts of
your own (:func:`agreement`).
"""

from __future__ import annotations

import logging
import tempfile
import warnings
from collections import Counter
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import onnx
import onnx.helper
import onnx.numpy_helper

from sentiment.onnx_engine import INPUT_NAMES, ONNX_FILE, load_onnx_model, read_json

if TYPE_CHECKING:
    import torch

OPSET = 17
"""The first opset with ``LayerNormalization``, which the fusions produce."""
FUSED_MODEL_TYPES = {"bert": "bert", "xlm-roberta": "bert", "roberta": "bert"}
"""transformers model types -> the fusion pattern ``onnxruntime.transformers`` knows them by."""
MIN_HALVED_TABLE = 1 << 20
"""Lookup tables from this many values are stored in float16 (:func:`halve_lookup_tables`)."""
LIBRARIES = ("torch", "transformers", "onnx", "onnxruntime")
"""Whose versions decide the graph (the build hashes them with its inputs)."""


def library_versions() -> dict[str, str]:
    """The versions of :data:`LIBRARIES` installed here."""
    return {package: version(package) for package in LIBRARIES}


def export_onnx(model_dir: Path) -> list[str]:
    """Write ``model_dir/model.onnx`` from the folder's transformers model; returns the
    lookup tables stored in float16 (:func:`halve_lookup_tables`)."""
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
        export_graph(Probabilities(model), plain, "probabilities", opset=OPSET)
        fusion = FUSED_MODEL_TYPES.get(str(model.config.model_type))
        if fusion is None:
            graph = onnx.load(str(plain))
        else:
            from onnxruntime.transformers import optimizer

            logging.getLogger("onnxruntime.transformers").setLevel(logging.WARNING)
            graph = optimizer.optimize_model(
                str(plain),
                model_type=fusion,
                num_heads=model.config.num_attention_heads,
                hidden_size=model.config.hidden_size,
                opt_level=1,
            ).model
    halved = halve_lookup_tables(graph)
    onnx.save(graph, str(target))
    return halved


def export_graph(
    module: torch.nn.Module,
    target: Path,
    output: str,
    *,
    opset: int,
    sample_ids: Sequence[int] = (0, 5, 6, 7, 2),
) -> None:
    """Trace ``module`` (``input_ids``, ``attention_mask`` -> one float tensor) into an ONNX
    graph at ``target`` whose batch and length are free.

    Both of our graphs take a padded batch this way: the sentiment model's probabilities
    (:func:`export_onnx`) and the NLU's sentence encoder (``closedloop/nlu_encoder.py``).
    ``sample_ids`` is the one sentence traced; eager attention exports as plain matrix
    products, which the fusions and the quantiser then find.
    """
    import torch

    ids = torch.tensor([list(sample_ids)])
    with torch.no_grad(), warnings.catch_warnings():
        # transformers' mask code compares two lengths that are always equal here; the
        # tracer warns that the comparison is fixed. Tests check padded batches anyway.
        warnings.filterwarnings("ignore", message="Converting a tensor to a Python boolean")
        torch.onnx.export(
            module.eval(),
            (ids, torch.ones_like(ids)),
            str(target),
            input_names=list(INPUT_NAMES),
            output_names=[output],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                output: {0: "batch"},
            },
            opset_version=opset,
            dynamo=False,
        )


def halve_lookup_tables(graph: onnx.ModelProto) -> list[str]:
    """Store each large lookup table (the word embeddings) in float16 where that loses
    nothing, and cast the rows looked up to float32; returns the tables' names.

    Why: the word embeddings are 250,037 x 384 of the graph's weights, 384 MB in float32 and
    most of its memory, and only a few rows are read per comment. Our model is saved in
    float16, so each value is a float16 already: the graph gives the same probabilities to
    the last bit, the session holds 183 MB less and runs as fast (docs/sentiment.md). A table
    that float16 would round (a float32 model of your own) is left as it is.
    """
    tables = {initializer.name: initializer for initializer in graph.graph.initializer}
    uses = Counter(name for node in graph.graph.node for name in node.input)
    halved: list[str] = []
    nodes: list[onnx.NodeProto] = []
    for node in graph.graph.node:
        nodes.append(node)
        table = tables.get(node.input[0]) if node.op_type == "Gather" else None
        if table is None or table.data_type != onnx.TensorProto.FLOAT or uses[table.name] != 1:
            continue
        values = onnx.numpy_helper.to_array(table)
        if values.size < MIN_HALVED_TABLE or not np.array_equal(
            values.astype(np.float16).astype(np.float32), values
        ):
            continue
        table.CopyFrom(onnx.numpy_helper.from_array(values.astype(np.float16), table.name))
        rows = node.output[0]
        node.output[0] = f"{rows}_float16"
        nodes.append(
            onnx.helper.make_node(
                "Cast", [node.output[0]], [rows], to=onnx.TensorProto.FLOAT, name=f"{node.name}_f32"
            )
        )
        halved.append(table.name)
    del graph.graph.node[:]
    graph.graph.node.extend(nodes)
    return halved


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
