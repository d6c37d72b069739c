"""Whether a message is praise or thanks said with an eye-roll: "oh great, super helpful,
thanks a lot", "thanks for nothing", «հա, իհարկե, շատ օգնեցիք 🙄», 'ხო რა თქმა უნდა, ძალიან
"დამეხმარა"', "አዎ በጣም ረድቶኛል ምንም አልገባኝም 🙄".

Round 20, every language: under "Did that solve your problem?" such answers were stored as a
satisfied 4 or 5, or read as thanks ("You're welcome!") and the survey dismissed. Read by the
NLU's rule classifier (:mod:`bot.components.rule_intents`: thanks or a yes said so is not
understood, never "You're welcome!") and by the CSAT form (asked plainly again, never a
score nobody gave). Only the signs that leave little doubt count: an eye-roll or
face-palm emoji, a praise word in scare quotes, and set phrases ("thanks for nothing",
"yeah right"); a plain "great, thanks" is praise. Plain Python, since it runs in Rasa's
virtualenv.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised

_EYE_ROLL: Final = re.compile("[\U0001f644\U0001f612\U0001f926\U0001f611]")
"""🙄 😒 🤦 😑 (not 🙃: "forgot my pw 🙃" laughs at oneself)."""
_SCARE_QUOTES: Final = re.compile(
    r"[\"“„«]\s*(?:help\w*|great|fast|quick|excellent|perfect|useful|service|support"
    r"|დამეხმარ\w*|დახმარ\w*|სწრაფ\w*|კარგ\w*|შესანიშნავ\w*|მომსახურ\w*"
    r"|օգն\w*|արագ\w*|լավ\w*|հիանալի\w*|սպասարկ\w*"
    r"|ረድ\w*|ረዳ\w*|ፈጣን\w*|ጥሩ\w*|ምርጥ\w*|አገልግሎት\w*)\s*[\"”“»]",
    re.IGNORECASE,
)
"""A word of praise in scare quotes ('ძალიან "დამეხმარა"', it "helped" a lot); a quoted status
("it still says «չվճարված»") is no sarcasm."""
_PHRASES: Final = re.compile(
    r"\b(?:thanks\s+for\s+nothing|yeah\s+right|oh\s+(?:great|wonderful|brilliant|perfect)"
    r"|(?:very|super|so)\s+helpful\s*,?\s*not|wow\s+(?:thanks|so\s+helpful)|big\s+help\s+there)\b"
    r"|\(\s*not\s*\)|\bnot\s*!+\s*$|(?:\.\.+|…)\s*not\W*$"
    r"|არაფრისთვის\s+გმადლობ|მადლობა\s+არაფრისთვის|madloba\s+araprist"
    r"|շնորհակալություն\s+ոչնչի\s+համար"
    r"|ለምንም\s+አመሰግናለሁ",
    re.IGNORECASE,
)
"""Set phrases of sarcasm ("thanks for nothing" in the four languages; "so great (not)",
"best shop ever... not")."""
_SHOUTED_NOT: Final = re.compile(r"(?<!\bOR )(?<!\bor )\bNOT\W*$")
"""A "NOT" shouted at the end of a message in lower case: "10/10, best shop ever NOT" (round
22: stored as a 10); not "HAS IT SHIPPED OR NOT"."""


def sounds_sarcastic(text: object) -> bool:
    """Whether ``text`` carries a sure sign of sarcasm (see the module's docstring)."""
    if not isinstance(text, str):
        return False
    folded = normalised(text)
    return bool(
        _EYE_ROLL.search(text)
        or _SCARE_QUOTES.search(folded)
        or _PHRASES.search(folded)
        or (folded != folded.upper() and _SHOUTED_NOT.search(folded) is not None)
    )
