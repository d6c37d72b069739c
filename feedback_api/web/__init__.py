"""Pages for people: the chat widget and demo shop, the agent console, the marketer dashboard.

Server-rendered (Jinja2) on the API's own port, styled and scripted only from our own
origin (no CDN, no inline code), so the pages run under a strict Content-Security-Policy.
:func:`install` adds them to the FastAPI app; the JSON API under ``/v1`` is unchanged.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from feedback_api.web import routes_console, routes_dashboard, routes_public
from feedback_api.web.pages import STATIC_DIR, install_error_pages


def install(app: FastAPI) -> None:
    """Mount the pages, their static files and their HTML error pages on ``app``."""
    install_error_pages(app)
    app.include_router(routes_public.router)
    app.include_router(routes_console.router)
    app.include_router(routes_dashboard.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
