"""bot/rule_index.py: the rules found for each turn are the rules Rasa's full scan finds.

In Rasa's virtualenv, with the trained model's RulePolicy loaded as the server loads it:
every turn of the conversation tests (``tests/stories/*.yml``: support, surveys, forms,
languages) and of the training rules and stories is read back step by step, as Rasa's
training check does, and for each step the rules that fit (both lookups, states read by
intent and by text) and the predicted action are compared before and after ``install()``.
A deliberately wrong index (rules filed under another action) must show up as a difference.
"""

from __future__ import annotations

from typing import Any

import pytest

from closedloop.runner import ensure_model
from tests.helpers import model_settings, run_in_rasa

pytestmark = pytest.mark.slow

SCRIPT = """
import glob, json, logging, sys, tempfile
from pathlib import Path
logging.disable(logging.CRITICAL)
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryGraph
from bot import rule_index

storage, metadata = LocalModelStorage.from_model_archive(
    Path(tempfile.mkdtemp()), Path(json.loads(sys.argv[1]))
)
node = next(n for n in metadata.predict_schema.nodes.values() if n.uses is RulePolicy)
policy = RulePolicy.load(
    {**RulePolicy.get_default_config(), **node.config}, storage, node.resource,
    ExecutionContext(metadata.predict_schema),
)
domain = metadata.domain
files = sorted(glob.glob("tests/stories/*.yml") + glob.glob("bot/data/rules/*.yml")
               + glob.glob("bot/data/stories/*.yml"))
steps = []
for path in files:
    steps += YAMLStoryReader(domain, source_name=path).read_from_file(path, skip_validation=True)
trackers = TrainingDataGenerator(
    StoryGraph(steps), domain, augmentation_factor=0, remove_duplicates=False
).generate()

def step_states(tracker):
    running = tracker.init_copy()
    for event in tracker.applied_events():
        if isinstance(event, ActionExecuted):
            yield running
        running.update(event)

def findings():
    found = []
    rule_only = policy._get_rule_only_data()
    for tracker in trackers:
        for running in step_states(tracker):
            for use_text in (False, True):
                states = policy._prediction_states(
                    running, domain, use_text, rule_only_data=rule_only
                )
                step = {
                    lookup: sorted(policy._get_possible_keys(policy.lookup[lookup], states))
                    for lookup in ("rules", "rules_for_loop_unhappy_path")
                }
                step["action"], _key, step["unhappy"] = policy._find_action_from_rules(
                    running, domain, use_text
                )
                found.append(step)
    return found

before = findings()
rule_index.install()
after = findings()

index = rule_index.RuleIndex(policy.lookup["rules"])
rules = len(policy.lookup["rules"])

# A wrong index must be caught: file one rule that fits some step under another action.
fitting = {key for step in before for key in step["rules"]}
victim = next(key for name, keys in sorted(index.by_action.items()) for key in sorted(keys)
              if key in fitting)
wrong = policy.__dict__["_closedloop_rule_indexes"][id(policy.lookup["rules"])]
for keys in wrong.by_action.values():
    keys.discard(victim)
wrong.by_action.setdefault("no_such_action", set()).add(victim)
broken = findings()
print(json.dumps({
    "steps": len(before), "same": before == after, "broken_differs": broken != before,
    "rules": rules, "anywhere": len(index.anywhere), "actions": len(index.by_action),
    "largest": max(len(keys) for keys in index.by_action.values()),
    "with_rules": sum(1 for step in before if step["rules"]),
    "predicted": sum(1 for step in before if step["action"] is not None),
}))
"""


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The script's findings, with the trained model."""
    model = ensure_model(model_settings(tmp_path_factory.mktemp("rules")))
    return run_in_rasa(SCRIPT, str(model))  # type: ignore[no-any-return]


def test_the_same_rules_fit_every_step(findings: dict[str, Any]) -> None:
    assert findings["steps"] > 1000
    assert findings["with_rules"] > 500  # steps where some rule fits
    assert findings["predicted"] > 500
    assert findings["same"]


def test_the_index_leaves_most_rules_unchecked(findings: dict[str, Any]) -> None:
    assert findings["rules"] > 100
    assert findings["actions"] > 20
    assert findings["anywhere"] + findings["largest"] < findings["rules"] / 2


def test_a_rule_filed_under_the_wrong_action_is_noticed(findings: dict[str, Any]) -> None:
    assert findings["broken_differs"]
