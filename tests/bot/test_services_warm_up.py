"""The action server loads the sentiment model as it starts, not at the first comment."""

from __future__ import annotations

import importlib.machinery
import logging
import sys
import types
from pathlib import Path

import pytest

from bot.actions.services import (
    Services,
    started_as_action_server,
    use_services,
    warm_up_in_background,
)
from feedback_api.settings import Settings
from sentiment.textblob_backend import TextBlobAnalyzer


def test_only_the_action_server_process_counts_as_started(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not started_as_action_server()  # pytest: importing bot.actions loads no model
    server_main = types.ModuleType("__main__")
    server_main.__spec__ = importlib.machinery.ModuleSpec("rasa_sdk.__main__", None)
    monkeypatch.setitem(sys.modules, "__main__", server_main)
    assert started_as_action_server()


def test_warm_up_builds_the_analyzer_of_the_active_services(settings: Settings) -> None:
    services = Services(settings.model_copy(update={"sentiment_backend": "textblob"}))
    with use_services(services):
        warm_up_in_background().join(timeout=60)
    assert isinstance(services.__dict__.get("analyzer"), TextBlobAnalyzer)


def test_a_model_that_cannot_load_is_logged(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "model_card.json").write_text("{}")  # no weights, no checksums
    update = {"sentiment_backend": "transformers", "sentiment_model_path": str(broken)}
    with use_services(Services(settings.model_copy(update=update))), caplog.at_level(logging.INFO):
        warm_up_in_background().join(timeout=60)
    assert "the sentiment analyzer failed to load" in caplog.text
