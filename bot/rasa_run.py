"""Rasa's command line with speed fixes for custom action calls: ``python -m bot.rasa_run``.

Run it in the Rasa virtualenv exactly as ``rasa`` (``python -m bot.rasa_run run -m ...``);
``closedloop run``, the production runner and the deployment files start the Rasa server
this way.

Why: Rasa 3.6 checks every reply of the action server against its event schema with
``jsonschema.validate``. That function first checks the *schema itself* against the JSON
Schema meta-schema and builds a new validator, on every call. On our 2-core machine this was
~17 ms of a ~20 ms action call, and with about 2.6 action calls per chat turn the largest
part of a turn (docs/performance.md, "A turn, step by step"). :func:`install` puts the same
check in its place with the validator built once, each event checked against its own type
rather than all 23 (docs/performance.md, "Action calls and saves, again (2026-12-02 evening)"):
replies are held to the same schema, and a bad reply fails as it did (the same
best-matching ``jsonschema.ValidationError``, with Rasa's hint appended), which Rasa turns
into the same failed action.

And: Rasa calls ``action_validate_slot_mappings`` (our language check,
``bot.actions.session.ValidateSlotMappings``) after every message, an HTTP round trip of a
few milliseconds per turn. Once the conversation's language is decided, that action changes
nothing unless the message asks for a language, is plainly written in another one, or Rasa
just extracted the ``language`` slot (the only slot it extracts or validates; any other slot
it hands back as Rasa extracted it). :func:`install` has Rasa skip the call in exactly that
case, deciding it with the same functions the action uses (:mod:`bot.language_requests`,
:mod:`bot.message_language`): the turn's events are the same as if
the call had been made and returned nothing.

And: Rasa opens a new HTTP session and TCP connection for every action call
(:mod:`bot.kept_alive_calls` keeps them open), and sends its whole domain, responses and
all, with every call of a form's validation (:mod:`bot.action_domain` leaves the responses
out).

And: the server starts ~7 s sooner with skops imported before Rasa
(:func:`import_skops_first`).

And: Rasa runs the sentence encoder on its event loop, holding up every other conversation
meanwhile (:mod:`bot.encoder_off_loop` runs it on a worker thread), and walks every event
class for each event it reads back (:mod:`bot.event_types` looks the name up in a table).

And: before each prediction Rasa replays the whole session to build the policies' states
(:mod:`bot.tracker_states` carries them on from the previous prediction), and RulePolicy
checks every rule against them (:mod:`bot.rule_index` checks only the rules whose last step
names the action just run).

And: a message with a second request ("Where is my order? Also, can I pay by PayPal?") has
it noted in its parse data (:mod:`bot.request_parts`), for the actions to take up.

And: Rasa runs its model graph through dask on every parse and prediction, ordering the
same small graph each time (:mod:`bot.graph_order` runs the nodes in an order found once).
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any


@cache
def _reply_validator() -> Any:
    """A validator for Rasa's action-reply schema, the schema checked once, as Rasa would."""
    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@cache
def _validators_by_event() -> tuple[Any, dict[str, Any]] | None:
    """The reply schema split for the common case: the reply without its events, and one
    validator per event type (the schema's shared event properties plus that type's own).

    An event is valid under the schema's ``oneOf`` when exactly one of its 23 branches
    matches; each branch fixes ``event`` to its own name (``const``), so only the branch of
    the event's name can match, and checking that one branch is the same verdict. None when
    the schema is not of that shape (another Rasa version): then every reply gets the full
    check.
    """
    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    events = schema.get("properties", {}).get("events", {})
    items = events.get("items", {})
    branches = items.get("oneOf")
    if not isinstance(branches, list):
        return None
    shared = {key: value for key, value in items.items() if key != "oneOf"}
    by_event: dict[str, Any] = {}
    for branch in branches:
        name = branch.get("properties", {}).get("event", {}).get("const")
        if not isinstance(name, str) or name in by_event:
            return None
        by_event[name] = cls({"allOf": [shared, branch]})
    without_items = {key: value for key, value in events.items() if key != "items"}
    rest = dict(schema, properties=dict(schema["properties"], events=without_items))
    return cls(rest), by_event


