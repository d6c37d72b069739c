"""Small parts of the pages on their own: transcripts, the sign-in brake, breakdowns, helpers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from pydantic import SecretStr
from sqlalchemy.orm import Session

from feedback_api.models import Conversation
from feedback_api.settings import Settings
from feedback_api.storage import metrics, sign_ins
from feedback_api.storage.breakdowns import Dimension, nps_breakdown
from feedback_api.storage.sign_ins import MAX_PER_ADDRESS, MAX_PER_USER_AT_ADDRESS, WINDOW
from feedback_api.web.pages import age, number, safe_next
from feedback_api.web.transcript import lines_from_rasa, load_transcript
from tests.storage.factories import Data

T0 = datetime(2026, 4, 6, 9, tzinfo=UTC)


def test_tracker_events_become_what_the_customer_saw() -> None:
    events = [
        {"event": "session_started", "timestamp": 1.0},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "hi", "timestamp": 2.0},
        {
            "event": "bot",
            "text": "How likely ...?",
            "data": {"buttons": [{"title": str(n), "payload": f'/inform_score{{"score":"{n}"}}'}
                                 for n in range(11)]},
            "timestamp": 3.0,
        },
        {"event": "user", "text": '/inform_score{"score":"2"}', "timestamp": 4.0},
        {"event": "user", "text": "/skip", "parse_data": {"entities": []}},
        {"event": "session_started", "timestamp": 5.0},
        {"event": "user", "text": "ბარემ ქართულად", "timestamp": 6.0},
    ]  # fmt: skip
    lines = lines_from_rasa(events)
    assert [(line.role, line.text) for line in lines] == [
        ("user", "hi"),
        ("bot", "How likely ...?"),
        ("user", "2"),  # the button's title; a payload nobody typed (/skip) is left out
        ("session", "New session"),
        ("user", "ბარემ ქართულად"),
    ]
    assert lines[1].buttons == tuple(str(n) for n in range(11))
    assert lines[0].timestamp == datetime(1970, 1, 1, 0, 0, 2, tzinfo=UTC)


def test_transcript_uses_rasa_then_the_snapshot(tmp_path: object) -> None:
    settings = Settings(
        rasa_url="http://rasa.internal:5005/",
        rasa_token=SecretStr("s3cret"),
        _env_file=None,  # type: ignore[call-arg]
    )
    conversation = Conversation(
        sender_id="web-1", transcript=[{"role": "user", "text": "saved", "timestamp": None}]
    )
    seen: list[httpx.Request] = []

    def up(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"events": [{"event": "user", "text": "live"}]})

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    live = load_transcript(
        settings, conversation, client=httpx.Client(transport=httpx.MockTransport(up))
    )
    assert live.source == "rasa" and [line.text for line in live.lines] == ["live"]
    assert live.notice is None
    assert str(seen[0].url) == (
        "http://rasa.internal:5005/conversations/web-1/tracker?include_events=ALL&token=s3cret"
    )

    offline = load_transcript(
        settings, conversation, client=httpx.Client(transport=httpx.MockTransport(down))
    )
    assert offline.source == "snapshot" and [line.text for line in offline.lines] == ["saved"]
    assert "could not be reached" in (offline.notice or "")

    error = httpx.MockTransport(lambda request: httpx.Response(500))
    nothing = load_transcript(
        settings, Conversation(sender_id="x", transcript=[]), client=httpx.Client(transport=error)
    )
    assert nothing.source == "none" and "no copy was saved" in (nothing.notice or "")
    assert "did not come from a chat" in (load_transcript(settings, None).notice or "")


def test_throttle_blocks_after_repeated_failures_and_forgets_later(session: Session) -> None:
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    for _ in range(MAX_PER_USER_AT_ADDRESS):
        assert sign_ins.retry_after(session, username="ana", address="1.2.3.4", now=now) == 0
        sign_ins.record_failure(session, username="ana", address="1.2.3.4", now=now)
    session.commit()
    wait = sign_ins.retry_after(session, username="ana", address="1.2.3.4", now=now)
    assert 0 < wait <= WINDOW.total_seconds()
    # the real user elsewhere, and another user here, are not locked out by these guesses
    assert sign_ins.retry_after(session, username="ana", address="5.6.7.8", now=now) == 0
    assert sign_ins.retry_after(session, username="ben", address="1.2.3.4", now=now) == 0
    later = now + WINDOW + timedelta(seconds=1)
    assert sign_ins.retry_after(session, username="ana", address="1.2.3.4", now=later) == 0
    sign_ins.record_failure(session, username="ana", address="1.2.3.4", now=later)
    sign_ins.record_success(session, username="ana", address="1.2.3.4")
    assert sign_ins.retry_after(session, username="ana", address="1.2.3.4", now=later) == 0


def test_the_address_limit_covers_many_usernames(session: Session) -> None:
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    for index in range(MAX_PER_ADDRESS):
        sign_ins.record_failure(session, username=f"u{index}", address="9.9.9.9", now=now)
    session.commit()
    assert sign_ins.retry_after(session, username="new", address="9.9.9.9", now=now) > 0


def test_breakdown_rows_add_up_to_the_total(session: Session, data: Data) -> None:
    for score, channel, language in (
        (10, "web", "en"), (9, "web", "ka"), (2, "email", "en"), (7, "web", "hy"), (0, "app", "am")
    ):  # fmt: skip
        data.answer("nps", score, at=T0, channel=channel, language=language)
    filters = metrics.MetricFilters(start=T0 - timedelta(days=1), end=T0 + timedelta(days=1))
    total = metrics.nps_counts(session, filters=filters)
    for dimension in Dimension:
        rows = nps_breakdown(session, filters=filters, by=dimension)
        assert sum(c.responses for _, c in rows) == total.responses
        assert sum(c.promoters for _, c in rows) == total.promoters
    by_channel = nps_breakdown(session, filters=filters, by=Dimension.CHANNEL)
    assert by_channel[0][0] == "web" and by_channel[0][1].responses == 3  # most answers first


def test_helpers() -> None:
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert age(now - timedelta(seconds=20), now) == "just now"
    assert age(now - timedelta(minutes=5), now) == "5 min"
    assert age(now - timedelta(hours=3), now) == "3 h"
    assert age(now - timedelta(days=2), now) == "2 d"
    assert number(None) == "–"
    assert number(-12.345, 1, signed=True) == "−12.3"
    assert number(0.0, 1, signed=True) == "+0.0"
    assert safe_next("/console/queue?x=1", "/") == "/console/queue?x=1"
    for bad in ("//evil", "https://evil", "/\\evil", "", None, "/x\r\nSet-Cookie: a=b"):
        assert safe_next(bad, "/home") == "/home"
