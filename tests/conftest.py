"""Shared fixtures: a real database (SQLite and PostgreSQL), the app, and API keys.

Every test that asks for ``engine`` runs once on SQLite and once on the PostgreSQL server
on this machine (skipped, with the reason, where none is reachable). Each backend gets a
fresh database migrated with Alembic; tables are emptied after every test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from feedback_api.app import create_app
from feedback_api.db import make_engine, session_factory
from feedback_api.migrate import upgrade
from feedback_api.models import Base, Role
from feedback_api.settings import Settings
from feedback_api.storage.keys import create_key
from sentiment import TextBlobAnalyzer

POSTGRES_ADMIN_URL = os.environ.get(
    "CLOSEDLOOP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _postgres_database() -> Iterator[str]:
    """Create a throw-away PostgreSQL database; yields its URL; drops it afterwards."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not reachable"
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    name = f"closedloop_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        upgrade(url)
        yield url
        return
    generator = _postgres_database()
    url = next(generator)
    upgrade(url)
    yield url
    generator.close()


@pytest.fixture(scope="session")
def _engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(_engine: Engine) -> Iterator[Engine]:
    """The test database's engine; every table is emptied after the test."""
    yield _engine
    with _engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    s = session_factory(engine)()
    yield s
    s.close()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=database_url,
        api_key_pepper="test-pepper",  # type: ignore[arg-type]
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture(scope="session")
def analyzer() -> TextBlobAnalyzer:
    return TextBlobAnalyzer()


@pytest.fixture
def client(settings: Settings, engine: Engine, analyzer: TextBlobAnalyzer) -> Iterator[TestClient]:
    """The real app over HTTP (ASGI in-process), on the test database."""
    app = create_app(settings, engine=engine, analyzer=analyzer)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def make_key(engine: Engine, settings: Settings) -> Callable[[Role], dict[str, str]]:
    """Create an API key with a role; returns the Authorization header for it."""

    def make(role: Role, name: str | None = None) -> dict[str, str]:
        with session_factory(engine)() as s:
            key = create_key(
                s,
                name=name or f"test-{role.value}",
                role=role,
                pepper=settings.api_key_pepper.get_secret_value(),
            )
            s.commit()
        return {"Authorization": f"Bearer {key.secret}"}

    return make
