"""Reading metadata, transcripts and the survey's idempotency key from a tracker."""

from __future__ import annotations

from bot.actions.context import (
    ConversationContext,
    action_ran,
    conversation_context,
    survey_idempotency_key,
    transcript,
)
from tests.bot.conftest import (
    action,
    bot,
    completed_survey,
    loop,
    make_tracker,
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
        customer_id="c-42", campaign="spring", language="en", channel="web"
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
