"""The order lookup: the database backend, the HTTP backend against a real HTTP server on a
loopback port, and the demo orders. Reading order numbers: test_order_numbers.py."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.actions.orders import (
    DatabaseOrderLookup,
    HttpOrderLookup,
    OrderInfo,
    OrderLookupError,
    order_lookup_for,
)
from bot.actions.services import Services
from bot.actions.store import DatabaseStore
from closedloop.ports import free_port
from feedback_api.db import make_engine
from feedback_api.demo import seed_demo_orders
from feedback_api.models import Order, OrderStatus, RefundStatus
from feedback_api.settings import Settings
from feedback_api.storage.orders import has_orders

# --- the database backend ---------------------------------------------------------------------


def table(engine: Engine) -> DatabaseStore:
    """The bot's gateway on this database: where DatabaseOrderLookup reads orders."""
    return DatabaseStore(Services(Settings(_env_file=None), engine=engine))  # type: ignore[call-arg]


def add_order(session: Session, number: str, **fields: Any) -> Order:
    values: dict[str, Any] = {"status": OrderStatus.SHIPPED, "carrier": "UPS"} | fields
    order = Order(order_number=number, **values)
    session.add(order)
    session.commit()
    return order


def test_database_lookup_finds_the_order(engine: Engine, session: Session) -> None:
    eta = datetime(2024, 3, 12, 17, 0, tzinfo=UTC)
    add_order(session, "A1234567", tracking_number="1Z999", estimated_delivery=eta)
    found = asyncio.run(DatabaseOrderLookup(table(engine)).find("A1234567", None))
    assert found is not None
    assert (found.status, found.carrier, found.tracking_number) == (
        OrderStatus.SHIPPED,
        "UPS",
        "1Z999",
    )
    assert found.estimated_delivery == eta
    assert asyncio.run(DatabaseOrderLookup(table(engine)).find("A7654321", None)) is None


def test_another_customers_order_is_not_found(engine: Engine, session: Session) -> None:
    add_order(session, "1234567", customer_external_id="c-1")
    lookup = DatabaseOrderLookup(table(engine))
    assert asyncio.run(lookup.find("1234567", "c-1")) is not None
    assert asyncio.run(lookup.find("1234567", "c-2")) is None
    # An anonymous visitor may look it up by number, like on a tracking page.
    assert asyncio.run(lookup.find("1234567", None)) is not None


def test_digits_without_the_letter_find_the_one_order_with_a_letter(
    engine: Engine, session: Session
) -> None:
    """Round 14, every language: "where is my order 1000002" got "I couldn't find an order
    1000002", though the bot's own hint says a number may be digits only."""
    add_order(session, "A1000002")
    lookup = DatabaseOrderLookup(table(engine))
    found = asyncio.run(lookup.find("1000002", None))
    assert found is not None and found.order_number == "A1000002"
    # Two orders with different letters: which one is not guessed.
    add_order(session, "B1000002")
    assert asyncio.run(lookup.find("1000002", None)) is None
    # An exact number without a letter is still found as it is.
    add_order(session, "1000002")
    found = asyncio.run(lookup.find("1000002", None))
    assert found is not None and found.order_number == "1000002"


def test_a_database_failure_is_a_lookup_error(tmp_path: Path) -> None:
    broken = make_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
    with pytest.raises(OrderLookupError):
        asyncio.run(DatabaseOrderLookup(table(broken)).find("1234567", None))


# --- the HTTP backend -------------------------------------------------------------------------

SHOP_ORDER = {
    "order_number": "A1234567",
    "status": "delivered",
    "carrier": "DHL",
    "tracking_number": "JD0146",
    "total_amount": 59.9,
    "currency": "EUR",
    "placed_at": "2024-03-01T10:00:00Z",
    "estimated_delivery": None,
    "delivered_at": "2024-03-05T12:30:00",
    "refund_status": "approved",
    "refund_amount": 19.95,
    "refund_updated_at": "2024-03-07T09:00:00+01:00",
    "warehouse": "north",  # fields the bot does not know are ignored
}


@dataclass
class ShopBackend:
    """What the fake shop was asked, and how it answers (status, body, delay)."""

    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    body: bytes = json.dumps(SHOP_ORDER).encode()
    delay_s: float = 0.0


