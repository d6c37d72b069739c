"""Write the Armenian (hy) held-out sentiment set: sentiment/data/heldout/hy.jsonl.

Why a script: the held-out messages are written by hand in hy_sentiment_heldout.txt (apart
from the training phrases, in other voices); this only turns them into JSON Lines and refuses
to write a set that shares a sentence with the training file, which would inflate the figures.

    python sentiment/data/sources/hy_sentiment_heldout.py
"""

from __future__ import annotations

import json
from pathlib import Path

from hy_sentiment_train import LABELS, load_sections, normalised
from hy_sentiment_train import OUTPUT as TRAIN

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "hy_sentiment_heldout.txt"
OUTPUT = HERE.parent / "heldout" / "hy.jsonl"


def main() -> None:
    sections = load_sections(SOURCE)
    train_keys = {
        normalised(json.loads(line)["text"])
        for line in TRAIN.read_text(encoding="utf-8").splitlines()
    }
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for label in LABELS:
        for text in sections[label]:
            key = normalised(text)
            if key in train_keys:
                raise SystemExit(f"also in the training set: {text}")
            if key in seen:
                raise SystemExit(f"written twice: {text}")
            seen.add(key)
            rows.append({"text": text, "label": label})
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = {label: sum(row["label"] == label for row in rows) for label in LABELS}
    print(f"{OUTPUT}: {len(rows)} rows {counts}")


if __name__ == "__main__":
    main()
