"""The answer to "how do I switch accounts?", or, when the customer asks to merge two
accounts, how that is done.

Round 14: "can you merge my two accounts" was read as switching accounts and got the steps
to sign out and in again, which merge nothing. Such messages are ``switch_account`` by rule
(:mod:`bot.merged_accounts`); this action says what applies.
"""

from __future__ import annotations

from typing import Final

from bot.actions.answer_by_words import AnswerByWords
from bot.merged_accounts import asks_to_merge_accounts

SWITCH_ACCOUNT: Final = "utter_switch_account"
MERGE_ACCOUNTS: Final = "utter_merge_accounts"


class ActionAnswerSwitchAccount(AnswerByWords):
    """How to switch accounts, or how two accounts are merged."""

    usual = SWITCH_ACCOUNT
    instead = MERGE_ACCOUNTS

    def name(self) -> str:
        return "action_answer_switch_account"

    def asks_instead(self, text: str) -> bool:
        return asks_to_merge_accounts(text)
