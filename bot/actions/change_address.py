"""The answer to "how do I change my delivery address?", read against the order named.

Without an order number, the general steps (before it ships, after, and saved addresses for
next time); with one, whether that order's address can still be changed
(:func:`~bot.actions.order_answers.address_messages`).
"""

from __future__ import annotations

from bot.actions.company import Company
from bot.actions.named_order import NamedOrderAnswer
from bot.actions.order_answers import HOW_TO_CHANGE_ADDRESS, Messages, address_messages
from bot.actions.orders import OrderInfo


class ActionAnswerChangeShippingAddress(NamedOrderAnswer):
    """How to change a delivery address, or whether the named order's still can be."""

    about_the_parcel = True

    general = HOW_TO_CHANGE_ADDRESS

    def name(self) -> str:
        return "action_answer_change_shipping_address"

    def about(self, order: OrderInfo, company: Company, language: str) -> Messages:
        return address_messages(order, company, language)
