"""How the bot finds an order: one small interface and two backends.

Every shop keeps its orders somewhere else, so the support actions only know
:class:`OrderLookup` (``await lookup.find(number, customer_id)``). The default,
:class:`DatabaseOrderLookup`, reads our ``orders`` table (the demo orders); a shop with its own
system sets ``CLOSEDLOOP_ORDER_LOOKUP_URL`` and :class:`HttpOrderLookup` asks it over HTTP
(the JSON contract is in docs/support.md). A third backend is a class with the same ``find``.

Backends are asked for order numbers in their canonical spelling ("A1234567"): what people
type ("#a-1234 567", "A61239-ის") is read by ``bot.order_numbers``, the rule the NLU's
``order_number`` entity follows too.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from feedback_api.models import OrderStatus, RefundRejection, RefundStatus
from feedback_api.settings import Settings


class OrderInfo(BaseModel):
    """What the bot may tell a customer about an order (also the HTTP backend's JSON)."""

    model_config = ConfigDict(frozen=True, extra="ignore", from_attributes=True)

    order_number: str
    status: OrderStatus
    carrier: str | None = None
    tracking_number: str | None = None
    total_amount: float | None = None
    currency: str = "USD"
    placed_at: datetime | None = None
    estimated_delivery: datetime | None = None
    delivered_at: datetime | None = None
    refund_status: RefundStatus = RefundStatus.NONE
    refund_amount: float | None = None
    refund_updated_at: datetime | None = None
    refund_rejection: RefundRejection | None = None
    """Why a ``rejected`` refund was refused; without it the bot says the reason was e-mailed."""

    @field_validator("placed_at", "estimated_delivery", "delivered_at", "refund_updated_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        # A backend that sends "2024-03-10T12:00:00" means UTC; comparing and formatting
        # need aware datetimes either way.
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class OrderLookupError(Exception):
    """The backend could not answer (down, slow, or sent nonsense); not "no such order"."""


class OrderLookup(Protocol):
    """Finds an order for the chat; ``None`` when there is none the customer may see."""

    async def find(self, order_number: str, customer_id: str | None) -> OrderInfo | None:
        """``order_number`` is normalised; ``customer_id`` is the page's customer, if known.

        Raises :class:`OrderLookupError` when the backend cannot answer.
        """
        ...


class OrderTable(Protocol):
    """Our own ``orders`` table, as the bot's gateway (``FeedbackStore``) reads it."""

    def find_order(self, order_number: str, customer_id: str | None) -> OrderInfo | None: ...


class DatabaseOrderLookup:
    """Orders from our own ``orders`` table, read in a worker thread (never on the loop)."""

    def __init__(self, table: OrderTable) -> None:
        self.table = table

    async def find(self, order_number: str, customer_id: str | None) -> OrderInfo | None:
        try:
            return await asyncio.to_thread(self.table.find_order, order_number, customer_id)
        except Exception as exc:  # any database failure means "cannot answer now"
            raise OrderLookupError(f"order lookup in the database failed: {exc}") from exc


class HttpOrderLookup:
    """Orders from the shop's backend: ``GET {base_url}/orders/{number}`` with a bearer token.

    200 with the order's JSON, 404 when there is no such order for this customer; anything
    else (or no answer within ``timeout_s``) is an :class:`OrderLookupError`, so the bot says
    it cannot check right now instead of claiming the order does not exist.
    """

    def __init__(self, base_url: str, *, token: str | None, timeout_s: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s

    async def find(self, order_number: str, customer_id: str | None) -> OrderInfo | None:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        params = {"customer_id": customer_id} if customer_id else None
        url = f"{self.base_url}/orders/{quote(order_number, safe='')}"
        try:
            async with httpx.AsyncClient(timeout=self.timeout_s) as client:
                response = await client.get(url, headers=headers, params=params)
        except httpx.HTTPError as exc:
            raise OrderLookupError(f"order backend {self.base_url} did not answer: {exc}") from exc
        if response.status_code == httpx.codes.NOT_FOUND:
            return None
        if response.status_code != httpx.codes.OK:
            raise OrderLookupError(
                f"order backend {self.base_url} answered HTTP {response.status_code}"
            )
        try:
            return OrderInfo.model_validate_json(response.content)
        except ValidationError as exc:
            raise OrderLookupError(f"order backend {self.base_url} sent an invalid order") from exc


def order_lookup_for(settings: Settings, table: OrderTable) -> OrderLookup:
    """The backend the settings choose: the shop's HTTP API if configured, else the table."""
    if settings.order_lookup_url:
        token = settings.order_lookup_token
        return HttpOrderLookup(
            settings.order_lookup_url,
            token=token.get_secret_value() if token else None,
            timeout_s=settings.order_lookup_timeout_s,
        )
    return DatabaseOrderLookup(table)
