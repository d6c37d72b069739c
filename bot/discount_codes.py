"""Whether a message is about a discount code: "my discount code SAVE10 isn't working at
checkout", "პრომოკოდი არ მუშაობს" (the promo code doesn't work), «զեղչի կոդ ունե՞ք» (do you
have a discount code?), "ኩፖን ኮድ አይሰራም" (the coupon code doesn't work).

Why: round 22, every language: the NLU read such messages as a failed payment (the card
checklist), the ways of paying, or off-topic ("Sorry, that's not something I can help
with"). The support taxonomy has no intent for them, and the training data keeps them
off-topic (``out_of_scope``); the answers to those three intents (the fallback, the payment
problem, the ways of paying) say instead where a code goes and what to check when it is
refused (``utter_discount_code``). A voucher is a way of paying
(``bot.actions.payment_questions``), not a code.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised, without_in_word_marks

DISCOUNT_CODE: Final = "utter_discount_code"

_DISCOUNT: Final = re.compile(
    r"\b(?:discount|promo|coupon|promotional)\s*-?\s*codes?\b|\bpromo\s*codes?\b|\bcoupons?\b"
    r"|\bdiscounts?\b|\bpromokod\w*|\bkupon\w*"
    r"|ფასდაკლებ|პრომო\s*-?\s*კოდ|პრომოკოდ|კუპონ|\bfasdakleb\w*"
    r"|զեղչ|պրոմո\s*-?\s*կոդ|պրոմոկոդ|կուպոն|\bzeg?[hx]?ch\w*"
    r"|ቅናሽ|ኩፖን|ፕሮሞ\s*ኮድ|የቅናሽ\s*ኮድ|\bqinash\b|\bkinash\b",
    re.IGNORECASE,
)
"""A discount or a code for one, in the four languages and in Latin letters."""


def mentions_discount(text: object) -> bool:
    """Whether ``text`` is about a discount or a discount code (module docstring). Read only
    for messages the NLU took for off-topic or a payment: "are discounted items
    refundable?" is the refund policy's."""
    return isinstance(text, str) and bool(_DISCOUNT.search(normalised(without_in_word_marks(text))))
