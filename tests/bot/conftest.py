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

from bot.actions.after_reply import drain
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
    confidence: float = 0.9,
) -> dict[str, Any]:
    return {
        "event": "user",
        "timestamp": ts(),
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": confidence},
            "entities": entities or [],
            "text": text,
        },
        "input_channel": "rest",
        "message_id": f"m{int(ts())}",
        "metadata": metadata or {},
    }


def bot(
    text: str, response: str | None = None, *, buttons: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    """A bot message; ``response`` is the response name Rasa notes as ``utter_action``."""
    return {
        "event": "bot",
        "timestamp": ts(),
        "text": text,
        "data": {"buttons": buttons} if buttons else {},
        "metadata": {"utter_action": response} if response else {},
    }


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
    current: dict[str, Any] = dict.fromkeys(
        (
            "nps_score",
            "nps_reason",
            "nps_contact",
            "nps_email",
            "csat_score",
            "csat_comment",
            "survey_offered",
            "csat_offered",
            "requested_slot",
        )
    )
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


def score_buttons(low: int, high: int) -> list[dict[str, str]]:
    payload = '/inform_score{{"score":"{}"}}'
    return [{"title": str(n), "payload": payload.format(n)} for n in range(low, high + 1)]


def survey_until_reason(
    *, score: str = "3", metadata: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Events of a conversation that is about to be asked for the reason."""
    greeting = [
        user("hi", "greet", metadata=metadata),
        action("action_greet"),
        bot("Hi! I'm the Acme Shop assistant.", "utter_greet"),
        action("utter_how_can_i_help"),
        bot("How can I help you today?", "utter_how_can_i_help"),
        action("action_listen"),
    ]
    return [
        *nps_until_score(opening=greeting),
        user(f'/inform_score{{"score":"{score}"}}', "inform_score", entities=score_entity(score)),
        slot("nps_score", score),
        action("nps_form"),
        slot("nps_score", int(score)),
        bot("What is the main reason for your score?", "utter_ask_nps_reason"),
        slot("requested_slot", "nps_reason"),
        action("action_listen"),
    ]


def nps_until_score(*, opening: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The NPS question asked, waiting for the score.

    ``opening`` is what came before the request for feedback (a greeting, say).
    """
    return [
        action("action_session_start"),
        {"event": "session_started", "timestamp": ts()},
        action("action_listen"),
        *(opening or []),
        user("I want to give feedback", "give_feedback"),
        action("action_start_nps"),
        slot("survey_offered", True),
        action("nps_form"),
        loop("nps_form"),
        bot(
            "How likely are you to recommend Acme Shop to a friend or colleague?",
            "utter_ask_nps_score",
            buttons=score_buttons(0, 10),
        ),
        slot("requested_slot", "nps_score"),
        action("action_listen"),
    ]


def completed_survey(
    *, score: str = "3", reason: str = "slow", metadata: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Events up to the moment Rasa runs action_submit_nps (a passive or promoter score)."""
    return [
        *survey_until_reason(score=score, metadata=metadata),
        user(reason),
        slot("nps_reason", reason),
        action("nps_form"),
        slot("nps_reason", reason),
        loop(None),
        slot("requested_slot", None),
    ]


def csat_until_score(
    *,
    metadata: dict[str, Any] | None = None,
    intent: str = "check_refund_policy",
    answer: str | None = None,
) -> list[dict[str, Any]]:
    """A support answer (``answer``: the response, by default the intent's own) followed by
    the CSAT question, waiting for the score."""
    response = answer or f"utter_{intent}"
    return [
        action("action_session_start"),
        {"event": "session_started", "timestamp": ts()},
        action("action_listen"),
        user("what is your refund policy?", intent, metadata=metadata),
        action(response),
        bot("You can return items within 30 days.", response),
        action("action_support_followup"),
        slot("csat_offered", True),
        action("csat_form"),
        loop("csat_form"),
        bot("Did that solve your problem?", "utter_ask_csat_score", buttons=score_buttons(1, 5)),
        slot("requested_slot", "csat_score"),
        action("action_listen"),
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
        events = asyncio.run(run_then_drain(action_instance, dispatcher, tracker, domain))
        return events, dispatcher.messages

    return run


async def run_then_drain(
    action_instance: Action,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
) -> list[dict[str, Any]]:
    """The action's events, once the writes it left for after the reply are done (as the
    database holds them a moment after the action server answered)."""
    events: list[dict[str, Any]] = await action_instance.run(dispatcher, tracker, domain)
    await drain()
    return events
