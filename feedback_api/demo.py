"""Demo data: believable answers over the last 120 days, so a new user sees the reports working.

The answers follow the same rules as real ones (sentiment of each comment, the follow-up
policy that opens a case, the case's history) but are written in bulk: sentiment is worked
out once per distinct demo comment, rows go in with PostgreSQL's ``COPY`` (a multi-row
insert on SQLite) and the database counts them into the report rollups once at the end, so
a million answers take minutes instead of hours through :func:`record_response` (measured:
docs/performance.md). Ids are reserved from the tables' own sequences, so the demo can be
added to a database that is in use. Demo orders (:func:`seed_demo_orders`) give the bot's
order tracking something to find; their numbers are listed in docs/support.md.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import column, func, select, table, text
from sqlalchemy.orm import Session

from feedback_api.models import (
    CaseEvent,
    Customer,
    FollowUpCase,
    Order,
    OrderStatus,
    RefundRejection,
    RefundStatus,
    SentimentRecord,
    SurveyOffer,
    SurveyResponse,
    utcnow,
)
from feedback_api.policy import (
    CaseStatus,
    FollowUpDecision,
    FollowUpPolicy,
    SurveyKind,
    decide_follow_up,
    nps_category,
)
from feedback_api.settings import Settings
from feedback_api.storage.responses import Analyzer
from feedback_api.storage.rollups import add_counts
from sentiment import SentimentResult

_COMMENTS: dict[str, dict[str, list[str]]] = {
    "en": {
        "promoter": [
            "Fast delivery and friendly support, thank you!",
            "Great prices and the app is easy to use.",
            "Excellent service, my refund came in two days.",
        ],
        "passive": [
            "Delivery was okay but took a day longer than promised.",
            "Fine overall, the website could be simpler.",
        ],
        "detractor": [
            "My order arrived broken and nobody answered my emails. Terrible.",
            "The worst support I have ever had, I waited a week for a refund.",
            "Very disappointed, the invoice was wrong twice.",
        ],
    },
    "ka": {
        "promoter": ["ძალიან კარგი მომსახურება, გმადლობთ!"],
        "passive": ["მიწოდება ნორმალური იყო."],
        "detractor": ["შეკვეთა დაგვიანდა და არავინ მიპასუხა."],
    },
    "hy": {
        "promoter": ["Շատ լավ սպասարկում, շնորհակալություն"],
        "passive": ["Առաքումը նորմալ էր"],
        "detractor": ["Պատվերը ուշացավ և ոչ ոք չպատասխանեց"],
    },
    "am": {
        "promoter": ["በጣም ጥሩ አገልግሎት፣ አመሰግናለሁ"],
        "passive": ["አቅርቦቱ መካከለኛ ነበር"],
        "detractor": ["ትዕዛዜ ዘግይቷል ማንም አልመለሰልኝም"],
    },
}
_CHANNELS = ["web", "web", "web", "email", "in_app"]
_CAMPAIGNS = [None, None, "spring_sale", "loyalty", "post_delivery"]
_SEGMENTS = ["retail", "retail", "business", "vip"]
_LANGUAGES = ["en", "en", "en", "en", "ka", "hy", "am"]


@dataclass(frozen=True)
class _Answer:
    """One generated answer, before ids are given out."""

    index: int
    kind: SurveyKind
    score: int | None
    comment: str | None
    dismissed: bool
    language: str
    channel: str
    campaign: str | None
    segment: str
    customer: int  # customers.id
    created: datetime  # naive UTC, as stored


CHUNK = 50_000  # answers generated and written at a time: bounded memory, few round trips
_AGENTS = ("ana", "levan", "mariam", "tigist", "aram")
# NPS weights for scores 0..10; older answers lean a little worse, so the trend improves.
_NPS_WEIGHTS_OLD = (3, 1, 1, 2, 3, 4, 5, 7, 9, 11, 9)
_NPS_WEIGHTS_NEW = (2, 1, 1, 2, 2, 3, 4, 7, 9, 12, 12)
_CSAT_WEIGHTS = (2, 2, 4, 9, 10)


def seed_responses(
    session: Session,
    *,
    count: int,
    seed: int,
    analyzer: Analyzer,
    settings: Settings,
    days: int = 120,
) -> int:
    """Store ``count`` NPS/CSAT answers over the last ``days`` days; returns how many were new.

    Each answer has a survey offer (and about a third more offers went unanswered, so the
    response rate is believable); comments get their sentiment; answers the follow-up
    policy flags get a case whose status and history depend on its age. Answers carry the
    idempotency key ``demo:<seed>:<n>``, so running the same seed again adds nothing twice.
    """
    rng = random.Random(seed)
    now = utcnow().replace(tzinfo=None)
    policy = FollowUpPolicy.from_settings(settings)
    moods = {
        (language, comment): analyzer.analyze(comment, language)
        for language, bands in _COMMENTS.items()
        for comments in bands.values()
        for comment in comments
    }
    customers = _ensure_customers(session, rng, max(10, count // 2))
    existing = _existing_keys(session, seed)
    for name in _NEW_IDS:
        session.execute(text(f"CREATE TEMP TABLE {name} (id bigint PRIMARY KEY)"))
    stored = 0
    for first in range(0, count, CHUNK):
        answers = [
            a
            for a in _generate(rng, first, min(CHUNK, count - first), customers, now, days)
            if a.index not in existing
        ]
        _store(session, answers, seed=seed, moods=moods, policy=policy, settings=settings, now=now)
        stored += len(answers)
    _count(session)
    return stored


def _ensure_customers(
    session: Session, rng: random.Random, count: int
) -> list[tuple[int, str, str]]:
    """Demo customers ``demo-1``..``demo-<count>``: (id, language, segment), index 0 unused."""
    rows = [
        (f"demo-{n}", rng.choice(_LANGUAGES), rng.choice(_SEGMENTS)) for n in range(1, count + 1)
    ]
    created = utcnow().replace(tzinfo=None)
    columns = "external_id, language, segment, email_consent, tags, created_at"
    if _is_postgres(session):
        session.execute(
            text(
                "CREATE TEMP TABLE demo_customers (external_id varchar(255), "
                "language varchar(16), segment varchar(64)) ON COMMIT DROP"
            )
        )
        _copy(session, "demo_customers", ("external_id", "language", "segment"), rows)
        session.execute(
            text(
                f"INSERT INTO customers ({columns}) SELECT external_id, language, segment, "
                "false, '[]', :created FROM demo_customers ON CONFLICT (external_id) DO NOTHING"
            ),
            {"created": created},
        )
    else:
        session.connection().exec_driver_sql(
            f"INSERT INTO customers ({columns}) VALUES (?, ?, ?, 0, '[]', ?) "
            "ON CONFLICT (external_id) DO NOTHING",
            [(*row, _sqlite_value(created)) for row in rows],
        )
    found = session.execute(
        select(Customer.external_id, Customer.id).where(Customer.external_id.like("demo-%"))
    )
    # dict(result) would treat the Result as a mapping (it has .keys()); read its rows.
    ids = {row[0]: row[1] for row in found}
    # A customer who existed before keeps its id; its language and segment are drawn anyway.
    return [(0, "en", "retail")] + [(ids[ext], lang, seg) for ext, lang, seg in rows]


def _existing_keys(session: Session, seed: int) -> set[int]:
    prefix = f"demo:{seed}:"
    keys = session.scalars(
        select(SurveyResponse.idempotency_key).where(
            SurveyResponse.idempotency_key.like(prefix + "%")
        )
    )
    return {int(key[len(prefix) :]) for key in keys if key is not None}


def _generate(
    rng: random.Random,
    first: int,
    count: int,
    customers: list[tuple[int, str, str]],
    now: datetime,
    days: int,
) -> Iterator[_Answer]:
    span = days * 24 * 60
    for index in range(first, first + count):
        customer, home_language, segment = customers[rng.randint(1, len(customers) - 1)]
        # Most people answer in the language they chose; some switch.
        language = home_language if rng.random() < 0.9 else rng.choice(_LANGUAGES)
        kind = SurveyKind.NPS if rng.random() < 0.75 else SurveyKind.CSAT
        age = rng.randint(5, span)
        dismissed = rng.random() < 0.08
        if kind is SurveyKind.NPS:
            weights = _NPS_WEIGHTS_OLD if age > span // 2 else _NPS_WEIGHTS_NEW
            score = rng.choices(range(11), weights=weights)[0]
            band = nps_category(score).value
        else:
            score = rng.choices(range(1, 6), weights=_CSAT_WEIGHTS)[0]
            band = "promoter" if score >= 4 else "passive" if score == 3 else "detractor"
        # Unhappy customers write more often than happy ones.
        wants_comment = rng.random() < (0.85 if band == "detractor" else 0.6)
        comment = rng.choice(_COMMENTS[language][band]) if wants_comment else None
        yield _Answer(
            index=index,
            kind=kind,
            score=None if dismissed else score,
            comment=None if dismissed else comment,
            dismissed=dismissed,
            language=language,
            channel=rng.choice(_CHANNELS),
            campaign=rng.choice(_CAMPAIGNS),
            segment=segment,
            customer=customer,
            created=now - timedelta(minutes=age),
        )


def _store(
    session: Session,
    answers: Sequence[_Answer],
    *,
    seed: int,
    moods: dict[tuple[str, str], SentimentResult],
    policy: FollowUpPolicy,
    settings: Settings,
    now: datetime,
) -> None:
    """Write one chunk of answers with their offers, sentiment, cases and case history."""
    if not answers:
        return
    rng = random.Random(f"{seed}:{answers[0].index}")
    response_ids = _reserve_ids(session, SurveyResponse, len(answers))
    # Each answer has an offer, and about a third of them one more: ids for all that may be.
    offer_ids = iter(_reserve_ids(session, SurveyOffer, 2 * len(answers)))
    offers: list[tuple[Any, ...]] = []
    responses: list[tuple[Any, ...]] = []
    sentiments: list[tuple[Any, ...]] = []
    flagged: list[tuple[_Answer, int, int, FollowUpDecision]] = []
    decisions: dict[tuple[SurveyKind, int | None, str | None, str], FollowUpDecision] = {}
    for answer, response_id in zip(answers, response_ids, strict=True):
        customer_id = answer.customer
        offer = (
            next(offer_ids),
            answer.kind.value,
            customer_id,
            answer.channel,
            answer.language,
            answer.campaign,
            answer.created - timedelta(minutes=rng.randint(1, 30)),
        )
        offers.append(offer)
        if rng.random() < 0.35:  # another survey this customer was offered and ignored
            offers.append(
                (next(offer_ids), *offer[1:6], offer[6] - timedelta(days=rng.randint(1, 30)))
            )
        category = (
            nps_category(answer.score).value
            if answer.kind is SurveyKind.NPS and answer.score is not None
            else None
        )
        responses.append(
            (
                response_id,
                answer.kind.value,
                answer.score,
                category,
                answer.comment,
                answer.dismissed,
                answer.language,
                answer.channel,
                answer.campaign,
                answer.segment,
                "demo",
                customer_id,
                f"demo:{seed}:{answer.index}",
                answer.created,
                answer.created,
            )
        )
        mood = moods[(answer.language, answer.comment)] if answer.comment else None
        if mood is not None:
            sentiments.append(
                (
                    response_id,
                    mood.label,
                    float(mood.polarity),
                    float(mood.confidence),
                    mood.backend,
                    mood.reason,
                    answer.created,
                )
            )
        key = (answer.kind, answer.score, answer.comment, answer.language)
        if key not in decisions:
            decisions[key] = decide_follow_up(
                kind=answer.kind, score=answer.score, sentiment=mood, complaint=False, policy=policy
            )
        if decisions[key].flagged and not answer.dismissed:
            flagged.append((answer, response_id, customer_id, decisions[key]))
    _copy(session, SurveyOffer.__tablename__, _OFFER_COLUMNS, offers)
    _copy(session, SurveyResponse.__tablename__, _RESPONSE_COLUMNS, responses)
    _copy(session, _NEW_IDS[0], ("id",), [(row[0],) for row in responses])
    _copy(session, _NEW_IDS[1], ("id",), [(row[0],) for row in offers])
    _copy(session, SentimentRecord.__tablename__, _SENTIMENT_COLUMNS, sentiments)
    _store_cases(session, rng, flagged, settings=settings, now=now)


def _count(session: Session) -> None:
    """Add this run's answers and offers to the report rollups, counted by the database.

    ``COPY`` bypasses the ORM hook that would count them. The run noted the ids it wrote in
    two temporary tables; one grouped upsert per table and span counts them all at the
    end (a chunk's answers spread over the whole window, so counting chunk by chunk
    rewrote most buckets again for every chunk).
    """
    if _is_postgres(session):  # temporary tables get no autovacuum: give the planner sizes
        for name in _NEW_IDS:
            session.execute(text(f"ANALYZE {name}"))
    responses, offers = (select(table(name, column("id")).c.id) for name in _NEW_IDS)
    add_counts(
        session.connection(),
        responses=SurveyResponse.id.in_(responses),
        offers=SurveyOffer.id.in_(offers),
    )
    for name in _NEW_IDS:
        session.execute(text(f"DROP TABLE {name}"))


def _store_cases(
    session: Session,
    rng: random.Random,
    flagged: list[tuple[_Answer, int, int, FollowUpDecision]],
    *,
    settings: Settings,
    now: datetime,
) -> None:
    """Cases for flagged answers; older ones have mostly been contacted and resolved."""
    case_ids = _reserve_ids(session, FollowUpCase, len(flagged))
    cases: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    for (answer, response_id, customer_id, decision), case_id in zip(
        flagged, case_ids, strict=True
    ):
        opened = answer.created
        age_days = (now - opened).days
        done, working = (0.8, 0.1) if age_days > 14 else (0.4, 0.3) if age_days > 2 else (0.0, 0.3)
        draw = rng.random()
        status = (
            CaseStatus.RESOLVED
            if draw < done
            else CaseStatus.IN_PROGRESS
            if draw < done + working
            else CaseStatus.OPEN
        )
        events.append((case_id, "system", "status", None, CaseStatus.OPEN.value, opened))
        assignee = contacted = resolved = None
        updated = opened
        if status is not CaseStatus.OPEN:
            assignee = rng.choice(_AGENTS)
            contacted = min(now, opened + timedelta(minutes=rng.randint(10, 60 * 60)))
            events.append((case_id, assignee, "assignee", None, assignee, contacted))
            events.append((case_id, assignee, "status", "open", "in_progress", contacted))
            updated = contacted
        if status is CaseStatus.RESOLVED and contacted is not None:
            resolved = min(now, contacted + timedelta(minutes=rng.randint(10, 3 * 24 * 60)))
            events.append((case_id, assignee, "status", "in_progress", "resolved", resolved))
            updated = resolved
        cases.append(
            (
                case_id,
                response_id,
                customer_id,
                status.value,
                decision.priority,
                json.dumps([reason.value for reason in decision.reasons]),
                assignee,
                answer.channel,
                answer.language,
                answer.campaign,
                opened + timedelta(hours=settings.first_contact_hours),
                contacted,
                resolved,
                opened,
                updated,
                opened,
            )
        )
    _copy(session, FollowUpCase.__tablename__, _CASE_COLUMNS, cases)
    _copy(session, CaseEvent.__tablename__, _EVENT_COLUMNS, events)


_NEW_IDS = ("demo_new_responses", "demo_new_offers")  # temporary: what this run wrote
_OFFER_COLUMNS = ("id", "kind", "customer_id", "channel", "language", "campaign", "offered_at")
_RESPONSE_COLUMNS = (
    "id",
    "kind",
    "score",
    "category",
    "comment",
    "dismissed",
    "language",
    "channel",
    "campaign",
    "segment",
    "source",
    "customer_id",
    "idempotency_key",
    "created_at",
    "received_at",
)
_SENTIMENT_COLUMNS = (
    "response_id",
    "label",
    "polarity",
    "confidence",
    "backend",
    "reason",
    "created_at",
)
_CASE_COLUMNS = (
    "id",
    "response_id",
    "customer_id",
    "status",
    "priority",
    "reasons",
    "assignee",
    "channel",
    "language",
    "campaign",
    "due_at",
    "first_contact_at",
    "resolved_at",
    "created_at",
    "updated_at",
    "reported_at",
)
_EVENT_COLUMNS = ("case_id", "actor", "field", "old_value", "new_value", "created_at")


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _reserve_ids(
    session: Session,
    model: type[SurveyResponse] | type[SurveyOffer] | type[FollowUpCase],
    count: int,
) -> list[int]:
    """``count`` fresh ids for ``table``, so child rows can point at rows not yet written.

    PostgreSQL hands them out from the table's sequence (safe beside other writers). SQLite
    has one writer at a time and this transaction has already written, so the next ids
    after the largest are ours until it commits.
    """
    if count == 0:
        return []
    if _is_postgres(session):
        return list(
            session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :count)"
                ),
                {"table": model.__tablename__, "count": count},
            )
        )
    first = (session.scalar(select(func.coalesce(func.max(model.id), 0))) or 0) + 1
    return list(range(first, first + count))


def _sqlite_value(value: object) -> object:
    # SQLAlchemy's SQLite DateTime format (always with microseconds), so reads parse it.
    if isinstance(value, datetime):
        return value.isoformat(" ", timespec="microseconds")
    return value


def _copy(
    session: Session, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Append ``rows`` to ``table``: ``COPY`` on PostgreSQL, one multi-row insert on SQLite."""
    if not rows:
        return
    names = ", ".join(columns)
    connection = session.connection()
    if _is_postgres(session):
        driver = connection.connection.driver_connection
        with driver.cursor() as cursor:  # type: ignore[union-attr]
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(
        f"INSERT INTO {table} ({names}) VALUES ({marks})",
        [tuple(_sqlite_value(value) for value in row) for row in rows],
    )


