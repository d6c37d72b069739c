"""One transcript builder: Rasa's tracker events as the lines the customer saw.

The bot saves a snapshot of the conversation with each answer and case
(:func:`bot.actions.context.transcript`), and the agent console shows the live conversation
from Rasa (:mod:`feedback_api.web.transcript`). Both read the same events, so both use
:func:`lines_from_events` and show the same thing:

* a button click arrives as its payload (``/inform_score{"score":"3"}``, ``/affirm``); the
  line shows the button's title, else the values the payload carried, and a payload nobody
  typed that has neither (``/start_nps`` from the widget) is left out;
* triggers sent by a campaign (``EXTERNAL: start_nps``, ``is_external`` metadata) are left out;
* so is the second request of a message taken up as a message of its own
  (:data:`FURTHER_REQUEST_OF` metadata, :mod:`bot.actions.next_request`): the customer's
  line is the message they typed, once;
* text is cleaned of control characters and capped at the comment limit, so nobody's
  pasted essay fills an agent's screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from feedback_api.schemas.common import MAX_COMMENT_CHARS, clean_text

EXTERNAL_PREFIX = "EXTERNAL: "
FURTHER_REQUEST_OF = "further_request_of"
"""Metadata key of a user event the bot made from an earlier message's second request."""

Role = Literal["user", "bot", "session"]


@dataclass(frozen=True)
class Line:
    role: Role
    text: str
    timestamp: datetime | None = None
    buttons: tuple[str, ...] = ()

    def snapshot(self) -> dict[str, Any]:
        """The line as stored on ``conversations.transcript`` (JSON)."""
        when = self.timestamp.isoformat() if self.timestamp is not None else None
        return {"role": self.role, "text": self.text, "timestamp": when}


def parse_time(value: object) -> datetime | None:
    """A Rasa timestamp (seconds since the epoch) or an ISO 8601 string, as aware UTC."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _buttons(event: dict[str, Any]) -> list[dict[str, Any]]:
    data = event.get("data")
    buttons = data.get("buttons") if isinstance(data, dict) else None
    return [b for b in buttons or [] if isinstance(b, dict)]


def _shown_text(event: dict[str, Any], buttons: list[dict[str, Any]]) -> str | None:
    """What the customer saw themselves send: a button's title rather than its payload."""
    text = event.get("text")
    if not isinstance(text, str):
        return None
    metadata = event.get("metadata")
    if text.startswith(EXTERNAL_PREFIX) or (
        isinstance(metadata, dict)
        and (metadata.get("is_external") or metadata.get(FURTHER_REQUEST_OF) is not None)
    ):
        return None
    if not text.startswith("/"):
        return text
    for button in buttons:
        if button.get("payload") == text and button.get("title"):
            return str(button["title"])
    entities = (event.get("parse_data") or {}).get("entities") or []
    values = [
        str(e["value"]) for e in entities if isinstance(e, dict) and e.get("value") is not None
    ]
    return ", ".join(values) if values else None


def _clean(text: object) -> str:
    return clean_text(text)[:MAX_COMMENT_CHARS] if isinstance(text, str) else ""


def lines_from_events(events: Iterable[object], *, mark_sessions: bool = True) -> list[Line]:
    """User and bot messages, oldest first; with ``mark_sessions``, a line per new session."""
    lines: list[Line] = []
    buttons: list[dict[str, Any]] = []
    for event in events:
        if not isinstance(event, dict):
            continue
        kind = event.get("event")
        when = parse_time(event.get("timestamp"))
        if kind == "session_started" and mark_sessions and lines:
            lines.append(Line("session", "New session", when))
        elif kind == "bot":
            buttons = _buttons(event)
            text = _clean(event.get("text"))
            if text or buttons:
                titles = tuple(str(b.get("title") or "") for b in buttons)
                lines.append(Line("bot", text, when, titles))
        elif kind == "user":
            text = _clean(_shown_text(event, buttons))
            if text:
                lines.append(Line("user", text, when))
    return lines
