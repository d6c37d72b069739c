"""Score a built sentiment model on every held-out set, through the real backend.

Prints accuracy, macro-F1 and calibration error per language for ``sentiment/data/heldout``,
``heldout2`` and ``heldout3``, and which way the errors go (gold->predicted counts), so a
model can be judged, and the next training data chosen, without reading held-out sentences.
Also prints the CPU time it took: comments per CPU-second is what idle cores would give.

    .venv/bin/python benchmarks/sentiment_heldout.py [--model var/models/sentiment]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from sentiment import TransformersAnalyzer
from sentiment.build.dataset import LANGUAGES, load_heldout_sets
from sentiment.build.metrics import confusion_by_language, format_confusion, per_language

DEFAULT_MODEL = Path("var/models/sentiment")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--threads", type=int, default=2, help="torch threads")
    args = parser.parse_args()

    analyzer = TransformersAnalyzer(args.model, languages=LANGUAGES, batch_size=32, threads=2)
    analyzer.warm_up()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"model {args.model}; load average {load}")
    for split, examples in load_heldout_sets().items():
        wall, cpu = time.perf_counter(), time.process_time()
        results = analyzer.analyze_batch([(e.text, e.language) for e in examples])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        languages = [e.language for e in examples]
        gold = [e.label for e in examples]
        predicted = [str(r.label) for r in results]
        figures = per_language(languages, gold, predicted, [r.confidence for r in results])
        confusion = confusion_by_language(languages, gold, predicted)
        print(
            f"{split}: {len(examples)} comments, {len(examples) / wall:.1f}/s wall, "
            f"{len(examples) / cpu:.1f} per CPU-second"
        )
        for language, row in figures.items():
            print(
                f"  {language}: n {row['n']:4.0f}  acc {row['accuracy']:.3f}  "
                f"macro-F1 {row['macro_f1']:.3f}  ECE {row['ece']:.3f}  "
                f"errors {format_confusion(confusion[language])}"
            )


if __name__ == "__main__":
    main()
