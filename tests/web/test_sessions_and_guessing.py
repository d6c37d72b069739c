"""Sign-out ends the session everywhere; guessing is counted where every worker sees it.

(issue 11, defects 9 and 10)
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from feedback_api.app import create_app
from feedback_api.db import session_factory
from feedback_api.models import Role
from feedback_api.settings import Settings
from feedback_api.storage import users
from feedback_api.storage.sign_ins import MAX_PER_ADDRESS, MAX_PER_USER_AT_ADDRESS
from sentiment import TextBlobAnalyzer
from tests.web.conftest import PASSWORD, MakeUser, csrf_token, sign_in


def test_a_copy_of_the_cookie_stops_working_at_sign_out(agent_client: TestClient) -> None:
    copied = dict(agent_client.cookies)
    queue = agent_client.get("/console/queue")
    agent_client.post("/console/logout", data={"csrf_token": csrf_token(queue)})
    agent_client.cookies.clear()
    agent_client.cookies.update(copied)
    assert agent_client.get("/console/queue", follow_redirects=False).status_code == 303


def test_disabling_a_user_ends_a_copied_session(agent_client: TestClient, engine: Engine) -> None:
    assert agent_client.get("/console/queue").status_code == 200
    with session_factory(engine)() as s:
        users.disable_user(s, "nino")
        s.commit()
    assert agent_client.get("/console/queue", follow_redirects=False).status_code == 303


@pytest.fixture
def two_workers(
    settings: Settings, engine: Engine, analyzer: TextBlobAnalyzer
) -> tuple[TestClient, TestClient]:
    """Two app instances on one database, as two API worker processes are."""
    return (
        TestClient(create_app(settings, engine=engine, analyzer=analyzer)),
        TestClient(create_app(settings, engine=engine, analyzer=analyzer)),
    )


def test_failures_are_counted_across_workers(
    two_workers: tuple[TestClient, TestClient], make_user: MakeUser
) -> None:
    make_user(Role.AGENT, "nino")
    for attempt in range(MAX_PER_USER_AT_ADDRESS):
        worker = two_workers[attempt % 2]
        assert sign_in(worker, "nino", "guess").status_code == 401
    for worker in two_workers:
        assert sign_in(worker, "nino", "guess").status_code == 429


def test_a_forged_forwarded_header_does_not_reset_the_count(
    client: TestClient, make_user: MakeUser
) -> None:
    for attempt in range(MAX_PER_ADDRESS):
        form = client.get("/console/login")
        client.post(
            "/console/login",
            data={"csrf_token": csrf_token(form), "username": f"x{attempt}", "password": "p"},
            headers={"X-Forwarded-For": f"10.0.0.{attempt}"},
        )
    form = client.get("/console/login")
    blocked = client.post(
        "/console/login",
        data={"csrf_token": csrf_token(form), "username": "y", "password": "p"},
        headers={"X-Forwarded-For": "10.9.9.9"},
    )
    assert blocked.status_code == 429


def test_forwarded_header_is_believed_from_a_trusted_proxy(
    settings: Settings, engine: Engine, analyzer: TextBlobAnalyzer, make_user: MakeUser
) -> None:
    make_user(Role.AGENT, "nino")
    behind_proxy = settings.model_copy(update={"trusted_proxies": ["testclient"]})
    client = TestClient(create_app(behind_proxy, engine=engine, analyzer=analyzer))
    stranger = {"X-Forwarded-For": "203.0.113.7"}
    for _ in range(MAX_PER_USER_AT_ADDRESS + 1):
        form = client.get("/console/login")
        client.post(
            "/console/login",
            data={"csrf_token": csrf_token(form), "username": "nino", "password": "guess"},
            headers=stranger,
        )
    # the stranger is held back; the real user, from their own address, is not
    client.cookies.clear()
    form = client.get("/console/login", headers={"X-Forwarded-For": "198.51.100.1"})
    real = client.post(
        "/console/login",
        data={"csrf_token": csrf_token(form), "username": "nino", "password": PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.1"},
        follow_redirects=False,
    )
    assert real.status_code == 303
