"""Switching language, skipping a survey and handing over, in every language, against the
real bot: the real NLU (with its language-request component), Rasa's rules and forms, the
action server and the database.

* "English please", "ქართულად", "በአማርኛ": the bot confirms in the new language and goes on
  where it was (the pending survey question is asked again, in the new language).
* "ዝለል", "Բաց թողնել", "გამოტოვება" end a survey in every language, whatever the NLU made
  of them, keeping what was answered.
* After the contact question of a handoff, nothing but the promise of a reply follows: no
  survey question comes back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from closedloop.runner import RunningServices
from feedback_api.db import make_engine
from feedback_api.models import SurveyResponse
from feedback_api.settings import Settings
from tests.e2e.conftest import LogWatch, say
from tests.e2e.test_languages_e2e import HOURS

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text("utf-8"))
COMPANY = "Acme Shop"


def text_of(response: str, language: str) -> str:
    """The text of ``response`` in ``language``, as domain.yml writes it (company filled in)."""
    for variation in DOMAIN["responses"][response]:
        condition = variation.get("condition") or [{"value": "en"}]
        if condition[0]["value"] == language:
            return str(variation["text"]).replace("{company_name}", COMPANY)
    raise AssertionError(f"{response} has no {language} text")


def stored(settings: Settings, campaign: str) -> list[tuple[str, int | None, str | None, bool]]:
    engine = make_engine(settings.sqlalchemy_url)
    with Session(engine) as session:
        rows = [
            (row.kind.value, row.score, row.comment, row.dismissed)
            for row in session.scalars(
                select(SurveyResponse)
                .where(SurveyResponse.campaign == campaign)
                .order_by(SurveyResponse.id)
            )
        ]
    engine.dispose()
    return rows


# --- switching language ------------------------------------------------------------------------


def test_switching_language_in_the_middle_of_the_survey_confirms_and_asks_again(
    bot: RunningServices, e2e_settings: Settings
) -> None:
    watch = LogWatch(bot.log_dir)
    sender, campaign = "e2e-switch-survey", "e2e-switch-survey"
    metadata = {"language": "ka", "campaign": campaign}
    question = text_of("utter_ask_nps_score", "ka")
    assert say(bot, sender, "/give_feedback", metadata) == [question]

    assert say(bot, sender, "English please", metadata) == [
        text_of("utter_language_switched", "en"),
        text_of("utter_ask_nps_score", "en"),
    ]
    assert say(bot, sender, "ქართულად", metadata) == [
        text_of("utter_language_switched", "ka"),
        question,
    ]
    assert stored(e2e_settings, campaign) == []  # no request was taken for a score
    assert say(bot, sender, "ცხრა", metadata) == [text_of("utter_ask_nps_reason", "ka")]
    assert say(bot, sender, "qartulad", metadata) == [
        text_of("utter_language_switched", "ka"),
        text_of("utter_ask_nps_reason", "ka"),
    ]
    say(bot, sender, "სწრაფი მიწოდება", metadata)
    assert stored(e2e_settings, campaign) == [("nps", 9, "სწრაფი მიწოდება", False)]
    assert watch.problems() == []


@pytest.mark.parametrize(
    ("first", "asks", "language"),
    [
        ("Բարև ձեզ", "በአማርኛ", "am"),
        ("hello", "qartulad", "ka"),
        ("ሰላም", "English please", "en"),
        ("გამარჯობა", "հայերեն", "hy"),
    ],
)
def test_a_language_request_is_confirmed_in_the_new_language(
    bot: RunningServices, first: str, asks: str, language: str
) -> None:
    sender = f"e2e-switch-{language}-{first.encode().hex()[:8]}"
    say(bot, sender, first)
    assert say(bot, sender, asks) == [text_of("utter_language_switched", language)]
    (answer,) = say(bot, sender, "/contact_customer_service")
    assert HOURS[language] in answer  # computed by the action server in the new language


# --- skipping a survey in every language --------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "skip"),
    [("ka", "გამოტოვება"), ("hy", "Բաց թողնել"), ("am", "ዝለል"), ("en", "no thanks")],
)
def test_a_skip_before_the_score_ends_the_survey_in_every_language(
    bot: RunningServices, e2e_settings: Settings, language: str, skip: str
) -> None:
    sender = campaign = f"e2e-skip-score-{language}"
    metadata = {"language": language, "campaign": campaign}
    say(bot, sender, "/give_feedback", metadata)
    assert say(bot, sender, skip, metadata) == [text_of("utter_survey_dismissed", language)]
    assert stored(e2e_settings, campaign) == [("nps", None, None, True)]


@pytest.mark.parametrize(
    ("language", "skip"),
    [("ka", "არა, მადლობა"), ("hy", "ոչ, շնորհակալություն"), ("am", "አይ አመሰግናለሁ")],
)
def test_a_skip_instead_of_the_reason_keeps_the_score(
    bot: RunningServices, e2e_settings: Settings, language: str, skip: str
) -> None:
    sender = campaign = f"e2e-skip-reason-{language}"
    metadata = {"language": language, "campaign": campaign}
    say(bot, sender, "/give_feedback", metadata)
    assert say(bot, sender, '/inform_score{"score":"9"}', metadata) == [
        text_of("utter_ask_nps_reason", language)
    ]
    assert say(bot, sender, skip, metadata) == [text_of("utter_thanks_nps", language)]
    assert stored(e2e_settings, campaign) == [("nps", 9, None, False)]


# --- after the handoff's contact question -------------------------------------------------------

CONTACTS = {
    "en": ("I want to talk to a person", "jane@example.com", "+1 555 010 0199"),
    "ka": ("ოპერატორთან საუბარი მინდა", "ჩემი ელფოსტაა nino@example.com", "+995 555 12 34 56"),
    "hy": ("Ուզում եմ խոսել օպերատորի հետ", "իմ էլ. հասցեն է anna@example.com", "+374 91 123456"),
    "am": ("ከሰው ጋር መነጋገር እፈልጋለሁ", "ኢሜይሌ abebe@example.com ነው", "+251 911 234 567"),
}


@pytest.mark.parametrize("language", sorted(CONTACTS))
@pytest.mark.parametrize("how", ["email", "phone"])
def test_the_csat_question_never_comes_back_after_the_handoff_contact(
    bot: RunningServices, language: str, how: str
) -> None:
    """The CSAT question is open when the (anonymous) customer asks for a person; after the
    contact question is answered, only the promise of a reply follows, then nothing more."""
    ask_person, email, phone = CONTACTS[language]
    sender = f"e2e-handoff-csat-{language}-{how}"
    metadata = {"language": language}
    csat = text_of("utter_ask_csat_score", language)
    assert say(bot, sender, "/check_refund_policy", metadata)[-1] == csat
    handed_over = say(bot, sender, ask_person, metadata)
    assert handed_over[-1] == text_of("utter_ask_handoff_contact", language)
    (promise,) = say(bot, sender, email if how == "email" else phone, metadata)
    assert csat not in promise
    assert promise.startswith(text_of("utter_handoff_contact_open", language)[:8]) or (
        promise.startswith(text_of("utter_handoff_contact_closed", language)[:8])
    )
    after = say(bot, sender, "/check_payment_methods", metadata)
    assert csat not in after  # one survey per conversation session


# --- small talk ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "hello", "fine_and_you"),
    [
        ("ka", "გამარჯობა", "kargad, shen?"),
        ("hy", "Բարև", "լավ եմ, դու՞"),
        ("am", "ሰላም", "ደህና ነኝ፣ አንተስ?"),
        ("en", "hi", "im good hbu"),
    ],
)
def test_fine_and_you_after_hello_is_answered_not_said_goodbye_to(
    bot: RunningServices, language: str, hello: str, fine_and_you: str
) -> None:
    """Round 14: the answer to a greeting that asks back was read as a goodbye in Georgian,
    Armenian and Amharic, and the bot said goodbye to a customer who had just said hello."""
    sender = f"e2e-small-talk-{language}"
    metadata = {"language": language}
    say(bot, sender, hello, metadata)
    assert say(bot, sender, fine_and_you, metadata) == [
        text_of("utter_doing_well", language),
        text_of("utter_how_can_i_help", language),
    ]


def _opening(response: str, language: str) -> str:
    """``response``'s text in ``language`` up to its first company value ("{website}")."""
    return text_of(response, language).split("{")[0]


