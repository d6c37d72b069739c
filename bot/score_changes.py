"""Whether a message asks to change a score already given ("can I change my score to 9?",
"ነጥቤን ወደ 3 ቀይሩልኝ", «սխալ սեղմեցի, 3 եմ ուզում»).

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`), which makes such a
message ``inform_score``: the classifier read them as changing an order or an account (the
customer got "you can change your order before it is packed", and the score stayed). The
action server then changes the stored answer (``bot.actions.survey_revision``) or, under a
survey question, takes the new score. Plain Python, since it runs in Rasa's virtualenv.
"""

from __future__ import annotations

import re

_SCORE = r"(?<![\d\w])(?:10|[0-9])(?![\d\w]|[.,]\d)"
_ASKS = re.compile(
    # "change my score to 9", "can you update my rating to 3", "make my answer a 7"
    r"\b(?:change|correct|update|fix|make|set)\s+(?:my\s+|the\s+|that\s+)?"
    r"(?:score|rating|answer|mark)\b"
    r"|\bwrong\s+button\b|\bmis-?tap"  # "wrong button, I meant 8"
    r"|შეფასება\w*\s+(?:შე|შემი)ცვალ|შევცვალო\s+შეფასება|შეცდომით\s+დავაჭირე"
    r"|գնահատական\w*\s+փոխ|փոխեք\s+գնահատական|սխալ\s+(?:սեղմեցի|եմ\s+սեղմել)"
    r"|(?:ነጥቤን|ውጤቴን|ነጥቡን|ውጤቱን)\s+ወደ|ተሳስቼ\s+(?:ነው\s+)?የነካሁት",
    re.IGNORECASE,
)
_ORDER_NUMBER = re.compile(r"\b[A-Za-z]?-?\d{5,}\b")
_NOTHING_COUNTED = r"(?!\s*(?!not\b|out\b)[^\W\d_])"
"""No word after the number but "not" or "out (of ten)": "more like 8 days" counts days."""
_CORRECTS = re.compile(
    # "actually more like an 8 not 9", "more like a 6 tbh": round 14, after the thank-you
    # it was read as changing an order
    rf"\bmore\s+like\s+(?:an?\s+)?{_SCORE}{_NOTHING_COUNTED}"
    rf"|\b(?:actually|meant|rather)\b.*{_SCORE}\s*,?\s+not\s+(?:an?\s+)?{_SCORE}{_NOTHING_COUNTED}"
    # "ይቅርታ ሃሳቤን ቀየርኩ 6 እሰጣለሁ" (sorry, I changed my mind, I'll give 6): round 19, read
    # as changing an order right after declining the survey, and the 6 lost
    rf"|(?:ሃሳቤን|ሀሳቤን)\s+(?:ቀየርኩ|ቀይሬያለሁ)\W+(?:\w+\W+)?{_SCORE}\s*(?:እሰጣለሁ|ልስጥ|ይሁን)"
    rf"|\bchanged\s+my\s+mind\W+(?:i'?ll\s+give\s+(?:you\s+)?(?:an?\s+)?)?{_SCORE}\W*$"
    # round 22: "9 კი არა 5 მინდოდა დამეწერა" (I meant to write 5, not 9), «իրականում 4
    # դրեք» (actually put 4), "ere 9 new yeseTehut" (no, it's 9 I gave)
    rf"|{_SCORE}\s+კი\s+არა\W+{_SCORE}|{_SCORE}\s+მინდოდა\s+(?:დამეწერა|დამეჭირა|მეთქვა)"
    rf"|(?:իրականում|փաստորեն)\W+(?:\w+\W+)?{_SCORE}\s+(?:դրեք|գրեք|դնեք)"
    rf"|{_SCORE}\s+(?:ነው\s+)?የሰጠሁት|{_SCORE}\s+new\s+yese[tT]",
    re.IGNORECASE,
)


def asks_to_change_score(text: object) -> bool:
    """Whether ``text`` asks to change a score, and names the new one (0-10, in digits), or
    corrects one in so many words ("actually more like an 8 not 9")."""
    if not isinstance(text, str) or _ORDER_NUMBER.search(text):
        return False
    if _CORRECTS.search(text) is not None:
        return True
    return _ASKS.search(text) is not None and re.search(_SCORE, text) is not None
