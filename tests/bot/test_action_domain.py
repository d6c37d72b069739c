"""bot/action_domain.py: action calls carry the domain without its responses, nothing else changed.

Compared with Rasa 3.6's own ``RemoteAction._action_call_format`` on our domain, in Rasa's
virtualenv: the same body for every action, except that the domain, where Rasa sends one,
has no ``responses``. The served bot goes through it in the end-to-end tests (the order
number form and the session start read the domain they are sent).
"""

from __future__ import annotations

from typing import Any

from tests.helpers import run_in_rasa

SCRIPT = """
import json
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from bot import action_domain

domain = Domain.load("domain.yml")
tracker = DialogueStateTracker.from_events(
    "c", [SlotSet("language", "ka"), UserUttered("where is my order 4711?")], domain.slots
)
names = ["validate_order_number_form", "action_session_start", "action_support_followup"]

def bodies(selective):
    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", enable_selective_domain=selective)
    return [RemoteAction(name, endpoint)._action_call_format(tracker, domain) for name in names]

before = {str(selective): bodies(selective) for selective in (True, False)}
action_domain.install()
after = {str(selective): bodies(selective) for selective in (True, False)}
again = bodies(True)
print(json.dumps({
    "before": before,
    "after": after,
    "built_once": again[0]["domain"] is after["True"][0]["domain"],
}))
"""


def test_the_domain_goes_without_responses_and_nothing_else_changes() -> None:
    result: dict[str, Any] = run_in_rasa(SCRIPT, None)

    with_domain = [body["next_action"] for body in result["before"]["True"] if "domain" in body]
    assert with_domain == [
        "validate_order_number_form",  # Rasa sends it to every validate_* action
        "action_session_start",  # send_domain: true in domain.yml
    ]
    for selective in ("True", "False"):
        for before, after in zip(
            result["before"][selective], result["after"][selective], strict=True
        ):
            domain_before = before.pop("domain", None)
            domain_after = after.pop("domain", None)
            assert after == before  # tracker, action name, sender, version
            assert (domain_before is None) == (domain_after is None)
            if domain_before is not None:
                assert "responses" in domain_before and "utter_greet" in str(domain_before)
                assert domain_after == {
                    key: value for key, value in domain_before.items() if key != "responses"
                }
    assert result["built_once"]
