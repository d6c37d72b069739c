"""The ``order_number`` entity, extracted by a regular expression.

Referenced from ``config.yml`` as ``bot.components.order_number_extractor.OrderNumberExtractor``
(Rasa 3.6, ``.venv-rasa``).

Why not Rasa's RegexEntityExtractor: it only uses patterns named like an entity that is
*annotated* in the training data, and DIET would learn those same annotations and extract
every order number a second time. Here nothing is annotated: DIET sees order numbers in the
examples as plain words (and learns that they are not a ``score``), and this component alone
finds them, the same way every time, whatever the sentence around them.

An order number is "#A12345", "A-12345", "a12345" or "12345678": an optional letter, an
optional hyphen and 5 to 10 digits, not glued to other letters or digits. The entity's
``value`` is normalised the way the order form validates it (``^[A-Z]?\\d{5,10}$``): without
``#``, ``-`` or spaces, upper-case ("#a-12345" -> "A12345"); ``start``/``end`` point at the
text as typed.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

ORDER_NUMBER_PATTERN = r"(?<![\w-])#?(?:[A-Za-z]-?)?\d{5,10}(?![\w-])"
"""Kept equal to the ``order_number`` regex in bot/data/nlu/patterns.yml."""

_STRIP = re.compile(r"[#\-\s]")


def normalise_order_number(text: str) -> str:
    """``"#a-12345"`` -> ``"A12345"``: the form's canonical spelling."""
    return _STRIP.sub("", text).upper()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class OrderNumberExtractor(GraphComponent, EntityExtractorMixin):
    """Extracts order numbers ("#A12345", "A-12345", "12345678") as an entity."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The component's default config."""
        return {
            "entity": "order_number",
            "pattern": ORDER_NUMBER_PATTERN,
            # Entities of these types that overlap an order number are dropped: DIET may
            # take a digit inside "A-12345" for a survey score.
            "overrides": ["score"],
        }

    def __init__(self, config: dict[str, Any]) -> None:
        """Compiles the pattern (case-insensitive)."""
        self._config = {**self.get_default_config(), **config}
        try:
            self._pattern = re.compile(self._config["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise InvalidConfigException(
                f"OrderNumberExtractor: invalid `pattern` {self._config['pattern']!r}: {exc}"
            ) from exc
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
                ENTITY_ATTRIBUTE_START: match.start(),
                ENTITY_ATTRIBUTE_END: match.end(),
                ENTITY_ATTRIBUTE_VALUE: normalise_order_number(match.group(0)),
            }
            for match in self._pattern.finditer(text)
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
