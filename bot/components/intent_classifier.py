"""Rasa's LogisticRegressionClassifier, safe on messages without words.

Referenced from ``config.yml`` as
``bot.components.intent_classifier.LogisticRegressionIntentClassifier`` (Rasa 3.6).

Rasa's classifier stacks each message's sparse sentence features (word and character
counts) next to its dense ones (bot.components.e5_featurizer). A message with no token
at all -- "", "???", an emoji -- has no (or only part of its) sparse features, the row
comes out narrower than the model and the server answers HTTP 500. Here such a row's sparse
part is zeros of the width the model was trained with (it has no counts anyway), so such
a message is classified on its sentence embedding alone (and usually ends as
``nlu_fallback`` or ``out_of_scope``).

Rasa's version fixes the regularisation (sklearn's ``C=1``); here ``C`` is an option of the
component: how sure the model may get of what it has seen, which decides how far apart a
confident answer and an unsure one are, and so what the FallbackClassifier's threshold
means (docs/nlu.md, "The classifier and the fallback").

Training fits the same model as Rasa's (scikit-learn's ``fit``, to within rounding), with the
sparse counts and the dense sentence vectors kept apart (bot.components.logistic_fit): the
regression step of training took 44 s instead of 84 s on an idle machine (docs/nlu.md).

Also, Rasa's version overwrites the ``intent`` of every training example with its own
prediction (``process_training_data``); this one leaves the training data as it is, so the
order of the components after it does not matter.

And its weights are kept column-major (``_for_prediction``): scikit-learn's prediction
multiplies the message's row by ``coef_.T``, and scipy flattens that transposed matrix, a
copy of all of it (37 intents by ~30,000 features) for every message when it is stored
row-major: 2-3 ms of a 13 ms parse (docs/performance.md, "The encoder off the event loop").
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from bot.components.logistic_fit import fit_multinomial

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LogisticRegressionIntentClassifier(LogisticRegressionClassifier):
    """Logistic regression over sparse + dense sentence features, zero-filling gaps."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Rasa's defaults plus ``C``, the inverse regularisation strength."""
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        """Rasa's model, with the configured ``C``."""
        super().__init__(config, name, model_storage, resource)
        c = float(self.config.get("C", 1.0))
        if c <= 0:
            raise InvalidConfigException("LogisticRegressionIntentClassifier: `C` must be > 0.")
        self.clf.set_params(C=c)

    def _create_X(self, messages: list[Message]) -> csr_matrix:
        """Rasa's feature matrix (sparse counts, then the dense vector), as the model was fit."""
        sparse, dense = self._blocks(messages, getattr(self.clf, "n_features_in_", None))
        return _side_by_side(sparse, dense)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the training examples' sparse and dense features, kept apart (see above)."""
        examples = [e for e in training_data.intent_examples if e.get("intent") and e.get("text")]
        if not examples:
            return self._resource
        sparse, dense = self._blocks(examples)
        fit = fit_multinomial(
            sparse,
            dense,
            [e.get("intent") for e in examples],
            c=float(self.clf.C),
            max_iter=int(self.clf.max_iter),
            tol=float(self.clf.tol),
        )
        # What scikit-learn's fit leaves on the estimator, so prediction and persistence
        # (skops) are Rasa's, unchanged. "multinomial" also for two intents: the fit is.
        self.clf.set_params(multi_class="multinomial")
        self.clf.classes_ = fit.classes
        self.clf.coef_ = _for_prediction(fit.coef)
        self.clf.intercept_ = fit.intercept
        self.clf.n_iter_ = np.array([fit.iterations], dtype=np.int32)
        self.clf.n_features_in_ = fit.coef.shape[1]
        if not fit.converged:
            logger.debug("intent classifier: stopped after %d iterations", fit.iterations)
        self.persist()
        return self._resource

    @classmethod
    def load(cls, *args: Any, **kwargs: Any) -> LogisticRegressionClassifier:
        """Rasa's load, with the weights laid out for prediction (``_for_prediction``)."""
        component = super().load(*args, **kwargs)
        coef = getattr(component.clf, "coef_", None)
        if coef is not None:
            component.clf.coef_ = _for_prediction(coef)
        return component

    @staticmethod
    def _blocks(
        messages: list[Message], total_width: int | None = None
    ) -> tuple[csr_matrix, np.ndarray]:
        """The messages' sparse sentence features (CSR) and dense ones (an array), row-aligned.

        ``total_width`` is the trained model's (counts and vector together); without it the
        widths are the widest rows'. A row of another sparse width carries no counts: without
        tokens some sparse featurizers add nothing (RegexFeaturizer) and others zeros, so it
        is zero-filled, as is a message without a dense vector.

        The sentence features are read as Rasa's ``get_sparse_features`` and
        ``get_dense_features`` would combine them (in the featurizers' order, side by side),
        without also combining the per-token features nobody here uses, and the rows are laid
        into one CSR matrix at once: 2.2 ms a message before, 0.2 ms after, under cProfile
        (docs/performance.md, "Arrival and the classifier's rows").
        """
        rows = [_sentence_features(message) for message in messages]
        dense_rows = [
            np.concatenate([np.asarray(d).reshape(-1) for d in dense]) if dense else None
            for _, dense in rows
        ]
        dense_width = max((len(d) for d in dense_rows if d is not None), default=0)
        sparse_widths = [sum(block.shape[1] for block in sparse) for sparse, _ in rows]
        sparse_width = (
            total_width - dense_width if total_width is not None else max(sparse_widths, default=0)
        )
        data: list[np.ndarray] = []
        columns: list[np.ndarray] = []
        indptr = [0]
        for (sparse, _), width in zip(rows, sparse_widths, strict=True):
            stored = indptr[-1]
            if sparse and width == sparse_width:
                offset = 0
                for block in sparse:
                    coo = block.tocoo()
                    data.append(coo.data)
                    columns.append(coo.col + offset)
                    offset += block.shape[1]
                    stored += coo.nnz
            indptr.append(stored)
        matrix = csr_matrix(
            (
                np.concatenate(data).astype(np.float64) if data else np.zeros(0),
                np.concatenate(columns) if columns else np.zeros(0, dtype=np.int32),
                np.asarray(indptr),
            ),
            shape=(len(messages), sparse_width),
        )
        dense = np.zeros((len(messages), dense_width))
        for row, d in enumerate(dense_rows):
            if d is not None:
                dense[row] = d
        return matrix, dense

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leaves the training examples' intents alone (see the module docstring)."""
        return training_data


