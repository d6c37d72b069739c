"""Reading metadata, transcripts and the survey's idempotency key from a tracker."""

from __future__ import annotations

from bot.actions.context import (
    EARLIER_KEY,
    EARLIER_MESSAGES_LEFT_OUT,
    HISTORY_FROM_KEY,
    ConversationContext,
    action_ran,
    conversation_context,
    conversation_language,
    handled_since_latest_message,
    responses_in_loop_run,
    survey_idempotency_key,
    transcript,
)
from tests.bot.conftest import (
    action,
    bot,
    completed_survey,
    loop,
    make_tracker,
    slot,
    user,
)


def test_metadata_comes_from_the_first_message_that_has_it() -> None:
    tracker = make_tracker(
        [
            user("hi", "greet", metadata={"customer_id": "c-42", "campaign": "spring"}),
            user("yes", "affirm", metadata={"customer_id": "c-99", "language": "en-US"}),
            user("9", "inform_score"),
        ]
    )
    assert conversation_context(tracker) == ConversationContext(
        customer_id="c-42", campaign="spring", language="en", channel="web", language_known=True
    )


def test_defaults_when_there_is_no_metadata() -> None:
    assert conversation_context(make_tracker([user("hi", "greet")])) == ConversationContext()


def test_invalid_metadata_is_dropped_not_fatal() -> None:
    tracker = make_tracker(
        [
            user(
                "hi",
                "greet",
                metadata={
                    "customer_id": "",
                    "campaign": "spring sale!",
                    "language": "not a language",
                    "channel": "x" * 100,
                },
            )
        ]
    )
    assert conversation_context(tracker) == ConversationContext()


def test_numeric_customer_id_is_kept_as_text() -> None:
    tracker = make_tracker([user("hi", "greet", metadata={"customer_id": 42})])
    assert conversation_context(tracker).customer_id == "42"


def test_current_session_metadata_wins_over_older_sessions() -> None:
    tracker = make_tracker(
        [
            user("hi", "greet", metadata={"campaign": "winter"}),
            {"event": "session_started", "timestamp": 2e9},
            user("hi", "greet", metadata={"campaign": "spring"}),
        ]
    )
    assert conversation_context(tracker).campaign == "spring"


def test_transcript_has_user_and_bot_lines_with_button_values() -> None:
    tracker = make_tracker(completed_survey(score="3", reason="late delivery"))
    lines = transcript(tracker)
    assert [line["role"] for line in lines[:3]] == ["user", "bot", "bot"]
    assert {"role": "user", "text": "3"} in [
        {"role": line["role"], "text": line["text"]} for line in lines
    ]
    assert lines[-1]["text"] == "late delivery"
    assert all(line["timestamp"].endswith("+00:00") for line in lines)


def test_transcript_only_covers_the_current_session() -> None:
    tracker = make_tracker(
        [
            user("old message", "greet"),
            {"event": "session_started", "timestamp": 2e9},
            user("new message", "greet"),
            bot("hello"),
        ]
    )
    assert [line["text"] for line in transcript(tracker)] == ["new message", "hello"]


def test_transcript_of_a_session_rasa_cut_says_where_messages_are_left_out() -> None:
    """A long session reaches the actions cut to its last turns (bot/tracker_window.py)."""
    first = user("hello", "greet", metadata={"customer_id": "c-1"})
    kept = [user("where is my order?", "track_order"), bot("Which order?")]
    start = {
        "event": "session_started",
        "timestamp": first["timestamp"] - 1,
        "metadata": {HISTORY_FROM_KEY: kept[0]["timestamp"]},
    }
    lines = transcript(make_tracker([start, first, *kept]))
    assert [(line["role"], line["text"]) for line in lines] == [
        ("user", "hello"),
        ("session", EARLIER_MESSAGES_LEFT_OUT),
        ("user", "where is my order?"),
        ("bot", "Which order?"),
    ]


def test_idempotency_key_is_per_form_run() -> None:
    first = make_tracker(completed_survey(), sender_id="abc")
    key = survey_idempotency_key(first, "nps", "nps_form")
    assert key.startswith("abc:nps:")
    # The same run seen again (a retried action) gives the same key ...
    assert (
        survey_idempotency_key(make_tracker(first.events, sender_id="abc"), "nps", "nps_form")
        == key
    )
    # ... and a second run of the form in the same conversation a new one.
    again = make_tracker([*first.events, action("nps_form"), loop("nps_form")], sender_id="abc")
    assert survey_idempotency_key(again, "nps", "nps_form") != key


