"""An analyzer that asks the sentiment service (:mod:`sentiment.service`) over HTTP.

Why: the transformers model costs about a gigabyte per process that loads it, and a
production machine runs several API workers and action servers. With one service holding the
model, each of them holds only this client (tens of kilobytes), and every caller's comments
meet in one process where concurrent requests are merged into one batched model call
(:mod:`sentiment.coalesce`): cheaper per comment than each process scoring its own.

The client keeps the analyzer interface: callers cannot tell it from a local model, except
that the service can be away. Then it raises :class:`SentimentUnavailableError`, never a
made-up score: the API answers 503 (the client retries, nothing is stored half-scored) and the
action server's outbox keeps the answer until it can be scored and stored.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from sentiment.base import SentimentAnalyzer, SentimentError, SentimentResult

_LOG = logging.getLogger(__name__)

RETRY_DELAY_S = 0.2
"""Pause before the one retry of a request whose connection failed (a service restarting)."""


class SentimentUnavailableError(SentimentError):
    """The sentiment service could not be reached, timed out or failed: try again later."""


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    """What the service scores with: its analyzer's name and the languages it reads."""

    name: str
    languages: frozenset[str]


class RemoteAnalyzer(SentimentAnalyzer):
    """Scores texts with the analyzer of the sentiment service at ``url``.

    Empty text and unsupported languages are settled here by the base class (with the
    service's language list, fetched once), so only texts the service will score travel.
    Thread-safe: one connection pool is shared by every thread of the process.
    """

    def __init__(
        self, url: str, *, timeout: float = 10.0, client: httpx.Client | None = None
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"the sentiment service URL must be http(s)://..., got {url!r}")
        self._url = url.rstrip("/")
        self._client = client or httpx.Client(timeout=timeout)
        self._info: ServiceInfo | None = None
        self._info_lock = threading.Lock()

    @property
    def url(self) -> str:
        """The service's base URL."""
        return self._url

    @property
    def name(self) -> str:
        return self.info().name

    @property
    def languages(self) -> frozenset[str]:
        return self.info().languages

    def info(self) -> ServiceInfo:
        """The service's analyzer, asked once per process (raises while it is away)."""
        with self._info_lock:
            if self._info is None:
                body = self._request("GET", "/v1/info")
                try:
                    self._info = ServiceInfo(
                        name=str(body["name"]),
                        languages=frozenset(str(code) for code in body["languages"]),
                    )
                except (KeyError, TypeError) as exc:
                    raise SentimentError(f"the sentiment service sent no info: {body!r}") from exc
            return self._info

    def warm_up(self) -> None:
        """Ask the service what it reads now, so a wrong URL shows at start-up.

        Unlike a local model, a service that is away is not fatal: it may start after us,
        and until it answers, comments fail with :class:`SentimentUnavailableError`.
        """
        try:
            info = self.info()
        except SentimentUnavailableError as exc:
            _LOG.warning("sentiment: %s; comments are refused until it answers", exc)
        else:
            _LOG.info("sentiment: scoring with %s at %s", info.name, self._url)

    def _analyze_supported(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        body = self._request(
            "POST",
            "/v1/analyze",
            json={"items": [{"text": text, "language": language} for text, language in items]},
        )
        try:
            results = [SentimentResult(**result) for result in body["results"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise SentimentError(f"the sentiment service sent a malformed answer: {exc}") from exc
        if len(results) != len(items):
            raise SentimentError(
                f"the sentiment service sent {len(results)} results for {len(items)} texts"
            )
        return results

    def _request(self, method: str, path: str, json: object = None) -> dict[str, Any]:
        """One call to the service, retried once if the connection failed before an answer."""
        for attempt in range(2):
            try:
                response = self._client.request(method, self._url + path, json=json)
                break
            except (httpx.ConnectError, httpx.RemoteProtocolError) as exc:
                if attempt == 0:
                    time.sleep(RETRY_DELAY_S)
                    continue
                raise SentimentUnavailableError(
                    f"the sentiment service at {self._url} cannot be reached: {exc}"
                ) from exc
            except httpx.TimeoutException as exc:
                raise SentimentUnavailableError(
                    f"the sentiment service at {self._url} did not answer in time"
                ) from exc
            except httpx.HTTPError as exc:
                raise SentimentUnavailableError(
                    f"the sentiment service at {self._url} failed: {exc}"
                ) from exc
        if response.status_code >= 500:
            raise SentimentUnavailableError(
                f"the sentiment service at {self._url} answered {response.status_code}"
            )
        if response.status_code != 200:
            # Our own request was refused: a bug or a limit, not an outage.
            raise SentimentError(
                f"the sentiment service refused {method} {path}: "
                f"{response.status_code} {response.text[:200]}"
            )
        body = response.json()
        if not isinstance(body, dict):
            raise SentimentError(f"the sentiment service sent {body!r}")
        return body
