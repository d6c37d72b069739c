"""Fixtures for the custom actions: trackers shaped like the ones Rasa sends, the real
domain, and the actions wired to the test database through ``use_services``."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine

from bot.actions.services import Services, use_services
from feedback_api.settings import Settings
from sentiment import TextBlobAnalyzer

ROOT = Path(__file__).resolve().parents[2]
_clock = itertools.count(1_790_000_000)


def ts() -> float:
    """Increasing timestamps, like Rasa's (seconds since the epoch)."""
    return float(next(_clock)) + 0.25


def user(
    text: str,
    intent: str = "nlu_fallback",
    *,
    entities: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "event": "user",
        "timestamp": ts(),
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": 0.9},
            "entities": entities or [],
            "text": text,
        },
        "input_channel": "rest",
        "message_id": f"m{int(ts())}",
        "metadata": metadata or {},
    }


def bot(text: str) -> dict[str, Any]:
    return {"event": "bot", "timestamp": ts(), "text": text, "data": {}, "metadata": {}}


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "timestamp": ts(), "name": name, "policy": None, "confidence": 1}


def loop(name: str | None) -> dict[str, Any]:
    return {"event": "active_loop", "timestamp": ts(), "name": name}


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "timestamp": ts(), "name": name, "value": value}


def score_entity(value: str) -> list[dict[str, Any]]:
    return [{"entity": "score", "value": value, "start": 0, "end": len(value)}]


def make_tracker(
    events: list[dict[str, Any]],
    *,
    sender_id: str = "conv-1",
    slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    """A tracker as the action server receives it: slots and latest message from events."""
    current: dict[str, Any] = {
        "nps_score": None,
        "nps_reason": None,
        "survey_offered": None,
        "nps_category": None,
        "requested_slot": None,
    }
    latest: dict[str, Any] = {}
    latest_action = None
    for event in events:
        if event["event"] == "slot":
            current[event["name"]] = event["value"]
        elif event["event"] == "user":
            latest = {**event["parse_data"], "metadata": event.get("metadata") or {}}
        elif event["event"] == "action":
            latest_action = event["name"]
    current.update(slots or {})
    return Tracker.from_dict(
        {
            "sender_id": sender_id,
            "slots": current,
            "latest_message": latest,
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": latest_action,
        }
    )


def survey_until_reason(
    *, score: str = "3", metadata: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Events of a conversation that is about to be asked for the reason."""
    return [
        action("action_session_start"),
        {"event": "session_started", "timestamp": ts()},
        action("action_listen"),
        user("hi", "greet", metadata=metadata),
        action("action_offer_survey"),
        bot("Hi! I'm the Acme Shop assistant."),
        slot("survey_offered", True),
        action("utter_offer_survey"),
        bot("Would you like to tell us how we're doing?"),
        action("action_listen"),
        user("yes", "affirm"),
        action("nps_form"),
        loop("nps_form"),
        bot("How likely are you to recommend Acme Shop to a friend or colleague?"),
        slot("requested_slot", "nps_score"),
        action("action_listen"),
        user(f'/inform_score{{"score":"{score}"}}', "inform_score", entities=score_entity(score)),
        slot("nps_score", score),
        action("nps_form"),
        slot("nps_score", int(score)),
        bot("What is the main reason for your score?"),
        slot("requested_slot", "nps_reason"),
        action("action_listen"),
    ]


def completed_survey(
    *, score: str = "3", reason: str = "slow", metadata: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Events up to the moment Rasa runs action_submit_nps."""
    return [
        *survey_until_reason(score=score, metadata=metadata),
        user(reason),
        slot("nps_reason", reason),
        action("nps_form"),
        slot("nps_reason", reason),
        loop(None),
        slot("requested_slot", None),
    ]


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The real domain.yml, as the action server receives it."""
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def services(settings: Settings, engine: Engine, analyzer: TextBlobAnalyzer) -> Iterator[Services]:
    """The actions use the test database while a test runs."""
    with use_services(Services(settings, engine=engine, analyzer=analyzer)) as active:
        yield active


RunAction = Callable[..., tuple[list[dict[str, Any]], list[dict[str, Any]]]]


@pytest.fixture
def run_action(domain: dict[str, Any]) -> RunAction:
    """Run an action like the action server does; returns (events, messages)."""

    def run(action_instance: Action, tracker: Tracker) -> tuple[list[Any], list[Any]]:
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action_instance.run(dispatcher, tracker, domain))
        return events, dispatcher.messages

    return run
