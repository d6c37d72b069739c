"""Rasa's model graph run node after node in a fixed order, instead of through dask.

Why: Rasa runs its model graph (the NLU pipeline for each message, the policies for each
prediction, 4-5 graph runs a chat turn) with ``DaskGraphRunner``, which on every run cuts the
schema down to the targets' ancestors, builds a dask task graph, orders it
(``dask.order``) and executes it through dask's scheduler with its bookkeeping per task.
The graph never changes while the model is served, and it is a small chain of components
(14 nodes for the NLU, 5 for a prediction), so the order can be found once per set of
targets and the nodes called in it: the same nodes, called with the same inputs, each once,
as dask calls them (docs/performance.md, "Rasa's graph without dask").

:func:`install` replaces ``DaskGraphRunner.run``; ``tests/bot/test_graph_order.py`` checks
that the served model's parses and predictions are the same through both.
"""

from __future__ import annotations

from functools import cache
from typing import Any

_Order = tuple[tuple[str, tuple[str, ...]], ...]
"""Nodes to run, each with the names of the nodes (or inputs) it takes, in its order."""


def execution_order(needs: dict[str, tuple[str, ...]], targets: tuple[str, ...]) -> _Order:
    """The targets' ancestors in ``needs`` (node -> what it takes), each after its inputs.

    A name taken that is not a node (a run's input, such as ``__message__``) is left to the
    run; a cycle cannot occur (Rasa validates the schema when it trains).
    """
    ordered: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen or name not in needs:
            return
        seen.add(name)
        for parent in needs[name]:
            visit(parent)
        ordered.append((name, needs[name]))

    for target in targets:
        visit(target)
    return tuple(ordered)


def run(
    self: Any, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
) -> dict[str, Any]:
    """``DaskGraphRunner.run`` without dask: what it returns, for the same nodes and inputs.

    As in dask, an input is handed to nodes as ``(name, value)``, and a name that is neither
    a node nor an input is handed over as the bare name (``GraphNode`` then reports it
    missing); a node's error propagates as it does through dask's synchronous scheduler.
    """
    from rasa.engine.exceptions import GraphRunError

    run_targets = tuple(targets if targets else self._graph_schema.target_names)
    order = _order_of(self, run_targets)
    results: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and any(value == node for node, _ in order):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of "
                f"the input names passed to the `run` method are the same as node names "
                f"in the graph schema."
            )
        results[name] = (name, value)
    try:
        for name, parents in order:
            results[name] = self._instantiated_nodes[name](
                *(results.get(parent, parent) for parent in parents)
            )
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    # Each node returns ``(its name, its output)``; Rasa makes the dict of those, by name.
    return dict(results[target] for target in run_targets)


def _order_of(runner: Any, targets: tuple[str, ...]) -> _Order:
    """The runner's order for ``targets``, found on its first run and kept on the runner."""
    orders: dict[tuple[str, ...], _Order] = runner.__dict__.setdefault("_closedloop_orders", {})
    if targets not in orders:
        needs = {
            name: tuple(node.needs.values()) for name, node in runner._graph_schema.nodes.items()
        }
        orders[targets] = execution_order(needs, targets)
    return orders[targets]


@cache
def install() -> None:
    """Replace ``DaskGraphRunner.run`` (module docstring); once per process."""
    from rasa.engine.runner.dask import DaskGraphRunner

    DaskGraphRunner.run = run  # type: ignore[method-assign]
