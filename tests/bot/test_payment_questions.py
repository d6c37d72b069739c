"""Which way of paying a question names, checked against the shop's own list."""

from __future__ import annotations

import pytest

from bot.actions.payment_questions import takes_method_asked

CARDS_ONLY = ("Visa", "Mastercard", "PayPal")
WITH_CASH = ("Visa", "Cash on delivery", "telebirr")


@pytest.mark.parametrize(
    ("text", "methods", "takes"),
    [
        ("can i pay cash on delivery", CARDS_ONLY, False),
        ("can i pay cash on delivery", WITH_CASH, True),  # a shop that lists it
        ("በጥሬ ገንዘብ መክፈል ይቻላል?", WITH_CASH, True),
        ("telebirr ትቀበላላችሁ?", WITH_CASH, True),
        ("telebirr ትቀበላላችሁ?", CARDS_ONLY, False),
        ("amex ok?", CARDS_ONLY, False),
        ("mastercard-ით შეიძლება?", CARDS_ONLY, True),
        ("credit card via paypal?", CARDS_ONLY, True),  # the card is PayPal's
        # Round 17: a gift card is no card ("Yes, you can pay that way" had been said)
        ("do you have gift cards?", CARDS_ONLY, False),
        ("can I pay with a gift card or not?", CARDS_ONLY, False),
        ("სასაჩუქრე ბარათით გადახდა შეიძლება?", CARDS_ONLY, False),  # with a gift card?
        ("նվեր-քարտով կարելի՞ է վճարել", CARDS_ONLY, False),  # round 18: with a hyphen
        ("gift card", ("Visa", "Acme gift card"), True),  # a shop that lists one
        ("how can i pay", CARDS_ONLY, None),  # none named: the list
        ("paypal or bank transfer?", CARDS_ONLY, None),  # two named: the list
    ],
)
def test_takes_method_asked(text: str, methods: tuple[str, ...], takes: bool | None) -> None:
    assert takes_method_asked(text, methods) is takes
