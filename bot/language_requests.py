"""A customer asking for another language: "English please", "ქართულად", "հայերեն", "በአማርኛ".

Plain Python (no Rasa, no action server): both sides need the same answer. The NLU pipeline
(:mod:`bot.components.language_request`, in Rasa's virtualenv) turns such a message into the
``switch_language`` intent, so the rules confirm the switch in the new language and go back
to what the conversation was doing; the action server (:mod:`bot.actions.language`) sets the
``language`` slot from it. One table, so the intent and the slot never disagree.
"""

from __future__ import annotations

import re
from typing import Final

SWITCH_LANGUAGE_INTENT: Final = "switch_language"

# Names of a language a customer uses to ask for it: "English please", "ქართულად".
LANGUAGE_NAMES: Final[dict[str, frozenset[str]]] = {
    "en": frozenset({"english", "inglisuri", "inglisurad", "angleren", "ინგლისურად",
                     "ინგლისური", "անգլերեն", "անգլերենով", "እንግሊዝኛ", "በእንግሊዝኛ"}),
    "ka": frozenset({"georgian", "qartulad", "kartulad", "qartuli", "kartuli", "ქართულად",
                     "ქართული", "վրացերեն"}),
    "hy": frozenset({"armenian", "hayeren", "hayerenov", "հայերեն", "հայերենով",
                     "სომხურად"}),
    "am": frozenset({"amharic", "amarigna", "amarinya", "amharigna", "በአማርኛ", "አማርኛ"}),
}  # fmt: skip
# Only a short message is a request ("in English please"); a longer one that names a
# language ("the English manual is missing a page") is about something else.
MAX_WORDS_FOR_REQUEST: Final = 4
# "No English", "not in English", "I can't speak English", "ინგლისური არა", "ar vici
# inglisuri": a language named with a "no" is not asked for ("t" is what "don't" and
# "can't" leave behind once split into words).
_NEGATIONS: Final = frozenset(
    {
        "no", "not", "don", "t", "never", "without",
        "არა", "არ", "ვერ", "ara", "ar", "ver",
        "ոչ", "չեմ", "չէ", "մի", "voch", "chem", "che",
        "አይ", "አልችልም", "አልፈልግም", "ay",
    }
)  # fmt: skip
_WORD: Final = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    """The words of ``text``, case-folded, in any script."""
    return _WORD.findall(text.casefold())


def requested_language(text: object) -> str | None:
    """The language a short message asks for ("English please", "ქართულად"), else ``None``.

    Two different names ("English or Georgian?") ask for nothing we can act on, nor does a
    name with a "no" ("no English", "ინგლისური არა"). A button payload
    ("/contact_human_agent") is never a request.
    """
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return None
    found = words(text)
    if not found or len(found) > MAX_WORDS_FOR_REQUEST or _NEGATIONS.intersection(found):
        return None
    named = {
        language for language, names in LANGUAGE_NAMES.items() if any(w in names for w in found)
    }
    return named.pop() if len(named) == 1 else None
