"""Several conversations' survey reasons at once: read with the real model, off the event
loop, in shared model calls (the action server serves every conversation on one loop)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine

from bot.actions.services import Services, use_services
from bot.actions.survey import ValidateNpsForm
from feedback_api.analyzer import analyzer_from_settings
from feedback_api.settings import Settings
from sentiment import ChainAnalyzer, TransformersAnalyzer
from tests.bot.conftest import action, bot, loop, make_tracker, slot, user

pytestmark = pytest.mark.slow

REASONS = [
    ("შეკვეთა სამი კვირით დაიგვიანა და ოპერატორი არ პასუხობს", True),
    ("Պատվերը երկու շաբաթ է չի հասել, գումարն էլ չեն վերադարձնում", True),
    ("ትዕዛዜ ከሁለት ሳምንት በኋላም አልደረሰም፣ ገንዘቤም አልተመለሰም", True),
    ("The courier never came and nobody answers the phone.", True),
    ("კურიერი დროზე მოვიდა, ძალიან კმაყოფილი ვარ", False),
    ("Առաքումը շատ արագ էր, շնորհակալություն", False),
    ("በጣም ፈጣን አገልግሎት ነው፣ አመሰግናለሁ", False),
    ("Great support, fixed in five minutes.", False),
] * 2


def _asked_for_reason(text: str) -> list[dict[str, Any]]:
    return [
        action("nps_form"),
        loop("nps_form"),
        bot("What is the main reason for your score?", "utter_ask_nps_reason"),
        slot("requested_slot", "nps_reason"),
        action("action_listen"),
        user(text),
    ]


def test_reasons_of_many_conversations_share_model_calls_off_the_event_loop(
    settings: Settings, engine: Engine, domain: dict[str, Any]
) -> None:
    # The default analyzer (the built model), as the action server builds it.
    chain = analyzer_from_settings(settings)
    assert isinstance(chain, ChainAnalyzer), "no built sentiment model: run make setup"
    model = chain.analyzers[0]
    assert isinstance(model, TransformersAnalyzer)
    chain.warm_up()
    trackers = [
        make_tracker(_asked_for_reason(text), sender_id=f"conv-{index}")
        for index, (text, _negative) in enumerate(REASONS)
    ]

    async def conversations() -> tuple[list[dict[str, Any]], float, float]:
        worst, done = 0.0, asyncio.Event()

        async def ticker() -> None:
            nonlocal worst
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                worst = max(worst, now - last - 0.005)
                last = now

        tick = asyncio.create_task(ticker())
        started = time.perf_counter()
        results = await asyncio.gather(
            *(
                ValidateNpsForm().validate_nps_reason(text, CollectingDispatcher(), tracker, domain)
                for (text, _negative), tracker in zip(REASONS, trackers, strict=True)
            )
        )
        elapsed = time.perf_counter() - started
        done.set()
        await tick
        return list(results), worst, elapsed

    before = model.model_calls
    with use_services(Services(settings, engine=engine, analyzer=chain)):
        results, worst, elapsed = asyncio.run(conversations())
    calls = model.model_calls - before
    assert [r["nps_negative_comment"] for r in results] == [neg for _text, neg in REASONS]
    # Inference ran in worker threads: the loop kept ticking. Scored on the loop, the reasons
    # would stall it for a whole model call, and the few merged calls are most of the time
    # the reasons took; off the loop only a pause for the GIL is left, whatever the machine's
    # speed: 0.25 s on a quick machine, a quarter of the time taken on a loaded one (0.25 s
    # alone failed once at 0.32 s in a clean-clone run).
    print(f"worst stall {worst:.3f} s of {elapsed:.3f} s")
    assert worst < max(0.25, elapsed / 4), (worst, elapsed)
    # Reasons that arrived while the model was busy were read together.
    assert 1 <= calls < len(REASONS) / 2, calls
