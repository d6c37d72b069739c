"""Signed session cookies and CSRF tokens for the pages people sign in to.

The session is a small signed (not encrypted) cookie: ``{"uid": <user id or null>,
"gen": <session generation>, "csrf": <random token>}`` signed with
``CLOSEDLOOP_SESSION_SECRET`` by itsdangerous, with the signing time inside it. It holds
no secret of the user's: the user is looked up on every request, and the cookie's
generation (``"gen"``) must equal the user's ``session_generation``, so signing out or
disabling a user ends their sessions at once, copies of the cookie included (signing out
ends the user's sessions in every browser).

* ``HttpOnly`` (scripts cannot read it), ``SameSite=Lax`` (not sent on cross-site form
  posts), ``Secure`` in production (HTTPS only), ``Path=/``.
* It expires ``session_max_age_hours`` after sign-in, whatever the activity (the signature's
  timestamp is checked, not only the cookie's Max-Age, which a client could ignore).
* Every POST form carries the session's CSRF token in a hidden field; a missing or wrong
  token is refused (403). Signing in starts a new session with a new token, so a token
  planted before sign-in (session fixation) is worthless afterwards.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from feedback_api.settings import Settings

COOKIE_NAME = "closedloop_session"
CSRF_FIELD = "csrf_token"
_SALT = "closedloop.web.session.v1"


@dataclass
class WebSession:
    """The signed-in user (if any) and the CSRF token of this browser session."""

    csrf: str
    user_id: int | None = None
    generation: int = 0  # the user's session_generation when signed in; sign-out moves it
    changed: bool = False  # the cookie must be (re)written on the response

    @classmethod
    def fresh(cls, user_id: int | None = None, generation: int = 0) -> WebSession:
        return cls(
            csrf=secrets.token_urlsafe(32), user_id=user_id, generation=generation, changed=True
        )


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.session_secret.get_secret_value(), salt=_SALT)


def max_age_seconds(settings: Settings) -> int:
    return settings.session_max_age_hours * 3600


def read_session(request: Request, settings: Settings) -> WebSession:
    """The session from the request's cookie, or a new anonymous one (to be set)."""
    raw = request.cookies.get(COOKIE_NAME)
    if raw:
        try:
            data = _serializer(settings).loads(raw, max_age=max_age_seconds(settings))
        except BadSignature:  # also SignatureExpired
            data = None
        if isinstance(data, dict) and isinstance(data.get("csrf"), str) and data["csrf"]:
            uid, gen = data.get("uid"), data.get("gen", 0)
            return WebSession(
                csrf=data["csrf"],
                user_id=uid if isinstance(uid, int) else None,
                generation=gen if isinstance(gen, int) else -1,
            )
    return WebSession.fresh()


def write_session(response: Response, session: WebSession, settings: Settings) -> None:
    """Set the cookie when the session is new or changed."""
    if not session.changed:
        return
    value = _serializer(settings).dumps(
        {"uid": session.user_id, "gen": session.generation, "csrf": session.csrf}
    )
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=max_age_seconds(settings),
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
    )


def clear_session(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE_NAME,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
    )


def csrf_ok(session: WebSession, submitted: str | None) -> bool:
    """Whether a form's token matches the session's (constant-time)."""
    if not submitted:
        return False
    return hmac.compare_digest(session.csrf.encode(), submitted.encode())
