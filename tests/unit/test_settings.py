"""Settings come from CLOSEDLOOP_* variables, with safe defaults and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from feedback_api.db import period_start
from feedback_api.settings import Settings


def test_defaults_give_a_sqlite_file_in_the_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLOSEDLOOP_DATA_DIR", str(tmp_path))
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path.resolve() / 'closedloop.db'}"
    assert settings.survey_throttle_days == 30
    assert settings.outbox_path == tmp_path / "outbox"


def test_lists_read_from_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOSEDLOOP_CORS_ORIGINS", "https://shop.example, https://www.shop.example")
    monkeypatch.setenv("CLOSEDLOOP_SENTIMENT_MODEL_LANGUAGES", "en,ka")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.cors_origins == ["https://shop.example", "https://www.shop.example"]
    assert settings.sentiment_model_languages == ["en", "ka"]


def test_production_refuses_development_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOSEDLOOP_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="API_KEY_PEPPER"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("CLOSEDLOOP_API_KEY_PEPPER", "a-long-random-production-secret")
    with pytest.raises(ValidationError, match="SESSION_SECRET"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("CLOSEDLOOP_SESSION_SECRET", "another-long-random-production-secret")
    assert Settings(_env_file=None).environment == "production"  # type: ignore[call-arg]


def test_transformers_backend_needs_a_model_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOSEDLOOP_SENTIMENT_BACKEND", "transformers")
    monkeypatch.setenv("CLOSEDLOOP_SENTIMENT_MODEL_PATH", "")  # the default names the built one
    with pytest.raises(ValidationError, match="SENTIMENT_MODEL_PATH"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_out_of_range_throttle_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOSEDLOOP_SURVEY_THROTTLE_DAYS", "400")
    with pytest.raises(ValidationError, match="survey_throttle_days"):
        Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("stamp", "unit", "tz", "expected"),
    [
        ("2026-03-04 23:30:00", "day", "UTC", "2026-03-04"),
        ("2026-03-04 23:30:00", "day", "Asia/Tbilisi", "2026-03-05"),
        ("2026-03-04 10:00:00", "week", "UTC", "2026-03-02"),
        ("2026-03-31 22:30:00", "month", "Asia/Yerevan", "2026-04-01"),
        ("2026-03-01 02:00:00", "month", "America/New_York", "2026-02-01"),
    ],
)
def test_sqlite_period_function(stamp: str, unit: str, tz: str, expected: str) -> None:
    assert period_start(stamp, unit, tz) == expected


@pytest.mark.parametrize(
    "name", ["CLOSEDLOOP_FOLLOW_UP_MAX_NPS_SCORE", "CLOSEDLOOP_DETRACTOR_MAX_SCORE"]
)
def test_follow_up_threshold_reads_its_name_and_the_older_one(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    assert Settings(_env_file=None).follow_up_max_nps_score == 6  # type: ignore[call-arg]
    monkeypatch.setenv(name, "8")
    assert Settings(_env_file=None).follow_up_max_nps_score == 8  # type: ignore[call-arg]
    monkeypatch.setenv(name, "11")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("url", "printed"),
    [
        ("postgresql+psycopg://app:s3cret@db:5432/cl", "postgresql+psycopg://app:***@db:5432/cl"),
        ("postgresql+psycopg://app@db/cl", "postgresql+psycopg://app@db/cl"),
        ("sqlite:////srv/closedloop.db", "sqlite:////srv/closedloop.db"),
    ],
)
def test_the_printed_database_url_hides_the_password(url: str, printed: str) -> None:
    settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
    assert settings.printable_database_url == printed