def _valid_by_event(result: Any) -> bool:
    """Whether ``result`` is valid, each event checked against its own type's branch only.

    True only where the full schema also holds (see :func:`_validators_by_event`); False
    for every reply the schema rejects, and for some it accepts, which the full check then
    judges.
    """
    split = _validators_by_event()
    if split is None or not split[0].is_valid(result):
        return False
    by_event = split[1]
    for event in result.get("events") or []:
        validator = by_event.get(event.get("event")) if isinstance(event, dict) else None
        if validator is None or not validator.is_valid(event):
            return False
    return True


def validate_action_result(_action: Any, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result``, each event checked against its own type.

    Rasa's check validates every event against all 23 event types of the schema's
    ``oneOf`` (about 0.5 ms an event here: 12 ms for the session start's 21 events); a reply
    valid event by event is valid. Any other reply gets the full check, with a validator
    built once, so a bad reply fails with Rasa's own error.
    """
    if _valid_by_event(result):
        return True
    from jsonschema import exceptions
    from rasa.shared.constants import DOCS_BASE_URL

    error = exceptions.best_match(_reply_validator().iter_errors(result))
    if error is None:
        return True
    # Rasa's own wording, so logs and docs still match.
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


LANGUAGE_SLOT = "language"  # bot.actions.session.ValidateSlotMappings decides it


def language_check_changes_nothing(slot_events: list[Any], tracker: Any) -> bool:
    """Whether ``action_validate_slot_mappings`` would return no event for this turn.

    It sets ``language`` only when the slot is empty, the message asks for another
    language, or it is plainly written in another (the same functions decide here:
    :mod:`bot.language_requests`, :mod:`bot.message_language`), and validates only
    ``language`` (``ValidateSlotMappings``: other slots Rasa extracted, such as an order
    number in a form, it leaves as they are); with none of these, its call adds nothing to
    the events Rasa extracted.
    """
    from bot.language_requests import requested_language
    from bot.message_language import LATIN_LETTERS_LANGUAGE_KEY, language_written

    current = tracker.get_slot(LANGUAGE_SLOT)
    if not current or any(event.key == LANGUAGE_SLOT for event in slot_events):
        return False
    latest = tracker.latest_message
    text = latest.text if latest else None
    language = requested_language(text)
    if language is None and isinstance(text, str):
        parse_data = latest.parse_data if latest else {}
        language = language_written(text, parse_data.get(LATIN_LETTERS_LANGUAGE_KEY), current)
    return language in (None, current)


def install() -> None:
    """Put the fixes in place (module docstring)."""
    from rasa.core.actions.action import ActionExtractSlots, RemoteAction
    from rasa.shared.core.events import SlotSet

    from bot import (
        action_domain,
        encoder_off_loop,
        event_types,
        graph_order,
        kept_alive_calls,
        request_parts,
        rule_index,
        tracker_states,
    )

    kept_alive_calls.install()
    graph_order.install()
    action_domain.install()
    encoder_off_loop.install()
    request_parts.install()  # after: its sentences are encoded off the loop too
    event_types.install()
    rule_index.install()
    tracker_states.install()
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    validate = ActionExtractSlots._execute_validation_action
    if getattr(validate, "skips_language_check", False):
        return

    async def execute_validation_action(
        self: Any, extraction_events: list[Any], *args: Any, **kwargs: Any
    ) -> list[Any]:
        tracker = args[2] if len(args) > 2 else kwargs["tracker"]
        slot_events = [event for event in extraction_events if isinstance(event, SlotSet)]
        if language_check_changes_nothing(slot_events, tracker):
            return slot_events  # what Rasa returns when the action sends no event
        return await validate(self, extraction_events, *args, **kwargs)  # type: ignore[no-any-return]

    execute_validation_action.skips_language_check = True  # type: ignore[attr-defined]
    ActionExtractSlots._execute_validation_action = execute_validation_action  # type: ignore[method-assign]


def import_skops_first() -> None:
    """Import ``skops.io`` before Rasa fills ``sys.modules``: 1.8 s instead of 8.8 s.

    Rasa loads the intent classifier with skops, whose import builds its lists of trusted
    types by searching every module in ``sys.modules`` for each numpy and scipy ufunc
    (``skops.io._utils.whichmodule``). Imported from within a Rasa server that is ~5,900
    modules (TensorFlow and all), the same lists that ~1,350 modules give at the start
    (``tests/bot/test_rasa_run.py`` compares them).
    """
    import skops.io  # noqa: F401


def main() -> None:
    """Install the fix, then hand the command line to Rasa's own ``main``."""
    import_skops_first()
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
