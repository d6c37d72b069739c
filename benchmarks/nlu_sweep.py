"""Sweep the intent classifier's settings and the fallback threshold (not part of the tests).

Runs in Rasa's virtualenv, with the pipeline's own pieces: our WordTokenizer, our
LatinLettersReader and the CountVectorsFeaturizers of ``--config`` (config.yml; fitted
per fold), our E5Featurizer (embedded once for all texts, then scaled) and our
LogisticRegressionIntentClassifier's feature layout (sparse counts, then the dense sentence
vector). Only the RegexFeaturizer
is left out (two regexes; they matter for entities, not intents). So one e5 pass serves
every setting, and a setting costs a few logistic-regression fits instead of a Rasa
cross-validation each.

For each setting (``--scales`` x ``--cs``) it prints stratified k-fold accuracy over
bot/data/nlu, and, per fallback threshold, the share of in-scope messages rejected
(``nlu_fallback`` or ``out_of_scope``) and of out-of-scope messages answered as a topic.
With ``--heldout`` files it also trains on all the data and prints the same for each file
(per intent with ``--per-intent``).

    .venv-rasa/bin/python benchmarks/nlu_sweep.py --scales 10 20 40 --cs 0.5 1 2
    .venv-rasa/bin/python benchmarks/nlu_sweep.py --scales 20 --cs 1 \\
        --heldout tests/nlu/en_heldout.yml --per-intent
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (  # noqa: E402
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402
from scipy.sparse import csr_matrix, vstack  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from bot.components.e5_featurizer import (  # noqa: E402
    CHECKSUM_FILE,
    TEXT_VERSION,
    E5Featurizer,
    encoder_path,
)
from bot.components.latin_letters import LatinLettersReader  # noqa: E402
from bot.components.logistic_fit import fit_multinomial  # noqa: E402
from bot.components.tokenizer import WordTokenizer  # noqa: E402

REJECTED = {"out_of_scope", "nlu_fallback"}
THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
AMBIGUITY = 0.05
CACHE = Path(tempfile.gettempdir()) / "closedloop-nlu-sweep"


def _examples(path: Path) -> list[tuple[str, str]]:
    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples if m.get("text")]


def _read_cache(path: Path) -> tuple[list[str], np.ndarray]:
    if not path.is_file():
        return [], np.zeros((0, 384), dtype=np.float32)
    with np.load(path) as data:
        return [str(text) for text in data["texts"]], data["vectors"]


def _embed(texts: list[str]) -> np.ndarray:
    """Unscaled e5 vectors, cached on disk per text (edits to the data re-embed only those).

    Texts and vectors are one file, replaced whole (``os.replace``): several engineers run
    this at once on one machine, and with two files a run could read one file's new
    version with the other's old one and pair texts with other texts' vectors. At worst
    concurrent runs now drop each other's additions, which are embedded again next time.
    """
    CACHE.mkdir(exist_ok=True)
    # One cache per encoder build and what it reads: either change gives other vectors.
    checksums = (encoder_path() / CHECKSUM_FILE).read_bytes() + TEXT_VERSION.encode()
    built = hashlib.sha256(checksums).hexdigest()[:16]
    path = CACHE / f"e5-{built}.npz"
    known, vectors = _read_cache(path)
    row = {text: i for i, text in enumerate(known)}
    missing = sorted({t for t in texts if t not in row})
    if missing:
        config = {**E5Featurizer.get_default_config(), "scale": 1.0}
        featurizer = E5Featurizer(config, "e5")
        batch = int(config["batch_size"])  # the training's batches: same CPU cost per text
        new = np.vstack(
            [featurizer.embed(missing[i : i + batch]) for i in range(0, len(missing), batch)]
        ).astype(np.float32)
        for text in missing:
            row[text] = len(known)
            known.append(text)
        vectors = np.vstack([vectors, new])
        fd, tmp = tempfile.mkstemp(dir=CACHE, suffix=".npz")
        with os.fdopen(fd, "wb") as out:
            np.savez(out, texts=np.array(known, dtype=str), vectors=vectors)
        os.replace(tmp, path)
    return vectors[[row[t] for t in texts]]


def _pipeline(config: Path) -> list[dict]:
    """The ``pipeline:`` steps of a Rasa config file."""
    return list(yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"])


def classifier_max_iter(config: Path) -> int:
    """The L-BFGS steps ``config``'s intent classifier takes (Rasa's default: 100)."""
    for step in _pipeline(config):
        if step["name"].endswith("LogisticRegressionIntentClassifier"):
            return int(step.get("max_iter", 100))
    return 100


def count_configs(config: Path) -> list[dict]:
    """The options of each CountVectorsFeaturizer in ``config``'s pipeline, in order."""
    pipeline = _pipeline(config)
    return [
        {k: v for k, v in step.items() if k != "name"}
        for step in pipeline
        if step["name"] == "CountVectorsFeaturizer"
    ]


