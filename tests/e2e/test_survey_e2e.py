"""Survey triggers and paths against the real bot: campaigns, the throttle, CSAT, digressions."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from closedloop.runner import RunningServices
from feedback_api.db import make_engine
from feedback_api.models import SurveyOffer, SurveyResponse
from feedback_api.policy import SurveyKind
from feedback_api.settings import Settings
from tests.e2e.conftest import Api, say, trigger

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NPS_QUESTION_START = "How likely are you to recommend"
REASON_QUESTION = "What is the main reason for your score?"
CSAT_QUESTION_START = "Did that solve your problem?"
# How long an offer may take to appear after the reply that made it.
OFFER_WAIT_S = 10


def answers(settings: Settings, campaign: str) -> list[SurveyResponse]:
    engine = make_engine(settings.sqlalchemy_url)
    with Session(engine) as session:
        found = list(
            session.scalars(
                select(SurveyResponse)
                .where(SurveyResponse.campaign == campaign)
                .order_by(SurveyResponse.id)
            )
        )
        for answer in found:  # loaded before the session closes
            _ = answer.conversation
    engine.dispose()
    return found


def offers(settings: Settings, campaign: str, count: int) -> list[SurveyKind]:
    """The campaign's offers once there are ``count`` (or more) of them: an offer is stored
    just after the reply that makes it (bot/actions/after_reply.py)."""
    engine = make_engine(settings.sqlalchemy_url)
    deadline = time.monotonic() + OFFER_WAIT_S
    try:
        while True:
            with Session(engine) as session:
                kinds = list(
                    session.scalars(
                        select(SurveyOffer.kind)
                        .where(SurveyOffer.campaign == campaign)
                        .order_by(SurveyOffer.id)
                    )
                )
            if len(kinds) >= count or time.monotonic() > deadline:
                return kinds
            time.sleep(0.05)
    finally:
        engine.dispose()


def test_a_campaign_starts_the_survey_and_a_throttled_customer_is_not_asked_again(
    bot: RunningServices, api: Api, e2e_settings: Settings
) -> None:
    campaign = {"campaign": "e2e-autumn", "customer_id": "c-500"}
    (question,) = trigger(bot, "e2e-campaign-1", "start_nps", campaign)
    assert question.startswith(NPS_QUESTION_START)
    assert say(bot, "e2e-campaign-1", "10") == [REASON_QUESTION]
    assert say(bot, "e2e-campaign-1", "great prices")[0].startswith("Thank you for your feedback")
    (stored,) = answers(e2e_settings, "e2e-autumn")
    assert (stored.score, stored.comment, stored.kind) == (10, "great prices", SurveyKind.NPS)

    report = api.client.get(
        "/v1/nps", params={"campaign": "e2e-autumn"}, headers=api.marketer
    ).json()
    assert (report["responses"], report["promoters"]) == (1, 1)

    # The same customer, in a new conversation, a week later: the campaign says nothing.
    assert trigger(bot, "e2e-campaign-2", "start_nps", campaign) == []
    # Asking on their own is always fine.
    (asked,) = say(bot, "e2e-campaign-2", "I want to give feedback")
    assert asked.startswith(NPS_QUESTION_START)
    assert offers(e2e_settings, "e2e-autumn", 2) == [SurveyKind.NPS, SurveyKind.NPS]


def test_the_widget_starts_the_survey_with_message_metadata(
    bot: RunningServices, e2e_settings: Settings
) -> None:
    metadata = {"trigger": "nps", "campaign": "e2e-widget", "customer_id": "c-501"}
    (question,) = say(bot, "e2e-widget", "/start_nps", metadata)
    assert question.startswith(NPS_QUESTION_START)
    say(bot, "e2e-widget", "8")
    say(bot, "e2e-widget", "skip")
    (stored,) = answers(e2e_settings, "e2e-widget")
    assert (stored.score, stored.comment) == (8, None)
    transcript = stored.conversation.transcript if stored.conversation else []
    assert "/start_nps" not in [line["text"] for line in transcript]


def test_two_unclear_scores_end_the_survey_politely(
    bot: RunningServices, e2e_settings: Settings
) -> None:
    say(bot, "e2e-unclear", "I want to give feedback", {"campaign": "e2e-unclear"})
    (again, question) = say(bot, "e2e-unclear", "eleven")
    assert again.startswith("Sorry, I didn't catch a score")
    assert question.startswith(NPS_QUESTION_START)
    # Two scores are offered back to pick one, not taken as nothing said.
    assert say(bot, "e2e-unclear", "7 or 8") == ["Please pick one number: 7 or 8."]
    assert say(bot, "e2e-unclear", "banana") == [
        "Sorry, I still couldn't tell which answer you meant, so let's leave the survey "
        "there. Thanks for your time!"
    ]
    (stored,) = answers(e2e_settings, "e2e-unclear")
    assert (stored.dismissed, stored.score) == (True, None)
    # The conversation goes on normally afterwards.
    assert say(bot, "e2e-unclear", "thanks") == ["You're welcome!"]


def test_a_score_given_unasked_in_the_questions_words_is_the_answer(
    bot: RunningServices, e2e_settings: Settings
) -> None:
    """Round 12: "I'd recommend you, 10" had been asked the 0-10 question again. The score
    is kept at once, as a tapped one is: a customer who left before "why?" had lost it."""
    campaign = {"campaign": "e2e-volunteered"}
    assert say(bot, "e2e-volunteered", "I'd recommend you, 10", campaign) == [REASON_QUESTION]
    (kept,) = answers(e2e_settings, "e2e-volunteered")
    assert (kept.score, kept.comment) == (10, None)
    say(bot, "e2e-volunteered", "great prices")
    (stored,) = answers(e2e_settings, "e2e-volunteered")  # one answer, not one per step
    assert (stored.score, stored.comment) == (10, "great prices")


CONTACT_QUESTION = "We're sorry to hear that. May someone from our team contact you about it?"


def test_a_short_reason_is_kept_and_a_bare_no_gives_none(
    bot: RunningServices, e2e_settings: Settings
) -> None:
    """Short reasons that the NLU reads as a skip ("too slow") used to end the survey with
    the reason lost and the detractor never asked whether we may contact them."""
    campaign = "e2e-short-reason"
    say(bot, "e2e-short-1", "I want to give feedback", {"campaign": campaign})
    assert say(bot, "e2e-short-1", "3") == [REASON_QUESTION]
    assert say(bot, "e2e-short-1", "too slow") == [CONTACT_QUESTION]
    say(bot, "e2e-short-1", "no")
    say(bot, "e2e-short-2", "I want to give feedback", {"campaign": campaign})
    say(bot, "e2e-short-2", "8")
    # A clearly negative reason opens a case whatever the score: asked about contact too.
    assert say(bot, "e2e-short-2", "no response from support") == [CONTACT_QUESTION]
    say(bot, "e2e-short-2", "no")
    say(bot, "e2e-short-3", "I want to give feedback", {"campaign": campaign})
    say(bot, "e2e-short-3", "9")
    (thanks,) = say(bot, "e2e-short-3", "nope")
    assert thanks.startswith("Thank you for your feedback!")
    stored = [(a.score, a.comment, a.dismissed) for a in answers(e2e_settings, campaign)]
    assert stored == [
        (3, "too slow", False),
        (8, "no response from support", False),
        (9, None, False),
    ]


def test_a_score_said_to_voice_typing_is_read(bot: RunningServices, e2e_settings: Settings) -> None:
    """Voice typing writes "hmm I would say an eight period": the NLU read "period" as a
    question about delivery times and the number word, not alone, was no score."""
    campaign = "e2e-voice-score"
    say(bot, "e2e-voice-score", "I want to give feedback", {"campaign": campaign})
    assert say(bot, "e2e-voice-score", "hmm I would say an eight period") == [REASON_QUESTION]
    (thanks,) = say(bot, "e2e-voice-score", "um the delivery was quick so yeah")
    assert thanks.startswith("Thank you for your feedback!")
    stored = [(a.score, a.comment) for a in answers(e2e_settings, campaign)]
    assert stored == [(8, "um the delivery was quick so yeah")]


def test_a_score_typed_when_nothing_was_asked_asks_the_question_first(
    bot: RunningServices, e2e_settings: Settings
) -> None:
    """A stray score got "Sorry, I didn't quite understand that". A bare one may rate
    anything: a wish to rate us, not yet an answer; the question comes, and only its answer
    is stored. One out of ten given to us answers the question (round 13: "I would give you
    9 out of 10, great shop" had not been understood): "why?" comes next."""
    given = "e2e-score-out-of-ten"
    say(bot, given, "hi", {"campaign": given})
    assert say(bot, given, "I'd give you guys a 9 out of 10") == [REASON_QUESTION]
    campaign = "e2e-stray-score"
    sender = "e2e-stray-score"
    say(bot, sender, "hi", {"campaign": campaign})
    (why, question) = say(bot, sender, "I give you 9")
    assert why == "Thanks! If you'd like to rate us, here is our question, on a scale of 0 to 10:"
    assert question.startswith(NPS_QUESTION_START)
    assert answers(e2e_settings, campaign) == []
    assert say(bot, sender, "9") == [REASON_QUESTION]
    (thanks,) = say(bot, sender, "quick answers")
    assert thanks.startswith("Thank you for your feedback!")
    # Typed again after the answer, the same score is only acknowledged, and another one
    # changes that answer (its reason kept): no second survey.
    assert say(bot, sender, "9") == [
        "All right! If there's anything I can help you with, just tell me."
    ]
    assert say(bot, sender, "sorry I meant 10") == ["Got it, I've changed your score to 10."]
    assert [(a.score, a.comment) for a in answers(e2e_settings, campaign)] == [
        (10, "quick answers")
    ]
    assert offers(e2e_settings, campaign, 2) == [SurveyKind.NPS]


def test_a_thumb_answers_the_csat_question(bot: RunningServices, e2e_settings: Settings) -> None:
    metadata = {"campaign": "e2e-csat-thumb"}
    assert say(bot, "e2e-csat-thumb", "/check_invoice", metadata)[-1].startswith(
        CSAT_QUESTION_START
    )
    assert say(bot, "e2e-csat-thumb", "👎") == ["Sorry about that. What was missing?"]
    say(bot, "e2e-csat-thumb", "skip")
    (answer,) = answers(e2e_settings, "e2e-csat-thumb")
    assert (answer.kind, answer.score) == (SurveyKind.CSAT, 2)


def test_a_hesitation_answers_nothing(bot: RunningServices, e2e_settings: Settings) -> None:
    """ "hmm" was read as a sure "affirm": stored as a satisfied CSAT answer, and taken as
    consent to be contacted. "..." with nothing asked was taken for a score."""
    campaign = "e2e-hesitation"
    sender = "e2e-hesitation-csat"
    say(bot, sender, "/check_invoice", {"campaign": campaign})
    (again, question) = say(bot, sender, "hmm")
    assert again.startswith("Sorry, I didn't catch that. Please pick a number from 1 to 5")
    assert question.startswith(CSAT_QUESTION_START)
    assert answers(e2e_settings, campaign) == []
    assert say(bot, sender, "yes") == ["Thanks for letting us know!"]
    sender = "e2e-hesitation-consent"
    say(bot, sender, "I want to give feedback", {"campaign": campaign})
    say(bot, sender, "3")
    assert say(bot, sender, "too slow") == [CONTACT_QUESTION]
    # Asked again once: what to answer, then the question with its buttons.
    assert say(bot, sender, "huh?") == [
        "Sorry, I didn't catch that. Please say yes or no.",
        CONTACT_QUESTION,
    ]
    say(bot, sender, "no")
    stored = [(a.kind, a.score) for a in answers(e2e_settings, campaign)]
    assert stored == [(SurveyKind.CSAT, 4), (SurveyKind.NPS, 3)]
    (misunderstood, *_rest) = say(bot, "e2e-hesitation-dots", "...")
    assert misunderstood == "Sorry, I didn't quite understand that."


def test_two_requests_in_one_message_get_two_answers_and_one_csat_question(
    bot: RunningServices, e2e_settings: Settings
) -> None:
    """The second request was left for the customer to ask again."""
    sender = "e2e-two-requests"
    message = "How long does delivery take? And can I pay with PayPal?"
    (period, methods, question) = say(bot, sender, message, {"campaign": "e2e-two-requests"})
    assert period.startswith("Delivery times")
    # PayPal named: a yes first (round 13), then the list
    assert methods.startswith("Yes, you can pay that way (PayPal). We accept Visa, Mastercard")
    assert question.startswith(CSAT_QUESTION_START)
    assert say(bot, sender, '/inform_score{"score":"5"}') == ["Thanks for letting us know!"]
    (answer,) = answers(e2e_settings, "e2e-two-requests")
    assert (answer.kind, answer.score) == (SurveyKind.CSAT, 5)
    transcript = answer.conversation.transcript if answer.conversation else []
    # What the customer typed, once: the second request was no message of theirs.
    assert [line["text"] for line in transcript if line["role"] == "user"][:1] == [message]
    assert "And can I pay with PayPal?" not in [line["text"] for line in transcript]


def test_three_requests_in_one_message_get_three_answers_in_order(bot: RunningServices) -> None:
    """The third rides in the second's parse data and is taken up after the second answer."""
    sender = "e2e-three-requests"
    message = "How long does delivery take? Can I pay with PayPal? And how do I get an invoice?"
    (period, methods, invoice, question) = say(bot, sender, message)
    assert period.startswith("Delivery times")
    # PayPal named: a yes first (round 13), then the list
    assert methods.startswith("Yes, you can pay that way (PayPal). We accept Visa, Mastercard")
    assert invoice.startswith("To download an invoice")
    assert question.startswith(CSAT_QUESTION_START)


def test_csat_after_a_support_answer_counts_in_the_csat_report(
    bot: RunningServices, api: Api, e2e_settings: Settings
) -> None:
    metadata = {"campaign": "e2e-csat", "customer_id": "c-600"}
    replies = say(bot, "e2e-csat-1", "/check_refund_policy", metadata)
    assert replies[-1].startswith(CSAT_QUESTION_START)
    assert say(bot, "e2e-csat-1", "no") == ["Sorry about that. What was missing?"]
    thanks, offer = say(bot, "e2e-csat-1", "it says nothing about returns from abroad")
    assert thanks.startswith("Thank you for telling us; we'll look into it.")
    assert offer == "Would you like me to pass this conversation to a person on our team?"
    # Once per conversation: the next answer comes without the question.
    assert not say(bot, "e2e-csat-1", "/check_payment_methods")[-1].startswith(CSAT_QUESTION_START)

    other = {"campaign": "e2e-csat", "customer_id": "c-601"}
    say(bot, "e2e-csat-2", "/check_cancellation_fee", other)
    assert say(bot, "e2e-csat-2", '/inform_score{"score":"5"}') == ["Thanks for letting us know!"]
    say(bot, "e2e-csat-3", "/check_invoice", {"campaign": "e2e-csat", "customer_id": "c-602"})
    assert say(bot, "e2e-csat-3", "skip") == ["No problem, thanks for your time!"]

    report = api.client.get(
        "/v1/csat", params={"campaign": "e2e-csat"}, headers=api.marketer
    ).json()
    assert (report["responses"], report["satisfied"], report["dismissed"]) == (2, 1, 1)
    assert report["distribution"]["2"] == report["distribution"]["5"] == 1
    assert report["offers"] == 3
    assert report["response_rate_pct"] is not None
    (low, _high, _skipped) = answers(e2e_settings, "e2e-csat")
    assert (low.kind, low.score, low.comment) == (
        SurveyKind.CSAT,
        2,
        "it says nothing about returns from abroad",
    )
    assert offers(e2e_settings, "e2e-csat", 3) == [SurveyKind.CSAT] * 3

    # c-600 answered a survey just now: a campaign leaves them alone.
    assert trigger(bot, "e2e-csat-4", "start_nps", {"customer_id": "c-600"}) == []


def test_a_support_question_in_the_middle_of_the_survey(
    bot: RunningServices, e2e_settings: Settings
) -> None:
    sender = "e2e-digress"
    say(bot, sender, "I want to give feedback", {"campaign": "e2e-digress"})
    answer, question = say(bot, sender, "/check_refund_policy")
    assert answer.startswith("You can return items within")
    assert question.startswith(NPS_QUESTION_START)  # back to the survey, no CSAT
    assert say(bot, sender, "ok, 6") == [REASON_QUESTION]
    *support, again = say(bot, sender, "how do I reset my password?")
    assert support and again == REASON_QUESTION
    assert say(bot, sender, "your refund policy is too strict")[0].startswith(
        "We're sorry to hear that"
    )
    assert say(bot, sender, "no")[0].startswith("We're sorry we didn't live up")
    (stored,) = answers(e2e_settings, "e2e-digress")
    assert (stored.score, stored.comment) == (6, "your refund policy is too strict")


def test_asking_for_a_person_mid_survey_keeps_the_score_and_hands_over(
    bot: RunningServices, e2e_settings: Settings
) -> None:
    sender = "e2e-survey-handoff"
    say(bot, sender, "I want to give feedback", {"campaign": "e2e-survey-handoff"})
    say(bot, sender, "1")
    replies = say(bot, sender, "/contact_human_agent")
    assert replies and not any(reply.startswith(NPS_QUESTION_START) for reply in replies)
    assert REASON_QUESTION not in replies
    (stored,) = answers(e2e_settings, "e2e-survey-handoff")
    assert (stored.score, stored.dismissed) == (1, False)
