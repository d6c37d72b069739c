"""The intent classifier's own fit is scikit-learn's fit, only faster.

bot/components/logistic_fit.py keeps the sparse counts and the dense sentence vectors apart
and computes the softmax loss itself (docs/nlu.md, "Training time"). It must stay the model
Rasa's LogisticRegressionClassifier would train: these tests hold its objective and gradient
to scikit-learn's own (the version in Rasa's virtualenv), its fit to scikit-learn's fit, and
the component's trained, saved and reloaded model to the same predictions. Run in Rasa's
virtualenv.
"""

from __future__ import annotations

import pytest

from tests.helpers import run_in_rasa

pytestmark = pytest.mark.slow

DATA = """
import json, sys
import numpy as np
from scipy.sparse import random as sparse_random
rng = np.random.default_rng(7)
n, n_sparse, n_dense = 300, 120, 16
labels = [f"intent_{i}" for i in rng.choice(5, size=n, p=[0.4, 0.3, 0.15, 0.1, 0.05])]
sparse = sparse_random(n, n_sparse, density=0.05, random_state=3, format="csr")
sparse.data = np.round(sparse.data * 3)
dense = rng.normal(size=(n, n_dense)) * 2
"""

OBJECTIVE = (
    DATA
    + """
from sklearn._loss.loss import HalfMultinomialLoss
from sklearn.linear_model._linear_loss import LinearModelLoss
from scipy.sparse import hstack
from bot.components.logistic_fit import MultinomialObjective, balanced_weights
classes, targets = np.unique(labels, return_inverse=True)
weights = balanced_weights(targets, len(classes))
ours = MultinomialObjective(sparse, dense, targets, weights, len(classes), l2=0.5)
theirs = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=len(classes)), fit_intercept=True)
point = rng.normal(size=(n_sparse + n_dense + 1) * len(classes))
loss, grad = ours(point)
their_loss, their_grad = theirs.loss_gradient(
    point, hstack([sparse, dense]).tocsr(), targets.astype(float), weights, 0.5, 1
)
print(json.dumps({
    "loss": loss, "their_loss": float(their_loss),
    "grad": float(np.abs(grad - their_grad).max()), "grad_scale": float(np.abs(their_grad).max()),
}))
"""
)

FIT = (
    DATA
    + """
from scipy.sparse import hstack
from sklearn.linear_model import LogisticRegression
from bot.components.logistic_fit import fit_multinomial
results = {}
for max_iter in (5, 100):
    fit = fit_multinomial(sparse, dense, labels, c=1.0, max_iter=max_iter)
    X = hstack([sparse, dense]).tocsr()
    reference = LogisticRegression(
        solver="lbfgs", class_weight="balanced", C=1.0, max_iter=max_iter, tol=1e-4
    ).fit(X, labels)
    results[max_iter] = {
        "classes": fit.classes.tolist() == reference.classes_.tolist(),
        "coef": float(np.abs(fit.coef - reference.coef_).max()),
        "intercept": float(np.abs(fit.intercept - reference.intercept_).max()),
        "iterations": [fit.iterations, int(reference.n_iter_[0])],
    }
print(json.dumps(results))
"""
)

COMPONENT = (
    DATA
    + """
import tempfile
from pathlib import Path
from scipy.sparse import hstack
from sklearn.linear_model import LogisticRegression
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import random as sparse_random
from bot.components.intent_classifier import LogisticRegressionIntentClassifier as Classifier

WORDS, CHARS = slice(0, 80), slice(80, n_sparse)

def message(row, intent=None, blocks=(WORDS, CHARS)):
    # As Rasa's featurizers leave it: per featurizer a sentence row and per-token rows.
    m = Message(data={"text": f"text {row}", **({"intent": intent} if intent else {})})
    for name, cols in zip(("words", "chars"), blocks):
        tokens = sparse_random(3, cols.stop - cols.start, density=0.3, random_state=row)
        m.add_features(Features(tokens.tocoo(), "sequence", "text", name))
        m.add_features(Features(sparse[row, cols].tocoo(), "sentence", "text", name))
    m.add_features(Features(dense[row : row + 1].astype(np.float32), "sentence", "text", "e5"))
    return m

storage = LocalModelStorage(Path(tempfile.mkdtemp()))
context = ExecutionContext(GraphSchema({}), node_name="intents")
resource = Resource("intents")
config = {**Classifier.get_default_config(), "C": 0.5}
trained = Classifier.create(config, storage, resource, context)
trained.train(TrainingData([message(i, label) for i, label in enumerate(labels)]))
loaded = Classifier.load(config, storage, resource, context)
reference = LogisticRegression(solver="lbfgs", class_weight="balanced", C=0.5).fit(
    hstack([sparse, dense.astype(np.float32)]).tocsr(), labels
)
# 40 messages as featurized, then two whose counts are missing or narrower (no tokens):
# classified on their sentence vector alone.
probe = [message(i) for i in range(40)] + [message(40, blocks=()), message(41, blocks=(WORDS,))]
loaded.process(probe)
counts = sparse[:42].tolil()
counts[40:] = 0
expected = reference.predict_proba(hstack([counts.tocsr(), dense[:42].astype(np.float32)]).tocsr())
ranked = [sorted(m.get("intent_ranking"), key=lambda r: r["name"]) for m in probe]
got = np.array([[r["confidence"] for r in ranking] for ranking in ranked])
best = [str(c) for c in reference.classes_[expected.argmax(axis=1)]]
print(json.dumps({
    "loaded": type(loaded.clf).__name__,
    "intents": [m.get("intent")["name"] for m in probe] == best,
    "proba": float(np.abs(got - expected).max()),
    # coef_.T a C-contiguous view: scipy multiplies without copying the weights.
    "column_major": [c.clf.coef_.T.flags["C_CONTIGUOUS"] for c in (trained, loaded)],
}))
"""
)


def test_objective_and_gradient_are_scikit_learns() -> None:
    found = run_in_rasa(OBJECTIVE, None)
    assert found["loss"] == pytest.approx(found["their_loss"], rel=1e-10)
    assert found["grad"] < 1e-9 * max(found["grad_scale"], 1.0)


def test_fit_is_scikit_learns_fit() -> None:
    """Stopped early (5 iterations) and run to convergence: the same model either way."""
    found = run_in_rasa(FIT, None)
    for max_iter, result in found.items():
        assert result["classes"], max_iter
        assert result["coef"] < 1e-6, (max_iter, result)
        assert result["intercept"] < 1e-6, (max_iter, result)
        assert result["iterations"][0] == result["iterations"][1], (max_iter, result)
    assert found["5"]["iterations"] == [5, 5]


def test_trained_component_saves_loads_and_predicts_as_scikit_learn() -> None:
    found = run_in_rasa(COMPONENT, None)
    assert found["loaded"] == "LogisticRegression"
    assert found["intents"]
    assert found["proba"] < 1e-6
    assert found["column_major"] == [True, True]
