"""A conversation's tracker cut to its last turns, in the state the whole session left it.

Rasa 3.6 works on every event of the session on every turn: each custom action call sends
them all to the action server (``RemoteAction``, ``EventVerbosity.ALL``) and the policies
compute their states over the whole tracker. So a turn costs more the longer the session
(docs/performance.md, "Long conversations"). :func:`compact` builds the tracker Rasa is
handed for the next turn (bot/tracker_store.py): the session start, a *snapshot* of what
the cut-off turns left behind, then the last ``turns`` user turns' events unchanged. The
database keeps every event; the snapshot is never stored.

The snapshot is made of the cut-off part's own events (their timestamps kept, so a form
run keeps its identity), in their order:

* the session start (``action_session_start``, ``SessionStarted``), its metadata carrying
  the messages of up to ``transcript_turns`` user turns before the window, text only
  (``EARLIER_KEY``: the transcript our actions save with a case shows them, though Rasa's
  policies never see them), and, where even earlier messages are left out, the time the
  saved transcript's run of messages begins (``HISTORY_FROM_KEY``: the transcript says
  there that earlier messages are left out);
* what our actions read from the whole session (bot/actions/context.py,
  bot/actions/survey_flow.py): the first user message that carried each metadata key
  (``first_metadata``), the latest survey trigger (``latest_trigger``), the first run of the
  actions whose having run matters (``action_ran``, the survey offer) and the first
  activation of each form (``survey_offered_or_started``), then the form closed again;
* every slot that differs from its initial value (with the time it was last set), and a
  pause still in force.

Cuts are made only where the result is provably the same state: before a user turn, never
inside a form run (the form's validations count its questions since its activation: the
window then starts at the turn that started the form), never across a session start, and
the rebuilt tracker must have the same slots, form and pause as the original, or no cut is
made.
"""

from __future__ import annotations

from typing import Any

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker

# What the actions read beyond the last turns (tests/bot/test_tracker_window.py: equal to theirs).
METADATA_KEYS = ("customer_id", "campaign", "language", "channel")  # context.METADATA_KEYS
TRIGGER_INTENT = "start_nps"  # context.TRIGGER_INTENT
ACTIONS_THAT_RAN = ("action_support_followup", "utter_offer_survey")  # survey_flow
# On the handed-out session start: where the saved transcript's run of messages begins, if
# earlier ones are left out (context.HISTORY_FROM_KEY), and the messages of the turns before
# the window that the transcript still shows (context.EARLIER_KEY).
HISTORY_FROM_KEY = "closedloop_history_from"
EARLIER_KEY = "closedloop_earlier"


def compact(
    tracker: DialogueStateTracker, turns: int, slots: list[Slot], transcript_turns: int = 0
) -> DialogueStateTracker | None:
    """``tracker`` with only its last ``turns`` user turns after a snapshot; ``None`` if kept whole.

    The snapshot carries the messages of the turns before the window, text only, so that the
    saved transcript shows ``transcript_turns`` user turns in all. ``None`` when the tracker is
    short enough, or where no sound cut exists (module docstring): the caller then hands out
    the tracker as it is.
    """
    events = list(tracker.events)
    users = [index for index, event in enumerate(events) if isinstance(event, UserUttered)]
    if turns <= 0 or len(users) <= turns:
        return None
    cut = users[-turns]
    if cut > 0 and _is_listen(events[cut - 1]):
        cut -= 1
    if any(isinstance(event, SessionStarted) for event in events[cut:]):
        return None
    head = DialogueStateTracker.from_events(tracker.sender_id, events[:cut], slots)
    if head.active_loop_name is not None:  # cut before the turn that started the form
        cut = _run_start(events[:cut], head.active_loop_name)
        head = DialogueStateTracker.from_events(tracker.sender_id, events[:cut], slots)
        if cut == 0 or head.active_loop_name is not None:
            return None
    in_window = sum(isinstance(event, UserUttered) for event in events[cut:])
    snapshot = _snapshot(
        head, events[:cut], events[cut].timestamp, max(0, transcript_turns - in_window)
    )
    compacted = DialogueStateTracker.from_events(tracker.sender_id, snapshot + events[cut:], slots)
    if not _same_state(compacted, tracker):
        return None
    return compacted


def _run_start(events: list[Event], loop_name: str) -> int:
    """Where the user turn that activated ``loop_name`` last begins (0 if none does)."""
    activated = max(
        (i for i, e in enumerate(events) if isinstance(e, ActiveLoop) and e.name == loop_name),
        default=0,
    )
    users = [i for i in range(activated) if isinstance(events[i], UserUttered)]
    if not users:
        return 0
    cut = users[-1]
    return cut - 1 if cut > 0 and _is_listen(events[cut - 1]) else cut


def _is_listen(event: Event) -> bool:
    return isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME


