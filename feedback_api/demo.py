"""Demo data: a few months of believable answers, so a new user sees the reports working.

Answers go through :func:`record_response` like real ones (sentiment, flagging, cases), so
the demo also shows what agents would see in their queue.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.orm import Session

from feedback_api.models import SurveyKind, utcnow
from feedback_api.schemas import ResponseCreate
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
            band = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
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
