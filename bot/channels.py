"""The website's chat channel: Rasa's REST channel that never answers a customer with silence.

Runs inside the Rasa server (``.venv-rasa``, Rasa 3.6), like ``bot/components``; named in
``credentials.yml`` and served at the same address as Rasa's own (``/webhooks/rest/webhook``).

Rasa's REST channel answers ``200 []`` when a turn fails inside:

* the lock store (Redis) is unreachable: ``Agent.handle_message`` raises, the channel logs it
  and returns what was collected, nothing;
* the action server is down, or dies during the turn: Rasa's processor logs "Encountered an
  exception while running action ..." and carries on with that action's events lost, which
  usually leaves nothing to say (or a form's next question with the answer not taken).

Either way the customer's widget shows nothing, and they cannot tell a slow bot from a broken
one. :class:`RestInput` watches each turn (an exception, or a failed action logged by the
processor during it) and then adds ``utter_technical_trouble``: "something went wrong on our
side and I couldn't take your last message, please send it again in a moment", in the
conversation's language.

That sentence must be true, so the message is really not taken:

* when handling raised (the lock store), Rasa saved nothing of the turn;
* when an action failed, Rasa saved the turn with that action's events lost: say a survey
  form that finished, but whose submit (which stores the answer) failed: the form is over
  and the customer's reason would not be taken again. The channel sets the conversation's
  slots and form back to what they were before the message, under the conversation's lock
  (:func:`_corrections`). Sending it again redoes the turn from there; a submit that had
  stored the answer before the action server died stores nothing new (the answer's
  idempotency key is the survey run's, kept), so the answer is stored exactly once.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from rasa.shared.core.events import ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, Sanic

logger = logging.getLogger(__name__)

TROUBLE_RESPONSE = "utter_technical_trouble"
LANGUAGE_SLOT = "language"
LANGUAGES = ("en", "ka", "hy", "am")
# Where Rasa 3.6 logs an action that raised (RasaException from an unreachable action
# server, a 5xx, a timeout): rasa.core.processor.MessageProcessor._run_action.
PROCESSOR_LOGGER = "rasa.core.processor"

# The failures logged during the turn this task is handling (None outside a turn).
_turn_failures: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "closedloop_turn_failures", default=None
)


class _FailedActionWatch(logging.Handler):
    """Notes, for the turn being handled, every exception the processor logs."""

    def emit(self, record: logging.LogRecord) -> None:
        failures = _turn_failures.get()
        if failures is not None and record.exc_info is not None:
            failures.append(record.getMessage())


_watch = _FailedActionWatch(level=logging.ERROR)


def _install_watch() -> None:
    processor_logger = logging.getLogger(PROCESSOR_LOGGER)
    if _watch not in processor_logger.handlers:
        processor_logger.addHandler(_watch)


def script_language(text: str | None) -> str | None:
    """Georgian, Armenian or Ethiopic letters name the language (as the actions decide)."""
    for char in text or "":
        code = ord(char)
        if 0x10A0 <= code <= 0x10FF or 0x1C90 <= code <= 0x1CBF:
            return "ka"
        if 0x0530 <= code <= 0x058F:
            return "hy"
        if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF:
            return "am"
    return None


def trouble_language(
    tracker: DialogueStateTracker | None, metadata: dict[str, Any] | None, text: str | None
) -> str:
    """The conversation's language slot, else the page's, else the message's script, else en."""
    candidates = [
        tracker.get_slot(LANGUAGE_SLOT) if tracker is not None else None,
        (metadata or {}).get("language"),
        script_language(text),
    ]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.lower() in LANGUAGES:
            return candidate.lower()
    return "en"


