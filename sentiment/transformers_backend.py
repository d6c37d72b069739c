"""Sentiment from a fine-tuned sequence-classification model in a local directory.

The model runs on one of two runtimes: ONNX Runtime, when the folder carries the graph that
``sentiment.build`` exports (``model.onnx``; :mod:`sentiment.onnx_engine`), or torch. Both
give the same probabilities; ONNX Runtime is several times faster and needs no torch in the
process, so it is the default where the graph exists (``runtime="auto"``).

torch and transformers are imported on first load, not at import time: they are an optional
install (the ``ml`` extra) and take seconds to import, and the TextBlob backend needs neither.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol, cast

from sentiment.base import (
    ANY_LANGUAGE,
    DEFAULT_NEUTRAL_BAND,
    Label,
    SentimentAnalyzer,
    SentimentModelError,
    SentimentResult,
    check_neutral_band,
    normalize_language,
)
from sentiment.coalesce import CoalescingRunner
from sentiment.model_card import read_verified_card
from sentiment.onnx_engine import has_onnx_graph, load_onnx_model, read_json
from sentiment.packing import PACK_WIDTH, build_packed_batch

if TYPE_CHECKING:
    import torch
    from transformers import (
        BertForSequenceClassification,
        PreTrainedModel,
        PreTrainedTokenizerBase,
    )
    from transformers.models.bert.modeling_bert import BertPooler

_LOG = logging.getLogger(__name__)

DEFAULT_MAX_LENGTH = 512
"""Token cap when the caller sets none: BERT-family limit, and inference cost grows with it."""

PACKED_BATCH_SIZE = 64
PADDED_BATCH_SIZE = 16
"""Texts per model call when the caller sets none: for each way of batching, the faster of
the sizes measured on held-out comments in calls of 32 (2 threads; docs/sentiment.md). Packed
rows gain from more texts per call (64: 16-21% more comments per CPU-second than 16, 32 in
between); padded batches lose (each pads to its longest text; 16: 7-12% more than 64). ONNX
Runtime runs padded batches and 16 is its best too (211 comments per CPU-second against
201 for 8, 190 for 32, 149 for 64, in calls of 64; idle 2 cores, 2 threads)."""

_MAX_CHARS_PER_TOKEN = 32
"""Texts are cut to max_length * this many characters before tokenising. Tokens are far
shorter than this, so nothing the model would see is lost, but a megabyte of pasted text is
not tokenised in full only to be truncated."""

_GENERIC_LABEL = re.compile(r"label_(\d+)")
_STAR_LABEL = re.compile(r"([1-5])\s*stars?")
_NAMED_LABELS = {
    "negative": Label.NEGATIVE,
    "neg": Label.NEGATIVE,
    "neutral": Label.NEUTRAL,
    "neu": Label.NEUTRAL,
    "positive": Label.POSITIVE,
    "pos": Label.POSITIVE,
}
_GENERIC_GROUPS = {
    2: (Label.NEGATIVE, Label.POSITIVE),
    3: (Label.NEGATIVE, Label.NEUTRAL, Label.POSITIVE),
}
_VALID_GROUP_SETS = (set(_GENERIC_GROUPS[2]), set(_GENERIC_GROUPS[3]))


class Score(NamedTuple):
    """A label, polarity and confidence computed from one probability vector."""

    label: Label
    polarity: float
    confidence: float


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _numbers(pattern: re.Pattern[str], names: Sequence[str]) -> list[int] | None:
    """The numbers captured from every name if all of them match ``pattern``, else None."""
    matches = [pattern.fullmatch(name) for name in names]
    if not all(matches):
        return None
    return [int(match.group(1)) for match in matches if match]


def _star_group(stars: int) -> Label:
    if stars <= 2:
        return Label.NEGATIVE
    return Label.NEUTRAL if stars == 3 else Label.POSITIVE


@dataclass(frozen=True)
class LabelMapping:
    """How a model's output classes map onto our labels.

    Attributes:
        groups: for each class index, the label it counts towards.
        stars: for star-rating models, each class index's star rating, else ``None``.
    """

    groups: tuple[Label, ...]
    stars: tuple[int, ...] | None = None

    @classmethod
    def from_id2label(cls, id2label: Mapping[int, str] | Mapping[str, str]) -> LabelMapping:
        """Read a model config's ``id2label``; raise :class:`SentimentModelError` if unknown.

        Understood, case-insensitively:

        * ``negative``/``positive`` and ``negative``/``neutral``/``positive`` (or ``neg``,
          ``neu``, ``pos``), in any class order;
        * ``LABEL_0``..``LABEL_1`` as negative/positive and ``LABEL_0``..``LABEL_2`` as
          negative/neutral/positive. These are transformers' placeholder names, so this is
          only a convention (the one most sentiment fine-tunes follow) and is logged as a
          warning: a model trained with another order would come out inverted;
        * ``1 star`` .. ``5 stars``: 1-2 negative, 3 neutral, 4-5 positive.

        Anything else is refused rather than guessed, because a wrong guess silently inverts
        every score.
        """
        try:
            by_index = {int(index): str(name) for index, name in id2label.items()}
        except (TypeError, ValueError) as exc:
            raise SentimentModelError(
                f"id2label keys must be class indices, got {dict(id2label)!r}"
            ) from exc
        if sorted(by_index) != list(range(len(by_index))):
            raise SentimentModelError(
                f"id2label must number its classes 0..n-1, got {sorted(by_index)!r}"
            )
        names = [by_index[index].strip().lower() for index in range(len(by_index))]

        generic = _numbers(_GENERIC_LABEL, names)
        if generic is not None and sorted(generic) == list(range(len(names))):
            if len(names) in _GENERIC_GROUPS:
                _LOG.warning(
                    "model labels %s are placeholders; assuming the usual order %s",
                    names,
                    [str(label) for label in _GENERIC_GROUPS[len(names)]],
                )
                return cls(tuple(_GENERIC_GROUPS[len(names)][number] for number in generic))

        stars = _numbers(_STAR_LABEL, names)
        if stars is not None and sorted(stars) == [1, 2, 3, 4, 5]:
            return cls(tuple(_star_group(rating) for rating in stars), stars=tuple(stars))

        if all(name in _NAMED_LABELS for name in names):
            groups = tuple(_NAMED_LABELS[name] for name in names)
            if len(set(groups)) == len(groups) and set(groups) in _VALID_GROUP_SETS:
                return cls(groups)

        raise SentimentModelError(
            f"unsupported sentiment label set {names!r}. Supported: negative/positive, "
            "negative/neutral/positive (or neg/neu/pos), LABEL_0..LABEL_1 or LABEL_0..LABEL_2, "
            "and '1 star'..'5 stars'. If the model's classes mean one of these, name them so "
            "in id2label/label2id in its config.json."
        )

    def score(
        self, probabilities: Sequence[float], neutral_band: float = DEFAULT_NEUTRAL_BAND
    ) -> Score:
        """Turn one class-probability vector into a label, polarity and confidence.

        Probabilities are grouped by label. Polarity is P(positive) - P(negative), or for star
        models (expected stars - 3) / 2, so both span [-1, 1]. The label is the group with
        the highest total probability and the confidence is that total; an exact tie between
        groups means the model is undecided, so it is neutral with the neutral group's total.

        A two-class model cannot say "neutral", so for it a polarity within ``±neutral_band``
        is neutral, with confidence ``1 - |polarity| / neutral_band``: 1 when the model is
        split evenly, falling to 0 at the band's edge.

        For star models the label and the polarity's sign can disagree when the distribution
        is two-peaked (e.g. 40% one star, 15% three, 45% four: positive, polarity -0.175);
        both are reported as computed, so a caller can see the disagreement.
        """
        if len(probabilities) != len(self.groups):
            raise ValueError(f"expected {len(self.groups)} probabilities, got {len(probabilities)}")
        total = sum(probabilities)
        if total <= 0 or any(probability < 0 for probability in probabilities):
            raise ValueError(f"not a probability vector: {list(probabilities)!r}")
        normalised = [probability / total for probability in probabilities]

        mass = {Label.NEGATIVE: 0.0, Label.NEUTRAL: 0.0, Label.POSITIVE: 0.0}
        for group, probability in zip(self.groups, normalised, strict=True):
            mass[group] += probability
        if self.stars is None:
            polarity = mass[Label.POSITIVE] - mass[Label.NEGATIVE]
        else:
            expected = sum(
                rating * probability
                for rating, probability in zip(self.stars, normalised, strict=True)
            )
            polarity = (expected - 3.0) / 2.0
        polarity = _clamp(polarity, -1.0, 1.0)

        if Label.NEUTRAL not in self.groups and abs(polarity) <= neutral_band:
            depth = 1.0 - abs(polarity) / neutral_band if neutral_band else 1.0
            return Score(Label.NEUTRAL, polarity, _clamp(depth, 0.0, 1.0))
        top = max(mass.values())
        leaders = [label for label, probability in mass.items() if probability == top]
        label = leaders[0] if len(leaders) == 1 else Label.NEUTRAL
        return Score(label, polarity, _clamp(mass[label], 0.0, 1.0))


Runtime = Literal["auto", "onnx", "torch"]
RUNTIMES: tuple[Runtime, ...] = ("auto", "onnx", "torch")
"""``auto``: ONNX Runtime where the folder carries ``model.onnx``, torch otherwise."""


class _Engine(Protocol):
    """What the analyzer needs of a runtime: probabilities, merged calls, packing or not."""

    @property
    def packable(self) -> bool: ...

    @property
    def runner(self) -> CoalescingRunner[str, list[float]]: ...

    def probabilities(
        self, texts: list[str], max_length: int, batch_size: int, pack: bool
    ) -> list[list[float]]: ...


@dataclass(frozen=True, eq=False)
class _Loaded:
    """A loaded model, shared by every analyzer using the same directory and runtime."""

    engine: _Engine
    labels: LabelMapping
    max_length: int | None
    """The most tokens the model accepts, if it says; ``None`` when it does not."""


@dataclass(frozen=True, eq=False)
class _TorchModel:
    """A tokenizer and model loaded by transformers, run by torch."""

    tokenizer: PreTrainedTokenizerBase
    model: PreTrainedModel
    packable: bool
    """Whether several texts may share a row of input (:mod:`sentiment.packing`)."""
    # One model call at a time, merging the texts of callers who wait (sentiment.coalesce).
    # This also keeps the fast tokenizer to one thread: it can raise "Already borrowed" when
    # called from two at once (huggingface/tokenizers#537, transformers#47085).
    runner: CoalescingRunner[str, list[float]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "runner", CoalescingRunner(self._run))

    def probabilities(
        self, texts: list[str], max_length: int, batch_size: int, pack: bool
    ) -> list[list[float]]:
        """Class probabilities per text, in order; merged with other threads' waiting texts.

        ``pack`` only where :attr:`packable`.
        """
        return self.runner.run(texts, (max_length, batch_size, pack))

    def _run(self, texts: Sequence[str], key: Hashable) -> list[list[float]]:
        """Tokenise once, run batches of similar token length, put results back in order.

        Sorting by *token* count (not characters: a Ge'ez letter and a Latin one make very
        different numbers of tokens) means each batch pads to a length close to its texts',
        and a packed batch fills its rows evenly.
        """
        import torch

        max_length, batch_size, pack = cast(tuple[int, int, bool], key)
        ids: list[list[int]] = self.tokenizer(list(texts), truncation=True, max_length=max_length)[
            "input_ids"
        ]
        order = sorted(range(len(ids)), key=lambda position: len(ids[position]))
        results: list[list[float]] = [[] for _ in ids]
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                positions = order[start : start + batch_size]
                batch = [ids[p] for p in positions]
                if pack:
                    logits = self._packed_logits(batch, min(PACK_WIDTH, max_length))
                else:
                    encoded = self.tokenizer.pad({"input_ids": batch}, return_tensors="pt")
                    logits = self.model(**encoded).logits
                for position, row in zip(
                    positions, torch.softmax(logits.float(), dim=-1).tolist(), strict=True
                ):
                    results[position] = row
        return results

    def _packed_logits(self, batch: list[list[int]], width: int) -> torch.Tensor:
        """Logits for ``batch`` run several texts to a row, without padding them to each other.

        Only for BERT classifiers (:func:`_can_pack`): the encoder runs on the packed rows,
        then the model's own pooler and classifier read each text's first token, as
        ``BertForSequenceClassification`` does for a padded batch.
        """
        model = cast("BertForSequenceClassification", self.model)
        pad_id = self.tokenizer.pad_token_id
        packed = build_packed_batch(
            batch, width, pad_id if isinstance(pad_id, int) else 0, model.dtype
        )
        hidden = model.bert(
            input_ids=packed.input_ids,
            attention_mask=packed.attention_mask,  # 4D: transformers uses it as given
            position_ids=packed.position_ids,
        ).last_hidden_state
        first = hidden[packed.rows, packed.starts]
        pooler = cast("BertPooler", model.bert.pooler)
        return cast("torch.Tensor", model.classifier(model.dropout(pooler(first[:, None]))))


_CACHE: dict[tuple[Path, str], _Loaded] = {}
_CACHE_LOCK = threading.Lock()


def _resolve(path: Path, runtime: Runtime) -> Literal["onnx", "torch"]:
    """The runtime ``runtime`` means for the folder: ``auto`` is ONNX where the graph is."""
    if runtime == "auto":
        return "onnx" if has_onnx_graph(path) else "torch"
    return runtime


def _load(path: Path, runtime: Literal["onnx", "torch"], threads: int | None) -> _Loaded:
    """The model in ``path``, loaded once per process and runtime however many analyzers or
    threads ask (``threads`` sizes an ONNX session when it is created).

    Failures are not cached, so a model fixed on disk is picked up on the next call.
    """
    with _CACHE_LOCK:
        loaded = _CACHE.get((path, runtime))
        if loaded is None:
            loaded = _CACHE[(path, runtime)] = _load_uncached(path, runtime, threads)
        return loaded


def _prefer_passive_waiting() -> None:
    """Ask OpenMP to let idle threads sleep, unless the deployment chose otherwise.

    Must run before torch is first imported (OpenMP reads it once). Threads that spin while
    they wait make inference several times slower on a machine whose cores are shared with
    other processes (measured with benchmarks/sentiment_bench.py).
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def _heldout_summary(card: Mapping[str, object]) -> str:
    """``en acc 0.91 / ka acc 0.88 ...`` from a model card, for the load log line."""
    heldout = card.get("heldout")
    if not isinstance(heldout, Mapping):
        return "none"
    return " / ".join(
        f"{language} acc {figures.get('accuracy', float('nan')):.2f}"
        for language, figures in heldout.items()
        if isinstance(figures, Mapping)
    )


