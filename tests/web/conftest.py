"""Fixtures for the pages: users, signing in through the real form, and test data."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from closedloop.ports import free_port
from feedback_api.db import session_factory
from feedback_api.models import Role
from feedback_api.settings import Settings
from feedback_api.storage import users
from sentiment import TextBlobAnalyzer
from tests.storage.factories import Data

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

MakeUser = Callable[..., str]


def csrf_token(page: Response | str) -> str:
    """The CSRF token in a page's forms."""
    text = page if isinstance(page, str) else page.text
    match = _CSRF.search(text)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> Response:
    """Sign in through the form, as a browser does; returns the POST's response (a redirect)."""
    form = client.get("/console/login")
    return client.post(
        "/console/login",
        data={"csrf_token": csrf_token(form), "username": username, "password": password},
        follow_redirects=False,
    )


@pytest.fixture
def make_user(engine: Engine) -> MakeUser:
    """Create a user with a role (password :data:`PASSWORD`); returns the username."""

    def make(role: Role, username: str | None = None, **fields: str) -> str:
        name = username or f"{role.value}-user"
        with session_factory(engine)() as s:
            users.create_user(s, username=name, password=PASSWORD, role=role, **fields)
            s.commit()
        return name

    return make


@pytest.fixture
def agent_client(client: TestClient, make_user: MakeUser) -> TestClient:
    """The test client, signed in as an agent called 'nino'."""
    make_user(Role.AGENT, "nino", display_name="Nino Beridze")
    assert sign_in(client, "nino").status_code == 303
    return client


@pytest.fixture
def marketer_client(client: TestClient, make_user: MakeUser) -> TestClient:
    make_user(Role.MARKETER, "mari")
    assert sign_in(client, "mari").status_code == 303
    return client


@pytest.fixture
def data(session: Session, analyzer: TextBlobAnalyzer, settings: Settings) -> Data:
    return Data(session, analyzer=analyzer, settings=settings)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared test settings, with Rasa at a port where nothing listens.

    A developer may have ``make run`` going on this machine; the pages must not read its
    conversations. Tests that want a Rasa set ``app.state.rasa_transport``.
    """
    return settings.model_copy(update={"rasa_url": f"http://127.0.0.1:{free_port()}"})
