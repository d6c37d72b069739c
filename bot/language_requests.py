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

from bot.message_words import without_in_word_marks

SWITCH_LANGUAGE_INTENT: Final = "switch_language"
OTHER_LANGUAGE_INTENT: Final = "ask_other_language"

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
# Names of languages we do not answer in, as customers ask for them ("can you speak
# Russian?", "можно по-русски?", "რუსულად შეიძლება?", «ռուսերեն կարող եք», "በአረብኛ"): they
# are told which languages we speak. Russian first: customers in Georgia and Armenia ask.
OTHER_LANGUAGE_NAMES: Final = frozenset(
    {
        "russian", "russki", "russkiy", "русски", "русский", "русском", "rusulad",
        "რუსულად", "რუსული", "ռուսերեն", "ռուսերենով", "ruseren", "ራሽያኛ", "በራሽያኛ", "ሩስያኛ",
        "french", "german", "spanish", "italian", "turkish", "arabic", "chinese", "ukrainian",
        "persian", "farsi", "hindi", "portuguese", "polish",
        "თურქულად", "გერმანულად", "ფრანგულად", "ესპანურად", "უკრაინულად",
        "ֆրանսերեն", "գերմաներեն", "իսպաներեն", "թուրքերեն", "արաբերեն", "պարսկերեն",
        "ፈረንሳይኛ", "በፈረንሳይኛ", "አረብኛ", "በአረብኛ", "ዐረብኛ", "ቱርክኛ", "ጣሊያንኛ",
        "ֆրանսերենով", "գերմաներենով", "իսպաներենով", "tigrinya", "oromo", "oromiffa",
        "somali", "swahili", "ትግርኛ", "በትግርኛ", "ኦሮምኛ", "በኦሮምኛ", "ሶማልኛ",
    }
)  # fmt: skip
# Only a short message is a request ("in English please"); a longer one that names a
# language ("the English manual is missing a page") is about something else.
MAX_WORDS_FOR_REQUEST: Final = 8
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
        # asked as a question: "ინგლისურად გადავიდეთ?" (shall we switch to English?), "do you
        # know", "can you", «անցնենք անգլերենի», "እንግሊዝኛ ትችላለህ?" (can you English?)
        "გადავიდეთ", "გადავიდე", "შეგიძლია", "შეგიძლიათ", "იცი", "იცით", "ლაპარაკობ",
        "ლაპარაკობთ", "საუბრობ", "საუბრობთ", "gadavidet", "shegidzlia", "shegidzliat",
        "անցնենք", "գիտեք", "գիտես", "խոսում", "կարելի", "է", "ancnenq", "gitek", "xosum",
        "ትችላለህ", "ትችያለሽ", "ትችላላችሁ", "ይችላሉ", "ታውቃለህ", "ታውቂያለሽ", "ታውቃላችሁ", "ያውቃሉ",
        "ትናገራለህ", "ትናገራላችሁ", "ይናገራሉ", "እንቀይር", "ቀይሩ", "ቀይር", "ቋንቋ",
        "შეგვიძლია", "მომწერო", "მომწერე", "laparakob", "laparakobt", "shegvidzlia",
        "պատասխանել", "պատասխանեք", "կխոսեք", "kxndrem", "khndrem", "grek",
        "ብታወራኝ", "ይሻለኛል", "አውራኝ", "አውሩኝ", "መናገር", "ከዚህ", "በኋላ", "ጻፍልኝ", "ፃፍልኝ",
        "ቋንቋውን", "ወደ", "ቀይርልኝ", "ቀይሩልኝ", "ይቻላል", "ልታናግረኝ", "ታናግረኛለህ",
        # a word of politeness or of changing one's mind before it ("ბოდიში, ქართულად
        # შეიძლება?", "thanks. could you switch to armenian", "sorry actually english please")
        "sorry", "thanks", "thank", "actually", "ბოდიში", "მადლობა", "ներողություն",
        "շնորհակալություն", "ይቅርታ", "አመሰግናለሁ",
        # Russian, for asking for Russian ("можно по-русски?", "говорите по-русски?")
        "можно", "по", "говорите", "говоришь", "на", "пожалуйста", "вы", "ты", "давайте",
        "пишите", "знаете",
    }
)  # fmt: skip
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
    found = words(without_in_word_marks(text))
    if not found or len(found) > MAX_WORDS_FOR_REQUEST:
        return None
    named = {language for language, names in LANGUAGE_NAMES.items() if names & set(found)}
    if len(named) != 1:
        return None
    every_name = frozenset().union(*LANGUAGE_NAMES.values())
    return named.pop() if all(w in every_name or w in _REQUEST_WORDS for w in found) else None


_WHICH_LANGUAGES: Final = re.compile(
    r"\b(?:what|which)\s+languages?\s+(?:do|can|does|will)\s+you\b|\blanguages\s+(?:do|can)\s+you\b"
    r"|რომელ\s+ენებზე|რა\s+ენებზე|ինչ\s+լեզուներով|որ\s+լեզուներով|በየትኞቹ\s+ቋንቋዎች|ምን\s+ምን\s+ቋንቋ",
    re.IGNORECASE,
)
"""Asking which languages the bot speaks ("what languages do you speak?", «ինչ լեզուներով
եք խոսում?»): answered as a request for one we do not speak is."""


def asks_for_other_language(text: object) -> bool:
    """Whether a short message asks for a language we do not speak ("can you speak
    Russian?", "можно по-русски?", "რუსულად შეიძლება?"), or which languages we speak, in
    the words of a request, as
    :func:`requested_language` reads them; such a customer is told which languages we
    speak. The classifier had read them as not understood, or as asking whether it is a
    bot."""
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return False
    found = words(without_in_word_marks(text))
    if not found or len(found) > MAX_WORDS_FOR_REQUEST:
        return False
    if _WHICH_LANGUAGES.search(text):
        return True
    if not OTHER_LANGUAGE_NAMES & set(found):
        return False
    every_name = frozenset().union(*LANGUAGE_NAMES.values())
    return not every_name & set(found) and all(
        word in OTHER_LANGUAGE_NAMES or word in _REQUEST_WORDS for word in found
    )
