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
import json, logging, sys
logging.disable(logging.CRITICAL)
from rasa.shared.core.events import ActionExecuted
from bot import rule_index
from tests.bot.rasa_conversations import conversation_trackers, trained_rule_policy

policy, domain = trained_rule_policy(json.loads(sys.argv[1]))
trackers = conversation_trackers(domain)

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
