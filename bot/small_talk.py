"""Whether a message asks how the bot is ("how are you?", "fine, and you?", "kargad, shen?",
«լավ եմ, դու՞», "ደህና ነኝ፣ አንተስ?").

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`), which makes such a
message ``greet`` when the classifier read small talk; the greeting action then says how the
bot is (``bot.actions.greeting``). Round 14: the classifier read the answer to a greeting,
"fine, you?", as a goodbye in every language but English ("kargad, shen?" 0.88, «լավ եմ,
դու՞» 0.55, "ደህና ነኝ፣ አንተስ?" 0.71, "im good hbu" 0.92): the bot said goodbye to a customer
who had just said hello, and «ինչպե՞ս ես» (how are you?) was told "I'm a bot". Plain Python,
since it runs in Rasa's virtualenv.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised, without_in_word_marks, words_in

_HOW_ARE_YOU: Final = re.compile(
    r"\bhow\s+(?:are|r)\s+(?:you|u|ya)\b(?!\s+(?:going|gonna|supposed|planning|able|still))"
    r"|\bhow\s+(?:you|u|ya)\s+doin|\bhow'?s\s+it\s+going\b|\bhow\s+is\s+it\s+going\b|\bhru\b"
    r"|\bhow\s+have\s+you\s+been\b|\bhow'?s\s+your\s+day\b"
    r"|როგორ\s+ხარ|როგორ\s+ბრძანდებით|რას\s+შვრები|როგორა\s+ხარ"
    r"|\brogor\s+(?:xar|khar|brdzandebit)|\bras\s+shvrebi"
    # Armenian at the end only: «ինչպես եք առաքում» is "how do you deliver"
    r"|(?:ինչպես|ոնց)\s+(?:ես|եք)\W*$|\b(?:inchpes|vonc|vonts|onc|voncha)\s+(?:es|eq)\W*$"
    r"|እንዴት\s+(?:ነህ|ነሽ|ነዎት|ናችሁ|ኖት|ነው\s+ሁሉ)|\bendet\s+(?:neh|nesh|not|nachihu)\b",
    re.IGNORECASE,
)
"""Asking how the bot is, in the four languages and in Latin letters."""

_YOU_BACK: Final = frozenset({
    "you", "u", "ya", "yourself", "hbu", "wbu", "urself",
    "შენ", "თქვენ", "შენც", "თქვენც", "shen", "tqven", "shenc", "tqvenc",
    "դու", "դուք", "du", "duq",
    "አንተስ", "አንቺስ", "እርስዎስ", "እናንተስ", "antes", "anchis", "erswos", "ersewos",
})  # fmt: skip
""""You?" asked back, ending an answer to "how are you?"; the Amharic "-ስ" forms ("አንተስ",
and you?) ask by themselves."""

_ASKED_BY_ITSELF: Final = frozenset({"hbu", "wbu", "አንተስ", "አንቺስ", "እርስዎስ", "እናንተስ"})
_ASKING_BACK: Final = frozenset({"and", "about", "და", "իսկ", "և"})
"""Words before "you" that ask it back without a question mark ("all good and you")."""

_WELL_BEING: Final = frozenset({
    "i'm", "im", "i", "am", "fine", "good", "great", "ok", "okay", "well", "doing", "not",
    "bad", "all", "thanks", "thank", "and", "what", "about", "how", "pretty", "very", "too",
    "also", "so", "alright", "hi", "hello", "hey", "yeah", "yes", "thx", "cool",
    "კარგად", "ვარ", "მადლობა", "გმადლობთ", "ნორმალურად", "და", "არა", "მიშავს", "უშავს",
    "რავი", "ნუ", "გამარჯობა", "სალამი", "ძალიან", "kargad", "var", "madloba", "gmadlobt",
    "normalurad", "da", "ravi", "ara", "mishavs", "ushavs", "gamarjoba", "salami", "dzalian",
    "լավ", "եմ", "նորմալ", "շնորհակալություն", "շնորհակալ", "մերսի", "իսկ", "և", "ոչինչ",
    "բարև", "շատ", "lav", "em", "normal", "merci", "mersi", "isk", "ev", "vochinch", "barev",
    "shat",
    "ደህና", "ነኝ", "ጥሩ", "እግዚአብሔር", "ይመስገን", "አመሰግናለሁ", "ሰላም", "በጣም", "dehna",
    "negn", "tiru", "egziabher", "yimesgen", "amesegnalehu", "selam", "betam",
})  # fmt: skip
"""Words of an answer to "how are you?" ("fine thanks", "კარგად ვარ", «լավ եմ», "ደህና ነኝ")
and the greetings around it."""

_QUESTION_MARKS: Final = re.compile(r"[?\u055e\u1367]")
_MAX_WORDS: Final = 8


def asks_how_we_are(text: object) -> bool:
    """Whether ``text`` is small talk asking how the bot is (module docstring): "how are
    you?" in a short message without digits, or an answer to it that asks back ("fine,
    and you?", "kargad, shen?"). "how are you going to fix this?" asks something else."""
    if not isinstance(text, str) or any(character.isdigit() for character in text):
        return False
    words = words_in(text)
    if not words or len(words) > _MAX_WORDS:
        return False
    if _HOW_ARE_YOU.search(without_in_word_marks(normalised(text))):
        return True
    *said, last = words
    asked = (
        _QUESTION_MARKS.search(text) is not None
        or last in _ASKED_BY_ITSELF
        or (bool(said) and said[-1] in _ASKING_BACK)
    )
    return last in _YOU_BACK and asked and all(word in _WELL_BEING for word in said)