def _token_limit(*limits: object) -> int | None:
    """The smallest real limit; tokenizers without one report a huge sentinel (int(1e30))."""
    real = [limit for limit in limits if isinstance(limit, int) and 0 < limit < 1_000_000]
    return min(real) if real else None


def _load_uncached(path: Path, runtime: Literal["onnx", "torch"], threads: int | None) -> _Loaded:
    how_to_fix = (
        "Build the shipped model with `python -m sentiment.build` (make setup does this), "
        "or save a fine-tuned sequence-classification model and its tokenizer with "
        "save_pretrained(), seal it with a model card (docs/sentiment.md) and point the "
        "model path at that directory. Models are never downloaded."
    )
    # Checked here because transformers reports a missing directory as an invalid hub repo id.
    if not path.is_dir():
        raise SentimentModelError(f"sentiment model directory {path} does not exist. {how_to_fix}")
    if not (path / "config.json").is_file():
        raise SentimentModelError(
            f"sentiment model directory {path} has no config.json, so it is not a "
            f"save_pretrained() directory. {how_to_fix}"
        )
    card = read_verified_card(path)
    started = time.perf_counter()
    if runtime == "onnx":
        loaded = _load_onnx(path, threads)
    else:
        loaded = _load_torch(path, how_to_fix)
    _LOG.info(
        "loaded sentiment model %s on %s in %.1f s (card: languages %s, held-out %s)",
        path,
        "ONNX Runtime" if runtime == "onnx" else "torch",
        time.perf_counter() - started,
        ",".join(card.get("languages", [])),
        _heldout_summary(card),
    )
    return loaded


