"""Whether a message asks to merge two accounts into one ("can you merge my two accounts",
"ორი ანგარიში მაქვს, შეიძლება გაერთიანება?", «երկու հաշիվ ունեմ, կարո՞ղ եք միավորել»,
"ሁለት መለያዎቼን ማዋሃድ እችላለሁ?").

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`), which makes such a
message ``switch_account``, and by its answer (``bot.actions.switch_account``), which says
how accounts are merged. Round 14: the request was read as switching accounts and got the
steps to sign out and in again, which merge nothing. Plain Python, since it runs in Rasa's
virtualenv.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised, without_in_word_marks

_ACCOUNTS: Final = (
    r"accounts?|profiles?|ანგარიშ|პროფილ|angarish|հաշիվ|հաշիվներ|պրոֆիլ|hashiv|መለያ|አካውንት"
)
_MERGING: Final = (
    r"\bmerg|\bcombin|\bconsolidat|\bunif|\binto\s+one\b|\bjoin\s+(?:my|the|them|both)"
    r"|გაერთიან|შეერთებ|გავაერთიანო|gaertian"
    r"|միավոր|միացն|miavor"
    r"|ማዋሃድ|ማዋሐድ|አዋህ|ማጣመር|አጣምሩ|ማቀላቀል|አንድ\s+ማድረግ"
)
_MERGES: Final = re.compile(
    f"(?:{_MERGING}).*(?:{_ACCOUNTS})|(?:{_ACCOUNTS}).*(?:{_MERGING})",
    re.IGNORECASE | re.DOTALL,
)


def asks_to_merge_accounts(text: object) -> bool:
    """Whether ``text`` asks to merge accounts (module docstring): a word of merging and a
    word for an account, in either order."""
    if not isinstance(text, str):
        return False
    return _MERGES.search(without_in_word_marks(normalised(text))) is not None
