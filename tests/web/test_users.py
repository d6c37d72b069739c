"""People's accounts: argon2id hashes, sign-in checks, and the CLI that manages them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from feedback_api.models import Role
from feedback_api.storage import users
from tests.web.conftest import sign_in

PASSWORD = "a long enough password"
Cli = Callable[..., subprocess.CompletedProcess[str]]


def test_passwords_are_stored_as_argon2id(session: Session) -> None:
    user = users.create_user(session, username="Ana", password=PASSWORD, role=Role.AGENT)
    assert user.username == "ana"
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert users.verify_password(user.password_hash, PASSWORD)
    assert not users.verify_password(user.password_hash, PASSWORD + "!")
    assert not users.verify_password("not a hash", PASSWORD)


def test_authenticate(session: Session) -> None:
    users.create_user(session, username="ana", password=PASSWORD, role=Role.AGENT)
    signed_in = users.authenticate(session, username="ANA", password=PASSWORD)
    assert signed_in is not None and signed_in.last_login_at is not None
    assert users.authenticate(session, username="ana", password="wrong password") is None
    assert users.authenticate(session, username="nobody", password=PASSWORD) is None
    assert users.authenticate(session, username="ana", password="x" * 10_000) is None
    users.disable_user(session, "ana")
    assert users.authenticate(session, username="ana", password=PASSWORD) is None


@pytest.mark.parametrize(
    ("username", "password", "role", "message"),
    [
        ("ana", "short", Role.AGENT, "at least 10"),
        ("a", PASSWORD, Role.AGENT, "username must be"),
        ("ana smith", PASSWORD, Role.AGENT, "username must be"),
        ("mailer", PASSWORD, Role.SERVICE, "create-key"),
    ],
)
def test_invalid_users_are_refused(
    session: Session, username: str, password: str, role: Role, message: str
) -> None:
    with pytest.raises(users.UserError, match=message):
        users.create_user(session, username=username, password=password, role=role)


def test_duplicate_username_is_refused(session: Session) -> None:
    users.create_user(session, username="ana", password=PASSWORD, role=Role.AGENT)
    with pytest.raises(users.UserError, match="already exists"):
        users.create_user(session, username="ANA", password=PASSWORD, role=Role.MARKETER)


@pytest.fixture
def cli(database_url: str, tmp_path: Path, engine: object) -> Cli:
    env = {
        **os.environ,
        "CLOSEDLOOP_DATABASE_URL": database_url,
        "CLOSEDLOOP_DATA_DIR": str(tmp_path),
        "CLOSEDLOOP_API_KEY_PEPPER": "test-pepper",
    }

    def run(*args: str, stdin: str = "", check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "closedloop.cli", *args],
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"closedloop {' '.join(args)} failed:\n{result.stderr}")
        return result

    return run


def test_cli_creates_a_user_who_can_sign_in_until_disabled(cli: Cli, client: TestClient) -> None:
    made = cli(
        "create-user", "nino", "--role", "agent", "--display-name", "Nino B",
        "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert "created agent user 'nino'" in made.stdout
    assert PASSWORD not in made.stdout + made.stderr

    assert sign_in(client, "nino", PASSWORD).status_code == 303
    assert "Nino B" in client.get("/console/queue").text
    listed = cli("list-users").stdout
    assert "nino" in listed and "agent" in listed and "active" in listed

    assert "disabled user 'nino'" in cli("disable-user", "nino").stdout
    assert client.get("/console/queue", follow_redirects=False).status_code == 303
    assert "disabled" in cli("list-users").stdout


def test_cli_prompts_for_the_password_twice(cli: Cli, client: TestClient) -> None:
    made = cli("create-user", "mari", "--role", "marketer", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert "created marketer user 'mari'" in made.stdout
    assert sign_in(client, "mari", PASSWORD).headers["location"] == "/dashboard"


def test_cli_refuses_bad_input_clearly(cli: Cli) -> None:
    short = cli(
        "create-user", "ana", "--role", "agent", "--password-stdin", stdin="short\n", check=False
    )
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    service = cli(
        "create-user", "bot", "--role", "service", "--password-stdin",
        stdin=PASSWORD + "\n", check=False,
    )  # fmt: skip
    assert service.returncode == 1 and "create-key" in service.stderr
    cli("create-user", "ana", "--role", "agent", "--password-stdin", stdin=PASSWORD + "\n")
    again = cli(
        "create-user", "ana", "--role", "admin", "--password-stdin",
        stdin=PASSWORD + "\n", check=False,
    )  # fmt: skip
    assert again.returncode == 1 and "already exists" in again.stderr
    missing = cli("disable-user", "nobody", check=False)
    assert missing.returncode == 1 and "no user named 'nobody'" in missing.stderr
