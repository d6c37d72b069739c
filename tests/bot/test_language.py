"""Telling our four languages apart, native script or Latin letters, and language requests."""

from __future__ import annotations

import pytest

from bot.actions.language import (
    SUPPORTED_LANGUAGES,
    first_message_language,
    guess_language,
    requested_language,
    supported_language,
)
from bot.language_requests import asks_for_other_language
from bot.message_language import language_written


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Native scripts.
        ("პაროლი დამავიწყდა", "ka"),
        ("Մոռացել եմ գաղտնաբառս", "hy"),
        ("የይለፍ ቃሌን ረሳሁት", "am"),
        ("my order ტ", "en"),  # one Georgian letter in an English sentence
        # round 19: a keyboard slip inside a Latin-letter word (minda, I want)
        ("mindა shefaseba", "ka"),
        # English shop words in a customer's own script (round 7: answered in English).
        ("refund status მაინტერესებს A1000007", "ka"),
        ("cancel order მინდა", "ka"),
        ("invoice እፈልጋለሁ", "am"),
        ("account delete አድርጉልኝ", "am"),
        ("A1000001 tracking number ስጡኝ", "am"),  # round 8: answered in English
        ("refund status A1000006 ንገሩኝ", "am"),
        ("refund-ս երբ կգա, A1000006", "hy"),
        ("delivery-ն ինչքան ա", "hy"),
        ("the word for thanks is მადლობა, right?", "en"),
        # Latin-letter Georgian, Armenian and Amharic.
        ("gamarjoba", "ka"),
        ("madloba", "ka"),
        ("sad aris chemi shekveta", "ka"),
        ("paroli damavitsyda", "ka"),
        ("barev", "hy"),
        ("shnorhakal em", "hy"),
        ("barev, mer patvern ushanum e", "hy"),
        ("selam", "am"),
        # round 22: a place or a brand beside Amharic in Latin letters had made it English
        ("wede canada tadersalachu?", "am"),  # do you deliver to Canada?
        ("paypal tekebelalachu?", "am"),  # do you accept PayPal?
        ("tenayistilign", "am"),  # ጤና ይስጥልኝ as one word: was answered in English
        ("tenastlgn", "am"),
        ("amesegnalehu", "am"),
        ("tezaze yet new", "am"),
        # "yet" and "new" are English words too (round 14: answered in English).
        ("order e yet new?", "am"),
        ("A1000010 ra statusshia?", "ka"),  # what status is it in (round 15: English)
        ("a 1000 003 patvers ur a?", "hy"),  # a spaced order number's "a" is no article
        ("delivery sint ken yiwesdal?", "am"),
        # A greeting, then the request in English: English (round 13, English shoppers in
        # all three: "Gamarjoba, can you tell me the delivery options please?" had been
        # answered in Georgian, "selam, where is my order A1000001?" in Amharic).
        ("gamarjoba, my order is late", "en"),
        ("barev, I need a refund", "en"),
        ("Gamarjoba, can you tell me the delivery options please?", "en"),
        ("selam, where is my order A1000001?", "en"),
        # Mostly Latin-letter words of ours, with an English one or two: theirs.
        ("barev, patvers chem stacel, where is it", "hy"),
        # English, and what we cannot tell.
        ("where is my order", "en"),
        ("I'm sad and tired of waiting", "en"),
        ("ayo where is my order", "en"),
        ("is the AR headset 2 inch wide", "en"),
        ("", "en"),
        ("12345", "en"),
        ("barev selam", "en"),  # one Armenian and one Amharic word: a tie is not a guess
        # An address names a person, not the language (round 7: answered in Amharic).
        ("selam.w@gmail.com", "en"),
        ("my email is anna.k@outlook.com", "en"),
    ],
)
def test_guess_language(text: str, expected: str) -> None:
    assert guess_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("English please", "en"),
        ("in English", "en"),
        ("can we speak english?", "en"),
        ("ინგლისურად", "en"),
        ("ქართულად", "ka"),
        ("ქართულად, თუ შეიძლება", "ka"),
        ("qartulad", "ka"),
        ("Georgian please", "ka"),
        ("հայերեն", "hy"),
        ("հայերենով խնդրում եմ", "hy"),
        ("hayeren", "hy"),
        ("በአማርኛ", "am"),
        ("አማርኛ እባክዎ", "am"),
        ("amarigna", "am"),
        ("Amharic", "am"),
        # Not a request.
        ("hello", None),
        ("the English manual is missing a page", None),
        ("English or Georgian?", None),
        ("no English please", None),
        ("I don't speak English", None),
        ("not in Armenian", None),
        ("ინგლისური არა", None),
        ("ar vici inglisuri", None),
        ("անգլերեն չեմ խոսում", None),
        ("/contact_human_agent", None),
        ("teach me English", None),
        ("Ինչպես սովորել անգլերեն արագ", None),  # how to learn English fast
        ("እንግሊዝኛ አስተምረኝ", None),  # teach me English
        ("Կարո՞ղ ենք հայերենով խոսել", "hy"),  # can we speak Armenian?
        ("I can't read English, sorry", None),
        ("is the manual also in English or only in Georgian", None),
        ("կարո՞ղ ենք հայերենով", "hy"),
        ("can you answer in Georgian?", "ka"),
        ("ინგლისურად მომწერეთ", "en"),
        ("በአማርኛ ያናግሩኝ", "am"),
        # asked as a question (round 12): shall we switch to English?, can you (speak) English?
        ("ინგლისურად გადავიდეთ?", "en"),
        ("ინგლისური იცით?", "en"),
        ("ინგლისური არ იცი?", None),  # don't you know English?
        ("անգլերեն գիտեք?", "en"),
        ("እንግሊዝኛ ትችላለህ?", "en"),
        ("ბოდიში, ქართულად შეიძლება?", "ka"),  # sorry, (is) Georgian possible?
        ("thanks. could you switch to armenian", "hy"),
        ("ok thanks. can you switch to amharic", "am"),
        ("እባክህ በእንግሊዝኛ አውራኝ", "en"),  # please talk to me in English
        ("ቋንቋውን ወደ እንግሊዝኛ ቀይርልኝ", "en"),  # change the language to English
        ("can you speak Russian?", None),  # not ours: see below
        (None, None),
    ],
)
def test_requested_language(text: str | None, expected: str | None) -> None:
    assert requested_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("can you speak Russian?", True),
        ("можно по-русски?", True),
        ("говорите по-русски?", True),
        ("რუსულად შეიძლება?", True),
        ("ռուսերեն կարող եք", True),
        ("በአረብኛ", True),
        ("in French please", True),
        ("what languages do you speak", True),
        ("ինչ լեզուներով եք խոսում?", True),  # what languages do you speak?
        ("ኦሮምኛ ትችላለህ?", True),  # can you (speak) Oromo?
        ("what language is the manual in", False),
        ("English or Russian?", False),  # one of ours named: the choice is theirs
        ("i am russian and my order is late", False),
        ("the russian doll I ordered is broken", False),
        ("/ask_other_language", False),
        (None, False),
    ],
)
def test_a_request_for_a_language_we_do_not_speak(text: str | None, expected: bool) -> None:
    assert asks_for_other_language(text) is expected


