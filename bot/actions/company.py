"""The company's details (``bot/company.yml``): the one place the support answers come from.

Shops change their phone number, refund window or delivery prices far more often than the
bot's wording, so the texts in ``domain.yml`` only hold ``{slot}`` placeholders and this
module turns the file into those slot values (:func:`company_slots`), which
``action_session_start`` sets. Support hours are also computed with here, because "we open
on Monday at 9:00" must be right in the company's time zone, not the server's.

Everything a customer reads is rendered in the conversation's language: the company's own
words are language maps in the file (:class:`Localized`: one text per supported language,
all required), the words and formats around them come from :mod:`bot.actions.locales`.

The file is validated when first read: a typo such as ``close: "1800"`` fails loudly in the
action server's log instead of producing a bot that quotes nonsense to customers.
"""

from __future__ import annotations

import enum
import threading
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.actions.language import SUPPORTED_LANGUAGES
from bot.actions.locales import Locale, locale
from feedback_api.settings import Settings

DEFAULT_COMPANY_FILE = Path(__file__).resolve().parents[1] / "company.yml"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class CompanyConfigError(ValueError):
    """``company.yml`` is missing or invalid; the message says which file and field."""


class Weekday(enum.StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @classmethod
    def of(cls, day: date) -> Weekday:
        return list(cls)[day.weekday()]

    @property
    def number(self) -> int:
        """Monday is 0, as in :meth:`datetime.weekday`."""
        return list(Weekday).index(self)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Model):
    """A text the company writes once per language; every supported language is required.

    A missing language fails validation (so the company file fails to load) rather than
    letting Georgian customers read the English text.
    """

    en: Text
    ka: Text
    hy: Text
    am: Text

    def in_(self, language: str) -> str:
        """The text in ``language``; a language we do not answer in raises ``KeyError``."""
        if language not in SUPPORTED_LANGUAGES:
            raise KeyError(f"no text for language {language!r}")
        text: str = getattr(self, language)
        return text


class SupportHours(_Model):
    """When people answer: the same hours on each listed day, in one time zone."""

    timezone: str
    timezone_label: Localized
    days: tuple[Weekday, ...] = Field(min_length=1)
    open: time
    close: time

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use e.g. 'Europe/Berlin')") from exc
        return value

    @model_validator(mode="after")
    def _closes_after_opening(self) -> SupportHours:
        if self.close <= self.open:
            raise ValueError("close must be later than open on the same day")
        return self

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def _is_working_day(self, day: date) -> bool:
        return Weekday.of(day) in self.days

    def is_open(self, now: datetime) -> bool:
        """Whether ``now`` (aware) falls inside the support hours."""
        local = now.astimezone(self.zone)
        return self._is_working_day(local.date()) and self.open <= local.time() < self.close

    def next_opening(self, now: datetime) -> datetime:
        """The next time support opens after ``now`` (aware, in the company's zone)."""
        local = now.astimezone(self.zone)
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            opening = datetime.combine(day, self.open, tzinfo=self.zone)
            if self._is_working_day(day) and opening > local:
                return opening
        raise AssertionError("a week always contains a working day")  # days is non-empty

    def deadline(self, start: datetime, hours: int) -> datetime:
        """``hours`` of opening time after ``start``: 2 hours from 17:30 is 10:30 next day."""
        remaining = timedelta(hours=hours)
        moment = start.astimezone(self.zone)
        while True:
            if not self.is_open(moment):
                moment = self.next_opening(moment)
            closing = datetime.combine(moment.date(), self.close, tzinfo=self.zone)
            if remaining <= closing - moment:
                return moment + remaining
            remaining -= closing - moment
            moment = closing

    def describe(self, language: str) -> str:
        """E.g. "Monday to Friday, 9:00–18:00 (New York time)", in ``language``."""
        words = locale(language)
        return words.support_hours.format(
            days=_describe_days(self.days, words),
            open=_clock(self.open),
            close=_clock(self.close),
            label=self.timezone_label.in_(language),
        )

    def describe_next_opening(self, now: datetime, language: str) -> str:
        """E.g. "tomorrow at 9:00 (New York time)" or "on Monday at 9:00 (New York time)"."""
        words = locale(language)
        opening = self.next_opening(now)
        days_ahead = (opening.date() - now.astimezone(self.zone).date()).days
        values = {"time": _clock(self.open), "label": self.timezone_label.in_(language)}
        if days_ahead == 0:
            return words.opening_today.format(**values)
        if days_ahead == 1:
            return words.opening_tomorrow.format(**values)
        weekday_on = words.weekdays_on[Weekday.of(opening).number]
        return words.opening_weekday.format(weekday_on=weekday_on, **values)


def _clock(value: time) -> str:
    return f"{value.hour}:{value.minute:02d}"


def _describe_days(days: tuple[Weekday, ...], words: Locale) -> str:
    """Consecutive days as a range ("Monday to Friday"), others as a list."""
    indexes = sorted({day.number for day in days})
    if len(indexes) == 7:
        return words.every_day
    if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return words.day_range.format(
            start=words.weekdays[indexes[0]], end=words.weekdays[indexes[-1]]
        )
    return words.join([words.weekdays[index] for index in indexes])


class Support(_Model):
    email: Text
    phone: Text
    chat: Localized
    hours: SupportHours
    response_hours: int = Field(ge=1, le=72)


