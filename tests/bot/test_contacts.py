"""A message that gives nothing but a contact (bot/contacts.py): read as a wish to be reached."""

from __future__ import annotations

import pytest

from bot.contacts import only_contact


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("bob2@example.com", "bob2@example.com"),
        ("my email is bob2@example.com", "bob2@example.com"),
        ("sorry wrong email, it's bob3@example.com", "bob3@example.com"),
        ("+995 555 12 34 56", "+995555123456"),
        ("you can reach me at 555 201 7788", "5552017788"),
        ("call me 0911223344", "0911223344"),
        ("my phone number is 0911223344", "0911223344"),
        ("ჩემი მეილია nino@gmail.com", "nino@gmail.com"),
        ("ბოდიში, სწორი ნომერია 599 12 34 56", "599123456"),
        ("իմ էլ. փոստը anna@mail.am է", "anna@mail.am"),
        ("իմ հեռախոսը 091 12 34 56", "091123456"),
        ("ኢሜይሌ abebe@gmail.com ነው", "abebe@gmail.com"),
        ("ስልኬ 0911 22 33 44 ነው", "0911223344"),
        # Corrections right after giving one (fifth round: the wrong address was kept).
        ("sorry typo, it should be priya.sharma@gmail.com", "priya.sharma@gmail.com"),
        ("ներողություն, սխալ գրեցի՝ armen.hakobyan@gmail.com", "armen.hakobyan@gmail.com"),
        ("ბოდიში, შეცდომით დავწერე, სწორია giorgi.kap@mail.ru", "giorgi.kap@mail.ru"),
        ("አይ ቆይ ኢሜይሌን ተሳሳትኩ hanna.tesfaye@gmail.com ነው", "hanna.tesfaye@gmail.com"),
        ("actually use my work email instead, k.adeyemi@example.ng", "k.adeyemi@example.ng"),
        ("չէ, սպասեք, կարող եք գրել lilit.h@yandex.ru", "lilit.h@yandex.ru"),
        ("ayo, karox eq grel, email@ mer.anna@gmail.com", "mer.anna@gmail.com"),
        ("ներեցեք, 077 11 22 34", "077112234"),
        ("ბოდიში, ნომერი არასწორად დავწერე, სწორია 599 11 22 33", "599112233"),
        # Read out, with the British "oh" for the leading zero.
        ("my number is oh seven seven zero zero nine zero zero four five six", "07700900456"),
        # Corrected in the same message: the last address.
        (
            "it's mark.h@example.co.uk, sorry I mean mark.hughes@example.co.uk",
            "mark.hughes@example.co.uk",
        ),
    ],
)
def test_a_contact_alone(text: str, contact: str) -> None:
    assert only_contact(text) == contact


@pytest.mark.parametrize(
    "text",
    [
        "please delete the account of bob@example.com",  # a request with a contact in it
        "change my email to a@b.com",
        "newsletter for bob@x.com",
        "my number is 1000003",  # as likely an order number as a phone
        "my number is 5552017788",
        "a@example.com and b@example.com",  # two addresses: not guessed between
        "A1000001",
        "where is A1000001",
        "",
        None,
    ],
)
def test_not_a_contact_alone(text: str | None) -> None:
    assert only_contact(text) is None
