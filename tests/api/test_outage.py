"""A database that is down or takes no writes: 503 with Retry-After, never a 500.

Readiness proves a write, key use does not write per request, and an unexpected error
is one logged 500 on a connection that stays open (issue 11, defects 4 and 8).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, event, select

from feedback_api.app import create_app
from feedback_api.db import make_engine, session_factory
from feedback_api.models import ApiKey, Role
from feedback_api.settings import Settings
from sentiment import TextBlobAnalyzer

MakeKey = Callable[..., dict[str, str]]
UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-closedloop-dir/nothing/test.db",
    "postgres": "postgresql+psycopg://postgres@127.0.0.1:1/closedloop?connect_timeout=2",
}


def _read_only_engine(url: str) -> Engine:
    """An engine on the test database whose connections refuse every write."""
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        if url.startswith("sqlite"):
            cursor.execute("PRAGMA query_only=ON")
        else:  # outside a transaction, or the pool's rollback would undo the SET
            dbapi_connection.autocommit = True
            cursor.execute("SET default_transaction_read_only = on")
            dbapi_connection.autocommit = False
        cursor.close()

    return engine


@pytest.fixture
def read_only_client(
    database_url: str, settings: Settings, engine: Engine, analyzer: TextBlobAnalyzer
) -> Iterator[TestClient]:
    read_only = _read_only_engine(database_url)
    with TestClient(
        create_app(settings, engine=read_only, analyzer=analyzer), raise_server_exceptions=False
    ) as client:
        yield client
    read_only.dispose()


def test_readyz_is_503_when_the_database_takes_no_writes(read_only_client: TestClient) -> None:
    response = read_only_client.get("/readyz")
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"]


def test_reads_with_a_key_need_no_write(
    client: TestClient, read_only_client: TestClient, make_key: MakeKey
) -> None:
    agent = make_key(Role.AGENT)
    assert client.get("/v1/detractors", headers=agent).status_code == 200  # marks it used
    assert read_only_client.get("/v1/detractors", headers=agent).status_code == 200


def test_key_use_is_written_at_most_every_few_minutes(
    client: TestClient, make_key: MakeKey, engine: Engine
) -> None:
    agent = make_key(Role.AGENT)
    client.get("/v1/detractors", headers=agent)
    with session_factory(engine)() as s:
        first = s.scalars(select(ApiKey.last_used_at)).one()
    client.get("/v1/detractors", headers=agent)
    with session_factory(engine)() as s:
        assert s.scalars(select(ApiKey.last_used_at)).one() == first
    assert first is not None


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_every_endpoint_is_503_with_retry_after_when_the_database_is_down(
    tmp_path: Path, analyzer: TextBlobAnalyzer, backend: str
) -> None:
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=UNREACHABLE[backend],
        _env_file=None,  # type: ignore[call-arg]
    )
    down = create_engine(UNREACHABLE[backend])
    bearer = {"Authorization": "Bearer cl_whatever"}
    with TestClient(
        create_app(settings, engine=down, analyzer=analyzer), raise_server_exceptions=False
    ) as client:
        answers = [
            client.get("/readyz"),
            client.get("/v1/detractors", headers=bearer),
            client.get("/v1/nps", headers=bearer),
            client.post("/v1/responses", json={"kind": "nps", "score": 9}, headers=bearer),
            client.patch("/v1/cases/1", json={"note": "x"}, headers=bearer),
        ]
    down.dispose()
    for answer in answers:
        assert answer.status_code == 503, (answer.request.url, answer.text)
        assert int(answer.headers["Retry-After"]) > 0


def test_unexpected_error_is_one_logged_500_on_an_open_connection(
    settings: Settings, engine: Engine, analyzer: TextBlobAnalyzer, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings, engine=engine, analyzer=analyzer)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    # raise_server_exceptions=True: an error re-raised past the app (which makes the
    # server log it again and drop the connection) would fail this test.
    with TestClient(app, raise_server_exceptions=True) as client, caplog.at_level(logging.ERROR):
        response = client.get("/boom")
    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert len([r for r in caplog.records if r.levelno >= logging.ERROR]) == 1


@pytest.mark.parametrize(
    ("environment", "api_docs", "served"),
    [
        ("production", None, False),
        ("production", True, True),
        ("development", None, True),
        ("development", False, False),
    ],
)
def test_api_docs_are_a_setting_off_in_production(
    settings: Settings,
    engine: Engine,
    analyzer: TextBlobAnalyzer,
    environment: str,
    api_docs: bool | None,
    served: bool,
) -> None:
    configured = settings.model_copy(
        update={
            "environment": environment,
            "api_docs": api_docs,
            "api_key_pepper": "p" * 40,
            "session_secret": "s" * 40,
        }
    )
    with TestClient(create_app(configured, engine=engine, analyzer=analyzer)) as client:
        for path in ("/docs", "/openapi.json"):
            assert (client.get(path).status_code == 200) is served, path
