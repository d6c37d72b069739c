"""Whether a message says something in a delivered parcel is wrong: an item missing from it,
a wrong item, or one that arrived broken.

Round 18 (every language): "my parcel came but one item is missing, order A1000002" got the
delivered order's status with "Can't find it? Check with your neighbours": the customer has
the parcel, and what is wrong is inside it. A person puts that right (sends the item again
or refunds it), so the answer says so and offers one (``bot.actions.support``). A parcel
that is missing ("my package is missing") is not this: its answer stays the tracking one.
Plain Python, like the other word lists of ``bot/``.
"""

from __future__ import annotations

import re

from bot.message_words import normalised

_THING = r"(?:item|items|product|products|piece|pieces|part|parts|thing|things|one|half)"
_CONTENTS = re.compile(
    # an item missing: "one item is missing", "the charger wasn't in the box"
    rf"\b{_THING}\b[^.?!]{{0,30}}\b(?:missing|not\s+(?:in|there)|wasn'?t\s+(?:in|there)"
    r"|was\s+not\s+(?:in|there)|weren'?t\s+(?:in|there)|were\s+not\s+(?:in|there))"
    rf"|\bmissing\s+(?:an?\s+|one\s+|the\s+|some\s+|two\s+|\d+\s+)?{_THING}\b"
    r"|\bmissing\s+(?:from|in)\s+(?:the\s+|my\s+)?(?:box|parcel|package|order)\b"
    r"|\b(?:wasn'?t|was\s+not|weren'?t|were\s+not|isn'?t|is\s+not|not)\s+in\s+(?:the\s+|my\s+)?"
    r"(?:box|parcel|package)\b"
    r"|\b(?:box|parcel|package)\s+(?:was|is|came|arrived)\s+empty\b|\bempty\s+(?:box|parcel|package)\b"
    # a wrong item: "you sent me the wrong item", "received a different product"
    r"|\b(?:wrong|incorrect|different)\s+(?:item|items|product|products|book)\b"
    r"|\b(?:item|items|product|products|one)\s+(?:is|was|are|were)\s+(?:the\s+)?wrong\b"
    r"|\b(?:sent|shipped|delivered|received|got)\s+(?:me\s+)?(?:the\s+|a\s+)?wrong\b"
    # broken: "it arrived broken", "the vase came smashed", "damaged item"
    r"|\b(?:arrived|came|was|were|is|are)\s+(?:\w+\s+)?(?:damaged|broken|smashed|cracked|torn"
    r"|ruined|spoilt|spoiled|shattered)\b"
    r"|\b(?:damaged|broken|smashed|cracked)\s+(?:item|items|product|products)\b"
    # Georgian: აკლდა / აკლია (was / is missing), არასწორი ნივთი, დაზიანებული, გატეხილი
    r"|აკლდა|აკლია|აკლიათ|არასწორი\s+(?:ნივთ|პროდუქტ|ფერ)|სხვა\s+ნივთი"
    r"|დაზიანებ|გატეხილ|დამტვრეულ|ცარიელი\s+(?:ყუთ|ამანათ)|\baklda\b|\baklia\b"
    # Armenian: բացակայում էր (was absent), պակասում է, սխալ ապրանք, վնասված, կոտրված
    r"|բացակայ|պակասում|պակասել|ապրանք(?:ը|ն|ներ\w*)?\s+(?:\S+\s+){0,3}չկար|(?:տուփ|ծանրոց)\w*\s+(?:\S+\s+){0,2}չկար"
    r"|սխալ\s+ապրանք|այլ\s+ապրանք|վնասված|կոտրված|ջարդված|դատարկ\s+(?:տուփ|ծանրոց)"
    # Amharic: ጎድሏል (is missing), የተሳሳተ ዕቃ, ተሰብሮ / ተበላሽቶ (broken / damaged)
    r"|ጎድሏል|ጎድሎ|የጎደለ|የተሳሳተ\s+(?:ዕቃ|እቃ)|ሌላ\s+(?:ዕቃ|እቃ)\s+(?:ተላከ|መጣ|ላካችሁ)"
    r"|ተሰብሮ|ተሰብሯል|የተሰበረ|ተበላሽቶ|ተበላሽቷል|የተበላሸ|ባዶ\s+(?:ሳጥን|ካርቶን|ጥቅል)"
    # the same typed in Latin letters: "apranqy vnasvac e" (round 23: "ask the neighbours")
    r"|\b(?:dazianebul|gatexil|gatekhil|vnasva[cts]|kotrva[cts]|jardva[cts]|tesebr|tebelasht)\w*",
    re.IGNORECASE,
)


ELSEWHERE_INTENTS = frozenset({
    "payment_issue", "check_payment_methods", "delivery_period", "delivery_options",
    "place_order", "out_of_scope", "nlu_fallback",
})  # fmt: skip
"""What the NLU read such messages as, with no bearing on them (round 19: "one item is wrong,
i got a red one not blue" got the card checklist, a wrong-item complaint the delivery
times): the rule classifier makes them ``track_order`` (:mod:`bot.components.rule_intents`)."""


_OWN_CHOICE = re.compile(
    r"\bi\s+(?:meant|picked|chose|selected|clicked|ordered|bought)\b|\b(?:by|my)\s+mistake\b"
    r"|შემთხვევით|შევცდი|ავირჩიე|սխալմամբ|պատահաբար|ընտրել|ընտրեցի|ተሳስቼ|መርጬ|መረጥኩ",
    re.IGNORECASE,
)
"""The customer's own wrong choice ("wrong item in my order, I meant to pick the black one"):
changing the order, not a parcel to put right."""


_OUR_WEBSITE = re.compile(
    r"\b(?:page|site|website|app|link|sign\s*up|registration|login|log\s*in|button|checkout"
    r"|code|coupon)\b",
    re.IGNORECASE,
)
"""Our website broken ("the registration page is broken"), not a parcel."""


def says_contents_wrong(text: object) -> bool:
    """Whether ``text`` says an item in the parcel is missing, wrong or broken (and not that
    the customer chose the wrong one, nor that our website is broken)."""
    if not isinstance(text, str):
        return False
    said = normalised(text)
    return (
        _CONTENTS.search(said) is not None
        and _OWN_CHOICE.search(said) is None
        and _OUR_WEBSITE.search(said) is None
    )
