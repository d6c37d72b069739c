"""The import graph stays a ladder: no circles, and every import goes down a layer.

A newcomer should find each behaviour in one hop, which only works while modules do not
reach back up (storage into the API, the API into the pages) or round in circles. The
layers are written down here, lowest first; a module may import its own layer and the
ones below, never above. Every ``import`` counts, including those inside functions and
under ``TYPE_CHECKING``: a circle hidden from the interpreter is still a circle to a reader.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("feedback_api", "sentiment", "bot/actions", "bot/components", "closedloop")
# Modules that are a file of their own, not a package.
SINGLE_MODULES = ("bot/order_numbers.py",)

# Lowest first. A module belongs to the first layer with a prefix that matches its name.
LAYERS: tuple[tuple[str, ...], ...] = (
    # Knowing nothing of the product's service: the sentiment library; the order-number rule
    # that both the NLU and the actions read; Rasa's pipeline components (see RASA_SIDE).
    ("sentiment", "bot.order_numbers", "bot.components"),
    ("feedback_api.policy", "feedback_api.settings"),
    ("feedback_api.models", "feedback_api.db", "feedback_api.migrat", "feedback_api.analyzer"),
    ("feedback_api.schemas", "feedback_api.transcript"),
    ("feedback_api.storage",),
    ("feedback_api.deps", "feedback_api.demo"),
    ("feedback_api.api", "feedback_api.web", "bot.actions"),
    ("feedback_api.app", "feedback_api.sentiment_service"),
    ("closedloop",),
)
# Siblings on one layer that must not know each other.
APART = (
    ("feedback_api.api", "feedback_api.web"),
    ("feedback_api.api", "bot.actions"),
    ("feedback_api.web", "bot.actions"),
)
# In the bot, only the gateway (and the services it is built from) touch the database.
BOT_DATA_DOOR = {"bot.actions.store", "bot.actions.services"}
# The outbox's record and error summary are the delivery's vocabulary, not a database door.
BOT_MAY_IMPORT = {"feedback_api.storage.outbox"}
# Rasa imports these (Python 3.10, Rasa's pins): of ours, only what needs nothing of our venv.
RASA_SIDE = ("bot.components", "bot.order_numbers")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    paths = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py")]
    paths += [ROOT / single for single in SINGLE_MODULES]
    return {module_name(path): path for path in paths if "migrations" not in path.parts}


def _imported(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> Iterator[str]:
    """Names of project modules that ``tree`` (module ``name``) imports."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}".strip(".")
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            # "from package import module" names the module; otherwise the nearest module.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set(_imported(tree, name, path.name == "__init__.py", known))
    return graph


def layer_of(name: str) -> int:
    for index, prefixes in enumerate(LAYERS):
        if name.startswith(prefixes):
            return index
    if name == "feedback_api":
        return 1  # the package itself only holds __version__
    raise AssertionError(f"{name} is in no layer: add it to LAYERS in {__file__}")


def family(name: str) -> str | None:
    return next((p for pair in APART for p in pair if name.startswith(p)), None)


GRAPH = import_graph()


def test_the_graph_is_read() -> None:
    assert "feedback_api.storage.responses" in GRAPH["feedback_api.app"] | {
        dep for deps in GRAPH.values() for dep in deps
    }
    assert "feedback_api.policy" in GRAPH["feedback_api.storage.responses"]


def test_there_is_no_import_circle() -> None:
    """Tarjan's strongly connected components: every one must be a single module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in GRAPH.get(node, ()):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert circles == []


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_only_go_down(module: str) -> None:
    mine = layer_of(module)
    upward = sorted(dep for dep in GRAPH[module] if layer_of(dep) > mine)
    assert upward == [], f"{module} (layer {mine}) imports from above"
    own = family(module)
    crossing = sorted(
        dep
        for dep in GRAPH[module]
        if own and family(dep) not in (None, own) and (own, family(dep)) in _apart_pairs()
    )
    assert crossing == [], f"{module} imports a sibling it must not know"


def _apart_pairs() -> set[tuple[str, str]]:
    return {pair for a, b in APART for pair in ((a, b), (b, a))}


def test_rasas_side_imports_nothing_of_the_service_or_the_actions() -> None:
    """Rasa's virtualenv has none of our dependencies: its modules import only each other."""
    reaching = {
        module: sorted(dep for dep in deps if not dep.startswith(RASA_SIDE))
        for module, deps in GRAPH.items()
        if module.startswith(RASA_SIDE)
    }
    assert "bot.order_numbers" in GRAPH["bot.components.order_number_extractor"]
    assert {module: deps for module, deps in reaching.items() if deps} == {}


def test_only_the_gateway_touches_the_database_in_the_bot() -> None:
    reaching = {
        module: sorted(
            dep
            for dep in deps
            if dep.startswith(("feedback_api.db", "feedback_api.storage"))
            and dep not in BOT_MAY_IMPORT
        )
        for module, deps in GRAPH.items()
        if module.startswith("bot.actions") and module not in BOT_DATA_DOOR
    }
    assert {module: deps for module, deps in reaching.items() if deps} == {}
