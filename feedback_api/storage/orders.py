"""Reading the ``orders`` table, the default backend of the bot's order lookup.

Shops with their own order system point the bot at it instead (``order_lookup_url``, see
``bot/actions/orders.py``); this table then stays empty. It holds the demo orders in
development (:func:`feedback_api.demo.seed_demo_orders`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_api.models import Order


def find_order(session: Session, order_number: str, *, customer_id: str | None) -> Order | None:
    """The order with this (normalised) number, if ``customer_id`` may see it.

    An order that belongs to another customer is reported as missing, so a customer cannot
    learn anything about other people's orders by guessing numbers. Orders without an owner,
    and lookups by an anonymous visitor (like a public tracking page), see any order.
    """
    order = session.scalar(select(Order).where(Order.order_number == order_number))
    if order is None:
        return None
    if customer_id and order.customer_external_id and order.customer_external_id != customer_id:
        return None
    return order


def has_orders(session: Session) -> bool:
    """Whether the table holds any order (the runner seeds demo orders only into an empty one)."""
    return session.scalar(select(Order.id).limit(1)) is not None
