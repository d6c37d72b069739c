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
from collections import Counter
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker

from bot.actions.language import DEFAULT_LANGUAGE, supported_language
from bot.actions.metadata import (
    metadata_customer_id,
    metadata_language,
    metadata_slug,
)
from feedback_api.transcript import Line, lines_from_events, parse_time
from sentiment import detect_language

logger = logging.getLogger(__name__)

DEFAULT_CHANNEL = "web"
METADATA_KEYS = ("customer_id", "campaign", "language", "channel")
# The intent a website or campaign sends to start the NPS survey: through Rasa's
# trigger_intent endpoint (values as entities) or as a "/start_nps" message from the widget
# (values as message metadata).
TRIGGER_INTENT = "start_nps"
# Set by the Rasa server on a session it cut to its last turns (bot/tracker_window.py): where
# the transcript's run of messages begins if earlier ones are left out, and the messages of
# the turns before the cut, text only.
HISTORY_FROM_KEY = "closedloop_history_from"
EARLIER_KEY = "closedloop_earlier"
EARLIER_MESSAGES_LEFT_OUT = "Earlier messages of this conversation are left out here"
MAX_ID_CHARS = 255  # the id columns (sender, idempotency key) are String(255)


@dataclass(frozen=True)
class ConversationContext:
    """Who is talking and through what, with safe defaults for anything missing or invalid.

    ``language_known`` is False when ``language`` is only the default (no metadata, no
    ``language`` slot): :meth:`language_for` may then read it from the customer's words.
    """

    customer_id: str | None = None
    campaign: str | None = None
    language: str = DEFAULT_LANGUAGE
    channel: str = DEFAULT_CHANNEL
    language_known: bool = False

    def language_for(self, text: str | None) -> str:
        """The language to store an answer with: the known one, else the script of ``text``.

        Script detection only tells Georgian, Armenian and Amharic apart from the rest, which
        is exactly what the sentiment analyzers need to pick a model.
        """
        if self.language_known or not text:
            return self.language
        return detect_language(text, default=self.language)