# --- orders ------------------------------------------------------------------------------

_CARRIERS = ("UPS", "DHL", "FedEx", "USPS")


def _well_known_orders() -> list[dict[str, Any]]:
    """Ten guest orders, one per case the bot answers differently (docs/support.md).

    Guest orders (no customer) can be looked up from any chat, so a demo page works
    whatever ``customer_id`` it sends. Times are in days relative to now.
    """
    shipped = {"status": OrderStatus.SHIPPED, "carrier": "UPS"}
    delivered = {"status": OrderStatus.DELIVERED, "carrier": "DHL", "delivered": -3}
    return [
        {"number": "A1000001", **shipped, "tracking": "1Z999AA10123456784", "eta": 2},
        {**delivered, "number": "A1000002", "tracking": "JD014600003828463726"},
        {"number": "A1000003", "status": OrderStatus.PROCESSING, "eta": 4},
        {"number": "A1000004", "status": OrderStatus.PLACED, "eta": 6},
        {"number": "A1000005", "status": OrderStatus.CANCELLED, "refund": RefundStatus.PAID},
        {**delivered, "number": "A1000006", "refund": RefundStatus.REQUESTED},
        {**delivered, "number": "A1000007", "refund": RefundStatus.APPROVED},
        {**delivered, "number": "A1000008", "refund": RefundStatus.PAID},
        {
            **delivered,
            "number": "A1000009",
            "refund": RefundStatus.REJECTED,
            "rejection": RefundRejection.ITEM_USED,
        },
        {"number": "A1000010", **shipped, "carrier": "USPS", "eta": 1},
    ]


