"""The agent console: sign-in, the detractor queue and the case page.

Pages read and write through the storage services (``storage.cases``, ``storage.users``)
exactly as the JSON API does; the only difference is who is asking: a person with a
session cookie instead of a machine with a key.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from urllib.parse import urlencode

import httpx
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from feedback_api.deps import SessionDep, SettingsDep
from feedback_api.models import Role, utcnow
from feedback_api.policy import CaseStatus
from feedback_api.schemas.cases import CaseUpdate, DetractorQuery
from feedback_api.schemas.pagination import InvalidCursor, decode_cursor, encode_cursor
from feedback_api.storage import cases, users
from feedback_api.web.deps import (
    ConsoleViewer,
    OptionalUser,
    Viewer,
    WebSessionDep,
    check_csrf,
)
from feedback_api.web.pages import (
    CONSOLE_ROLES,
    WebError,
    describe_errors,
    redirect,
    render,
    safe_next,
)
from feedback_api.web.sessions import CSRF_FIELD, WebSession, clear_session
from feedback_api.web.transcript import load_transcript

router = APIRouter(prefix="/console", include_in_schema=False)

QUEUE_FILTERS = ("channel", "language", "campaign", "assignee", "date_from", "date_to")
STATUS_CHOICES = {
    "": ("Open and in progress", ["open", "in_progress"]),
    "open": ("Open", ["open"]),
    "in_progress": ("In progress", ["in_progress"]),
    "resolved": ("Resolved", ["resolved"]),
    "all": ("All", ["open", "in_progress", "resolved"]),
}
PAGE_SIZES = (25, 50, 100)
STATUS_LABELS = {
    CaseStatus.OPEN: "Open",
    CaseStatus.IN_PROGRESS: "In progress",
    CaseStatus.RESOLVED: "Resolved",
}
PRIORITY_LABELS = {1: "P1 urgent", 2: "P2 high", 3: "P3 normal", 4: "P4 low"}
REASON_LABELS = {
    "detractor_score": "Detractor score",
    "low_nps_score": "NPS under the follow-up threshold",
    "negative_comment": "Negative comment",
    "low_csat": "Low CSAT",
    "complaint": "Complaint",
    "handoff": "Asked for a person",
    "score_comment_mismatch": "Score and comment disagree",
}
CsrfField = Annotated[str, Form(alias=CSRF_FIELD)]


def _home_for(role: Role) -> str:
    return "/console/queue" if role in CONSOLE_ROLES else "/dashboard"


def _client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# --- sign-in -----------------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def console_home(user: OptionalUser, web: WebSessionDep, settings: SettingsDep) -> Response:
    if user is None:
        return redirect("/console/login")
    return redirect(_home_for(user.role))


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request,
    web: WebSessionDep,
    user: OptionalUser,
    next: str | None = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    if user is not None:
        return redirect(safe_next(next, _home_for(user.role)))
    notice = "You have signed out." if request.query_params.get("signed_out") else None
    return render(request, "login.html", {"next": safe_next(next, ""), "notice": notice}, web=web)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    web: WebSessionDep,
    csrf: CsrfField = "",
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",  # noqa: A002 - the form field's name
) -> Response:
    check_csrf(web, csrf)
    throttle = request.app.state.login_throttle
    name = users.normalise_username(username)
    address = _client_address(request)
    wait = throttle.retry_after(username=name, address=address)
    if wait:
        raise WebError(
            429,
            "Too many attempts",
            f"Too many failed sign-ins. Try again in {max(1, wait // 60)} minute(s).",
            web=web,
            headers={"Retry-After": str(wait)},
        )
    user = users.authenticate(session, username=name, password=password) if name else None
    if user is None or user.role not in (Role.AGENT, Role.MARKETER, Role.ADMIN):
        throttle.failed(username=name, address=address)
        return render(
            request,
            "login.html",
            {
                "next": safe_next(next, ""),
                "username": username,
                "error": "Wrong username or password, or the account is disabled.",
            },
            web=web,
            status_code=401,
        )
    session.commit()  # last_login_at, and a rehash if the parameters changed
    throttle.succeeded(username=name)
    # A new session (and CSRF token) on sign-in: nothing set before it carries over.
    fresh = WebSession.fresh(user_id=user.id)
    return redirect(safe_next(next, _home_for(user.role)), web=fresh, settings=settings)


@router.post("/logout")
def logout(web: WebSessionDep, settings: SettingsDep, csrf: CsrfField = "") -> Response:
    check_csrf(web, csrf)
    response = redirect("/console/login?signed_out=1")
    clear_session(response, settings)
    return response


# --- the queue ---------------------------------------------------------------------------------


def _queue_params(request: Request) -> dict[str, Any]:
    """The queue's query string as the form sent it (empty fields dropped)."""
    params: dict[str, Any] = {}
    for name in (*QUEUE_FILTERS, "sort", "cursor", "status", "limit"):
        value = request.query_params.get(name, "").strip()
        if value:
            params[name] = value
    return params


