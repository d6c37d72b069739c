"""The answer to a greeting: who the bot is, and how it is when the customer asks.

Round 14: "how are you?" was answered with the introduction alone (or, in Armenian, with
"I'm a bot"), and the customer's "fine, and you?" with a goodbye. A greeting that asks how
the bot is (:func:`bot.small_talk.asks_how_we_are`) is now answered "I'm well, thank you
for asking!", after the introduction only if the bot has not introduced itself in this
conversation yet; the rules then ask how the bot can help.
"""

from __future__ import annotations

from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import latest_text, session_events
from bot.small_talk import asks_how_we_are

GREET: Final = "utter_greet"
DOING_WELL: Final = "utter_doing_well"


def introduced(tracker: Tracker) -> bool:
    """Whether the bot has introduced itself in this conversation session."""
    return any(
        event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == GREET
        for event in session_events(tracker)
    )


class ActionGreet(Action):
    """Introduce the bot, and say how it is when the greeting asks."""

    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not asks_how_we_are(latest_text(tracker)):
            dispatcher.utter_message(response=GREET)
            return []
        if not introduced(tracker):
            dispatcher.utter_message(response=GREET)
        dispatcher.utter_message(response=DOING_WELL)
        return []
