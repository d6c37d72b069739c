"""bot/graph_order.py: Rasa's model graph run in a fixed order gives what dask gave.

In Rasa's virtualenv, with the trained model loaded as the server loads it: messages in the
four languages parsed, and the next action predicted after each, through Rasa's
``DaskGraphRunner`` and then after ``install()``: identical parses, predictions and
probabilities, every node called as often, and the same error for an input named like a
node. The order itself is checked here on small graphs.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.graph_order import execution_order
from closedloop.runner import ensure_model
from tests.helpers import model_settings, run_in_rasa

SCRIPT = """
import asyncio, collections, json, logging, sys
logging.disable(logging.CRITICAL)
from rasa.core.agent import Agent
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphNode
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from bot import graph_order

TEXTS = ["hi", "where is my order A1234567?", "I want a refund", "thanks", "bye",
         "ჩემი შეკვეთა სად არის?", "Ո՞րտեղ է իմ պատվերը", "ትዕዛዜ የት ነው?", "9", "", "/greet",
         "asdf qwer"]
agent = Agent.load(json.loads(sys.argv[1]))
calls = collections.Counter()
node_call = GraphNode.__call__

def counted(self, *inputs):
    calls[self._node_name] += 1
    return node_call(self, *inputs)

GraphNode.__call__ = counted

async def snapshot():
    calls.clear()
    seen = []
    for index, text in enumerate(TEXTS):
        parse = await agent.parse_message(text)
        tracker = DialogueStateTracker.from_events(
            f"s{index}",
            [ActionExecuted("action_session_start"), SessionStarted(),
             ActionExecuted("action_listen"),
             UserUttered(text, parse["intent"], parse["entities"], parse)],
            agent.domain.slots,
        )
        prediction = agent.processor._predict_next_with_tracker(tracker)
        seen.append({
            "parse": parse, "policy": prediction.policy_name,
            "action": agent.domain.action_names_or_texts[prediction.max_confidence_index],
            "probabilities": prediction.probabilities,
        })
    runner = agent.processor.graph_runner
    node = next(iter(runner._graph_schema.nodes))
    try:
        runner.run(inputs={"__tracker__": node}, targets=[node])
        clash = None
    except GraphRunError as error:
        clash = str(error)
    return {"seen": seen, "calls": dict(calls), "clash": clash}

async def main():
    before = await snapshot()
    graph_order.install()
    after = await snapshot()
    return {"before": before, "after": after}

print(json.dumps(asyncio.run(main()), ensure_ascii=False, default=str))
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The script's findings, with the trained model (one run serves every test here)."""
    model = ensure_model(model_settings(tmp_path_factory.mktemp("graph")))
    return run_in_rasa(SCRIPT, str(model))  # type: ignore[no-any-return]


def test_the_served_model_answers_the_same_without_dask(result: dict[str, Any]) -> None:
    before, after = result["before"], result["after"]
    assert after["seen"] == before["seen"]
    assert before["seen"][1]["parse"]["intent"]["name"] == "track_order"
    assert before["seen"][1]["action"] == "order_number_form"
    # Every node of the NLU pipeline and the policies ran, each as often as through dask.
    assert after["calls"] == before["calls"]
    assert len(before["calls"]) > 10


def test_an_input_named_like_a_node_is_refused_as_before(result: dict[str, Any]) -> None:
    assert result["before"]["clash"]
    assert result["after"]["clash"] == result["before"]["clash"]


def test_each_node_comes_after_what_it_takes() -> None:
    needs = {
        "tokens": ("__message__",),
        "words": ("tokens",),
        "chars": ("tokens",),
        "vector": ("words", "chars"),
        "intent": ("vector", "tokens"),
        "unused": ("tokens",),
    }
    order = execution_order(needs, ("intent",))
    names = [name for name, _ in order]
    assert sorted(names) == ["chars", "intent", "tokens", "vector", "words"]  # not "unused"
    for position, (name, parents) in enumerate(order):
        assert parents == needs[name]
        assert all(parent not in needs or parent in names[:position] for parent in parents)
    both = execution_order(needs, ("intent", "unused"))
    assert [name for name, _ in both].count("tokens") == 1
    assert execution_order(needs, ("no such node",)) == ()
