"""Georgian and Amharic typed in Latin letters: which one a message is, and its words in that
language's own letters.

Plain Python (no Rasa), used by the NLU pipeline's
:class:`bot.components.latin_letters.LatinLettersReader`. Georgian is asked first: its
reading is nearly letter for letter (:mod:`bot.latin_georgian`); Amharic's is looser, word by
word (:mod:`bot.latin_amharic`). Armenian in Latin letters is left as typed: read the same
way it was understood worse (docs/nlu.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from bot.latin_amharic import LatinAmharic
from bot.latin_georgian import LatinGeorgian

ENCODER_TEXT: Final = "encoder_text"
"""Message attribute with the text the sentence encoder reads instead of the message's own:
Georgian and Amharic typed in Latin letters, in their own letters (set by
``bot/components/latin_letters.py``, read by ``bot/components/e5_featurizer.py``)."""


@dataclass(frozen=True)
class LatinLetters:
    """What the training examples teach about Georgian and Amharic in Latin letters."""

    georgian: LatinGeorgian
    amharic: LatinAmharic

    @classmethod
    def learn(cls, texts: Iterable[str]) -> LatinLetters:
        """Both languages' words, from the training examples ``texts``."""
        texts = list(texts)
        return cls(georgian=LatinGeorgian.learn(texts), amharic=LatinAmharic.learn(texts))

    @classmethod
    def empty(cls) -> LatinLetters:
        """Knows no words: reads no message (a component not trained yet)."""
        return cls(LatinGeorgian(frozenset(), frozenset()), LatinAmharic((), frozenset()))

    def as_json(self) -> dict[str, Any]:
        """The learned words, to store with the model."""
        return {
            "georgian_words": sorted(self.georgian.georgian_words),
            "latin_words": sorted(self.georgian.latin_words),
            "amharic_words": list(self.amharic.amharic_words),
            "other_words": sorted(self.amharic.other_words),
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
            ),
        )

    def language(self, text: str) -> str | None:
        """ "ka" or "am" if ``text`` is Georgian or Amharic typed in Latin letters, else
        ``None``."""
        if self.georgian.reads_georgian(text):
            return "ka"
        if self.amharic.reads_amharic(text):
            return "am"
        return None

    def token(self, language: str, token: str) -> str:
        """A token of a message in ``language`` (from :meth:`language`), in its letters."""
        if language == "ka":
            return self.georgian.in_georgian_letters(token)
        return self.amharic.in_amharic_letters(token)

    def text(self, language: str, text: str) -> str:
        """A message in ``language`` (from :meth:`language`), in its letters."""
        if language == "ka":
            return self.georgian.in_georgian_text(text)
        return self.amharic.in_amharic_text(text)


_served: list[LatinLetters] = []
"""What the model this process loaded last learned (one model is served per process)."""


def serve(known: LatinLetters) -> None:
    """Make ``known`` (the loaded model's words) what :func:`encoder_text` reads with."""
    _served[:] = [known]


def encoder_text(text: str) -> str:
    """``text`` as the sentence encoder will read it in the served model's parse: in
    Georgian or Ethiopic letters if that model reads it as Georgian or Amharic typed in
    Latin letters.

    For ``bot/components/e5_featurizer.py``'s ``embed_ahead``, which encodes a message
    before Rasa parses it (``bot/encoder_off_loop.py``); a text read otherwise is encoded
    again in the parse, so a mismatch costs time, never a wrong vector.
    """
    known = _served[-1] if _served else None
    language = known.language(text) if known is not None else None
    return text if known is None or language is None else known.text(language, text)
