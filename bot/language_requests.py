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
MAX_WORDS_FOR_REQUEST: Final = 6
# The other words a request is made of ("can we speak English, please?", "ქართულად, თუ
# შეიძლება", "հայերենով խնդրում եմ", "አማርኛ እባክዎ"). A message with any other word is about
# something else: "teach me English", "how to learn English fast", "no English please".
_REQUEST_WORDS: Final = frozenset(
    {
        # English
        "please", "pls", "plz", "in", "to", "speak", "talk", "write", "answer", "reply",
        "continue", "switch", "change", "use", "language", "can", "could", "we", "you", "i",
        "do", "let", "lets", "s", "us", "want", "would", "like", "prefer", "ok", "okay",
        # Georgian ("please", "let's talk", "write to me", "speak to me", "can we", "I want")
        "თუ", "შეიძლება", "გთხოვთ", "გეთაყვა", "ვისაუბროთ", "ვილაპარაკოთ", "მომწერეთ",
        "მელაპარაკეთ", "გააგრძელეთ", "გავაგრძელოთ", "მინდა", "ენაზე", "ენა",
        "tu", "sheidzleba", "gtxovt", "gtkhovt", "visaubrot", "vilaparakot", "minda",
        # Armenian ("please", "let's talk", "write", "speak", "can we", "I want")
        "խնդրում", "եմ", "եք", "խոսել", "խոսենք", "խոսեք", "գրեք", "շարունակենք", "շարունակեք",
        "կարող", "ենք", "ուզում", "լեզվով", "խնդրեմ",
        "khndrum", "xndrum", "em", "khosenq", "xosenq", "karox", "karogh", "enq", "uzum",
        # Amharic ("please", "speak to me", "continue", "I want", "can we")
        "እባክዎ", "እባክህ", "እባክሽ", "እባካችሁ", "ያናግሩኝ", "አናግረኝ", "ቀጥል", "ቀጥሉ", "እንቀጥል",
        "እፈልጋለሁ", "እንነጋገር", "ይጻፉ", "ebakih", "ebakwo", "ebakish", "efelgalehu",
    }
)  # fmt: skip
# Armenian writes its question and emphasis marks inside a word ("կարո՞ղ").
_IN_WORD_MARKS: Final = re.compile("[\u055b\u055c\u055e]")
_WORD: Final = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    """The words of ``text``, case-folded, in any script."""
    return _WORD.findall(text.casefold())


def requested_language(text: object) -> str | None:
    """The language a short message asks for ("English please", "ქართულად"), else ``None``.

    Besides the language's name only the words of a request may be there ("can we speak
    English, please?"): "teach me English" or "no English" asks for nothing, and neither do
    two names ("English or Georgian?"). A button payload ("/contact_human_agent") is never
    a request.
    """
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return None
    found = words(_IN_WORD_MARKS.sub("", text))
    if not found or len(found) > MAX_WORDS_FOR_REQUEST:
        return None
    named = {language for language, names in LANGUAGE_NAMES.items() if names & set(found)}
    if len(named) != 1:
        return None
    every_name = frozenset().union(*LANGUAGE_NAMES.values())
    return named.pop() if all(w in every_name or w in _REQUEST_WORDS for w in found) else None
