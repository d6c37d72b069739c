"""Session start (company details and page context into slots) and the language slot."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk.events import ActionExecuted, SessionStarted
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.company import COMPANY_SLOTS, DEFAULT_COMPANY_FILE
from bot.actions.services import Services, use_services
from bot.actions.session import (
    ActionSessionStart,
    ValidateSlotMappings,
    localized_company_slots,
    metadata_slots,
)
from tests.bot.conftest import RunAction, make_tracker, slot, user

pytestmark = pytest.mark.usefixtures("services")


def start(run_action: RunAction, events: list[dict[str, Any]], metadata: Any = None) -> list[Any]:
    tracker = make_tracker(events, slots={"session_started_metadata": metadata})
    result, messages = run_action(ActionSessionStart(), tracker)
    assert messages == []
    return result


def slots_set(events: list[Any]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def test_a_new_session_gets_the_company_and_the_page_context(run_action: RunAction) -> None:
    metadata = {"customer_id": 42, "campaign": "spring", "language": "ka-GE", "channel": "app"}
    events = start(run_action, [], metadata)
    assert events[0] == SessionStarted()
    assert events[-1] == ActionExecuted("action_listen")
    values = slots_set(events)
    assert values["company_name"] == "Acme Shop"
    assert values["support_email"] == "support@acme.example"
    assert values["refund_window_days"] == "30"
    assert (values["customer_id"], values["campaign"], values["language"], values["channel"]) == (
        "42",
        "spring",
        "ka",
        "app",
    )


def test_slots_carry_over_and_this_sessions_page_wins(run_action: RunAction) -> None:
    previous = [slot("campaign", "winter"), slot("customer_id", "c-1"), slot("nps_category", "x")]
    values = slots_set(start(run_action, previous, {"campaign": "spring"}))
    assert values["campaign"] == "spring"
    assert values["customer_id"] == "c-1"  # not sent this time: carried over
    assert values["nps_category"] == "x"


def test_no_carry_over_when_the_domain_says_so(domain: dict[str, Any]) -> None:
    tracker = make_tracker([slot("campaign", "winter")])
    no_carry = {**domain, "session_config": {"carry_over_slots_to_new_session": False}}
    events = asyncio.run(ActionSessionStart().run(CollectingDispatcher(), tracker, no_carry))
    assert "campaign" not in slots_set(events)


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        (None, {}),
        ("not a dict", {}),
        ({"customer_id": "", "campaign": "has spaces", "language": "english!"}, {}),
        ({"customer_id": True, "channel": "x" * 65}, {}),
        ({"customer_id": " c-9 ", "language": "EN_us"}, {"customer_id": "c-9", "language": "en"}),
        ({"language": "fr-FR", "channel": "app"}, {"channel": "app"}),  # we do not answer in fr
    ],
)
def test_invalid_metadata_is_left_out(metadata: Any, expected: dict[str, str]) -> None:
    assert metadata_slots(metadata) == expected


def test_another_company_file(run_action: RunAction, services: Services, tmp_path: Path) -> None:
    raw = yaml.safe_load(DEFAULT_COMPANY_FILE.read_text(encoding="utf-8"))
    raw["name"], raw["support"]["email"] = "Globex", "help@globex.example"
    path = tmp_path / "globex.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    settings = services.settings.model_copy(update={"company_file": path})
    with use_services(Services(settings, engine=services.engine, analyzer=services.analyzer)):
        values = slots_set(start(run_action, []))
    assert (values["company_name"], values["support_email"]) == ("Globex", "help@globex.example")


# --- the language slot (action_validate_slot_mappings) ----------------------------------------


def language_after(
    domain: dict[str, Any],
    text: str,
    *,
    metadata: dict[str, Any] | None = None,
    current: Any = None,
    latin_letters: str | None = None,
) -> dict[str, Any]:
    """The slots ``action_validate_slot_mappings`` sets after ``text`` (``latin_letters``:
    the language the NLU pipeline read Latin letters in)."""
    message = user(text, metadata=metadata)
    if latin_letters is not None:
        message["parse_data"]["latin_letters_language"] = latin_letters
    tracker = make_tracker([message], slots={"language": current})
    return slots_set(
        asyncio.run(ValidateSlotMappings().run(CollectingDispatcher(), tracker, domain))
    )


@pytest.mark.parametrize(
    ("text", "metadata", "expected"),
    [
        ("გამარჯობა, სად არის ჩემი შეკვეთა?", None, "ka"),
        ("Բարև, որտեղ է իմ պատվերը", None, "hy"),
        ("ሰላም ትዕዛዜ የት ነው", None, "am"),
        ("where is my order", None, "en"),
        ("where is my order", {"language": "hy-AM"}, "hy"),
        ("გამარჯობა", {"language": "not a language!"}, "ka"),
        ("gamarjoba, sad aris chemi shekveta?", None, "ka"),
        ("barev dzez, patvers ushanum e", None, "hy"),
        ("selam, tezaze yet new?", None, "am"),
        ("hello there, where is my order", {"language": "fr"}, "en"),
        ("selam", {"language": "fr-FR"}, "am"),
    ],
)
def test_the_language_is_decided_on_the_first_message(
    domain: dict[str, Any], text: str, metadata: dict[str, Any] | None, expected: str
) -> None:
    values = language_after(domain, text, metadata=metadata)
    assert values["language"] == expected
    assert values["support_hours"]  # the company texts come in that language too


@pytest.mark.parametrize(
    ("text", "metadata"),
    [("/track_order", None), ("A1000001", None), ("hello", {"language": "fr"}), ("ok", None)],
)
def test_a_first_message_that_shows_no_language_leaves_it_undecided(
    domain: dict[str, Any], text: str, metadata: dict[str, Any] | None
) -> None:
    """A button, an order number or "ok" shows no language: English meanwhile, and the next
    message decides (round 20: "A1000001" then "ara", Georgian no, was answered in English)."""
    assert language_after(domain, text, metadata=metadata) == {}
    assert language_after(domain, "ara")["language"] == "ka"


def test_deciding_the_language_logs_no_warnings(
    domain: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    """The company slots set with the language are passed on without rasa_sdk's
    "Skipping validation" warning for each (19 lines a conversation, before)."""
    with caplog.at_level(logging.WARNING):
        values = language_after(domain, "hello", metadata={"language": "en-US"})
    assert values["language"] == "en"
    assert set(values) == {"language", *COMPANY_SLOTS}
    assert values["company_name"] == "Acme Shop"
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_only_the_company_slots_that_change_are_set_again(domain: dict[str, Any]) -> None:
    """After the session start set the English texts, deciding on English sets only the
    language (not 19 slots to the values they hold); Georgian sets the ones that differ."""
    english = localized_company_slots("en")
    tracker = make_tracker([user("hello, where is my order?")], slots={"language": None, **english})
    events = asyncio.run(ValidateSlotMappings().run(CollectingDispatcher(), tracker, domain))
    assert slots_set(events) == {"language": "en"}
    tracker = make_tracker([user("ქართულად")], slots={"language": "en", **english})
    values = slots_set(
        asyncio.run(ValidateSlotMappings().run(CollectingDispatcher(), tracker, domain))
    )
    georgian = localized_company_slots("ka")
    assert values == {"language": "ka"} | {
        name: value for name, value in georgian.items() if english[name] != value
    }
    assert values["support_hours"] == georgian["support_hours"]
    assert "company_name" not in values  # the same name in every language


@pytest.mark.parametrize(
    ("text", "current"),
    [
        ("barev", "ka"),
        ("ok", "am"),
        ("ok thanks", "ka"),
        ("A1000003", "hy"),
        ("ქართულად", "ka"),
        ("sad aris chemi shekveta?", "ka"),  # Georgian in Latin letters
        ("selam, tezaze yet new?", "am"),
        ("vortegh e im patvery", "hy"),  # no English words either
        ("/track_order", "ka"),
        ("Acme Shop", "hy"),
    ],
)
def test_a_short_or_unclear_message_keeps_the_language(
    domain: dict[str, Any], text: str, current: str
) -> None:
    assert language_after(domain, text, current=current) == {}


@pytest.mark.parametrize(
    ("text", "current", "expected"),
    [
        # "hi", then Georgian: the customer writes Georgian, so the bot answers in it.
        ("გამარჯობა, სად არის ჩემი შეკვეთა?", "en", "ka"),
        ("Ուզում եմ գումարս հետ ստանալ", "ka", "hy"),
        ("ትዕዛዜ መቼ ይደርሳል? A1000003", "en", "am"),
        ("კი", "en", "ka"),
        # On a Georgian or Armenian page, a sentence in English is answered in English.
        ("where is my order?", "ka", "en"),
        ("I want a refund for the shoes", "hy", "en"),
    ],
)
def test_writing_in_another_of_our_scripts_switches_the_language(
    domain: dict[str, Any], text: str, current: str, expected: str
) -> None:
    values = language_after(domain, text, current=current)
    assert values["language"] == expected
    assert values["support_hours"] == localized_company_slots(expected)["support_hours"]


@pytest.mark.parametrize(
    ("text", "current", "expected"),
    [
        ("English please", "ka", "en"),
        ("in English", "am", "en"),
        ("ქართულად", "en", "ka"),
        ("qartulad", "hy", "ka"),
        ("հայերեն", "en", "hy"),
        ("hayeren khndrum em", "en", "hy"),
        ("በአማርኛ", "ka", "am"),
        ("amarigna", "en", "am"),
    ],
)
def test_the_customer_can_switch_language_at_any_point(
    domain: dict[str, Any], text: str, current: str, expected: str
) -> None:
    values = language_after(domain, text, current=current)
    assert values["language"] == expected
    english = language_after(domain, "English please", current="hy")["support_hours"]
    assert values["support_hours"] != english or expected == "en"


@pytest.mark.parametrize(
    ("text", "read", "current", "expected"),
    [
        # "hi", then Latin-letter Georgian: it was answered in English to the end.
        ("shekvetis gauqmeba minda, ramdeni girs?", "ka", "en", "ka"),
        ("paroli damaviwyda ra vqna", "ka", "en", "ka"),
        ("vortegh e im patvery", "hy", "en", "hy"),
        ("paroli damaviwyda", "ka", "en", None),  # two words: too short to switch
        ("kargi madloba", "ka", "hy", None),  # short
        ("sad aris chemi shekveta", None, "en", None),  # the pipeline did not read it
        # From English only: between Georgian, Armenian and Amharic in Latin letters it is
        # a guess ("ay sew new mifelgew", Amharic, had been answered in Armenian).
        ("ay sew new mifelgew", "hy", "am", None),
        ("shekvetis gauqmeba minda, ramdeni girs?", "ka", "hy", None),
        # An address's words are no language (round 7: answered in Armenian).
        ("my email is anna.k@outlook.com", "hy", "en", None),  # stays English
        ("selam.w@gmail.com please", "am", "en", None),
    ],
)
def test_a_sentence_in_latin_letters_the_nlu_read_switches_the_language(
    domain: dict[str, Any], text: str, read: str | None, current: str, expected: str | None
) -> None:
    values = language_after(domain, text, current=current, latin_letters=read)
    assert values.get("language") == expected


def test_switching_renders_the_company_slots_again(domain: dict[str, Any]) -> None:
    values = language_after(domain, "ქართულად", current="en")
    assert values["support_hours"] == "ორშაბათი–პარასკევი, 9:00–18:00 (ნიუ-იორკის დროით)"
    assert values["support_chat"] == "ჩატის ფანჯარა ჩვენს საიტზე"


def test_a_session_starts_in_the_pages_or_the_carried_language(run_action: RunAction) -> None:
    page = slots_set(start(run_action, [], {"language": "am"}))
    assert page["support_hours"] == "ከሰኞ እስከ ዓርብ፣ 9:00–18:00 (በኒው ዮርክ ሰዓት)"
    carried = slots_set(start(run_action, [slot("language", "hy")]))
    assert carried["support_response_time"] == "2 աշխատանքային ժամվա ընթացքում"
    assert slots_set(start(run_action, []))["support_hours"].startswith("Monday to Friday")


def test_a_broken_company_file_still_starts_the_session(
    run_action: RunAction, services: Services, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("name: [", encoding="utf-8")
    settings = services.settings.model_copy(update={"company_file": broken})
    with use_services(Services(settings, engine=services.engine, analyzer=services.analyzer)):
        values = slots_set(start(run_action, [], {"campaign": "spring"}))
    assert values == {"campaign": "spring"}
    assert "the company file is invalid" in caplog.text
