"""Armenian typed in Latin letters, told apart and read in Armenian letters.

Plain Python (no Rasa), used by the NLU pipeline's
:class:`bot.components.latin_letters.LatinLettersReader`, as :mod:`bot.latin_georgian` and
:mod:`bot.latin_amharic` are for Georgian and Amharic.

"patvers erb kberen" is "պատվերս երբ կբերեն", but Armenian chat spelling varies more than
Georgian: "x" stands for both խ and ղ, "t" for թ and տ, "q" or "k" for ք, "c" or "ts" for
ց and ծ, "ch" for չ and ճ; ը is "y", "@", or nothing; an initial ո is "vo". Letter by letter
such messages were read worse than as typed (docs/nlu.md), so a Latin word is not spelled
out: it is matched to a word of our Armenian-letter training examples with the same *key*,
both written in a reduced alphabet where the letters chat confuses are one letter
(:func:`armenian_key`, :func:`latin_keys`): "xndrum" and "khndrum" find խնդրում, "shaaat"
finds շատ. Of two words with one key the more frequent is taken; a word with no match stays
as typed (the Russian and English shop words customers mix in: "zakaz", "invoice").

Which messages are Armenian is learned from the training examples too, as for Amharic: the
words of English sentences are other words, so that "es" or "a" (ես, ա) in an English
message does not make it Armenian.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Final

from bot.latin_words import learned_words, read_token, reads_as

# Armenian letters in the reduced alphabet both sides are compared in: the letters that chat
# writes alike are one ("x" խ ղ, "c" ց ծ չ ճ, "k" կ ք, "t" թ տ, "p" պ փ, "j" ջ ժ, "s" ս շ,
# "z" զ ձ, "e" ե է); ը and յ, written "y", "@" or not at all, are left out.
_ARMENIAN: Final[dict[str, str]] = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "", "թ": "t",
    "ժ": "j", "ի": "i", "լ": "l", "խ": "x", "ծ": "c", "կ": "k", "հ": "h", "ձ": "z", "ղ": "x",
    "ճ": "c", "մ": "m", "յ": "", "ն": "n", "շ": "s", "ո": "o", "չ": "c", "պ": "p", "ջ": "j",
    "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r", "ց": "c", "ւ": "v", "փ": "p", "ք": "k",
    "օ": "o", "ֆ": "f", "և": "ev", "u": "u",
}  # fmt: skip
# Latin spellings in the same alphabet, longest first.
_LATIN: Final[tuple[tuple[str, str], ...]] = (
    ("tch", "c"), ("sh", "s"), ("zh", "j"), ("ch", "c"), ("ts", "c"), ("tz", "c"), ("kh", "x"),
    ("gh", "x"), ("dz", "z"), ("th", "t"), ("ph", "p"), ("ou", "u"), ("q", "k"), ("y", ""),
)  # fmt: skip
# "w" is շ to some ("wat" շատ) and վ to others ("barew" բարև): both are tried.
_W_READINGS: Final = ("s", "v")
# A word's last ը is kept in the key ("@"): "patvery" is պատվերը, "patver" պատվեր.
_LAST_SCHWA: Final = "@"
_DOUBLED: Final = re.compile(r"(.)\1+")
# Armenian endings on a word of another language, as chat types them after a hyphen
# ("invoice-@ uxarkeq email-ov" is "invoice-ը ուղարկեք email-ով"), and as the
# Armenian-letter examples write them ("order-ը", "PayPal-ով").
_ENDINGS: Final[dict[str, str]] = {
    "@": "ը", "y": "ը", "ov": "ով", "i": "ի", "s": "ս", "d": "դ", "n": "ն", "um": "ում",
    "in": "ին", "ic": "ից", "is": "իս", "id": "իդ", "ner": "ներ", "ners": "ներս",
    "nery": "ները", "ner@": "ները", "nern": "ներն",
}  # fmt: skip
# Those that say Armenian on their own: Georgian chat writes "-s", "-i" and "-is" too
# ("order-is statusi"), English "-in" ("check-in") and "-d".
_SURE_ENDINGS: Final = ("@", "y", "ov", "n", "um", "ic", "ner", "ners", "nery", "ner@", "nern")


def _endings(endings: Iterable[str]) -> re.Pattern[str]:
    """A word of two letters or more, a hyphen and one of ``endings``; or "@" without the
    hyphen ("account@"), which no other language puts after a word."""
    ending = "|".join(re.escape(end) for end in sorted(endings, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])([a-z]{{2,}})(?:-({ending})|(@))(?![a-z0-9@])", re.IGNORECASE)


_ENDING: Final = _endings(_ENDINGS)
_SURE_ENDING: Final = _endings(_SURE_ENDINGS)
LATIN_WORD: Final = re.compile(r"[a-z]+@?")
"""A Latin-letter word as Armenian chat writes it, "@" for a last ը ("qanak@" քանակը)."""


def armenian_key(word: str) -> str | None:
    """An Armenian-letter word in the reduced alphabet ("պատվերս" -> "patvers"), ``None`` if
    it has other letters."""
    word = word.casefold().replace("ու", "u").replace("եւ", "և")
    if word.startswith("ո"):
        word = "վ" + word  # an initial ո sounds, and is typed, "vo"
    last = _LAST_SCHWA if len(word) > 1 and word.endswith("ը") else ""
    letters = [_ARMENIAN.get(char) for char in word]
    if not word or any(letter is None for letter in letters):
        return None
    return _DOUBLED.sub(r"\1", "".join(letter or "" for letter in letters)) + last


def latin_keys(word: str) -> list[str]:
    """The keys a Latin-letter word may have, the likeliest first: a last "y" is ը or յ, a
    "w" շ or վ; ``[]`` if it has other letters."""
    word = word.casefold()
    if not LATIN_WORD.fullmatch(word):
        return []
    if word.startswith("ye"):
        word = word[1:]  # initial ե is typed "ye" ("yerb" երբ)
    stems = [word]
    if word.endswith("@"):
        stems = [word[:-1]]
    elif len(word) > 2 and word.endswith("y"):
        stems = [word[:-1], word]
    keys = []
    for stem in stems:
        last = _LAST_SCHWA if stem != word else ""
        for spelling, letter in _LATIN:
            stem = stem.replace(spelling, letter)
        keys += [_DOUBLED.sub(r"\1", stem.replace("w", w)) + last for w in _W_READINGS]
    return list(dict.fromkeys(key for key in keys if key.strip(_LAST_SCHWA)))


@dataclass(frozen=True)
class LatinArmenian:
    """What the training examples teach about Armenian in Latin letters.

    ``armenian_words``: the words of the Armenian-letter examples, the most frequent first
    (a Latin word two of them share a key with is the more common one); ``other_words``: the
    words of the English sentences among the examples (:meth:`learn`).
    """

    armenian_words: tuple[str, ...]
    other_words: frozenset[str]

    @classmethod
    def learn(cls, texts: Iterable[str]) -> LatinArmenian:
        """The Armenian words of the training examples ``texts``, and the English ones.

        Unlike Amharic's, the other words are not learned a second time from the
        Latin-letter examples not read as Armenian: those teach short English replies
        ("r u a robot") to be no Armenian word, and the Armenian messages in the held-out
        files were read as well without them, the English ones worse.
        """
        armenian, english = learned_words(texts, "hy")
        return cls(armenian_words=armenian, other_words=english)

    @cached_property
    def _by_key(self) -> dict[str, str]:
        """The most frequent Armenian word of each key."""
        found: dict[str, str] = {}
        for word in self.armenian_words:
            key = armenian_key(word)
            if key:
                found.setdefault(key, word)
        return found

    def armenian_word(self, word: str) -> str | None:
        """The Armenian word that Latin-letter ``word`` is typed for, else ``None``."""
        return next((self._by_key[key] for key in latin_keys(word) if key in self._by_key), None)

    def reads(self, text: str) -> bool:
        """Whether ``text`` is Armenian in Latin letters: its words typed for Armenian words
        outweigh the English ones (:func:`bot.latin_words.reads_as`)."""
        return reads_as(
            text,
            "hy",
            lambda word: self.armenian_word(word) is not None,
            self.other_words,
            _SURE_ENDING,
        )

    def in_letters(self, token: str) -> str:
        """A token of an Armenian message with each Latin word typed for an Armenian word
        written as that word, and an Armenian ending on another word in Armenian letters
        ("email-ov" -> "email-ով"); other words, and tokens with digits, stay as typed."""

        def ending(end: re.Match[str]) -> str:
            if end[3] and self.armenian_word(end[0]) is not None:
                return end[0]  # "patver@" is պատվերը, a word of ours
            return f"{end[1]}-{_ENDINGS[(end[2] or end[3]).casefold()]}"

        if not any(char.isdigit() for char in token):
            token = _ENDING.sub(ending, token)
        return read_token(token, lambda word: self.armenian_word(word) or word, LATIN_WORD)
