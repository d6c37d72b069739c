"""Georgian, Amharic and Armenian typed in Latin letters: which one a message is, and its words
in that language's own letters.

Plain Python (no Rasa), used by the NLU pipeline's
:class:`bot.components.latin_letters.LatinLettersReader`. Georgian is asked first: its
reading is nearly letter for letter (:mod:`bot.latin_georgian`); Amharic's and Armenian's are
looser, word by word (:mod:`bot.latin_amharic`, :mod:`bot.latin_armenian`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

from bot.language_requests import words
from bot.latin_amharic import LatinAmharic
from bot.latin_armenian import LatinArmenian
from bot.latin_georgian import LatinGeorgian
from bot.latin_words import LatinReader, read_text

ENCODER_TEXT: Final = "encoder_text"
_MTAVRULI: Final = range(0x1C90, 0x1CC0)
"""Georgian capitals (Mtavruli, "ᲡᲐᲓ ᲐᲠᲘᲡ"), typed with caps lock on: the encoder knows the
everyday letters (Mkhedruli) only, and read "ᲡᲐᲓ ᲐᲠᲘᲡ ᲩᲔᲛᲘ ᲨᲔᲙᲕᲔᲗᲐ" as off-topic."""


def without_georgian_capitals(text: str) -> str:
    """``text`` with Georgian capitals in everyday letters (``str.lower`` maps them)."""
    if not any(ord(character) in _MTAVRULI for character in text):
        return text
    return "".join(
        character.lower() if ord(character) in _MTAVRULI else character for character in text
    )


"""Message attribute with the text the sentence encoder reads instead of the message's own:
Georgian, Amharic and Armenian typed in Latin letters, in their own letters (set by
``bot/components/latin_letters.py``, read by ``bot/components/e5_featurizer.py``)."""


_SURE_LETTERS: Final = 6
"""Letters of a word long enough that spelling a Georgian word is no accident."""
_REMEMBERED: Final = 256
"""Messages whose reading :meth:`LatinLetters.reading` keeps: enough for those being served
at once, each read once ahead for the encoder and once in the parse."""


@dataclass(frozen=True)
class Reading:
    """A Latin-letter message read: its language ("ka", "am" or "hy") and its text in its
    letters."""

    language: str
    text: str


@dataclass(frozen=True)
class LatinLetters:
    """What the training examples teach about Georgian, Amharic and Armenian in Latin
    letters."""

    georgian: LatinGeorgian
    amharic: LatinAmharic
    armenian: LatinArmenian
    _readings: dict[str, Reading | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def learn(cls, texts: Iterable[str]) -> LatinLetters:
        """The three languages' words, from the training examples ``texts``."""
        texts = list(texts)
        return cls(
            georgian=LatinGeorgian.learn(texts),
            amharic=LatinAmharic.learn(texts),
            armenian=LatinArmenian.learn(texts),
        )

    @classmethod
    def empty(cls) -> LatinLetters:
        """Knows no words: reads no message (a component not trained yet)."""
        return cls(
            LatinGeorgian(frozenset(), frozenset()),
            LatinAmharic((), frozenset()),
            LatinArmenian((), frozenset()),
        )

    def as_json(self) -> dict[str, Any]:
        """The learned words, to store with the model."""
        return {
            "georgian_words": sorted(self.georgian.georgian_words),
            "latin_words": sorted(self.georgian.latin_words),
            "amharic_words": list(self.amharic.amharic_words),
            "other_words": sorted(self.amharic.other_words),
            "amharic_shared_words": sorted(self.amharic.shared_words),
            "armenian_words": list(self.armenian.armenian_words),
            "armenian_other_words": sorted(self.armenian.other_words),
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> LatinLetters:
        """The words :meth:`as_json` stored."""
        return cls(
            georgian=LatinGeorgian(
                georgian_words=frozenset(stored["georgian_words"]),
                latin_words=frozenset(stored["latin_words"]),
            ),
            amharic=LatinAmharic(
                amharic_words=tuple(stored["amharic_words"]),
                other_words=frozenset(stored["other_words"]),
                shared_words=frozenset(stored["amharic_shared_words"]),
            ),
            armenian=LatinArmenian(
                armenian_words=tuple(stored["armenian_words"]),
                other_words=frozenset(stored["armenian_other_words"]),
            ),
        )

    @cached_property
    def _readers(self) -> dict[str, LatinReader]:
        """The languages and their readers, in the order a message is tried: Georgian first,
        whose reading is nearly letter for letter, then the looser word-by-word ones,
        Armenian before Amharic, whose rule is the looser (a tie of its words and English
        ones is enough: :meth:`bot.latin_amharic.LatinAmharic.reads`). Made
        once: :meth:`token` asks it for every token of a served message."""
        return {"ka": self.georgian, "hy": self.armenian, "am": self.amharic}

    def language(self, text: str) -> str | None:
        """ "ka", "am" or "hy" if ``text`` is Georgian, Amharic or Armenian typed in Latin
        letters, else ``None``.

        A long word that only Georgian spells (:meth:`georgian_only_words`) makes a message
        Georgian on less evidence, and never Armenian or Amharic: "account ro wavshalo ras
        vakete?" had been read as Amharic ("ro" ሮ, "ras" ራስ) and answered in Amharic.
        """
        sure = self.georgian_only_words(text)
        if self.georgian.reads(text, sure):
            return "ka"
        if sure:
            return None
        readers = ((language, self._readers[language]) for language in ("hy", "am"))
        return next((language for language, reader in readers if reader.reads(text)), None)

    def georgian_only_words(self, text: str) -> list[str]:
        """The words of ``text`` of :data:`_SURE_LETTERS` letters or more that spell a word of
        the Georgian examples and none of the Armenian or Amharic ones ("wavshalo" წავშალო;
        not "operatori", which Armenian spells too)."""
        return [
            word
            for word in words(text)
            if len(word) >= _SURE_LETTERS
            and self.georgian.georgian_word(word) is not None
            and self.armenian.armenian_word(word) is None
            and self.amharic.amharic_word(word) is None
        ]

    def reading(self, text: str) -> Reading | None:
        """``text`` read in Georgian, Ethiopic or Armenian letters, or ``None`` if it is none
        of those languages typed in Latin letters.

        A served message is read twice, ahead of the parse for the sentence encoder
        (:func:`encoder_text`, in the encoder's worker thread) and in the parse by the
        component, so the last few readings are kept and the second is a look-up.
        """
        try:
            return self._readings[text]
        except KeyError:  # not read yet, or forgotten by another thread's clear()
            pass
        language = self.language(text)
        read = None if language is None else Reading(language, self.text(language, text))
        if len(self._readings) >= _REMEMBERED:
            self._readings.clear()
        self._readings[text] = read
        return read

    def token(self, language: str, token: str) -> str:
        """A token of a message in ``language`` (from :meth:`language`), in its letters."""
        return self._readers[language].in_letters(token)

    def text(self, language: str, text: str) -> str:
        """A message in ``language`` (from :meth:`language`), in its letters: each
        whitespace-separated chunk read as :meth:`token` reads it ("sad aris chemi shekveta
        A1000003?" -> "სად არის ჩემი შეკვეთა A1000003?")."""
        return read_text(text, self._readers[language].in_letters)


_served: list[LatinLetters] = []
"""What the model this process loaded last learned (one model is served per process)."""


def serve(known: LatinLetters) -> None:
    """Make ``known`` (the loaded model's words) what :func:`encoder_text` reads with."""
    _served[:] = [known]


def encoder_text(text: str) -> str:
    """``text`` as the sentence encoder will read it in the served model's parse: in its
    own letters if that model reads it as Georgian, Amharic or Armenian typed in Latin
    letters.

    For ``bot/components/e5_featurizer.py``'s ``embed_ahead``, which encodes a message
    before Rasa parses it (``bot/encoder_off_loop.py``); a text read otherwise is encoded
    again in the parse, so a mismatch costs time, never a wrong vector.
    """
    read = _served[-1].reading(text) if _served else None
    return without_georgian_capitals(text) if read is None else read.text