@pytest.mark.parametrize(
    ("language", "product_question", "merge"),
    [
        ("en", "is the jacket in stock?", "can you merge my two accounts"),
        ("ka", "ეს ქურთუკი მარაგშია?", "ორი ანგარიში მაქვს, შეიძლება გაერთიანება?"),
        ("hy", "ի՞նչ արժե այս բլենդերը", "Երկու հաշիվ ունեմ, կարո՞ղ եք միավորել"),
        ("am", "የዚህ ጃኬት ዋጋ ስንት ነው?", "ሁለት መለያዎቼን ማዋሃድ እችላለሁ?"),
    ],
)
def test_stock_prices_and_merging_accounts_are_answered_in_every_language(
    bot: RunningServices, language: str, product_question: str, merge: str
) -> None:
    """Round 14: stock and price questions got "not something I can help with", and merging
    two accounts the steps to switch between them."""
    metadata = {"language": language}
    sender = f"e2e-product-{language}"
    (told, *_rest) = say(bot, sender, product_question, metadata)
    assert told.startswith(_opening("utter_product_question", language))
    assert "https://shop.example.com" in told
    (merged, *_rest) = say(bot, f"e2e-merge-{language}", merge, metadata)
    assert merged.startswith(_opening("utter_merge_accounts", language))
    assert "support@acme.example" in merged
