"""Whether a message asks what sending items back costs: "is return shipping free?", "who
pays for returns", «վերադարձի առաքումն անվճա՞ր է», "ნივთის უკან გაგზავნა უფასოა?",
"ለመመለስ የትራንስፖርት ወጪ የሚከፍለው ማነው?".

Read by the answer to the refund policy and to the delivery options
(``bot.actions.return_shipping``), which say what a return costs, and by the NLU's rule
classifier (:mod:`bot.components.rule_intents`), which makes such a question
``check_refund_policy`` whatever the classifier read: round 18, "do i have to pay to send them
back?" got the ways of paying, "დაბრუნების მიწოდება უფასოა?" the cancellation fee, and "do i
have to pay for the return shipping or is it free" was not understood. Plain Python, since it
runs in Rasa's virtualenv.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised, without_in_word_marks

REFUND_POLICY_INTENT: Final = "check_refund_policy"
MAX_WORDS: Final = 20

_SENDING_BACK: Final = re.compile(
    r"\breturn(?:s|ing)?\b|\b(?:send|ship|post|mail)\w*\s+(?:(?:it|them|this|the\s+\w+)\s+)?back"
    r"|დაბრუნ|უკან\s+გა?გზავნ|dabrun"
    r"|վերադարձ|հետ\s+ուղարկ|veradardz|het\s+ughark"
    r"|መመለሻ|ለመመለስ|መመለስ|መልሶ\s+መላክ|መልሼ\s+ለመላክ",
    re.IGNORECASE,
)
"""Sending items back: "return", "send it back", "დაბრუნება", «վերադարձ», "መመለስ"."""

_SURELY_ITS_COST: Final = re.compile(
    r"\b(?:free|label|postage|shipping)\b|who\s+pays|\bdo\s+i\s+(?:have\s+to\s+)?pay\b"
    r"|უფასო|ufaso|ვინ\s+იხდის|უნდა\s+გადავიხადო"
    r"|անվճար|anvchar|ով\s+է\s+վճարում|պետք\s+է\s+վճարեմ"
    r"|ነፃ|ነጻ|የሚከፍል|ማን\s+ይከፍላል|እከፍላለሁ",
    re.IGNORECASE,
)
"""Words that make a question about sending back one about its cost: "free", "label", "who
pays", «անվճար», "ነፃ"."""

_ITS_COST: Final = re.compile(
    r"\b(?:cost|costs|charge|charged|fee)\b|how\s+much"
    r"|ღირს|ხარჯ|საფასურ|მიწოდებ|ტრანსპორტ|girs|xarj"
    r"|արժ|ծախս|առաքում|վճար"
    r"|ወጪ|የትራንስፖርት|የመላኪያ|ፖስታ",
    re.IGNORECASE,
)
"""Words of a cost that may also be the money of a refund ("how much do I get back?"): they
count only without :data:`_MONEY_BACK`."""

_MONEY_BACK: Final = re.compile(
    r"\b(?:money|refund\w*|amount)\b|თანხ|ფულ|tanx|ful|գումար|փող|gumar|ገንዘብ|ተመላሽ|ክፍያዬ"
    # «վճարված 45 000 դրամը վերադարձնել», «արժեքը փոխանցել» (return the dram paid, its value),
    # «Չեղարկման վճարը վերադարձվո՞ղ է» (is the cancellation fee refundable?)
    r"|դրամ|արժեք|վճարված|չեղարկ|\bcancel",
    re.IGNORECASE,
)
"""The money coming back: "will the delivery charge be returned?" («առաքման գումարը
կվերադարձվի՞», "მიწოდების თანხა დამიბრუნდება?") asks about the refund, not the return's
postage."""


def asks_about_return_shipping(text: str) -> bool:
    """Whether ``text`` asks what sending items back costs (module docstring)."""
    folded = normalised(without_in_word_marks(text))
    if not _SENDING_BACK.search(folded):
        return False
    if _SURELY_ITS_COST.search(folded):
        return True
    return bool(_ITS_COST.search(folded)) and not _MONEY_BACK.search(folded)


