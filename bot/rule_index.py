"""Rasa's search for the rules that fit a turn, starting from the rules that can fit it.

Why: to predict each next action, ``RulePolicy._get_possible_keys`` checks *every* learned
rule against the conversation's latest state, then the survivors against the state before,
and so on; it runs once or twice per prediction (the loop's unhappy-path rules too), 3-4
predictions a chat turn. Our bot has 162 rules (forms, surveys, support answers), and
nearly all fail on the first comparison: the rule's last state names an action the
conversation did not just run. On every step of our conversation tests a search took
0.108 ms, 0.019 ms with the index (docs/performance.md, "The policies: states carried on,
rules indexed").

:func:`install` gives each lookup of rules an index by that action: the rules whose last
state names the action the conversation just ran, plus those whose last state names none
(conversation starts, rules on text). Every rule left out is one Rasa's own check rejects
at the latest state, so the candidates then go through Rasa's own ``_is_rule_applicable``
for every state, as before: the same rules come out, only the hopeless ones are not
checked. The index belongs to one lookup dictionary of one policy (Rasa replaces, never
edits, a lookup when it trains or loads), and is built again if that dictionary changes size.
"""

from __future__ import annotations

import json
from typing import Any

_ANY_ACTION = ""
"""The index's entry for rules whose latest state names no previous action."""


def _last_action(state: dict[str, Any]) -> str:
    """The action name a state says was run last, or :data:`_ANY_ACTION`.

    For a rule's state, any other value (no previous action, an action text, a value that
    must *not* be set) makes Rasa's check of that state depend on more than the name, so
    such a rule is a candidate whatever the conversation ran.
    """
    from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
    from rasa.shared.nlu.constants import ACTION_NAME

    name = (state.get(PREVIOUS_ACTION) or {}).get(ACTION_NAME)
    if isinstance(name, str) and name and name != SHOULD_NOT_BE_SET:
        return name
    return _ANY_ACTION


class RuleIndex:
    """The keys of one rule lookup, grouped by the action their last state names."""

    def __init__(self, lookup: dict[str, Any]) -> None:
        """Reads every rule key of ``lookup`` once (keys are JSON lists of states)."""
        self.lookup = lookup  # held, so that the dictionary's id stays its own
        self.size = len(lookup)
        self.by_action: dict[str, set[str]] = {}
        for key in lookup:
            states = json.loads(key)
            action = _last_action(states[-1]) if states else _ANY_ACTION
            self.by_action.setdefault(action, set()).add(key)
        self.anywhere = self.by_action.pop(_ANY_ACTION, set())

    def candidates(self, latest_state: dict[str, Any]) -> set[str]:
        """The rules that may fit a conversation whose latest state is ``latest_state``."""
        action = _last_action(latest_state)
        if action == _ANY_ACTION:
            return set(self.anywhere)
        return self.anywhere | self.by_action.get(action, set())


def install() -> None:
    """Have Rasa's RulePolicy check only the candidate rules (module docstring)."""
    from rasa.core.policies.rule_policy import RulePolicy

    if getattr(RulePolicy._get_possible_keys, "uses_index", False):
        return

    def index_of(policy: Any, lookup: dict[str, Any]) -> RuleIndex:
        indexes: dict[int, RuleIndex] = policy.__dict__.setdefault("_closedloop_rule_indexes", {})
        index = indexes.get(id(lookup))
        if index is None or index.lookup is not lookup or index.size != len(lookup):
            index = indexes[id(lookup)] = RuleIndex(lookup)
        return index

    def get_possible_keys(self: Any, lookup: dict[str, Any], states: list[Any]) -> set[str]:
        if not states:
            return set(lookup)
        possible_keys = index_of(self, lookup).candidates(states[-1])
        for turn_index, state in enumerate(reversed(states)):
            possible_keys = {
                key for key in possible_keys if self._is_rule_applicable(key, turn_index, state)
            }
        return possible_keys

    get_possible_keys.uses_index = True  # type: ignore[attr-defined]
    RulePolicy._get_possible_keys = get_possible_keys  # type: ignore[method-assign]
