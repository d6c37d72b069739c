"""Whether a message answers the NPS question before it was asked, in the question's own
words: "I'd recommend you, 10", "would def recommend, 9 out of 10, the courier was lovely",
"ვურჩევდი მეგობრებს, 10", «խորհուրդ կտամ, 9», "10 እመክራችኋለሁ".

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`), which makes such a
message ``inform_score``, and by the action that starts the survey
(``bot.actions.survey_flow``), which starts it with that score and asks "why?" next. The
classifier read the English one with a reason as wanting to write a review (the customer
got the review answer), and a score typed unasked had been met with the 0-10 question
again. A bare score ("10", "I give you 9") may rate anything: it is still asked the
question first. A score out of ten given to us ("I would give you 9 out of 10, great shop",
"id give you guys an 8 out of 10": round 13, not understood, and the 9 typed next refused)
answers the question too: the scale is the question's, and the words name us. Plain Python,
since it runs in Rasa's virtualenv.
"""

from __future__ import annotations

import re

_RECOMMENDING = re.compile(
    r"re(?:c|cc)om+end|რეკომენდაც|ვურჩევ|ურჩევდი|rekomendac|vurchev"
    r"|խորհուրդ\s+(?:կտամ|կտայի|եմ\s+տալիս|կտանք)|երաշխավոր|xorhurd\s+ktam|khorhurd\s+ktam"
    r"|እመክ|ልመክር|emekr",
    re.IGNORECASE,
)
_SCORE = re.compile(r"(?<![\d\w])(?:10|[0-9])(?![\d\w]|[.,]\d)")
_ORDER_NUMBER = re.compile(r"\b[A-Za-z]?-?\d{5,}\b")
_QUESTION = re.compile(r"[?\u055e\u1367]|^\W*(?:would|do|does|should|can|will)\s+you\b", re.I)


_OUT_OF_TEN = re.compile(
    r"(?<![\d\w])(?:10|[0-9])\s*(?:/\s*10|out\s+of\s+(?:10|ten))(?![\d\w])"
    r"|ათიდან|10-დან|\b(?:atidan|10-dan)\b|10-ից|տասից|ከአስር|ከ10",
    re.IGNORECASE,
)
_NAMES_US = re.compile(
    r"\b(?:you|your|u|ya|shop|store|service|guys)\b|თქვენ|მაღაზი|მომსახურ"
    r"|ձեզ|ձեր|դուք|խանութ|սպասարկ|እናንተ|ለእናንተ|ሱቅ|አገልግሎ",
    re.IGNORECASE,
)


def speaks_of_recommending(text: object) -> bool:
    """Whether ``text`` says the customer would (or would not) recommend us."""
    return isinstance(text, str) and _RECOMMENDING.search(text) is not None


def rates_us(text: object) -> bool:
    """Whether ``text`` answers the NPS question in its own terms: recommending us, or a
    score out of ten given to us (module docstring)."""
    if not isinstance(text, str):
        return False
    out_of_ten = _OUT_OF_TEN.search(text) is not None and _NAMES_US.search(text) is not None
    return speaks_of_recommending(text) or out_of_ten


def volunteers_score(text: object) -> bool:
    """Whether ``text`` rates us (:func:`rates_us`) with one score in digits, and asks
    nothing (module docstring); "would you recommend express?" asks."""
    if not isinstance(text, str) or _ORDER_NUMBER.search(text) or _QUESTION.search(text):
        return False
    return rates_us(text) and _SCORE.search(text) is not None
