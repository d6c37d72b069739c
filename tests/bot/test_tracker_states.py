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
import copy, glob, json, logging, sys, tempfile
from pathlib import Path
logging.disable(logging.CRITICAL)
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActionReverted, Restarted, UserUttered, UserUtteranceReverted,
)
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryGraph
from bot import tracker_states

storage, metadata = LocalModelStorage.from_model_archive(
    Path(tempfile.mkdtemp()), Path(json.loads(sys.argv[1]))
)
node = next(n for n in metadata.predict_schema.nodes.values() if n.uses is RulePolicy)
policy = RulePolicy.load(
    {**RulePolicy.get_default_config(), **node.config}, storage, node.resource,
    ExecutionContext(metadata.predict_schema),
)
domain = metadata.domain
rule_only = policy._get_rule_only_data()
files = sorted(glob.glob("tests/stories/*.yml") + glob.glob("bot/data/rules/*.yml")
               + glob.glob("bot/data/stories/*.yml"))
steps = []
for path in files:
    steps += YAMLStoryReader(domain, source_name=path).read_from_file(path, skip_validation=True)
trackers = TrainingDataGenerator(
    StoryGraph(steps), domain, augmentation_factor=0, remove_duplicates=False
).generate()

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
