"""The ``order_number`` entity, found by the order-number rule in ``bot/order_numbers.py``.

Referenced from ``config.yml`` as ``bot.components.order_number_extractor.OrderNumberExtractor``
(Rasa 3.6, ``.venv-rasa``).

Why not Rasa's RegexEntityExtractor: it only uses patterns named like an entity that is
*annotated* in the training data, and DIET would learn those same annotations and extract
every order number a second time. Here nothing is annotated: DIET sees order numbers in the
examples as plain words (and learns that they are not a ``score``), and this component alone
finds them, the same way every time, whatever the sentence around them.

What an order number is ("#A12345", "A-12345", "12345678", "A61239-ის") and its canonical
spelling ("A12345") are ``bot.order_numbers``' to say, so the order form in the action server
reads the same numbers: the entity's ``value`` is the canonical spelling, ``start``/``end``
point at the number as typed (without a Georgian or Armenian case ending after it).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.order_numbers import order_numbers_in


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class OrderNumberExtractor(GraphComponent, EntityExtractorMixin):
    """Extracts order numbers ("#A12345", "A-12345", "12345678") as an entity."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The component's default config."""
        return {
            "entity": "order_number",
            # Entities of these types that overlap an order number are dropped: DIET may
            # take a digit inside "A-12345" for a survey score.
            "overrides": ["score"],
        }

    def __init__(self, config: dict[str, Any]) -> None:
        """Reads the entity's name and the entity types an order number overrides."""
        self._config = {**self.get_default_config(), **config}
        self._entity = str(self._config["entity"])
        self._overrides = set(self._config["overrides"] or [])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> OrderNumberExtractor:
        """Creates the component (nothing to train or store)."""
        return cls(config)

    def extract(self, text: str) -> list[dict[str, Any]]:
        """The order numbers in ``text``, as Rasa entities (without the extractor name)."""
        return [
            {
                ENTITY_ATTRIBUTE_TYPE: self._entity,
                ENTITY_ATTRIBUTE_START: found.start,
                ENTITY_ATTRIBUTE_END: found.end,
                ENTITY_ATTRIBUTE_VALUE: found.number,
            }
            for found in order_numbers_in(text)
        ]

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds the order numbers found in each message's text to its entities."""
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            found = self.add_extractor_name(self.extract(text))
            if not found:
                continue
            kept = [
                entity
                for entity in message.get(ENTITIES, [])
                if not (
                    entity.get(ENTITY_ATTRIBUTE_TYPE) in self._overrides
                    and any(_overlap(entity, number) for number in found)
                )
            ]
            message.set(ENTITIES, kept + found, add_to_output=True)
        return messages


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(
        a.get(ENTITY_ATTRIBUTE_START, -1) < b[ENTITY_ATTRIBUTE_END]
        and b[ENTITY_ATTRIBUTE_START] < a.get(ENTITY_ATTRIBUTE_END, -1)
    )
