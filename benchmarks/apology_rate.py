"""How often a request to track an order or a refund is apologised to, per language and bar.

The order form says "I'm very sorry about this." first when the request reads clearly
negative and the analyzer is at least ``CLOSEDLOOP_APOLOGY_MIN_CONFIDENCE`` sure
(docs/support.md). This prints, for every held-out NLU file's ``track_order`` and
``track_refund`` messages (none of them written as complaints on purpose), how many would be
apologised to at several bars, and with ``--show`` the messages at the configured bar, so the
bar can be chosen by reading what it catches.

    .venv/bin/python benchmarks/apology_rate.py [--bars 0.5 0.8 0.9 0.95 0.99] [--show]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from nlu_heldout import examples

from feedback_api.analyzer import local_analyzer
from feedback_api.policy import FollowUpPolicy, is_clearly_negative
from feedback_api.settings import Settings

HELD_OUT = Path("tests/nlu")
TRACKING = ("track_order", "track_refund")


def tracking_requests() -> dict[str, list[str]]:
    """The held-out tracking requests by language (the file name's first two letters)."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(HELD_OUT.glob("*_heldout*.yml")) + [HELD_OUT / "en_strangers.yml"]:
        found[path.name[:2]] += [text for text, intent in examples(path) if intent in TRACKING]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bars", type=float, nargs="+", default=[0.5, 0.8, 0.9, 0.95, 0.99])
    parser.add_argument("--show", action="store_true", help="print what the set bar catches")
    args = parser.parse_args()
    settings = Settings()
    analyzer = local_analyzer(settings)
    policy = FollowUpPolicy.from_settings(settings)
    print(f"analyzer: {analyzer.name}; configured bar {settings.apology_min_confidence}")
    print(f"{'language':<9} {'n':>4} " + " ".join(f"{bar:>7}" for bar in args.bars))
    for language, texts in sorted(tracking_requests().items()):
        results = analyzer.analyze_batch([(text, language) for text in texts])
        negative = [is_clearly_negative(result, policy) for result in results]
        sure = [result.confidence for result in results]
        counts = [
            sum(neg and confidence >= bar for neg, confidence in zip(negative, sure, strict=True))
            for bar in args.bars
        ]
        print(f"{language:<9} {len(texts):>4} " + " ".join(f"{count:>7}" for count in counts))
        if args.show:
            for text, neg, result in zip(texts, negative, results, strict=True):
                if neg and result.confidence >= settings.apology_min_confidence:
                    print(f"    {result.confidence:.2f}  {text}")


if __name__ == "__main__":
    main()
