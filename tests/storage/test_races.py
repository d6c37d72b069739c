"""Answers that arrive at the same moment: none may be lost (issue 11, defect 1).

Each test lines up threads on a barrier so their writes really overlap, each thread with
its own session, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, func, select

from feedback_api.db import session_factory
from feedback_api.models import Conversation, Customer, SurveyOffer, SurveyResponse
from feedback_api.policy import SurveyKind
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.responses import record_offer, store_response
from sentiment import TextBlobAnalyzer

THREADS = 24


def _race(
    engine: Engine,
    make: Callable[[int], ResponseCreate],
    *,
    analyzer: TextBlobAnalyzer,
    settings: Settings,
) -> list[tuple[int, bool]]:
    barrier = threading.Barrier(THREADS)
    factory = session_factory(engine)

    def one(index: int) -> tuple[int, bool]:
        data = make(index)
        with factory() as session:
            barrier.wait()
            stored, created = store_response(session, data, analyzer=analyzer, settings=settings)
            return stored.id, created

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(one, range(THREADS)))


def _count(engine: Engine, model: type[object]) -> int:
    with session_factory(engine)() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0  # type: ignore[arg-type]


def test_simultaneous_answers_of_a_new_customer_are_all_stored(
    engine: Engine, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    results = _race(
        engine,
        lambda i: ResponseCreate(
            kind=SurveyKind.NPS, score=i % 11, customer_id="race-1", conversation_id="conv-1"
        ),
        analyzer=analyzer,
        settings=settings,
    )
    assert all(created for _, created in results)
    assert _count(engine, SurveyResponse) == THREADS
    assert _count(engine, Customer) == 1
    assert _count(engine, Conversation) == 1


def test_simultaneous_retries_of_one_answer_are_stored_once(
    engine: Engine, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    results = _race(
        engine,
        lambda _: ResponseCreate(
            kind=SurveyKind.NPS, score=3, customer_id="race-2", idempotency_key="mail-0001"
        ),
        analyzer=analyzer,
        settings=settings,
    )
    assert len({response_id for response_id, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert _count(engine, SurveyResponse) == 1


def test_simultaneous_offers_in_a_new_conversation_share_it(engine: Engine) -> None:
    """Offers made at once in a conversation the database has not seen yet (each creates it
    in one upsert) all count, against one conversation and one customer."""
    barrier = threading.Barrier(THREADS)
    factory = session_factory(engine)

    def one(index: int) -> tuple[int | None, int | None]:
        with factory() as session:
            barrier.wait()
            offer = record_offer(
                session,
                kind=SurveyKind.NPS if index % 2 else SurveyKind.CSAT,
                customer_id="race-offer",
                sender_id="conv-offer",
                channel="web",
                language="en",
                campaign=None,
            )
            session.commit()
            return offer.conversation_id, offer.customer_id

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(one, range(THREADS)))
    assert len(set(results)) == 1
    assert _count(engine, SurveyOffer) == THREADS
    assert _count(engine, Conversation) == 1
    with factory() as session:
        conversation = session.scalars(select(Conversation)).one()
        assert (conversation.id, conversation.customer_id) == results[0]
        assert conversation.customer_id is not None


def test_an_offer_attaches_its_customer_to_a_conversation_without_one(engine: Engine) -> None:
    factory = session_factory(engine)

    def offer(customer_id: str | None, channel: str = "web") -> tuple[int | None, int | None]:
        with factory() as session:
            made = record_offer(
                session,
                kind=SurveyKind.NPS,
                customer_id=customer_id,
                sender_id="conv-attach",
                channel=channel,
                language="ka",
                campaign="spring",
            )
            session.commit()
            return made.conversation_id, made.customer_id

    anonymous = offer(None)
    first = offer("attach-1", channel="email")
    second = offer("attach-2")
    assert anonymous[0] == first[0] == second[0]
    with factory() as session:
        conversation = session.get(Conversation, anonymous[0])
        assert conversation is not None
        customer = session.get(Customer, conversation.customer_id)
        assert customer is not None and customer.external_id == "attach-1"
        # What the first offer stored stays: the channel, language and campaign it came with.
        assert (conversation.channel, conversation.language, conversation.campaign) == (
            "web",
            "ka",
            "spring",
        )
        assert conversation.transcript == []
