"""Exchanges for another size or colour (bot/exchanges.py)."""

from __future__ import annotations

import pytest

from bot.exchanges import asks_to_exchange


@pytest.mark.parametrize(
    "text",
    [
        "can I exchange these for a bigger size?",
        "the shoes are too small, can i swap them",
        "კაბა მინდა გავცვალო უფრო დიდ ზომაზე",  # I want to exchange the dress for a bigger size
        "ზომის შეცვლა მინდა",  # I want to change the size
        "Ուզում եմ փոխանակել կոշիկները ավելի մեծ չափսի հետ",  # exchange for a bigger size
        "bayc chapy poqr e, inchpes poxanakem?",  # but the size is small, how do I exchange?
        "exchange anel karox em?",  # can I exchange? (round 21: started the 0-10 survey)
        "በትልቅ መጠን መቀየር እችላለሁ?",  # can I change it for a bigger size?
        "የተሳሳተ ቀለም ደረሰኝ መቀየር ይቻላል?",  # I received the wrong colour, can I change it?
    ],
)
def test_exchange(text: str) -> None:
    assert asks_to_exchange(text)


@pytest.mark.parametrize(
    "text",
    [
        "what's the exchange rate for rand to pound",
        "swap profile",
        "I want to swap accounts",
        "what size should I order",
        "the colour is lovely",
        "ყველაფერი სხვაგვარად იყო",  # everything was different ("ფერ" inside a word)
        "ስልክ ቁጥሬን መቀየር እፈልጋለሁ",  # I want to change my phone number
    ],
)
def test_no_exchange(text: str) -> None:
    assert not asks_to_exchange(text)
