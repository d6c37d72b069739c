"""bot/company.yml: loading, validation, the slot values, support hours; and that the domain's
support texts only use placeholders something fills."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.actions.company import (
    COMPANY_SLOTS,
    DEFAULT_COMPANY_FILE,
    CompanyConfigError,
    company_slots,
    get_company,
    load_company,
)
from feedback_api.settings import Settings
from tests.bot.conftest import ROOT

# Values the actions pass with a response (``dispatcher.utter_message(response, **values)``).
ACTION_VALUES = {
    "order_number",
    "estimated_delivery",
    "carrier",
    "tracking_number",
    "delivered_on",
    "refund_amount",
    "refund_date",
    "case_reference",
    "next_opening",
}
SUPPORT_FILES = ("support.yml", "fallback.yml")
ACTION_RESPONSES = (
    "utter_order_",
    "utter_refund_",
    "utter_handoff",
    "utter_complaint",
    "utter_ask_order_number",
    "utter_invalid_order_number",
    "utter_out_of_scope",
    "utter_default",
)


@pytest.fixture
def company_raw() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_COMPANY_FILE.read_text(encoding="utf-8"))


def write_company(tmp_path: Path, raw: dict[str, Any]) -> Path:
    path = tmp_path / "company.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_the_shipped_file_gives_every_slot_a_readable_value() -> None:
    slots = company_slots(load_company(DEFAULT_COMPANY_FILE), "en")
    assert slots["company_name"] == "Acme Shop"
    assert slots["support_hours"] == "Monday to Friday, 9:00–18:00 (New York time)"
    assert slots["support_response_time"] == "within 2 business hours"
    assert slots["cancellation_fee"] == "5.00 USD"
    assert slots["refund_window_days"] == "30"
    assert slots["payment_methods"].endswith("Apple Pay and Google Pay")
    assert slots["delivery_options"].startswith(
        "Standard (3–5 business days, 4.99 USD, free over 50.00 USD); Express"
    )
    assert "Store pickup (2–3 business days, free)" in slots["delivery_options"]
    assert all(isinstance(value, str) and value for value in slots.values())
    # The language's validation action keeps exactly these (it is not sent the domain).
    assert tuple(slots) == COMPANY_SLOTS


def test_every_company_slot_is_declared_in_the_domain(domain: dict[str, Any]) -> None:
    declared = domain["slots"]
    for name in company_slots(load_company(DEFAULT_COMPANY_FILE), "en"):
        assert declared[name]["type"] == "text"
        assert declared[name]["influence_conversation"] is False


def support_responses(domain: dict[str, Any]) -> set[str]:
    """The responses of the support dialogue: named in its rules or sent by its actions."""
    names = set()
    for file in SUPPORT_FILES:
        rules = yaml.safe_load((ROOT / "bot/data/rules" / file).read_text(encoding="utf-8"))
        names |= {
            step["action"]
            for rule in rules["rules"]
            for step in rule["steps"]
            if step.get("action", "").startswith("utter_")
        }
    return names | {name for name in domain["responses"] if name.startswith(ACTION_RESPONSES)}


def test_support_texts_only_use_placeholders_that_are_filled(domain: dict[str, Any]) -> None:
    """A typo like {suport_email} would reach customers as is; catch it here."""
    filled = set(domain["slots"]) | ACTION_VALUES
    for name in support_responses(domain):
        for variation in domain["responses"][name]:
            for text in [variation.get("text", "")] + [
                button["title"] for button in variation.get("buttons", [])
            ]:
                unknown = set(re.findall(r"\{(\w+)\}", text)) - filled
                assert not unknown, f"{name} uses {unknown}"


def test_every_support_rule_response_exists(domain: dict[str, Any]) -> None:
    for file in SUPPORT_FILES:
        rules = yaml.safe_load((ROOT / "bot/data/rules" / file).read_text(encoding="utf-8"))
        for rule in rules["rules"]:
            for step in rule["steps"]:
                name = step.get("action", "")
                if name.startswith("utter_"):
                    assert name in domain["responses"], f"{rule['rule']}: {name}"
                elif name:
                    known = name in domain["actions"] or name in domain["forms"]
                    assert known or name.startswith("action_deactivate"), name


def test_every_support_intent_has_a_rule(domain: dict[str, Any]) -> None:
    ruled: set[str] = set()
    for file in SUPPORT_FILES:
        rules = yaml.safe_load((ROOT / "bot/data/rules" / file).read_text(encoding="utf-8"))
        for rule in rules["rules"]:
            for step in rule["steps"]:
                ruled |= {step["intent"]} if "intent" in step else set()
                ruled |= {option["intent"] for option in step.get("or", []) if "intent" in option}
    start = domain["intents"].index("place_order")
    support = set(domain["intents"][start:]) | {"out_of_scope"}
    assert support - ruled == set()


def test_a_wrong_field_is_refused_with_the_file_and_the_field(
    tmp_path: Path, company_raw: dict[str, Any]
) -> None:
    company_raw["support"]["hours"]["close"] = "08:00"
    company_raw["policies"]["refund_window_days"] = -1
    with pytest.raises(CompanyConfigError) as error:
        load_company(write_company(tmp_path, company_raw))
    message = str(error.value)
    assert str(tmp_path / "company.yml") in message
    assert "refund_window_days" in message
    assert "close must be later than open" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"days": []}, "days"),
        ({"opening": "9"}, "opening"),  # unknown key: a typo, not silently ignored
    ],
)
def test_hours_are_validated(
    tmp_path: Path, company_raw: dict[str, Any], change: dict[str, Any], expected: str
) -> None:
    company_raw["support"]["hours"].update(change)
    with pytest.raises(CompanyConfigError, match=expected):
        load_company(write_company(tmp_path, company_raw))


def test_missing_or_broken_files_say_so(tmp_path: Path) -> None:
    with pytest.raises(CompanyConfigError, match="cannot read"):
        load_company(tmp_path / "nope.yml")
    broken = tmp_path / "broken.yml"
    broken.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(CompanyConfigError, match="not valid YAML"):
        load_company(broken)


def test_the_setting_picks_another_file(tmp_path: Path, company_raw: dict[str, Any]) -> None:
    company_raw["name"] = "Globex"
    path = write_company(tmp_path, company_raw)
    assert get_company(Settings(company_file=path, _env_file=None)).name == "Globex"  # type: ignore[call-arg]
    assert get_company(Settings(_env_file=None)).name == "Acme Shop"  # type: ignore[call-arg]


# --- support hours (Monday to Friday 9:00-18:00, New York) ----------------------------------

HOURS = load_company(DEFAULT_COMPANY_FILE).support.hours


@pytest.mark.parametrize(
    ("now", "is_open", "next_opening"),
    [
        # Friday 8 March 2024, 10:00 in New York (UTC-5): open.
        (datetime(2024, 3, 8, 15, 0, tzinfo=UTC), True, "on Monday at 9:00 (New York time)"),
        # Friday 18:30: closed until Monday.
        (datetime(2024, 3, 8, 23, 30, tzinfo=UTC), False, "on Monday at 9:00 (New York time)"),
        # Tuesday 7:00: opens today.
        (datetime(2024, 3, 12, 11, 0, tzinfo=UTC), False, "today at 9:00 (New York time)"),
        # Tuesday 20:00: opens tomorrow.
        (datetime(2024, 3, 13, 0, 0, tzinfo=UTC), False, "tomorrow at 9:00 (New York time)"),
    ],
)
def test_open_and_next_opening_in_the_company_time_zone(
    now: datetime, is_open: bool, next_opening: str
) -> None:
    assert HOURS.is_open(now) is is_open
    assert HOURS.describe_next_opening(now, "en") == next_opening


def test_the_reply_deadline_counts_opening_hours_only() -> None:
    friday_4pm = datetime(2024, 3, 8, 21, 0, tzinfo=UTC)  # 16:00 in New York
    assert HOURS.deadline(friday_4pm, 1) == datetime(2024, 3, 8, 22, 0, tzinfo=UTC)
    # 2 of 3 hours before closing on Friday, the third on Monday (after the DST change).
    assert HOURS.deadline(friday_4pm, 3) == datetime(2024, 3, 11, 14, 0, tzinfo=UTC)
    saturday = datetime(2024, 3, 9, 15, 0, tzinfo=UTC)
    assert HOURS.deadline(saturday, 2) == datetime(2024, 3, 11, 15, 0, tzinfo=UTC)


def test_days_are_described_as_people_say_them(tmp_path: Path, company_raw: dict[str, Any]) -> None:
    described = {}
    for days in (["mon", "wed", "fri"], ["sat", "sun"], ["mon"]):
        company_raw["support"]["hours"]["days"] = days
        company = load_company(write_company(tmp_path, company_raw))
        described[tuple(days)] = company.support.hours.describe("en")
    assert described[("mon", "wed", "fri")].startswith("Monday, Wednesday and Friday, 9:00")
    assert described[("sat", "sun")].startswith("Saturday and Sunday, ")
    assert described[("mon",)].startswith("Monday, ")