_QUESTION: Final = re.compile(
    r"[?\u055e\u1367]|^\W*(?:do|does|is|are|who|how|can|will|should|what|any)\b"
    r"|(?<!\w)(?:ვინ|რა|რამდენ|ხომ|ով|ինչ|որքան|ինչքան|ማን|ስንት|ምን)(?!\w)"
    r"|უფასოა|ღირს|անվճար\s+է|ነፃ\s+ነው|ነጻ\s+ነው",
    re.IGNORECASE,
)


def asks_return_cost(text: object) -> bool:
    """Whether ``text`` is a question about what a return costs, short enough to be only
    that (not a complaint that one cost money): for the rule classifier."""
    if not isinstance(text, str) or len(text.split()) > MAX_WORDS:
        return False
    return asks_about_return_shipping(text) and _QUESTION.search(normalised(text)) is not None


_LABEL: Final = re.compile(
    r"\blabels?\b|\bleibl|\betiket|\bpitak|(?<!\w)(?:ლეიბლ|ეტიკეტ|იარლიყ|պիտակ|ላቤ[ልሉ]|ሌብ[ልሉ]|መለጠፊያ)",
    re.IGNORECASE,
)
"""The return label, in the four languages and in Latin letters."""
_LABEL_COST: Final = re.compile(
    r"\b(?:free|cost|costs|pay|pays|paid|price|charge)\b|უფასო|ღირს|ფას|անվճար|արժե|վճար|ነፃ|ነጻ|ክፍያ|ዋጋ",
    re.IGNORECASE,
)


def asks_about_the_label(text: object) -> bool:
    """Whether ``text`` asks about the return label itself: how to print it, where it is,
    that it never came ("how do I print the label?", "ლეიბლი როგორ დავბეჭდო?", «իսկ
    պիտակը որտեղից տպեմ», "ላቤሉን እንዴት ነው የማትመው?"), not what it costs.

    Why: round 22, every language: after the steps to return an item, such questions were
    "Sorry, I didn't quite understand that", how to place an order, or how to review a
    product. The rule classifier makes them ``check_refund_policy``, whose answer then says
    how the label comes and what to do with it (``bot.actions.return_shipping``)."""
    if not isinstance(text, str) or len(text.split()) > MAX_WORDS:
        return False
    folded = normalised(without_in_word_marks(text))
    return _LABEL.search(folded) is not None and _LABEL_COST.search(folded) is None


_TIME_LEFT: Final = re.compile(
    r"\bhow\s+(?:long|much\s+time|many\s+days)\s+(?:do\s+(?:i|we)\s+have|have\s+(?:i|we)\s+got)"
    r"|\b(?:until|till|til)\s+when\b|\bdeadline\b|\btime\s+limit\b"
    r"|რამდენი?\s+(?:დღე|ხანი|დრო)\s+მაქვს|რა\s+ვადა\s+მაქვს|როდემდე|ვადა\s+რამდენია"
    r"|ramdeni?\s+(?:dge|xani|dro)\s+maqvs|rodemde"
    r"|(?:քանի|որքան|ինչքան)\s+(?:օր|ժամանակ)\s+ունեմ|մինչ(?:և|եւ)\s+երբ"
    r"|qani\s+or\s+unem|minchev\s+erb"
    r"|(?:ስንት\s+ቀን|ምን\s+ያህል\s+(?:ጊዜ|ቀን))\s+(?:ነው\s+)?[አያ]ለኝ|እስከ\s+መቼ|sint\s+ken\s+alegn|eske\s+meche",
    re.IGNORECASE,
)
"""How long the customer has to do something: "how long do I have?", "რამდენი დღე მაქვს?",
«քանի՞ օր ունեմ», "ስንት ቀን አለኝ?", "until when?"."""


def asks_time_left(text: object) -> bool:
    """Whether ``text`` is a short question about how long the customer has ("how long do I
    have?"), not how long something takes.

    Why: round 22, after the steps to return an item, "how long do I have?" was read as how
    long delivery takes, and answered with how long a refund takes; the customer asked for
    the return window."""
    if not isinstance(text, str) or len(text.split()) > MAX_WORDS:
        return False
    return _TIME_LEFT.search(normalised(without_in_word_marks(text))) is not None
