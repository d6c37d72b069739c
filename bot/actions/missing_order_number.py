"""A customer who has no order number to give: "I don't have it", "I lost the email".

Why: asked "What's your order number?", a customer who cannot find it said so, and was
told "Sorry, that doesn't look like an order number. It has 5 to 10 digits ..." and asked
again, twice, before a person was offered. They need to hear where the number is (the
confirmation email, My orders) and that a person can look it up with them.

The NLU has no intent for this (it reads "I don't have the number" as a misunderstanding,
"I lost the email" as a newsletter request, "i don't know it" as a weak "no"), and it only
matters while the order form waits for a number, so the form's validation asks
:func:`says_no_order_number` about a message that holds no number: a few phrases per
language, native script and Latin letters, that say "I don't know / have / remember it",
"I can't find it", "I lost / deleted it" or "where do I find it".
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_PHRASES: Final = re.compile(
    "|".join(
        (
            # English ("i dont know it", "didn't get a confirmation", "cant find it").
            r"\b(?:do\s*n[o']?t|dont|didn'?t|did\s+not|never|have\s*n[o']?t|havent)\s+"
            r"(?:know|have|remember|recall|got|get|receive|received|see|saw)\b",
            r"\bno\s+(?:idea|clue)\b|\bdunno\b",
            r"\b(?:can'?t|cannot|can\s+not|couldn'?t|could\s+not|unable\s+to)\s+"
            r"(?:find|see|locate|remember|recall)\b",
            r"\b(?:lost|deleted|forgot|forgotten|misplaced)\b",
            r"\bwhere\s+(?:do|can|would|should|could)\s+i\s+(?:find|get|see|look)\b",
            # Georgian ("I don't know", "I don't have", "I can't find", "I lost", "I don't
            # remember", "where do I find", "I deleted"), and in Latin letters.
            r"არ\s+ვიცი|არ\s+მაქვს|ვერ\s+ვპოულობ|ვერ\s+ვიპოვე|დავკარგე|არ\s+მახსოვს"
            r"|სად\s+ვნახო|სად\s+ვიპოვო|წავშალე",
            r"\bar\s+vici\b|\bar\s+ma[qk]vs\b|\bver\s+vipove\b|\bdavkarge\b|\bar\s+ma(?:kh|x)sovs\b",
            # Armenian, and in Latin letters.
            r"չգիտեմ|չունեմ|չեմ\s+գտնում|չեմ\s+գտել|չգտա|կորցրել\s+եմ|չեմ\s+հիշում"
            r"|որտեղ\s+գտնեմ|որտե՞ղ\s+գտնեմ|ջնջել\s+եմ",
            r"\bchgitem\b|\bchunem\b|\bchem\s+gtnum\b|\bchgta\b|\bkorcrel\s+em\b|\bchem\s+hishum\b",
            # Amharic, and in Latin letters.
            r"አላውቅም|የለኝም|አላገኘሁትም|ማግኘት\s+አልቻልኩም|ጠፋብኝ|አላስታውስም|የት\s+አገኛለሁ"
            r"|የት\s+ላገኘው|አጠፋሁት",
            r"\bala[wu][qk]m\b|\byelegnm\b|\btefabign\b|\balastawsm\b",
        )
    )
)
_APOSTROPHES: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def says_no_order_number(text: object) -> bool:
    """Whether ``text`` says the customer does not have, know or find the number asked for.

    Meant for a message that holds no order number, typed while the order form waits for
    one: there "I lost it" is about the number (or its email), and a message that is another
    request altogether ("I forgot my password") has been let through as a digression before
    this is asked.
    """
    if not isinstance(text, str):
        return False
    folded = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    return _PHRASES.search(folded) is not None
