"""What the actions need to know about a conversation, read from the Rasa tracker.

The website or app that embeds the chat passes who the customer is as message metadata
(``{"metadata": {"customer_id": ..., "campaign": ..., "language": ..., "channel": ...}}`` in
the REST channel's POST body). Rasa stores it on each user event, so we read it from the
events rather than trusting that the *latest* message carries it: widgets usually send it
with the first message only.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rasa_sdk import Tracker

from feedback_api.schemas import normalise_language

logger = logging.getLogger(__name__)

DEFAULT_CHANNEL = "web"
DEFAULT_LANGUAGE = "en"
METADATA_KEYS = ("customer_id", "campaign", "language", "channel")
_SLUG = re.compile(r"^[\w.\-]{1,64}$")
_MAX_ID_CHARS = 255


@dataclass(frozen=True)
class ConversationContext:
    """Who is talking and through what, with safe defaults for anything missing or invalid."""

    customer_id: str | None = None
    campaign: str | None = None
    language: str = DEFAULT_LANGUAGE
    channel: str = DEFAULT_CHANNEL


def session_events(tracker: Tracker) -> list[dict[str, Any]]:
    """The events of the current conversation session (Rasa sends all sessions)."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "session_started":
            return events[index + 1 :]
    return events


def first_metadata(tracker: Tracker) -> dict[str, Any]:
    """For each known key, the value from the first user message that carried it.

    The current session is searched first (a returning customer may come from a new
    campaign), then earlier sessions, then the latest message as Rasa's SDK parsed it.
    """
    user_events = [e for e in session_events(tracker) if e.get("event") == "user"]
    user_events += [e for e in tracker.events if e.get("event") == "user"]
    sources = [event.get("metadata") for event in user_events]
    sources.append((tracker.latest_message or {}).get("metadata"))
    found: dict[str, Any] = {}
    for metadata in sources:
        if not isinstance(metadata, dict):
            continue
        for key in METADATA_KEYS:
            if key not in found and metadata.get(key) not in (None, ""):
                found[key] = metadata[key]
    return found


def conversation_context(tracker: Tracker) -> ConversationContext:
    """The conversation's context from metadata, falling back to the ``language`` slot.

    Invalid values are dropped with a warning instead of failing the survey later: a
    malformed campaign tag from a widget must not cost us the customer's answer.
    """
    metadata = first_metadata(tracker)

    customer_id = metadata.get("customer_id")
    if isinstance(customer_id, int) and not isinstance(customer_id, bool):
        customer_id = str(customer_id)
    if not isinstance(customer_id, str) or not 0 < len(customer_id.strip()) <= _MAX_ID_CHARS:
        if customer_id is not None:
            logger.warning("ignoring invalid customer_id in message metadata")
        customer_id = None
    else:
        customer_id = customer_id.strip()

    campaign = _slug(metadata.get("campaign"), "campaign")
    channel = _slug(metadata.get("channel"), "channel") or DEFAULT_CHANNEL

    language = DEFAULT_LANGUAGE
    for candidate in (metadata.get("language"), tracker.get_slot("language")):
        if isinstance(candidate, str) and candidate:
            try:
                language = normalise_language(candidate)
                break
            except ValueError:
                logger.warning("ignoring invalid language %r", candidate[:40])
    return ConversationContext(
        customer_id=customer_id, campaign=campaign, language=language, channel=channel
    )


def _slug(value: object, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and _SLUG.match(value.strip()):
        return value.strip()
    logger.warning("ignoring invalid %s in message metadata", name)
    return None


def _iso(timestamp: object) -> str | None:
    if not isinstance(timestamp, int | float):
        return None
    return datetime.fromtimestamp(timestamp, UTC).isoformat()


def transcript(tracker: Tracker) -> list[dict[str, Any]]:
    """The user and bot messages so far, oldest first, for the agent who follows up.

    A button click arrives as its payload (``/inform_score{"score":"3"}``); we show the value
    the customer picked instead, as that is what they saw.
    """
    lines: list[dict[str, Any]] = []
    for event in session_events(tracker):
        kind = event.get("event")
        if kind not in ("user", "bot"):
            continue
        text = event.get("text")
        if kind == "user" and isinstance(text, str) and text.startswith("/"):
            entities = (event.get("parse_data") or {}).get("entities") or []
            values = [str(e.get("value")) for e in entities if e.get("value") is not None]
            if values:
                text = ", ".join(values)
        if not text:
            continue
        lines.append(
            {
                "role": "user" if kind == "user" else "bot",
                "text": text,
                "timestamp": _iso(event.get("timestamp")),
            }
        )
    return lines


def loop_activation_timestamp(tracker: Tracker, loop_name: str) -> float | None:
    """When ``loop_name`` was last activated; identifies one run of a form."""
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == loop_name:
            timestamp = event.get("timestamp")
            return float(timestamp) if isinstance(timestamp, int | float) else None
    return None


def action_ran(tracker: Tracker, *action_names: str) -> bool:
    """Whether any of ``action_names`` already ran in this conversation session."""
    names = set(action_names)
    return any(
        event.get("event") == "action" and event.get("name") in names
        for event in session_events(tracker)
    )


def bounded_id(value: str, *, limit: int = _MAX_ID_CHARS) -> str:
    """``value`` if short enough for an id column, else a stable digest of it."""
    if len(value) <= limit:
        return value
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()


def survey_idempotency_key(tracker: Tracker, kind: str, loop_name: str) -> str:
    """One key per run of a survey form, so a retried submit stores the answer once.

    Rasa retries an action when the action server answers slowly, and a restarted
    conversation may replay it; the form's activation time is stable across both.
    """
    started = loop_activation_timestamp(tracker, loop_name)
    if started is None:
        # No activation event (should not happen): fall back to the latest user message.
        started = next(
            (
                float(e["timestamp"])
                for e in reversed(tracker.events)
                if e.get("event") == "user" and isinstance(e.get("timestamp"), int | float)
            ),
            0.0,
        )
    return bounded_id(f"{tracker.sender_id}:{kind}:{started!r}")
