"""Questions about a person's reply, asked after being handed over: "when will you call me?",
"what's my reference number?", "what happens now?", in our four languages.

Plain Python (no Rasa, no rasa_sdk): Rasa's pipeline reads such a message as a request for a
person by rule (``bot.components.rule_intents``), and ``action_handoff`` then repeats the
promise of the case already open (its contact, reply time and reference) instead of
opening another. The classifier had read them as a question about contact details, the
bot, an order number or nothing (every seventh-round shopper found it): "so when will they
call me" got "You can reach Acme Shop customer service by email ... I can also pass this
conversation to a person", a hand-off that had already happened.
"""

from __future__ import annotations

import re

from bot.message_words import WHY_WORDS, asks_why, normalised, words_in

_WHEN = r"(?<!\w)(?:when|what\s+time|როდის|rodis|երբ|erb|መቼ|meche|ስንት\s+ሰዓት)(?!\w)"
_CONTACTED = (
    r"(?<!\w)(?:(?:call|ring|phone|contact|e-?mail|text|message|answer|reply\s+to|write\s+to"
    r"|get\s+back\s+to)\s+(?:me|us)|call\s+me\s+back"
    r"|hear\s+(?:back|from\s+(?:you|someone|them|anyone))"
    r"|(?:someone|somebody|anyone|they|agent|person|operator|you\s+guys)\W+(?:\w+\W+){0,2}?"
    r"(?:call|ring|contact|reply|respond|answer|get\s+back|email|write))(?!\w)"
    r"|დამირეკ|დამიკავშირდ|მიპასუხ|მომწერ|წაიკითხავ|damirek|damikavshird|mipasux|momwer|waikitxav"
    r"|կզանգ|կկապվ|կպատասխան|կգր(?:եք|են|ի)|kzang|kkapv|kpatasxan|kpataskhan"
    r"|ይደውሉልኛል|የሚደውሉልኝ|ትደውሉልኛላችሁ|ይደውልልኛል|የሚደውልልኝ|ታገኙኛላችሁ|ያገኙኛል|ትመልሱልኛላችሁ"
    r"|ይደውላሉ|ትደውላላችሁ"
    r"|ይመልሱልኛል|ይጽፉልኛል|ትጽፉልኛላችሁ|yidewulilign|yemidewulilign"
)
_REFERENCE = re.compile(
    r"(?<!\w)(?:reference|ref|case|ticket)\s*(?:number|no|nr|#|id)(?!\w)"
    r"|მიმართვის\s+ნომერ|դիմումի\s+համար|դիմումիս\s+համար|dimumi\s+hamar"
    r"|(?:የጉዳይ|የጉዳዬ|የጉዳይዎ|የጉዳዩ)\s+(?:መለያ\s+)?ቁጥ|መለያ\s+ቁጥሬ",
    re.IGNORECASE,
)
_WHAT_NOW = re.compile(
    r"^\W*(?:ok\W+|okay\W+|so\W+|and\W+)*what\s+(?:happens\s+)?(?:now|next)(?:\W+do\s+i\s+(?:just\s+)?wait)?\W*$"
    r"|^\W*(?:და\s+)?ახლა\s+რა(?:\s+ხდება)?\W*$|^\W*(?:ok\W+)?axla\s+ra(?:\s+xdeba)?\W*$"
    r"|^\W*(?:լավ\W+)?հիմա\s+ինչ(?:\s+է\s+լինելու|\s+ա\s+լինելու)?(?:\W+սպասե\W?մ)?\W*$"
    r"|^\W*hima\s+inch(?:\W+spasem)?\W*$"
    r"|^\W*አሁን\s+ምን(?:\s+ይሆናል)?\W*$",
    re.IGNORECASE,
)
_WHEN_CONTACTED = re.compile(
    f"(?:{_WHEN}).*(?:{_CONTACTED})|(?:{_CONTACTED}).*(?:{_WHEN})", re.IGNORECASE
)
_MAX_WORDS = 12
"""A question, not a story: a long message that mentions calling is the classifier's."""


def asks_about_the_reply(text: object) -> bool:
    """Whether ``text`` asks when a person will reply, for the case's reference, or what
    happens now ("when will someone call me?", "what's my reference number again?", "ახლა
    რა ხდება?", «երբ կզանգեք», "መቼ ነው የሚደውሉልኝ?")."""
    if not isinstance(text, str):
        return False
    said = normalised(text)
    if len(said.split()) > _MAX_WORDS:
        return False
    return bool(_WHEN_CONTACTED.search(said) or _REFERENCE.search(said) or _WHAT_NOW.search(said))


_CONTACT_WORDS = re.compile(
    r"\b(?:number|phone|e-?mail|contact|address|details|need)\b|გჭირდ|պետք|ያስፈልጋ"
    r"|ნომ(?:ერ|რ)|ტელეფონ|ელფოსტ|მეილ|\bnomer|\btelefon|\bmeil"
    r"|համար|հեռախոս|էլ\.?\s*փոստ|\bhamar|\bheraxos"
    r"|ቁጥ|ስልክ|ኢሜይል|ኢሜል|አድራሻ",
    re.IGNORECASE,
)
_BESIDE_WHY = frozenset({"but", "and", "და", "իսկ", "համար", "hamar"})
"""Words that may stand beside a lone "why" ("but why?", "და რატომ?", «ինչի՞ համար»)."""


def _why_alone(sentence: str) -> bool:
    words = words_in(sentence)
    return bool(WHY_WORDS.intersection(words)) and WHY_WORDS.union(_BESIDE_WHY).issuperset(words)


def asks_why_contact(text: object) -> bool:
    """Whether ``text``, typed for "may someone contact you?", asks why the contact is
    needed: "why do you need my number?", "რატომ გჭირდებათ ჩემი ნომერი?", «ինչի՞ համար է
    ձեզ պետք իմ էլ. փոստը», "ለምን? አንተ ሰው አይደለህም እንዴ" (why? aren't you a person?), or
    "why?" alone. Round 22, every language: they got when a person reads the chat, or the
    shop's contact details, and the same question again; never why."""
    if not isinstance(text, str):
        return False
    said = normalised(text)
    first = re.split(r"[?.!\u055e\u1367]", said, maxsplit=1)[0]
    return _why_alone(first) or (asks_why(said) and _CONTACT_WORDS.search(said) is not None)
