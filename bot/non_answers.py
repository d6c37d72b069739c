"""Messages that say nothing: punctuation alone, or one hesitation sound.

Plain Python (no Rasa, no rasa_sdk), so that both sides read them by the same rule: the NLU
makes such a message a misunderstanding (``bot/components/rule_intents.py``, in Rasa's
virtualenv) and the survey forms take it as no answer to "why?"
(``bot.actions.parsing.gives_no_answer``, in ours).
"""

from __future__ import annotations

import re
import unicodedata

# One hesitation sound, however drawn out: hm, hmmm, huh, uh, um, er, erm, eh; Georgian ჰმ,
# Armenian հմ. Not "mhm" or "uh huh", which agree.
_HESITATION = re.compile(r"h+m+|h+u+h+|u+h+|u+m+|e+r+m*|e+h+|ჰ+მ+|հ+մ+", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def only_punctuation(text: str) -> bool:
    """Punctuation and spaces, with at least one mark: "...", "?!" (an emoji is not one)."""
    marks = "".join(text.split())
    return bool(marks) and all(unicodedata.category(char)[0] == "P" for char in marks)


def says_nothing(text: str) -> bool:
    """Whether ``text`` is punctuation alone, or one hesitation sound with or without it.

    Emoji are not punctuation (a thumb answers a yes/no question), and an empty message is
    Rasa's own case.
    """
    words = _WORD.findall(text)
    if not words:
        return only_punctuation(text)
    rest = _WORD.sub("", text)
    hesitation = len(words) == 1 and _HESITATION.fullmatch(words[0]) is not None
    return hesitation and (not rest.strip() or only_punctuation(rest))
