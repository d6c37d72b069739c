"""A comment is scored before the answer's transaction begins.

With the transformers model a batch takes tens of milliseconds; scored inside the
transaction, every answer being scored held a pooled connection (and on PostgreSQL an open
transaction) meanwhile, so concurrent answers waited for the pool instead of the model.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from feedback_api.db import session_factory
from feedback_api.policy import SurveyKind
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.responses import store_response
from sentiment import SentimentResult, TextBlobAnalyzer


class _Watching:
    """The real analyzer, noting whether the session was in a transaction at each call."""

    def __init__(self, inner: TextBlobAnalyzer, session: Session) -> None:
        self.inner = inner
        self.session = session
        self.in_transaction: list[bool] = []

    def analyze(self, text: str, language: str = "en") -> SentimentResult:
        self.in_transaction.append(self.session.in_transaction())
        return self.inner.analyze(text, language)


def test_the_comment_is_scored_before_any_statement(
    engine: Engine, analyzer: TextBlobAnalyzer, settings: Settings
) -> None:
    data = ResponseCreate(
        kind=SurveyKind.NPS,
        score=2,
        comment="Terrible, the order never came",
        customer_id="scored-first",
        conversation_id="conv-scored-first",
        idempotency_key="scored-first-1",
    )
    with session_factory(engine)() as session:
        watching = _Watching(analyzer, session)
        stored, created = store_response(session, data, analyzer=watching, settings=settings)
        assert created
        assert watching.in_transaction == [False]
        assert stored.sentiment is not None and stored.sentiment.label == "negative"
        assert stored.case is not None
