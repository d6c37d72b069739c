"""Questions about what happens to what the customer writes: "what do you do with my data?",
"is this chat recorded?", "does a human read this?", "can you delete what I said?", in the
four languages.

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`), which makes such a
message ``ask_privacy``; the rules answer who reads the chat, what it is used for and whom
to write to about their data (``utter_privacy``). The classifier had no intent for them: the
eleventh round's shoppers got "I'm a bot", "not something I can help with", the delivery
times, and, for "can you delete what I said?" in every language, the steps to delete their
whole account, which cannot be undone. Plain Python, since it runs in Rasa's virtualenv.

A message about the account's own details ("how do I change my personal information?",
"delete my account") is not one: the data words count only with a word of using, keeping,
sharing or reading them, and deleting only with the chat, the messages or the answers.
"""

from __future__ import annotations

import re

PRIVACY_INTENT = "ask_privacy"

_DATA = (
    r"(?:(?:my|your|personal|customer)\s+(?:personal\s+)?(?:data|info(?:rmation)?)\b"
    r"|მონაცემ|პირად\w*\s+ინფორმაცი|ინფორმაცი|monacem"
    r"|տվյալ|անձնական|tvyal"
    r"|መረጃ|merej)"
)
_USE = (
    r"(?:\b(?:do\s+with|use|used|using|share|shared|sell|store|stored|keep|kept"
    r"|protect|safe|secure|who\s+(?:sees|can\s+see|reads?))\b"
    r"|იყენებ|უზიარებ|ინახებ|შეინახ|იცავ|უკეთებ|iyeneb|uziareb|inaxeb"
    r"|(?<!\w)(?:անում|անելու|անեք|օգտագործ|կիսում|պահպան|պահվ|պահում)|ogtagorc"
    r"|ታደርጉ|ትጠቀሙ|ይሰጣል|ትሰጡ|ትሰጣላችሁ|ታጋራ|ትይዙ|ይቀመጣ|tadergu|tetekemu)"
)
_PRIVACY_WORDS = r"(?:privacy|gdpr|კონფიდენციალურ|გაუმჟღავნებ|գաղտնիության|ግላዊነት)"
_CHAT = (
    r"(?:\b(?:this|the|our|my)\s+(?:chat|conversation|messages?|chat\s+history)\b|\bchats?\b"
    r"|ჩატ|მიმოწერ|მესიჯ|chat"
    r"|չատ|նամակագրություն|հաղորդագրություն"
    r"|ቻት|ውይይ)"
)
_SEEN = (
    r"(?:\b(?:record|recorded|saved|stored|kept|read|reads|see|sees|seen)\b"
    r"|კითხულობ|ინახებ|წაიკითხ|inaxeb"
    r"|կարդ|պահվ|պահպան"
    r"|ያነበ|ይቀመጣ|ያያል)"
)
_HUMAN_READS = (
    r"(?:\b(?:does|do|will|can)\s+(?:a\s+)?(?:human|person|someone|anyone|people|staff)\s+"
    r"(?:read|see)\b|ადამიანი\s+კითხულობ|մարդ\s+կարդ|ሰው\s+ያነበ)"
)
_DELETE = r"(?:\b(?:delete|erase|remove)\b|წაშალ|washal|ջնջ|jnj|ማጥፋት|አጥፉ|ሰርዙ|ይሰርዙ|ትሰርዙ)"
_WHAT_I_WROTE = (
    r"(?:\bwhat\s+i\s+(?:said|wrote|typed)\b|\bmy\s+(?:feedback|answers?|messages?|comments?)\b"
    r"|\b(?:this|the|my)\s+(?:chat|conversation|chat\s+history|messages)\b"
    r"|რაც\s+დავწერე|ეს\s+პასუხი|ჩემი\s+პასუხ|მიმოწერ|ჩატ"
    r"|ինչ\s+գրել\s+եմ|այն\s+ինչ\s+գրել|նամակագրություն|չատ|պատասխան"
    r"|የጻፍኩት|የፃፍኩት|መልእክቴ|መልእክት|ቻት|አስተያየቴ)"
)

_ASKS = re.compile(
    rf"{_DATA}.*{_USE}|{_USE}.*{_DATA}|{_PRIVACY_WORDS}|{_CHAT}.*{_SEEN}|{_HUMAN_READS}"
    rf"|{_DELETE}.*{_WHAT_I_WROTE}|{_WHAT_I_WROTE}.*{_DELETE}",
    re.IGNORECASE,
)
_ACCOUNT = re.compile(
    r"\b(?:acc?ount|profile|sign\s*up|register|forget\s+me)|ანგარიშ|პროფილ|რეგისტრაცი|հաշիվ|էջ|գրանց"
    r"|መለያ|አካውንት|ምዝገባ",
    re.IGNORECASE,
)
"""Words of the account: "delete my account and my data" is the account's deletion, "save my
details" signing up; those stay the classifier's (delete_account, create_account)."""
_MAX_WORDS = 25
"""A question, not a story: a long message that mentions data is the classifier's."""


def asks_about_privacy(text: object) -> bool:
    """Whether ``text`` asks what happens to what the customer writes (module docstring)."""
    if not isinstance(text, str) or len(text.split()) > _MAX_WORDS or _ACCOUNT.search(text):
        return False
    return _ASKS.search(text) is not None
