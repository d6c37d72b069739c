"""A conversation's transcript for the case page: from Rasa's tracker store, or the snapshot.

The whole conversation lives in Rasa's tracker store; we read it through Rasa's HTTP API
(``GET /conversations/{sender}/tracker``, Rasa started with ``--enable-api``), with a short
timeout so a slow bot never holds up the page. When Rasa cannot be reached we show the
snapshot the bot's actions stored on ``conversations.transcript`` when the answer was
saved, and say so: it ends at the survey answer.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

import httpx

from feedback_api.models import Conversation
from feedback_api.settings import Settings
from feedback_api.transcript import Line, lines_from_events, parse_time

log = logging.getLogger(__name__)

TIMEOUT_S = 3.0
MAX_LINES = 2000

Source = Literal["rasa", "snapshot", "none"]


@dataclass(frozen=True)
class Transcript:
    lines: list[Line] = field(default_factory=list)
    source: Source = "none"
    notice: str | None = None


def lines_from_rasa(events: list[Any]) -> list[Line]:
    """The conversation from Rasa's events, sessions marked, at most :data:`MAX_LINES`."""
    return lines_from_events(events)[-MAX_LINES:]


def lines_from_snapshot(snapshot: list[Any]) -> list[Line]:
    """The ``conversations.transcript`` snapshot written by the bot's actions."""
    lines = []
    for item in snapshot:
        if not isinstance(item, dict) or item.get("role") not in ("user", "bot"):
            continue
        text = item.get("text")
        if isinstance(text, str) and text:
            lines.append(Line(item["role"], text, parse_time(item.get("timestamp"))))
    return lines[-MAX_LINES:]


def fetch_events(
    settings: Settings, sender_id: str, *, client: httpx.Client | None = None
) -> list[Any] | None:
    """The tracker's events from Rasa, or None when Rasa cannot be reached or says no."""
    url = f"{settings.rasa_base_url}/conversations/{quote(sender_id, safe='')}/tracker"
    params = {"include_events": "ALL"}
    if settings.rasa_token is not None:
        params["token"] = settings.rasa_token.get_secret_value()
    try:
        if client is not None:
            reply = client.get(url, params=params, timeout=TIMEOUT_S)
        else:
            reply = httpx.get(url, params=params, timeout=TIMEOUT_S)
        reply.raise_for_status()
        events = reply.json().get("events")
    except (httpx.HTTPError, json.JSONDecodeError, AttributeError) as exc:
        log.warning("could not read the Rasa tracker for a conversation: %s", exc)
        return None
    return events if isinstance(events, list) else None


def load_transcript(
    settings: Settings, conversation: Conversation | None, *, client: httpx.Client | None = None
) -> Transcript:
    """The live transcript from Rasa, else the stored snapshot with a notice saying so."""
    if conversation is None:
        return Transcript(notice="This answer did not come from a chat, so there is no transcript.")
    events = fetch_events(settings, conversation.sender_id, client=client)
    if events is not None:
        lines = lines_from_rasa(events)
        if lines:
            return Transcript(lines=lines, source="rasa")
    snapshot = lines_from_snapshot(conversation.transcript or [])
    reason = (
        "The bot's conversation store could not be reached"
        if events is None
        else "The bot's conversation store has no messages for this conversation"
    )
    if snapshot:
        return Transcript(
            lines=snapshot,
            source="snapshot",
            notice=f"{reason}; showing the copy saved with the answer, "
            "which ends when the survey was answered.",
        )
    return Transcript(source="none", notice=f"{reason}, and no copy was saved with the answer.")
