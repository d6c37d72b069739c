"""Rendering pages: the Jinja2 environment, security headers and HTML error pages.

Every page is rendered through :func:`render`, which adds the headers a page for people
needs (a strict Content-Security-Policy: scripts and styles only from our own origin, no
inline code; no framing; no caching of signed-in pages) and writes the session cookie
when it changed. Errors raised as :class:`WebError` become an HTML page, not the API's JSON.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from feedback_api.models import Role, User, utcnow
from feedback_api.settings import Settings
from feedback_api.web.sessions import CSRF_FIELD, WebSession, write_session

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
REPO_ROOT = HERE.parents[1]
CHART_JS = REPO_ROOT / "node_modules" / "chart.js" / "dist" / "chart.umd.js"

CONSOLE_ROLES = frozenset({Role.AGENT, Role.ADMIN})
DASHBOARD_ROLES = frozenset({Role.MARKETER, Role.ADMIN})


def content_security_policy(connect: tuple[str, ...] = ()) -> str:
    sources = " ".join(("'self'", *connect))
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src {sources}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def security_headers(*, private: bool, connect: tuple[str, ...] = ()) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(connect),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }
    if private:
        headers["Cache-Control"] = "no-store"
    return headers


@dataclass(frozen=True)
class UserView:
    """What pages show of the signed-in user; a plain copy, usable after the session closed."""

    username: str
    display_name: str | None
    role: Role

    @classmethod
    def of(cls, user: User | UserView | None) -> UserView | None:
        if user is None or isinstance(user, UserView):
            return user
        return cls(username=user.username, display_name=user.display_name, role=user.role)


# --- template helpers ------------------------------------------------------------------------


def age(moment: datetime | None, now: datetime | None = None) -> str:
    """'5 min', '3 h', '2 d': how long ago, for tables."""
    if moment is None:
        return ""
    seconds = max(0.0, ((now or utcnow()) - moment).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} d"


def when(moment: datetime | None) -> str:
    """A UTC time as people read it: 2026-11-23 14:05 UTC."""
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def number(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """A rounded number, '–' for none (a period without answers has no score)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    return text.replace("-", "−")  # a real minus sign reads better next to digits


def reason_label(reason: str, labels: Mapping[str, str]) -> str:
    """'detractor_score' -> 'Detractor score' (or the page's own wording)."""
    return labels.get(reason, reason.replace("_", " ").capitalize())


def _make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.filters.update(age=age, when=when, number=number, reason_label=reason_label)
    env.globals.update(csrf_field=CSRF_FIELD)
    env.trim_blocks = True
    env.lstrip_blocks = True
    return templates


templates = _make_templates()


# --- responses ---------------------------------------------------------------------------------


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any],
    *,
    web: WebSession,
    user: User | UserView | None = None,
    status_code: int = 200,
    connect: tuple[str, ...] = (),
) -> HTMLResponse:
    """A page from ``templates/<name>``, with the security headers and the session cookie."""
    settings: Settings = request.app.state.settings
    user = UserView.of(user)
    full = {
        "user": user,
        "csrf_token": web.csrf,
        "company": settings.company_name,
        "can_console": user is not None and user.role in CONSOLE_ROLES,
        "can_dashboard": user is not None and user.role in DASHBOARD_ROLES,
        **context,
    }
    response = templates.TemplateResponse(
        request,
        name,
        full,
        status_code=status_code,
        headers=security_headers(private=user is not None or name == "login.html", connect=connect),
    )
    write_session(response, web, settings)
    return response


def redirect(
    url: str, *, web: WebSession | None = None, settings: Settings | None = None
) -> Response:
    """A 303 (see other): after a POST the browser GETs ``url``."""
    response = RedirectResponse(url, status_code=303)
    if web is not None and settings is not None:
        write_session(response, web, settings)
    return response


def describe_errors(exc: ValidationError) -> str:
    """A pydantic error as one line for a person: 'date_from: not a date; ...'."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()))
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def safe_next(target: str | None, default: str) -> str:
    """``target`` if it is a path on this site, else ``default`` (no open redirects)."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 32 for c in target)
    ):
        return default
    return target


# --- errors ------------------------------------------------------------------------------------


class WebError(Exception):
    """An error shown to a person as a page: 403, 404, 429 ..."""

    def __init__(
        self,
        status_code: int,
        title: str,
        message: str,
        *,
        web: WebSession | None = None,
        user: User | UserView | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.title = title
        self.message = message
        self.web = web
        self.user = UserView.of(user)  # copied now: the database session closes before rendering
        self.headers = dict(headers or {})


class LoginRequired(Exception):
    """Not signed in: go to the sign-in page, then come back to ``next_path``."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


async def _web_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    web = exc.web or WebSession.fresh()
    response = render(
        request,
        "error.html",
        {"title": exc.title, "message": exc.message, "status_code": exc.status_code},
        web=web,
        user=exc.user,
        status_code=exc.status_code,
    )
    response.headers.update(exc.headers)
    return response


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"/console/login?next={quote(exc.next_path, safe='/')}", 303)


def install_error_pages(app: FastAPI) -> None:
    app.add_exception_handler(WebError, _web_error)
    app.add_exception_handler(LoginRequired, _login_required)
