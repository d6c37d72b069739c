"""Rasa's lookup of an event's class by its name, from a table instead of a walk.

Why: every event Rasa reads back (each event in an action server's reply, each row of the
tracker store) is turned into its class by ``Event.resolve_by_type``, which walks every
subclass of ``Event`` (``all_subclasses``, recursively, 23 classes) until one has that
``type_name``: 0.07-0.08 ms an event on our 2-core machine, ~9 events a chat turn, and the
whole session (hundreds of events) when a conversation is read from the database (another
Rasa process served its previous turn, or it fell out of the cache).

:func:`install` puts a table of the same classes in front: the first subclass in Rasa's
own order with that name, as Rasa's walk would return. A name not in the table (an event
class defined after the table was built, ``"topic"``, an unknown name) goes to Rasa's own
method, so defaults, compatibility and errors stay as they were.
"""

from __future__ import annotations

from typing import Any


def _table(event_class: Any) -> dict[str, Any]:
    """Each event name with the first ``Event`` subclass Rasa's walk finds for it."""
    from rasa.shared.utils.common import all_subclasses

    table: dict[str, Any] = {}
    for cls in all_subclasses(event_class):
        table.setdefault(cls.type_name, cls)
    return table


def install() -> None:
    """Have Rasa resolve event names through the table (module docstring)."""
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    if getattr(original, "uses_table", False):
        return
    table = _table(Event)

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        found = table.get(type_name)
        return found if found is not None else original(type_name, default)

    resolve_by_type.uses_table = True  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]
