"""Score a built sentiment model on every held-out set, through the real backend.

Prints accuracy, macro-F1 and calibration error per language for ``sentiment/data/heldout``,
``heldout2`` and ``heldout3``, and which way the errors go (gold->predicted counts), so a
model can be judged, and the next training data chosen, without reading held-out sentences.
``--by-kind`` adds the errors per kind of comment (typed in Latin letters, English words in
native script, questions, short or long, digits, emoji) for the same reason.
Also prints the CPU time it took: comments per CPU-second is what idle cores would give.
Results pass the negative-cue guard (:mod:`sentiment.cues`) as in the service, and each set
says how many the guard changed; ``--no-cues`` scores the model alone.

    .venv/bin/python benchmarks/sentiment_heldout.py [--model var/models/sentiment] [--by-kind]
        [--no-cues]
"""

from __future__ import annotations

import argparse
import os
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from sentiment import SentimentAnalyzer, TransformersAnalyzer, detect_language
from sentiment.build.dataset import LANGUAGES, load_heldout_sets
from sentiment.build.metrics import confusion_by_language, format_confusion, per_language
from sentiment.cues import CueGuardedChain

DEFAULT_MODEL = Path("var/models/sentiment")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
KINDS: dict[str, Callable[[str, str], bool]] = {
    "latin letters": lambda text, language: (
        language != "en" and detect_language(text, default="en") != language
    ),
    "english words": lambda text, language: (
        language != "en"
        and detect_language(text, default="en") == language
        and bool(LATIN_WORD.search(text))
    ),
    "question": lambda text, _language: "?" in text or "\u055e" in text,
    "short (<= 4 words)": lambda text, _language: len(text.split()) <= 4,
    "long (>= 15 words)": lambda text, _language: len(text.split()) >= 15,
    "digits": lambda text, _language: any(char.isdigit() for char in text),
    "emoji": lambda text, _language: any(unicodedata.category(char) == "So" for char in text),
}
"""Surface kinds of comment: which kinds the errors fall on, without printing a sentence."""


def print_by_kind(
    languages: list[str], texts: list[str], gold: list[str], predicted: list[str]
) -> None:
    """Per language, for each kind: comments of that kind, and how many were wrong."""
    for language in dict.fromkeys(languages):
        cells = []
        for kind, matches in KINDS.items():
            rows = [
                g == p
                for lang, text, g, p in zip(languages, texts, gold, predicted, strict=True)
                if lang == language and matches(text, language)
            ]
            if rows:
                cells.append(f"{kind} {rows.count(False)}/{len(rows)}")
        print(f"    {language} wrong by kind: {', '.join(cells)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--threads", type=int, default=2, help="torch threads")
    parser.add_argument("--by-kind", action="store_true", help="errors per kind of comment")
    parser.add_argument("--no-cues", action="store_true", help="the model without the guard")
    args = parser.parse_args()

    model = TransformersAnalyzer(
        args.model, languages=LANGUAGES, batch_size=32, threads=args.threads
    )
    analyzer: SentimentAnalyzer = model if args.no_cues else CueGuardedChain([model])
    analyzer.warm_up()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    guard = "without" if args.no_cues else "with"
    print(f"model {args.model}, {guard} the negative-cue guard; load average {load}")
    for split, examples in load_heldout_sets().items():
        wall, cpu = time.perf_counter(), time.process_time()
        results = analyzer.analyze_batch([(e.text, e.language) for e in examples])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        languages = [e.language for e in examples]
        gold = [e.label for e in examples]
        predicted = [str(r.label) for r in results]
        figures = per_language(languages, gold, predicted, [r.confidence for r in results])
        confusion = confusion_by_language(languages, gold, predicted)
        guarded = sum(result.backend.endswith("+cues") for result in results)
        print(
            f"{split}: {len(examples)} comments, {len(examples) / wall:.1f}/s wall, "
            f"{len(examples) / cpu:.1f} per CPU-second, {guarded} changed by the guard"
        )
        for language, row in figures.items():
            print(
                f"  {language}: n {row['n']:4.0f}  acc {row['accuracy']:.3f}  "
                f"macro-F1 {row['macro_f1']:.3f}  ECE {row['ece']:.3f}  "
                f"errors {format_confusion(confusion[language])}"
            )
        if args.by_kind:
            print_by_kind(languages, [e.text for e in examples], gold, predicted)


if __name__ == "__main__":
    main()
