"""bot/components/latin_letters.py in Rasa's virtualenv: a Georgian, Amharic or Armenian
message typed in Latin letters has tokens and encoder text in its language's letters, in
training and once the model is stored and loaded; its text, and the tokens' places in it,
stay as the customer typed them; other messages are left alone.
"""

from __future__ import annotations

import pytest

from tests.helpers import run_in_rasa

pytestmark = pytest.mark.slow

SCRIPT = """
import json, sys, tempfile
from pathlib import Path
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message
from bot.components.latin_letters import LatinLettersReader
from bot.latin_letters import encoder_text
from bot.components.tokenizer import WordTokenizer

examples = {
    "track_order": ["სად არის ჩემი შეკვეთა?", "შეკვეთა ჯერ არ მომსვლია", "where is my order",
                    "ትዕዛዜ የት ነው?", "պատվերս երբ կբերեն"],
    "get_refund": ["თანხის დაბრუნება მინდა", "I want a refund", "refund მინდა",
                   "ገንዘቤን መመለስ እፈልጋለሁ"],
}
lines = ["version: '3.1'", "nlu:"]
for intent, texts in examples.items():
    lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {text}" for text in texts]
data = RasaYAMLReader().reads("\\n".join(lines + ["- intent: track_order", "  examples: |",
                                                  "    - sad aris chemi shekveta"]))
tokenizer = WordTokenizer(WordTokenizer.get_default_config())
tokenizer.process_training_data(data)

storage = LocalModelStorage(Path(tempfile.mkdtemp()))
context = ExecutionContext(GraphSchema({}), node_name="latin_letters")
resource = Resource("latin_letters")
trained = LatinLettersReader.create({}, storage, resource, context)
trained.train(data)
trained.process_training_data(data)
latin_example = next(m for m in data.training_examples if m.get("text").startswith("sad"))

loaded = LatinLettersReader.load({}, storage, resource, context)
probe = [Message(data={"text": text}) for text in json.loads(sys.argv[1])]
tokenizer.process(probe)
loaded.process(probe)
print(json.dumps({
    "training": [t.text for t in latin_example.get("text_tokens")],
    "training_encoder_text": latin_example.get("encoder_text"),
    "encoder_text": [m.get("encoder_text") for m in probe],
    "parse_data": [m.as_dict(only_output_properties=True).get("latin_letters_language")
                   for m in probe],
    "ahead": [encoder_text(text) for text in json.loads(sys.argv[1])],
    "probe": [
        {"text": m.get("text"),
         "tokens": [[t.text, t.lemma, t.start, t.end] for t in m.get("text_tokens")]}
        for m in probe
    ],
}, ensure_ascii=False))
"""


def test_latin_letter_georgian_and_amharic_are_read_in_their_letters() -> None:
    probe = [
        "Sad aris chemi shekveta A1000003?",
        "tanxis dabruneba minda",
        "where is my refund",
        "tezaze yet new?",
        "genzeben memeles efelgalehu",
        "Patvers yerb kberen?",
    ]
    out = run_in_rasa(SCRIPT, probe)

    # The training example shares its words with the Georgian-letter ones.
    assert out["training"] == ["სად", "არის", "ჩემი", "შეკვეთა"]
    status, refund, english, amharic_status, amharic_refund, armenian = out["probe"]
    assert status["text"] == probe[0]
    assert status["tokens"] == [
        ["სად", "სად", 0, 3],
        ["არის", "არის", 4, 8],
        ["ჩემი", "ჩემი", 9, 14],
        ["შეკვეთა", "შეკვეთა", 15, 23],
        ["A1234567", "A1234567", 24, 32],
    ]
    assert [token[0] for token in refund["tokens"]] == ["თანხის", "დაბრუნება", "მინდა"]
    # English is left as typed.
    assert [token[0] for token in english["tokens"]] == ["where", "is", "my", "refund"]

    # Amharic: each word that spells a word of the Ethiopic examples, in its place, with its
    # homophones written as the tokenizer writes them (ትዕዛዜ as ትእዛዜ).
    assert amharic_status["tokens"] == [
        ["ትእዛዜ", "ትእዛዜ", 0, 6],
        ["የት", "የት", 7, 10],
        ["ነው", "ነው", 11, 14],
    ]
    assert [token[0] for token in amharic_refund["tokens"]] == ["ገንዘቤን", "መመለስ", "እፈልጋለሁ"]
    # Armenian: each word typed for a word of the Armenian examples ("yerb" երբ).
    assert [token[0] for token in armenian["tokens"]] == ["պատվերս", "երբ", "կբերեն"]

    # The sentence encoder reads the same words, the order number as typed (it masks it).
    assert out["training_encoder_text"] == "სად არის ჩემი შეკვეთა"
    expected = [
        "სად არის ჩემი შეკვეთა A1000003?",
        "თანხის დაბრუნება მინდა",
        None,
        "ትዕዛዜ የት ነው?",
        "ገንዘቤን መመለስ እፈልጋለሁ",
        "պատվերս երբ կբերեն?",
    ]
    assert out["encoder_text"] == expected
    # The encoding started before the parse (bot/encoder_off_loop.py) reads it the same way,
    # with the loaded model's words.
    assert out["ahead"] == [text or typed for text, typed in zip(expected, probe, strict=True)]
    # The parse data tells the action server the message's language.
    assert out["parse_data"] == ["ka", "ka", None, "am", "am", "hy"]
