"""Write sentiment/data/heldout/en.jsonl from en_heldout_handwritten.tsv.

Why a separate, template-free source: the held-out set measures how the model reads
customers it has not seen, so it is written by hand, apart from the training grammars,
in other voices and about other companies. This script only checks it (labels, duplicates)
and converts it; the order of lines is kept.

Run: .venv/bin/python sentiment/data/sources/en_heldout.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from en_generate import LABELS, key, read_tsv

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "en_heldout_handwritten.tsv"
OUT = HERE.parent / "heldout" / "en.jsonl"


def main() -> None:
    """Convert the hand-written held-out lines, refusing duplicates, and print label counts."""
    rows = read_tsv(SOURCE)
    keys = Counter(key(text) for _, text in rows)
    repeated = [k for k, n in keys.items() if n > 1]
    if repeated:
        raise ValueError(f"duplicate held-out lines: {repeated}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as f:
        for label, text in rows:
            f.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    counts = Counter(label for label, _ in rows)
    print(f"wrote {len(rows)} lines to {OUT}")
    for label in LABELS:
        print(f"  {label:9s} {counts[label]:5d}")


if __name__ == "__main__":
    main()
