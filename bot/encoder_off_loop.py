"""The sentence encoder runs beside Rasa's event loop, not on it, and starts on arrival.

Why: Rasa 3.6 runs a message's NLU graph synchronously on its one event loop, and the
largest step of that graph is the multilingual e5 encoder
(:mod:`bot.components.e5_featurizer`): about 4 ms a message on an idle core, several times
that on a busy one (docs/performance.md). While it runs, no other conversation on that Rasa
process moves: no action reply is read, no tracker saved, no other message parsed. ONNX
Runtime releases the GIL while it runs, so the encoder can run on a worker thread while the
loop serves others.

:func:`install` has ``MessageProcessor.parse_message`` run Rasa's graph with the message's
vector already computed on one worker thread (awaited, so the loop is free meanwhile), handed
to the featurizer through a context variable (``vectors_ready``), which uses it instead of
encoding the text again. The vector is the one the featurizer would have computed, for this
message only: nothing is kept across messages, and a parse without it (a pipeline without the
encoder, or Rasa's graph given other text) encodes inline as before. One worker: the
encoder's own threads are sized per process (``CLOSEDLOOP_ENCODER_THREADS``), and more Rasa
processes, not more threads, add capacity.

And: a chat message's encoding starts when ``Agent.handle_message`` receives it, before the
conversation's lock is taken and its tracker read (3-5 ms a turn, docs/performance.md), so
that with a core to spare the two overlap where that read waits on a database (the worker
needs the GIL to reach the C call); the parse then awaits the vector already under way
(``_arrived``). Only the text that arrived is served this way: if the parse is given
other text, it encodes that.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from functools import cache
from typing import Any

INSTALLED_MARK = "encodes_off_loop"

_arrived: ContextVar[tuple[str, asyncio.Future[Any]] | None] = ContextVar(
    "closedloop_e5_arrived", default=None
)
"""The text of the message being handled and its vectors under way (set by the handler)."""


@cache
def _worker() -> ThreadPoolExecutor:
    """The process's one encoder thread (created on the first message)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="closedloop-encoder")


def _start(text: str) -> asyncio.Future[Any]:
    """The vectors of ``text`` from every loaded encoder, started on the worker thread."""
    from bot.components.e5_featurizer import embed_ahead

    return asyncio.get_running_loop().run_in_executor(_worker(), embed_ahead, text)


def _encodable(processor: Any, text: Any) -> bool:
    """Whether Rasa's own graph will parse ``text``: not blank, no external NLU server."""
    return (
        processor is not None
        and processor.http_interpreter is None
        and isinstance(text, str)
        and bool(text.strip())
    )


def _consume(future: asyncio.Future[Any]) -> None:
    """Retrieve an unused vector's outcome, so that a failure is not reported as unhandled."""
    if not future.cancelled():
        future.exception()


def install() -> None:
    """Have Rasa encode each message off its event loop (module docstring)."""
    from rasa.core.agent import Agent
    from rasa.core.processor import MessageProcessor

    from bot.components.e5_featurizer import vectors_ready

    parse = MessageProcessor.parse_message
    handle = Agent.handle_message
    if getattr(parse, INSTALLED_MARK, False):
        return

    async def parse_message(
        self: Any, message: Any, tracker: Any = None, only_output_properties: bool = True
    ) -> dict[str, Any]:
        text = message.text
        if not _encodable(self, text):
            return await parse(self, message, tracker, only_output_properties)  # type: ignore[no-any-return]
        arrived = _arrived.get()
        if arrived is not None and arrived[0] == text:
            _arrived.set(None)
            vectors = await arrived[1]
        else:
            vectors = await _start(text)
        token = vectors_ready.set(vectors)
        try:
            return await parse(self, message, tracker, only_output_properties)  # type: ignore[no-any-return]
        finally:
            vectors_ready.reset(token)

    async def handle_message(self: Any, message: Any) -> Any:
        if not _encodable(self.processor, message.text):
            return await handle(self, message)
        future = _start(message.text)
        token = _arrived.set((message.text, future))
        try:
            return await handle(self, message)
        finally:
            if _arrived.get() is not None:  # never parsed: nobody awaited the vectors
                future.add_done_callback(_consume)
            _arrived.reset(token)

    setattr(parse_message, INSTALLED_MARK, True)
    MessageProcessor.parse_message = parse_message  # type: ignore[method-assign]
    Agent.handle_message = handle_message  # type: ignore[method-assign]
