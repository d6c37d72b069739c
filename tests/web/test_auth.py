"""Signing in and out: password check, session cookie, CSRF, rate limit, disabled users."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine

from feedback_api.app import create_app
from feedback_api.db import session_factory
from feedback_api.models import Role
from feedback_api.settings import Settings
from feedback_api.storage import users
from feedback_api.storage.sign_ins import MAX_PER_USER_AT_ADDRESS
from feedback_api.web import sessions
from tests.web.conftest import PASSWORD, MakeUser, csrf_token, sign_in

GENERIC = "Wrong username or password, or the account is disabled."


def _cookie_header(response: object) -> str:
    header = response.headers.get("set-cookie", "")  # type: ignore[attr-defined]
    assert header.startswith(f"{sessions.COOKIE_NAME}="), header
    return header


def test_agent_signs_in_and_lands_on_the_queue(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.AGENT, "nino")
    form = client.get("/console/login")
    before = csrf_token(form)

    response = sign_in(client, "NINO")  # usernames are case-insensitive

    assert response.status_code == 303
    assert response.headers["location"] == "/console/queue"
    queue = client.get("/console/queue")
    assert queue.status_code == 200
    assert "Detractor queue" in queue.text
    assert csrf_token(queue) != before  # a new session on sign-in (no fixation)


def test_marketer_lands_on_the_dashboard(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.MARKETER, "mari")
    assert sign_in(client, "mari").headers["location"] == "/dashboard"


def test_session_cookie_is_httponly_samesite_and_not_readable(
    client: TestClient, make_user: MakeUser
) -> None:
    make_user(Role.AGENT, "nino")
    header = _cookie_header(sign_in(client, "nino")).lower()

    assert "httponly" in header
    assert "samesite=lax" in header
    assert "path=/" in header
    assert "max-age=43200" in header  # session_max_age_hours = 12
    assert "secure" not in header  # plain http in tests; production sets it (next test)
    assert PASSWORD.lower() not in header


def test_session_cookie_is_secure_in_production(
    settings: Settings, engine: Engine, make_user: MakeUser
) -> None:
    production = settings.model_copy(
        update={
            "environment": "production",
            "session_secret": SecretStr("a-long-random-production-secret-for-the-test"),
        }
    )
    make_user(Role.AGENT, "nino")
    with TestClient(create_app(production, engine=engine), base_url="https://testserver") as c:
        header = _cookie_header(sign_in(c, "nino")).lower()
    assert "secure" in header


@pytest.mark.parametrize(
    ("username", "password"),
    [("nino", "wrong password!"), ("nobody", PASSWORD), ("", "")],
)
def test_failed_sign_in_says_the_same_thing_whatever_was_wrong(
    client: TestClient, make_user: MakeUser, username: str, password: str
) -> None:
    make_user(Role.AGENT, "nino")
    response = sign_in(client, username, password)
    assert response.status_code == 401
    assert GENERIC in response.text
    assert client.get("/console/queue", follow_redirects=False).status_code == 303


def test_disabled_user_cannot_sign_in_and_their_session_ends(
    client: TestClient, make_user: MakeUser, engine: Engine
) -> None:
    make_user(Role.AGENT, "nino")
    assert sign_in(client, "nino").status_code == 303
    assert client.get("/console/queue").status_code == 200

    with session_factory(engine)() as s:
        users.disable_user(s, "nino")
        s.commit()

    assert client.get("/console/queue", follow_redirects=False).status_code == 303
    assert sign_in(client, "nino").status_code == 401


def test_sign_in_without_or_with_a_wrong_csrf_token_is_refused(
    client: TestClient, make_user: MakeUser
) -> None:
    make_user(Role.AGENT, "nino")
    client.get("/console/login")
    for data in (
        {"username": "nino", "password": PASSWORD},
        {"username": "nino", "password": PASSWORD, "csrf_token": "forged"},
    ):
        response = client.post("/console/login", data=data, follow_redirects=False)
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("text/html")
        assert "Form expired" in response.text


def test_sign_out_needs_the_token_and_ends_the_session(
    agent_client: TestClient,
) -> None:
    queue = agent_client.get("/console/queue")
    assert agent_client.post("/console/logout", follow_redirects=False).status_code == 403
    assert agent_client.get("/console/queue").status_code == 200  # still signed in

    out = agent_client.post(
        "/console/logout", data={"csrf_token": csrf_token(queue)}, follow_redirects=False
    )
    assert out.status_code == 303
    assert "signed_out" in out.headers["location"]
    assert 'closedloop_session=""' in out.headers["set-cookie"]
    agent_client.cookies.clear()
    assert agent_client.get("/console/queue", follow_redirects=False).status_code == 303
    assert "You have signed out" in agent_client.get(out.headers["location"]).text


def test_tampered_or_expired_cookie_counts_as_signed_out(
    agent_client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cookie = agent_client.cookies[sessions.COOKIE_NAME]
    uid = sessions._serializer(settings).loads(cookie)["uid"]
    agent_client.cookies.clear()
    agent_client.cookies.set(sessions.COOKIE_NAME, cookie)
    assert agent_client.get("/console/queue", follow_redirects=False).status_code == 200
    # One signature character changed, never to itself, and not the last one, whose low
    # bits carry nothing in base64 ("...xx" once left a signature as it was, about 1 in 1,000).
    changed = "A" if cookie[-3] != "A" else "B"
    agent_client.cookies.clear()
    agent_client.cookies.set(sessions.COOKIE_NAME, cookie[:-3] + changed + cookie[-2:])
    assert agent_client.get("/console/queue", follow_redirects=False).status_code == 303

    with monkeypatch.context() as m:  # a cookie signed 13 hours ago, for a 12-hour session
        m.setattr(time, "time", lambda: 1_700_000_000.0)
        old = sessions._serializer(settings).dumps({"uid": uid, "csrf": "x"})
    agent_client.cookies.clear()
    agent_client.cookies.set(sessions.COOKIE_NAME, old)
    assert agent_client.get("/console/queue", follow_redirects=False).status_code == 303


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(
    client: TestClient, make_user: MakeUser
) -> None:
    make_user(Role.AGENT, "nino")
    asked = client.get("/console/queue?sort=priority", follow_redirects=False)
    assert asked.headers["location"] == "/console/login?next=/console/queue%3Fsort%3Dpriority"
    form = client.get(asked.headers["location"])
    assert 'name="next" value="/console/queue?sort=priority"' in form.text

    for target, expected in (
        ("/console/queue?sort=priority", "/console/queue?sort=priority"),
        ("//evil.example/", "/console/queue"),
        ("https://evil.example/", "/console/queue"),
        ("/\\evil.example", "/console/queue"),
    ):
        client.cookies.clear()
        page = client.get("/console/login")
        response = client.post(
            "/console/login",
            data={
                "csrf_token": csrf_token(page),
                "username": "nino",
                "password": PASSWORD,
                "next": target,
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == expected


def test_repeated_failures_are_slowed_down(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.AGENT, "nino")
    for _ in range(MAX_PER_USER_AT_ADDRESS):
        assert sign_in(client, "nino", "not the password").status_code == 401

    blocked = sign_in(client, "nino")  # even the right password, for now

    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "Too many failed sign-ins" in blocked.text
    make_user(Role.AGENT, "other")
    assert sign_in(client, "other").status_code == 303  # other users are not locked out


def test_signed_in_user_visiting_the_login_page_goes_home(agent_client: TestClient) -> None:
    response = agent_client.get("/console/login", follow_redirects=False)
    assert response.headers["location"] == "/console/queue"
    assert agent_client.get("/console", follow_redirects=False).headers["location"] == (
        "/console/queue"
    )