def session_events(tracker: Tracker) -> list[dict[str, Any]]:
    """The events of the current conversation session (Rasa sends all sessions)."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "session_started":
            return events[index + 1 :]
    return events


def _intent_name(event: dict[str, Any]) -> str | None:
    intent = (event.get("parse_data") or {}).get("intent") or {}
    name = intent.get("name") if isinstance(intent, dict) else None
    return name if isinstance(name, str) else None


def trigger_values(event: dict[str, Any]) -> dict[str, Any]:
    """What a survey trigger carried: its entities (trigger_intent) and its metadata."""
    values: dict[str, Any] = {}
    for entity in (event.get("parse_data") or {}).get("entities") or []:
        if isinstance(entity, dict) and entity.get("entity") in METADATA_KEYS:
            values.setdefault(entity["entity"], entity.get("value"))
    metadata = event.get("metadata")
    if isinstance(metadata, dict):
        for key in METADATA_KEYS:
            values.setdefault(key, metadata.get(key))
    return {key: value for key, value in values.items() if value not in (None, "")}


def latest_trigger(tracker: Tracker) -> dict[str, Any] | None:
    """The latest survey trigger (``start_nps``) of this session, if any."""
    for event in reversed(session_events(tracker)):
        if event.get("event") == "user" and _intent_name(event) == TRIGGER_INTENT:
            trigger: dict[str, Any] = event
            return trigger
    return None


def first_metadata(tracker: Tracker) -> dict[str, Any]:
    """For each known key, the value from the first user message that carried it.

    A survey trigger of this session comes first (a campaign that starts the survey names
    the campaign the answer belongs to), then the current session (a returning customer may
    come from a new campaign), then earlier sessions, then the latest message as Rasa's SDK
    parsed it.
    """
    trigger = latest_trigger(tracker)
    sources: list[object] = [trigger_values(trigger)] if trigger is not None else []
    user_events = [e for e in session_events(tracker) if e.get("event") == "user"]
    user_events += [e for e in tracker.events if e.get("event") == "user"]
    sources += [event.get("metadata") for event in user_events]
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
    """The conversation's context from metadata; the language from the ``language`` slot first.

    Invalid values are dropped with a warning instead of failing the survey later: a
    malformed campaign tag from a widget must not cost us the customer's answer.
    """
    metadata = first_metadata(tracker)

    customer_id = metadata_customer_id(metadata.get("customer_id"))
    campaign = metadata_slug(metadata.get("campaign"), "campaign")
    channel = metadata_slug(metadata.get("channel"), "channel") or DEFAULT_CHANNEL

    language, known = DEFAULT_LANGUAGE, False
    # The slot first: it follows the customer's "English please"; the page's tag is what
    # the conversation started with.
    for candidate in (tracker.get_slot("language"), metadata.get("language")):
        found = metadata_language(candidate)
        if found is not None:
            language, known = found, True
            break
    return ConversationContext(
        customer_id=customer_id,
        campaign=campaign,
        language=language,
        channel=channel,
        language_known=known,
    )


def conversation_language(tracker: Tracker) -> str:
    """The language to answer in: the ``language`` slot (:mod:`bot.actions.session` keeps it
    one we answer in); English before it is decided."""
    return supported_language(tracker.get_slot("language")) or DEFAULT_LANGUAGE


def transcript(tracker: Tracker) -> list[dict[str, Any]]:
    """This session's user and bot messages, oldest first, for the agent who follows up.

    In a session longer than the Rasa server's ``history_turns``, Rasa sends the first
    messages that carried the customer's details, the messages of the turns before its
    window as text (up to ``transcript_turns`` user turns in all) and the window itself; if
    even earlier messages are left out, a line says where (the agent console's live view has
    them all).

    Built by :func:`feedback_api.transcript.lines_from_events`, the builder the agent
    console uses for the live conversation too, so the saved copy reads the same.
    """
    events = session_events(tracker)
    mark = _window_mark(tracker)
    earlier = mark.get(EARLIER_KEY)
    if isinstance(earlier, list) and earlier:
        events = _merged(events, [event for event in earlier if isinstance(event, dict)])
    lines = [line for line in lines_from_events(events, mark_sessions=False) if line.text]
    started = mark.get(HISTORY_FROM_KEY)
    if isinstance(started, int | float):  # a long session: earlier messages are left out
        position = next((i for i, line in enumerate(lines) if _at_or_after(line, started)), 0)
        lines.insert(position, Line("session", EARLIER_MESSAGES_LEFT_OUT, parse_time(started)))
    return [line.snapshot() for line in lines]


def _window_mark(tracker: Tracker) -> dict[str, Any]:
    """The metadata of this session's start, where the Rasa server marks a session it cut
    to its last turns (bot/tracker_window.py: ``HISTORY_FROM_KEY``, ``EARLIER_KEY``)."""
    for event in reversed(list(tracker.events)):
        if event.get("event") == "session_started":
            metadata = event.get("metadata")
            return metadata if isinstance(metadata, dict) else {}
    return {}


def _merged(events: list[dict[str, Any]], earlier: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``events`` and the earlier messages in time order, each message once (a message that
    carried the customer's details is among both)."""
    seen: set[tuple[Any, ...]] = set()
    merged: list[dict[str, Any]] = []
    for event in [*earlier, *events]:
        key = (event.get("event"), event.get("timestamp"), event.get("text"))
        if event.get("event") in ("user", "bot"):
            if key in seen:
                continue
            seen.add(key)
        merged.append(event)
    return sorted(merged, key=lambda event: _seconds(event.get("timestamp")))


def _seconds(value: object) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _at_or_after(line: Line, started: float) -> bool:
    return line.timestamp is not None and line.timestamp.timestamp() >= started


def loop_activation_timestamp(tracker: Tracker, loop_name: str) -> float | None:
    """When ``loop_name`` was last activated; identifies one run of a form."""
    return _activation_timestamp(tracker.events, loop_name)


def _activation_timestamp(events: list[dict[str, Any]], loop_name: str) -> float | None:
    for event in reversed(events):
        if event.get("event") == "active_loop" and event.get("name") == loop_name:
            timestamp = event.get("timestamp")
            return float(timestamp) if isinstance(timestamp, int | float) else None
    return None


def responses_in_loop_run(tracker: Tracker, loop_name: str) -> Counter[str]:
    """How often each response was sent since ``loop_name`` was last activated.

    Rasa notes the response name of every bot message (``metadata.utter_action``), so a form
    can tell "asked again once already" from the tracker alone, with no counter slot.
    """
    counts: Counter[str] = Counter()
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == loop_name:
            break
        if event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
            if isinstance(name, str):
                counts[name] += 1
    return counts


def said_before_latest_message(tracker: Tracker) -> str:
    """The response the bot said last before the customer's latest message ("" if none).

    What a message answers: a phone number after "type your e-mail or phone" is a contact,
    a score after the CSAT thank-you a correction of that answer.
    """
    said = responses_before_latest_message(tracker, 1)
    return said[0] if said else ""


