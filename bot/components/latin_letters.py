"""The words of a Georgian, Amharic or Armenian message typed in Latin letters, in that
language's own letters.

Referenced from ``config.yml`` as ``bot.components.latin_letters.LatinLettersReader``
(Rasa 3.6), right after the tokenizer.

"sad aris chemi shekveta" shared no word and few character n-grams with "სად არის ჩემი
შეკვეთა", nor "tezaze yet new" with "ትዕዛዜ የት ነው", so the count featurizers, which carry the
exact wording and the typos, saw unrelated messages (:mod:`bot.latin_letters` says how a
message is told to be one of them and how its words are read). Here the *tokens* of such a
message, in training and in serving, are its words in Georgian, Ethiopic or Armenian
letters, and so
is the text the sentence encoder reads (:data:`bot.latin_letters.ENCODER_TEXT`).
The message's own text is left as the customer typed it, so the transcript, the stored
answers and the entities' places in the text are the customer's own words.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file

from bot import (
    language_requests,
    latin_amharic,
    latin_armenian,
    latin_georgian,
    latin_letters,
    latin_words,
    message_language,
    message_words,
)
from bot.latin_letters import ENCODER_TEXT, LatinLetters, serve, without_georgian_capitals
from bot.message_language import LATIN_LETTERS_LANGUAGE_KEY
from bot.message_words import folded_ethiopic

WORDS_FILE = "latin_letters.json"
TOKENS = TOKENS_NAMES[TEXT]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class LatinLettersReader(GraphComponent):
    """Reads Latin-letter Georgian, Amharic and Armenian messages in their own letters."""

    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        known: LatinLetters,
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._known = known

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The code that decides what is learned and how words are read: Rasa's training
        cache must not reuse words learned by another version of it."""
        digest = hashlib.sha256()
        modules = (
            latin_letters,
            latin_georgian,
            latin_amharic,
            latin_armenian,
            latin_words,
            message_language,
            language_requests,
            message_words,
        )
        for module in modules:
            digest.update(Path(str(module.__file__)).read_bytes())
        return digest.hexdigest()

    @classmethod
    def required_components(cls) -> list[type]:
        """Rewrites the tokenizer's tokens."""
        return [Tokenizer]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LatinLettersReader:
        """Knows no words until trained."""
        return cls(model_storage, resource, LatinLetters.empty())

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LatinLettersReader:
        """The words learned in training, also for :func:`bot.latin_letters.encoder_text`."""
        with model_storage.read_from(resource) as model_dir:
            known = LatinLetters.from_json(read_json_file(model_dir / WORDS_FILE))
        serve(known)
        return cls(model_storage, resource, known)

    def train(self, training_data: TrainingData) -> Resource:
        """Learns the Georgian, Amharic, Armenian and English words of the training
        examples."""
        self._known = LatinLetters.learn(
            message.get(TEXT) for message in training_data.training_examples if message.get(TEXT)
        )
        with self._model_storage.write_to(self._resource) as model_dir:
            dump_obj_as_json_to_file(model_dir / WORDS_FILE, self._known.as_json())
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """The training examples, the Latin-letter ones of those languages read
        (:meth:`process`)."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Each Latin-letter Georgian, Amharic or Armenian message's tokens and encoder text in its
        language's letters, and its language in the parse data, in place."""
        for message in messages:
            text = message.get(TEXT)
            tokens = message.get(TOKENS)
            read = self._known.reading(text) if text and tokens else None
            if read is None:
                if text and (everyday := without_georgian_capitals(text)) != text:
                    message.set(ENCODER_TEXT, everyday)  # "ᲡᲐᲓ ᲐᲠᲘᲡ" as "სად არის"
                continue
            message.set(TOKENS, [self._read(read.language, token) for token in tokens])
            message.set(ENCODER_TEXT, read.text)
            message.set(LATIN_LETTERS_LANGUAGE_KEY, read.language, add_to_output=True)
        return messages

    def _read(self, language: str, token: Token) -> Token:
        """The token in the language's letters, in its place in the text."""
        read = folded_ethiopic(self._known.token(language, token.text))  # as the tokenizer
        if read == token.text:
            return token
        return Token(read, token.start, token.end, data=token.data, lemma=read)
