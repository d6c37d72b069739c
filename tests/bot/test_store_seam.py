"""The dialogue reaches data only through the gateway: it runs unchanged on another store.

Every other bot test runs the real store on a real database. This one puts the bot's one
fake, :class:`MemoryStore`, in its place and points the services at a database that does
not exist, so any action that went round the gateway would fail here. It keeps the
promise of ``bot/actions/store.py``: storing through the HTTP API instead is a new store,
not a change to dialogue code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.context import ConversationContext
from bot.actions.handoff import ActionHandoff
from bot.actions.orders import OrderInfo
from bot.actions.services import Services, use_services
from bot.actions.store import HandoffRequest, StoredAnswer, use_store
from bot.actions.support import ActionLookupOrder
from bot.actions.survey import ActionSubmitNps, ValidateNpsForm
from bot.actions.survey_flow import ActionStartNps
from feedback_api.db import make_engine
from feedback_api.models import OrderStatus
from feedback_api.policy import SurveyKind
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.outbox import FlushResult, OutboxRecord
from sentiment import Label, SentimentResult
from tests.bot.conftest import (
    action,
    completed_survey,
    loop,
    make_tracker,
    run_then_drain,
    slot,
    user,
)


@dataclass
class MemoryStore:
    """A :class:`~bot.actions.store.FeedbackStore` that keeps everything in lists."""

    answers: list[ResponseCreate] = field(default_factory=list)
    offers: list[tuple[SurveyKind, str, ConversationContext]] = field(default_factory=list)
    handoffs: list[HandoffRequest] = field(default_factory=list)
    surveyed: set[str] = field(default_factory=set)
    orders: dict[str, OrderInfo] = field(default_factory=dict)
    sentiments: dict[str, SentimentResult] = field(default_factory=dict)
    contacts: list[tuple[int, str]] = field(default_factory=list)
    withdrawals: list[tuple[int, str]] = field(default_factory=list)

    def save_answer(
        self, data: ResponseCreate, *, transcript: list[dict[str, Any]]
    ) -> StoredAnswer:
        self.answers.append(data)
        return StoredAnswer(response_id=len(self.answers), created=True, flagged=False)

    def queue_answer(self, record: OutboxRecord) -> None:
        raise AssertionError("the memory store never fails, so nothing is queued")

    def flush_outbox(self) -> FlushResult:
        return FlushResult()

    def save_offer(self, kind: SurveyKind, *, sender_id: str, context: ConversationContext) -> None:
        self.offers.append((kind, sender_id, context))

    def recently_surveyed(self, customer_id: str) -> bool:
        return customer_id in self.surveyed

    def open_handoff(self, request: HandoffRequest) -> int:
        self.handoffs.append(request)
        return 700 + len(self.handoffs)

    def find_order(self, order_number: str, customer_id: str | None) -> OrderInfo | None:
        return self.orders.get(order_number)

    def save_handoff_contact(self, case_id: int, contact: str, *, words: str | None = None) -> None:
        self.contacts.append((case_id, contact))

    def withdraw_complaint(self, case_id: int, words: str) -> None:
        self.withdrawals.append((case_id, words))

    def withdraw_handoff(self, case_id: int, words: str) -> None:
        self.withdrawals.append((case_id, words))

    def read_sentiment(self, text: str, language: str) -> SentimentResult:
        return self.sentiments.get(text, SentimentResult(Label.NEUTRAL, 0.0, 1.0, "memory"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[MemoryStore]:
    nowhere = make_engine(f"sqlite:///{tmp_path / 'no-such-dir' / 'closedloop.db'}")
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    with use_services(Services(settings, engine=nowhere)), use_store(MemoryStore()) as memory:
        assert isinstance(memory, MemoryStore)
        yield memory
    nowhere.dispose()


def run(action_instance: Action, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
    dispatcher = CollectingDispatcher()
    asyncio.run(run_then_drain(action_instance, dispatcher, tracker, domain))
    return [message.get("response") for message in dispatcher.messages]


METADATA = {"customer_id": "c-9", "campaign": "spring"}


def test_a_survey_answer_goes_to_the_store(store: MemoryStore, domain: dict[str, Any]) -> None:
    tracker = make_tracker(
        completed_survey(score="10", reason="quick", metadata=METADATA),
        slots={"nps_score": 10, "nps_reason": "quick"},
    )
    assert run(ActionSubmitNps(), tracker, domain) == ["utter_thanks_nps"]
    (answer,) = store.answers
    assert (answer.kind, answer.score, answer.comment) == (SurveyKind.NPS, 10, "quick")
    assert (answer.customer_id, answer.campaign) == ("c-9", "spring")


def test_a_campaign_survey_asks_the_store_about_the_throttle(
    store: MemoryStore, domain: dict[str, Any]
) -> None:
    trigger = user("EXTERNAL: start_nps", "start_nps", metadata={**METADATA, "is_external": True})
    store.surveyed.add("c-9")
    run(ActionStartNps(), make_tracker([trigger]), domain)
    assert store.offers == []  # throttled: not offered
    store.surveyed.clear()
    run(ActionStartNps(), make_tracker([trigger]), domain)
    ((kind, _sender, context),) = store.offers
    assert (kind, context.customer_id) == (SurveyKind.NPS, "c-9")


def test_a_handoff_and_an_order_lookup_go_to_the_store(
    store: MemoryStore, domain: dict[str, Any]
) -> None:
    said = run(
        ActionHandoff(), make_tracker([user("a person please", "contact_human_agent")]), domain
    )
    assert said[0] == "utter_handoff"
    (request,) = store.handoffs
    assert request.transcript[-1]["text"] == "a person please"

    store.orders["A1234567"] = OrderInfo(order_number="A1234567", status=OrderStatus.SHIPPED)
    events = [
        user("where is my order?", "track_order"),
        action("order_number_form"),
        loop("order_number_form"),
        user("A1234567"),
        slot("order_number", "A1234567"),
        loop(None),
    ]
    said = run(ActionLookupOrder(), make_tracker(events), domain)
    assert said and all(response != "utter_order_lookup_unavailable" for response in said)


def test_the_reason_is_read_for_sentiment_through_the_store(
    store: MemoryStore, domain: dict[str, Any]
) -> None:
    """A multilingual analyzer's confident "negative" on a Georgian reason (no English word
    in it) asks a promoter to confirm the score: the language does not matter, the label
    and its confidence do."""
    reason = "ამანათი სამი კვირა არ მოსულა, აღარასდროს"
    store.sentiments[reason] = SentimentResult(Label.NEGATIVE, -0.7, 0.8, "memory")
    events = [*completed_survey(score="10", reason=reason)[:-3], user(reason)]
    tracker = make_tracker(events, slots={"nps_score": 10, "requested_slot": "nps_reason"})
    form = ValidateNpsForm()
    result = asyncio.run(form.validate_nps_reason(reason, CollectingDispatcher(), tracker, domain))
    assert result == {"nps_reason": reason, "nps_negative_comment": True}
    tracker.slots.update(result)
    required = asyncio.run(
        form.required_slots(form.domain_slots(domain), CollectingDispatcher(), tracker, domain)
    )
    assert required == ["nps_score", "nps_reason", "nps_score_confirmed", "nps_contact"]
