"""The API's key checks as ``Annotated`` aliases: ``key: AgentKey`` lets agents (and admins) in."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import DBAPIError

from feedback_api.deps import SessionDep, SettingsDep
from feedback_api.models import ApiKey, Role
from feedback_api.storage import keys

log = logging.getLogger(__name__)

# What every keyed endpoint can answer besides its own results, for the OpenAPI schema.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing, invalid or revoked API key"},
    403: {"description": "The key's role may not use this endpoint"},
    422: {"description": "A field is missing or invalid (details name it)"},
    503: {"description": "The database is unavailable; retry after Retry-After seconds"},
}
# ... and what every endpoint with a request body can answer as well.
BODY_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    413: {"description": "Request body larger than 64 KiB"},
}

_bearer = HTTPBearer(auto_error=False, description="An API key made with `closedloop create-key`")


def current_key(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> ApiKey:
    """The API key sent as ``Authorization: Bearer <key>``; 401 when missing or wrong."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing API key: send 'Authorization: Bearer <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    key = keys.authenticate(
        session, credentials.credentials, pepper=settings.api_key_pepper.get_secret_value()
    )
    if key is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "invalid or revoked API key",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if session.dirty:  # last_used_at moved (at most every few minutes)
        key_id = key.id
        try:
            session.commit()
        except DBAPIError as exc:
            # Bookkeeping only: a database that takes no writes (a standby, read-only) still
            # serves reads; a write the request itself makes is answered 503 on its own.
            session.rollback()
            log.warning("could not note the use of API key %s: %s", key_id, type(exc.orig).__name__)
    return key


CurrentKey = Annotated[ApiKey, Depends(current_key)]


def require_roles(*roles: Role) -> Callable[[ApiKey], Awaitable[ApiKey]]:
    """A dependency that lets only ``roles`` (and always admin) through; 403 otherwise."""
    allowed = {*roles, Role.ADMIN}

    async def check(key: CurrentKey) -> ApiKey:  # no I/O: no thread-pool hop
        if key.role not in allowed:
            names = ", ".join(sorted(r.value for r in allowed))
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"this needs one of the roles: {names}; your key has '{key.role.value}'",
            )
        return key

    return check


AgentKey = Annotated[ApiKey, Depends(require_roles(Role.AGENT))]
MarketerKey = Annotated[ApiKey, Depends(require_roles(Role.MARKETER))]
AdminKey = Annotated[ApiKey, Depends(require_roles())]
IngestKey = Annotated[ApiKey, Depends(require_roles(Role.SERVICE))]