class Counts:
    """The sparse half of the pipeline (tokenizer, Latin-letter Georgian reader and the
    CountVectorsFeaturizers of config.yml)."""

    def __init__(self, storage_dir: Path, configs: list[dict]) -> None:
        storage_dir.mkdir(parents=True, exist_ok=True)
        storage = LocalModelStorage(storage_dir)
        context = ExecutionContext(GraphSchema({}), node_name="sweep")
        self.tokenizer = WordTokenizer(WordTokenizer.get_default_config())
        self.latin_letters = LatinLettersReader.create({}, storage, Resource("latin"), context)
        self.featurizers = [
            CountVectorsFeaturizer.create(
                {**CountVectorsFeaturizer.get_default_config(), **extra},
                storage,
                Resource(f"cvf{i}"),
                context,
            )
            for i, extra in enumerate(configs)
        ]

    def _messages(self, texts: list[str], intents: list[str] | None) -> list[Message]:
        messages = [
            Message(data={"text": t, **({"intent": i} if intents else {})})
            for t, i in zip(texts, intents or [None] * len(texts), strict=True)
        ]
        self.tokenizer.process(messages)
        return messages

    def fit(self, texts: list[str], intents: list[str]) -> None:
        data = TrainingData(self._messages(texts, intents))
        self.latin_letters.train(data)
        self.latin_letters.process_training_data(data)
        for featurizer in self.featurizers:
            featurizer.train(data)

    def transform(self, texts: list[str]) -> csr_matrix:
        messages = self.latin_letters.process(self._messages(texts, None))
        for featurizer in self.featurizers:
            featurizer.process(messages)
        rows = []
        for message in messages:
            sparse = message.get_sparse_features("text")[1]
            rows.append(csr_matrix(sparse.features))
        return vstack(rows).tocsr()


def _decide(
    probas: np.ndarray, classes: np.ndarray, threshold: float, ambiguity: float = AMBIGUITY
) -> list[str]:
    """The FallbackClassifier's rule: below ``threshold``, or top-2 within ``ambiguity``."""
    order = np.argsort(-probas, axis=1)
    out = []
    for row, idx in zip(probas, order, strict=True):
        top, second = row[idx[0]], row[idx[1]]
        if threshold > 0 and (top < threshold or top - second < ambiguity):
            out.append("nlu_fallback")
        else:
            out.append(str(classes[idx[0]]))
    return out


def _rates(truth: list[str], predicted: list[str]) -> tuple[float, float, float]:
    """(accuracy, in-scope rejected, out-of-scope accepted) -- rejecting OOS counts right."""
    right = sum(
        (p in REJECTED) if t == "out_of_scope" else (p == t)
        for t, p in zip(truth, predicted, strict=True)
    )
    in_scope = [p for t, p in zip(truth, predicted, strict=True) if t != "out_of_scope"]
    oos = [p for t, p in zip(truth, predicted, strict=True) if t == "out_of_scope"]
    rejected = sum(p in REJECTED for p in in_scope) / max(len(in_scope), 1)
    accepted = sum(p not in REJECTED for p in oos) / max(len(oos), 1)
    return right / len(truth), rejected, accepted


