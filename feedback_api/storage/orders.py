"""Reading the ``orders`` table, the default backend of the bot's order lookup.

Shops with their own order system point the bot at it instead (``order_lookup_url``, see
``bot/actions/orders.py``); this table then stays empty. It holds the demo orders in
development (:func:`feedback_api.demo.seed_demo_orders`).
"""

from __future__ import annotations

import string

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
    if order is None and order_number.isdigit():
        order = _with_its_letter(session, order_number)
    if order is None:
        return None
    if customer_id and order.customer_external_id and order.customer_external_id != customer_id:
        return None
    return order


def _with_its_letter(session: Session, digits: str) -> Order | None:
    """The one order whose number is a letter and then ``digits`` ("1000002" for A1000002),
    else ``None`` (none, or several with different letters: not guessed).

    Why: customers type the digits they see without the letter (round 14, every language),
    and the bot's own hint says a number may be digits only; "I couldn't find an order
    1000002" sent them away. Exact numbers, so the unique index answers it.
    """
    numbers = [letter + digits for letter in string.ascii_uppercase]
    found = session.scalars(select(Order).where(Order.order_number.in_(numbers)).limit(2)).all()
    return found[0] if len(found) == 1 else None


def has_orders(session: Session) -> bool:
    """Whether the table holds any order (the runner seeds demo orders only into an empty one)."""
    return session.scalar(select(Order.id).limit(1)) is not None
