"""The dialogue states of a conversation, carried on from the previous prediction.

Why: before each prediction (3-4 a chat turn), MemoizationPolicy and RulePolicy ask Rasa
for the conversation's states (``Domain.states_for_tracker_history``): Rasa copies the
tracker empty, replays every event of the session into it and builds a state (user, 46
slots, previous action, loop) before each action. Between two predictions of a turn only
one or two events are new, yet everything is replayed: the two policies took 9 of a 46 ms
turn under a profiler, four fifths of it in this replay (docs/performance.md, "The
policies: states carried on, rules indexed").

:func:`install` keeps, per tracker and per way of asking, the replayed copy and the states
built so far. When the tracker's applied events still begin with the events replayed
(the same event objects, in order), only the new ones are replayed and their states built,
by the same steps as Rasa's loop; otherwise (an event reverted, a restart, another domain,
other rule-only data, a tracker not seen recently) everything is built as Rasa builds it.
The state after the last event is built on every call and never kept, since the next event
changes it. Callers edit the states they get (Rasa's featurizers drop the text or the intent
of the latest message), so each call hands out fresh copies, shared the way Rasa's own
result shares them.
"""

from __future__ import annotations

import copy
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

KEPT_TRACKERS = 256
"""Conversations whose states are kept (the least recently asked are forgotten)."""


@dataclass
class _Replay:
    """Rasa's loop over a tracker's history, stopped after the events replayed so far."""

    domain: Any
    rule_only_data: Any
    events: list[Any]
    tracker: Any  # the copy the events were replayed into
    states: list[dict[str, Any]] = field(default_factory=list)
    last_ml_action_sub_state: Any = None
    turn_was_hidden: bool = False

    def step(
        self, hide_rule_turn: bool, omit_unset_slots: bool, ignore_rule_only_turns: bool
    ) -> None:
        """One pass of Rasa's loop body for the replayed copy as it stands (its state, kept)."""
        state = self.state_now(hide_rule_turn, omit_unset_slots, ignore_rule_only_turns)
        if state is not None:
            self.states.append(state)

    def state_now(
        self, hide_rule_turn: bool, omit_unset_slots: bool, ignore_rule_only_turns: bool
    ) -> dict[str, Any] | None:
        """The state Rasa's loop appends for the copy as it stands, or ``None`` if hidden.

        Line for line ``Domain.states_for_tracker_history``'s loop body (Rasa 3.6); it
        updates this replay's ``last_ml_action_sub_state`` and ``turn_was_hidden`` as the
        loop's variables.
        """
        from rasa.shared.core.constants import PREVIOUS_ACTION

        domain, tr = self.domain, self.tracker
        if ignore_rule_only_turns:
            if not self.turn_was_hidden:
                self.last_ml_action_sub_state = domain._get_prev_action_sub_state(tr)
            if not tr.followup_action and not tr.latest_action_name == tr.active_loop_name:
                self.turn_was_hidden = hide_rule_turn
            if self.turn_was_hidden:
                return None
        state: dict[str, Any] = domain.get_active_state(tr, omit_unset_slots=omit_unset_slots)
        if ignore_rule_only_turns:
            domain._remove_rule_only_features(state, self.rule_only_data)
            if self.states:
                domain._substitute_rule_only_user_input(state, self.states[-1])
            if self.last_ml_action_sub_state:
                state[PREVIOUS_ACTION] = self.last_ml_action_sub_state
        return domain._clean_state(state)  # type: ignore[no-any-return]


def _copies(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fresh states and sub-states; a sub-state shared by two states stays shared."""
    copied: dict[int, dict[str, Any]] = {}
    result = []
    for state in states:
        new = {}
        for kind, sub_state in state.items():
            twin = copied.get(id(sub_state))
            if twin is None:
                twin = copied[id(sub_state)] = dict(sub_state)
            new[kind] = twin
        result.append(new)
    return result


def _continues(replay: _Replay, domain: Any, rule_only_data: Any, events: list[Any]) -> bool:
    """Whether ``events`` are the replayed events and maybe more, for the same domain and data.

    Rule-only data counts by value: RulePolicy builds a new dictionary for each call.
    """
    done = replay.events
    return (
        replay.domain is domain
        and replay.rule_only_data == rule_only_data
        and len(events) >= len(done)
        and all(old is new for old, new in zip(done, events, strict=False))
    )


class StatesCache:
    """Replays kept per tracker (by identity, for :data:`KEPT_TRACKERS` trackers)."""

    def __init__(self, size: int = KEPT_TRACKERS) -> None:
        self.size = size
        # Rasa predicts on its event loop's thread; the lock keeps a replay whole should
        # another thread (a test runner, an embedding application) ask at the same time.
        # Re-entrant: replaying into a training tracker (TrackerWithCachedStates) asks for
        # the states of the copy from within its ``update``.
        self._lock = threading.RLock()
        self._kept: OrderedDict[int, tuple[weakref.ref[Any], dict[tuple[bool, bool], _Replay]]]
        self._kept = OrderedDict()

    def replays_of(self, tracker: Any) -> dict[tuple[bool, bool], _Replay]:
        """The tracker's replays by (omit_unset_slots, ignore_rule_only_turns); new if unknown."""
        key = id(tracker)
        kept = self._kept.pop(key, None)
        if kept is None or kept[0]() is not tracker:
            kept = (weakref.ref(tracker), {})
        self._kept[key] = kept
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
        return kept[1]

    def states(
        self,
        domain: Any,
        tracker: Any,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        """``domain.states_for_tracker_history(tracker, ...)``, replaying only new events."""
        from rasa.shared.core.events import ActionExecuted

        with self._lock:
            events = tracker.applied_events()  # a new list on every call
            replays = self.replays_of(tracker)
            way = (omit_unset_slots, ignore_rule_only_turns)
            replay = replays.get(way)
            if replay is None or not _continues(replay, domain, rule_only_data, events):
                replay = _Replay(domain, copy.deepcopy(rule_only_data), [], tracker.init_copy())
                replays[way] = replay
            for event in events[len(replay.events) :]:
                if isinstance(event, ActionExecuted):
                    replay.step(event.hide_rule_turn, omit_unset_slots, ignore_rule_only_turns)
                replay.tracker.update(event)
            replay.events = events
            # The state after the last event, on a throwaway copy of the loop's variables.
            final = replace(replay).state_now(False, omit_unset_slots, ignore_rule_only_turns)
            return _copies(replay.states + ([final] if final is not None else []))


def install() -> None:
    """Have Rasa build a tracker's states through a :class:`StatesCache` (module docstring)."""
    from rasa.shared.core.domain import Domain

    if getattr(Domain.states_for_tracker_history, "carries_on", False):
        return
    cache = StatesCache()

    def states_for_tracker_history(
        self: Any,
        tracker: Any,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        return cache.states(self, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data)

    states_for_tracker_history.carries_on = True  # type: ignore[attr-defined]
    Domain.states_for_tracker_history = states_for_tracker_history  # type: ignore[method-assign]
