"""bot/tracker_window.py keeps what the actions read beyond the last turns.

The window module runs in Rasa's Python and cannot import the actions (they need the main
virtualenv), so it names what they read itself; these checks fail when the two drift apart.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.actions import context, survey_flow

WINDOW = Path(__file__).resolve().parents[2] / "bot" / "tracker_window.py"


def window_constants() -> dict[str, object]:
    """The module's top-level constants, read without importing Rasa."""
    tree = ast.parse(WINDOW.read_text(encoding="utf-8"))
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }


def test_the_window_keeps_what_the_actions_read_from_the_whole_session() -> None:
    constants = window_constants()
    assert constants["METADATA_KEYS"] == context.METADATA_KEYS
    assert constants["TRIGGER_INTENT"] == context.TRIGGER_INTENT
    assert constants["HISTORY_FROM_KEY"] == context.HISTORY_FROM_KEY
    assert constants["EARLIER_KEY"] == context.EARLIER_KEY
    assert set(constants["ACTIONS_THAT_RAN"]) == {  # type: ignore[call-overload]
        survey_flow.SUPPORT_FOLLOWUP,
        survey_flow.OFFER_RESPONSE,
    }
