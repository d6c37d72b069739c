"""The answer to "are you a bot?": that it is, and what it can do; or, to a customer calling
it names (:func:`bot.insults.insults_the_bot`), an apology and the offer of a person.

Round 16, every language: "you are useless you stupid bot" had been answered with the
cheerful introduction; a customer who insults the bot is saying it has not helped.
"""

from __future__ import annotations

from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import latest_text
from bot.actions.next_request import OFFER_HANDOFF
from bot.insults import insults_the_bot

I_AM_A_BOT: Final = "utter_iamabot"
SORRY_NOT_HELPED: Final = "utter_sorry_not_helped"


class ActionAnswerBotChallenge(Action):
    """Say it is a bot; or, insulted, say sorry and offer a person (yes and no as buttons)."""

    def name(self) -> str:
        return "action_answer_bot_challenge"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if insults_the_bot(latest_text(tracker)):
            dispatcher.utter_message(response=SORRY_NOT_HELPED)
            return [FollowupAction(OFFER_HANDOFF)]
        dispatcher.utter_message(response=I_AM_A_BOT)
        return []
