"""Georgian typed in Latin letters, told apart and read in Georgian letters.

Plain Python (no Rasa), used by the NLU pipeline's
:class:`bot.components.latin_letters.LatinLettersReader` (through :mod:`bot.latin_letters`).

Georgian customers without a Georgian keyboard write "sad aris chemi shekveta" for
"სად არის ჩემი შეკვეთა". The classifier's word and character n-gram features then share
nothing with the Georgian-letter examples of the same request, and such messages were
understood worse (196 of 225 held-out ones, against 658 of 680 in Georgian letters;
docs/nlu.md). Georgian chat spelling maps back to Georgian letters almost one to one ("sh" შ,
"kh"/"x" ხ, "w" წ, "q" ქ, "y" ყ); where one Latin letter stands for two Georgian ones ("t" for
თ and ტ, "k" for კ and ქ), the spelling that is a word of our Georgian training examples is
the one meant.

Which messages are Georgian is learned from the training examples too
(:meth:`LatinGeorgian.learn`): a Latin-letter message whose words, read in Georgian letters,
are mostly words of the Georgian-letter examples, at least one of them of three letters or
more (so that "is it ok" is not "ის იტ ოკ"). English, Armenian and Amharic in Latin letters
share almost none of them (0 of 2,029 English and 310 Amharic held-out Latin-letter messages,
2 of 236 Armenian, against 219 of 227 Georgian; docs/nlu.md).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from bot.language_requests import words
from bot.latin_words import is_latin, read_token
from bot.message_language import guess_language, script_language

# Latin spellings of Georgian letters, longest first; the first letter of each is the usual
# reading, the others are tried when it does not give a known word.
_DIGRAPHS: Final[dict[str, tuple[str, ...]]] = {
    "tch": ("ჭ",), "sh": ("შ",), "ch": ("ჩ", "ჭ"), "kh": ("ხ",), "gh": ("ღ",), "zh": ("ჟ",),
    "ts": ("ც", "წ"), "dz": ("ძ",), "th": ("თ",), "ph": ("ფ",),
}  # fmt: skip
_LETTERS: Final[dict[str, tuple[str, ...]]] = {
    "a": ("ა",), "b": ("ბ",), "c": ("ც", "ჩ", "წ"), "d": ("დ",), "e": ("ე",), "f": ("ფ",),
    "g": ("გ", "ღ"), "h": ("ჰ",), "i": ("ი",), "j": ("ჯ", "ჟ"), "k": ("კ", "ქ"), "l": ("ლ",),
    "m": ("მ",), "n": ("ნ",), "o": ("ო",), "p": ("პ", "ფ"), "q": ("ქ", "ყ"), "r": ("რ",),
    "s": ("ს",), "t": ("თ", "ტ"), "u": ("უ",), "v": ("ვ",), "w": ("წ", "ჭ"), "x": ("ხ",),
    "y": ("ყ",), "z": ("ზ", "ძ"),
}  # fmt: skip
# A word with more readings than this is read by its first ones only (long words with many
# "t", "k" and "p"); the first readings are the usual ones.
_MAX_READINGS: Final = 256
# Words shorter than this ("is", "me", "da", "ar") are Georgian and English alike: they count
# towards a message being Georgian but cannot make it so alone.
_SURE_WORD_LETTERS: Final = 3
# Share of a message's words that must be Georgian words for the message to be Georgian.
_GEORGIAN_SHARE: Final = 0.5
# The share when the message has a long word only Georgian spells ("wavshalo" წავშალო), not
# counting the English words of the examples: "account ro wavshalo ras vakete?" ("how do I
# delete my account?") has one Georgian word of our examples in five, and was answered in
# Amharic ("ro" ሮ, "ras" ራስ).
_GEORGIAN_SHARE_WITH_SURE_WORD: Final = 0.25
# A Latin-letter word with an apostrophe, as chat writes some Georgian letters ("t'" ტ).
_LATIN_WORD: Final = re.compile(r"[a-z]+(?:'[a-z]+)*")


def _readings(word: str) -> Iterator[str]:
    """Every reading of lower-case Latin ``word``, the usual ones first: a two-letter
    spelling read as one letter ("sh" შ) before its letters read apart ("robots" რობოტს)."""
    if not word:
        yield ""
        return
    if word[0] == "'":
        yield from _readings(word[1:])
        return
    for size in (3, 2, 1):
        head = word[:size]
        spellings = _DIGRAPHS.get(head) if size > 1 else _LETTERS.get(head, (head,))
        if spellings is None or len(head) < size:
            continue
        for rest in _readings(word[size:]):
            for letter in spellings:
                yield letter + rest


def readings(word: str) -> Iterator[str]:
    """``word`` (Latin letters) in Georgian letters, the usual reading first."""
    return itertools.islice(_readings(word.casefold()), _MAX_READINGS)


@dataclass(frozen=True)
class LatinGeorgian:
    """What the training examples teach about Georgian in Latin letters.

    ``georgian_words`` are the words of the examples written in Georgian letters;
    ``latin_words`` those of the Latin-letter examples that are not Georgian (English, and
    Armenian and Amharic in Latin letters): a word such as "refund" or "paypal" in a
    Georgian message stays as typed, as the Georgian examples have it.
    """

    georgian_words: frozenset[str]
    latin_words: frozenset[str]

    @classmethod
    def learn(cls, texts: Iterable[str]) -> LatinGeorgian:
        """The Georgian words of ``texts``, then the words of their non-Georgian Latin ones."""
        texts = list(texts)
        georgian = frozenset(
            word for text in texts for word in words(text) if script_language(word) == "ka"
        )
        known = cls(georgian_words=georgian, latin_words=frozenset())
        latin = frozenset(
            word
            for text in texts
            if is_latin(text) and not known.reads(text)
            for word in words(text)
        )
        return cls(georgian_words=georgian, latin_words=latin)

    def georgian_word(self, word: str) -> str | None:
        """The reading of Latin-letter ``word`` that is a known Georgian word, else ``None``."""
        return next((found for found in readings(word) if found in self.georgian_words), None)

    def reads(self, text: str, sure_words: Sequence[str] = ()) -> bool:
        """Whether ``text`` is Georgian in Latin letters.

        A word from the fixed list of :mod:`bot.message_language` settles it either way
        ("madloba" Georgian, "barev" Armenian); otherwise half or more of the words must
        be Georgian words, one of them of three letters or more. With ``sure_words`` (long
        words only Georgian spells, :meth:`bot.latin_letters.LatinLetters.language`) a
        quarter is enough, the English words of the examples ("account", "invoice") not
        counted: "invoice mchirdeba A1000002" is a Georgian sentence about an invoice.
        """
        if not is_latin(text):
            return False
        guessed = guess_language(text)
        if guessed != "en":
            return guessed == "ka"
        found = words(text)
        georgian = [word for word in found if self.georgian_word(word) is not None]
        if not any(len(word) >= _SURE_WORD_LETTERS for word in georgian):
            return False
        if len(georgian) >= _GEORGIAN_SHARE * len(found):
            return True
        if not [word for word in sure_words if word not in self.latin_words]:
            return False
        english = [
            word
            for word in found
            if word in self.latin_words and word not in georgian and len(word) >= _SURE_WORD_LETTERS
        ]
        return len(georgian) >= _GEORGIAN_SHARE_WITH_SURE_WORD * (len(found) - len(english))

    def in_letters(self, token: str) -> str:
        """A token of a Georgian message as the Georgian examples would write it.

        Each Latin word in it is its known Georgian reading, else stays as typed if the
        non-Georgian examples have it ("refund", "paypal"), else is read the usual way
        (an ending or a typo the examples lack still shares letters with them). Tokens with
        digits (order numbers, amounts) stay as they are.
        """

        def read(word: str) -> str:
            known = self.georgian_word(word)
            if known is not None:
                return known
            if word in self.latin_words:
                return word
            return next(readings(word))

        return read_token(token, read, _LATIN_WORD)