@router.get("/queue", response_class=HTMLResponse)
def queue(request: Request, session: SessionDep, viewer: ConsoleViewer) -> Response:
    params = _queue_params(request)
    status_key = params.get("status", "")
    if status_key not in STATUS_CHOICES:
        status_key = ""
    limit = params.get("limit", str(PAGE_SIZES[0]))
    query_input = {k: v for k, v in params.items() if k in (*QUEUE_FILTERS, "sort", "cursor")}
    query_input["status"] = STATUS_CHOICES[status_key][1]
    query_input["limit"] = limit if limit in {str(s) for s in PAGE_SIZES} else PAGE_SIZES[0]
    error = None
    rows: list[cases.DetractorRow] = []
    next_url = None
    try:
        query = DetractorQuery.model_validate(query_input)
        after = decode_cursor(query.cursor, sort=query.sort) if query.cursor else None
    except (ValidationError, InvalidCursor) as exc:
        error = describe_errors(exc) if isinstance(exc, ValidationError) else str(exc)
        query = None
    if query is not None:
        # Cases opened from a chat (handoff, complaint) have no answer; agents work them too.
        filters = dataclasses.replace(query.filters(), include_conversation_cases=True)
        page = cases.list_detractors(
            session, filters=filters, sort=query.sort, limit=query.limit, after=after
        )
        rows = page.rows
        if page.next is not None:
            next_params = {k: v for k, v in params.items() if k != "cursor"}
            next_params["cursor"] = encode_cursor(page.next)
            next_url = "/console/queue?" + urlencode(next_params)
    first_params = {k: v for k, v in params.items() if k != "cursor"}
    return render(
        request,
        "queue.html",
        {
            "rows": rows,
            "now": utcnow(),
            "form": params,
            "status_key": status_key,
            "status_choices": STATUS_CHOICES,
            "page_sizes": PAGE_SIZES,
            "error": error,
            "next_url": next_url,
            "first_url": "/console/queue?" + urlencode(first_params)
            if "cursor" in params
            else None,
            "status_labels": STATUS_LABELS,
            "priority_labels": PRIORITY_LABELS,
            "is_overdue": cases.is_overdue,
            "reported_at": cases.reported_at,
            "reason_labels": REASON_LABELS,
        },
        web=viewer.web,
        user=viewer.user,
        status_code=400 if error else 200,
    )


# --- one case ----------------------------------------------------------------------------------


def _number(raw: str, what: str, viewer: Viewer) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 2**31 - 1:
        raise WebError(
            404, "Not found", f"There is no {what} '{raw[:40]}'.", web=viewer.web, user=viewer.user
        )
    return int(raw)


def _not_found(case_id: int, viewer: Viewer) -> WebError:
    return WebError(
        404, "Not found", f"There is no case #{case_id}.", web=viewer.web, user=viewer.user
    )


