"""bot/encoder_off_loop.py: the encoder works off the loop from arrival; the parse is unchanged.

In Rasa's virtualenv, with the trained model loaded as the server loads it: the same messages
parsed before and after ``install()`` give identical results (intent, ranking, entities),
the encoder is called as often as before but never on the event loop's thread, and while
one message is encoded the loop keeps serving other coroutines (it stood still before).
"""

from __future__ import annotations

from typing import Any

import pytest

from closedloop.runner import ensure_model
from tests.helpers import model_settings, run_in_rasa

SCRIPT = """
import asyncio, json, logging, sys, threading, time
logging.disable(logging.CRITICAL)  # no action server here: Rasa logs its custom actions' errors
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from bot import encoder_off_loop
from bot.components import e5_featurizer

# "sad aris chemi shekveta": Georgian in Latin letters, which the encoder reads in Georgian
# letters (bot/components/latin_letters.py); encoded ahead the same way, so once.
TEXTS = ["where is my order 4711?", "ჩემი შეკვეთა სად არის?", "Ո՞րտեղ է իմ պատվերը",
         "", "   ", "/greet", "I want a refund", "sad aris chemi shekveta"]
agent = Agent.load(json.loads(sys.argv[1]))
model = next(iter(e5_featurizer._encoders.values()))
engine_query = model.query
calls = []
pause = {"seconds": 0.0}
encoding = []

def query(texts):
    calls.append(threading.current_thread().name)
    encoding.append(True)
    time.sleep(pause["seconds"])  # a slow encoder, to see whether the loop waits for it
    encoding.clear()
    return engine_query(texts)

fetch = agent.processor.fetch_tracker_and_update_session
fetched_while_encoding = []

async def fetch_and_note(*args, **kwargs):
    # A tracker store waiting 50 ms on its database (PostgreSQL, Redis): was the text being
    # encoded meanwhile?
    await asyncio.sleep(0.05)
    fetched_while_encoding.append(bool(encoding))
    return await fetch(*args, **kwargs)

agent.processor.fetch_tracker_and_update_session = fetch_and_note

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

async def handle(sender):
    # A chat message as the REST channel hands it over, the encoder taking 0.2 s.
    calls.clear()
    fetched_while_encoding.clear()
    pause["seconds"] = 0.2
    message = UserMessage("where is my order 4711?", CollectingOutputChannel(), sender)
    await agent.handle_message(message)
    pause["seconds"] = 0.0
    tracker = await agent.tracker_store.retrieve(sender)
    return {
        "intent": tracker.latest_message.intent, "encoded": len(calls),
        "fetched_while_encoding": list(fetched_while_encoding),
    }

async def main():
    before, threads_before = await parse_all()
    ticks_before = await ticks_while_parsing("hello there")
    handled_before = await handle("before")
    encoder_off_loop.install()
    encoder_off_loop.install()  # a second install changes nothing
    after, threads_after = await parse_all()
    ticks_after = await ticks_while_parsing("hello there")
    handled_after = await handle("after")
    return {
        "before": before, "after": after,
        "threads_before": threads_before, "threads_after": threads_after,
        "ticks_before": ticks_before, "ticks_after": ticks_after,
        "handled_before": handled_before, "handled_after": handled_after,
        "loop_thread": threading.current_thread().name,
    }

print(json.dumps(asyncio.run(main()), ensure_ascii=False, default=str))
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The script's findings, with the trained model (one run serves every test here)."""
    model = ensure_model(model_settings(tmp_path_factory.mktemp("encoder")))
    return run_in_rasa(SCRIPT, str(model))  # type: ignore[no-any-return]


def test_the_encoder_leaves_the_loop_and_the_parse_is_unchanged(result: dict[str, Any]) -> None:
    assert result["after"] == result["before"]
    assert result["before"][0]["intent"]["name"] == "track_order"
    assert result["before"][-1]["intent"]["name"] == "track_order"
    assert result["before"][-1]["latin_letters_language"] == "ka"
    # Every message with text is encoded once, before on the loop, after on the worker.
    assert result["threads_before"]
    assert set(result["threads_before"]) == {result["loop_thread"]}
    assert len(result["threads_after"]) == len(result["threads_before"])
    assert all(name.startswith("closedloop-encoder") for name in result["threads_after"])
    # A 0.3 s encoder: the loop stood still before, and served a ticker every 5 ms after.
    assert result["ticks_before"] <= 1
    assert result["ticks_after"] >= 10


def test_a_chat_message_is_encoded_while_its_conversation_is_read(result: dict[str, Any]) -> None:
    """The encoder starts when the message arrives, and the parse uses that one vector."""
    before, after = result["handled_before"], result["handled_after"]
    assert after["intent"] == before["intent"]
    assert before["intent"]["name"] == "track_order"
    assert before["encoded"] == after["encoded"] == 1
    # Before: the conversation was read, then the text encoded; after: both at once.
    assert before["fetched_while_encoding"] == [False]
    assert after["fetched_while_encoding"] == [True]
