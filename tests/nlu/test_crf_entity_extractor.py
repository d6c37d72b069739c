"""bot/components/crf_entity_extractor.py: loaded from its stored taggers, not trained again.

In Rasa's virtualenv: our component trained on a small set of survey answers with ``score``
entities, saved, then loaded three ways: ours with the stored taggers (Rasa's training
made to fail, so a load that trains would show), Rasa's own component from the same
resource (which trains again on load), and ours from a resource without the stored
taggers (an older model: it must train, as Rasa does). All must extract the same entities,
with the same confidences, as the component just trained.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import run_in_rasa

pytestmark = pytest.mark.slow

SCRIPT = """
import json, tempfile
from pathlib import Path
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor as Rasas
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message
from bot.components.crf_entity_extractor import CRFEntityExtractor as Ours

templates = [
    "I give it a [{n}](score)", "[{n}](score) out of 10", "definitely a [{n}](score)",
    "[{n}](score), the delivery was late", "maybe [{n}](score)", "my score is [{n}](score)",
    "I'd say [{n}](score) overall", "[{n}](score)",
]
answers = [template.format(n=n) for template in templates for n in range(11)]
lines = ["version: '3.1'", "nlu:", "- intent: inform_score", "  examples: |"]
lines += [f"    - {text}" for text in answers]
lines += ["- intent: track_order", "  examples: |"]
lines += [f"    - {text}" for text in (
    "where is my order 12345678", "order A1234567 has not arrived", "track order 55512345",
    "my parcel is 3 days late", "when will my order come", "status of my order please",
)]
data = RasaYAMLReader().reads("\\n".join(lines))
tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
tokenizer.process_training_data(data)

storage = LocalModelStorage(Path(tempfile.mkdtemp()))
context = ExecutionContext(GraphSchema({}), node_name="crf")
# The CRF learns only from messages that carry features, as in the pipeline.
counts = CountVectorsFeaturizer.create(
    CountVectorsFeaturizer.get_default_config(), storage, Resource("counts"), context
)
counts.train(data)
counts.process_training_data(data)
resource = Resource("crf")
config = Rasas.get_default_config()
trained = Ours.create(config, storage, resource, context)
trained.train(data)
stored = sorted(path.name for path in (storage._storage_path / "crf").iterdir())

def extracted(component):
    probe = [Message(data={"text": text}) for text in (
        "I give it a 9", "10 out of 10", "a 3, the delivery was late", "where is my order",
        "7", "my score is 4 because of the wait",
    )]
    tokenizer.process(probe)
    counts.process(probe)
    component.process(probe)
    return [
        [(e["entity"], e["value"], e["start"], e["end"], round(e["confidence_entity"], 9))
         for e in message.get("entities", [])]
        for message in probe
    ]

train_calls = []
original_train_model = Rasas.train_model.__func__

def counting_train_model(cls, *args, **kwargs):
    train_calls.append(1)
    return original_train_model(cls, *args, **kwargs)

def failing_train_model(cls, *args, **kwargs):
    raise AssertionError("trained on load")

Rasas.train_model = classmethod(failing_train_model)
from_stored = extracted(Ours.load(config, storage, resource, context))
Rasas.train_model = classmethod(counting_train_model)
by_rasa = extracted(Rasas.load(config, storage, resource, context))
rasa_trainings = len(train_calls)
for path in (storage._storage_path / "crf").glob("*.crfsuite"):
    path.unlink()
train_calls.clear()
without_taggers = extracted(Ours.load(config, storage, resource, context))
print(json.dumps({
    "stored": stored,
    "trained": extracted(trained),
    "from_stored": from_stored,
    "by_rasa": by_rasa,
    "rasa_trainings": rasa_trainings,
    "without_taggers": without_taggers,
    "trainings_without_taggers": len(train_calls),
}))
"""


def test_loads_the_stored_taggers_and_extracts_as_rasa() -> None:
    found: dict[str, Any] = run_in_rasa(SCRIPT, None)

    assert "entity.crfsuite" in found["stored"]
    assert {"crf_dataset.json", "crf_order.json"} <= set(found["stored"])
    trained = found["trained"]
    scores = [entity[1] for message in trained for entity in message if entity[0] == "score"]
    assert len(scores) >= 3, trained  # the small model does find scores
    assert found["from_stored"] == trained
    assert found["by_rasa"] == trained
    assert found["rasa_trainings"] >= 1
    assert found["without_taggers"] == trained
    assert found["trainings_without_taggers"] >= 1
