"""Build the analyzer a deployment asks for, from plain values (no settings object here)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from sentiment.base import DEFAULT_NEUTRAL_BAND, SentimentAnalyzer
from sentiment.chain import ChainAnalyzer
from sentiment.textblob_backend import TextBlobAnalyzer
from sentiment.transformers_backend import TransformersAnalyzer

BACKENDS = ("textblob", "transformers")
"""Valid ``backend`` names for :func:`build_analyzer`."""


def build_analyzer(
    backend: str,
    *,
    model_path: str | os.PathLike[str] | None = None,
    model_languages: Sequence[str] = ("en",),
    neutral_band: float = DEFAULT_NEUTRAL_BAND,
) -> SentimentAnalyzer:
    """Build an analyzer by backend name; callers pass configuration in.

    * ``"textblob"``: :class:`TextBlobAnalyzer` (English only).
    * ``"transformers"``: the model in ``model_path`` for ``model_languages``, falling back
      to TextBlob for English texts the model does not cover; anything else is unknown. The
      model loads on first use; call ``warm_up()`` on the result to load it at start-up.

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
        return ChainAnalyzer(
            [
                TransformersAnalyzer(
                    model_path, languages=model_languages, neutral_band=neutral_band
                ),
                TextBlobAnalyzer(neutral_band=neutral_band),
            ]
        )
    raise ValueError(
        f"unknown sentiment backend {backend!r}; valid backends: {', '.join(BACKENDS)}"
    )
