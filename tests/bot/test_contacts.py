"""A message that gives nothing but a contact (bot/contacts.py): read as a wish to be reached."""

from __future__ import annotations

import pytest

from bot.contacts import (
    contact_in,
    contact_in_pieces,
    contact_offered,
    contact_volunteered,
    email_of,
    is_digit_piece,
    only_contact,
    phone_of,
    refuses_contact,
)


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
        # Both at once: both kept (a sixth-round shopper's phone had been dropped).
        (
            "my email is bob2@example.com or call me on 555 201 7788",
            "bob2@example.com / 5552017788",
        ),
        ("ჩემი მეილია nino@gmail.com ან დამირეკეთ 599 12 34 56", "nino@gmail.com / 599123456"),
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


@pytest.mark.parametrize(
    ("text", "email", "phone"),
    [
        ("jane@example.com", "jane@example.com", None),
        ("0922334455", None, "0922334455"),
        ("sure, jane@example.com or +251 911 22 33 44", "jane@example.com", "+251911223344"),
        ("0911 22 33 44, ወይም abebe@gmail.com", "abebe@gmail.com", "0911223344"),
        # The digits of an address are not a phone.
        ("5551234567@example.com", "5551234567@example.com", None),
    ],
)
def test_an_email_and_a_phone_in_one_answer(
    text: str, email: str | None, phone: str | None
) -> None:
    contact = contact_in(text)
    assert (email_of(contact), phone_of(contact)) == (email, phone)


def test_an_offered_phone_beside_an_email_must_look_like_one() -> None:
    """ "a person please, bob@example.com, order 2000015": the order is no phone."""
    assert contact_offered("a person please, bob@example.com, order 2000015") == "bob@example.com"
    assert contact_offered("a person please, bob@example.com, 555 201 7788") == (
        "bob@example.com / 5552017788"
    )


@pytest.mark.parametrize(
    ("previous", "latest", "contact"),
    [
        ("093", "112233", "093112233"),  # round 7: the second piece was looked up as an order
        ("+251 911", "234567", "+251911234567"),
        ("0911 22", "33 44", "0911223344"),
        (None, "0911223344", "0911223344"),
        ("0911223344", "55", None),  # a whole number before: "55" does not end it
        ("hello", "112233", None),
        ("093", "sure, jane@example.com", "jane@example.com"),
        # Round 8: the second piece alone had been stored, without the first.
        ("+374", "99 887766", "+37499887766"),
        ("0911", "234 5678", "09112345678"),
        ("my number is 0803 456", "7890", "08034567890"),
        ("հեռախոսս 091", "12 34 56", "091123456"),
        ("599 12 34", "56", "599123456"),
        # Not pieces: a score before, a sentence that ended in digits.
        ("2", "0911223344", "0911223344"),
        ("the parcel came after 12", "0911223344", "0911223344"),
        # Round 20: an order number's digits are no piece ("10000022" had been stored)
        ("A1000002", "2", None),
        ("A1000002", "22", None),
    ],
)
def test_a_phone_number_in_two_pieces(
    previous: str | None, latest: str, contact: str | None
) -> None:
    assert contact_in_pieces(previous, latest) == contact


def test_digit_pieces() -> None:
    assert is_digit_piece("112233") and is_digit_piece("+251 911") and is_digit_piece("(091) 23")
    assert (
        not is_digit_piece("A1000003") and not is_digit_piece("call 093") and not is_digit_piece("")
    )


@pytest.mark.parametrize("text", ["599 12 34", "555 0142", "0803 123"])
def test_a_number_without_its_area_code_is_no_phone(text: str) -> None:
    """Round 8: "599 12 34" was promised a call, and the rest typed next was lost."""
    assert contact_in(text) is None


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        # Round 8: corrections after a handoff, understood in English only.
        ("ბოდიში მეილი შემეშალა, სწორია levan.g@gmail.com", "levan.g@gmail.com"),
        ("არასწორი ნომერი მივეცი, აი სწორი: 577 22 33 55", "577223355"),
        ("ներեցեք, մեյլս սխալ գրեցի, hakob.m@gmail.com", "hakob.m@gmail.com"),
        ("համարս սխալ գրեցի, ճիշտը 093 11 22 34 ա", "093112234"),
        ("ուղղում՝ lilit.a@mail.ru", "lilit.a@mail.ru"),
        ("ይቅርታ ስልክ ቁጥሬ ተሳስቷል ትክክለኛው 0933445566 ነው", "0933445566"),
        ("ኢሜይሌን ቀይሩት yared.b@gmail.com ነው", "yared.b@gmail.com"),
    ],
)
def test_a_corrected_contact_in_every_language(text: str, contact: str) -> None:
    assert only_contact(text) == contact


