"""Computed texts (support hours, delivery, order dates, fallbacks) in every language."""

from __future__ import annotations

import dataclasses
import re
import string
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.actions.company import (
    DEFAULT_COMPANY_FILE,
    CompanyConfigError,
    company_slots,
    load_company,
)
from bot.actions.language import SUPPORTED_LANGUAGES
from bot.actions.locales import LOCALES, locale
from bot.actions.order_answers import order_messages
from bot.actions.orders import OrderInfo
from feedback_api.models import OrderStatus, RefundStatus

COMPANY = load_company(DEFAULT_COMPANY_FILE)
NATIVE = ("ka", "hy", "am")
# Letters of each language's script (as tests/test_response_languages.py checks responses).
SCRIPTS = {"ka": range(0x10A0, 0x1100), "hy": range(0x0530, 0x0590), "am": range(0x1200, 0x13A0)}
# Brand names and codes that stay in Latin letters in every language.
LATIN_ALLOWED = {"USD", "Visa", "Mastercard", "American", "Express", "PayPal", "Apple", "Pay",
                 "Google", "Acme", "Shop"}  # fmt: skip


def _fields(value: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(value) if name}


def test_every_language_we_answer_in_has_a_locale() -> None:
    assert set(LOCALES) == set(SUPPORTED_LANGUAGES)
    with pytest.raises(KeyError):
        locale("fr")


@pytest.mark.parametrize("language", NATIVE)
def test_each_locale_fills_the_same_fields_as_english(language: str) -> None:
    english, other = LOCALES["en"], LOCALES[language]
    for field in dataclasses.fields(other):
        theirs, ours = getattr(english, field.name), getattr(other, field.name)
        if isinstance(ours, str):
            assert ours.strip(), field.name
            assert _fields(ours) == _fields(theirs), field.name
        else:
            assert len(ours) == len(theirs) and all(ours), field.name


def _foreign_words(text: str) -> list[str]:
    """Runs of Latin letters that are not a brand name or a currency code."""
    return [word for word in re.findall(r"[A-Za-z]+", text) if word not in LATIN_ALLOWED]


@pytest.mark.parametrize("language", NATIVE)
def test_company_texts_are_in_the_conversations_language(language: str) -> None:
    slots = company_slots(COMPANY, language)
    for name in ("support_chat", "support_hours", "support_response_time", "delivery_options",
                 "delivery_times", "payment_methods"):  # fmt: skip
        assert not _foreign_words(slots[name]), (name, slots[name])
        assert any(ord(char) in SCRIPTS[language] for char in slots[name]) or (
            name == "payment_methods"
        ), name


def test_company_texts_in_georgian_armenian_and_amharic() -> None:
    ka, hy, am = (company_slots(COMPANY, language) for language in NATIVE)
    assert ka["delivery_times"] == (
        "სტანდარტული: 3–5 სამუშაო დღე; ექსპრეს-მიწოდება: 1–2 სამუშაო დღე; "
        "მაღაზიიდან გატანა: 2–3 სამუშაო დღე"
    )
    assert ka["payment_methods"].endswith("Apple Pay და Google Pay")
    assert hy["delivery_options"].startswith(
        "Ստանդարտ (3–5 աշխատանքային օր, 4.99 USD, 50.00 USD-ից ավելի պատվերի դեպքում՝ անվճար); "
    )
    assert "Վերցնել խանութից (2–3 աշխատանքային օր, անվճար)" in hy["delivery_options"]
    assert am["support_response_time"] == "በ2 የሥራ ሰዓት ውስጥ"
    assert am["delivery_options"].endswith("ከመደብር መውሰድ (2–3 የሥራ ቀን፣ ነጻ)")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "on Monday at 9:00 (New York time)"),
        ("ka", "ორშაბათს, 9:00-ზე (ნიუ-იორკის დროით)"),
        ("hy", "երկուշաբթի ժամը 9:00-ին (Նյու Յորքի ժամանակով)"),
        ("am", "ሰኞ 9:00 ላይ (በኒው ዮርክ ሰዓት)"),
    ],
)
def test_next_opening_in_each_language(language: str, expected: str) -> None:
    friday_evening = datetime(2024, 3, 8, 23, 30, tzinfo=UTC)
    assert COMPANY.support.hours.describe_next_opening(friday_evening, language) == expected
    tuesday_early = datetime(2024, 3, 12, 11, 0, tzinfo=UTC)
    today = COMPANY.support.hours.describe_next_opening(tuesday_early, language)
    assert today.startswith({"en": "today", "ka": "დღეს", "hy": "այսօր", "am": "ዛሬ"}[language])


def _order(**fields: Any) -> OrderInfo:
    values: dict[str, Any] = {
        "order_number": "A-1001",
        "status": OrderStatus.DELIVERED,
        "currency": "USD",
        "total_amount": 40.0,
        "delivered_at": datetime(2024, 3, 12, 15, tzinfo=UTC),
    }
    return OrderInfo(**(values | fields))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Tuesday, 12 March 2024"),
        ("ka", "სამშაბათი, 12 მარტი, 2024"),
        ("hy", "երեքշաբթի, 2024 թ. մարտի 12"),
        ("am", "ማክሰኞ፣ ማርች 12 ቀን 2024"),
    ],
)
def test_order_dates_in_each_language(language: str, expected: str) -> None:
    (message,) = order_messages(_order(), "track_order", COMPANY, language)
    assert message["delivered_on"] == expected


@pytest.mark.parametrize("language", NATIVE)
def test_order_fallbacks_in_each_language(language: str) -> None:
    words = LOCALES[language]
    shipped = _order(status=OrderStatus.SHIPPED, delivered_at=None)
    (message,) = order_messages(shipped, "track_order", COMPANY, language)
    assert (message["carrier"], message["estimated_delivery"]) == (
        words.our_delivery_partner,
        words.not_known_yet,
    )
    (refund,) = order_messages(
        _order(refund_status=RefundStatus.PAID, total_amount=None),
        "track_refund",
        COMPANY,
        language,
    )
    assert (refund["refund_amount"], refund["refund_date"]) == (
        words.the_amount_due,
        words.a_recent_date,
    )


def test_a_company_text_missing_in_one_language_fails_to_load(tmp_path: Path) -> None:
    raw = yaml.safe_load(DEFAULT_COMPANY_FILE.read_text(encoding="utf-8"))
    del raw["support"]["chat"]["hy"]
    path = tmp_path / "company.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CompanyConfigError, match="chat"):
        load_company(path)
