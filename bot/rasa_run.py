"""Rasa's command line with one speed fix for custom action calls: ``python -m bot.rasa_run``.

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


def install() -> None:
    """Put :func:`validate_action_result` in place of Rasa's per-call check of replies."""
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def main() -> None:
    """Install the fix, then hand the command line to Rasa's own ``main``."""
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
