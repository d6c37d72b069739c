"""The configured sentiment analyzer, built once per process from the settings."""

from __future__ import annotations

from functools import lru_cache

from feedback_api.settings import Settings, get_settings
from sentiment import SentimentAnalyzer, build_analyzer
from sentiment.remote import RemoteAnalyzer


def analyzer_from_settings(settings: Settings) -> SentimentAnalyzer:
    """The analyzer the settings ask for: the sentiment service's if a URL is set, else
    :func:`local_analyzer`."""
    if settings.sentiment_url:
        return RemoteAnalyzer(settings.sentiment_url, timeout=settings.sentiment_timeout_s)
    return local_analyzer(settings)


def local_analyzer(settings: Settings) -> SentimentAnalyzer:
    """Build the analyzer in this process (models load lazily, on first use)."""
    return build_analyzer(
        settings.sentiment_backend,
        model_path=settings.sentiment_model_path,
        model_languages=tuple(settings.sentiment_model_languages),
        neutral_band=settings.sentiment_neutral_band,
        threads=settings.sentiment_threads,
        runtime=settings.sentiment_runtime,
    )


@lru_cache
def get_analyzer() -> SentimentAnalyzer:
    """The process-wide analyzer for the environment's settings."""
    return analyzer_from_settings(get_settings())
