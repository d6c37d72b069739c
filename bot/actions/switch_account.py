"""The answer to "how do I switch accounts?", or, when the customer asks to merge two
accounts, how that is done.

Round 14: "can you merge my two accounts" was read as switching accounts and got the steps
to sign out and in again, which merge nothing. Such messages are ``switch_account`` by rule
(:mod:`bot.merged_accounts`); this action says what applies.
"""

from __future__ import annotations

from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import latest_text
from bot.merged_accounts import asks_to_merge_accounts

SWITCH_ACCOUNT: Final = "utter_switch_account"
MERGE_ACCOUNTS: Final = "utter_merge_accounts"


class ActionAnswerSwitchAccount(Action):
    """How to switch accounts, or how two accounts are merged."""

    def name(self) -> str:
        return "action_answer_switch_account"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        merge = asks_to_merge_accounts(latest_text(tracker))
        dispatcher.utter_message(response=MERGE_ACCOUNTS if merge else SWITCH_ACCOUNT)
        return []
