"""Sentiment analysis for customer feedback: pluggable backends behind one interface.

Standalone: nothing here reads settings or imports the service; callers pass configuration
to :func:`build_analyzer` or construct analyzers directly. See docs/sentiment.md.
"""

from sentiment.base import (
    ANY_LANGUAGE,
    DEFAULT_NEUTRAL_BAND,
    Label,
    SentimentAnalyzer,
    SentimentError,
    SentimentModelError,
    SentimentResult,
    label_for_polarity,
    normalize_language,
)
from sentiment.chain import ChainAnalyzer
from sentiment.factory import BACKENDS, build_analyzer
from sentiment.language import detect_language
from sentiment.textblob_backend import TextBlobAnalyzer
from sentiment.transformers_backend import LabelMapping, Score, TransformersAnalyzer

__all__ = [
    "ANY_LANGUAGE",
    "BACKENDS",
    "DEFAULT_NEUTRAL_BAND",
    "ChainAnalyzer",
    "Label",
    "LabelMapping",
    "Score",
    "SentimentAnalyzer",
    "SentimentError",
    "SentimentModelError",
    "SentimentResult",
    "TextBlobAnalyzer",
    "TransformersAnalyzer",
    "build_analyzer",
    "detect_language",
    "label_for_polarity",
    "normalize_language",
]
