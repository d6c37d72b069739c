"""Georgian, Armenian and Amharic customers against the real bot: answers in their language,
texts the actions compute in their language, scores typed in words, switching language.

Uses the session's Rasa and action servers (tests/e2e/conftest.py). Button payloads
(``/contact_customer_service``) make the intent certain where a test is about the language
of the answer rather than the NLU. Also runs the per-language conversation tests
(``tests/stories/test_languages.yml``), which need the ka/hy/am NLU data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from closedloop.runner import RunningServices
from feedback_api.settings import Settings
from tests.e2e.conftest import Api, run_story_tests, say

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

STORIES = "tests/stories/test_languages.yml"
SCRIPTS = {
    "ka": re.compile("[\u10a0-\u10ff]"),
    "hy": re.compile("[\u0530-\u058f]"),
    "am": re.compile("[\u1200-\u137f]"),
}
HOURS = {
    "en": "Monday to Friday, 9:00–18:00 (New York time)",
    "ka": "ორშაბათი–პარასკევი, 9:00–18:00 (ნიუ-იორკის დროით)",
    "hy": "երկուշաբթի–ուրբաթ, 9:00–18:00 (Նյու Յորքի ժամանակով)",
    "am": "ከሰኞ እስከ ዓርብ፣ 9:00–18:00 (በኒው ዮርክ ሰዓት)",
}


def in_script(replies: list[str], language: str) -> bool:
    """Every reply is mostly written in the language's script."""
    letters = [[char for char in reply if char.isalpha()] for reply in replies]
    return bool(replies) and all(
        len(SCRIPTS[language].findall("".join(chars))) > 0.8 * len(chars) for chars in letters
    )


@pytest.mark.parametrize(
    ("language", "first_message"),
    [
        ("ka", "გამარჯობა"),
        ("ka", "gamarjoba"),
        # Georgian in Latin letters with none of the listed words: the NLU pipeline reads it
        # (bot/components/latin_letters.py), and answers in its language.
        ("ka", "dila mshvidobisa"),
        ("hy", "Բարև ձեզ"),
        ("hy", "barev"),
        ("hy", "bari luys"),  # Armenian in Latin letters, read by the NLU pipeline
        ("am", "ሰላም"),
        ("am", "selam"),
        ("am", "tena yistilign"),  # Amharic in Latin letters, read by the NLU pipeline too
        # ... also with English shop words mixed in, as Amharic chat writes them.
        ("am", "express delivery sint yiwesdal?"),
    ],
)
def test_the_first_message_decides_the_language(
    bot: RunningServices, language: str, first_message: str
) -> None:
    sender = f"e2e-lang-{language}-{first_message.encode().hex()[:12]}"
    say(bot, sender, first_message)
    # After a support answer the bot may still be asking "Did that solve it?": the contact
    # answer is then one of the replies.
    (contact,) = [reply for reply in say(bot, sender, "/contact_customer_service") if "@" in reply]
    assert HOURS[language] in contact
    assert "support@acme.example" in contact


@pytest.mark.parametrize("language", ["ka", "hy", "am"])
def test_the_widgets_language_answers_and_english_on_request(
    bot: RunningServices, language: str
) -> None:
    sender = f"e2e-widget-{language}"
    replies = say(bot, sender, "/check_refund_policy", {"language": language})
    answer = replies[0].replace("https://shop.example.com/returns", "")
    assert in_script([answer], language), replies
    say(bot, sender, "English please")
    replies = say(bot, sender, "/contact_customer_service")
    assert any(HOURS["en"] in reply for reply in replies), replies


@pytest.mark.parametrize(
    ("language", "question", "answer_start"),
    [
        ("en", "hey, what can you do for me?", "I'm a bot, the Acme Shop virtual assistant."),
        ("ka", "რა შეგიძლია?", "მე ვარ ბოტი, Acme Shop-ის ვირტუალური ასისტენტი."),
        ("hy", "Ի՞նչ կարող ես անել", "Ես բոտ եմ՝ Acme Shop-ի վիրտուալ օգնականը։"),
        ("am", "ምን ማድረግ ትችላለህ?", "እኔ ቦት ነኝ፤ የAcme Shop ምናባዊ ረዳት።"),
    ],
)
def test_what_can_you_do_is_answered_not_refused(
    bot: RunningServices, language: str, question: str, answer_start: str
) -> None:
    """ "What can you do?" was read as out of scope: "Sorry, that's not something I can help
    with". It is asking what the bot is for."""
    (answer,) = say(bot, f"e2e-what-can-you-do-{language}", question, {"language": language})
    assert answer.startswith(answer_start)


@pytest.mark.parametrize(
    ("language", "score_in_words", "reason"),
    [
        ("ka", "ცხრა", "კარგია, მაგრამ ნელი"),
        ("hy", "ինը", "լավ է, բայց դանդաղ"),
        ("am", "ዘጠኝ", "ጥሩ ነው ግን ቀርፋፋ"),
    ],
)
def test_a_score_typed_in_words_is_stored_with_the_language(
    bot: RunningServices, api: Api, language: str, score_in_words: str, reason: str
) -> None:
    campaign = f"e2e-words-{language}"
    sender = f"e2e-words-{language}"
    question = say(bot, sender, "/give_feedback", {"language": language, "campaign": campaign})
    assert in_script(question, language), question
    assert in_script(say(bot, sender, score_in_words), language)  # the reason question
    say(bot, sender, reason)
    report = api.client.get(
        "/v1/nps", params={"campaign": campaign, "language": language}, headers=api.marketer
    ).json()
    assert (report["responses"], report["promoters"]) == (1, 1)


def test_language_conversation_stories(e2e_settings: Settings, model: Path, tmp_path: Path) -> None:
    run_story_tests(e2e_settings, model, STORIES, tmp_path / "results")
