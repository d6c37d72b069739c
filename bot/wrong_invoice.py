"""Whether a message says an invoice is wrong: its answer is how to get a corrected one.

Round 14 (English, Armenian, Amharic): "the invoice for A1000005 shows the wrong amount, i
was charged more than what it says", «հաշիվ-ապրանքագրում գումարը սխալ է», "invoice ላይ
ያለው ብር ትክክል አይደለም" were read as a failed payment (``payment_issue``) and got the
card checklist. An invoice word with a word of being wrong is ``check_invoice`` by rule
(:mod:`bot.components.rule_intents`), whose answer says to write in for a corrected
invoice. Plain Python, since it runs in Rasa's virtualenv.
"""

from __future__ import annotations

import re

from bot.message_words import normalised

_INVOICE = re.compile(
    r"invoice|ინვოის|ანგარიშ-ფაქტურ|ანგარიშფაქტურ|invois"
    r"|հաշիվ-ապրանքագր|հաշիվ ապրանքագր|ինվոյս|invoys|ኢንቮይስ|ኢንቫይስ|ደረሰኝ",
    re.IGNORECASE,
)
_WRONG = re.compile(
    r"\bwrong\b|incorrect|\bmistake|\berror|doesn'?t\s+match|does\s+not\s+match|not\s+right"
    r"|არასწორ|შეცდომ|არ\s+ემთხვევა|სწორი\s+არ"
    r"|սխալ|ճիշտ\s+չէ|չի\s+համապատասխանում"
    r"|ትክክል\s+አይደለም|ስህተት|አይዛመድም|ተሳስቷል|ተሳስቶ|የተሳሳተ",  # ተሳስቷል: is mistaken (round 17)
    re.IGNORECASE,
)


def says_invoice_is_wrong(text: object) -> bool:
    """Whether ``text`` names an invoice and says something on it is wrong."""
    if not isinstance(text, str):
        return False
    said = normalised(text)
    return _INVOICE.search(said) is not None and _WRONG.search(said) is not None