def _load_onnx(path: Path, threads: int | None) -> _Loaded:
    """The folder's ``model.onnx``; labels and limits from its JSON files, without transformers."""
    if not has_onnx_graph(path):
        raise SentimentModelError(
            f"sentiment model directory {path} has no model.onnx and tokenizer.json for ONNX "
            "Runtime. Rebuild it with `python -m sentiment.build`, export your own model with "
            "sentiment.build.onnx_export.export_onnx() before sealing it, or set "
            "CLOSEDLOOP_SENTIMENT_RUNTIME=torch."
        )
    config = read_json(path / "config.json")
    try:
        labels = LabelMapping.from_id2label(config.get("id2label") or {})
    except SentimentModelError as exc:
        raise SentimentModelError(f"model in {path}: {exc}") from exc
    tokenizer_config = path / "tokenizer_config.json"
    model_max_length = (
        read_json(tokenizer_config).get("model_max_length") if tokenizer_config.is_file() else None
    )
    limit = _token_limit(model_max_length, config.get("max_position_embeddings"))
    return _Loaded(load_onnx_model(path, config, threads), labels, limit)


def _load_torch(path: Path, how_to_fix: str) -> _Loaded:
    """The folder loaded by transformers, for torch."""
    _prefer_passive_waiting()
    try:
        import torch
        from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer
    except ImportError as exc:
        raise SentimentModelError(
            "the transformers sentiment backend needs torch and transformers "
            "(pip install 'closedloop[ml]')"
        ) from exc

    try:
        config = AutoConfig.from_pretrained(path, local_files_only=True)
    except Exception as exc:  # transformers raises OSError, ValueError, KeyError, ...
        raise SentimentModelError(f"cannot read model config in {path}: {exc}") from exc
    try:
        labels = LabelMapping.from_id2label(config.id2label)
    except SentimentModelError as exc:
        raise SentimentModelError(f"model in {path}: {exc}") from exc
    try:
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        # float32: transformers 5 otherwise loads in the checkpoint's dtype, and half
        # precision on CPU is slow or unsupported.
        model = AutoModelForSequenceClassification.from_pretrained(
            path, config=config, local_files_only=True, dtype=torch.float32
        )
    except Exception as exc:  # corrupt weights, missing tokenizer files, wrong architecture...
        raise SentimentModelError(f"cannot load the model in {path}: {exc}. {how_to_fix}") from exc
    model.eval()
    limit = _token_limit(
        getattr(tokenizer, "model_max_length", None),
        getattr(config, "max_position_embeddings", None),
    )
    return _Loaded(_TorchModel(tokenizer, model, _can_pack(model)), labels, limit)


