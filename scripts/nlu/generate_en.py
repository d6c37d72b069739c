"""Write bot/data/nlu/en_generated.yml from the English grammar in en_grammar.py.

Why a generator: the bot must understand customers who phrase the same request in
hundreds of ways ("track my order", "cn u check where my package is pls", "I ordered a
kettle on May 3rd. Still nothing. Where is it??"). Writing 150+ such lines per intent by
hand gives 150 lines in one person's voice; a small grammar of our own -- what is asked
(verb phrases, noun phrases, questions, context sentences, per intent) times how people ask
(frames such as "I need help with ...", "could you ...", greetings, closings, anger,
lower case without punctuation, typos, slang) -- gives the variety, and hand-written
examples in en.yml add what no template says.

Deterministic (fixed seed, sorted output): running it twice writes the same file, so the
committed YAML is exactly what the script produces (tests/nlu/test_nlu_data.py checks).
Examples already in en.yml or in a held-out file (tests/nlu/*_heldout.yml) are skipped,
so the held-out figures stay honest.

    .venv/bin/python scripts/nlu/generate_en.py            # writes the YAML
    .venv/bin/python scripts/nlu/generate_en.py --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import en_grammar as g  # a sibling module, not a package

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bot" / "data" / "nlu" / "en_generated.yml"
HAND_WRITTEN = ROOT / "bot" / "data" / "nlu" / "en.yml"
HELDOUT_DIR = ROOT / "tests" / "nlu"
SEED = 20261201
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
_SLOT = re.compile(r"\{([a-z0-9_]+)\}")
# Share of slot values written as a placeholder, the way anonymised logs and other
# people's test sets write them ("where is {{Order Number}}").
PLACEHOLDER_SHARE = 0.08


def normalised(text: str) -> str:
    """The form two examples are compared in (same rule as tests/nlu/test_nlu_data.py)."""
    text = _ANNOTATION.sub(r"\1", text)
    return " ".join(re.sub(r"[^\w\s#/-]", " ", text.lower()).split())


def _existing(path: Path) -> set[str]:
    """Normalised example texts of an NLU YAML file (a light parser: no YAML dependency)."""
    if not path.is_file():
        return set()
    return {
        normalised(line.strip()[2:])
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("      - ")
    }


def fill(template: str, rng: random.Random) -> str:
    """Replaces each ``{slot}`` by a random value of ``g.SLOTS[slot]`` (values may nest).

    Now and then the value is a placeholder instead (``g.PLACEHOLDERS``).
    """

    def value(match: re.Match[str]) -> str:
        slot = match.group(1)
        if slot in g.PLACEHOLDERS and rng.random() < PLACEHOLDER_SHARE:
            return rng.choice(g.PLACEHOLDERS[slot])
        return rng.choice(g.SLOTS[slot])

    for _ in range(4):
        if not _SLOT.search(template):
            break
        template = _SLOT.sub(value, template)
    return template


def typo(text: str, rng: random.Random) -> str:
    """One human-looking typo: a known misspelling, or a dropped, doubled or swapped letter."""
    words = text.split(" ")
    known = [i for i, w in enumerate(words) if w.lower().strip("?,.!") in g.MISSPELLINGS]
    if known and rng.random() < 0.6:
        i = rng.choice(known)
        core = words[i].lower().strip("?,.!")
        words[i] = words[i].lower().replace(core, rng.choice(g.MISSPELLINGS[core]))
        return " ".join(words)
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.random()
    if kind < 0.4:
        w = w[:j] + w[j + 1 :]
    elif kind < 0.7:
        w = w[:j] + w[j] + w[j:]
    else:
        w = w[: j - 1] + w[j] + w[j - 1] + w[j + 1 :]
    words[i] = w
    return " ".join(words)


def casual(text: str) -> str:
    """Lower case, no final punctuation, chat spellings ("u", "pls")."""
    text = text.lower()
    for formal, chat in g.CHAT_WORDS:
        text = re.sub(rf"\b{formal}\b", chat, text)
    return re.sub(r"[.?!]+$", "", text).replace("'", "")


def _ensure_end(text: str, question: bool) -> str:
    if text and text[-1] in ".?!)":
        return text
    return text + ("?" if question else "")


def styled(text: str, rng: random.Random, intent: g.Intent) -> str:
    """One utterance in one customer's style: as written, casual, typo'd or shouting."""
    text = text[0].upper() + text[1:] if rng.random() < 0.5 else text
    r = rng.random()
    if r < 0.3:
        text = casual(text)
    elif r < 0.38:
        text = text.lower().rstrip("?.!")
    if rng.random() < intent.typos:
        text = typo(text, rng)
    if intent.angry and rng.random() < 0.06:
        text = text.upper()
    return " ".join(text.split())


def _wrapped(core: str, rng: random.Random, intent: g.Intent) -> str:
    """Adds, now and then, a greeting before and a closing after."""
    if not intent.wrap:
        return core
    r = rng.random()
    if r < 0.15:
        core = f"{rng.choice(g.OPENERS)}{rng.choice([', ', ' ', '! ', '. '])}{core}"
    r = rng.random()
    if intent.angry and r < 0.18:
        core = f"{_ensure_end(core, False)} {rng.choice(g.ANGRY_CLOSERS)}"
    elif r < 0.14:
        core = f"{core}{rng.choice([' ', ', '])}{rng.choice(g.CLOSERS)}"
    return core


def utterances(intent: g.Intent, rng: random.Random) -> Iterator[str]:
    """An endless stream of random utterances for one intent (with repeats)."""
    kinds: list[tuple[float, Callable[[], str]]] = []

    def add(weight: float, make: Callable[[], str], source: list[str]) -> None:
        if source:
            kinds.append((weight, make))

    add(3, lambda: rng.choice(g.DO_FRAMES).format(x=rng.choice(intent.do)), intent.do)
    add(2, lambda: rng.choice(g.ASK_FRAMES).format(x=rng.choice(intent.ask)), intent.ask)
    add(2, lambda: rng.choice(g.NP_FRAMES).format(x=rng.choice(intent.np)), intent.np)
    add(2, lambda: rng.choice(g.IQ_FRAMES).format(x=rng.choice(intent.iq)), intent.iq)
    add(4, lambda: rng.choice(intent.q), intent.q)
    add(0.8, lambda: rng.choice(intent.short), intent.short)
    if intent.ctx:
        questions = intent.q or [rng.choice(g.DO_FRAMES).format(x=d) for d in intent.do]
        add(
            1.6,
            lambda: (
                f"{_ensure_end(rng.choice(intent.ctx), False).rstrip('.')}"
                f"{rng.choice(['. ', '. ', ', ', ' - ', '... '])}{rng.choice(questions)}"
            ),
            intent.ctx,
        )
        add(
            0.6,
            lambda: (
                f"{rng.choice(questions)}{rng.choice(['. ', '? ', ' - '])}{rng.choice(intent.ctx)}"
            ),
            intent.ctx,
        )
    weights = [w for w, _ in kinds]
    makers = [m for _, m in kinds]
    while True:
        make = rng.choices(makers, weights)[0]
        yield styled(_wrapped(fill(make(), rng), rng, intent), rng, intent)


def generate(taken: set[str]) -> dict[str, list[str]]:
    """intent -> its generated examples, none equal to an example in ``taken``."""
    out: dict[str, list[str]] = {}
    for intent in g.INTENTS:
        rng = random.Random(f"{SEED}:{intent.name}")
        examples: list[str] = []
        stream = utterances(intent, rng)
        tries = 0
        while len(examples) < intent.count and tries < intent.count * 60:
            tries += 1
            text = next(stream)
            key = normalised(text)
            if not key or key in taken:
                continue
            taken.add(key)
            examples.append(text)
        out[intent.name] = examples
    return out


def render(generated: dict[str, list[str]]) -> str:
    """The YAML text (written by hand: one example a line, as Rasa's own files)."""
    lines = [
        "# GENERATED by scripts/nlu/generate_en.py from scripts/nlu/en_grammar.py -- do not",
        "# edit: change the grammar (or add hand-written examples to en.yml) and run",
        "#   .venv/bin/python scripts/nlu/generate_en.py",
        'version: "3.1"',
        "",
        "nlu:",
    ]
    for name, examples in generated.items():
        lines += [f"  - intent: {name}", "    examples: |"]
        lines += [f"      - {text}" for text in examples]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    taken = _existing(HAND_WRITTEN)
    for path in sorted(HELDOUT_DIR.glob("*_heldout.yml")) + [HELDOUT_DIR / "en_contract.yml"]:
        taken |= _existing(path)
    generated = generate(taken)
    text = render(generated)
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.is_file() else ""
        if current != text:
            print(f"{OUT} is out of date: run scripts/nlu/generate_en.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    for name, examples in generated.items():
        print(f"{name:28s} {len(examples)}")
    print(f"{'total':28s} {sum(map(len, generated.values()))} -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