def test_idempotency_key_holds_when_rasa_stamps_the_activation_again() -> None:
    """A form that starts with its answer in it is validated on a copy of the tracker whose
    activation event Rasa stamps again when it keeps it: the answer kept then and the one
    stored at the end are one answer."""
    opening = [user("I'd recommend you, 10", "inform_score"), action("nps_form")]
    validating = make_tracker([*opening, loop("nps_form")], sender_id="abc")
    later = make_tracker(
        [*opening, loop("nps_form"), user("great prices"), slot("nps_reason", "great prices")],
        sender_id="abc",
    )
    assert validating.events[-1]["timestamp"] != later.events[2]["timestamp"]
    assert survey_idempotency_key(validating, "nps", "nps_form") == survey_idempotency_key(
        later, "nps", "nps_form"
    )


def test_idempotency_key_holds_when_the_activation_is_repeated_with_its_time() -> None:
    """A recovered conversation repeats the form's activation event with its first time
    (the e2e fault test: a second answer had been stored)."""
    activation = loop("nps_form")
    opening = [user("/start_nps", "start_nps"), action("nps_form"), activation]
    answered = [*opening, user("9", "inform_score"), slot("nps_score", 9)]
    first = survey_idempotency_key(make_tracker(answered, sender_id="abc"), "nps", "nps_form")
    recovered = [*answered, action("action_listen"), dict(activation), user("great support")]
    assert (
        survey_idempotency_key(make_tracker(recovered, sender_id="abc"), "nps", "nps_form") == first
    )


def test_long_sender_ids_are_hashed_to_fit() -> None:
    key = survey_idempotency_key(
        make_tracker(completed_survey(), sender_id="s" * 300), "nps", "nps_form"
    )
    assert key.startswith("sha256:")
    assert len(key) <= 255


def test_action_ran_looks_at_the_current_session() -> None:
    events = [action("action_submit_nps"), {"event": "session_started", "timestamp": 2e9}]
    assert not action_ran(make_tracker(events), "action_submit_nps")
    assert action_ran(make_tracker([*events, action("action_submit_nps")]), "action_submit_nps")


def test_a_survey_trigger_names_the_campaign_of_its_survey() -> None:
    external = user("EXTERNAL: start_nps", "start_nps", metadata={"is_external": True})
    external["parse_data"]["entities"] = [
        {"entity": "campaign", "value": "autumn"},
        {"entity": "customer_id", "value": "c-7"},
    ]
    tracker = make_tracker(
        [user("hi", "greet", metadata={"campaign": "spring", "language": "ka"}), external]
    )
    context = conversation_context(tracker)
    assert (context.campaign, context.customer_id, context.language) == ("autumn", "c-7", "ka")


def test_a_widget_trigger_carries_its_values_as_metadata() -> None:
    trigger = user("/start_nps", "start_nps", metadata={"trigger": "nps", "campaign": "mail-7"})
    assert conversation_context(make_tracker([trigger])).campaign == "mail-7"


def test_language_falls_back_to_the_script_of_the_comment() -> None:
    unknown = conversation_context(make_tracker([user("hi", "greet")]))
    assert unknown.language_for("Ծառայությունը շատ դանդաղ էր") == "hy"
    assert unknown.language_for("ጥሩ አገልግሎት") == "am"
    assert unknown.language_for("fine") == "en"
    assert unknown.language_for(None) == "en"
    known = conversation_context(make_tracker([user("hi", "greet", metadata={"language": "en"})]))
    assert known.language_for("ძალიან ცუდი") == "en"  # what the site says wins


def test_transcript_shows_button_titles_and_hides_triggers() -> None:
    buttons = [{"title": "Yes, please", "payload": "/affirm"}]
    tracker = make_tracker(
        [
            user("EXTERNAL: start_nps", "start_nps", metadata={"is_external": True}),
            user("/start_nps", "start_nps"),
            bot("May someone contact you?", "utter_ask_nps_contact", buttons=buttons),
            user("/affirm", "affirm"),
            user("<script>alert(1)</script>"),
        ]
    )
    assert [line["text"] for line in transcript(tracker)] == [
        "May someone contact you?",
        "Yes, please",
        "<script>alert(1)</script>",
    ]


