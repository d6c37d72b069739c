"""Build sentiment/data/train/am.jsonl from the hand-written fragments in am_phrases.py.

Why this shape: an Amharic customer message is usually an optional greeting, one concrete
statement (the problem, the praise or the question) and an optional closing sentence; on
social media it is addressed to a handle and ends with an emoji or hashtag. Joining whole
sentences keeps verb agreement intact while giving each core statement several natural
surroundings. Fixed seed, so the committed file is reproducible:

    python sentiment/data/sources/am_generate.py
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import am_phrases as phrases
from extra_lines import heldout_key, heldout_keys, read_extra

SEED = 20261201
OUT = Path(__file__).resolve().parents[1] / "train" / "am.jsonl"

SLOTS = {
    "d": phrases.DAYS,
    "w": phrases.WEEKS,
    "h": phrases.HOURS,
    "m": phrases.MINUTES,
    "b": phrases.BIRR,
    "c": phrases.CITY,
    "o": phrases.ORDER_NO,
    "d2": ["2", "3", "ሁለት", "ሶስት"],
    "m2": ["15", "20", "25", "አስር"],
}


def fill(rng: random.Random, text: str) -> str:
    """Replace every {slot} with a random value; slots never change verb agreement."""
    for name, values in SLOTS.items():
        while "{" + name + "}" in text:
            text = text.replace("{" + name + "}", rng.choice(values), 1)
    return text


def loosen(rng: random.Random, text: str) -> str:
    """Drop the final full stop now and then: many customers type without it online."""
    if text.endswith("።") and rng.random() < 0.3:
        return text[:-1]
    return text


def variant(
    rng: random.Random,
    domain: str,
    core: str,
    openings: list[str],
    follows: list[str],
    emoji: list[str],
    tags: list[str],
) -> str:
    """One message around a core statement: chat, review or social-media post."""
    body = fill(rng, core)
    style = rng.random()
    if style < 0.25:
        handle = rng.choice(phrases.HANDLES[domain])
        extra = rng.choice(follows)
        tail = rng.choice(emoji + tags)
        return " ".join(x for x in (handle, body, extra, tail) if x)
    opening = rng.choice(openings)
    extra = rng.choice(follows) if style < 0.8 else ""
    if extra and style < 0.4:
        second = rng.choice(follows)
        if second != extra:
            extra = f"{extra} {second}"
    return loosen(rng, f"{opening}{body} {extra}".strip())


def build_label(
    rng: random.Random,
    cores: list[tuple[str, str]],
    fixed: list[str],
    openings: list[str],
    follows_for: Callable[[str, str], list[str]],
    emoji: list[str],
    tags: list[str],
    target: int,
) -> list[str]:
    """Fixed lines once each, then round-robin over cores until the label reaches target."""
    out: list[str] = []
    seen: set[str] = set()
    for line in fixed:
        if line not in seen:
            seen.add(line)
            out.append(line)
    attempts = 0
    while len(out) < target and attempts < 50 * target:
        for domain, core in cores:
            if len(out) >= target:
                break
            attempts += 1
            follows = follows_for(domain, core)
            text = variant(rng, domain, core, openings, follows, emoji, tags)
            # A core that already thanks should not be followed by a second thank-you.
            if "አመሰግናለሁ" in core and text.count("አመሰግናለሁ") > 1:
                continue
            if text not in seen:
                seen.add(text)
                out.append(text)
    return out


def main() -> None:
    """Write the balanced training file, one JSON object per line."""
    rng = random.Random(SEED)
    buy = phrases.NEG_FOLLOW + phrases.NEG_FOLLOW_BUY
    money = phrases.NEG_FOLLOW + phrases.NEG_FOLLOW_MONEY

    def neg_follows(domain: str, core: str) -> list[str]:
        """Money-back demands only where money changed hands."""
        if domain == "refund" or any(w in core for w in ("ብር", "ገንዘ", "ተቀን", "ተቆር")):
            return money
        return buy if domain in {"order", "food"} else phrases.NEG_FOLLOW

    neg = build_label(
        rng,
        phrases.NEG_CORE,
        phrases.NEG_SARCASM
        + phrases.NEG_SHORT
        + phrases.NEG_SURVEY
        + phrases.NEG_MIXED
        + phrases.NEG_LATIN,
        phrases.OPEN_NEG,
        neg_follows,
        phrases.NEG_EMOJI,
        phrases.NEG_TAGS,
        target=340,
    )
    pos = build_label(
        rng,
        phrases.POS_CORE,
        phrases.POS_SHORT + phrases.POS_SURVEY + phrases.POS_MIXED + phrases.POS_LATIN,
        phrases.OPEN_POS,
        lambda _domain, _core: phrases.POS_FOLLOW,
        phrases.POS_EMOJI,
        phrases.POS_TAGS,
        target=340,
    )
    neu = build_label(
        rng,
        phrases.NEU_CORE,
        phrases.NEU_SHORT + phrases.NEU_SURVEY + phrases.NEU_MIXED + phrases.NEU_LATIN,
        phrases.OPEN_NEU,
        lambda _domain, core: phrases.NEU_FOLLOW_Q if core.endswith("?") else phrases.NEU_FOLLOW_S,
        [""],
        [""],
        target=340,
    )
    rows = (
        [(t, "negative") for t in neg]
        + [(t, "positive") for t in pos]
        + [(t, "neutral") for t in neu]
    )
    rng.shuffle(rows)
    texts = [t for t, _ in rows]
    assert len(texts) == len(set(texts)), "duplicate text across labels"
    generated = {text for text, _ in rows}
    rows += [(text, label) for text, label in read_extra("am") if text not in generated]
    held_out = heldout_keys()
    rows = [(text, label) for text, label in rows if heldout_key(text) not in held_out]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for text, label in rows:
            fh.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    print(f"{OUT}: {len(rows)} rows (neg {len(neg)}, neu {len(neu)}, pos {len(pos)})")


if __name__ == "__main__":
    main()
