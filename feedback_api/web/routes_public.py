"""Pages anyone may open: the start page, the demo shop, and the chat widget's files.

The widget is one script (``/widget.js``) and one stylesheet (``/widget.css``) served from
our own origin, so a shop's Content-Security-Policy only needs to allow this origin for
``script-src``/``style-src`` and the bot's address for ``connect-src``. Chart.js comes from
``node_modules`` (installed by ``npm ci`` in ``make setup``), never from a CDN.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from feedback_api.settings import Settings
from feedback_api.web.deps import OptionalUser, WebSessionDep
from feedback_api.web.pages import CHART_JS, STATIC_DIR, WebError, render
from feedback_api.web.sessions import WebSession

router = APIRouter(include_in_schema=False)

_TOKEN = re.compile(r"^[\w.\-]{1,64}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
WIDGET_CACHE = "public, max-age=300"
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"}

DEMO_PRODUCTS = (
    ("Trail running shoes", "Light, grippy, and ready for mud.", "89.00", "shoes"),
    ("Merino hoodie", "Warm on cold mornings, cool when you move.", "64.00", "hoodie"),
    ("Insulated bottle", "Keeps tea hot for 12 hours.", "24.00", "bottle"),
    ("Day pack, 22 L", "Room for a jacket, lunch and a laptop.", "72.00", "pack"),
)


def bot_url_for(request: Request) -> str:
    """Rasa's address as the visitor's browser reaches it.

    ``CLOSEDLOOP_WIDGET_BOT_URL`` when set; otherwise the host the page was opened with, on
    the Rasa port (opening the demo at 127.0.0.1 talks to Rasa at 127.0.0.1, so the page's
    origin and the bot's CORS origins match).
    """
    settings: Settings = request.app.state.settings
    if settings.widget_bot_url:
        return settings.widget_bot_url.rstrip("/")
    host = request.url.hostname or "localhost"
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"{request.url.scheme}://{host}:{settings.rasa_port}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _no_cookie_for_visitors(web: WebSession, user: object) -> WebSession:
    """Public pages have no forms for visitors, so they get no session cookie."""
    if user is None:
        web.changed = False
    return web


@router.get("/", response_class=HTMLResponse)
def start_page(request: Request, web: WebSessionDep, user: OptionalUser) -> Response:
    return render(request, "index.html", {}, web=_no_cookie_for_visitors(web, user), user=user)


@router.get("/demo", response_class=HTMLResponse)
@router.get("/demo/", response_class=HTMLResponse)
def demo_shop(
    request: Request,
    web: WebSessionDep,
    user: OptionalUser,
    customer_id: str = "demo-customer",
    campaign: str = "demo",
    lang: str = "en",
) -> Response:
    """A pretend shop with the widget embedded by one script tag, as a real site would."""
    for name, value, pattern in (
        ("customer_id", customer_id, _TOKEN),
        ("campaign", campaign, _TOKEN),
        ("lang", lang, _LANG),
    ):
        if value and not pattern.match(value):
            raise WebError(
                400, "Bad parameter", f"{name} must be a short code like 'c-42'.", web=web
            )
    bot_url = bot_url_for(request)
    script_src = str(request.url_for("widget_js"))
    settings = request.app.state.settings
    return render(
        request,
        "demo.html",
        {
            "bot_url": bot_url,
            "script_src": script_src,
            "customer_id": customer_id,
            "campaign": campaign,
            "lang": lang,
            "dir": "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr",
            "products": DEMO_PRODUCTS,
            # The company's name in English only: other pages get the widget's own title
            # in their language ("მოგვწერეთ"), never an English header.
            "title": f"{settings.company_name} help" if lang.split("-")[0] == "en" else "",
        },
        web=_no_cookie_for_visitors(web, user),
        user=user,
        connect=(_origin(bot_url),),
    )


def _static(name: str, media_type: str) -> FileResponse:
    return FileResponse(
        STATIC_DIR / name,
        media_type=media_type,
        headers={"Cache-Control": WIDGET_CACHE, "X-Content-Type-Options": "nosniff"},
    )


@router.get("/widget.js", name="widget_js")
def widget_js() -> FileResponse:
    """The chat widget: embed with ``<script src=".../widget.js" data-bot-url=...>``."""
    return _static("widget.js", "text/javascript; charset=utf-8")


@router.get("/widget.css", name="widget_css")
def widget_css() -> FileResponse:
    return _static("widget.css", "text/css; charset=utf-8")


@router.get("/static/vendor/chart.umd.js")
def chart_js() -> Response:
    """Chart.js from node_modules (``npm ci``); 404 when it was not installed."""
    if not CHART_JS.is_file():
        return Response("chart.js is not installed: run `npm ci` (make setup)", 404)
    return FileResponse(
        CHART_JS,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )
