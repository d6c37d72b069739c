"""Hand-written extra training lines (``<lang>_train_extra.tsv``), shared by the generators.

Why a separate file per language: the generators build messages from fragments and phrase
lists; whole hand-written sentences in the voices those cannot produce (sarcasm, mixed
feelings, complaints without sentiment words, short replies, Latin letters, English shop
words) are easier to review as plain ``label<TAB>text`` lines. Each generator appends them
after its own rows, so adding a line never reshuffles what the generator writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository, when a generator runs as a script

from sentiment.build.dataset import dedup_key as heldout_key  # noqa: E402

__all__ = ["HERE", "LABELS", "append_extra", "heldout_key", "heldout_keys", "read_extra"]

LABELS = ("negative", "neutral", "positive")


def read_extra(language: str) -> list[tuple[str, str]]:
    """``(text, label)`` pairs from ``<language>_train_extra.tsv``; ``#`` lines are notes."""
    pairs: list[tuple[str, str]] = []
    path = HERE / f"{language}_train_extra.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, _, text = line.partition("\t")
        if label not in LABELS or not text.strip():
            raise ValueError(f"{path}:{number}: expected label<TAB>text, got {line!r}")
        pairs.append((text.strip(), label))
    return pairs


def append_extra(rows: list[dict[str, str]], language: str) -> list[dict[str, str]]:
    """``rows`` followed by the extra lines whose text is not already among them."""
    seen = {row["text"] for row in rows}
    extra = []
    for text, label in read_extra(language):
        if text not in seen:
            seen.add(text)
            extra.append({"text": text, "label": label})
    return rows + extra


def heldout_keys() -> set[str]:
    """The keys of every held-out sentence, of every language (``../heldout*/*.jsonl``): a
    Latin-letter "ok" in a Georgian file is the English held-out "ok" as well.

    Why: a held-out set written later may hold a short reply the training data also has
    ("ok", "useless", "არ მომეწონა": `heldout5` shares thirty). The build drops such lines
    from train anyway; the generators leave them out of the file too, after generating, so
    that what they generate does not change and the file holds what is trained on.
    """
    keys: set[str] = set()
    for path in sorted(HERE.parent.glob("heldout*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                keys.add(heldout_key(json.loads(line)["text"]))
    return keys
