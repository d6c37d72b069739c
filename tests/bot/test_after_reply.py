"""Writes left for after the reply (bot/actions/after_reply.py): the survey offer's count.

The reply must not wait for them, and none may be lost to a graceful stop or a failure of
another write.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.actions.after_reply import after_reply, drain
from bot.actions.services import Services
from bot.actions.store import DatabaseStore, use_store
from bot.actions.survey_flow import ActionOfferSurveyAtEnd
from feedback_api.models import Conversation, SurveyOffer
from tests.bot.conftest import action, make_tracker, user


def _leaving(sender: str = "leaving-1") -> Any:
    """A customer saying goodbye after a support answer: the bot offers the NPS survey."""
    return make_tracker(
        [
            user("how long does delivery take", "delivery_period", metadata={"campaign": "spring"}),
            action("utter_delivery_period"),
            action("action_support_followup"),
            user("bye", "goodbye", metadata={"campaign": "spring"}),
        ],
        sender_id=sender,
    )


class HeldStore(DatabaseStore):
    """The real store, whose offer write waits until the test lets it go."""

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.release = threading.Event()
        self.started = threading.Event()

    def save_offer(self, *args: Any, **kwargs: Any) -> None:
        self.started.set()
        assert self.release.wait(10), "the test never let the write go"
        super().save_offer(*args, **kwargs)


def _offers(engine: Engine) -> list[tuple[str, str]]:
    with Session(engine) as session:
        rows = session.execute(
            select(SurveyOffer.kind, Conversation.sender_id).join(
                Conversation, SurveyOffer.conversation_id == Conversation.id
            )
        )
        return [(kind.value, sender) for kind, sender in rows]


def test_the_offer_is_answered_before_its_count_is_written(
    services: Services, engine: Engine, domain: dict[str, Any]
) -> None:
    held = HeldStore(services)

    async def conversation() -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
        with use_store(held):
            events = await ActionOfferSurveyAtEnd().run(CollectingDispatcher(), _leaving(), domain)
            # The reply is complete while the write has not even been let go.
            during = await asyncio.to_thread(_offers, engine)
            held.release.set()
            await drain()
        return events, during

    events, during = asyncio.run(conversation())
    assert events == [SlotSet("survey_offered", True)]
    assert during == []
    assert _offers(engine) == [("nps", "leaving-1")]


def test_a_failed_write_is_logged_and_the_others_are_kept(
    services: Services, engine: Engine, domain: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise OSError("disk full")

    async def conversation() -> None:
        after_reply("write the broken thing", broken)
        await ActionOfferSurveyAtEnd().run(CollectingDispatcher(), _leaving("leaving-2"), domain)
        await drain()

    with caplog.at_level(logging.WARNING, logger="bot.actions.after_reply"):
        asyncio.run(conversation())
    assert "could not write the broken thing: OSError: disk full" in caplog.text
    assert _offers(engine) == [("nps", "leaving-2")]


def test_drain_waits_for_every_write_handed_over() -> None:
    done: list[int] = []
    gate = threading.Event()

    def write(number: int) -> None:
        gate.wait(10)
        done.append(number)

    async def handed_over() -> list[int]:
        for number in range(5):
            after_reply(f"write {number}", write, number)
        assert done == []  # nothing runs before the loop's next turn
        gate.set()
        await drain()
        return sorted(done)

    assert asyncio.run(handed_over()) == [0, 1, 2, 3, 4]


def test_outside_an_event_loop_the_write_is_done_at_once() -> None:
    done: list[str] = []
    after_reply("note it", done.append, "now")
    assert done == ["now"]
