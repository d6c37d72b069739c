"""Build the analyzer a deployment asks for, from plain values (no settings object here)."""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from sentiment.base import DEFAULT_NEUTRAL_BAND, SentimentAnalyzer
from sentiment.cues import CueGuardedChain
from sentiment.onnx_engine import has_onnx_graph
from sentiment.textblob_backend import TextBlobAnalyzer
from sentiment.transformers_backend import Runtime, TransformersAnalyzer

_LOG = logging.getLogger(__name__)

BACKENDS = ("textblob", "transformers")
"""Valid ``backend`` names for :func:`build_analyzer`."""


def build_analyzer(
    backend: str,
    *,
    model_path: str | os.PathLike[str] | None = None,
    model_languages: Sequence[str] = ("en",),
    neutral_band: float = DEFAULT_NEUTRAL_BAND,
    threads: int | None = None,
    runtime: Runtime = "auto",
) -> SentimentAnalyzer:
    """Build an analyzer by backend name; callers pass configuration in.

    * ``"textblob"``: :class:`TextBlobAnalyzer` (English only).
    * ``"transformers"``: the model in ``model_path`` for ``model_languages``, falling back
      to TextBlob for English texts the model does not cover; anything else is unknown. The
      model loads on first use; call ``warm_up()`` on the result to load it at start-up.
      ``threads`` sizes the model's threads in this process; ``runtime`` is
      :class:`TransformersAnalyzer`'s (``auto``: ONNX Runtime where the folder has the graph).
      The model's results pass the negative-cue guard (:mod:`sentiment.cues`): a "positive"
      for a text with a clear negative cue and no positive one becomes negative, because
      mystery shoppers found plain complaints the model reads as positive.

    If the model folder does not exist, or the libraries its runtime needs are not installed
    (a lean install, or ``make setup`` not run yet), this returns TextBlob alone and logs a warning
    saying so: English keeps working and other languages are ``unknown``, visibly, instead
    of every comment failing. A folder that exists but whose card or checksums are wrong is
    not a fallback case: loading it raises :class:`~sentiment.base.SentimentModelError`.

    Raises ``ValueError`` for an unknown backend, or ``"transformers"`` without a model path.
    """
    name = backend.strip().lower()
    if name == "textblob":
        return TextBlobAnalyzer(neutral_band=neutral_band)
    if name == "transformers":
        if not model_path:
            raise ValueError(
                "the 'transformers' sentiment backend needs model_path: a local directory "
                "holding a fine-tuned model saved with save_pretrained()"
            )
        if missing := _missing_model_part(Path(model_path), runtime):
            _LOG.warning(
                "sentiment: %s, so the transformers backend falls back to TextBlob: English "
                "only, and ka/hy/am and other languages are stored as 'unknown'. Build the "
                "model with `make setup` (python -m sentiment.build) or set "
                "CLOSEDLOOP_SENTIMENT_BACKEND=textblob to silence this warning.",
                missing,
            )
            return TextBlobAnalyzer(neutral_band=neutral_band)
        model = TransformersAnalyzer(
            model_path,
            languages=model_languages,
            neutral_band=neutral_band,
            threads=threads,
            runtime=runtime,
        )
        return CueGuardedChain(
            [model, TextBlobAnalyzer(neutral_band=neutral_band)], guarded=[model]
        )
    raise ValueError(
        f"unknown sentiment backend {backend!r}; valid backends: {', '.join(BACKENDS)}"
    )


def _missing_model_part(model_path: Path, runtime: Runtime) -> str | None:
    """Why the transformers backend cannot run here at all, or ``None`` if it may.

    Only absence counts (checked without importing the libraries); a present but broken
    model is left for the backend to refuse loudly.
    """
    folder = model_path.expanduser()
    if not folder.exists():
        return f"the model folder {model_path} does not exist"
    onnx = runtime == "onnx" or (runtime == "auto" and has_onnx_graph(folder))
    for module in ("onnxruntime", "tokenizers") if onnx else ("torch", "transformers"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install 'closedloop[ml]')"
    return None
