"""Liveness and readiness probes answer without a key."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from feedback_api.app import create_app
from feedback_api.settings import Settings
from sentiment import TextBlobAnalyzer


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz(client: TestClient) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok"}


def test_unknown_path_is_json_404(client: TestClient) -> None:
    response = client.get("/v1/nothing-here")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


class CountingAnalyzer(TextBlobAnalyzer):
    """The real TextBlob analyzer, noting when the app warms it up."""

    def __init__(self) -> None:
        super().__init__()
        self.warmed = 0

    def warm_up(self) -> None:
        self.warmed += 1
        super().warm_up()


def test_the_analyzer_is_warmed_up_when_the_app_starts(settings: Settings, engine: Engine) -> None:
    analyzer = CountingAnalyzer()
    app = create_app(settings, engine=engine, analyzer=analyzer)
    assert analyzer.warmed == 0  # building the app loads nothing
    with TestClient(app):
        assert analyzer.warmed == 1