def _snapshot(
    head: DialogueStateTracker, events: list[Event], window_start: float, earlier_turns: int
) -> list[Event]:
    """The events that reproduce ``head``'s state and what the actions read from it."""
    start = next(
        (index + 1 for index, event in enumerate(events) if isinstance(event, SessionStarted)), 0
    )
    kept: list[Event] = list(events[: start - 1]) if start else []
    seen_keys: set[str] = set()
    seen_actions: set[str] = set()
    seen_loops: set[str] = set()
    trigger: UserUttered | None = None
    landmarks: list[Event] = []
    for event in head.applied_events():  # after the session start, reverted turns left out
        if isinstance(event, UserUttered):
            metadata: dict[str, Any] = event.metadata or {}
            keys = {key for key in METADATA_KEYS if metadata.get(key) not in (None, "")}
            if keys - seen_keys:
                seen_keys |= keys
                landmarks.append(event)
            if event.intent_name == TRIGGER_INTENT:
                trigger = event
        elif isinstance(event, ActionExecuted) and event.action_name in ACTIONS_THAT_RAN:
            if event.action_name not in seen_actions:
                seen_actions.add(event.action_name)
                landmarks.append(event)
        elif isinstance(event, ActiveLoop) and event.name and event.name not in seen_loops:
            seen_loops.add(event.name)
            landmarks.append(event)
    if trigger is not None and all(event is not trigger for event in landmarks):
        landmarks.append(trigger)
    position = {id(event): index for index, event in enumerate(events)}
    landmarks.sort(key=lambda event: position[id(event)])
    if start:  # marked for the transcript our actions save (module docstring)
        started = events[start - 1]
        old_mark: dict[str, Any] = dict(started.metadata or {})
        earlier, left_out = _earlier_messages(old_mark, events[start:], landmarks, earlier_turns)
        mark = {k: v for k, v in old_mark.items() if k not in (HISTORY_FROM_KEY, EARLIER_KEY)}
        if earlier:
            mark[EARLIER_KEY] = earlier
        if left_out:
            mark[HISTORY_FROM_KEY] = earlier[0]["timestamp"] if earlier else window_start
        kept.append(SessionStarted(timestamp=started.timestamp, metadata=mark))
    kept += landmarks
    if seen_loops:
        kept.append(ActiveLoop(None, timestamp=events[-1].timestamp))
    last_set = {event.key: event for event in events if isinstance(event, SlotSet)}
    for name, slot in head.slots.items():
        if slot.value != slot.initial_value:
            timestamp = last_set[name].timestamp if name in last_set else None
            kept.append(SlotSet(name, slot.value, timestamp=timestamp))
    if head.is_paused():
        kept.append(next(e for e in reversed(events) if isinstance(e, ConversationPaused)))
    return kept


def _earlier_messages(
    old_mark: dict[str, Any], session: list[Event], landmarks: list[Event], turns: int
) -> tuple[list[dict[str, Any]], bool]:
    """The messages of the last ``turns`` user turns before the window, and whether any
    message of the session before them is left out of the saved transcript.

    A tracker cut before (this process's kept copy) holds the earlier messages in its
    session start's mark, not as events: they are read back from there.
    """
    known: dict[tuple[Any, ...], dict[str, Any]] = {}
    for message in [*old_mark.get(EARLIER_KEY, []), *map(_message, session)]:
        if message is not None:
            known.setdefault((message["event"], message["timestamp"], message["text"]), message)
    messages = sorted(known.values(), key=lambda message: message["timestamp"])
    users = [i for i, message in enumerate(messages) if message["event"] == "user"]
    if turns <= 0:
        first = len(messages)
    elif turns >= len(users):
        first = 0
    else:
        first = users[-turns]
    kept, before = messages[first:], messages[:first]
    shown = {(event.timestamp, event.text) for event in landmarks if isinstance(event, UserUttered)}
    left_out = HISTORY_FROM_KEY in old_mark or any(
        message["event"] == "user" and (message["timestamp"], message["text"]) not in shown
        for message in before
    )
    return kept, left_out


def _message(event: Event) -> dict[str, Any] | None:
    """A user or bot message as the transcript builder reads it, without Rasa's parse data."""
    if isinstance(event, UserUttered):
        entities = [{"value": entity.get("value")} for entity in event.entities or []]
        external = bool((event.metadata or {}).get("is_external"))
        return {
            "event": "user",
            "text": event.text,
            "timestamp": event.timestamp,
            "metadata": {"is_external": True} if external else {},
            "parse_data": {"entities": entities},
        }
    if isinstance(event, BotUttered):
        buttons = (event.data or {}).get("buttons")
        return {
            "event": "bot",
            "text": event.text,
            "timestamp": event.timestamp,
            "data": {"buttons": buttons} if buttons else {},
        }
    return None


def _same_state(compacted: DialogueStateTracker, original: DialogueStateTracker) -> bool:
    """Whether Rasa would see the same conversation state in both (a guard on the snapshot)."""
    return (
        compacted.current_slot_values() == original.current_slot_values()
        and compacted.active_loop_name == original.active_loop_name
        and compacted.is_paused() == original.is_paused()
        and compacted.latest_message == original.latest_message
        and compacted.latest_action == original.latest_action
        and compacted.followup_action == original.followup_action
    )
