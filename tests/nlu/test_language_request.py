"""The pipeline's language-request component (runs in Rasa's virtualenv).

bot.components.language_request.LanguageRequestClassifier turns a short request for a
language into the intent ``switch_language`` with confidence 1, whatever the classifier
before it guessed, and leaves every other message alone.
"""

from __future__ import annotations

import pytest

from tests.helpers import run_in_rasa

pytestmark = pytest.mark.slow

SCRIPT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from bot.components.language_request import LanguageRequestClassifier
component = LanguageRequestClassifier()
out = []
for text in json.loads(sys.argv[1]):
    guess = {"name": "greet", "confidence": 0.62}
    ranking = [guess, {"name": "switch_language", "confidence": 0.0}]
    message = Message(data={"text": text, "intent": guess, "intent_ranking": ranking})
    component.process([message])
    ranking = [item["name"] for item in message.get("intent_ranking")]
    out.append([message.get("intent")["name"], message.get("intent")["confidence"], ranking])
print(json.dumps(out, ensure_ascii=False))
"""

REQUESTS = ["English please", "ქართულად", "հայերեն", "በአማርኛ", "qartulad", "in Armenian pls"]
OTHERS = ["hello", "the English manual is missing a page", "English or Georgian?", "/greet"]


def test_requests_for_a_language_and_nothing_else_are_switch_language() -> None:
    texts = REQUESTS + OTHERS
    found = dict(zip(texts, run_in_rasa(SCRIPT, texts), strict=True))
    for text in REQUESTS:
        assert found[text] == ["switch_language", 1.0, ["switch_language", "greet"]], text
    for text in OTHERS:
        assert found[text][:2] == ["greet", 0.62], text
