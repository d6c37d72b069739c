"""bot/tracker_states.py: the states carried on between predictions are the states Rasa builds.

In Rasa's virtualenv, with the trained model's domain and rule-only data: every conversation
of the conversation tests and of the training rules and stories grows one event at a time
in one tracker, as in a served turn (also with some rule turns hidden, as a served
RulePolicy marks them), and after each event the states are built by Rasa's own method and
by the installed one, every way the policies ask (slots left out or not, rule-only turns
ignored or not, with and without rule-only data). They must be equal, with the same
sub-states shared between states, and what a caller edits in a result must not reach the
next result. Conversations that go back (an event reverted, a restart) and one tracker
asked alternately with two domains are built anew, and must be equal too.
"""

from __future__ import annotations

from typing import Any

import pytest

from closedloop.runner import ensure_model
from tests.helpers import model_settings, run_in_rasa

pytestmark = pytest.mark.slow

SCRIPT = """
import json, logging, sys
logging.disable(logging.CRITICAL)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActionReverted, Restarted, UserUttered, UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker
from bot import tracker_states
from tests.bot.rasa_conversations import conversation_trackers, trained_rule_policy

policy, domain = trained_rule_policy(json.loads(sys.argv[1]))
rule_only = policy._get_rule_only_data()
trackers = conversation_trackers(domain)

rasas = Domain.states_for_tracker_history
tracker_states.install()
ours = Domain.states_for_tracker_history
WAYS = [
    (omit, ignore, data)
    for omit in (False, True) for ignore in (False, True) for data in (rule_only, None)
]

def sharing(states):
    seen = {}
    return [[seen.setdefault(id(sub), len(seen)) for sub in state.values()] for state in states]

found = {"hidden": 0, "compared": 0, "different": [], "shared_differently": 0, "edits_leaked": 0,
         "with_states": 0}

def compare(tracker, label, the_domain=domain):
    for omit, ignore, data in WAYS:
        expected = rasas(the_domain, tracker, omit, ignore, data)
        got = ours(the_domain, tracker, omit, ignore, data)
        found["compared"] += 1
        found["with_states"] += len(got) > 1
        found["hidden"] += ignore and len(rasas(the_domain, tracker, omit, False, data)) > len(got)
        if got != expected:
            found["different"].append(label)
        if sharing(got) != sharing(expected):
            found["shared_differently"] += 1
        for state in got:  # a caller's edits, as Rasa's featurizers make them
            for sub_state in state.values():
                sub_state.clear()
        if ours(the_domain, tracker, omit, ignore, data) != expected:
            found["edits_leaked"] += 1

def hiding(events, every):
    # As served: an action predicted by a rule that no story has is hidden from the ML
    # policies (ActionExecuted.hide_rule_turn); training trackers never hide one.
    hidden = []
    for number, event in enumerate(events):
        if isinstance(event, ActionExecuted) and event.action_name != "action_listen" and (
            number % every == 0
        ):
            event = ActionExecuted(event.action_name, event.policy, event.confidence,
                                   event.timestamp, event.metadata, event.action_text,
                                   hide_rule_turn=True)
        hidden.append(event)
    return hidden

for number, source in enumerate(trackers):
    for every in (0, 2, 3):
        events = source.applied_events()
        tracker = source.init_copy()
        tracker.sender_id = f"t{number}-{every}"
        for event in hiding(events, every) if every else events:
            tracker.update(event)
            compare(tracker, source.sender_id)

# Going back: a reverted user message and action, then a restart, in one growing tracker.
flow = next(t for t in trackers if sum(isinstance(e, UserUttered) for e in t.events) >= 2)
tracker = flow.init_copy()
back = {"reverted": 0}
for event in flow.applied_events():
    tracker.update(event)
    compare(tracker, "going back")
    if isinstance(event, ActionExecuted) and back["reverted"] < 2:
        tracker.update(ActionReverted() if back["reverted"] else UserUtteranceReverted())
        back["reverted"] += 1
        compare(tracker, "reverted")
tracker.update(Restarted())
compare(tracker, "restarted")
for event in flow.applied_events()[:6]:
    tracker.update(event)
    compare(tracker, "after restart")

# One tracker, two domains asked in turn (another model loaded beside).
other = Domain.from_dict(domain.as_dict())
for event_count in (3, 6, 9):
    tracker = DialogueStateTracker.from_events("two", flow.applied_events()[:event_count],
                                               domain.slots)
    compare(tracker, "domain", domain)
    compare(tracker, "other domain", other)

found["different"] = sorted(set(found["different"]))
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The script's findings, with the trained model."""
    model = ensure_model(model_settings(tmp_path_factory.mktemp("states")))
    return run_in_rasa(SCRIPT, str(model))  # type: ignore[no-any-return]


def test_the_states_are_rasas(findings: dict[str, Any]) -> None:
    assert findings["compared"] > 30_000
    assert findings["hidden"] > 1_000  # states of hidden rule turns left out
    assert findings["with_states"] > 5_000
    assert findings["different"] == []


def test_shared_sub_states_are_shared_alike(findings: dict[str, Any]) -> None:
    assert findings["shared_differently"] == 0


def test_a_callers_edits_do_not_reach_the_next_result(findings: dict[str, Any]) -> None:
    assert findings["edits_leaked"] == 0