def _sentence_features(message: Message) -> tuple[list[Any], list[Any]]:
    """The message's sparse and dense sentence-level features of its text, in Rasa's order."""
    sparse: list[Any] = []
    dense: list[Any] = []
    for feature in message.features:
        if feature.attribute == TEXT and feature.type == FEATURE_TYPE_SENTENCE:
            (sparse if feature.is_sparse() else dense).append(feature.features)
    return sparse, dense


def _side_by_side(sparse: csr_matrix, dense: np.ndarray) -> csr_matrix:
    """``hstack([sparse, dense])`` as CSR, each row's counts then its vector, laid out at once.

    scipy's ``hstack`` goes through its general block assembly (``bmat``): 0.56 ms a message
    under cProfile, 0.13 ms laid out here (docs/performance.md).
    """
    rows, width = sparse.shape
    dense_width = dense.shape[1]
    dense_columns = np.arange(width, width + dense_width, dtype=sparse.indices.dtype)
    indptr = np.concatenate(([0], np.cumsum(np.diff(sparse.indptr) + dense_width)))
    indices = np.empty(indptr[-1], dtype=sparse.indices.dtype)
    data = np.empty(indptr[-1])
    for row in range(rows):
        first, last = sparse.indptr[row], sparse.indptr[row + 1]
        start, end = indptr[row], indptr[row + 1]
        middle = start + last - first
        indices[start:middle] = sparse.indices[first:last]
        data[start:middle] = sparse.data[first:last]
        indices[middle:end] = dense_columns
        data[middle:end] = dense[row]
    return csr_matrix((data, indices, indptr), shape=(rows, width + dense_width))


def _for_prediction(coef: np.ndarray) -> np.ndarray:
    """``coef`` column-major, so that ``coef.T`` is a C-contiguous view (module docstring)."""
    return np.asfortranarray(coef)
