"""Rasa's WhitespaceTokenizer, keeping Armenian words whole and order numbers alike.

Referenced from ``config.yml`` as ``bot.components.tokenizer.WordTokenizer`` (Rasa 3.6).

Armenian writes its question, exclamation and emphasis marks (``՞ ՜ ՛``) *inside* a word,
on the stressed vowel: "Որտե՞ղ" is "Որտեղ" ("where") asked as a question. Rasa's
WhitespaceTokenizer treats a punctuation mark between two letters as a separator, so
"Որտե՞ղ" became two tokens, "Որտե" and "ղ", that share no word feature with "Որտեղ", and
customers write it both ways. Here two tokens that only such a mark separates are joined
again, without the mark ("Որտեղ", spanning the whole of "Որտե՞ղ" in the text). Georgian and
Amharic need nothing more: their letters are word characters, and Amharic's ``። ፣ ፧`` at
the end of a word are dropped like a full stop. Amharic's letters that sound alike ("ትእዛዝ"
and "ትዕዛዝ", order) are written one way (:func:`bot.message_words.folded_ethiopic`).

A token that is an order number ("A1000002", "#88120455") is read as the one example number
(:data:`bot.order_numbers.EXAMPLE_ORDER_NUMBER`; its place in the text is kept): its digits
were word and character features of their own, and which number a customer typed moved the
intent ("I want to return my order A1234567" was a refund request, with A1000002 it was not
understood). So is one read out to voice typing ("order A one zero zero zero zero zero
two", :func:`bot.order_numbers.spoken_order_numbers_in`): its words become one token, else
the digit words read as a sentence of their own ("where is my refund for order A one zero
... eight" was a new refund request; typed, the same order was a refund to track). The
sentence encoder reads the same (``bot/components/e5_featurizer.py``); the ``order_number``
entity is read from the text itself.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.message_words import ARMENIAN_IN_WORD_MARKS, folded_ethiopic
from bot.order_numbers import (
    EXAMPLE_ORDER_NUMBER,
    NLU_READING,
    FoundOrderNumber,
    mask_order_numbers,
    spoken_order_numbers_in,
)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class WordTokenizer(WhitespaceTokenizer):
    """WhitespaceTokenizer that does not split a word at an Armenian in-word mark, and
    reads every order number as the same one."""

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """What the tokens stand for: cached features of other versions differ."""
        return f"{NLU_READING}; {ETHIOPIC_READING}"

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Rasa's tokens, Armenian marked words joined, order numbers as the example one,
        Ethiopic letters that sound alike written one way."""
        words = self._words(message, attribute)
        spoken = spoken_order_numbers_in(message.get(attribute) or "")
        tokens = _spoken_numbers_joined(words, spoken)
        return [_folded(_as_example_number(token)) for token in tokens]

    def _words(self, message: Message, attribute: str) -> list[Token]:
        """Rasa's tokens, with the halves of an Armenian marked word joined."""
        tokens = super().tokenize(message, attribute)
        text = message.get(attribute) or ""
        joined: list[Token] = []
        for token in tokens:
            previous = joined[-1] if joined else None
            if (
                previous is not None
                and token.start == previous.end + 1
                and text[previous.end] in ARMENIAN_IN_WORD_MARKS
            ):
                joined[-1] = Token(previous.text + token.text, previous.start, token.end)
            else:
                joined.append(token)
        return joined


def _spoken_numbers_joined(tokens: list[Token], spoken: list[FoundOrderNumber]) -> list[Token]:
    """``tokens`` with the words of each order number read out replaced by one token, the
    example number, spanning them all."""
    joined: list[Token] = []
    current: FoundOrderNumber | None = None
    for token in tokens:
        number = next((n for n in spoken if n.start <= token.start and token.end <= n.end), None)
        if number is None:
            joined.append(token)
        elif number is not current:
            joined.append(
                Token(EXAMPLE_ORDER_NUMBER, number.start, number.end, lemma=EXAMPLE_ORDER_NUMBER)
            )
        current = number
    return joined


ETHIOPIC_READING = "Ethiopic homophones folded (bot.message_words.folded_ethiopic)"


def _folded(token: Token) -> Token:
    """The token with its Ethiopic homophones written one way ("ትእዛዝ" as "ትዕዛዝ" is)."""
    text = folded_ethiopic(token.text)
    if text == token.text:
        return token
    return Token(text, token.start, token.end, data=token.data, lemma=text)


def _as_example_number(token: Token) -> Token:
    """The token with the order number in it, if any, written as the example number
    ("#88120455" -> "A1234567", "A61239-ის" -> "A1234567-ის"), as the encoder reads it."""
    text = mask_order_numbers(token.text)
    if text == token.text:
        return token
    return Token(text, token.start, token.end, lemma=text)