class Policies(_Model):
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    refund_window_days: int = Field(ge=0, le=365)
    refund_processing_days: int = Field(ge=1, le=90)
    free_cancellation_hours: int = Field(ge=0, le=24 * 30)
    cancellation_fee: Decimal = Field(ge=0)
    return_shipping_price: Decimal = Field(default=Decimal(0), ge=0)
    """0: returns are free (a prepaid label); a company file written before it means that."""


class DeliveryOption(_Model):
    name: Localized
    min_days: int = Field(ge=0, le=90)
    max_days: int = Field(ge=0, le=90)
    price: Decimal = Field(ge=0)
    free_over: Decimal | None = Field(default=None, gt=0)


class Links(_Model):
    account: Text
    orders: Text
    password_reset: Text
    returns: Text
    newsletter: Text


class Company(_Model):
    """The validated contents of ``company.yml``."""

    name: Text
    website: Text
    support: Support
    policies: Policies
    delivery: tuple[DeliveryOption, ...] = Field(min_length=1)
    delivery_countries: tuple[Localized, ...] = Field(min_length=1)
    payment_methods: tuple[Text, ...] = Field(min_length=1)
    links: Links

    def money(self, amount: Decimal | float) -> str:
        """An amount in the company's currency, e.g. "5.00 USD"."""
        return f"{Decimal(str(amount)):.2f} {self.policies.currency}"

    def response_time(self, language: str) -> str:
        """E.g. "within 2 business hours", in ``language``."""
        words, hours = locale(language), self.support.response_hours
        return (words.response_time_one if hours == 1 else words.response_time_many).format(n=hours)


def _days(option: DeliveryOption, words: Locale) -> str:
    if option.min_days == option.max_days:
        days = words.days_one if option.max_days == 1 else words.days_many
        return days.format(n=option.max_days)
    return words.days_range.format(min=option.min_days, max=option.max_days)


def _price(company: Company, option: DeliveryOption, words: Locale) -> str:
    if option.price == 0:
        return words.free
    price = company.money(option.price)
    if option.free_over is None:
        return price
    return words.free_over.format(price=price, free_over=company.money(option.free_over))


def describe_option(company: Company, option: DeliveryOption, language: str) -> str:
    """One delivery option with its days and price, e.g. "Express (1–2 business days, 12.99
    USD)", as the list of options says it."""
    words = locale(language)
    return words.delivery_option.format(
        name=option.name.in_(language),
        days=_days(option, words),
        price=_price(company, option, words),
    )


# The slots :func:`company_slots` fills, by name: the language's validation action keeps
# them when it sets them (bot.actions.session), without being sent the domain.
COMPANY_SLOTS = (
    "company_name", "website", "support_email", "support_phone", "support_chat",
    "support_hours", "support_response_time", "refund_window_days", "refund_processing_days",
    "free_cancellation_hours", "cancellation_fee", "return_shipping_price", "delivery_options",
    "delivery_times", "delivery_countries", "payment_methods", "account_url", "orders_url",
    "password_reset_url", "returns_url", "newsletter_url",
)  # fmt: skip


def company_slots(company: Company, language: str) -> dict[str, str]:
    """The slot values the support responses in ``domain.yml`` are written with, in ``language``.

    All are display text (slots are filled into sentences as is), so numbers and lists are
    formatted here once rather than in every response. The session sets them again whenever
    the conversation's language changes (:mod:`bot.actions.session`).
    """
    support, policies, words = company.support, company.policies, locale(language)
    return {
        "company_name": company.name,
        "website": company.website,
        "support_email": support.email,
        "support_phone": support.phone,
        "support_chat": support.chat.in_(language),
        "support_hours": support.hours.describe(language),
        "support_response_time": company.response_time(language),
        "refund_window_days": str(policies.refund_window_days),
        "refund_processing_days": str(policies.refund_processing_days),
        "free_cancellation_hours": str(policies.free_cancellation_hours),
        "cancellation_fee": company.money(policies.cancellation_fee),
        "return_shipping_price": company.money(policies.return_shipping_price),
        "delivery_options": words.item_separator.join(
            describe_option(company, option, language) for option in company.delivery
        ),
        "delivery_times": words.item_separator.join(
            words.delivery_times_item.format(
                name=option.name.in_(language), days=_days(option, words)
            )
            for option in company.delivery
        ),
        "delivery_countries": words.join(
            [country.in_(language) for country in company.delivery_countries]
        ),
        "payment_methods": words.join(list(company.payment_methods)),
        "account_url": company.links.account,
        "orders_url": company.links.orders,
        "password_reset_url": company.links.password_reset,
        "returns_url": company.links.returns,
        "newsletter_url": company.links.newsletter,
    }


def load_company(path: Path) -> Company:
    """Read and validate one company file; :class:`CompanyConfigError` says what is wrong."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CompanyConfigError(f"cannot read the company file {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CompanyConfigError(f"{path} is not valid YAML: {exc}") from exc
    try:
        return Company.model_validate(raw)
    except ValueError as exc:
        raise CompanyConfigError(f"{path} is not a valid company file:\n{exc}") from exc


_lock = threading.Lock()
_loaded: dict[Path, Company] = {}


def get_company(settings: Settings) -> Company:
    """The company file the settings name (``CLOSEDLOOP_COMPANY_FILE``), read once per process."""
    path = (settings.company_file or DEFAULT_COMPANY_FILE).resolve()
    with _lock:
        if path not in _loaded:
            _loaded[path] = load_company(path)
        return _loaded[path]
