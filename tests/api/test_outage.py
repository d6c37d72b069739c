"""A database that is down or takes no writes: 503 with Retry-After, never a 500.

Readiness proves a write, key use does not write per request, and an unexpected error
is one logged 500 on a connection that stays open (issue 11, defects 4 and 8).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, event, select, text

from closedloop.ports import free_port
from feedback_api.app import create_app
from feedback_api.db import make_engine, session_factory
from feedback_api.migrate import upgrade
from feedback_api.models import ApiKey, FollowUpCase, Role, SurveyResponse
from feedback_api.settings import Settings
from feedback_api.storage.keys import create_key
from sentiment import TextBlobAnalyzer
from sentiment.remote import RemoteAnalyzer
from tests.conftest import POSTGRES_ADMIN_URL, _postgres_database

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


def _sign_in_status(client: TestClient) -> int:
    """A console sign-in through the real form (it writes: the sign-in, the session)."""
    form = client.get("/console/login")
    match = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert match, form.text[:500]
    answer = client.post(
        "/console/login",
        data={"csrf_token": match.group(1), "username": "nino", "password": "not-it"},
        follow_redirects=False,
    )
    return answer.status_code


def test_write_endpoints_are_503_when_the_database_takes_no_writes(
    client: TestClient, read_only_client: TestClient, make_key: MakeKey, engine: Engine
) -> None:
    """Each connection refuses writes (SQLite query_only, PostgreSQL read-only transactions)."""
    service, agent = make_key(Role.SERVICE), make_key(Role.AGENT)
    detractor = client.post(
        "/v1/responses", json={"kind": "nps", "score": 1, "customer_id": "c-ro"}, headers=service
    )
    assert detractor.status_code == 201, detractor.text
    with session_factory(engine)() as s:
        case_id = s.scalars(select(FollowUpCase.id)).one()
    answers = [
        read_only_client.post(
            "/v1/responses",
            json={"kind": "nps", "score": 3, "customer_id": "c-ro"},
            headers={**service, "Idempotency-Key": "read-only-1"},
        ),
        read_only_client.patch(f"/v1/cases/{case_id}", json={"note": "call"}, headers=agent),
    ]
    for answer in answers:
        assert answer.status_code == 503, (answer.request.url, answer.text)
        assert int(answer.headers["Retry-After"]) > 0
        assert answer.json()["error"] == "database_unavailable"
    assert _sign_in_status(read_only_client) == 503


@pytest.fixture
def read_only_database() -> Iterator[tuple[str, dict[str, str], dict[str, str]]]:
    """A PostgreSQL database of its own, migrated, with keys and a case, then made read-only.

    ``ALTER DATABASE ... SET default_transaction_read_only``: the server itself refuses every
    write from then on (as a hot standby or a full-disk emergency setting would).
    """
    generator = _postgres_database()
    url = next(generator)
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as session:
        keys = [
            create_key(session, name=role.value, role=role, pepper="test-pepper")
            for role in (Role.SERVICE, Role.AGENT)
        ]
        session.add(FollowUpCase(reasons=["handoff"]))
        session.commit()
    engine.dispose()
    name = url.rsplit("/", 1)[1]
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
    admin.dispose()
    service, agent = ({"Authorization": f"Bearer {key.secret}"} for key in keys)
    try:
        yield url, service, agent
    finally:
        generator.close()


@pytest.mark.postgres
def test_a_read_only_postgres_database_is_503_never_500(
    read_only_database: tuple[str, dict[str, str], dict[str, str]],
    tmp_path: Path,
    analyzer: TextBlobAnalyzer,
) -> None:
    url, service, agent = read_only_database
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=url,
        api_key_pepper="test-pepper",  # type: ignore[arg-type]
        _env_file=None,  # type: ignore[call-arg]
    )
    engine = make_engine(url)
    with TestClient(
        create_app(settings, engine=engine, analyzer=analyzer), raise_server_exceptions=False
    ) as client:
        ready = client.get("/readyz")
        reads = client.get("/v1/detractors", headers=agent)
        writes = [
            client.post(
                "/v1/responses",
                json={"kind": "nps", "score": 2, "customer_id": "c-standby"},
                headers={**service, "Idempotency-Key": "standby-1"},
            ),
            client.patch("/v1/cases/1", json={"note": "x"}, headers=agent),
        ]
        sign_in = _sign_in_status(client)
    engine.dispose()
    assert ready.status_code == 503, ready.text
    assert reads.status_code == 200, reads.text  # reading needs no write
    for answer in writes:
        assert answer.status_code == 503, (answer.request.url, answer.text)
        assert int(answer.headers["Retry-After"]) > 0
    assert sign_in == 503


def test_a_sentiment_service_that_is_away_is_503_and_stores_nothing(
    settings: Settings, engine: Engine, make_key: MakeKey
) -> None:
    """Production mode's workers score with the sentiment service; while it is away an
    answer with a comment is refused whole (the client retries), one without is stored."""
    away = RemoteAnalyzer(f"http://127.0.0.1:{free_port()}", timeout=2)
    headers = make_key(Role.SERVICE)
    with TestClient(
        create_app(settings, engine=engine, analyzer=away), raise_server_exceptions=False
    ) as client:
        refused = client.post(
            "/v1/responses",
            json={"kind": "nps", "score": 2, "comment": "Three weeks late", "language": "en"},
            headers=headers,
        )
        stored = client.post("/v1/responses", json={"kind": "nps", "score": 9}, headers=headers)

    assert refused.status_code == 503, refused.text
    assert refused.json()["error"] == "sentiment_unavailable"
    assert "nothing was stored" in refused.json()["message"]
    assert int(refused.headers["Retry-After"]) > 0
    assert stored.status_code == 201, stored.text
    with session_factory(engine)() as session:
        assert session.scalars(select(SurveyResponse.score)).all() == [9]
        assert session.scalars(select(FollowUpCase.id)).all() == []
