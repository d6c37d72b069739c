"""Whether the support answer just given is one the customer already had in this chat.

Why: round 12, every language: a customer told "to reset your password, go to ..." who
wrote back "the reset email isn't coming", or who asked about cash on delivery after the
list of payment methods, got the same answer word for word, and the CSAT question after it
again. A customer who asks again after an answer is telling us the answer did not help;
a person can. :class:`bot.actions.survey_flow.ActionSupportFollowup` says so and offers a
person in place of the same answer's CSAT question.

The bot's messages are compared by their text, not by the response's name: the status of
another order, or the same answer in the language the customer switched to, is news.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.actions.context import session_events


def _said(events: list[dict[str, Any]]) -> list[str]:
    """The texts of the bot's messages among ``events``."""
    return [
        text.strip()
        for event in events
        if event.get("event") == "bot" and isinstance(text := event.get("text"), str) and text
    ]


def repeats_an_answer(tracker: Tracker) -> bool:
    """Whether the bot's latest message, the answer to the customer's latest message, was
    already said word for word earlier in this session (module docstring). Only the answer
    itself: a "sorry about the trouble" before it is said to many requests."""
    events = session_events(tracker)
    users = [index for index, event in enumerate(events) if event.get("event") == "user"]
    if len(users) < 2:
        return False
    answer = _said(events[users[-1] :])
    return bool(answer) and answer[-1] in _said(events[: users[-1]])
