"""The ``switch_language`` intent: a short message that asks for a language.

Referenced from ``config.yml`` as ``bot.components.language_request.LanguageRequestClassifier``
(Rasa 3.6, ``.venv-rasa``), after the FallbackClassifier.

"English please", "ქართულად", "հայերեն", "በአማርኛ", "qartulad": a request for another
language is told by a fixed list of language names (:mod:`bot.language_requests`), the same
list the action server reads to set the ``language`` slot. A statistical classifier would
read these one- or two-word messages as whatever intent they resemble (a greeting, a
misunderstanding) and the customer would get that answer instead of a confirmation; here
they are ``switch_language`` with confidence 1, every time, whatever the model learned.
The intent has no training examples on purpose (like ``start_nps``). Every other message
keeps the classifier's intent.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.language_requests import SWITCH_LANGUAGE_INTENT, requested_language


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LanguageRequestClassifier(GraphComponent, IntentClassifier):
    """Sets the intent ``switch_language`` (confidence 1) on a request for a language."""

    @classmethod
    def required_components(cls) -> list[type]:
        """Runs after the intent classifier, so its intent is the one that counts."""
        return [IntentClassifier]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageRequestClassifier:
        """Nothing to configure or train."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Overrides the intent of each message that asks for a language."""
        for message in messages:
            if requested_language(message.get(TEXT)) is None:
                continue
            intent = {INTENT_NAME_KEY: SWITCH_LANGUAGE_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            others = [
                ranked
                for ranked in message.get(INTENT_RANKING_KEY) or []
                if ranked.get(INTENT_NAME_KEY) != SWITCH_LANGUAGE_INTENT
            ]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *others], add_to_output=True)
        return messages
