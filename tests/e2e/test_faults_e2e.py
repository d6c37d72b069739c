"""The action server dies in the middle of a survey, for real, and comes back.

The session's bot (real Rasa, real action server, SQLite): its action server is killed with
SIGKILL while a customer is in the NPS survey (before they type their score, or while the
action that stores their answer runs), and then started again. Rasa alone answers that turn
with ``200 []`` (the action's events are lost and nothing is said); the chat channel
(``bot/channels.py``) takes the message back and says ``utter_technical_trouble`` in the
customer's language instead. Sending the message again goes on with the survey, and the
answer is stored exactly once (the database is checked).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from closedloop.runner import RunningServices, Service
from feedback_api.db import make_engine
from feedback_api.models import SurveyResponse
from feedback_api.settings import Settings
from tests.e2e.conftest import say, say_to, trouble_texts

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

RESTART_TIMEOUT_S = 120.0
KILL_AFTER_S = 1.5  # the action waits up to 5 s (busy_timeout) for the held database


def action_server(running: RunningServices) -> Service:
    (service,) = [s for s in running.services if s.name.startswith("action server")]
    return service


def kill(service: Service) -> None:
    """SIGKILL, as a crash or an OOM kill would: no clean shutdown."""
    assert service.process is not None
    os.killpg(service.process.pid, signal.SIGKILL)
    service.process.wait(timeout=30)
    service.stop()  # closes the log file; the process is gone already


def restart(service: Service) -> None:
    service.start()
    deadline = time.monotonic() + RESTART_TIMEOUT_S
    while not service.is_ready():
        assert service.exit_code() is None, service.log_tail()
        assert time.monotonic() < deadline, f"{service.name} did not restart"
        time.sleep(0.5)


@pytest.fixture
def actions_down(bot: RunningServices) -> Iterator[Service]:
    """The bot's action server, killed by the test; always running again afterwards."""
    service = action_server(bot)
    yield service
    if service.exit_code() is not None or not service.is_ready():
        restart(service)


def stored_answers(settings: Settings, campaign: str) -> list[tuple[Any, ...]]:
    engine = make_engine(settings.sqlalchemy_url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(SurveyResponse.score, SurveyResponse.comment, SurveyResponse.language)
                .where(SurveyResponse.campaign == campaign)
                .order_by(SurveyResponse.id)
            )
            return [tuple(row) for row in rows]
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("language", "reason"),
    [("en", "fast delivery"), ("ka", "სწრაფი მიწოდება")],
    ids=["en", "ka"],
)
def test_action_server_killed_mid_survey_polite_answer_then_stored_once(
    bot: RunningServices,
    e2e_settings: Settings,
    actions_down: Service,
    language: str,
    reason: str,
) -> None:
    sender = f"e2e-killed-{language}-{uuid.uuid4().hex[:8]}"
    campaign = f"e2e-killed-{language}-{uuid.uuid4().hex[:6]}"
    metadata = {"trigger": "nps", "campaign": campaign, "language": language}
    say(bot, sender, "/start_nps", metadata)

    kill(actions_down)
    reply = say_to(bot.webhook_url, sender, "8", check=None)
    # Not [] (say_to fails on that), not a stack trace, not English to a Georgian customer.
    assert reply == [trouble_texts()[language]], reply
    assert stored_answers(e2e_settings, campaign) == []

    restart(actions_down)
    asked = say(bot, sender, "8")  # the customer sends the score again
    assert trouble_texts()[language] not in asked
    say(bot, sender, reason)
    assert stored_answers(e2e_settings, campaign) == [(8, reason, language)]
    # A later message does not store it again.
    say(bot, sender, "thanks" if language == "en" else "მადლობა")
    assert stored_answers(e2e_settings, campaign) == [(8, reason, language)]


def test_action_server_killed_while_the_survey_action_runs_answer_stored_once(
    bot: RunningServices, e2e_settings: Settings, actions_down: Service
) -> None:
    """Killed while it stores the answer (the database held by another writer meanwhile).

    Wherever the kill lands (validating the reason, storing, or after the answer went to the
    outbox), the customer is asked to send the reason again and the answer is stored once.
    """
    sender = f"e2e-killed-submit-{uuid.uuid4().hex[:8]}"
    campaign = f"e2e-killed-submit-{uuid.uuid4().hex[:6]}"
    say(bot, sender, "/start_nps", {"trigger": "nps", "campaign": campaign})
    say(bot, sender, "9")
    holder = sqlite3.connect(e2e_settings.sqlalchemy_url.removeprefix("sqlite:///"), timeout=30)
    holder.execute("BEGIN EXCLUSIVE")  # the action's write waits for it
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            reply = pool.submit(say_to, bot.webhook_url, sender, "great support", check=None)
            time.sleep(KILL_AFTER_S)
            assert not reply.done(), "the turn ended before the action server was killed"
            kill(actions_down)
            holder.rollback()
            assert reply.result() == [trouble_texts()["en"]]
    finally:
        holder.close()
    restart(actions_down)
    say(bot, sender, "great support")  # sent again
    say(bot, sender, "thanks")
    assert stored_answers(e2e_settings, campaign) == [(9, "great support", "en")]
