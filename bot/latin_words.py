"""What the Latin-letter readers share: telling Latin-letter text, rewriting a token's or a
message's Latin words one by one, and, for the readers that match whole words, what they
learn and when a message is theirs.

:mod:`bot.latin_georgian`, :mod:`bot.latin_amharic` and :mod:`bot.latin_armenian` differ in
how a word is read; how a token is cut into words and which tokens are left alone (order
numbers and amounts, whose digits must reach the entity extractor as typed) is the same for
all, and Amharic and Armenian, read word by word, learn and decide alike.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Final, Protocol

from bot.language_requests import words
from bot.message_language import guess_language, script_language, written_in_english

WORD: Final = re.compile(r"[a-z]+")
"""A Latin word of a casefolded token."""

_CHUNK: Final = re.compile(r"\S+")

MIN_EXAMPLES: Final = 3
"""A word is another language's if at least this many training examples have it (one
Amharic or Armenian sentence may look English to
:func:`bot.message_language.written_in_english`)."""
MIN_LETTERS: Final = 5
"""A message's words in the language must have at least this many letters in all ("ten",
"nah", "es" are English too; "selam", "barev" are not)."""
SHARE: Final = 0.5
"""Share of a message's words that must be words of the language (those that are also
English ones included) for the message to be in it."""
_STRETCHED: Final = re.compile(r"(.)\1{2,}")


class LatinReader(Protocol):
    """One language's Latin-letter reader, as :class:`bot.latin_letters.LatinLetters` asks
    it: is a message this language, and a token of one in the language's own letters."""

    def reads(self, text: str) -> bool:
        """Whether ``text`` is this language typed in Latin letters."""
        ...

    def in_letters(self, token: str) -> str:
        """A token of a message in this language, in the language's own letters."""
        ...


def is_latin(text: str) -> bool:
    """Whether ``text`` has letters and all of them are Latin (ASCII) ones."""
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(char.isascii() for char in letters)


def read_token(token: str, read_word: Callable[[str], str], word: re.Pattern[str] = WORD) -> str:
    """``token`` casefolded with each Latin ``word`` in it replaced by ``read_word(word)``;
    a token with a digit is returned as typed."""
    if any(char.isdigit() for char in token):
        return token
    return word.sub(lambda match: read_word(match.group(0)), token.casefold())


def read_text(text: str, read_token: Callable[[str], str]) -> str:
    """``text`` with each whitespace-separated chunk replaced by ``read_token(chunk)``: the
    spaces and line breaks stay where the customer put them."""
    return _CHUNK.sub(lambda chunk: read_token(chunk.group(0)), text)


def frequent(counts: Counter[str]) -> frozenset[str]:
    """The words of ``counts`` (examples per word) seen in :data:`MIN_EXAMPLES` or more."""
    return frozenset(word for word, count in counts.items() if count >= MIN_EXAMPLES)


def learned_words(texts: Iterable[str], language: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The words of ``texts`` in ``language``'s script, the most frequent first, and the
    words of the English sentences among them (:func:`written_in_english`) seen in
    :data:`MIN_EXAMPLES` or more: what a word-by-word reader first learns."""
    own: Counter[str] = Counter()
    english: Counter[str] = Counter()
    for text in texts:
        found = words(text)
        own.update(word for word in found if script_language(word) == language)
        if written_in_english(text):
            english.update(set(found))
    return tuple(word for word, _ in own.most_common()), frequent(english)


def is_other(word: str, other_words: frozenset[str]) -> bool:
    """Whether ``word`` is one of ``other_words``, also stretched ("heyyy", "youuu")."""
    return word in other_words or _STRETCHED.sub(r"\1", word) in other_words


def reads_as(
    text: str,
    language: str,
    spells: Callable[[str], bool],
    other_words: frozenset[str],
    endings: re.Pattern[str] | None = None,
    shared_words: frozenset[str] = frozenset(),
    tie_is_enough: bool = False,
) -> bool:
    """Whether ``text`` is ``language`` typed in Latin letters, for a word-by-word reader.

    A word from the fixed lists of :mod:`bot.message_language` settles it either way;
    otherwise the words that ``spells`` (a word of the language's examples) and are not
    other words must outnumber the other words that it does not (or, ``tie_is_enough``, be
    as many), have :data:`MIN_LETTERS` in all, and, with the words that are both ("new" ነው,
    "es" ես), make :data:`SHARE` of the message. A word of another language with one of the
    language's own ``endings`` ("invoice-@", "email-ov": Armenian's ը and ով) is a word of
    the language: the customer wrote it in the language's grammar. ``shared_words``, other
    words that the language's own Latin-letter examples use ("account", "invoice"), count
    for neither side but towards the share: "invoice pdf efelgalehu" is an Amharic sentence
    about an invoice.
    """
    if not is_latin(text):
        return False
    guessed = guess_language(text)
    if guessed != "en":
        return guessed == language
    marked = [match.group(0) for match in endings.finditer(text)] if endings else []
    found = words(endings.sub(" ", text)) if endings else words(text)
    spelled = [word for word in found if spells(word)]
    own = [word for word in spelled if not is_other(word, other_words)] + marked
    neutral = [word for word in found if word in shared_words and word not in spelled]
    other = [
        word
        for word in found
        if is_other(word, other_words) and word not in spelled and word not in shared_words
    ]
    enough = len(own) >= len(other) if tie_is_enough else len(own) > len(other)
    return (
        sum(map(len, own)) >= MIN_LETTERS
        and enough
        and len(spelled) + len(marked) + len(neutral) >= SHARE * (len(found) + len(marked))
    )
