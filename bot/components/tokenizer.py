"""Rasa's WhitespaceTokenizer, keeping Armenian words whole.

Referenced from ``config.yml`` as ``bot.components.tokenizer.WordTokenizer`` (Rasa 3.6).

Armenian writes its question, exclamation and emphasis marks (``՞ ՜ ՛``) *inside* a word,
on the stressed vowel: "Որտե՞ղ" is "Որտեղ" ("where") asked as a question. Rasa's
WhitespaceTokenizer treats a punctuation mark between two letters as a separator, so
"Որտե՞ղ" became two tokens, "Որտե" and "ղ", that share no word feature with "Որտեղ", and
customers write it both ways. Here two tokens that only such a mark separates are joined
again, without the mark ("Որտեղ", spanning the whole of "Որտե՞ղ" in the text). Georgian and
Amharic need nothing: their letters are word characters, and Amharic's ``። ፣ ፧`` at the
end of a word are dropped like a full stop.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

ARMENIAN_IN_WORD_MARKS = frozenset("\u055b\u055c\u055e")
"""Armenian emphasis (՛), exclamation (՜) and question (՞) marks."""


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class WordTokenizer(WhitespaceTokenizer):
    """WhitespaceTokenizer that does not split a word at an Armenian in-word mark."""

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
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
