"""Which language the NLU pipeline takes Latin-letter messages for, per language written.

A Latin-letter message that the pipeline reads as Georgian, Armenian or Amharic is
answered in that language on a conversation's first turn and has its words rewritten in
that language's letters for the classifier; one it does not read is answered in English.
So this prints, for the Latin-letter messages of every held-out NLU file
(``tests/nlu/<language>_*.yml``) and of the sentiment comments (``sentiment/data/*/``,
customers' free text rather than requests), how many of each language were taken for
which, as learned from ``bot/data/nlu`` the way ``closedloop train`` learns it
(:meth:`bot.latin_letters.LatinLetters.learn`). Plain Python, a few seconds; the floors are
in ``tests/nlu/test_latin_*.py``, the figures in ``docs/nlu.md``.

    .venv/bin/python benchmarks/latin_letters_found.py
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from nlu_heldout import ROOT, examples

from bot.latin_letters import LatinLetters
from bot.latin_words import is_latin

LANGUAGES = ("en", "ka", "hy", "am")


def _examples(path: Path) -> list[str]:
    return [text for text, _intent in examples(path)]


def _held_out(language: str) -> list[str]:
    paths = sorted((ROOT / "tests" / "nlu").glob(f"{language}_*.yml"))
    return [text for path in paths if path.stem != "en_contract" for text in _examples(path)]


def _comments(language: str) -> list[str]:
    paths = sorted((ROOT / "sentiment" / "data").glob(f"*/{language}.jsonl"))
    return [
        json.loads(line)["text"]
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def main() -> None:
    started = time.perf_counter()
    training = [
        text
        for path in sorted((ROOT / "bot" / "data" / "nlu").glob("*.yml"))
        for text in _examples(path)
    ]
    known = LatinLetters.learn(training)
    learned = time.perf_counter() - started
    header = f"{'written in':<12}{'source':<22}{'messages':>9}" + "".join(
        f"{'as ' + language:>8}" for language in LANGUAGES
    )
    print(header)
    read_time, read_count = 0.0, 0
    for language in LANGUAGES:
        for source, texts in (
            ("held-out NLU files", _held_out(language)),
            ("sentiment comments", _comments(language)),
        ):
            latin = [text for text in texts if is_latin(text)]
            started = time.perf_counter()
            taken = Counter(known.language(text) or "en" for text in latin)
            read_time += time.perf_counter() - started
            read_count += len(latin)
            print(
                f"{language:<12}{source:<22}{len(latin):>9}"
                + "".join(f"{taken[other]:>8}" for other in LANGUAGES)
            )
    print(
        f"learned from {len(training)} training examples in {learned:.1f} s; "
        f"{read_count} messages told in {1000 * read_time / read_count:.2f} ms each on average"
    )


if __name__ == "__main__":
    main()