def test_only_languages_we_answer_in_are_kept() -> None:
    assert [supported_language(code) for code in SUPPORTED_LANGUAGES] == list(SUPPORTED_LANGUAGES)
    assert supported_language("fr") is None
    assert supported_language(None) is None


@pytest.mark.parametrize(
    ("parse_data", "expected"),
    [
        # No language shown yet: undecided, answered in English meanwhile (round 20).
        ({"text": "fuli ar damibrunda"}, None),
        ({"text": "A1000001"}, None),
        ({"text": "ok"}, None),
        ({"text": "ara"}, "ka"),
        # The pipeline read it as Georgian, Amharic or Armenian in Latin letters
        # (bot/components/latin_letters.py).
        ({"text": "fuli ar damibrunda", "latin_letters_language": "ka"}, "ka"),
        ({"text": "ahun gize yelegnm", "latin_letters_language": "am"}, "am"),
        ({"text": "gumars het tveq", "latin_letters_language": "hy"}, "hy"),
        # Letters and words that name a language come first.
        ({"text": "barev, patvers chi ekel", "latin_letters_language": "ka"}, "hy"),
        # An English request after a greeting of ours is English (round 13).
        (
            {
                "text": "Gamarjoba, can you tell me the delivery options please?",
                "latin_letters_language": "ka",
            },
            "en",
        ),
        ({"text": "სად არის ჩემი შეკვეთა"}, "ka"),
        # Round 14: the "A" of an order number is no English article, and a Georgian case
        # ending after a hyphen no English "is" (both had been answered in English).
        ({"text": "a1000010 ev a1000004 vortegh en?", "latin_letters_language": "hy"}, "hy"),
        ({"text": "refund-is statusi? A1000006", "latin_letters_language": "ka"}, "ka"),
        ({"text": "where is my order A1000001?", "latin_letters_language": "hy"}, "en"),
        # Round 23: answered in Georgian (no English word but "did" had been known)
        ({"text": "did u save 5 or 4?", "latin_letters_language": "ka"}, "en"),
        # Anything else in that key is not a language we answer in.
        ({"text": "where is it", "latin_letters_language": "fr"}, "en"),
        ({"text": "where is it", "latin_letters_language": ["ka"]}, "en"),
        ({"text": "where is it now", "latin_letters_language": "fr"}, "en"),
        ({"text": "hmm", "latin_letters_language": "fr"}, None),
        ({"text": None}, None),
        ({}, None),
    ],
)
def test_first_message_language(parse_data: dict[str, object], expected: str | None) -> None:
    assert first_message_language(parse_data) == expected


@pytest.mark.parametrize(
    ("text", "current", "expected"),
    [
        # Round 13: "my email is ..." in a Georgian chat had switched it to English.
        ("my email is giorgi.k@mail.ru", "ka", None),
        ("my email is giorgi.k@mail.ru", "en", "en"),
        ("where is my order please", "ka", "en"),  # no address: English on purpose
        ("ჩემი მეილია giorgi.k@mail.ru", "en", "ka"),  # its own script still names it
    ],
)
def test_english_around_an_address_keeps_the_conversations_language(
    text: str, current: str, expected: str | None
) -> None:
    assert language_written(text, current=current) == expected
