"""bot/event_types.py: Rasa resolves every event name as before, from a table.

In Rasa's virtualenv, against Rasa 3.6's own ``Event.resolve_by_type``: every event name,
the names Rasa treats specially ("topic", an unknown one, with and without a default), an
event class defined after the table was built, and a whole conversation read back from
Rasa's own serialised form.
"""

from __future__ import annotations

from typing import Any

from tests.helpers import run_in_rasa

SCRIPT = """
import json
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered, deserialise_events
from rasa.shared.utils.common import all_subclasses
from bot import event_types

def outcome(name, default=None):
    try:
        found = Event.resolve_by_type(name, default)
    except ValueError as error:
        return "ValueError: " + str(error)
    return None if found is None else found.__name__

names = sorted({cls.type_name for cls in all_subclasses(Event)})
special = [("topic", None), ("no_such_event", None), ("no_such_event", "slot")]

def outcomes():
    by_name = [outcome(name) for name in names]
    by_default = [outcome(name, SlotSet if default else None) for name, default in special]
    return by_name + by_default

conversation = [
    UserUttered("where is my order A1234567?", {"name": "track_order", "confidence": 0.9}),
    SlotSet("order_number", "A1234567"),
    ActionExecuted("action_lookup_order"),
]
serialised = [event.as_dict() for event in conversation]
before = outcomes()
rasa_read = [event.as_dict() for event in deserialise_events(serialised)]
event_types.install()
event_types.install()
after = outcomes()
table_read = [event.as_dict() for event in deserialise_events(serialised)]

class LaterEvent(ActionExecuted):
    type_name = "later_event"

print(json.dumps({
    "names": names,
    "before": before,
    "after": after,
    "same_read": rasa_read == table_read,
    "later": outcome("later_event"),
    "installed": getattr(Event.resolve_by_type, "uses_table", False),
}))
"""


def test_every_event_name_resolves_as_rasa_resolves_it() -> None:
    result: dict[str, Any] = run_in_rasa(SCRIPT, None)

    assert result["installed"]
    assert len(result["names"]) >= 20  # Rasa 3.6 has 23 event types
    assert result["after"] == result["before"]
    assert "SlotSet" in result["after"] and "UserUttered" in result["after"]
    unknown = "ValueError: Unknown event name 'no_such_event'."
    assert result["after"][-3:] == [None, unknown, "SlotSet"]
    assert result["same_read"]
    assert result["later"] == "LaterEvent"