def _can_pack(model: PreTrainedModel) -> bool:
    """Whether texts may be packed several to a row (:mod:`sentiment.packing`) for ``model``.

    Only a ``BertForSequenceClassification`` with absolute positions (which the packed
    rows give each text from 0) and an attention that reads a 4D mask (``sdpa`` or
    ``eager``; CPU has no other). Other architectures count positions otherwise (RoBERTa
    from the pad id, relative or rotary schemes) or pool differently, so they run padded.
    """
    from transformers import BertForSequenceClassification

    config = model.config
    return (
        isinstance(model, BertForSequenceClassification)
        and getattr(config, "position_embedding_type", "absolute") == "absolute"
        and getattr(config, "_attn_implementation", None) in ("sdpa", "eager")
        and model.bert.pooler is not None
    )


class TransformersAnalyzer(SentimentAnalyzer):
    """A fine-tuned Hugging Face sequence-classification model from a local directory.

    The model is loaded on first use (or :meth:`warm_up`), never downloaded, and once per
    process per directory and runtime: analyzers built for the same path share it.

    ``runtime`` picks what runs it: ``"onnx"`` the folder's ``model.onnx`` on ONNX Runtime
    (:mod:`sentiment.onnx_engine`; no torch in the process), ``"torch"`` the weights through
    transformers and torch, ``"auto"`` (default) ONNX Runtime where the folder carries the
    graph and torch where it does not (a model you saved yourself without exporting it).
    Both give the same probabilities; the build checks that for the shipped model.

    Inference runs on CPU in batches of ``batch_size`` texts sorted by token count (so short
    texts are not padded to long ones); ``None`` picks :data:`PACKED_BATCH_SIZE` or
    :data:`PADDED_BATCH_SIZE`. Texts are truncated to ``max_length`` tokens, capped by what
    the model accepts; ``None`` means ``min(512, the model's limit)``.

    The folder must carry a model card and checksums (:mod:`sentiment.model_card`); a folder
    without them, or with a file that does not match, is refused before anything is loaded.
    ``threads`` sizes the ONNX session (``None``: one per CPU) or torch's process-wide
    thread pool (``None``: torch's default). ``pack`` (torch only) runs several texts per
    row of input instead of padding them to each other (:mod:`sentiment.packing`; BERT
    classifiers only, others always run padded): the same results, 1.33-1.36x the comments
    per second on ours in calls of 32 (idle 2 cores). ``False`` is there to compare the two.

    How the model's ``id2label`` maps to our labels, polarity and confidence is described
    in :class:`LabelMapping`. ``languages`` are the languages the model was trained on;
    ``("*",)`` reads any language (a multilingual model). Others come back ``unknown``.
    Loading failures raise :class:`SentimentModelError`.
    """

    def __init__(
        self,
        model_path: str | os.PathLike[str],
        *,
        languages: Sequence[str] = ("en",),
        batch_size: int | None = None,
        max_length: int | None = None,
        neutral_band: float = DEFAULT_NEUTRAL_BAND,
        threads: int | None = None,
        pack: bool = True,
        runtime: Runtime = "auto",
    ) -> None:
        if isinstance(languages, str):
            raise TypeError(
                f"languages must be a sequence of codes such as ('en', 'ka'), "
                f"not the string {languages!r}"
            )
        normalised = frozenset(normalize_language(language) for language in languages)
        if not normalised or "" in normalised:
            raise ValueError(f"languages must be non-empty codes, got {list(languages)!r}")
        if batch_size is not None and batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size!r}")
        if max_length is not None and max_length < 1:
            raise ValueError(f"max_length must be at least 1, got {max_length!r}")
        if threads is not None and threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads!r}")
        if runtime not in RUNTIMES:
            raise ValueError(f"runtime must be one of {', '.join(RUNTIMES)}, got {runtime!r}")
        self._path = Path(model_path).expanduser().resolve()
        self._languages = frozenset({ANY_LANGUAGE}) if ANY_LANGUAGE in normalised else normalised
        self._batch_size = batch_size
        self._max_length = max_length
        self._neutral_band = check_neutral_band(neutral_band)
        self._threads = threads
        self._pack = pack
        self._runtime: Runtime = runtime

    @property
    def name(self) -> str:
        return f"transformers:{self._path.name}"

    @property
    def languages(self) -> frozenset[str]:
        return self._languages

    @property
    def runtime(self) -> Literal["onnx", "torch"]:
        """The runtime this analyzer's model runs on (``auto`` resolved for the folder)."""
        return _resolve(self._path, self._runtime)

    @property
    def model_calls(self) -> int:
        """Model calls this process has run for the directory, 0 before it is loaded.

        Fewer than the ``analyze`` calls when concurrent callers shared a batch
        (:mod:`sentiment.coalesce`); the benchmark and the tests read it.
        """
        with _CACHE_LOCK:
            loaded = _CACHE.get((self._path, self.runtime))
        return loaded.engine.runner.calls if loaded is not None else 0

    def warm_up(self) -> None:
        """Load the model now; raises :class:`SentimentModelError` if it cannot be loaded."""
        self._loaded()

    def _loaded(self) -> _Loaded:
        runtime = self.runtime
        if runtime == "torch":
            self._use_threads()
        return _load(self._path, runtime, self._threads)

    def _use_threads(self) -> None:
        """Size torch's intra-op thread pool, if asked.

        torch defaults to one thread per core in *every* process; several workers on a
        small machine then fight over the cores and each gets slower than one thread alone.
        The pool is process-wide, so the last analyzer to run with a setting wins.
        """
        if self._threads is None:
            return
        _prefer_passive_waiting()
        import torch

        if torch.get_num_threads() != self._threads:
            torch.set_num_threads(self._threads)

    def _analyze_supported(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        loaded = self._loaded()
        max_length = min(
            limit
            for limit in (self._max_length or DEFAULT_MAX_LENGTH, loaded.max_length)
            if limit is not None
        )
        texts = [text[: max_length * _MAX_CHARS_PER_TOKEN] for text, _language in items]
        pack = self._pack and loaded.engine.packable
        batch_size = self._batch_size or (PACKED_BATCH_SIZE if pack else PADDED_BATCH_SIZE)
        probabilities = loaded.engine.probabilities(texts, max_length, batch_size, pack)
        scores = [loaded.labels.score(row, self._neutral_band) for row in probabilities]
        return [SentimentResult(s.label, s.polarity, s.confidence, self.name) for s in scores]
