"""Parse messages with a trained model; run by test_nlu_heldout.py in Rasa's virtualenv.

    .venv-rasa/bin/python tests/nlu/parse_messages.py MODEL.tar.gz TEXTS.json PARSES.json

Reads a JSON list of texts, writes a JSON list of Rasa's parse results (intent, entities):
the same code path as the server's /model/parse, without a server. (Files, not stdin and
stdout: Rasa logs to stdout.)
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path

# Rasa finds the custom components (bot.components.*) by module path from the repo root.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


async def _parse(model: str, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    results = []
    for text in texts:
        parsed = await agent.parse_message(text)
        results.append(
            {
                "text": text,
                "intent": parsed.get("intent"),
                "entities": [
                    {k: e.get(k) for k in ("entity", "value", "start", "end", "extractor")}
                    for e in parsed.get("entities", [])
                ],
            }
        )
    return results


def main() -> int:
    logging.disable(logging.WARNING)
    model, texts_path, out_path = sys.argv[1:4]
    texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))
    results = asyncio.run(_parse(model, texts))
    Path(out_path).write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
