"""Georgian typed with caps lock (Mtavruli): read as the everyday letters it spells."""

from __future__ import annotations

from bot.latin_letters import encoder_text, without_georgian_capitals


def test_capitals_become_everyday_letters() -> None:
    """Found by talking to the bot: "ᲡᲐᲓ ᲐᲠᲘᲡ ᲩᲔᲛᲘ ᲨᲔᲙᲕᲔᲗᲐ" (where is my order) was refused as
    off-topic, the same words in everyday letters understood."""
    assert without_georgian_capitals("ᲡᲐᲓ ᲐᲠᲘᲡ ᲩᲔᲛᲘ ᲨᲔᲙᲕᲔᲗᲐ A1000001?") == (
        "სად არის ჩემი შეკვეთა A1000001?"
    )
    assert encoder_text("ᲡᲐᲓ ᲐᲠᲘᲡ") == "სად არის"


def test_other_text_is_left_as_it_is() -> None:
    for text in ("სად არის ჩემი შეკვეთა", "WHERE IS MY ORDER", "Որտե՞ղ է", "ትዕዛዜ የት ነው"):
        assert without_georgian_capitals(text) == text