class _Model:
    """The intent classifier as training fits it (``bot.components.logistic_fit``)."""

    def __init__(
        self, sparse: csr_matrix, dense: np.ndarray, labels: list[str], c: float, max_iter: int
    ) -> None:
        self.fit = fit_multinomial(sparse, dense, labels, c=c, max_iter=max_iter)
        self.classes_ = self.fit.classes

    def predict_proba(self, sparse: csr_matrix, dense: np.ndarray) -> np.ndarray:
        width = sparse.shape[1]
        raw = sparse @ self.fit.coef[:, :width].T + dense @ self.fit.coef[:, width:].T
        raw += self.fit.intercept - raw.max(axis=1, keepdims=True)
        exp = np.exp(raw)
        return exp / exp.sum(axis=1, keepdims=True)


def _table(
    name: str,
    truth: list[str],
    probas: np.ndarray,
    classes: np.ndarray,
    ambiguities: tuple[float, ...] = (AMBIGUITY,),
) -> None:
    print(f"  {name}: n={len(truth)}")
    print("    threshold  ambiguity  accuracy  in-scope rejected  out-of-scope accepted")
    for ambiguity in ambiguities:
        for threshold in THRESHOLDS:
            acc, rej, acc_oos = _rates(truth, _decide(probas, classes, threshold, ambiguity))
            print(
                f"    {threshold:9.2f}  {ambiguity:9.2f}  {acc:8.3f}  {rej:17.3f}  {acc_oos:21.3f}"
            )


def _per_intent(truth: list[str], predicted: list[str]) -> None:
    total: Counter[str] = Counter(truth)
    right: Counter[str] = Counter()
    confusions: dict[str, Counter[str]] = defaultdict(Counter)
    for t, p in zip(truth, predicted, strict=True):
        if (p in REJECTED) if t == "out_of_scope" else (p == t):
            right[t] += 1
        else:
            confusions[t][p] += 1
    for intent in sorted(total, key=lambda i: right[i] / total[i]):
        worst = ", ".join(f"{p} {n}" for p, n in confusions[intent].most_common(3))
        print(f"    {intent:26s} {right[intent]:3d}/{total[intent]:3d}  {worst}")


def language(text: str) -> str:
    """The language of a message, by its script (the bot's four languages)."""
    for char in text:
        if "\u10a0" <= char <= "\u10ff":
            return "ka"
        if "\u0530" <= char <= "\u058f":
            return "hy"
        if "\u1200" <= char <= "\u139f":
            return "am"
    return "en"