def _corrections(tracker: DialogueStateTracker, message: UserMessage, domain: Any) -> list[Any]:
    """Events that set the conversation back to its state before ``message`` (none if another
    message came after it, or nothing changed)."""
    events = list(tracker.events)
    index = next(
        (
            i
            for i, event in enumerate(events)
            if isinstance(event, UserUttered) and event.message_id == message.message_id
        ),
        None,
    )
    if index is None or any(isinstance(event, UserUttered) for event in events[index + 1 :]):
        return []
    before = DialogueStateTracker.from_events(tracker.sender_id, events[:index], slots=domain.slots)
    corrections: list[Any] = [
        SlotSet(name, slot.value)
        for name, slot in before.slots.items()
        if tracker.get_slot(name) != slot.value
    ]
    loop = before.active_loop_name
    if loop != tracker.active_loop_name:
        activated = next(
            (
                event.timestamp
                for event in reversed(events[:index])
                if isinstance(event, ActiveLoop) and event.name == loop
            ),
            None,
        )
        corrections.append(ActiveLoop(loop, timestamp=activated))
    return corrections


class RestInput(RasaRestInput):
    """Rasa's REST channel, plus a polite answer when the turn failed inside."""

    def __init__(self) -> None:
        super().__init__()
        self._app: Sanic | None = None
        _install_watch()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def handle(message: UserMessage) -> None:
            failures: list[str] = []
            token = _turn_failures.set(failures)
            try:
                await on_new_message(message)
            except Exception:  # Rasa's channel would answer [] for any of them
                # Raised before the tracker was saved (the lock store, the tracker store):
                # nothing of the turn was kept.
                logger.exception(
                    "the message of conversation %s could not be handled", message.sender_id
                )
                await self._say_trouble(message)
                return
            finally:
                _turn_failures.reset(token)
            if failures:
                logger.warning(
                    "conversation %s: an action failed (%s); the message is taken back and "
                    "the customer asked to send it again",
                    message.sender_id,
                    failures[0],
                )
                await self._take_back(message)
                await self._say_trouble(message)

        blueprint = super().blueprint(handle)

        @blueprint.listener("before_server_start")
        async def remember_app(app: Sanic, _loop: Any) -> None:
            self._app = app

        return blueprint

    def _agent(self) -> Any:
        return self._app.ctx.agent if self._app is not None else None

    async def _take_back(self, message: UserMessage) -> None:
        """Put the conversation's slots and form back as they were before ``message``.

        Rasa's own rewind (``UserUtteranceReverted``) cannot be used: inside a form it
        rewinds to before the form's first message (Rasa folds a form's turns together), so
        the survey would be lost. Instead the slots the failed turn changed are set back and
        the form it ended (or started) is put back, with the original activation time, which
        keeps the survey run (and so its answer's idempotency key) the same.
        """
        agent = self._agent()
        if agent is None or agent.processor is None:
            return
        try:
            async with agent.lock_store.lock(message.sender_id):
                tracker = await agent.tracker_store.retrieve(message.sender_id)
                if tracker is None:
                    return
                corrections = _corrections(tracker, message, agent.processor.domain)
                for event in corrections:
                    tracker.update(event)
                if corrections:
                    await agent.tracker_store.save(tracker)
        except Exception:  # the customer still gets the apology
            logger.exception("could not take back the message of %s", message.sender_id)

    async def _say_trouble(self, message: UserMessage) -> None:
        """Send ``utter_technical_trouble`` in the conversation's language; never raises."""
        try:
            agent = self._agent()
            if agent is None or agent.processor is None:
                return
            domain = agent.processor.domain
            try:
                tracker = await agent.tracker_store.retrieve(message.sender_id)
            except Exception:  # noqa: BLE001 - the tracker store may be what failed
                logger.warning("no tracker for %s to choose the language", message.sender_id)
                tracker = None
            language = trouble_language(tracker, message.metadata, message.text)
            # Only the language matters to the response; the conversation stays as it is.
            reply_tracker = DialogueStateTracker(message.sender_id, domain.slots)
            reply_tracker.update(SlotSet(LANGUAGE_SLOT, language))
            output = message.output_channel
            response = await agent.nlg.generate(TROUBLE_RESPONSE, reply_tracker, output.name())
            if response:
                await output.send_response(message.sender_id, response)
        except Exception:  # the apology must never make things worse
            logger.exception("could not tell conversation %s about the failure", message.sender_id)