@pytest.fixture
def shop() -> Iterator[ShopBackend]:
    """A real HTTP server on a loopback port that plays the shop's order backend."""
    backend = ShopBackend(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the http.server name
            parts = urlsplit(self.path)
            backend.requests.append(
                {
                    "path": parts.path,
                    "query": parse_qs(parts.query),
                    "authorization": self.headers.get("Authorization"),
                }
            )
            time.sleep(backend.delay_s)
            self.send_response(backend.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                self.wfile.write(backend.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up first (the timeout test): nothing to answer

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    backend.url = f"http://127.0.0.1:{server.server_address[1]}/api/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield backend
    server.shutdown()
    server.server_close()


def find(lookup: HttpOrderLookup, number: str, customer: str | None) -> OrderInfo | None:
    return asyncio.run(lookup.find(number, customer))


def test_http_lookup_reads_the_shops_order(shop: ShopBackend) -> None:
    lookup = HttpOrderLookup(shop.url, token="s3cret", timeout_s=5)
    order = find(lookup, "A1234567", "c-42")
    assert order is not None
    assert (order.status, order.refund_status, order.refund_amount) == (
        OrderStatus.DELIVERED,
        RefundStatus.APPROVED,
        19.95,
    )
    assert order.delivered_at == datetime(2024, 3, 5, 12, 30, tzinfo=UTC)  # naive means UTC
    assert order.refund_updated_at == datetime(2024, 3, 7, 8, 0, tzinfo=UTC)
    (request,) = shop.requests
    assert request == {
        "path": "/api/orders/A1234567",
        "query": {"customer_id": ["c-42"]},
        "authorization": "Bearer s3cret",
    }


def test_http_lookup_without_token_or_customer(shop: ShopBackend) -> None:
    find(HttpOrderLookup(shop.url, token=None, timeout_s=5), "1234567", None)
    assert shop.requests == [{"path": "/api/orders/1234567", "query": {}, "authorization": None}]


def test_http_404_means_no_such_order(shop: ShopBackend) -> None:
    shop.status, shop.body = 404, b'{"detail": "not found"}'
    assert find(HttpOrderLookup(shop.url, token="t", timeout_s=5), "1234567", None) is None


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, b"oops"),
        (401, b'{"detail": "bad token"}'),
        (200, b"not json"),
        (200, json.dumps({**SHOP_ORDER, "status": "lost in space"}).encode()),
    ],
)
def test_http_failures_are_lookup_errors(shop: ShopBackend, status: int, body: bytes) -> None:
    shop.status, shop.body = status, body
    with pytest.raises(OrderLookupError):
        find(HttpOrderLookup(shop.url, token="t", timeout_s=5), "1234567", None)


def test_a_slow_backend_times_out(shop: ShopBackend) -> None:
    shop.delay_s = 1.0
    with pytest.raises(OrderLookupError, match="did not answer"):
        find(HttpOrderLookup(shop.url, token="t", timeout_s=0.2), "1234567", None)


def test_an_unreachable_backend_is_a_lookup_error() -> None:
    lookup = HttpOrderLookup(f"http://127.0.0.1:{free_port()}", token="t", timeout_s=2)
    with pytest.raises(OrderLookupError, match="did not answer"):
        find(lookup, "1234567", None)


def test_the_settings_choose_the_backend(engine: Engine) -> None:
    database = order_lookup_for(Settings(_env_file=None), table(engine))  # type: ignore[call-arg]
    assert isinstance(database, DatabaseOrderLookup)
    http = order_lookup_for(
        Settings(
            order_lookup_url="https://shop.example/api",
            order_lookup_token="abc",  # type: ignore[arg-type]
            order_lookup_timeout_s=3,
            _env_file=None,  # type: ignore[call-arg]
        ),
        table(engine),
    )
    assert isinstance(http, HttpOrderLookup)
    assert (http.base_url, http.token, http.timeout_s) == ("https://shop.example/api", "abc", 3)


# --- demo orders ------------------------------------------------------------------------------


def test_demo_orders_are_seeded_once(engine: Engine, session: Session) -> None:
    assert not has_orders(session)
    assert seed_demo_orders(session) == 30
    session.commit()
    assert seed_demo_orders(session) == 0
    assert has_orders(session)
    assert session.scalar(select(func.count()).select_from(Order)) == 30
    statuses = {order.order_number: order for order in session.scalars(select(Order))}
    assert statuses["A1000001"].tracking_number == "1Z999AA10123456784"
    assert statuses["A1000005"].status is OrderStatus.CANCELLED
    assert statuses["A1000008"].refund_status is RefundStatus.PAID
    assert all(statuses[f"A10000{n:02d}"].customer_external_id is None for n in range(1, 11))
    found = asyncio.run(DatabaseOrderLookup(table(engine)).find("A1000001", "anyone"))
    assert found is not None and found.status is OrderStatus.SHIPPED
