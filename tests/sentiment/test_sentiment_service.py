"""The sentiment service and its client: the same results as a local analyzer, over real HTTP.

The service runs under uvicorn on a free port (in a thread of the test process, so the tests
can count its model calls); the client is the :class:`RemoteAnalyzer` the API workers and
action servers use in production mode.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from closedloop.ports import free_port
from sentiment import Label, SentimentAnalyzer, SentimentError, SentimentResult, TextBlobAnalyzer
from sentiment.build.dataset import LANGUAGES, load_heldout_sets
from sentiment.remote import RemoteAnalyzer, SentimentUnavailableError
from sentiment.service import MAX_ITEMS
from tests.helpers import serving_sentiment


class Failing(SentimentAnalyzer):
    """An analyzer whose model breaks on every call (a corrupted file, out of memory)."""

    @property
    def name(self) -> str:
        return "failing"

    @property
    def languages(self) -> frozenset[str]:
        return frozenset({"en"})

    def _analyze_supported(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        raise RuntimeError("the model broke")


@pytest.fixture(scope="module")
def textblob_url() -> Iterator[str]:
    with serving_sentiment(TextBlobAnalyzer()) as url:
        yield url


def test_the_client_gets_what_the_analyzer_says(textblob_url: str) -> None:
    local = TextBlobAnalyzer()
    remote = RemoteAnalyzer(textblob_url)
    items = [
        ("The delivery was great, thank you!", "en"),
        ("ABSOLUTELY UNACCEPTABLE!!! Never again.", "en-GB"),
        ("   ", "en"),
        ("შეკვეთა სამი კვირით დაიგვიანა", "ka"),  # TextBlob reads only English: unknown
        ("It arrived.", "en"),
    ]

    assert remote.analyze_batch(items) == local.analyze_batch(items)
    assert (remote.name, remote.languages) == ("textblob", frozenset({"en"}))
    assert remote.analyze("Terrible support", "en").label is Label.NEGATIVE
    assert remote.analyze_batch([]) == []


def test_bad_requests_are_4xx_that_say_what_is_wrong(textblob_url: str) -> None:
    url = f"{textblob_url}/v1/analyze"
    cases = {
        "not json": {"content": b"{nope"},
        "no items": {"json": {"texts": ["hi"]}},
        "a number": {"json": {"items": [{"text": 5, "language": "en"}]}},
        "no language": {"json": {"items": [{"text": "hi", "language": " "}]}},
        "too many": {"json": {"items": [{"text": "hi", "language": "en"}] * (MAX_ITEMS + 1)}},
        "too long": {"json": {"items": [{"text": "x" * 20_001, "language": "en"}]}},
    }
    for case, request in cases.items():
        response = httpx.post(url, **request)  # type: ignore[arg-type]
        assert response.status_code == 400, case
        assert response.json()["error"] == "bad_request" and response.json()["message"], case
    assert httpx.get(url).status_code == 405


def test_a_service_that_is_away_is_unavailable_never_a_made_up_score() -> None:
    remote = RemoteAnalyzer(f"http://127.0.0.1:{free_port()}", timeout=2)

    remote.warm_up()  # logs a warning: the service may start after its callers
    with pytest.raises(SentimentUnavailableError, match="cannot be reached"):
        remote.analyze("Never again.", "en")


def test_a_broken_model_in_the_service_is_unavailable_to_the_caller() -> None:
    with serving_sentiment(Failing()) as url:
        remote = RemoteAnalyzer(url)
        assert remote.analyze("   ", "en").label is Label.NEUTRAL  # nothing to score
        with pytest.raises(SentimentUnavailableError, match="answered 500"):
            remote.analyze("Never again.", "en")
        metrics = httpx.get(f"{url}/metrics").text
    assert 'closedloop_sentiment_requests_total{outcome="error"} 1.0' in metrics


def test_the_service_counts_requests_and_texts(textblob_url: str) -> None:
    def scraped() -> dict[str, float]:
        lines = httpx.get(f"{textblob_url}/metrics").text.splitlines()
        return {
            name: float(value)
            for name, _, value in (line.rpartition(" ") for line in lines)
            if name and not name.startswith("#")
        }

    before = scraped()
    RemoteAnalyzer(textblob_url).analyze_batch([("Great", "en"), ("Awful", "en")])
    httpx.post(f"{textblob_url}/v1/analyze", json={"items": "no"})
    after = scraped()

    def grew(name: str) -> float:
        return after.get(name, 0.0) - before.get(name, 0.0)

    assert grew('closedloop_sentiment_requests_total{outcome="ok"}') == 1
    assert grew('closedloop_sentiment_requests_total{outcome="bad_request"}') == 1
    assert grew("closedloop_sentiment_texts_total") == 2
    assert grew("closedloop_sentiment_request_duration_seconds_count") == 1


def test_a_service_that_starts_late_is_used_once_it_answers() -> None:
    port = free_port()
    remote = RemoteAnalyzer(f"http://127.0.0.1:{port}")
    with pytest.raises(SentimentUnavailableError):
        remote.analyze("Terrible service.", "en")
    with serving_sentiment(TextBlobAnalyzer(), port):
        assert remote.analyze("Terrible service.", "en").label is Label.NEGATIVE


def test_a_wrong_url_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="http"):
        RemoteAnalyzer("127.0.0.1:5070")
    with pytest.raises(SentimentError):
        RemoteAnalyzer("http://127.0.0.1:1", timeout=1).analyze("x", "en")


@pytest.mark.slow
def test_the_real_model_over_http_scores_as_in_process_and_merges_callers(
    built_model: Path,
) -> None:
    """Production mode's path: many workers' comments, one model, batched together."""
    from sentiment import TransformersAnalyzer

    pytest.importorskip("torch")
    model = TransformersAnalyzer(built_model, languages=LANGUAGES, threads=2)
    heldout = load_heldout_sets()["heldout4"]
    items = [(example.text, example.language) for example in heldout[::9]]
    assert {language for _, language in items} == set(LANGUAGES)
    alone = model.analyze_batch(items)

    with serving_sentiment(model) as url:
        remote = RemoteAnalyzer(url)
        assert remote.languages == frozenset(LANGUAGES)
        before = model.model_calls
        # One comment per request, from as many threads as an API's workers would send.
        with ThreadPoolExecutor(16) as pool:
            over_http = list(pool.map(lambda item: remote.analyze(*item), items))
        used = model.model_calls - before

    assert [result.label for result in over_http] == [result.label for result in alone]
    for remote_result, local_result in zip(over_http, alone, strict=True):
        assert remote_result.confidence == pytest.approx(local_result.confidence, abs=1e-3)
        assert remote_result.backend == local_result.backend
    # Requests that arrive while the model is busy are scored together.
    assert 1 <= used < len(items) / 2, (used, len(items))
