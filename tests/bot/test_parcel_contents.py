"""Something missing, wrong or broken in a delivered parcel: a person puts it right."""

from __future__ import annotations

import pytest

from bot.parcel_contents import says_contents_wrong


@pytest.mark.parametrize(
    "text",
    [
        "my parcel came but one item is missing, order A1000002",  # round 18
        "the charger wasn't in the box",
        "A1000002 arrived but it's missing two items",
        "you sent me the wrong item",
        "the vase arrived broken",
        "the box was empty!!",
        "ამანათი მივიღე, მაგრამ ერთი ნივთი აკლია",  # I got the parcel, but one item is missing
        "არასწორი ნივთი გამომიგზავნეთ",  # you sent me the wrong item
        "ծանրոցը եկավ, բայց մեկ ապրանքը չկար",  # the parcel came, but one item was not there
        "սխալ ապրանք եք ուղարկել",  # you sent the wrong item
        "ዕቃው ተሰብሮ ነው የደረሰኝ",  # the item reached me broken
        "ጥቅሉ ደርሷል ግን አንድ ዕቃ ጎድሏል",  # the parcel arrived but one item is missing
        # round 22: got the order's status, or "not something I can help with"
        "the item i received for order A1000002 is spoilt, the screen is cracked",
        "the box was wet and the shoes inside are ruined",
    ],
)
def test_contents_wrong(text: str) -> None:
    assert says_contents_wrong(text)


@pytest.mark.parametrize(
    "text",
    [
        "my package is missing",  # the parcel itself: the tracking answer
        "where is my order A1000002",
        "I picked the wrong colour, can I change it",
        "Պատվերի հետ հաշիվ-ապրանքագիր չկար",  # no invoice came with the order
        "ამანათი არ მოსულა",  # the parcel did not come
        "the registration page is broken",
        "the checkout button is broken",
        "wrong item in my order, I meant to pick the black one",  # the customer's own choice
    ],
)
def test_not_contents(text: str) -> None:
    assert not says_contents_wrong(text)
