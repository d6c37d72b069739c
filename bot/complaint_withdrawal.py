"""Whether a message takes back a complaint by naming it: "please cancel my complaint",
"I don't want to complain any more", "საჩივარი გააუქმეთ", «բողոքս հետ եմ վերցնում»,
"ቅሬታዬን አንሱት".

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`), which makes such a
message a ``complaint``, so the handoff action notes the withdrawal on the open case (and
opens none when there is none). The classifier read "საჩივარი გააუქმეთ" (cancel the
complaint) as cancelling an order, and the customer got the steps to cancel one. The words
that take back only in context ("never mind", "forget it") stay in
:mod:`bot.actions.complaint`, read once a complaint is known. Plain Python, since it runs in
Rasa's virtualenv.
"""

from __future__ import annotations

import re

_NAMES_THE_COMPLAINT = re.compile(
    r"\b(?:(?:don'?t|do\s+not|no\s+longer)\s+want\s+to\s+(?:complain|make\s+a\s+complaint)"
    r"|(?:cancel|withdraw|drop|close|retract)\s+(?:the|my|this|that)\s+complaint)\b"
    r"|საჩივარს\s+(?:ვიხსნი|ვაუქმებ)|საჩივარი\s+(?:გააუქმეთ|გაუქმეთ|მოხსენით|წაშალეთ)"
    r"|sachivars\s+vixsni|sachivari\s+gaauqmet"
    r"|բողոքը\s+հետ|բողոքս\s+հետ|էլ\s+չեմ\s+բողոքում|չեմ\s+ուզում\s+բողոքել"
    r"|boghoqy\s+het|chem\s+uzum\s+boghoqel"
    r"|ቅሬታዬን\s+(?:አንሱት|ሰርዙ|ሰርዙት|አነሳለሁ|አንስቻለሁ)",
    re.IGNORECASE,
)


def withdraws_complaint(text: object) -> bool:
    """Whether ``text`` takes a complaint back in words that name it (module docstring)."""
    return isinstance(text, str) and _NAMES_THE_COMPLAINT.search(text) is not None
