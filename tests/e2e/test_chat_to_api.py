"""The whole loop: a customer chats with the real Rasa bot, an agent and a marketer see it.

Uses the session's real Rasa server and action server (tests/e2e/conftest.py) on a fresh
SQLite database, and reads the results through the real API. Also runs ``rasa data
validate`` and the survey conversation tests (``tests/stories/test_survey.yml``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from closedloop.runner import RunningServices
from feedback_api.db import make_engine
from feedback_api.models import Customer
from feedback_api.settings import Settings
from tests.e2e.conftest import Api, run_rasa, run_story_tests, say

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

METADATA = {"customer_id": "c-42", "campaign": "spring", "language": "en"}
ANGRY = "The delivery was late and support was rude, terrible experience"
NPS_QUESTION = (
    "How likely are you to recommend Acme Shop to a friend or colleague? "
    "(0 = not at all likely, 10 = extremely likely)"
)
REASON_QUESTION = "What is the main reason for your score?"
CONTACT_QUESTION = "We're sorry to hear that. May someone from our team contact you about it?"
STORIES = "tests/stories/test_survey.yml"


def test_detractor_chat_reaches_the_agent_and_the_nps(
    bot: RunningServices, api: Api, e2e_settings: Settings
) -> None:
    greeting = say(bot, "e2e-detractor", "hi", METADATA)
    assert greeting[-1] == "How can I help you today?"  # no survey before helping
    assert say(bot, "e2e-detractor", "I want to give feedback") == [NPS_QUESTION]
    assert say(bot, "e2e-detractor", '/inform_score{"score":"3"}') == [REASON_QUESTION]
    assert say(bot, "e2e-detractor", ANGRY) == [CONTACT_QUESTION]
    assert say(bot, "e2e-detractor", "/affirm") == [
        "Which email address or phone number can we reach you at?"
    ]
    assert say(bot, "e2e-detractor", "jane at example dot com")[0].startswith(
        "That doesn't look like an email address"
    )
    (thanks,) = say(bot, "e2e-detractor", "sure, it's Jane@Example.com")
    assert thanks == (
        "Thank you for telling us. Someone from our team will contact you at "
        "jane@example.com to make it right."
    )

    page = api.client.get("/v1/detractors", params={"campaign": "spring"}, headers=api.agent)
    assert page.status_code == 200, page.text
    (item,) = page.json()["items"]
    assert (item["score"], item["comment"], item["status"]) == (3, ANGRY, "open")
    assert item["sentiment"]["label"] == "negative"
    assert item["customer_id"] == "c-42"
    assert item["priority"] == 1

    detail = api.client.get(f"/v1/feedback/{item['id']}", headers=api.agent)
    assert detail.status_code == 200, detail.text
    body = detail.json()
    assert body["response"]["flagged"] is True
    transcript = body["conversation"]["transcript"]
    assert [line["text"] for line in transcript if line["role"] == "user"] == [
        "hi",
        "I want to give feedback",
        "3",
        ANGRY,
        "Yes, please",
        "jane at example dot com",
        "sure, it's Jane@Example.com",
    ]
    engine = make_engine(e2e_settings.sqlalchemy_url)
    with Session(engine) as session:
        customer = session.scalars(select(Customer).where(Customer.external_id == "c-42")).one()
        assert (customer.email, customer.email_consent) == ("jane@example.com", True)
    engine.dispose()

    nps = api.client.get("/v1/nps", params={"campaign": "spring"}, headers=api.marketer)
    assert nps.status_code == 200, nps.text
    assert (nps.json()["responses"], nps.json()["detractors"]) == (1, 1)

    # A second customer, typing instead of clicking: a promoter.
    other = {"customer_id": "c-43", "campaign": "spring"}
    assert say(bot, "e2e-promoter", "can I rate you", other) == [NPS_QUESTION]
    assert say(bot, "e2e-promoter", "10/10") == [REASON_QUESTION]
    assert say(bot, "e2e-promoter", "Fast delivery and friendly people") == [
        "Thank you for your feedback! It helps us get better."
    ]
    report = api.client.get("/v1/nps", params={"campaign": "spring"}, headers=api.marketer).json()
    assert (report["responses"], report["promoters"], report["detractors"]) == (2, 1, 1)
    assert report["score"] == 0
    assert report["margin_of_error"] is not None
    spring = api.client.get("/v1/detractors", params={"campaign": "spring"}, headers=api.agent)
    assert len(spring.json()["items"]) == 1  # the promoter opened no case


def test_a_detractor_who_declines_contact_is_not_promised_a_call(
    bot: RunningServices, api: Api
) -> None:
    metadata = {"campaign": "e2e-decline"}
    say(bot, "e2e-decline", "I want to give feedback", metadata)
    say(bot, "e2e-decline", "4")
    assert say(bot, "e2e-decline", "too expensive") == [CONTACT_QUESTION]
    (thanks,) = say(bot, "e2e-decline", "no thanks")
    assert thanks.startswith("We're sorry we didn't live up to your expectations")
    assert "contact" not in thanks
    page = api.client.get("/v1/detractors", params={"campaign": "e2e-decline"}, headers=api.agent)
    (item,) = page.json()["items"]
    assert item["score"] == 4  # followed up anyway: a detractor opens a case


def test_skipping_the_survey_is_polite_and_stored_as_dismissed(
    bot: RunningServices, api: Api
) -> None:
    metadata = {"campaign": "e2e-skip"}
    say(bot, "e2e-skip", "I want to give feedback", metadata)
    assert say(bot, "e2e-skip", "banana")[0].startswith("Sorry, I didn't catch a score")
    assert say(bot, "e2e-skip", "skip") == ["No problem, thanks for your time!"]
    report = api.client.get("/v1/nps", params={"campaign": "e2e-skip"}, headers=api.marketer).json()
    assert report["responses"] == 0
    assert report["dismissed"] == 1


def test_training_data_is_valid(e2e_settings: Settings) -> None:
    run_rasa(
        e2e_settings,
        "data",
        "validate",
        "--domain",
        "domain.yml",
        "--data",
        "bot/data",
        "--config",
        "config.yml",
    )


def test_survey_conversation_stories(e2e_settings: Settings, model: Path, tmp_path: Path) -> None:
    run_story_tests(e2e_settings, model, STORIES, tmp_path / "results")
