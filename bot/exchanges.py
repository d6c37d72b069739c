"""Whether a message asks to exchange an item for another size or colour: "can I exchange
these for a bigger size?", "კაბა მინდა გავცვალო უფრო დიდ ზომაზე", «ուզում եմ փոխել չափսը»,
"በትልቅ መጠን መቀየር እችላለሁ?".

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`), which makes such a
message ``change_order`` when the classifier read it as not understood, off-topic, an
invoice ("ደረሰኝ" is both "I received" and "receipt") or a refund question; the answer
(``action_answer_change_order``) says how an exchange works (``utter_exchange``): we swap
nothing directly, the item goes back and the wanted one is ordered. Round 20, every
language: an exchange had got "you can change an order until it is packed", which does not
apply to an item already received, or "I can't help with that". Plain Python, since it runs
in Rasa's virtualenv.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised

_EXCHANGE: Final = re.compile(
    r"\b(?:exchange\w*|swap\w*)\b"
    r"|გაცვალ|გავცვალ|გადავცვალ|გაცვლ|gacval|gavcval|gacvl"
    r"|փոխանակ|poxanak|pokhanak"
    r"|ልውውጥ|እንዲቀየርልኝ\s+እፈልጋለሁ",
    re.IGNORECASE,
)
"""Words of exchanging."""
_SIZE_OR_COLOUR: Final = re.compile(
    r"\b(?:size|sizes|colou?rs?)\b|ზომ|(?<![ა-ჰ])ფერ|\bzom[aei]|չափս|գույն|\bchaps?\b"
    r"|\bchap@|መጠን|ቀለም|(?:የልብስ|የጫማ)\s+ቁጥር",
    re.IGNORECASE,
)
_CHANGING: Final = re.compile(
    r"\b(?:change|another|different|other|bigger|smaller|larger|wrong)\b"
    r"|შევცვალ|შეცვლა|სხვა|დიდ|პატარა|փոխ|ուրիշ|այլ|մեծ|փոքր|poxel|pokhel"
    r"|መቀየር|ልቀይር|ይቀየር|ሌላ|ትልቅ|ትንሽ",
    re.IGNORECASE,
)
"""Asking for another size or colour ("a bigger size", "another colour")."""


_NOT_AN_ITEM: Final = re.compile(
    r"exchange\s+rates?|გაცვლით|փոխարժեք|\b(?:accounts?|profiles?)\b|ანგარიშ|հաշիվ|հաշվ|አካውንት|መለያ",
    re.IGNORECASE,
)
"""Exchanging what is no item: money ("the exchange rate") or accounts ("swap profile")."""
ELSEWHERE_INTENTS: Final = frozenset(
    {
        "nlu_fallback",
        "out_of_scope",
        "check_invoice",
        "get_invoice",
        "delivery_options",
        "give_feedback",
        "review",
    }
)
"""What the classifier read exchanges as when it missed them ("ደረሰኝ", I received, is also a
receipt), or, in Latin letters, as wanting to rate us ("exchange anel karox em?", round 21);
a refund, a complaint or a return's rules keep their own answers."""


def asks_to_exchange(text: object) -> bool:
    """Whether ``text`` asks to exchange an item (see the module's docstring)."""
    if not isinstance(text, str):
        return False
    folded = normalised(text)
    if _NOT_AN_ITEM.search(folded) is not None:
        return False
    if _EXCHANGE.search(folded) is not None:
        return True
    return _SIZE_OR_COLOUR.search(folded) is not None and _CHANGING.search(folded) is not None