def responses_before_latest_message(tracker: Tracker, count: int) -> list[str]:
    """The bot's last ``count`` responses before the customer's latest message, newest first
    ("" for a message that was not a named response)."""
    events = session_events(tracker)
    users = [index for index, event in enumerate(events) if event.get("event") == "user"]
    names: list[str] = []
    for event in reversed(events[: users[-1]] if users else []):
        if event.get("event") == "bot" and len(names) < count:
            name = (event.get("metadata") or {}).get("utter_action")
            names.append(name if isinstance(name, str) else "")
    return names


def previous_message_text(tracker: Tracker) -> str | None:
    """What the customer wrote before their latest message in this session, if anything."""
    texts = [event.get("text") for event in session_events(tracker) if event.get("event") == "user"]
    previous = texts[-2] if len(texts) > 1 else None
    return previous if isinstance(previous, str) else None


def handled_since_latest_message(tracker: Tracker, ignore: tuple[str, ...]) -> bool:
    """Whether an action other than ``ignore`` ran after the customer's latest message.

    A form validation sees the form coming back after a digression (the support answer ran
    in between) differently from the form reading the message that was just sent.
    """
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return False
        if kind == "action" and event.get("name") not in ignore:
            return True
    return False


def said_since_latest_message(tracker: Tracker, response: str) -> bool:
    """Whether the bot said ``response`` after the customer's latest message: a form's
    validation that offered the customer's two scores as buttons ("Please pick one number:
    7 or 8") is not followed by the whole question again."""
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return False
        if kind == "bot" and (event.get("metadata") or {}).get("utter_action") == response:
            return True
    return False


def action_ran(tracker: Tracker, *action_names: str) -> bool:
    """Whether any of ``action_names`` already ran in this conversation session."""
    names = set(action_names)
    return any(
        event.get("event") == "action" and event.get("name") in names
        for event in session_events(tracker)
    )


def bounded_id(value: str, *, limit: int = MAX_ID_CHARS) -> str:
    """``value`` if short enough for an id column, else a stable digest of it."""
    if len(value) <= limit:
        return value
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()


def survey_idempotency_key(tracker: Tracker, kind: str, loop_name: str) -> str:
    """One key per run of a survey form, so a retried submit stores the answer once.

    A run is named by the customer's message it started after and how many runs of the
    form started since that message (almost always one). Not by the activation event's own
    time alone: Rasa stamps that again when it keeps the event, so a form that starts with
    its answer in it ("I'd recommend you, 10") sees another time while validating it than
    every later step does, and the answer stored then would be a second answer. The run is
    found by its activation event, which a recovered or compacted conversation may repeat
    later with the same time (bot/tracker_window.py): the first event with that time is
    where the run started. The message is stable across Rasa's retries of a slow action and
    a replayed conversation.
    """
    return run_key(tracker.events, tracker.sender_id, kind, loop_name)


def run_key(events: list[dict[str, Any]], sender_id: str, kind: str, loop_name: str) -> str:
    """:func:`survey_idempotency_key` of the conversation ``events`` (another run's key: the
    events up to its end)."""
    starts = [
        index
        for index, event in enumerate(events)
        if event.get("event") == "active_loop" and event.get("name") == loop_name
    ]
    started: float | None = None
    runs = 0
    if starts:
        stamp = events[starts[-1]].get("timestamp")
        first = next(index for index in starts if events[index].get("timestamp") == stamp)
        before = next(
            (i for i in range(first - 1, -1, -1) if events[i].get("event") == "user"), None
        )
        if before is not None and isinstance(events[before].get("timestamp"), int | float):
            started = float(events[before]["timestamp"])
            runs = len({events[i].get("timestamp") for i in starts if before < i <= first})
    if started is None:
        # No message before the form (should not happen): its activation time.
        started = _activation_timestamp(events, loop_name) or 0.0
    return bounded_id(f"{sender_id}:{kind}:{started!r}:{runs}")


def latest_intent(tracker: Tracker) -> tuple[str | None, float]:
    """The NLU's intent for the latest message and its confidence (0 when unknown)."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    name = intent.get("name")
    confidence = intent.get("confidence")
    return (
        name if isinstance(name, str) else None,
        float(confidence) if isinstance(confidence, int | float) else 0.0,
    )


def latest_text(tracker: Tracker) -> str:
    """The latest message's text ("" when there is none)."""
    text = (tracker.latest_message or {}).get("text")
    return text if isinstance(text, str) else ""
