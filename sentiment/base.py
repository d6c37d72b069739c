"""The analyzer interface, its immutable result, and the rules every backend shares.

Backends only score text they can read. Everything that must behave the same whichever model
is configured (language-code normalisation, empty text, languages a backend cannot read, the
neutral band) lives here, so swapping TextBlob for a fine-tuned model never changes those
rules.
"""

from __future__ import annotations

import asyncio
import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

ANY_LANGUAGE = "*"
"""Language wildcard: an analyzer whose languages include it reads every language."""

DEFAULT_NEUTRAL_BAND = 0.1
"""Polarity within ±band is neutral: lexicon and model scores this close to 0 are noise."""


class Label(StrEnum):
    """Sentiment label. A ``StrEnum`` so it compares equal to, and stores as, its plain value."""

    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"
    UNKNOWN = "unknown"
    """We did not score the text (e.g. a language the analyzer cannot read): not "neutral"."""


class SentimentError(Exception):
    """Base class of this package's errors, so callers can catch them without catching bugs."""


class SentimentModelError(SentimentError):
    """A model cannot be loaded or used: missing directory, broken files, unknown label set."""


@dataclass(frozen=True, slots=True)
class SentimentResult:
    """The sentiment of one text.

    Frozen, because results are cached, shared across threads and stored as-is: nothing
    downstream should be able to change what an analyzer said.

    Attributes:
        label: one of :class:`Label`'s values.
        polarity: -1 (most negative) to 1 (most positive); 0.0 when ``label`` is unknown.
        confidence: 0 to 1, how much to trust ``label``; 0.0 when nothing was scored.
        backend: which analyzer/model produced this, e.g. ``"textblob"`` or
            ``"transformers:my-model"``, so stored results can be traced to a model.
        reason: why the text was not scored (unknown label, empty text), or which cue
            overrode the model (:mod:`sentiment.cues`), else ``None``.
    """

    label: Label
    polarity: float
    confidence: float
    backend: str
    reason: str | None = None

    def __post_init__(self) -> None:
        # Validate here so a backend bug fails loudly instead of storing an impossible score,
        # and make a plain "positive" a Label so every result compares the same way.
        object.__setattr__(self, "label", Label(self.label))
        if not (math.isfinite(self.polarity) and -1.0 <= self.polarity <= 1.0):
            raise ValueError(f"polarity must be in [-1, 1], got {self.polarity!r}")
        if not (math.isfinite(self.confidence) and 0.0 <= self.confidence <= 1.0):
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence!r}")


_MTAVRULI = range(0x1C90, 0x1CC0)


def without_georgian_capitals(text: str) -> str:
    """Georgian typed with caps lock ("ᲪᲣᲓᲘ ᲛᲝᲛᲡᲐᲮᲣᲠᲔᲑᲐ") in everyday letters ("ცუდი
    მომსახურება"), the only ones the models learned; ``str.lower`` maps them. Other text
    is left as it is: English capitals carry tone that TextBlob reads."""
    if not any(ord(character) in _MTAVRULI for character in text):
        return text
    return "".join(
        character.lower() if ord(character) in _MTAVRULI else character for character in text
    )


def normalize_language(language: str) -> str:
    """Reduce a language tag to its lower-case primary subtag: ``"en-US"``/``"EN_us"`` -> ``"en"``.

    Clients send BCP 47 tags, POSIX locales or bare codes; analyzers only care about the
    language, so all of them compare on the primary subtag.
    """
    return language.strip().replace("_", "-").split("-", 1)[0].lower()


def check_neutral_band(neutral_band: float) -> float:
    """Return ``neutral_band`` if it is in [0, 1), else raise ``ValueError``.

    A band of 1 or more would make every score neutral, which is never what anyone meant.
    """
    if not 0.0 <= neutral_band < 1.0:
        raise ValueError(f"neutral_band must be in [0, 1), got {neutral_band!r}")
    return neutral_band


def label_for_polarity(polarity: float, neutral_band: float = DEFAULT_NEUTRAL_BAND) -> Label:
    """Label a polarity: within ``±neutral_band`` (inclusive) is neutral, else its sign decides."""
    if abs(polarity) <= neutral_band:
        return Label.NEUTRAL
    return Label.POSITIVE if polarity > 0 else Label.NEGATIVE


class SentimentAnalyzer(ABC):
    """A sentiment analyzer: scores batches of ``(text, language)`` pairs.

    Subclasses declare the languages they read and score only texts they can read
    (:meth:`_analyze_supported`); :meth:`analyze_batch` handles empty text and unsupported
    languages the same way for every backend, so an unsupported language is reported as
    ``unknown`` instead of being scored as if it were English.
    """

    @property
    @abstractmethod
    def name(self) -> str:
        """Backend name stored with each result, e.g. ``"textblob"``."""

    @property
    @abstractmethod
    def languages(self) -> frozenset[str]:
        """Normalised language codes this analyzer reads; :data:`ANY_LANGUAGE` means all."""

    @abstractmethod
    def _analyze_supported(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        """Score non-empty texts in supported, normalised languages; one result per item."""

    def supports(self, language: str) -> bool:
        """Whether this analyzer can read ``language`` (any tag form, e.g. ``"en-GB"``)."""
        languages = self.languages
        return ANY_LANGUAGE in languages or normalize_language(language) in languages

    def warm_up(self) -> None:  # noqa: B027 - an optional hook, not an abstract method
        """Load whatever is loaded lazily, now.

        Call at service start-up so the first request does not pay for loading and a broken
        model fails the deployment instead of a customer's request. The default does nothing.
        """

    def analyze_batch(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        """Score ``(text, language)`` pairs; results come back in the same order.

        Empty or whitespace-only text is neutral with confidence 0; text in a language this
        analyzer does not read is ``unknown`` with polarity and confidence 0 and a reason.
        """
        results: dict[int, SentimentResult] = {}
        todo_positions: list[int] = []
        todo: list[tuple[str, str]] = []
        for position, (text, language) in enumerate(items):
            if not text.strip():
                results[position] = SentimentResult(
                    Label.NEUTRAL, 0.0, 0.0, self.name, reason="empty text"
                )
            elif not self.supports(language):
                results[position] = SentimentResult(
                    Label.UNKNOWN, 0.0, 0.0, self.name, reason=self._unsupported_reason(language)
                )
            else:
                todo_positions.append(position)
                todo.append((without_georgian_capitals(text), normalize_language(language)))
        if todo:
            scored = self._analyze_supported(todo)
            results.update(zip(todo_positions, scored, strict=True))
        return [results[position] for position in range(len(items))]

    def analyze(self, text: str, language: str = "en") -> SentimentResult:
        """Score one text; a convenience over :meth:`analyze_batch`."""
        return self.analyze_batch([(text, language)])[0]

    async def analyze_batch_async(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        """:meth:`analyze_batch` in a worker thread, so model inference never blocks the loop."""
        return await asyncio.to_thread(self.analyze_batch, list(items))

    def _unsupported_reason(self, language: str) -> str:
        """Why ``language`` was not scored; shown to operators in stored results."""
        readable = ", ".join(sorted(self.languages))
        return f"{self.name} reads only {readable}; got language {language!r}"