def _random_orders(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Orders of the demo customers (``demo-1``...), who also gave the demo answers."""
    orders: list[dict[str, Any]] = []
    for i in range(count):
        status = rng.choice(list(OrderStatus))
        order: dict[str, Any] = {
            "number": f"{2000001 + i}",
            "status": status,
            "customer": f"demo-{rng.randint(1, 10)}",
        }
        if status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            order["carrier"] = rng.choice(_CARRIERS)
            order["tracking"] = f"{rng.randrange(10**11, 10**12)}"
        if status is OrderStatus.DELIVERED:
            order["delivered"] = -rng.randint(1, 20)
            if rng.random() < 0.3:
                order["refund"] = rng.choice(list(RefundStatus)[1:])
                if order["refund"] is RefundStatus.REJECTED:
                    order["rejection"] = rng.choice(list(RefundRejection))
        elif status is not OrderStatus.CANCELLED:
            order["eta"] = rng.randint(1, 7)
        orders.append(order)
    return orders


def seed_demo_orders(session: Session, *, seed: int = 7) -> int:
    """Add the demo orders that are missing (idempotent); returns how many were added.

    30 orders: the ten well-known ``A1000001``-``A1000010`` and twenty ``2000001``-``2000020``
    of the demo customers. Independent of migrations and of the demo answers, so
    ``closedloop seed-demo`` and a development ``closedloop run`` can both call it.
    """
    rng = random.Random(seed)
    now = utcnow()
    orders = _well_known_orders() + _random_orders(rng, 20)
    existing = set(
        session.scalars(
            select(Order.order_number).where(Order.order_number.in_([o["number"] for o in orders]))
        )
    )
    added = 0
    for spec in orders:
        # Drawn before skipping, so an order looks the same whichever run adds it.
        total, placed_days_ago = round(rng.uniform(12, 240), 2), rng.randint(2, 30)
        if spec["number"] in existing:
            continue
        refund = spec.get("refund", RefundStatus.NONE)
        delivered = spec.get("delivered")
        session.add(
            Order(
                order_number=spec["number"],
                customer_external_id=spec.get("customer"),
                status=spec["status"],
                carrier=spec.get("carrier"),
                tracking_number=spec.get("tracking"),
                total_amount=total,
                currency="USD",
                placed_at=now - timedelta(days=placed_days_ago),
                estimated_delivery=now + timedelta(days=spec["eta"]) if "eta" in spec else None,
                delivered_at=now + timedelta(days=delivered) if delivered is not None else None,
                refund_status=refund,
                refund_amount=total if refund is not RefundStatus.NONE else None,
                refund_updated_at=now - timedelta(days=1)
                if refund is not RefundStatus.NONE
                else None,
                refund_rejection=spec.get("rejection"),
            )
        )
        added += 1
    session.flush()
    return added
