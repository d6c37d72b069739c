"""Whether a message asks about a product: whether it is in stock, what it costs, its sizes
("is the jacket in stock?", "how much is the blender", "ეს ქურთუკი მარაგშია?", «ի՞նչ արժե
այս բլենդերը», "የዚህ ጃኬት ዋጋ ስንት ነው?").

Read by the fallback action (``bot.actions.support.ActionFallback``) for a message the NLU
read as out of scope or did not understand: round 14's shoppers asked about stock and
prices in every language and got "Sorry, that's not something I can help with." The bot
cannot see the catalogue, but it can say where the answer is (the product's page). Plain
Python, no Rasa.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised, without_in_word_marks

_THIS = r"(?:the|this|that|these|those|your|ur|it)"
_ASKS_ABOUT_A_PRODUCT: Final = re.compile(
    r"\b(?:in|out\s+of|back\s+in)\s+stock\b|\brestock|\bsold\s+out\b"
    rf"|\bis\s+{_THIS}\b.*\bavailable\b|\bavailability\s+of\b"
    rf"|\bhow\s+much\s+(?:is|are|does|do|for)\s+{_THIS}\b|\bprices?\s+(?:of|for)\s+{_THIS}\b"
    rf"|\bwhat\s+does\s+{_THIS}\b.*\bcost\b|\bin\s+(?:size|colou?r)\b|\b(?:what|which)\s+sizes\b"
    r"|მარაგ|რა\s+ღირს|რამდენი\s+ღირს|ფასი|ფასად"
    r"|\b(?:ra|ramdeni)\s+(?:ghirs|girs|Rirs)\b|\bfasi\b|\bmarag"
    r"|առկա|պահեստում|(?:ինչ|ինչքան|քանի)\s+արժե(?!\s+\w+(?:ել|ալ)\b)|գինը|գինն"
    r"|\b(?:inch|inchqan|inchkan|qani)\s+arje\b"
    r"|ዋጋ|ክምችት|\bwaga\b|\bwagaw\b",
    re.IGNORECASE,
)
"""Stock, price and size words, in the four languages and in Latin letters; in English
about a thing named ("how much is the blender", not "how much is a house")."""

_NOT_OUR_PRODUCTS: Final = re.compile(
    r"bitcoin|ethereum|crypto|ბიტკოინ|բիթքոին|ቢትኮይን|percent"
    r"|match|cheaper|იაფ|էժան|በርካሽ"
    # an order that came wrong ("wrong size sent, 44 instead of 42"): round 15, «սխալ
    # չափսի կոշիկ եք ուղարկել» had been told where sizes are shown
    r"|wrong|instead|sent|arrived|came|არასწორ|ნაცვლად|მოვიდა|გამომიგზავნ|გამოგზავნ"
    r"|սխալ|տեղը|փոխարեն|ուղարկել|եկել|եկավ|ስህተት|ፈንታ|መጣ|ደረሰ|ላካችሁ",
    re.IGNORECASE,
)
"""Prices that are not our products' (a coin's), a price match, or an order that came
wrong: not a question about a product to buy."""


def asks_about_a_product(text: object) -> bool:
    """Whether ``text`` asks about a product's stock, price or sizes (module docstring)."""
    if not isinstance(text, str) or text.startswith("/"):
        return False
    said = without_in_word_marks(normalised(text))
    return _ASKS_ABOUT_A_PRODUCT.search(said) is not None and not _NOT_OUR_PRODUCTS.search(said)
