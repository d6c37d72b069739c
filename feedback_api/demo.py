"""Demo data: a few months of believable answers, so a new user sees the reports working.

Answers go through :func:`record_response` like real ones (sentiment, flagging, cases), so
the demo also shows what agents would see in their queue. Demo orders
(:func:`seed_demo_orders`) give the bot's order tracking something to find; their numbers
are listed in docs/support.md.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_api.models import Order, OrderStatus, RefundStatus, utcnow
from feedback_api.policy import SurveyKind, nps_category
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.responses import Analyzer, record_offer, record_response

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


def seed_responses(
    session: Session, *, count: int, seed: int, analyzer: Analyzer, settings: Settings
) -> int:
    """Store ``count`` NPS/CSAT answers (and their offers) spread over 120 days."""
    rng = random.Random(seed)
    now = utcnow()
    for i in range(count):
        language = rng.choice(_LANGUAGES)
        kind = SurveyKind.NPS if rng.random() < 0.75 else SurveyKind.CSAT
        created = now - timedelta(minutes=rng.randint(5, 120 * 24 * 60))
        channel, campaign = rng.choice(_CHANNELS), rng.choice(_CAMPAIGNS)
        customer = f"demo-{rng.randint(1, max(10, count // 2))}"
        dismissed = rng.random() < 0.08
        if kind is SurveyKind.NPS:
            score = rng.choices(range(11), weights=[2, 1, 1, 2, 2, 3, 4, 7, 9, 12, 11])[0]
            band = nps_category(score).value
        else:
            score = rng.choices(range(1, 6), weights=[2, 2, 4, 9, 10])[0]
            band = "promoter" if score >= 4 else "passive" if score == 3 else "detractor"
        comment = rng.choice(_COMMENTS[language][band]) if rng.random() < 0.7 else None
        record_offer(
            session,
            kind=kind,
            customer_id=customer,
            sender_id=None,
            channel=channel,
            language=language,
            campaign=campaign,
            offered_at=created,
        )
        record_response(
            session,
            ResponseCreate(
                kind=kind,
                score=None if dismissed else score,
                comment=None if dismissed else comment,
                dismissed=dismissed,
                customer_id=customer,
                channel=channel,
                language=language,
                campaign=campaign,
                segment=rng.choice(_SEGMENTS),
                created_at=created,
                idempotency_key=f"demo:{seed}:{i}",
            ),
            analyzer=analyzer,
            settings=settings,
            source="demo",
        )
    return count


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
        {**delivered, "number": "A1000009", "refund": RefundStatus.REJECTED},
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
            )
        )
        added += 1
    session.flush()
    return added
