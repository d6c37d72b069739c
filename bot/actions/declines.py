"""Whether a customer declines to give a contact ("no, I found the answer myself", "არ
მინდა", «պետք չէ», "አልፈልግም"), read by both questions that ask for one: the survey's "may
someone contact you?" and the handoff's "how can we reach you?".

A module of its own so that the survey (``bot.actions.survey``) and the handoff
(``bot.actions.handoff``, which changes a survey's stored contact) do not import each other.
"""

from __future__ import annotations

import re

from bot.actions.answer_with_reason import yes_or_no_then_more
from bot.actions.parsing import says_unsure
from bot.contacts import contact_in, refuses_contact

_DECLINES = re.compile(
    r"\b(?:don'?t|do\s+not|rather\s+not|won'?t|will\s+not)\s+(?:want\s+to\s+)?"
    r"(?:give|share|leave|be\s+contacted)|\bno\s+need\b"
    r"|არ\s+მინდა|არ\s+გეტყვით|საჭირო\s+არ\s+არის|არ\s+არის\s+საჭირო|ar\s+minda"
    r"|չեմ\s+ուզում|պետք\s+չէ|չեմ\s+տա|chem\s+uzum|petq\s+che|petq\s+chi"
    r"|አልፈልግም|አያስፈልግም|አልሰጥም|alfelgm|alfelgim|ayasfelgm"
    # "never mind, I got the answer" (round 10: "ኧረ ተውት፣ መልሱን አገኘሁት" was told it was no
    # address and asked again)
    r"|\bnever\s*mind\b|\bnvm\b|\bforget\s+it\b|აღარ\s+მჭირდება|აღარ\s+არის\s+საჭირო"
    r"|այլևս\s+պետք\s+չէ|ተውት|ተዉት|ይቅርብኝ|agar\s+mchirdeba",
    re.IGNORECASE,
)


def declines_contact(text: object) -> bool:
    """Whether a message without a contact declines to give one: a sentence that opens with
    a no ("no, I found the answer myself") or says it does not want to. A message that says
    not to contact them declines whatever it names ("no don't contact me, my email is
    yonas@example.com though": the address had been noted, with consent)."""
    if refuses_contact(text):
        return True
    if not isinstance(text, str) or contact_in(text) is not None or says_unsure(text):
        return False
    opening = yes_or_no_then_more(text)
    return (opening is not None and opening[0] is False) or _DECLINES.search(text) is not None
