"""Dependencies of the pages: the browser session, the signed-in user, role checks, CSRF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from feedback_api.deps import SessionDep, SettingsDep
from feedback_api.models import Role, User
from feedback_api.storage import users
from feedback_api.web.pages import CONSOLE_ROLES, DASHBOARD_ROLES, LoginRequired, WebError
from feedback_api.web.sessions import WebSession, csrf_ok, read_session


def get_web_session(request: Request, settings: SettingsDep) -> WebSession:
    return read_session(request, settings)


WebSessionDep = Annotated[WebSession, Depends(get_web_session)]


def optional_user(session: SessionDep, web: WebSessionDep) -> User | None:
    """The signed-in, active user whose sessions were not ended since, or None."""
    if web.user_id is None:
        return None
    user = users.get_active_user(session, web.user_id)
    if user is None or user.session_generation != web.generation:
        return None
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]


@dataclass
class Viewer:
    """Who is looking at a page, and their browser session (for CSRF and the cookie)."""

    user: User
    web: WebSession

    @property
    def name(self) -> str:
        return self.user.username


ROLE_NAMES = {
    CONSOLE_ROLES: "agents and admins",
    DASHBOARD_ROLES: "marketers and admins",
}


def require_roles(roles: frozenset[Role]) -> Callable[..., Viewer]:
    """Signed in (else to the sign-in page) with one of ``roles`` (else a 403 page)."""

    def check(request: Request, web: WebSessionDep, user: OptionalUser) -> Viewer:
        if user is None:
            path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(path)
        if user.role not in roles:
            raise WebError(
                403,
                "Not allowed",
                f"This page is for {ROLE_NAMES.get(roles, 'other roles')}. "
                f"You are signed in as {user.username} ({user.role.value}).",
                web=web,
                user=user,
            )
        return Viewer(user=user, web=web)

    return check


ConsoleViewer = Annotated[Viewer, Depends(require_roles(CONSOLE_ROLES))]
DashboardViewer = Annotated[Viewer, Depends(require_roles(DASHBOARD_ROLES))]


def check_csrf(web: WebSession, submitted: str | None, *, user: User | None = None) -> None:
    """Refuse a form whose CSRF token is missing or is not this session's (403 page)."""
    if not csrf_ok(web, submitted):
        raise WebError(
            403,
            "Form expired",
            "This form was not sent from a page of this session, or the session has ended. "
            "Go back, reload the page and try again.",
            web=web,
            user=user,
        )
