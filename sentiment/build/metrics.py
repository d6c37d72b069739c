"""Accuracy, macro-F1 and calibration error, per language: the figures the model card shows."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sentiment.build.dataset import LABELS


def accuracy_and_macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """Accuracy and the unweighted mean of the per-class F1 over our three labels.

    Macro-F1 is what the external evaluation reports: it does not let a model look good by
    favouring the commonest class.
    """
    if not gold:
        return float("nan"), float("nan")
    pairs = list(zip(gold, predicted, strict=True))
    accuracy = sum(g == p for g, p in pairs) / len(pairs)
    f1s = []
    for label in LABELS:
        true_positive = sum(g == label and p == label for g, p in pairs)
        predicted_count = sum(p == label for _, p in pairs)
        gold_count = sum(g == label for g, _ in pairs)
        denominator = predicted_count + gold_count
        f1s.append(2 * true_positive / denominator if denominator else 0.0)
    return accuracy, sum(f1s) / len(f1s)


def expected_calibration_error(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    """ECE: |mean confidence - accuracy| over equal-width confidence bins, weighted by size.

    0 means "80% confident" is right 80% of the time, which is what a threshold on
    confidence (the follow-up rule) needs.
    """
    conf = np.asarray(confidence, dtype=np.float64)
    hits = np.asarray(correct, dtype=np.float64)
    if conf.size == 0:
        return float("nan")
    error = 0.0
    for low in range(bins):
        in_bin = (conf > low / bins) & (conf <= (low + 1) / bins)
        if in_bin.any():
            error += in_bin.mean() * abs(conf[in_bin].mean() - hits[in_bin].mean())
    return float(error)


def per_language(
    languages: Sequence[str],
    gold: Sequence[str],
    predicted: Sequence[str],
    confidence: Sequence[float] | None = None,
) -> dict[str, dict[str, float]]:
    """``{language: {n, accuracy, macro_f1[, ece]}}`` for every language present."""
    report: dict[str, dict[str, float]] = {}
    for language in dict.fromkeys(languages):
        rows = [i for i, lang in enumerate(languages) if lang == language]
        g = [gold[i] for i in rows]
        p = [predicted[i] for i in rows]
        accuracy, macro_f1 = accuracy_and_macro_f1(g, p)
        figures = {"n": len(rows), "accuracy": round(accuracy, 4), "macro_f1": round(macro_f1, 4)}
        if confidence is not None:
            c = [confidence[i] for i in rows]
            figures["ece"] = round(
                expected_calibration_error(c, [a == b for a, b in zip(g, p, strict=True)]), 4
            )
        report[language] = figures
    return report


def confusion_by_language(
    languages: Sequence[str], gold: Sequence[str], predicted: Sequence[str]
) -> dict[str, dict[str, dict[str, int]]]:
    """``{language: {gold label: {predicted label: count}}}``, every label present.

    Accuracy says how often the model is wrong; this says which way (a complaint read as
    neutral never opens a case, a question read as negative opens one for nothing), which
    is what decides the data to write next without reading the held-out sentences.
    """
    table = {
        language: {g: dict.fromkeys(LABELS, 0) for g in LABELS}
        for language in dict.fromkeys(languages)
    }
    for language, g, p in zip(languages, gold, predicted, strict=True):
        table[language][g][p] += 1
    return table


def format_confusion(table: dict[str, dict[str, int]]) -> str:
    """One line, ``gold->predicted`` counts off the diagonal: ``neg->neu 7, neu->pos 3``."""
    misses = [
        f"{g[:3]}->{p[:3]} {count}"
        for g, row in table.items()
        for p, count in row.items()
        if g != p and count
    ]
    return ", ".join(misses) or "none"