def _by_language(texts: list[str], truth: list[str], predicted: list[str]) -> None:
    langs = [language(t) for t in texts]
    for lang in sorted(set(langs)):
        rows = [(t, p) for t, p, g in zip(truth, predicted, langs, strict=True) if g == lang]
        acc, rej, acc_oos = _rates([t for t, _ in rows], [p for _, p in rows])
        print(
            f"    {lang}: n={len(rows)} accuracy {acc:.3f}, in-scope rejected {rej:.3f}, "
            f"out-of-scope accepted {acc_oos:.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nlu", type=Path, default=ROOT / "bot" / "data" / "nlu")
    parser.add_argument(
        "--config", type=Path, default=ROOT / "config.yml", help="whose count featurizers to use"
    )
    parser.add_argument("--scales", type=float, nargs="+", default=[20.0])
    parser.add_argument("--cs", type=float, nargs="+", default=[1.0])
    parser.add_argument(
        "--max-iter", type=int, default=None, help="default: --config's classifier's max_iter"
    )
    parser.add_argument("--folds", type=int, default=3, help="0: no cross-validation")
    parser.add_argument("--heldout", type=Path, nargs="*", default=[])
    parser.add_argument("--threshold", type=float, default=0.4, help="for --per-intent")
    parser.add_argument("--per-intent", action="store_true")
    parser.add_argument(
        "--ambiguities",
        type=float,
        nargs="+",
        default=[AMBIGUITY],
        help="FallbackClassifier ambiguity thresholds to tabulate",
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    counts_config = count_configs(args.config)
    if args.max_iter is None:
        args.max_iter = classifier_max_iter(args.config)
    train = _examples(args.nlu)
    texts = [t for t, _ in train]
    intents = [i for _, i in train]
    e5 = _embed(texts)
    held = {p.name: _examples(p) for p in args.heldout}
    held_e5 = {name: _embed([t for t, _ in ex]) for name, ex in held.items()}
    print(
        f"{len(texts)} examples, {len(set(intents))} intents, e5 ready after "
        f"{time.monotonic() - started:.0f} s",
        flush=True,
    )
    settings = [(scale, c) for scale in args.scales for c in args.cs]
    classes = np.array(sorted(set(intents)))
    cv: dict[tuple[float, float], np.ndarray] = {
        s: np.zeros((len(texts), len(classes))) for s in settings
    }
    with tempfile.TemporaryDirectory() as tmp:
        if args.folds:
            folds = StratifiedKFold(args.folds, shuffle=True, random_state=7)
            for k, (tr, te) in enumerate(folds.split(texts, intents)):
                counts = Counts(Path(tmp) / f"fold{k}", counts_config)
                counts.fit([texts[i] for i in tr], [intents[i] for i in tr])
                sparse_tr = counts.transform([texts[i] for i in tr])
                sparse_te = counts.transform([texts[i] for i in te])
                for scale, c in settings:
                    fit_started = time.monotonic()
                    model = _Model(
                        sparse_tr, e5[tr] * scale, [intents[i] for i in tr], c, args.max_iter
                    )
                    p = model.predict_proba(sparse_te, e5[te] * scale)
                    cols = np.searchsorted(classes, model.classes_)
                    cv[(scale, c)][np.ix_(te, cols)] = p
                    print(
                        f"  fold {k}, scale {scale:g}, C {c:g}: fitted in "
                        f"{time.monotonic() - fit_started:.0f} s",
                        flush=True,
                    )
        if held:
            counts = Counts(Path(tmp) / "all", counts_config)
            counts.fit(texts, intents)
            sparse_all = counts.transform(texts)
            sparse_held = {n: counts.transform([t for t, _ in ex]) for n, ex in held.items()}
        for scale, c in settings:
            print(f"\nscale {scale:g}, C {c:g}")
            if args.folds:
                probas = cv[(scale, c)]
                _table(
                    f"{args.folds}-fold cross-validation",
                    intents,
                    probas,
                    classes,
                    tuple(args.ambiguities),
                )
                decided = _decide(probas, classes, args.threshold)
                _by_language(texts, intents, decided)
                if args.per_intent:
                    _per_intent(intents, decided)
            if not held:
                continue
            fit_started = time.monotonic()
            model = _Model(sparse_all, e5 * scale, intents, c, args.max_iter)
            print(
                f"\ntrained on all data: {model.fit.iterations} iterations "
                f"({'converged' if model.fit.converged else 'stopped at --max-iter'}), "
                f"{time.monotonic() - fit_started:.1f} s"
            )
            for name, examples in held.items():
                h_truth = [i for _, i in examples]
                p = model.predict_proba(sparse_held[name], held_e5[name] * scale)
                _table(name, h_truth, p, model.classes_, tuple(args.ambiguities))
                if args.per_intent:
                    _per_intent(h_truth, _decide(p, model.classes_, args.threshold))
    print(f"\nwall time {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
