"""The words of a chat message, as the bot's word lists compare them.

Plain Python (no Rasa, no rasa_sdk): Rasa's pipeline (``bot.components.rule_intents``, through
:mod:`bot.order_numbers` and :mod:`bot.contacts`) and the action server read a message's
words by the same rule, so a word list means the same on both sides.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
ARMENIAN_IN_WORD_MARKS = "\u055b\u055c\u055e"
"""Armenian emphasis (՛), exclamation (՜) and question (՞) marks: written inside a word
("ե՞րբ", "կարո՞ղ"), so they must not split it."""
_IN_WORD_MARKS = re.compile(f"[{ARMENIAN_IN_WORD_MARKS}]")

_HOMOPHONES = {  # the first letter of each series, and the series it is written as
    0x1210: 0x1200,  # ሐ -> ሀ
    0x1280: 0x1200,  # ኀ -> ሀ
    0x1220: 0x1230,  # ሠ -> ሰ
    0x12D0: 0x12A0,  # ዐ -> አ
    0x1340: 0x1338,  # ፀ -> ጸ
}
_ETHIOPIC_FOLDING = {
    first + order: into + order for first, into in _HOMOPHONES.items() for order in range(8)
}


def folded_ethiopic(text: str) -> str:
    """``text`` with the Ethiopic letters that sound alike written one way: "ትእዛዝ" and
    "ትዕዛዝ" (order), "ሰዓት" and "ሠዓት", "ጸሐይ" and "ፀሀይ" are spelled both ways by Amharic
    writers. The NLU's word features read the folded spelling (round 16: "ትእዛዝ A1000005
    መሰረዝ ይቻላል?" was not understood; our examples spell it ትዕዛዝ)."""
    return text.translate(_ETHIOPIC_FOLDING)


def without_in_word_marks(text: str) -> str:
    """``text`` without the Armenian marks written inside words: «ե՞րբ» reads «երբ»."""
    return _IN_WORD_MARKS.sub("", text)


def normalised(text: str) -> str:
    """``text`` as the word lists and patterns match it: full-width and compatibility letters
    folded (NFKC), typographic apostrophes as plain ones (phones type "it’s")."""
    return unicodedata.normalize("NFKC", text).replace("\u2019", "'")


def words_in(text: str) -> list[str]:
    """The lower-cased words of ``text``: letters of any script, with an apostrophe inside
    ("it's", "I'd"), typographic apostrophes as plain ones (phones type "it’s"), full-width
    and compatibility letters folded (NFKC), an Armenian word with its question mark inside
    as one word. Digits and punctuation are not words."""
    return _WORD.findall(normalised(without_in_word_marks(text)).lower())


_WHEN = re.compile(
    r"\b(?:how\s+long|how\s+many\s+days|how\s+soon|how\s+quickly|when|what\s+time\s*frame|eta)\b"
    r"|რამდენ\w*\s+(?:ხან|დღე)|როდის|როდემდე|რა\s+ვადა|ramden\s+(?:xan|khan|dge)|rodis"
    r"|երբ|որքան\s+ժամանակ|ինչքան\s+ժամանակ|քանի\s+օր|\berb\b|qani\s+or|inchqan\s+jamanak"
    r"|መቼ|ስንት\s+ቀን|ምን\s+ያህል\s+(?:ጊዜ|ቀን)|\b(?:meche|sint\s+ken)\b",
    re.IGNORECASE,
)
"""Asking how long, or when: "how long do refunds take?", "როდის დამიბრუნდება?", «երբ»,
"መቼ"."""


def asks_when(text: str) -> bool:
    """Whether ``text`` asks how long something takes, or when it happens ("how long do
    refunds take?", "როდის მოვა?", «ե՞րբ կհասնի», "መቼ ይደርሳል?")."""
    return _WHEN.search(normalised(without_in_word_marks(text))) is not None


WHY_WORDS = frozenset({
    "why", "რატომ", "რატო", "ratom", "rato", "ինչու", "ինչի", "inchu", "inchi",
    "ለምን", "lemin", "lemn",
})  # fmt: skip
""""Why", in the four languages and in Latin letters."""


def asks_why(text: str) -> bool:
    """Whether ``text`` asks why ("why is it still packing after 3 days??", "რატომ იფუთება
    ამდენ ხანს", «ինչու՞ է ուշանում», "ለምን ዘገየ?")."""
    return bool(WHY_WORDS.intersection(words_in(text)))
