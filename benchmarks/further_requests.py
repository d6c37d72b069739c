"""How often the served bot finds the further requests in a message, and invents one.

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
  feature's error);
* **also**: the same pairs as a second sentence that opens with the language's "also"
  ("Also, can I pay by PayPal?"), and the held-out messages of several parts with another
  request added that way (a story followed by "Also, ..." must not pass for a request);
* **three in one**: three held-out support messages of three intents joined as sentences,
  counted the same way (all three answered, two, one, misread, a wrong further request).

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
ALSO = {"en": "Also,", "ka": "ასევე,", "hy": "Նաև", "am": "በተጨማሪም"}
_SENTENCE_END = re.compile(r"[.!?։።፧]+$")


def held_out(language: str | None = None) -> list[tuple[str, str]]:
    """(text, intent) of the held-out files, of one language or all (strangers included)."""
    pattern = f"{language}_heldout*.yml" if language else "*_heldout*.yml"
    paths = sorted((ROOT / "tests" / "nlu").glob(pattern))
    if language in (None, "en"):
        paths.append(ROOT / "tests" / "nlu" / "en_strangers.yml")
    return [item for path in paths for item in examples(path)]


def one_part_requests(language: str) -> list[tuple[str, str]]:
    """The held-out support requests of ``language`` that are one part each."""
    return [
        (text.strip(), intent)
        for text, intent in held_out(language)
        if intent not in NOT_REQUESTS | {"out_of_scope"} and len(split_parts(text)) == 1
    ]


def also(language: str, first: str, following: str) -> str:
    """``following`` added to ``first`` as a sentence that opens with the language's "also"."""
    if language == "en":
        following = following[:1].lower() + following[1:]
    stop = "" if _SENTENCE_END.search(first) else "."
    return f"{first}{stop} {ALSO[language]} {following}"


def joined(
    language: str, count: int, seed: int, joined_by: str, size: int = 2
) -> list[tuple[str, list[str]]]:
    """``count`` messages of ``size`` one-part support requests of different intents, joined
    as sentences (``joined_by`` "sentence"), with the language's "and" ("and") or as
    sentences that open with its "also" ("also"), each with the intents asked."""
    pool = one_part_requests(language)
    chooser = random.Random(seed)
    out: list[tuple[str, list[str]]] = []
    while len(out) < count:
        chosen = chooser.sample(pool, size)
        asked = [intent for _, intent in chosen]
        if len(set(asked)) < size:
            continue
        text = chosen[0][0]
        for following, _ in chosen[1:]:
            if joined_by == "and":
                text = f"{_SENTENCE_END.sub('', text)} {AND[language]} {following}"
            elif joined_by == "also":
                text = also(language, text, following)
            elif _SENTENCE_END.search(text):
                text = f"{text} {following}"
            else:
                text = f"{text}{chooser.choice(['?', '.', '!'])} {following}"
        out.append((text, asked))
    return out


def parse(client: httpx.Client, text: str) -> tuple[str, list[str], str | None]:
    """The served intent, the further requests' intents in order and, where a part's intent
    was taken instead, the whole message's, of ``text``."""
    response = client.post("/model/parse", json={"text": text})
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    further: list[str] = []
    request = body.get(FURTHER_REQUEST_KEY)
    while isinstance(request, dict):
        further.append(str((request.get("intent") or {}).get("name")))
        request = request.get(FURTHER_REQUEST_KEY)
    whole = body.get(WHOLE_INTENT_KEY) or {}
    return (body.get("intent") or {}).get("name") or "", further, whole.get("name")


def outcome(served_intent: str, further: list[str], asked: list[str]) -> str:
    """How one joined message was answered: "wrong" (a further request not asked),
    "misread" (the whole's intent not asked), else how many of the asked were answered, with
    "in order" where those were answered in the order asked."""
    if any(intent not in asked for intent in further):
        return "wrong"
    if served_intent not in asked:
        return "misread"
    answered = [served_intent, *further]
    order = " in order" if answered == [intent for intent in asked if intent in answered] else ""
    return f"{len(set(answered))}{order}"


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
                if further:
                    invented.append((intent, served_intent, further, text))
                if whole is not None:
                    reread.append((intent, whole, served_intent, text))
            print(f"\nheld-out messages of 2-4 parts, one request each: {len(several)}")
            print(f"  given a further request (one not asked): {len(invented)}")
            for intent, served_intent, further, text in invented:
                print(f"    {intent}: read {served_intent} + {' + '.join(further)}: {text[:90]}")
            print(f"  read from a part instead of the whole: {len(reread)}")
            for intent, whole, served_intent, text in reread:
                print(f"    {intent}: whole {whole} -> {served_intent}: {text[:90]}")

            # The same messages of several parts, with another request added after them as a
            # sentence that opens with "also": does the story now pass for a request?
            chooser = random.Random(args.seed)
            added = []
            for language in LANGUAGES:
                pool = one_part_requests(language)
                for text, intent in held_out(language):
                    if 2 <= len(split_parts(text)) <= 3 and intent not in NOT_REQUESTS:
                        other = chooser.choice([item for item in pool if item[1] != intent])
                        added.append((also(language, text.strip(), other[0]), [intent, other[1]]))
            stories = [
                (asked, further, text)
                for text, asked in added
                for _served, further, _whole in [parse(client, text)]
                if any(intent not in asked for intent in further)
            ]
            print(f"\nthe same with another request added, opening with 'also': {len(added)}")
            print(f"  given a further request not asked: {len(stories)}")
            for asked, further, text in stories:
                print(f"    {' + '.join(asked)}: further {' + '.join(further)}: {text[:90]}")

            for joined_by, size in (("sentence", 2), ("and", 2), ("also", 2), ("sentence", 3)):
                print(
                    f"\n{args.pairs} messages of {size} requests per language joined by "
                    f"{joined_by} (seed {args.seed}):"
                )
                answered = " | ".join(f"{n} answered" for n in range(size, 0, -1))
                print("(n answered: of them, in brackets, those answered in the order asked)")
                print(f"| language | {answered} | the whole misread | a wrong further request |")
                print("|---|" + "---:|" * (size + 2))
                for number, language in enumerate(LANGUAGES):
                    counts: Counter[str] = Counter(
                        outcome(*parse(client, text)[:2], asked)
                        for text, asked in joined(
                            language, args.pairs, args.seed + number, joined_by, size
                        )
                    )
                    cells = " | ".join(
                        f"{counts[str(n)] + counts[f'{n} in order']} ({counts[f'{n} in order']})"
                        for n in range(size, 0, -1)
                    )
                    print(f"| {language} | {cells} | {counts['misread']} | {counts['wrong']} |")
    print(f"\n{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
