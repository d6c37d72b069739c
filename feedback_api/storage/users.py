"""People who sign in to the agent console and the marketer dashboard.

Machines use API keys (``storage/keys.py``); people use a username and a password. A
password is low-entropy, so unlike a key it is stored with a slow, memory-hard hash:
argon2id (argon2-cffi's defaults, RFC 9106's second recommended profile). Users are made
and disabled with the CLI (``closedloop create-user`` / ``disable-user``), never over HTTP.
"""

from __future__ import annotations

import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from feedback_api.models import Role, User, utcnow

MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 256  # argon2 hashes any length; a cap keeps a login form from being a DoS
PERSON_ROLES = (Role.AGENT, Role.MARKETER, Role.ADMIN)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class UserError(ValueError):
    """A user cannot be created or changed as asked; the message says why."""


@lru_cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4


@lru_cache
def _dummy_hash() -> str:
    # Verified against when the username is unknown, so both cases take the same time.
    return _hasher().hash("closedloop-no-such-user")


def normalise_username(username: str) -> str:
    """Usernames are case-insensitive: stored and looked up in lower case."""
    return username.strip().lower()


def check_username(username: str) -> str:
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise UserError(
            "username must be 2-64 characters: letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise UserError(f"password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise UserError(f"password must have at most {MAX_PASSWORD_CHARS} characters")
    return password


def hash_password(password: str) -> str:
    """An argon2id hash string (it carries its own salt and parameters)."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches; False (never an exception) for a wrong or broken hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def get_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == normalise_username(username)))


def get_active_user(session: Session, user_id: int) -> User | None:
    """The user with ``user_id`` unless disabled (a disabled user's sessions stop working)."""
    user = session.get(User, user_id)
    return user if user is not None and user.disabled_at is None else None


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role,
    display_name: str | None = None,
) -> User:
    """A new user; :class:`UserError` if the name is taken or invalid. The caller commits."""
    name = check_username(username)
    if role not in PERSON_ROLES:
        raise UserError(
            f"role '{role.value}' is for machines: use `closedloop create-key --role {role.value}`"
        )
    check_password(password)
    taken = session.scalar(select(func.count(User.id)).where(User.username == name))
    if taken:
        raise UserError(f"user '{name}' already exists")
    user = User(
        username=name,
        display_name=(display_name or "").strip() or None,
        role=role,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    """The active user with this username and password, or None (whichever part was wrong).

    An unknown username costs the same argon2 verification as a known one, so response
    times do not reveal which usernames exist. A hash made with older parameters is
    upgraded on success. Records the login time; the caller commits.
    """
    if len(password) > MAX_PASSWORD_CHARS:
        return None
    user = get_user(session, username)
    if user is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or user.disabled_at is not None:
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def disable_user(session: Session, username: str) -> User:
    """Disable a user (their open sessions stop working at once); :class:`UserError` if none."""
    user = get_user(session, username)
    if user is None:
        raise UserError(f"no user named '{normalise_username(username)}'")
    if user.disabled_at is None:
        user.disabled_at = utcnow()
    end_sessions(session, user.id)
    return user


def end_sessions(session: Session, user_id: int) -> None:
    """End every session of the user: cookies signed with the old generation stop working.

    A signed cookie cannot be recalled, so the check is on the server: the cookie carries
    the generation it was issued under, and this moves it on (atomically, in SQL).
    """
    session.execute(
        update(User)
        .where(User.id == user_id)
        .values(session_generation=User.session_generation + 1)
    )


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))
