"""Reports read the rollups; they must equal a direct aggregate over the answers, always.

Random answers (through the ORM hook and through the demo's bulk path), random windows,
time zones and filters, on SQLite and PostgreSQL; concurrent writers; a backfill; changes
and deletes. The oracle here is written independently of the rollups: plain grouped SQL
over ``survey_responses`` and ``survey_offers``, periods worked out in Python.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from feedback_api.db import period_start, session_factory
from feedback_api.models import ResponseCount, SurveyOffer, SurveyResponse
from feedback_api.policy import SurveyKind
from feedback_api.schemas.metrics import MetricFilters, NpsCounts, Unit
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage import rollups
from feedback_api.storage.breakdowns import Dimension, nps_breakdown
from feedback_api.storage.metrics import csat_counts, csat_trend, nps_counts, nps_trend
from feedback_api.storage.responses import store_response
from sentiment import TextBlobAnalyzer
from tests.storage.factories import Data

T0 = datetime(2024, 3, 1, tzinfo=UTC)
SPAN_H = 24 * 70
ZONES = ("UTC", "Asia/Tbilisi", "Asia/Kolkata", "America/New_York", "Asia/Kathmandu")


def _answer(rng: random.Random) -> dict[str, object]:
    kind = rng.choice(["nps", "csat"])
    dismissed = rng.random() < 0.1
    score = None if dismissed else rng.randint(0, 10) if kind == "nps" else rng.randint(1, 5)
    return {
        "kind": SurveyKind(kind),
        "score": score,
        "dismissed": dismissed,
        "channel": rng.choice(["web", "email"]),
        "language": rng.choice(["en", "ka"]),
        "campaign": rng.choice([None, "spring"]),
        "segment": rng.choice([None, "vip"]),
        "created_at": T0 + timedelta(minutes=rng.randint(0, SPAN_H * 60)),
    }


def _fill(session: Session, rng: random.Random, answers: int, offers: int) -> None:
    """Answers and offers through the ORM (so through the rollup hook)."""
    for _ in range(answers):
        session.add(SurveyResponse(source="test", **_answer(rng)))
    for _ in range(offers):
        session.add(
            SurveyOffer(
                kind=rng.choice([SurveyKind.NPS, SurveyKind.CSAT]),
                channel=rng.choice(["web", "email"]),
                language=rng.choice(["en", "ka"]),
                campaign=rng.choice([None, "spring"]),
                offered_at=T0 + timedelta(minutes=rng.randint(0, SPAN_H * 60)),
            )
        )
    session.commit()


def _matches(row: SurveyResponse | SurveyOffer, filters: MetricFilters) -> bool:
    moment = row.created_at if isinstance(row, SurveyResponse) else row.offered_at
    if not filters.start <= moment < filters.end:
        return False
    names = ("channel", "language", "campaign", "segment")
    return all(
        getattr(filters, n) is None or getattr(row, n, None) == getattr(filters, n) for n in names
    )


def _direct(session: Session, filters: MetricFilters, kind: SurveyKind, unit: Unit | None):  # type: ignore[no-untyped-def]
    """Per period (or None) Counter of 'n<score>' / 'dismissed' / 'offers', from raw rows."""
    result: dict[object, Counter[str]] = {}
    for answer in session.scalars(select(SurveyResponse).where(SurveyResponse.kind == kind)):
        if _matches(answer, filters):
            key = _period(answer.created_at, unit, filters.tz)
            column = "dismissed" if answer.dismissed else f"n{answer.score}"
            result.setdefault(key, Counter())[column] += 1
    for offer in session.scalars(select(SurveyOffer).where(SurveyOffer.kind == kind)):
        if filters.segment is None and _matches(offer, filters):
            result.setdefault(_period(offer.offered_at, unit, filters.tz), Counter())["offers"] += 1
    return result


def _period(moment: datetime, unit: Unit | None, tz: str) -> object:
    if unit is None:
        return None
    naive = moment.astimezone(UTC).replace(tzinfo=None).isoformat()
    return datetime.fromisoformat(period_start(naive, unit.value, tz) or "").date()


def _nps(counter: Counter[str]) -> NpsCounts:
    n = [counter[f"n{s}"] for s in range(11)]
    return NpsCounts(
        promoters=n[9] + n[10],
        passives=n[7] + n[8],
        detractors=sum(n[:7]),
        dismissed=counter["dismissed"],
    )


def _random_filters(rng: random.Random) -> MetricFilters:
    start = T0 + timedelta(minutes=rng.randint(-600, SPAN_H * 60))
    length = timedelta(minutes=rng.randint(1, SPAN_H * 60))
    if rng.random() < 0.3:  # whole local days, like a dashboard's date picker
        start = start.replace(hour=0, minute=0, second=0, microsecond=0)
        length = timedelta(days=rng.randint(1, 60))
    return MetricFilters(
        start=start,
        end=start + length,
        tz=rng.choice(ZONES),
        channel=rng.choice([None, None, "web"]),
        language=rng.choice([None, None, "ka"]),
        campaign=rng.choice([None, None, "spring"]),
        segment=rng.choice([None, None, None, "vip"]),
    )


def _check_reports(session: Session, rng: random.Random, rounds: int) -> None:
    for _ in range(rounds):
        filters = _random_filters(rng)
        unit = rng.choice([None, Unit.DAY, Unit.WEEK, Unit.MONTH])
        nps = _direct(session, filters, SurveyKind.NPS, unit)
        csat = _direct(session, filters, SurveyKind.CSAT, unit)
        if unit is None:
            assert nps_counts(session, filters=filters) == _nps(nps.get(None, Counter())), filters
            got = csat_counts(session, filters=filters)
            expected = csat.get(None, Counter())
            assert got.distribution == {s: expected[f"n{s}"] for s in range(1, 6)}, filters
            assert got.dismissed == expected["dismissed"]
            if filters.segment is None:
                assert got.offers == expected["offers"], filters
            continue
        for period, counts in nps_trend(session, filters=filters, unit=unit):
            assert counts == _nps(nps.get(period, Counter())), (filters, unit, period)
        for period, c in csat_trend(session, filters=filters, unit=unit):
            expected = csat.get(period, Counter())
            assert c.distribution == {s: expected[f"n{s}"] for s in range(1, 6)}, (filters, unit)
            if filters.segment is None:
                assert c.offers == expected["offers"], (filters, unit, period)


def _check_breakdown(session: Session, filters: MetricFilters) -> None:
    for by in Dimension:
        groups: dict[object, Counter[str]] = {}
        for answer in session.scalars(select(SurveyResponse).where(SurveyResponse.kind == "nps")):
            if _matches(answer, filters):
                column = "dismissed" if answer.dismissed else f"n{answer.score}"
                groups.setdefault(getattr(answer, by.value), Counter())[column] += 1
        got = nps_breakdown(session, filters=filters, by=by)
        assert dict(got) == {value: _nps(c) for value, c in groups.items()}
        answered = [c.responses for _, c in got]
        assert answered == sorted(answered, reverse=True)


def _verify(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        return rollups.verify(connection)


def test_reports_equal_a_direct_aggregate(session: Session, engine: Engine) -> None:
    rng = random.Random(12)
    _fill(session, rng, answers=400, offers=150)

    assert _verify(engine) == (0, 0)
    _check_reports(session, rng, rounds=60)
    _check_breakdown(session, _random_filters(rng))
    _check_breakdown(session, MetricFilters(start=T0, end=T0 + timedelta(days=80)))


def test_changes_and_deletes_move_the_counts(session: Session, engine: Engine) -> None:
    rng = random.Random(5)
    _fill(session, rng, answers=120, offers=40)
    answers = list(session.scalars(select(SurveyResponse)))
    for answer in rng.sample(answers, 30):  # an edit of every counted field, some at once
        answer.channel = "in_app"
        answer.created_at = answer.created_at + timedelta(hours=rng.randint(-50, 50))
        if answer.kind is SurveyKind.NPS and not answer.dismissed:
            answer.score = rng.randint(0, 10)
        answer.campaign = rng.choice([None, "loyalty"])
    for answer in rng.sample(answers, 20):
        session.delete(answer)
    for offer in list(session.scalars(select(SurveyOffer)))[:10]:
        offer.offered_at = offer.offered_at - timedelta(days=3)
    session.commit()

    assert _verify(engine) == (0, 0)
    _check_reports(session, rng, rounds=20)


def test_backfill_and_rebuild(
    session: Session, engine: Engine, settings: Settings, analyzer: TextBlobAnalyzer
) -> None:
    rng = random.Random(9)
    _fill(session, rng, answers=200, offers=60)
    with engine.begin() as connection:  # as after an upgrade from before the rollups
        connection.execute(ResponseCount.__table__.delete())
    assert _verify(engine)[0] > 0

    with engine.begin() as connection:
        rollups.rebuild(connection)

    assert _verify(engine) == (0, 0)
    _check_reports(session, rng, rounds=15)


def test_demo_bulk_path_counts_too(
    session: Session, engine: Engine, settings: Settings, analyzer: TextBlobAnalyzer
) -> None:
    from feedback_api.demo import seed_responses

    seed_responses(session, count=600, seed=3, analyzer=analyzer, settings=settings)
    session.commit()

    assert _verify(engine) == (0, 0)


def test_concurrent_writers_count_every_answer_once(
    engine: Engine, settings: Settings, analyzer: TextBlobAnalyzer
) -> None:
    """Eight threads store answers into the same buckets at once, with a rebuild mid-way."""
    factory = session_factory(engine)
    errors: list[tuple[str, BaseException]] = []

    def write(worker: int) -> None:
        rng = random.Random(worker)
        try:
            with factory() as session:
                for n in range(25):
                    score = rng.randint(0, 10)
                    data = ResponseCreate(
                        kind=SurveyKind.NPS,
                        score=score,
                        channel="web",
                        language="en",
                        created_at=T0 + timedelta(minutes=rng.randint(0, 90)),
                        idempotency_key=f"w{worker}-{n}",
                    )
                    store_response(session, data, analyzer=analyzer, settings=settings)
        except BaseException as exc:
            errors.append(("writer", exc))

    def rebuild() -> None:
        # SQLite has one writer: on a loaded machine the rebuild may wait past the busy
        # timeout and roll back whole; trying again is what an operator would do.
        for attempt in range(5):
            try:
                with engine.begin() as connection:
                    rollups.rebuild(connection)
                return
            except OperationalError as exc:
                if "locked" not in str(exc) or attempt == 4:
                    errors.append(("rebuild", exc))
                    return
            except BaseException as exc:  # reported below
                errors.append(("rebuild", exc))
                return

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    threads.append(threading.Thread(target=rebuild))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert _verify(engine) == (0, 0)
    with factory() as session:
        total = nps_counts(session, filters=MetricFilters(start=T0, end=T0 + timedelta(days=1)))
    assert total.responses == 200


def test_the_factory_path_still_counts(data: Data, session: Session, engine: Engine) -> None:
    data.offer("csat", at=T0 + timedelta(hours=3))  # moved after it was recorded
    data.answer("csat", 5, at=T0 + timedelta(hours=3))

    assert _verify(engine) == (0, 0)
    counts = csat_counts(session, filters=MetricFilters(start=T0, end=T0 + timedelta(days=1)))
    assert (counts.offers, counts.responses) == (1, 1)


@pytest.mark.parametrize("tz", ZONES)
def test_plan_keeps_buckets_inside_one_period(tz: str) -> None:
    start = datetime(2024, 3, 1, 7, 13, tzinfo=UTC)
    end = datetime(2024, 11, 20, 2, 41, tzinfo=UTC)  # both DST changes of New York inside
    for unit in Unit:
        cut = rollups.plan(start, end, tz=tz, unit=unit.value)
        pieces = sorted(
            [(a, b, "d") for a, b in cut.days]
            + [(a, b, "h") for a, b in cut.hours]
            + [(a, b, "r") for a, b in cut.raw]
        )
        assert pieces[0][0] == start and pieces[-1][1] == end
        assert all(x[1] == y[0] for x, y in zip(pieces, pieces[1:], strict=False))
        for a, b, what in pieces:
            if what == "r":
                continue
            step = timedelta(days=1) if what == "d" else timedelta(hours=1)
            moment = a
            while moment < b:
                assert _period(moment, unit, tz) == _period(
                    moment + step - timedelta(microseconds=1), unit, tz
                )
                moment += step
        if tz == "UTC":
            assert sum((b - a for a, b in cut.raw), timedelta()) < timedelta(hours=2)


def test_a_process_that_only_stores_answers_keeps_the_rollups() -> None:
    """The action server imports the bot's gateway and never the reports; the rollups' ORM
    hooks must be on there too, or the bot's answers are missing from every report (the
    dashboard showed 0 answers after a chat survey)."""
    code = (
        "import sys\n"
        "import bot.actions.store\n"
        "from sqlalchemy import event\n"
        "from sqlalchemy.orm import Session\n"
        "hooks = sys.modules.get('feedback_api.storage.rollups')\n"
        "print(hooks is not None and event.contains(Session, 'after_flush', hooks._count_flush))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "True", result.stderr
