"""Write sentiment/data/train/en.jsonl from our hand-written lines plus two grammars.

Why: the English classifier needs thousands of varied, balanced examples in the voices
customers really use (posts to a company's @handle, survey "why?" answers, support chats,
reviews). Hand-written lines (en_train_handwritten.tsv) carry the most natural phrasing;
the grammars (en_grammar.py, en_grammar_feedback.py) add scale. Surface noise that real
messages have (lower case, ALL CAPS, abbreviations, typos, links) is added at modest rates.
Deterministic: one fixed seed, sorted inputs, so the committed .jsonl can be rebuilt exactly.

Run: .venv/bin/python sentiment/data/sources/en_generate.py
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import en_grammar  # noqa: E402
import en_grammar_feedback  # noqa: E402
from extra_lines import heldout_key  # noqa: E402
from extra_lines import heldout_keys as every_heldout_key  # noqa: E402

SEED = 20261201
LABELS = ("negative", "neutral", "positive")
PER_LABEL = 1400  # total examples per label, hand-written lines included
SOCIAL_SHARE = 0.4  # share of generated lines in the @company social-media voice
OUT = HERE.parent / "train" / "en.jsonl"
HANDWRITTEN = HERE / "en_train_handwritten.tsv"
HELDOUT_SOURCE = HERE / "en_heldout_handwritten.tsv"

GRAMMAR: dict[str, list[str]] = {**en_grammar.G, **en_grammar_feedback.G}
SYMBOL = re.compile(r"\{(\w+)\}")

ABBREVIATIONS = [
    (r"\bplease\b", "pls"),
    (r"\byou\b(?!')", "u"),
    (r"\bthanks\b", "thx"),
    (r"\bhours\b", "hrs"),
    (r"\bminutes\b", "mins"),
    (r"\btomorrow\b", "tmrw"),
    (r"\bbecause\b", "bc"),
    (r"\byour\b", "ur"),
    (r"\bpeople\b", "ppl"),
    (r"\bthank you\b", "ty"),
    (r"\bwith\b", "w/"),
    (r"\bseriously\b", "srsly"),
    (r"\bmessage\b", "msg"),
    (r"\bare\b", "r"),
]


def expand(symbol: str, rng: random.Random, depth: int = 0) -> str:
    """Pick one alternative of a symbol and expand the symbols inside it, recursively."""
    if depth > 12:
        raise RecursionError(f"grammar too deep at {symbol}")
    alternative = rng.choice(GRAMMAR[symbol])
    return SYMBOL.sub(lambda m: expand(m.group(1), rng, depth + 1), alternative)


def tidy(text: str) -> str:
    """Repair the spacing and punctuation left by empty or adjacent fragments."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([.,!?])", r"\1", text)
    text = re.sub(r"([.,])\s*\.", r"\1", text)
    text = re.sub(r"\?\.", "?", text)
    text = re.sub(r"!\.", "!", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"(@\w+) \1\b", r"\1", text)
    return text.strip(" ,")


def typo(word: str, rng: random.Random) -> str:
    """One keyboard-style slip: swapped, dropped or doubled letter."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def add_noise(text: str, social: bool, rng: random.Random) -> str:
    """Give a generated line the surface habits of real messages, at modest rates."""
    if social and rng.random() < 0.35 or not social and rng.random() < 0.08:
        for pattern, short in ABBREVIATIONS:
            if rng.random() < 0.5:
                text = re.sub(pattern, short, text)
    if rng.random() < 0.07:
        words = text.split(" ")
        candidates = [k for k, w in enumerate(words) if w.isalpha() and len(w) >= 5]
        if candidates:
            k = rng.choice(candidates)
            words[k] = typo(words[k], rng)
            text = " ".join(words)
    roll = rng.random()
    if roll < 0.035:
        text = " ".join(
            w if w.startswith(("@", "#", "http")) else w.upper() for w in text.split(" ")
        )
    elif roll < 0.30:
        text = " ".join(w if w.startswith(("@", "#")) else w.lower() for w in text.split(" "))
    elif not social or rng.random() < 0.4:
        first = next((k for k, w in enumerate(text.split(" ")) if not w.startswith("@")), None)
        if first is not None:
            words = text.split(" ")
            words[first] = words[first][:1].upper() + words[first][1:]
            text = " ".join(words)
    if social and rng.random() < 0.04:
        slug = "".join(
            rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
            for _ in range(10)
        )
        text += f" https://t.co/{slug}"
    if rng.random() < 0.05 and text[-1:] in "?!":
        text += text[-1] * rng.randrange(1, 3)
    return text


def key(text: str) -> str:
    """Duplicate key: letters and digits only, so case and punctuation variants count as one."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def read_tsv(path: Path) -> list[tuple[str, str]]:
    """Read label<TAB>text lines; '#' lines and blanks are comments."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, _, text = line.partition("\t")
        if label not in LABELS or not text.strip():
            raise ValueError(f"{path.name}:{n}: bad line {line!r}")
        rows.append((label, text.strip()))
    return rows


def main() -> None:
    """Build the balanced training file and print its label counts."""
    rng = random.Random(SEED)
    heldout_keys = (
        {key(t) for _, t in read_tsv(HELDOUT_SOURCE)} if HELDOUT_SOURCE.exists() else set()
    )
    seen: set[str] = set(heldout_keys)
    rows: list[tuple[str, str, str]] = []
    counts: Counter[str] = Counter()
    for label, text in read_tsv(HANDWRITTEN):
        if key(text) not in seen:
            seen.add(key(text))
            rows.append((label, text, "hand"))
            counts[label] += 1
    for label in LABELS:
        social_symbols = en_grammar.TOP[label]
        other_symbols = en_grammar_feedback.TOP[label]
        attempts = 0
        while counts[label] < PER_LABEL:
            attempts += 1
            if attempts > PER_LABEL * 200:
                raise RuntimeError(f"grammar for {label} cannot give {PER_LABEL} unique lines")
            social = rng.random() < SOCIAL_SHARE
            symbol = rng.choice(social_symbols if social else other_symbols)
            text = add_noise(tidy(expand(symbol, rng)), social, rng)
            if key(text) in seen or len(key(text)) < 2:
                continue
            seen.add(key(text))
            rows.append((label, text, "social" if social else "other"))
            counts[label] += 1
    rng.shuffle(rows)
    held_out = every_heldout_key()  # after generating: what is generated does not change
    rows = [row for row in rows if heldout_key(row[1]) not in held_out]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as f:
        for label, text, _ in rows:
            f.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    origin = Counter((label, source) for label, _, source in rows)
    print(f"wrote {len(rows)} lines to {OUT}")
    for label in LABELS:
        parts = ", ".join(f"{s}={origin[(label, s)]}" for s in ("hand", "social", "other"))
        print(f"  {label:9s} {counts[label]:5d}  ({parts})")


if __name__ == "__main__":
    main()