def _case_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    viewer: Viewer,
    case_id: int,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    case = cases.get_case(session, case_id=case_id)
    if case is None:
        raise _not_found(case_id, viewer)
    # Tests put a fake Rasa here (an httpx transport); normally a plain request is made.
    transport = getattr(request.app.state, "rasa_transport", None)
    if transport is not None:
        with httpx.Client(transport=transport) as client:
            transcript = load_transcript(settings, case.conversation, client=client)
    else:
        transcript = load_transcript(settings, case.conversation)
    now = utcnow()
    done = request.query_params.get("done")
    return render(
        request,
        "case.html",
        {
            "case": case,
            "response": case.response,
            "customer": case.customer,
            "history": (
                cases.customer_answers(session, customer_id=case.customer.id)
                if case.customer
                else []
            ),
            "conversation": case.conversation,
            "transcript": transcript,
            "now": now,
            "overdue": cases.is_overdue(case, now=now),
            "status_labels": STATUS_LABELS,
            "priority_labels": PRIORITY_LABELS,
            "reason_labels": REASON_LABELS,
            "error": error,
            "form": form or {},
            "done": {"note": "Note added.", "update": "Case updated."}.get(done or ""),
        },
        web=viewer.web,
        user=viewer.user,
        status_code=400 if error else 200,
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    case_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    viewer: ConsoleViewer,
) -> Response:
    return _case_page(request, session, settings, viewer, _number(case_id, "case", viewer))


@router.get("/feedback/{feedback_id}", response_class=HTMLResponse)
def feedback_case(feedback_id: str, session: SessionDep, viewer: ConsoleViewer) -> Response:
    """A case by its answer's id (the ``id`` of the API and the CSV export)."""
    number = _number(feedback_id, "feedback", viewer)
    response = cases.get_feedback(session, response_id=number)
    if response is None or response.case is None:
        raise WebError(
            404,
            "Not found",
            f"There is no feedback #{number}."
            if response is None
            else f"Feedback #{number} was not flagged for follow-up, so it has no case.",
            web=viewer.web,
            user=viewer.user,
        )
    return redirect(f"/console/cases/{response.case.id}")


@router.post("/cases/{case_id}", response_class=HTMLResponse)
def update_case(
    case_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    viewer: ConsoleViewer,
    csrf: CsrfField = "",
    action: Annotated[str, Form(max_length=20)] = "",
    status: Annotated[str, Form(max_length=20)] = "",
    assignee: Annotated[str, Form(max_length=300)] = "",
    priority: Annotated[str, Form(max_length=5)] = "",
    note: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """One form per action: ``update`` (status, assignee, priority), ``assign_me`` or ``note``."""
    check_csrf(viewer.web, csrf, user=viewer.user)
    number = _number(case_id, "case", viewer)
    case = cases.get_case(session, case_id=number, for_update=True)
    if case is None:
        raise _not_found(number, viewer)
    changes: dict[str, Any]
    if action == "note":
        changes = {"note": note}
    elif action == "assign_me":
        changes = {"assignee": viewer.user.username}
    elif action == "update":
        changes = {"assignee": assignee.strip() or None}
        if status:
            changes["status"] = status
        if priority:
            changes["priority"] = priority
    else:
        raise WebError(
            400,
            "Unknown action",
            "The form asked for something this page cannot do.",
            web=viewer.web,
            user=viewer.user,
        )
    try:
        update = CaseUpdate.model_validate(changes)
    except ValidationError as exc:
        session.rollback()
        return _case_page(
            request,
            session,
            settings,
            viewer,
            number,
            error=describe_errors(exc),
            form={"note": note, "assignee": assignee},
        )
    cases.update_case(case, changes=update, actor=viewer.user.username)
    session.commit()
    done = "note" if action == "note" else "update"
    anchor = "notes" if action == "note" else "case"
    return redirect(f"/console/cases/{number}?done={done}#{anchor}")
