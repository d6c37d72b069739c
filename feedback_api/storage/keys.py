"""API keys for machines: created and revoked with the CLI, checked on every request.

A key is 32 random bytes shown once. We store an HMAC-SHA256 of it under a server-side
pepper (``CLOSEDLOOP_API_KEY_PEPPER``): keys are high-entropy, so a slow password hash
would only cost latency, while the pepper keeps a stolen table useless on its own.
Lookup is by hash; the final comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_api.models import ApiKey, Role, utcnow

KEY_PREFIX = "cl_"
# last_used_at is for people deciding which keys to revoke; minutes are precise enough,
# and not writing on every request keeps reads working (and fast) when writes cannot.
LAST_USED_RESOLUTION = timedelta(minutes=5)


@dataclass(frozen=True)
class NewKey:
    id: int
    name: str
    role: Role
    secret: str


def hash_key(secret: str, pepper: str) -> str:
    return hmac.new(pepper.encode(), secret.encode(), hashlib.sha256).hexdigest()


def create_key(session: Session, *, name: str, role: Role, pepper: str) -> NewKey:
    """Create a key; its secret is returned once and never stored."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(name=name, role=role, prefix=secret[:10], key_hash=hash_key(secret, pepper))
    session.add(key)
    session.flush()
    return NewKey(id=key.id, name=name, role=role, secret=secret)


def authenticate(session: Session, secret: str, *, pepper: str) -> ApiKey | None:
    """The active key matching ``secret``, or None.

    Marks the key used at most once per :data:`LAST_USED_RESOLUTION`; the caller commits
    when ``session.dirty`` says it did.
    """
    digest = hash_key(secret, pepper)
    key = session.scalar(select(ApiKey).where(ApiKey.key_hash == digest))
    if key is None or key.revoked_at is not None:
        return None
    if not hmac.compare_digest(key.key_hash, digest):
        return None
    now = utcnow()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        key.last_used_at = now
    return key


def revoke_key(session: Session, *, key_id: int | None = None, prefix: str | None = None) -> int:
    """Revoke keys by id or by the prefix printed when they were listed; returns how many."""
    query = select(ApiKey).where(ApiKey.revoked_at.is_(None))
    if key_id is not None:
        query = query.where(ApiKey.id == key_id)
    elif prefix:
        query = query.where(ApiKey.prefix == prefix[:10])
    else:
        raise ValueError("give a key id or a key prefix")
    keys = list(session.scalars(query))
    for key in keys:
        key.revoked_at = utcnow()
    return len(keys)


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))
