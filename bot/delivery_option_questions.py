"""Whether a short message asks about one delivery option by its name: "and express?", "what
about store pickup?", «իսկ էքսպրե՞սը», "ექსპრესი?", "ፈጣኑስ?".

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`), which makes such a
message ``delivery_options``; the answer (``action_answer_delivery_options``) gives that
option's days and price (``utter_delivery_option``). Round 17: «իսկ էքսպրե՞սը» after the
delivery times was read as "are you a bot?" (0.72) or not understood, and "does free over 50
apply to express?" got the whole list again. Plain Python, since it runs in Rasa's
virtualenv.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised, without_in_word_marks, words_in

OPTIONS_INTENT: Final = "delivery_options"
PERIOD_INTENT: Final = "delivery_period"
MAX_WORDS: Final = 5
""""and what about express?" names the option and little else; a longer message says more
(the classifier's)."""

_OPTION: Final = re.compile(
    r"\b(?:express|expres|standard|pick\s*-?\s*up|in\s+store)\b"
    r"|ექსპრეს|სტანდარტ|გატან|ekspres|standart"
    r"|էքսպրես|ստանդարտ|ekspres|standart"
    # Amharic with the article ("ፈጣኑስ?", and the fast one?): "ፈጣን" alone is praise too
    r"|ፈጣኑ|መደበኛው|\bfetanu",
    re.IGNORECASE,
)
_QUESTION: Final = re.compile(
    r"[?\u055e\u1367]|^\W*(?:and|what\s+about|how\s+about|what\s+of)\b"
    r"|^\W*(?:და|ანუ|իսկ|ու|ና|እና)(?!\w)|ስ\W*$",
    re.IGNORECASE,
)
"""The shape of a question: "express delivery!" as a survey's reason is no question."""
_CARD: Final = re.compile(r"american\s*express|\bamex\b", re.IGNORECASE)
"""A way of paying ("American Express-ს იღებთ?", do you take American Express?)."""


def asks_about_an_option(text: object) -> bool:
    """Whether ``text`` is a short question naming a delivery option (module docstring)."""
    if not isinstance(text, str) or any(character.isdigit() for character in text):
        return False
    if len(words_in(text)) > MAX_WORDS:
        return False
    folded = normalised(without_in_word_marks(text))
    if _OPTION.search(folded) is None or _CARD.search(folded) is not None:
        return False
    return _QUESTION.search(normalised(text)) is not None
