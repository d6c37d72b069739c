"""Amharic typed in Latin letters, told apart and read in Ethiopic letters.

Plain Python (no Rasa), used by the NLU pipeline's
:class:`bot.components.latin_letters.LatinLettersReader`, as :mod:`bot.latin_georgian` is for
Georgian.

"tezaze yet new" is "ትዕዛዜ የት ነው", but Amharic chat spelling is far looser than Georgian:
one syllable is written "e", "a" or nothing, "q" and "k" stand for ቀ and ከ alike, a doubled
consonant is written once or twice. So a Latin word is not spelled out letter by letter; it
is matched to a word of our Ethiopic training examples with the same consonants in the same
order (its *skeleton*: "selam" and ሰላም are both s-l-m) whose syllables' vowels the Latin
vowels can spell (:func:`spellings`): "efelgalehu" is እፈልጋለሁ. A word that matches none stays
as typed.

Which messages are Amharic is learned from the training examples too: the Ethiopic words,
and the words of the other languages' Latin-letter examples, English mostly
(:meth:`LatinAmharic.learn`), so that the shop words customers mix in ("order", "account")
neither make nor unmake a message.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Final

from bot.language_requests import words
from bot.latin_words import frequent, is_latin, learned_words, read_token, reads_as

# A syllable's consonant (from its Unicode name, "ETHIOPIC SYLLABLE SHA" -> "SH") as the
# group of consonants Latin chat does not tell apart, and the Latin spellings of each group.
_CONSONANT_GROUPS: Final[dict[str, str]] = {
    "HH": "h", "X": "h", "KX": "h", "SZ": "s", "TZ": "ts", "Q": "k", "TH": "t", "C": "ch",
    "PH": "p",
}  # fmt: skip
_GROUP_SPELLINGS: Final[dict[str, str]] = {
    "h": "h|kh|x", "s": "s", "ts": "ts|tz|s|x", "k": "k|q|c", "t": "t|th", "ch": "ch|c",
    "sh": "sh|x", "ny": "ny|gn|n", "zh": "zh|j", "j": "j|g", "p": "p|ph", "y": "y|i",
    "w": "w|u",
}  # fmt: skip
# Latin spellings of a syllable's vowel, by the vowel of its Unicode name (the seven orders:
# ä "A", u "U", i "I", a "AA", e "EE", ə or none "E", o "O", and the labialised "WA").
_VOWEL_SPELLINGS: Final[dict[str, str]] = {
    "A": "e|a|", "U": "u|o", "I": "i|ee|e", "AA": "a|aa", "EE": "e|ie|ei|i", "E": "i|e|u|",
    "O": "o", "WA": "wa|ua|a", "OA": "wa|oa|a",
}  # fmt: skip
# The same, strictly: the spellings a careful writer uses. A Latin word that two Ethiopic
# words can spell is the one it spells strictly ("yihun" ይሁን, not ይህን).
_STRICT_VOWEL_SPELLINGS: Final[dict[str, str]] = {
    "A": "e|a", "U": "u", "I": "i|ee", "AA": "a", "EE": "e|ie", "E": "i|e|", "O": "o",
    "WA": "wa|ua", "OA": "wa|oa",
}  # fmt: skip
_ANY_VOWELS: Final = "[aeiou]*"
_SHARED_EXAMPLES: Final = 2
"""Amharic Latin-letter examples that must use an English word for it to be shared: one
could be a slip."""
# Latin spellings read as one consonant group when a word's skeleton is taken.
_LATIN_DIGRAPHS: Final[dict[str, str]] = {
    "sh": "sh", "ch": "ch", "ts": "ts", "tz": "ts", "zh": "zh", "gn": "ny", "ny": "ny",
    "ph": "p", "kh": "h", "th": "t",
}  # fmt: skip
_LATIN_LETTERS: Final[dict[str, str]] = {"q": "k", "c": "ch", "x": "h"}
_LATIN_VOWELS: Final = frozenset("aeiou'")


def _syllable(char: str) -> tuple[str, str] | None:
    """(consonant group, vowel) of an Ethiopic syllable, "" for a vowel's carrier (አ, ዐ);
    ``None`` for anything else."""
    name = unicodedata.name(char, "")
    if not name.startswith("ETHIOPIC SYLLABLE "):
        return None
    syllable = name.removeprefix("ETHIOPIC SYLLABLE ").split()[-1]
    if "GLOTTAL" in name or "PHARYNGEAL" in name:
        return "", syllable
    consonant = re.match(r"[^AEIOU]*", syllable)
    head = consonant.group(0) if consonant else ""
    vowel = syllable[len(head) :]
    if head.endswith("W") and len(head) > 1:  # labialised: ኳ "KWAA" is k + "wa"
        head, vowel = head[:-1], "W" + vowel
    return _CONSONANT_GROUPS.get(head, head.lower()), vowel


def skeleton(amharic_word: str) -> str | None:
    """The consonant groups of an Ethiopic word ("ሰላም" -> "s-l-m"), ``None`` if it has a
    character that is not a syllable."""
    groups = []
    for char in amharic_word:
        syllable = _syllable(char)
        if syllable is None:
            return None
        if syllable[0]:
            groups.append(syllable[0])
    return "-".join(groups)


def latin_skeletons(word: str) -> list[str]:
    """The consonant groups a Latin-letter word may stand for ("selam" -> ["s-l-m"]), doubled
    letters as one; "gn" is ኝ or ግን ("amesegnalehu" አመሰግናለሁ), so it gives both."""
    word = re.sub(r"(.)\1", r"\1", word.casefold())
    found: list[list[str]] = [[]]
    at = 0
    while at < len(word):
        pair = word[at : at + 2]
        if pair in _LATIN_DIGRAPHS:
            apart = [_LATIN_LETTERS.get(letter, letter) for letter in pair]
            found = [groups + [_LATIN_DIGRAPHS[pair]] for groups in found] + (
                [groups + apart for groups in found] if pair == "gn" else []
            )
            at += 2
            continue
        if word[at] not in _LATIN_VOWELS:
            found = [groups + [_LATIN_LETTERS.get(word[at], word[at])] for groups in found]
        at += 1
    return ["-".join(groups) for groups in found]


def spellings(amharic_word: str, strict: bool = False) -> re.Pattern[str] | None:
    """The Latin spellings of an Ethiopic word, as a pattern: each syllable's consonant
    (once or doubled) and its vowel's spellings ("ሰላም": "selam", "salam", "sellam", ...);
    ``strict``, only the careful spellings of the vowels."""
    vowel_spellings = _STRICT_VOWEL_SPELLINGS if strict else _VOWEL_SPELLINGS
    parts = []
    for char in amharic_word:
        syllable = _syllable(char)
        if syllable is None:
            return None
        consonant, vowel = syllable
        if consonant:
            parts.append(f"(?:{_GROUP_SPELLINGS.get(consonant, re.escape(consonant))})+")
        vowels = vowel_spellings.get(vowel)
        parts.append(f"(?:{vowels})" if vowels is not None else _ANY_VOWELS)
    return re.compile("".join(parts))


@dataclass(frozen=True)
class LatinAmharic:
    """What the training examples teach about Amharic in Latin letters.

    ``amharic_words``: the words of the Ethiopic examples, the most frequent first (a Latin
    word that two of them can spell is the more common one); ``other_words``: the words of
    the English examples and of the other Latin-letter ones; ``shared_words``: the other
    words that Amharic Latin-letter examples use too, the shop words customers mix in
    ("account", "invoice", "password"; :meth:`learn`).
    """

    amharic_words: tuple[str, ...]
    other_words: frozenset[str]
    shared_words: frozenset[str] = frozenset()

    @classmethod
    def learn(cls, texts: Iterable[str]) -> LatinAmharic:
        """The Ethiopic words of the training examples ``texts``, and the other words.

        Those are learned in two steps: first the words of English sentences
        (:func:`written_in_english`), which tell most Latin-letter examples apart; then also
        the words of the Latin-letter examples that are not read as Amharic, except words
        that Amharic ones use ("order"): short English replies ("nah", "ten outta ten") are
        no sentences, and Armenian and Georgian ones in Latin letters are not English. The
        English words that two or more of the Latin-letter examples read as Amharic use are
        shared: "account e serzulign" is Amharic with one English noun, and a message of
        such nouns and a verb, "invoice pdf efelgalehu", is Amharic too.
        """
        texts = list(texts)
        amharic, english = learned_words(texts, "am")
        first = cls(amharic_words=amharic, other_words=english)
        latin = [text for text in texts if is_latin(text)]
        read = {text for text in latin if first.reads(text)}
        used = Counter(word for text in read for word in set(words(text)))
        others = Counter(word for text in latin if text not in read for word in set(words(text)))
        return cls(
            amharic_words=first.amharic_words,
            other_words=first.other_words | (frequent(others) - set(used)),
            shared_words=frozenset(
                word for word, count in used.items() if count >= _SHARED_EXAMPLES
            )
            & first.other_words,
        )

    @cached_property
    def _by_skeleton(self) -> dict[str, list[tuple[str, re.Pattern[str], re.Pattern[str]]]]:
        """The Ethiopic words with their strict and their loose spellings, by skeleton, the
        most frequent first."""
        found: dict[str, list[tuple[str, re.Pattern[str], re.Pattern[str]]]] = {}
        for word in self.amharic_words:
            key, strict, loose = skeleton(word), spellings(word, strict=True), spellings(word)
            if key and strict is not None and loose is not None:
                found.setdefault(key, []).append((word, strict, loose))
        return found

    def amharic_word(self, word: str) -> str | None:
        """The Ethiopic word that Latin-letter ``word`` spells, strictly if one does, else
        ``None``."""
        lowered = word.casefold()
        candidates = [
            candidate
            for key in latin_skeletons(lowered)
            for candidate in self._by_skeleton.get(key, [])
        ]
        strictly = (found for found, strict, _ in candidates if strict.fullmatch(lowered))
        loosely = (found for found, _, loose in candidates if loose.fullmatch(lowered))
        return next(strictly, None) or next(loosely, None)

    def reads(self, text: str) -> bool:
        """Whether ``text`` is Amharic in Latin letters: its words that spell an Ethiopic
        word are at least as many as the other words, the shared ones not counted
        (:func:`bot.latin_words.reads_as`). A tie is enough because Amharic chat mixes in
        more English than the examples have shared words ("operator efelgalehu"); English
        messages do not come out Amharic by it, since a word must spell an Ethiopic word of
        ours strictly or loosely and not be an English word of the examples."""
        return reads_as(
            text,
            "am",
            lambda word: self.amharic_word(word) is not None,
            self.other_words,
            shared_words=self.shared_words,
            tie_is_enough=True,
        )

    def in_letters(self, token: str) -> str:
        """A token of an Amharic message with each Latin word that spells an Ethiopic word
        written as that word; other words, and tokens with digits, stay as typed."""
        return read_token(token, lambda word: self.amharic_word(word) or word)
