"""bot/rasa_run.py: Rasa's check of action-server replies, with the validator built once.

The fix must judge every reply as Rasa 3.6's own ``_validate_action_result`` does: the same
replies pass, and a bad reply fails with the same error and message. Run in Rasa's
virtualenv against the installed Rasa; the served bot goes through it in the end-to-end
tests (``closedloop run`` starts Rasa with ``python -m bot.rasa_run``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import run_in_rasa

COMPARE = """
import json, sys
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from bot import rasa_run

action = RemoteAction("action_check", None)
original = RemoteAction._validate_action_result

def outcome(check, reply):
    try:
        return ["ok", check(action, reply)]
    except ValidationError as error:
        return ["error", error.message, list(error.absolute_path)]

replies = json.loads(sys.argv[1])
before = [outcome(original, reply) for reply in replies]
rasa_run.install()
patched = RemoteAction._validate_action_result
after = [outcome(RemoteAction._validate_action_result, reply) for reply in replies]
print(json.dumps({
    "before": before,
    "after": after,
    "by_event": [rasa_run._valid_by_event(reply) for reply in replies],
    "installed": patched is rasa_run.validate_action_result,
}))
"""

REPLIES: list[Any] = [
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "name": "language", "value": "ka", "timestamp": None},
            {"event": "active_loop", "name": None},
            {"event": "followup", "name": "utter_ask_score"},
            {"event": "user_featurization", "use_text_for_featurization": False},
        ],
        "responses": [{"response": "utter_ask_score", "text": None, "buttons": []}],
    },
    {"responses": [{"text": "Your order ships tomorrow."}]},
    {
        "events": [
            {"event": "session_started", "timestamp": 1764690000.5},
            {"event": "action", "name": "action_listen", "policy": None, "confidence": None},
            {
                "event": "user",
                "text": "where is my order 4711?",
                "parse_data": {
                    "intent": {"name": "track_order", "confidence": 0.93},
                    "entities": [{"entity": "order_number", "value": "4711", "start": 18}],
                },
                "input_channel": "rest",
            },
            {"event": "bot", "text": "Your order ships tomorrow.", "data": {}, "metadata": {}},
            {"event": "active_loop", "name": "order_number_form"},
            {"event": "reset_slots"},
            {"event": "action_execution_rejected", "name": "action_track_order"},
        ]
    },
    {"events": [{"event": "not_an_event"}]},
    {"events": [{"event": "slot", "name": "language", "timestamp": "yesterday"}]},
    {"events": [{"event": "user", "parse_data": {"intent": {"confidence": "high"}}}]},
    {"events": [{"event": "action", "name": 7}]},
    {"events": [{"event": "slot", "name": "language", "value": "en"}, 5]},
    {"events": [{"event": "slot"}]},
    {"events": "slot"},
    {"events": [], "responses": "hello"},
    ["not", "an", "object"],
]


def test_replies_are_judged_as_rasa_judges_them() -> None:
    result = run_in_rasa(COMPARE, REPLIES)

    assert result["installed"]
    assert result["after"] == result["before"]
    verdicts = [entry[0] for entry in result["after"]]
    assert verdicts[:4] == ["ok"] * 4
    assert verdicts[4:] == ["error"] * 9
    assert all("Failed to validate Action server response" in e[1] for e in result["after"][4:])
    # The good replies pass event by event, without the full check; no bad reply does.
    assert result["by_event"] == [True] * 4 + [False] * 9


SKIP = """
import asyncio, json, sys
from rasa.core.actions.action import ActionExtractSlots
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from bot import rasa_run

domain = Domain.load("domain.yml")
original = ActionExtractSlots._execute_validation_action

async def run(method, case):
    language, text, extracted = case
    events = [SlotSet("language", language)] if language else []
    events.append(UserUttered(text, {"name": "nlu_fallback", "confidence": 0.5}))
    tracker = DialogueStateTracker.from_events("c", events, domain.slots)
    action = ActionExtractSlots(None)
    calls = []

    async def custom_action(name, *args):
        calls.append(name)
        return []

    action._run_custom_action = custom_action
    slot_events = [SlotSet(name, value) for name, value in extracted]
    result = await method(action, slot_events, None, None, tracker, domain)
    return [[event.key, event.value] for event in result], calls

async def main():
    cases = json.loads(sys.argv[1])
    before = [await run(original, case) for case in cases]
    rasa_run.install()
    rasa_run.install()  # twice, as a test run and the server may: wrapped once
    after = [await run(ActionExtractSlots._execute_validation_action, case) for case in cases]
    print(json.dumps({"before": before, "after": after}))

asyncio.run(main())
"""

CASES: list[Any] = [
    ["en", "where is my order 4711?", []],  # decided, an ordinary message: skipped
    ["ka", "ქართულად", []],  # asks for the language it already has: skipped
    ["en", "ქართულად", []],  # asks for another language: the action decides
    [None, "hello", []],  # not decided yet: the action decides from metadata or text
    ["en", "A12345", [["order_number", "A12345"]]],  # the form's slot: not the action's
    ["en", "hi", [["language", "ka"]]],  # the language slot was extracted: validated
    ["en", "გამარჯობა, სად არის ჩემი შეკვეთა?", []],  # written in another language: decides
    ["ka", "გამარჯობა, სად არის ჩემი შეკვეთა?", []],  # in the language it has: skipped
    ["ka", "where is my order?", []],  # an English sentence on a Georgian page: decides
    ["ka", "A1000003", []],  # says nothing of a language: skipped
]


def test_the_language_check_is_skipped_only_where_it_would_change_nothing() -> None:
    result = run_in_rasa(SKIP, CASES)

    before, after = result["before"], result["after"]
    assert [events for events, _calls in after] == [events for events, _calls in before]
    assert [len(calls) for _events, calls in before] == [1] * 10
    assert [len(calls) for _events, calls in after] == [0, 0, 1, 1, 0, 1, 1, 0, 1, 0]


TRUSTED_TYPES = """
import json, sys
from bot import rasa_run
if json.loads(sys.argv[1]) == "first":
    rasa_run.import_skops_first()
    imported_before_rasa = not any(name.startswith("rasa") for name in sys.modules)
else:
    import rasa.core.agent, rasa.core.actions.action, tensorflow
    imported_before_rasa = False
import skops.io._trusted_types as trusted
print(json.dumps({
    "before_rasa": imported_before_rasa,
    "lists": {name: getattr(trusted, name) for name in dir(trusted) if name.endswith("_NAMES")},
}))
"""


@pytest.mark.slow
def test_skops_imported_first_trusts_the_same_types() -> None:
    """skops' trusted-type lists depend on what is in ``sys.modules`` when it is imported:
    imported first (fast) they must be those it builds inside a loaded Rasa server."""
    first = run_in_rasa(TRUSTED_TYPES, "first")
    late = run_in_rasa(TRUSTED_TYPES, "late")

    assert first["before_rasa"]
    assert len(first["lists"]) >= 4
    assert all(first["lists"].values())
    assert first["lists"] == late["lists"]