@pytest.mark.parametrize(
    "text",
    [
        "please do not contact me, just wanted you to know",
        "don't call me, I'm at work",
        "ნუ დამიკავშირდებით, აღარ მინდა",
        "ara, ar damikavshirdet, gadavifiqre",
        "მეილია nino@mail.ge მაგრამ არ მომწეროთ",
        "մի զանգեք",
        "Ինձ հետ մի կապվեք",
        "ስልኬ 0911987654 ነው ግን አትደውሉልኝ፣ መዝግቡት ብቻ",
        "ኢሜይሌ selam.g@example.com ነው ግን እባካችሁ አታግኙኝ",
        # tenth round: consent taken back in other words
        "ኧረ ተውት፣ አታግኙኝ",  # never mind, don't contact me
        "ሀሳቤን ቀይሬያለሁ፣ ቁጥሬን ሰርዙት",  # I changed my mind, delete my number
        "չէ, չեմ ուզում որ կապվեք, ջնջեք",  # no, I don't want you to contact me, delete it
        "please delete my number",
        "I don't want to be contacted",
        "არ მინდა რომ დამიკავშირდეთ",
        # round 11
        "actually i'd rather you didnt contact me after all",  # was the cancel answer
        "እንድታገኙኝ አልፈልግም",  # I don't want you to contact me: was "No problem!"
        "በቃ ሀሳቤን ቀየርኩ፣ እንድትደውሉልኝ አልፈልግም",
    ],
)
def test_saying_not_to_contact_offers_no_contact(text: str) -> None:
    """A contact named while saying not to use it had been stored with consent."""
    assert refuses_contact(text)
    assert contact_offered(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "why don't you call me?",  # asks to be called
        "nobody contacted me",
        "არ დამიკავშირდა არავინ",  # nobody contacted me: a complaint
        "ինձ մի զանգ տվեք",  # give me a call
        "ለምን አትደውሉልኝም?",  # why don't you call me?
        "call me on 555 201 7788",
        "Kindly remove my e-mail address from your mailing list.",  # the newsletter
        "I want to delete my account",
    ],
)
def test_complaints_and_requests_to_be_called_are_no_refusal(text: str) -> None:
    assert not refuses_contact(text)


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("bad packaging, you can email me at kim@example.net", "kim@example.net"),
        ("parcel lost, my email is lost2@example.com", "lost2@example.com"),
        ("slow delivery, call me on 08031234567", "08031234567"),
        ("კურიერი დააგვიანა, დამიკავშირდით 599123456", "599123456"),
        ("ჩემი მეილია nino@gmail.com, ცუდი მომსახურება", "nino@gmail.com"),
        ("ամեն ինչ լավ էր, եթե հարց լինի՝ գրեք aram.v@mail.am", "aram.v@mail.am"),
        ("ኢሜይሌ abebe@example.com ነው፣ ዕቃው ዘገየ", "abebe@example.com"),
        ("kim@example.net", "kim@example.net"),
        # someone else's address, or one that is only part of what went wrong
        ("you kept sending spam to old@example.com even after i unsubscribed", None),
        ("the invoice went to my husband at mark@example.org instead of me", None),
        ("ընկերոջս էլ խորհուրդ եմ տվել, նրա մեյլը՝ gohar.k@mail.am", None),
        ("late again. my email is x@example.com but please don't contact me", None),
    ],
)
def test_a_contact_volunteered_in_an_answer(text: str, contact: str | None) -> None:
    """Only the customer's own contact, given to be used, is stored with a survey reason."""
    assert contact_volunteered(text) == contact
