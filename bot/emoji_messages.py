"""Messages of emoji alone: a thumb is a yes or a no, anything else is not understood.

Plain Python (no Rasa, no rasa_sdk), read by the NLU (``bot/components/rule_intents.py``).
The sentence encoder has no grounded meaning for emoji: it read "🤬" as a sure ``affirm``
(0.78), so "🤬" under "Did that solve your problem?" was stored as a satisfied CSAT 4, and
"😡" as ``deny``, answered "No problem!". The signs every phone keyboard uses for yes, no and
thanks keep that meaning; every other emoji-only message is a misunderstanding, so a survey
asks again and the bot says what it can do, instead of guessing.
"""

from __future__ import annotations

import re
import unicodedata

AFFIRM = "affirm"
DENY = "deny"
THANK = "thank"
# Skin tones, variation selectors and the zero-width joiner: decorations of one sign.
_DECORATIONS = re.compile(r"[\s\U0001F3FB-\U0001F3FF\uFE0E\uFE0F\u200D]")
_SIGNS = {
    AFFIRM: frozenset("\N{THUMBS UP SIGN}\N{OK HAND SIGN}\N{WHITE HEAVY CHECK MARK}"
                      "\N{HEAVY CHECK MARK}\N{SQUARED OK}"),
    DENY: frozenset("\N{THUMBS DOWN SIGN}\N{CROSS MARK}\N{HEAVY MULTIPLICATION X}"),
    THANK: frozenset("\N{PERSON WITH FOLDED HANDS}"),
}  # fmt: skip
_KEYCAP_TEN = "\N{KEYCAP TEN}"  # a score ("🔟"), read by the survey forms
_SYMBOL = "S"  # Unicode's symbol categories (So, Sk, Sm, Sc): emoji are "So"


def emoji_intent(text: object) -> str | None:
    """The intent of a message made only of emoji, else ``None``.

    ``affirm``/``deny``/``thank`` for signs of one meaning ("👍", "👎🏽👎🏽", "🙏"),
    ``nlu_fallback`` for any other ("😡", "🤬", "❤️", "👍👎"). A message with a letter or a
    digit is the classifier's, and so is one of punctuation alone (``bot.non_answers``).
    """
    if not isinstance(text, str) or _KEYCAP_TEN in text:
        return None
    signs = _DECORATIONS.sub("", unicodedata.normalize("NFC", text))
    if not signs or any(char.isalnum() for char in signs):
        return None
    if not any(unicodedata.category(char).startswith(_SYMBOL) for char in signs):
        return None  # punctuation alone: a misunderstanding by bot.non_answers already
    for intent, group in _SIGNS.items():
        if set(signs) <= group:
            return intent
    return "nlu_fallback"
