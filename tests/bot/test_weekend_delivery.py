"""Questions about delivery at weekends (bot/weekend_delivery.py)."""

from __future__ import annotations

import pytest

from bot.weekend_delivery import asks_about_weekend_delivery


@pytest.mark.parametrize(
    "text",
    [
        "what about weekends?",
        "do you deliver on saturday?",
        "შაბათ-კვირასაც მოგაქვთ?",  # do you bring it at the weekend too?
        "իսկ շաբաթ օրերին?",  # and on Saturdays?
        "իսկ հանգստյան օրերին?",  # and on days off?
        "ቅዳሜስ?",  # and Saturday?
        "ቅዳሜና እሁድ ያደርሳሉ?",  # do you deliver on Saturday and Sunday?
        "kdame yidersal?",  # does it arrive on Saturday?
        "ለሳምንቱ መጨረሻ ማድረስ ይቻላል?",  # can you deliver for the weekend? (round 21)
    ],
)
def test_weekend_delivery(text: str) -> None:
    assert asks_about_weekend_delivery(text)


@pytest.mark.parametrize(
    "text",
    [
        "is support open on sunday?",  # support's hours
        "will it rain this weekend",
        "have a nice weekend",
        "კარგი შაბათ-კვირა გქონდეთ",  # have a nice weekend
        "երկու շաբաթ է սպասում եմ",  # I have been waiting two weeks («շաբաթ» alone: a week)
        "mek shabat e, canrocs der chka",  # a week now, my parcel is still not here
        "will A1000001 arrive saturday?",  # an order: its status
        "ቅዳሜ ስልክ ይነሳል?",  # is the phone answered on Saturday?
    ],
)
def test_not_weekend_delivery(text: str) -> None:
    assert not asks_about_weekend_delivery(text)