def test_transcript_shows_a_message_with_two_requests_once() -> None:
    """The second request the bot took up as a message of its own is no line of its own."""
    message = "How long does delivery take? And can I pay with PayPal?"
    tracker = make_tracker(
        [
            user(message, "delivery_period"),
            bot("3-5 business days.", "utter_delivery_period"),
            user("And can I pay with PayPal?", "check_payment_methods",
                 metadata={"further_request_of": "m1"}),
            bot("We accept Visa.", "utter_check_payment_methods"),
        ]
    )  # fmt: skip
    assert [line["text"] for line in transcript(tracker)] == [
        message,
        "3-5 business days.",
        "We accept Visa.",
    ]


def test_responses_are_counted_per_run_of_a_form() -> None:
    events = [
        loop("nps_form"),
        bot("Sorry?", "utter_invalid_score"),
        loop(None),
        loop("nps_form"),
        bot("Sorry?", "utter_invalid_score"),
        bot("What is the main reason?", "utter_ask_nps_reason"),
    ]
    counts = responses_in_loop_run(make_tracker(events), "nps_form")
    assert counts["utter_invalid_score"] == 1
    assert counts["utter_ask_nps_reason"] == 1


def test_handled_since_latest_message() -> None:
    ignore = ("nps_form", "action_listen")
    fresh = [user("9", "inform_score"), slot("nps_score", "9"), action("nps_form")]
    assert not handled_since_latest_message(make_tracker(fresh), ignore)
    digressed = [user("refund?", "check_refund_policy"), action("utter_x"), action("nps_form")]
    assert handled_since_latest_message(make_tracker(digressed), ignore)


def test_the_language_slot_wins_over_the_pages_tag() -> None:
    """A customer on a Georgian page who asked for English has their answers stored as "en"."""
    tracker = make_tracker(
        [user("English please", metadata={"language": "ka"})], slots={"language": "en"}
    )
    context = conversation_context(tracker)
    assert (context.language, context.language_known) == ("en", True)
    assert conversation_language(tracker) == "en"
    assert conversation_language(make_tracker([user("hi")])) == "en"  # not decided yet
    assert conversation_language(make_tracker([user("hi")], slots={"language": "am"})) == "am"


def test_transcript_shows_the_messages_rasa_sent_as_text_before_its_window() -> None:
    """Rasa's window is shorter than the transcript: the turns before it come as text."""
    first = user("hello", "greet", metadata={"customer_id": "c-1"})
    question = bot("How likely?")
    question["data"] = {"buttons": [{"title": "9", "payload": "/inform_score"}]}
    click = user("/inform_score", "inform_score")
    earlier = [
        question,
        {
            "event": "user",
            "text": click["text"],
            "timestamp": click["timestamp"],
            "metadata": {},
            "parse_data": {"entities": []},
        },
        bot("Thanks for the 9!"),
    ]
    kept = [user("where is my order?", "track_order"), bot("Which order?")]
    start = {
        "event": "session_started",
        "timestamp": first["timestamp"] - 1,
        "metadata": {
            HISTORY_FROM_KEY: earlier[0]["timestamp"],
            EARLIER_KEY: [
                {"event": "user", "text": "hello", "timestamp": first["timestamp"]},
                *earlier,
            ],
        },
    }
    lines = transcript(make_tracker([start, first, *kept]))
    assert [(line["role"], line["text"]) for line in lines] == [
        ("user", "hello"),  # the message that named the customer, once
        ("session", EARLIER_MESSAGES_LEFT_OUT),
        ("bot", "How likely?"),
        ("user", "9"),  # the button's title, as in the live view
        ("bot", "Thanks for the 9!"),
        ("user", "where is my order?"),
        ("bot", "Which order?"),
    ]
    # Nothing left out: no line says so.
    del start["metadata"][HISTORY_FROM_KEY]
    lines = transcript(make_tracker([start, first, *kept]))
    assert [line["role"] for line in lines].count("session") == 0
