"""Test data made the way production makes it: through ``record_response`` and ``record_offer``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from feedback_api.models import SurveyOffer, SurveyResponse
from feedback_api.policy import SurveyKind
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.responses import Analyzer, record_offer, record_response


class Data:
    """Adds answers and offers, committing each so the API (another session) sees them."""

    def __init__(self, session: Session, *, analyzer: Analyzer, settings: Settings) -> None:
        self.session = session
        self.analyzer = analyzer
        self.settings = settings

    def answer(
        self,
        kind: str = "nps",
        score: int | None = None,
        *,
        at: datetime | None = None,
        transcript: list[dict[str, object]] | None = None,
        **fields: Any,
    ) -> SurveyResponse:
        data = ResponseCreate(kind=SurveyKind(kind), score=score, created_at=at, **fields)
        response, _ = record_response(
            self.session,
            data,
            analyzer=self.analyzer,
            settings=self.settings,
            transcript=transcript,
        )
        self.session.commit()
        return response

    def offer(
        self,
        kind: str = "csat",
        *,
        at: datetime | None = None,
        channel: str = "web",
        language: str = "en",
        campaign: str | None = None,
        customer_id: str | None = None,
    ) -> SurveyOffer:
        offer = record_offer(
            self.session,
            kind=SurveyKind(kind),
            customer_id=customer_id,
            sender_id=None,
            channel=channel,
            language=language,
            campaign=campaign,
        )
        if at is not None:
            offer.offered_at = at  # record_offer stamps "now"; reports need the past too
        self.session.commit()
        return offer
