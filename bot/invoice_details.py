"""Whether a message asks about a company's tax number (VAT) or name on an invoice: "and the
VAT number?", "can i add my vat number", "დღგ-ს ნომერი როგორ დავამატო?", «ՀՎՀՀ-ն
ինչպե՞ս ավելացնեմ», "የቲን ቁጥር እንዴት ልጨምር?".

Why: after how to download an invoice, "and the VAT number?" was "Sorry, I didn't quite
understand that" (round 22); alone, such questions were read as off-topic or as how to
reach us (0.75). The rule classifier (:mod:`bot.components.rule_intents`) makes them
``get_invoice``, whose answer (``bot.actions.invoices``) then says where the details go and
how to have them on an invoice already issued. Plain Python, since it runs in Rasa's
virtualenv.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised, without_in_word_marks

INVOICE_INTENT: Final = "get_invoice"
_MAX_WORDS: Final = 16

_TAX_NUMBER: Final = re.compile(
    r"\bvat\b|\btax\s*(?:id|number|no|code|registration)\b"
    r"|დღგ|საიდენტიფიკაციო\s+(?:კოდ|ნომერ)|\bdgg\b"
    r"|(?<!\w)(?:աահ|հվհհ)(?!\w)|հարկ\w*\s+(?:համար|կոդ)"
    r"|ቫት|ተ\.?\s*እ\.?\s*ታ|(?<!\w)(?:የ)?ቲን(?!\w)|የግብር\s+ከፋይ",
    re.IGNORECASE,
)
"""A company's tax number: VAT, tax ID; დღგ (Georgian VAT), საიდენტიფიკაციო კოდი (tax
code); ԱԱՀ (Armenian VAT), ՀՎՀՀ (taxpayer number); ቫት, ተ.እ.ታ (Amharic VAT), ቲን (TIN)."""

_ABOUT_IT: Final = re.compile(
    r"\b(?:number|id|add|put|include|invoice|receipt|bill|and|what\s+about|where)\b"
    r"|ნომ(?:ერ|რ)|დავამატ|დაემატ|ჩავწერ|ინვოის|ანგარიშ-ფაქტურ|ჩეკ|(?<!\w)და(?!\w)|სად"
    r"|համար|ավելացն|գրել|հաշիվ-ապրանքագր|ինվոյս|(?<!\w)իսկ(?!\w)|որտեղ"
    r"|ቁጥ|ልጨምር|መጨመር|ይጨመር|ደረሰኝ|ኢንቮይስ|የት",
    re.IGNORECASE,
)
"""Words that make the tax word a question about the invoice's details ("VAT number", "add",
"and the VAT?"), not about whether prices include VAT."""

_NOT_DETAILS: Final = re.compile(
    r"\b(?:includ\w*|incl|price\w*|excluding|exclusive|refund\w*|rate|percent)\b|%"
    r"|შედის|ფას|ჩათვლით|գն\w*|ներառ|ዋጋ|ያካትታል"
    r"|\b(?:check\w*|verify|see|view|shows?|shown|wrong|correct\w*|calculated|regist\w*)\b"
    r"|ვამოწმ|შემოწმ|სწორ|რეგისტრ|ստուգ|դիտ|ճիշտ|սխալ|գրանց|ማየት|ለማየት|ትክክል|ስህተት|መመዝገብ|አይቀበል",
    re.IGNORECASE,
)
"""Prices with or without VAT, VAT refunds, its rate; checking the VAT on an invoice (where
invoices are, ``check_invoice``) or a tax number refused at sign-up: not the details to add."""


def asks_about_invoice_details(text: object) -> bool:
    """Whether ``text`` is a short question about a tax number on an invoice (module
    docstring)."""
    if not isinstance(text, str) or len(text.split()) > _MAX_WORDS:
        return False
    said = normalised(without_in_word_marks(text)).strip()
    if _TAX_NUMBER.search(said) is None or _NOT_DETAILS.search(said) is not None:
        return False
    return _ABOUT_IT.search(said) is not None
