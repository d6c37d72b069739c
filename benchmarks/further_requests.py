"""How often the served bot finds the second request in a message, and invents one.

Why: :mod:`bot.request_parts` answers a second request only when it is sure, because a
question the customer did not ask is worse than one left for them to ask again. Two figures
decide its thresholds, both from the held-out sets (never the training data):

* **invented**: of the held-out messages of two to four parts (sentences, or pieces cut at
  "and"/"also"; each message labelled with *one* request: mostly a request with its story,
  "I moved last week. How do I change the address on my order?"), how many the server gives
  a further request;
* **found**: two held-out support messages of different intents, each of one part, joined
  into one message, per language, in two ways: as sentences ("How long does delivery take?
  Can I pay by PayPal?") and with the language's "and", the first's full stop dropped ("how
  long does delivery take and can I pay by PayPal"). Counted: both requests answered (the
  whole message's intent and the further request are the pair), one (the whole's intent is
  one of them, no further request), the whole misread (its intent is neither: the NLU's
  error, the same without this feature), or a further request that is neither (this
  feature's error).

It serves the trained model as ``closedloop run`` does (or uses ``--url``) and reads
``/model/parse``. Not a test: the figures go to docs/nlu.md. Run with our virtualenv:

    .venv/bin/python benchmarks/further_requests.py [--pairs 200] [--url http://127.0.0.1:5005]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from nlu_heldout import ROOT, _given, examples, served

sys.path.insert(0, str(ROOT))

from bot.request_parts import FURTHER_REQUEST_KEY, NOT_REQUESTS, WHOLE_INTENT_KEY, split_parts
from closedloop.runner import model_path
from feedback_api.settings import Settings

LANGUAGES = ("en", "ka", "hy", "am")
AND = {"en": "and", "ka": "და", "hy": "և", "am": "እና"}
_SENTENCE_END = re.compile(r"[.!?։።፧]+$")


def held_out(language: str | None = None) -> list[tuple[str, str]]:
    """(text, intent) of the held-out files, of one language or all (strangers included)."""
    pattern = f"{language}_heldout*.yml" if language else "*_heldout*.yml"
    paths = sorted((ROOT / "tests" / "nlu").glob(pattern))
    if language in (None, "en"):
        paths.append(ROOT / "tests" / "nlu" / "en_strangers.yml")
    return [item for path in paths for item in examples(path)]


def pairs(language: str, count: int, seed: int, joined_by: str) -> list[tuple[str, str, str]]:
    """``count`` messages of two one-part support requests of different intents, joined as
    sentences (``joined_by`` "sentence") or with the language's "and" ("and")."""
    pool = [
        (text.strip(), intent)
        for text, intent in held_out(language)
        if intent not in NOT_REQUESTS | {"out_of_scope"} and len(split_parts(text)) == 1
    ]
    chooser = random.Random(seed)
    out: list[tuple[str, str, str]] = []
    while len(out) < count:
        (first, first_intent), (second, second_intent) = chooser.sample(pool, 2)
        if first_intent == second_intent:
            continue
        if joined_by == "and":
            text = f"{_SENTENCE_END.sub('', first)} {AND[language]} {second}"
        elif _SENTENCE_END.search(first):
            text = f"{first} {second}"
        else:
            text = f"{first}{chooser.choice(['?', '.', '!'])} {second}"
        out.append((text, first_intent, second_intent))
    return out


def parse(client: httpx.Client, text: str) -> tuple[str, str | None, str | None]:
    """The served intent, the further request's intent and, where a part's intent was taken
    instead, the whole message's, of ``text``."""
    response = client.post("/model/parse", json={"text": text})
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    further = body.get(FURTHER_REQUEST_KEY) or {}
    whole = body.get(WHOLE_INTENT_KEY) or {}
    return (
        (body.get("intent") or {}).get("name") or "",
        (further.get("intent") or {}).get("name"),
        whole.get("name"),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a Rasa server already running with --enable-api")
    parser.add_argument("--model", type=Path, help="default: the model `closedloop train` makes")
    parser.add_argument("--pairs", type=int, default=200, help="joined messages per language")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="further-requests-") as tmp:
        if args.url:
            context: Any = _given(args.url)
        else:
            model = args.model or model_path(Settings(_env_file=None))  # type: ignore[call-arg]
            context = served(model.resolve(), Path(tmp))
        with context as url, httpx.Client(base_url=url, timeout=60.0) as client:
            several = [
                (text, intent) for text, intent in held_out() if 2 <= len(split_parts(text)) <= 4
            ]
            invented, reread = [], []
            for text, intent in several:
                served_intent, further, whole = parse(client, text)
                if further is not None:
                    invented.append((intent, served_intent, further, text))
                if whole is not None:
                    reread.append((intent, whole, served_intent, text))
            print(f"\nheld-out messages of 2-4 parts, one request each: {len(several)}")
            print(f"  given a further request (one not asked): {len(invented)}")
            for intent, served_intent, further, text in invented:
                print(f"    {intent}: read {served_intent} + {further}: {text[:90]}")
            print(f"  read from a part instead of the whole: {len(reread)}")
            for intent, whole, served_intent, text in reread:
                print(f"    {intent}: whole {whole} -> {served_intent}: {text[:90]}")

            for joined_by in ("sentence", "and"):
                print(
                    f"\n{args.pairs} pairs per language joined by {joined_by} (seed {args.seed}):"
                )
                print(
                    "| language | both answered | one answered | the whole misread "
                    "| a wrong further request |"
                )
                print("|---|---:|---:|---:|---:|")
                for number, language in enumerate(LANGUAGES):
                    counts: Counter[str] = Counter()
                    for text, first, second in pairs(
                        language, args.pairs, args.seed + number, joined_by
                    ):
                        served_intent, further, _ = parse(client, text)
                        asked = {first, second}
                        if further and further not in asked:
                            counts["wrong"] += 1
                        elif served_intent not in asked:
                            counts["misread"] += 1
                        elif further:
                            counts["both"] += 1
                        else:
                            counts["one"] += 1
                    print(
                        f"| {language} | {counts['both']} | {counts['one']} "
                        f"| {counts['misread']} | {counts['wrong']} |"
                    )
    print(f"\n{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
