"""Whether a message only asks what something costs, without saying what: "is it free?",
"how much does it cost?", "any fee?", "უფასოა?", "რა ღირს?", «իսկ դա անվճա՞ր է», «ինչ
արժե», "ነፃ ነው?", "ስንት ያስከፍላል?".

Such a question takes its meaning from the answer before it
(:func:`bot.actions.follow_up_questions.price_meant`): after how to cancel it asks for the
cancellation fee, after how to return for what sending back costs, after the delivery
options for their prices. Round 22: "is it free?" after the answer about cancelling, and "how
do I print the label? how much does it cost?" after a return, were "Sorry, I didn't quite
understand that" in every language (the NLU reads them as an "ok" or as off-topic, since
they name nothing). A question that names its topic ("is delivery free?", "how much is the
blender?") is the NLU's to read, not this module's. Plain Python, no Rasa.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised, without_in_word_marks, words_in

MAX_WORDS: Final = 7
"""A follow-up is short: "and how much would that cost me?" has seven words."""

_COST: Final = re.compile(
    r"\b(?:free|fees?|charged?|charges|costs?|price|pay)\b|\bhow\s+much\b"
    r"|უფასო|ფასიან|ღირს|საფასურ|გადავიხად|გადასახდ|\bufaso|\bfasian|\b(?:girs|ghirs)\b"
    r"|անվճար|վճար|արժե|\banvchar|\bvchar|\barje\b"
    r"|ነፃ|ነጻ|ክፍያ|ያስከፍላል|ያስከፍለኛል|መክፈል|እከፍላለሁ|ስንት|ዋጋ|\bnets\b|\bnetsa\b|\bkifiya\b",
    re.IGNORECASE,
)
"""Words of a price or a payment, in the four languages and in Latin letters."""

_ONLY_THESE: Final = frozenset(
    # English: "and is that free?", "how much will it cost me", "do i have to pay anything?"
    "and so but ok okay also then wait hm hmm um is it that this there a an any anything how "
    "much does do did will would i me have to need be for what extra of please pls too "
    "really all at cost costs free fee fees charge charged charges price pay "
    # Georgian: "და ეს უფასოა?", "რამე საფასური აქვს?", "უნდა გადავიხადო?", "ra girs?"
    "და ანუ კი ეს ეგ ის თუ რა რამდენი რამე რაიმე არის აქვს მომიწევს უნდა ხომ "
    "უფასოა უფასოდ უფასო ფასიანია ფასიანი ღირს საფასური საფასურია გადავიხადო გადახდა "
    "da anu es eg ra ramdeni rame unda ufasoa ufasod ufaso fasiania girs ghirs gadavixado "
    # Armenian: «իսկ դա անվճա՞ր է», «ինչքա՞ն արժե», «վճար կա՞», "anvchar e?"
    "իսկ դա այդ սա է ա կա ինչ ինչքան որքան պետք վճարեմ վճար վճարը անվճար վճարովի արժե "
    "արժի կարժենա բա isk e ka inch inchqan vorqan petq petk vcharem vchar anvchar vcharovi "
    "arje "
    # Amharic: "ነፃ ነው?", "ክፍያ አለው?", "ስንት ያስከፍላል?", "nets new?"
    "እና ታዲያ ይሄ ይህ ያ ለዚህ ለዛ ነው ነዉ አለው አለ አለበት ስንት ምን ያህል ነፃ ነጻ በነፃ ክፍያ "
    "ያስከፍላል ያስከፍለኛል መክፈል አለብኝ እከፍላለሁ ዋጋው ዋጋ ena tadiya yihe new alew ale sint "
    "nets netsa kifiya waga wagaw".split()
)
"""The only words such a question has: its cost words and the small words around them. A
word beyond them names what the question is about ("is delivery free?", "how much is the
blender?", "i paid twice"), and that is the NLU's to read."""


def asks_the_price(text: object) -> bool:
    """Whether ``text`` is a short question about a cost that names nothing it is about."""
    if not isinstance(text, str) or text.startswith("/") or any(c.isdigit() for c in text):
        return False
    words = words_in(text)
    return (
        0 < len(words) <= MAX_WORDS
        and set(words) <= _ONLY_THESE
        and _COST.search(without_in_word_marks(normalised(text))) is not None
    )
