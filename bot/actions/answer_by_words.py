"""An intent's answer, or another one when the message's words say it asks something the
intent's usual answer does not cover.

A few requests share an intent with a neighbour the classifier cannot tell apart, and are
told apart by rule (word lists in ``bot/``): merging two accounts is ``switch_account``
(:mod:`bot.merged_accounts`).
Each such intent gets one action that says what applies.
"""

from __future__ import annotations

from abc import abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import latest_text


class AnswerByWords(Action):
    """``usual``, or ``instead`` when :meth:`asks_instead` reads the latest message so."""

    usual: str
    instead: str

    @abstractmethod
    def name(self) -> str:
        """``action_answer_<intent>``; abstract, so the action server registers only these."""

    @abstractmethod
    def asks_instead(self, text: str) -> bool:
        """Whether ``text`` asks what ``instead`` answers."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        instead = self.asks_instead(latest_text(tracker))
        dispatcher.utter_message(response=self.instead if instead else self.usual)
        return []
