"""Multinomial logistic regression fitted on sparse counts and dense sentence vectors kept apart.

Why: the intent classifier's regression was the slowest single-threaded step of training
(docs/nlu.md, "Training time"). scikit-learn fits it on one sparse matrix, so the 384 dense
e5 columns of every message are stored and multiplied as sparse entries: four fifths of the
matrix's non-zeros, multiplied by scipy's single-threaded sparse kernels, twice per step.
Here the counts stay a CSR matrix and the sentence vectors a dense array (BLAS, every core),
and the loss and gradient are a few array operations instead of scikit-learn's general
machinery.

The model is the one scikit-learn 1.1 fits for Rasa's ``LogisticRegressionClassifier``
(``solver="lbfgs"``, ``class_weight="balanced"``, multinomial, intercept not penalised): the
same objective (the class-weighted sum of the softmax losses plus ``||W||^2 / (2C)``), the
same L-BFGS-B call with the same tolerance and iteration limit, from the same zero start, and
the coefficients in the same order, so the optimiser takes the same steps up to rounding.
``tests/nlu/test_logistic_fit.py`` holds the objective and gradient to scikit-learn's and
the fitted model to scikit-learn's fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize
from scipy.sparse import csr_matrix


@dataclass(frozen=True)
class MultinomialFit:
    """What scikit-learn's ``LogisticRegression`` would hold after ``fit``."""

    classes: np.ndarray
    """The labels, sorted (as ``LabelEncoder`` orders them)."""
    coef: np.ndarray
    """``(n_classes, n_sparse + n_dense)``: the counts' columns first, then the vector's."""
    intercept: np.ndarray
    iterations: int
    converged: bool


class MultinomialObjective:
    """The class-weighted softmax loss and its gradient over ``[sparse | dense]`` features.

    The parameter vector is ``(n_features + 1, n_classes)`` raveled in C order (one feature's
    classes next to each other, the intercepts last): scikit-learn's layout.
    """

    def __init__(
        self,
        sparse: csr_matrix,
        dense: np.ndarray,
        targets: np.ndarray,
        sample_weight: np.ndarray,
        n_classes: int,
        l2: float,
    ) -> None:
        self.sparse = sparse.tocsr()
        self.sparse_t = self.sparse.T.tocsr()
        self.dense = np.ascontiguousarray(dense, dtype=np.float64)
        self.n_sparse = sparse.shape[1]
        self.n_features = self.n_sparse + self.dense.shape[1]
        self.n_classes = n_classes
        self.l2 = l2
        self.sample_weight = sample_weight
        self.rows = np.arange(sparse.shape[0])
        self.targets = targets

    def __call__(self, parameters: np.ndarray) -> tuple[float, np.ndarray]:
        """``(loss, gradient)`` at ``parameters``, for ``scipy.optimize.minimize(jac=True)``."""
        w = parameters.reshape(self.n_features + 1, self.n_classes)
        w_sparse, w_dense, intercept = w[: self.n_sparse], w[self.n_sparse : -1], w[-1]
        raw = self.sparse @ w_sparse
        raw += self.dense @ w_dense
        raw += intercept
        top = raw.max(axis=1, keepdims=True)
        exp = np.exp(raw - top)
        total = exp.sum(axis=1, keepdims=True)
        log_norm = np.log(total[:, 0]) + top[:, 0]
        loss = float(np.dot(self.sample_weight, log_norm - raw[self.rows, self.targets]))
        weights = w[:-1]
        loss += 0.5 * self.l2 * float(np.vdot(weights, weights))
        # d loss / d raw: the softmax minus the one-hot target, weighted per sample.
        residual = exp / total
        residual[self.rows, self.targets] -= 1.0
        residual *= self.sample_weight[:, None]
        gradient = np.empty_like(w)
        gradient[: self.n_sparse] = self.sparse_t @ residual
        gradient[self.n_sparse : -1] = self.dense.T @ residual
        gradient[:-1] += self.l2 * weights
        gradient[-1] = residual.sum(axis=0)
        return loss, gradient.ravel()


def balanced_weights(targets: np.ndarray, n_classes: int) -> np.ndarray:
    """scikit-learn's ``class_weight="balanced"``: ``n / (n_classes * count)`` per sample."""
    counts = np.bincount(targets, minlength=n_classes)
    return (len(targets) / (n_classes * counts))[targets]


def fit_multinomial(
    sparse: csr_matrix,
    dense: np.ndarray,
    labels: list[str],
    *,
    c: float = 1.0,
    max_iter: int = 100,
    tol: float = 1e-4,
) -> MultinomialFit:
    """Fit the classifier; ``sparse`` and ``dense`` have one row per label."""
    classes, targets = np.unique(np.asarray(labels, dtype=object), return_inverse=True)
    if len(classes) < 2:
        raise ValueError(f"need at least two intents to train on, got {len(classes)}")
    objective = MultinomialObjective(
        sparse,
        dense,
        targets,
        balanced_weights(targets, len(classes)),
        len(classes),
        1.0 / c,
    )
    start = np.zeros((objective.n_features + 1) * len(classes))
    result = optimize.minimize(
        objective,
        start,
        method="L-BFGS-B",
        jac=True,
        options={"iprint": -1, "gtol": tol, "maxiter": max_iter},
    )
    w = result.x.reshape(objective.n_features + 1, len(classes))
    return MultinomialFit(
        classes=np.asarray(classes.tolist()),
        coef=np.ascontiguousarray(w[:-1].T),
        intercept=w[-1].copy(),
        iterations=int(result.nit),
        converged=bool(result.success),
    )
