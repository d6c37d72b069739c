"""English sentiment from TextBlob's pattern lexicon: no model files, no corpora, no network."""

from __future__ import annotations

from collections.abc import Sequence

from textblob.en.sentiments import PatternAnalyzer

from sentiment.base import (
    DEFAULT_NEUTRAL_BAND,
    Label,
    SentimentAnalyzer,
    SentimentResult,
    check_neutral_band,
    label_for_polarity,
)


class TextBlobAnalyzer(SentimentAnalyzer):
    """Lexicon-based English sentiment (TextBlob's ``PatternAnalyzer``).

    Uses ``PatternAnalyzer`` directly rather than ``TextBlob(text).sentiment``: it tokenises
    with a regular expression and reads the lexicon shipped inside the package, so it needs
    no NLTK corpora (punkt etc.) and works offline.

    The lexicon is English, so other languages are reported as unknown: scoring Georgian as
    English would return a confident-looking "neutral" that means nothing.

    Polarity is the lexicon's, in [-1, 1]. Label: within ``±neutral_band`` is neutral, else
    the sign decides. Confidence, in [0, 1]:

    * positive/negative: ``|polarity|``. The lexicon averages the opinion words it found, so
      a strong average ("the worst", "excellent") is strong evidence and a weak one
      ("fine, I guess") is weak; a polarity just outside the band gives a confidence near 0.
    * neutral: ``(1 - subjectivity) * (1 - |polarity| / neutral_band)``. Text with no opinion
      words (subjectivity 0, polarity 0) is neutral with full confidence; opinionated words
      that cancel out ("great food, terrible service") have high subjectivity, so their
      "neutral" is really "mixed" and gets low confidence; so does a polarity near the edge of
      the band.

    A lexicon misses sarcasm, negated idioms and domain words; use the transformers backend
    with a fine-tuned model where that matters.
    """

    def __init__(self, *, neutral_band: float = DEFAULT_NEUTRAL_BAND) -> None:
        self._neutral_band = check_neutral_band(neutral_band)
        self._analyzer = PatternAnalyzer()

    @property
    def name(self) -> str:
        return "textblob"

    @property
    def languages(self) -> frozenset[str]:
        return frozenset({"en"})

    def warm_up(self) -> None:
        """Load the lexicon (an XML file parsed on first use) ahead of the first request."""
        self._analyzer.analyze("good")

    def _analyze_supported(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        return [self._score(text) for text, _language in items]

    def _score(self, text: str) -> SentimentResult:
        polarity, subjectivity = self._analyzer.analyze(text)
        polarity = max(-1.0, min(1.0, float(polarity)))
        subjectivity = max(0.0, min(1.0, float(subjectivity)))
        label = label_for_polarity(polarity, self._neutral_band)
        if label is Label.NEUTRAL:
            edge = abs(polarity) / self._neutral_band if self._neutral_band else 0.0
            confidence = (1.0 - subjectivity) * (1.0 - edge)
        else:
            confidence = abs(polarity)
        return SentimentResult(label, polarity, confidence, self.name)
