"""bot/rasa_run.py: Rasa's check of action-server replies, with the validator built once.

The fix must judge every reply as Rasa 3.6's own ``_validate_action_result`` does: the same
replies pass, and a bad reply fails with the same error and message. Run in Rasa's
virtualenv against the installed Rasa; the served bot goes through it in the end-to-end
tests (``closedloop run`` starts Rasa with ``python -m bot.rasa_run``).
"""

from __future__ import annotations

from typing import Any

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
    {"events": [{"event": "not_an_event"}]},
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
    assert verdicts[:3] == ["ok", "ok", "ok"]
    assert verdicts[3:] == ["error"] * 5
    assert all("Failed to validate Action server response" in e[1] for e in result["after"][3:])
