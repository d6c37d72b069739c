"""Which of our languages a message is written in, read the same by Rasa and our actions.

Plain Python (no Rasa, no action server), like :mod:`bot.language_requests`: the action
server sets the ``language`` slot from it (:mod:`bot.actions.language`), and Rasa's process
(:mod:`bot.rasa_run`) skips the call of that action on turns where it would change nothing,
which it can only know by asking the same functions.

Georgian, Armenian and Ethiopic letters name their language (:func:`script_language`, told
by the letters' Unicode names). Many customers type these languages in Latin letters,
though ("gamarjoba", "barev", "selam"); a statistical identifier would need a model we do
not ship, so a short list of words that are common in such messages and rare in English
tells them apart, and another of short English words tells an English sentence
(:func:`written_in_english`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Final

from bot.language_requests import words
from bot.order_numbers import order_numbers_in

DEFAULT_LANGUAGE: Final = "en"
LATIN_LETTERS_LANGUAGE_KEY: Final = "latin_letters_language"
"""Parse-data key the NLU pipeline sets to "ka", "am" or "hy" on a message it reads as
Georgian, Amharic or Armenian typed in Latin letters (``bot/components/latin_letters.py``):
it learned those languages' words from the training examples, and finds such messages the
word lists below miss."""
# The first word of a letter's Unicode name ("GEORGIAN LETTER AN", "ETHIOPIC SYLLABLE HA").
_SCRIPTS: Final = {"GEORGIAN": "ka", "ARMENIAN": "hy", "ETHIOPIC": "am"}

# Words that show Latin-letter Georgian, Armenian or Amharic. Each is common in customer
# messages in that language and is not an English word or slang (so "im", "es", "and",
# "inch", "ar", "ayo" are left out: they would turn English messages into another language).
_LATIN_WORDS: Final[dict[str, frozenset[str]]] = {
    "ka": frozenset(
        {
            "gamarjoba", "gamarjobat", "madloba", "madlobt", "shekveta", "shekvetis",
            "shekvetaze", "paroli", "damavitsyda", "damavicyda", "damaviwyda", "minda",
            "rogor", "aris", "ara", "diakh", "diax", "kargad", "tankha", "tanxa",
            "gadakhda", "gadaxda", "mitana", "mitanis", "sheidzleba", "shegidzliat",
            "adamiani", "chemi", "chems", "qartulad", "kartulad",
            # "A1000010 ra statusshia?" (what status is it in: round 15, answered in English)
            "ra", "xdeba", "khdeba", "rodis", "statusshia", "statusi", "statusze",
        }
    ),
    "hy": frozenset(
        {
            "barev", "barevdzez", "dzez", "shnorhakal", "shnorhakalutyun",
            "patver", "patvers", "patvery", "patvern", "chem", "inchpes", "vonc",
            "vonts", "karogh", "karox", "uzum", "ushanum", "gaghtnabar", "gaghtnabary",
            "moracel", "moratsel", "voch", "gumar", "gumary", "hayeren",
        }
    ),
    "am": frozenset(
        {
            "selam", "amesegnalehu", "ameseginalehu", "amesegnalew", "tezaze",
            "tezazu", "tezazen", "endet", "neh", "nesh", "nachu", "ishi", "eshi", "awo",
            "aydelem", "yelem", "ebakih", "ebakish", "ebakwo", "yikirta", "meche", "dehna",
            "genzeb", "genzebe", "amarigna", "amarinya", "amharigna",
            # ጤና ይስጥልኝ (hello) as one word, the way phones send it
            "tenayistilign", "tenaystilign", "tenastilign", "tenastlgn",
            "tenaystlgn", "tenayistilgn", "yistilign",
            # round 22: "wede canada tadersalachu?", "paypal tekebelalachu?" (a place or a
            # brand beside them had made them English)
            "wede", "tilkalachu", "tilkalachihu", "tadersalachu", "tadersalachihu",
            "tekebelalachu", "tekebilalachu", "tekebelalachihu", "tizaze", "tizazu",
            "yidersal", "yidersegnal",
        }
    ),
}  # fmt: skip


# Short English words that carry a sentence ("where is my order", "I want a refund"): two
# or more of them, in a Latin message with none of the words above, are English written on
# purpose, not a name, an order number or Latin-letter Georgian ("sad aris chemi shekveta").
_ENGLISH_WORDS: Final = frozenset(
    {
        "i", "me", "my", "you", "your", "we", "our", "it", "is", "are", "was", "were", "the",
        "a", "an", "to", "of", "for", "and", "with", "where", "what", "when", "how", "why",
        "can", "do", "does", "did", "not", "have", "has", "this", "that", "please", "want",
        "need", "would", "could", "there", "on", "in", "at", "be", "will", "still",
        # round 23: "did u save 5 or 4?" (metadata en) was answered in Georgian
        "or", "u", "if", "so", "but", "just", "about", "from", "which", "who", "should",
        "dont", "get", "got",
    }
)  # fmt: skip
# Fewer words than this are too little to tell English from a name or a one-word "ok".
_MIN_ENGLISH_SENTENCE_WORDS: Final = 3


_ADDRESS: Final = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+", re.IGNORECASE)


def without_addresses(text: str) -> str:
    """``text`` without e-mail addresses and links: their words name people and places,
    not the language ("selam.w@gmail.com" in an English conversation was answered in
    Amharic, "anna.k@outlook.com" in Armenian)."""
    return _ADDRESS.sub(" ", text)


_ORDER_NUMBER: Final = re.compile(r"#?\b[A-Za-z]?\d{5,10}\b")
_CASE_ENDING: Final = re.compile(
    r"(?<=[A-Za-z0-9])-(?:is|ze|s|shi|tan|ma|it|ad|dan|mde|stvis|istvis|i|y|n|ov|um|ic)\b",
    re.IGNORECASE,
)


def _english_candidates(text: str) -> list[str]:
    """The words of ``text`` that may be English: order numbers left out (the "A" of
    "A1000006" had counted as the article "a"), and Georgian or Armenian case endings typed
    after a hyphen ("refund-is statusi?", the refund's status: "is" is no English there).
    Round 14: both had answered Latin-letter Georgian and Armenian in English."""
    for found in reversed(order_numbers_in(text)):  # "a 1000 003" too (round 15)
        text = text[: found.start] + " " + text[found.end :]
    return words(_CASE_ENDING.sub("", _ORDER_NUMBER.sub(" ", text)))


def script_language(text: str) -> str | None:
    """The language whose script ``text`` is written in (ka, hy, am), else ``None``.

    Only letters count. Customers mix English shop words into their own script ("refund
    status მაინტერესებს A1000007", "invoice እፈልጋለሁ", "delivery-ն ինչքան ա"): those were
    answered in English, since the English letters were as many. A script of ours with at
    least a quarter of the letters names the language (an English speaker does not type
    Georgian); a stray letter in an English sentence ("my order ტ") does not. Unlike
    Latin-letter words, these scripts name one of our languages beyond doubt.
    """
    counts: Counter[str | None] = Counter(
        _SCRIPTS.get(unicodedata.name(char, "").split(" ")[0]) for char in text if char.isalpha()
    )
    slipped = _keyboard_slip(text)
    if slipped is not None:
        return slipped
    total = sum(counts.values())
    other = counts.pop(None, 0)
    if not counts:
        return None
    language, letters = counts.most_common(1)[0]
    if letters > total - letters:
        return language
    # An Ethiopic letter is a syllable, about two Latin letters: "A1000001 tracking number
    # ስጡኝ" (give me) is Amharic.
    weighted = letters * (_SYLLABLE_WEIGHT.get(language, 1) if language else 1)
    share = weighted * 4 >= weighted + other
    return language if letters >= _MIN_SCRIPT_LETTERS and share else None


def _keyboard_slip(text: str) -> str | None:
    """The language of a word typed half in Latin letters and half in one of our scripts
    ("mindა shefaseba": minda, I want, with its last letter on the Georgian keyboard), else
    ``None``. Round 19: such a message was answered in English; nobody writing English slips
    into a Georgian layout mid-word."""
    for word in _LETTER_RUNS.findall(text):
        scripts = {_SCRIPTS.get(unicodedata.name(char, "").split(" ")[0]) for char in word}
        ours = scripts - {None}
        if None in scripts and len(ours) == 1 and any("a" <= c.lower() <= "z" for c in word):
            return ours.pop()
    return None


_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_MIN_SCRIPT_LETTERS = 2
_SYLLABLE_WEIGHT: Final = {"am": 2}


def written_in_english(text: str) -> bool:
    """Whether ``text`` is an English sentence: Latin letters, at least three words, two
    or more of them common English words, and at least twice as many of those as words of
    Latin-letter Georgian, Armenian or Amharic. Button payloads ("/track_order") are not
    written by the customer.

    A greeting of another language before an English request ("Gamarjoba, can you tell me
    the delivery options please?", "selam, where is my order A1000001?") is English (round
    13: answered in Georgian, Amharic); "sad aris chemi shekveta" has no English word."""
    if text.lstrip().startswith("/") or script_language(text) is not None:
        return False
    if _CASE_ENDING.search(text):
        return False  # "refund-is statusi?": an English word with a Georgian ending
    found = _english_candidates(text)
    if len(found) < _MIN_ENGLISH_SENTENCE_WORDS or not all(word.isascii() for word in found):
        return False
    latin = sum(any(word in known for known in _LATIN_WORDS.values()) for word in found)
    english = sum(word in _ENGLISH_WORDS for word in found)
    return english >= 2 and english >= 2 * latin


def language_written(
    text: str, latin_letters: object = None, current: str | None = None
) -> str | None:
    """The language a message is plainly written in, else ``None``: another script's
    letters, an English sentence (:func:`written_in_english`), or a sentence of three or
    more words that the NLU pipeline read as Georgian, Armenian or Amharic typed in Latin
    letters (``latin_letters``, the parse data's :data:`LATIN_LETTERS_LANGUAGE_KEY`): a
    customer who opened with "hi" and then wrote "shekvetis gauqmeba minda" is answered in
    Georgian. A short or unclear message ("ok", "barev", "A1000003") says nothing.

    The Latin-letter reading switches only a conversation in English (``current``): between
    Georgian, Armenian and Amharic typed in Latin letters it is a guess, and "ay sew new
    mifelgew" (Amharic, "no, I want a person") in an Amharic conversation was answered in
    Armenian. E-mail addresses and links say nothing (:func:`without_addresses`), and a
    message that gives one keeps a conversation in Georgian, Armenian or Amharic in it.
    """
    had_address = _ADDRESS.search(text) is not None
    text = without_addresses(text)
    by_script = script_language(text)
    if by_script is not None:
        return by_script
    if had_address and current not in (None, DEFAULT_LANGUAGE):
        # "my email is giorgi.k@mail.ru" in a Georgian chat: the English around an address
        # is its frame, not the customer's language (round 13: answered in English).
        return None
    if written_in_english(text):
        return DEFAULT_LANGUAGE
    if (
        latin_letters in _LATIN_WORDS
        and current in (None, DEFAULT_LANGUAGE)
        and len(words(text)) >= _MIN_ENGLISH_SENTENCE_WORDS
    ):
        return str(latin_letters)
    return None


_AMHARIC_QUESTIONS: Final = re.compile(
    r"\byet\s+(?:new|nat|nachew|alu|ale|ders|derese)\b|\bsint\s+(?:new|ken|qen|birr)\b"
    r"|\bmeche\s+(?:new|yiders|yidersal)\b",
    re.IGNORECASE,
)
"""Amharic questions typed in Latin letters whose words are also English ("order e yet new?",
where is my order: "yet" and "new" had made it English, round 14)."""


def guess_language(text: str) -> str:
    """The language of a customer's message: its script, else its Latin-letter words.

    Native script wins (it is unambiguous). Among Latin-letter words, the language with
    the most words from its list wins; none, or a tie, is English.
    """
    text = without_addresses(text)
    by_script = script_language(text)
    if by_script is not None:
        return by_script
    if _AMHARIC_QUESTIONS.search(text):
        return "am"
    if written_in_english(text):
        return DEFAULT_LANGUAGE  # "selam, where is my order?": a greeting, then English
    hits = {
        language: sum(word in known for word in words(text))
        for language, known in _LATIN_WORDS.items()
    }
    best = max(hits.values())
    winners = [language for language, count in hits.items() if count == best]
    return winners[0] if best > 0 and len(winners) == 1 else DEFAULT_LANGUAGE
