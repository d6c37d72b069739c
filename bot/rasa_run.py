"""Rasa's command line with two speed fixes for custom action calls: ``python -m bot.rasa_run``.

Run it in the Rasa virtualenv exactly as ``rasa`` (``python -m bot.rasa_run run -m ...``);
``closedloop run``, the production runner and the deployment files start the Rasa server
this way.

Why: Rasa 3.6 checks every reply of the action server against its event schema with
``jsonschema.validate``. That function first checks the *schema itself* against the JSON
Schema meta-schema and builds a new validator, on every call. On our 2-core machine this was
~17 ms of a ~20 ms action call, and with about 2.6 action calls per chat turn the largest
part of a turn (docs/performance.md, "A turn, step by step"). :func:`install` puts the same
check in its place with the validator built once: replies are held to the same schema, and
a bad reply fails as it did (the same best-matching ``jsonschema.ValidationError``, with
Rasa's hint appended), which Rasa turns into the same failed action.

And: Rasa calls ``action_validate_slot_mappings`` (our language check,
``bot.actions.session.ValidateSlotMappings``) after every message, an HTTP round trip of a
few milliseconds per turn. Once the conversation's language is decided, that action changes
nothing unless the message asks for a language or Rasa just extracted the ``language`` slot
(the only slot it extracts or validates; any other slot it hands back as Rasa extracted it).
:func:`install` has Rasa skip the call in exactly that case, deciding it with the same
table the action uses (:mod:`bot.language_requests`): the turn's events are the same as if
the call had been made and returned nothing.
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


def validate_action_result(_action: Any, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with a validator built once."""
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

    It sets ``language`` only when the slot is empty or the message asks for another
    language, and validates only ``language`` (``ValidateSlotMappings``: other slots Rasa
    extracted, such as an order number in a form, it leaves as they are); with neither, its
    call adds nothing to the events Rasa extracted.
    """
    from bot.language_requests import requested_language

    current = tracker.get_slot(LANGUAGE_SLOT)
    if not current or any(event.key == LANGUAGE_SLOT for event in slot_events):
        return False
    text = tracker.latest_message.text if tracker.latest_message else None
    return requested_language(text) in (None, current)


def install() -> None:
    """Put the two fixes in place (module docstring)."""
    from rasa.core.actions.action import ActionExtractSlots, RemoteAction
    from rasa.shared.core.events import SlotSet

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


def main() -> None:
    """Install the fix, then hand the command line to Rasa's own ``main``."""
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
