from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from feedback_api.settings import Settings
from sentiment import TextBlobAnalyzer
from tests.storage.factories import Data


@pytest.fixture
def data(session: Session, analyzer: TextBlobAnalyzer, settings: Settings) -> Data:
    return Data(session, analyzer=analyzer, settings=settings)
