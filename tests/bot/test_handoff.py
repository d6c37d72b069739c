"""Handing a conversation to a person: the case (idempotent), what the customer is told, and
that agents find it in the queue and the API even though it has no survey answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.actions import handoff
from bot.actions.declines import declines_contact
from bot.actions.handoff import (
    ActionAskHandoffContact,
    ActionDeclinePerson,
    ActionHandoff,
    ActionHandoffContact,
    ValidateHandoffContactForm,
)
from bot.actions.services import Services, use_services
from bot.actions.survey import ActionSubmitNps
from feedback_api.db import make_engine, session_factory
from feedback_api.models import Conversation, FollowUpCase, Role, SurveyResponse
from feedback_api.policy import CaseReason, CaseStatus
from feedback_api.schemas.cases import DetractorFilters
from feedback_api.schemas.pagination import SortOrder
from feedback_api.settings import Settings
from feedback_api.storage.cases import get_case, list_detractors
from feedback_api.storage.handoff import open_handoff_case
from sentiment import TextBlobAnalyzer
from tests.bot.conftest import (
    RunAction,
    action,
    bot,
    completed_survey,
    loop,
    make_tracker,
    slot,
    user,
)
from tests.storage.factories import Data

ANGRY = "Your courier threw my parcel over the fence and it broke, this is terrible service"
METADATA = {"customer_id": "c-42", "campaign": "spring", "language": "en", "channel": "web"}
# Tuesday 12 March 2024, 11:00 and 23:00 in New York (company.yml: Mon-Fri 9-18).
OPEN = datetime(2024, 3, 12, 15, 0, tzinfo=UTC)
CLOSED = datetime(2024, 3, 13, 3, 0, tzinfo=UTC)


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """Set the time the handoff action sees."""

    def set_now(moment: datetime) -> None:
        monkeypatch.setattr(handoff, "utcnow", lambda: moment)

    return set_now


def conversation(*last: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        action("action_session_start"),
        {"event": "session_started", "timestamp": 1.0},
        action("action_listen"),
        user("hi", "greet", metadata=METADATA),
        bot("Hi! I'm the Acme Shop assistant.", "utter_greet"),
        action("action_listen"),
        *last,
    ]


def cases(engine: Engine) -> list[FollowUpCase]:
    with session_factory(engine)() as session:
        rows = list(session.scalars(select(FollowUpCase).order_by(FollowUpCase.id)))
        for row in rows:
            _ = (row.conversation, row.customer, row.notes, row.events)
        return rows


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [message["response"] for message in messages]


# --- the action ------------------------------------------------------------------------------


@pytest.mark.usefixtures("services")
def test_asking_for_a_person_opens_a_case_with_the_transcript(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    at(OPEN)
    tracker = make_tracker(conversation(user("I want to talk to a human", "contact_human_agent")))
    events, messages = run_action(ActionHandoff(), tracker)
    (case,) = cases(engine)
    assert events == [SlotSet("handoff_case", case.id), SlotSet("handoff_contact_needed", False)]
    assert responses(messages) == ["utter_handoff", "utter_handoff_open"]
    assert messages[1]["case_reference"] == case.id
    assert (case.reasons, case.priority, case.status) == (["handoff"], 2, CaseStatus.OPEN)
    assert case.response_id is None
    assert (case.channel, case.language, case.campaign) == ("web", "en", "spring")
    assert case.customer is not None and case.customer.external_id == "c-42"
    assert case.conversation is not None and case.conversation.sender_id == "conv-1"
    assert [line["text"] for line in case.conversation.transcript] == [
        "hi",
        "Hi! I'm the Acme Shop assistant.",
        "I want to talk to a human",
    ]
    assert case.due_at == OPEN + timedelta(hours=2)  # company.yml: response_hours 2
    assert [(e.field, e.new_value) for e in case.events] == [("status", "open")]
    assert case.notes == []


@pytest.mark.usefixtures("services")
def test_outside_support_hours_the_customer_hears_when_we_open(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    at(CLOSED)
    tracker = make_tracker(conversation(user("/contact_human_agent", "contact_human_agent")))
    _events, messages = run_action(ActionHandoff(), tracker)
    assert responses(messages) == ["utter_handoff", "utter_handoff_closed"]
    assert messages[1]["next_opening"] == "tomorrow at 9:00 (New York time)"
    (case,) = cases(engine)
    assert case.due_at == datetime(2024, 3, 13, 15, 0, tzinfo=UTC)  # Wednesday 11:00


@pytest.mark.usefixtures("services")
def test_a_complaint_is_urgent_and_keeps_the_text_and_its_sentiment(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    at(OPEN)
    _events, messages = run_action(
        ActionHandoff(), make_tracker(conversation(user(ANGRY, "complaint")))
    )
    assert responses(messages) == ["utter_complaint_received", "utter_handoff_open"]
    (case,) = cases(engine)
    assert case.priority == 1
    assert case.reasons == ["complaint", "negative_comment"]
    (note,) = case.notes
    assert note.author == "bot"
    assert note.body.startswith(f"Customer's words: {ANGRY}\nSentiment: negative (polarity -")
    assert "textblob" in note.body


@pytest.mark.usefixtures("services")
def test_a_complaint_is_read_once_for_the_answer_and_the_case(
    run_action: RunAction,
    engine: Engine,
    analyzer: TextBlobAnalyzer,
    monkeypatch: pytest.MonkeyPatch,
    at: Callable[[datetime], None],
) -> None:
    """Whether it is praise and what the case's note says come from one reading (a model's
    reading costs tens of milliseconds on the turn)."""
    at(OPEN)
    read: list[str] = []
    analyze = analyzer.analyze

    def counted(text: str, language: str = "en") -> Any:
        read.append(text)
        return analyze(text, language)

    monkeypatch.setattr(analyzer, "analyze", counted)
    run_action(ActionHandoff(), make_tracker(conversation(user(ANGRY, "complaint"))))
    assert read == [ANGRY]
    (case,) = cases(engine)
    assert "Sentiment: negative" in case.notes[0].body


@pytest.mark.usefixtures("services")
def test_asking_twice_keeps_one_case_with_the_latest_transcript(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    at(OPEN)
    first = conversation(user("human please", "contact_human_agent"))
    run_action(ActionHandoff(), make_tracker(first))
    second = [
        *first,
        bot("I'm passing..."),
        action("action_listen"),
        user("hello??", "contact_human_agent"),
    ]
    _events, messages = run_action(ActionHandoff(), make_tracker(second))
    (case,) = cases(engine)
    assert messages[1]["case_reference"] == case.id
    assert case.conversation is not None
    assert case.conversation.transcript[-1]["text"] == "hello??"

    # A complaint joins the open case (one reference, one agent), at its priority; two
    # complaints are both noted on it.
    run_action(ActionHandoff(), make_tracker([*second, user("this is unacceptable", "complaint")]))
    run_action(ActionHandoff(), make_tracker([*second, user("and rude staff", "complaint")]))
    (case,) = cases(engine)
    assert case.reasons[:2] == ["handoff", "complaint"]
    assert case.priority == 1
    assert [n.body.splitlines()[0] for n in case.notes] == [
        "Customer's words: this is unacceptable",
        "Customer's words: and rude staff",
    ]


@pytest.mark.usefixtures("services")
def test_praise_read_as_a_complaint_is_thanked_and_opens_no_case(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 11, every language: praise the NLU read as a complaint had been "passed to our
    support team as urgent", with a priority-1 case whose note said "positive (+0.99)"."""
    text = "just wanted to say your courier was excellent, wonderful service"
    events, messages = run_action(
        ActionHandoff(), make_tracker(conversation(user(text, "complaint")))
    )
    assert responses(messages) == ["utter_thanks_for_praise"]
    assert cases(engine) == []
    assert {
        "event": "slot",
        "timestamp": None,
        "name": "handoff_contact_needed",
        "value": False,
    } in [{**event, "timestamp": None} for event in events]


@pytest.mark.usefixtures("services")
def test_a_complaint_withdrawn_after_it_was_passed_on_is_noted_and_no_longer_urgent(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 11: "ok sorry i overreacted ... please close my complaint" had been passed on as
    urgent a second time; it is noted on the case, which drops to the normal priority."""
    first = conversation(user("this is unacceptable, my refund is late", "complaint"))
    run_action(ActionHandoff(), make_tracker(first))
    (case,) = cases(engine)
    withdrawn = [
        *first,
        bot("I've passed your complaint to our support team as urgent."),
        slot("handoff_case", case.id),
        action("action_listen"),
        user(
            "ok sorry i overreacted, the money just arrived. please close my complaint", "complaint"
        ),
    ]
    _events, messages = run_action(ActionHandoff(), make_tracker(withdrawn))
    assert responses(messages) == ["utter_complaint_withdrawn"]
    (case,) = cases(engine)
    assert case.priority == 3 and case.status == CaseStatus.OPEN  # an agent closes it
    assert case.notes[-1].body.startswith("The customer withdrew the complaint in the chat: ok")
    assert [(e.actor, e.field, e.new_value) for e in case.events][-1] == ("system", "priority", "3")


@pytest.mark.usefixtures("services")
def test_more_of_a_complaint_already_passed_on_is_added_to_it_not_passed_on_again(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    """Round 12: every further message of an angry customer was "passed to our support team
    as urgent" again; it is a note on the same case, and said to be added to it."""
    at(OPEN)
    first = conversation(user(ANGRY, "complaint"))
    run_action(ActionHandoff(), make_tracker(first))
    (case,) = cases(engine)
    more = [
        *first,
        bot("I've passed your complaint on as urgent.", "utter_complaint_received"),
        slot("handoff_case", case.id),
        action("action_listen"),
        user("and the driver was rude to my mother too", "complaint"),
    ]
    _events, messages = run_action(ActionHandoff(), make_tracker(more))
    assert responses(messages) == ["utter_complaint_added"]
    assert messages[0]["case_reference"] == case.id
    (case,) = cases(engine)
    assert [note.body.splitlines()[0] for note in case.notes][-1] == (
        "Customer's words: and the driver was rude to my mother too"
    )


@pytest.mark.usefixtures("services")
def test_a_complaint_after_a_request_for_a_person_is_passed_on_as_one(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    at(OPEN)
    first = conversation(user("human please", "contact_human_agent"))
    run_action(ActionHandoff(), make_tracker(first))
    (case,) = cases(engine)
    then = [
        *first,
        bot("I'm passing this conversation to our support team.", "utter_handoff"),
        slot("handoff_case", case.id),
        action("action_listen"),
        user(ANGRY, "complaint"),
    ]
    _events, messages = run_action(ActionHandoff(), make_tracker(then))
    assert responses(messages)[0] == "utter_complaint_received"


@pytest.mark.usefixtures("services")
def test_a_withdrawal_read_as_a_complaint_opens_no_case(
    run_action: RunAction, engine: Engine
) -> None:
    text = "ok sorry i overreacted, the money just arrived. please close my complaint"
    _events, messages = run_action(
        ActionHandoff(), make_tracker(conversation(user(text, "complaint")))
    )
    assert responses(messages) == ["utter_complaint_withdrawn"]
    assert cases(engine) == []


def test_a_failed_write_gives_the_contact_details(
    run_action: RunAction,
    settings: Settings,
    analyzer: TextBlobAnalyzer,
    tmp_path: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = make_engine(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    with use_services(Services(settings, engine=broken, analyzer=analyzer)):
        _events, messages = run_action(
            ActionHandoff(), make_tracker(conversation(user("human", "contact_human_agent")))
        )
    assert responses(messages) == ["utter_handoff_failed"]
    assert "could not open a handoff case for conversation conv-1" in caplog.text


# --- storage ---------------------------------------------------------------------------------


def open_case(session: Session, reason: CaseReason, **fields: Any) -> tuple[FollowUpCase, bool]:
    case, created = open_handoff_case(
        session,
        sender_id="s-1",
        reason=reason,
        transcript=[{"role": "user", "text": "x"}],
        **fields,
    )
    session.commit()
    return case, created


def test_a_resolved_case_does_not_swallow_a_new_request(session: Session) -> None:
    first, created = open_case(session, CaseReason.HANDOFF)
    assert created
    again, created = open_case(session, CaseReason.HANDOFF)
    assert (again.id, created) == (first.id, False)
    first.status = CaseStatus.RESOLVED
    session.commit()
    new, created = open_case(session, CaseReason.HANDOFF)
    assert created and new.id != first.id
    assert len(list(session.scalars(select(Conversation)))) == 1


def test_without_an_analyzer_the_words_are_kept_without_sentiment(session: Session) -> None:
    case, _created = open_case(session, CaseReason.COMPLAINT, comment="late again")
    assert [n.body for n in case.notes] == ["Customer's words: late again"]
    assert case.reasons == ["complaint"]


# --- the agents' queue and the API ---------------------------------------------------------


@pytest.fixture
def data(session: Session, analyzer: TextBlobAnalyzer, settings: Settings) -> Data:
    return Data(session, analyzer=analyzer, settings=settings)


def test_the_queue_lists_conversation_cases_among_answers(session: Session, data: Data) -> None:
    t0 = datetime(2024, 3, 10, 12, tzinfo=UTC)
    older = data.answer("nps", 2, at=t0 - timedelta(hours=2), campaign="spring")
    case, _ = open_handoff_case(
        session,
        sender_id="s-1",
        reason=CaseReason.COMPLAINT,
        transcript=[],
        campaign="spring",
        now=t0 - timedelta(hours=1),
    )
    session.commit()
    newer = data.answer("nps", 3, at=t0)

    def walk(**filters: Any) -> list[tuple[int | None, int]]:
        seen: list[tuple[int | None, int]] = []
        after = None
        while True:
            page = list_detractors(
                session,
                filters=DetractorFilters(**filters),
                sort=SortOrder.NEWEST,
                limit=1,
                after=after,
            )
            seen += [(row.response.id if row.response else None, row.case.id) for row in page.rows]
            if page.next is None:
                return seen
            after = page.next

    assert newer.case is not None and older.case is not None
    everything = walk(include_conversation_cases=True)
    assert everything == [(newer.id, newer.case.id), (None, case.id), (older.id, older.case.id)]
    # The console (the default) still sees answers only.
    assert walk() == [(newer.id, newer.case.id), (older.id, older.case.id)]
    assert walk(include_conversation_cases=True, campaign="spring") == everything[1:]
    assert walk(include_conversation_cases=True, start=t0 - timedelta(minutes=90)) == everything[:2]
    loaded = get_case(session, case_id=case.id)
    assert loaded is not None and loaded.response is None


def test_agents_see_and_work_a_handoff_through_the_api(
    client: TestClient,
    session: Session,
    make_key: Callable[[Role], dict[str, str]],
) -> None:
    case, _ = open_handoff_case(
        session,
        sender_id="web-123",
        reason=CaseReason.HANDOFF,
        transcript=[{"role": "user", "text": "human please", "timestamp": None}],
        customer_id="c-42",
        language="ka",
    )
    session.commit()
    agent = make_key(Role.AGENT)

    (item,) = client.get("/v1/detractors", headers=agent).json()["items"]
    assert (item["id"], item["case_id"], item["kind"]) == (None, case.id, None)
    assert (item["reasons"], item["priority"], item["status"]) == (["handoff"], 2, "open")
    assert (item["customer_id"], item["language"]) == ("c-42", "ka")

    detail = client.get(f"/v1/cases/{case.id}", headers=agent)
    assert detail.status_code == 200, detail.text
    body = detail.json()
    assert body["response"] is None
    assert body["conversation"]["sender_id"] == "web-123"
    assert body["conversation"]["transcript"][0]["text"] == "human please"
    assert body["case"]["reasons"] == ["handoff"]

    updated = client.patch(
        f"/v1/cases/{case.id}",
        json={"status": "in_progress", "assignee": "ana", "note": "called back"},
        headers=agent,
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["case"]["status"] == "in_progress"
    assert updated.json()["case"]["first_contact_at"] is not None
    assert [n["body"] for n in updated.json()["notes"]] == ["called back"]
    assert {e["field"] for e in updated.json()["history"]} >= {"status", "assignee"}

    assert client.get("/v1/cases/999999", headers=agent).status_code == 404
    marketer = make_key(Role.MARKETER)
    assert client.get(f"/v1/cases/{case.id}", headers=marketer).status_code == 403


def test_answer_cases_read_the_same_by_case_id(
    client: TestClient, data: Data, make_key: Callable[[Role], dict[str, str]]
) -> None:
    answer = data.answer("nps", 1, comment="awful", conversation_id="conv-9")
    assert answer.case is not None
    agent = make_key(Role.AGENT)
    by_case = client.get(f"/v1/cases/{answer.case.id}", headers=agent).json()
    by_answer = client.get(f"/v1/feedback/{answer.id}", headers=agent).json()
    assert by_case == by_answer


# --- an anonymous visitor: how may a person reach them? --------------------------------------


def anonymous(*last: dict[str, Any]) -> list[dict[str, Any]]:
    """A visitor the shop did not identify (no customer_id in the metadata)."""
    return [
        action("action_session_start"),
        {"event": "session_started", "timestamp": 1.0},
        action("action_listen"),
        user("hi", "greet", metadata={"language": "en", "channel": "web"}),
        bot("Hi! I'm the Acme Shop assistant.", "utter_greet"),
        action("action_listen"),
        *last,
    ]


@pytest.mark.usefixtures("services")
def test_an_anonymous_visitor_is_asked_how_to_reach_them_before_any_promise(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    at(OPEN)
    tracker = make_tracker(anonymous(user("I want to talk to a human", "contact_human_agent")))
    events, messages = run_action(ActionHandoff(), tracker)
    (case,) = cases(engine)
    assert events == [SlotSet("handoff_case", case.id), SlotSet("handoff_contact_needed", True)]
    assert responses(messages) == ["utter_handoff"]  # no "someone will get back to you" yet


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("sure, jane@example.com", "jane@example.com"),
        ("call me on +995 555 12-34-56", "+995555123456"),
        ("(555) 123-4567", "5551234567"),
    ],
)
def test_an_email_or_a_phone_is_taken(domain: dict[str, Any], text: str, contact: str) -> None:
    tracker = make_tracker(anonymous(user(text)), active_loop="handoff_contact_form")
    result = ValidateHandoffContactForm().validate_handoff_contact(
        text, CollectingDispatcher(), tracker, domain
    )
    assert result == {"handoff_contact": contact}


def test_an_unreadable_contact_is_asked_again_once(domain: dict[str, Any]) -> None:
    form = ValidateHandoffContactForm()
    asked = [
        action("handoff_contact_form"),
        loop("handoff_contact_form"),
        bot("So that a person can answer you, may we contact you?", "utter_ask_handoff_contact"),
        action("action_listen"),
    ]
    first = make_tracker(anonymous(*asked, user("123")), active_loop="handoff_contact_form")
    dispatcher = CollectingDispatcher()
    assert form.validate_handoff_contact("123", dispatcher, first, domain) == {
        "handoff_contact": None
    }
    assert responses(dispatcher.messages) == ["utter_invalid_handoff_contact"]
    again = [*asked, user("123"), bot("Sorry", "utter_invalid_handoff_contact"), user("jane@")]
    second = make_tracker(anonymous(*again), active_loop="handoff_contact_form")
    dispatcher = CollectingDispatcher()
    assert form.validate_handoff_contact("jane@", dispatcher, second, domain) == {
        "handoff_contact": None,
        "requested_slot": None,
    }
    assert dispatcher.messages == []


def contact_question_answered(text: str, intent: str, confidence: float) -> Tracker:
    """An anonymous visitor's tracker: "may we contact you?" asked, ``text`` the reply."""
    asked = [
        action("handoff_contact_form"),
        loop("handoff_contact_form"),
        bot("So that a person can answer you, may we contact you?", "utter_ask_handoff_contact"),
        {"event": "slot", "timestamp": 1.0, "name": "requested_slot", "value": "handoff_contact"},
        action("action_listen"),
        user(text, intent, confidence=confidence),
        # Rasa's from_text mapping (any intent but deny and skip) fills the slot first.
        {"event": "slot", "timestamp": 2.0, "name": "handoff_contact", "value": text},
    ]
    return make_tracker(anonymous(*asked), active_loop="handoff_contact_form")


@pytest.mark.parametrize(
    ("text", "intent", "digression"),
    [
        # An attempt at an address is an answer, however sure the NLU is of another intent.
        ("my email is jane at gmail", "edit_account", False),
        ("jane(at)example.com", "out_of_scope", False),
        ("my phone number is 555", "edit_account", False),
        ("how do I change my email address", "edit_account", True),
        ("what is your refund policy?", "check_refund_policy", True),
        # A refusal the NLU read as the newsletter ("I don't want to give my e-mail") is the
        # form's no: it ends the question (a shopper's finding).
        ("ኢሜይሌን መስጠት አልፈልግም", "newsletter_subscription", False),
        # Round 10: "never mind, I got the answer" had been told it was no address.
        ("ኧረ ተውት፣ መልሱን አገኘሁት", "nlu_fallback", False),
    ],
)
def test_an_attempt_at_a_contact_is_no_digression(
    run_action: RunAction, text: str, intent: str, digression: bool
) -> None:
    tracker = contact_question_answered(text, intent, confidence=0.95)
    events, messages = run_action(ValidateHandoffContactForm(), tracker)
    said = [(event["event"], event.get("name")) for event in events]
    assert (("action_execution_rejected", "handoff_contact_form") in said) is digression
    if not digression and not declines_contact(text):
        # read as an answer, and one that is not readable: asked again
        assert responses(messages) == ["utter_invalid_handoff_contact"]
    if declines_contact(text):
        assert responses(messages) == []
        assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": None} in [
            {**event, "timestamp": None} for event in events
        ]


@pytest.mark.parametrize(
    ("text", "intent", "confidence"),
    [
        ("yes sure", "affirm", 0.95),
        ("კი", "affirm", 0.95),
        ("awo", "nlu_fallback", 0.3),  # unsure NLU: the yes word decides
        ("yes please call me", "affirm", 0.9),
    ],
)
def test_a_bare_yes_to_may_we_contact_you_is_asked_for_the_address(
    run_action: RunAction, text: str, intent: str, confidence: float
) -> None:
    """ "Yes" to "may we contact you? If so, type your email or phone" was answered "Sorry,
    that doesn't look like an email address": it is consent, the address still to come."""
    tracker = contact_question_answered(text, intent, confidence=confidence)
    events, messages = run_action(ValidateHandoffContactForm(), tracker)
    assert messages == []
    assert events == [SlotSet("handoff_contact", None)]
    _, asked = run_action(ActionAskHandoffContact(), tracker)
    assert responses(asked) == ["utter_ask_handoff_contact_after_yes"]


def test_the_contact_question_is_asked_first_then_after_one_yes_only(
    run_action: RunAction,
) -> None:
    # Handed over after "yes" to the bot's offer of a person: the question itself comes
    # first, since that yes was not to it.
    offered = anonymous(
        bot("Shall I pass you to a person?", "utter_offer_handoff"),
        user("yes", "affirm"),
        action("action_handoff"),
        action("handoff_contact_form"),
        loop("handoff_contact_form"),
    )
    _, asked = run_action(ActionAskHandoffContact(), make_tracker(offered))
    assert responses(asked) == ["utter_ask_handoff_contact"]
    # A second bare yes, after the address was asked for, is an unreadable answer.
    again = anonymous(
        action("handoff_contact_form"),
        loop("handoff_contact_form"),
        bot("May we contact you?", "utter_ask_handoff_contact"),
        user("yes", "affirm"),
        bot("Please type it", "utter_ask_handoff_contact_after_yes"),
        user("yes", "affirm"),
    )
    tracker = make_tracker(again, active_loop="handoff_contact_form")
    dispatcher = CollectingDispatcher()
    assert ValidateHandoffContactForm().validate_handoff_contact(
        "yes", dispatcher, tracker, {}
    ) == {"handoff_contact": None}
    assert responses(dispatcher.messages) == ["utter_invalid_handoff_contact"]
    _, asked = run_action(ActionAskHandoffContact(), tracker)
    assert responses(asked) == ["utter_ask_handoff_contact"]


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(("moment", "when"), [(OPEN, "open"), (CLOSED, "closed")])
@pytest.mark.parametrize(
    ("text", "intent", "confidence", "answered"),
    [
        ("how long will it take?", "delivery_period", 0.95, True),
        # A question that asks when, whatever the NLU read (a shopper's finding: "doesn't
        # look like an email address").
        ("how long until someone answers?", "contact_customer_service", 0.5, True),
        ("ե՞րբ կպատասխանեք", "nlu_fallback", 0.3, True),
        # Unsure of "how long" and no question: an attempt at an answer, as any other.
        ("it takes long", "delivery_period", 0.5, False),
        # Round 20: any question, or insisting, in place of a contact had been refused as an
        # unreadable address
        ("now please", "affirm", 0.6, True),
        ("და რას აპირებთ?", "nlu_fallback", 0.3, True),  # and what are you going to do?
        ("ፎቶ የት ልላክ?", "nlu_fallback", 0.3, True),  # where do I send the photo?
        ("ოპერატორი!!!", "contact_human_agent", 0.9, True),  # operator!!!
        ("jane at gmail dot com", "nlu_fallback", 0.3, False),  # an attempt at an address
    ],
)
def test_how_long_under_the_contact_question_is_when_a_person_reads_it(
    run_action: RunAction,
    at: Callable[[datetime], None],
    moment: datetime,
    when: str,
    text: str,
    intent: str,
    confidence: float,
    answered: bool,
) -> None:
    """It was answered with delivery times: right after "may we contact you?" the customer
    asks about the person's reply, so they hear when it comes, then the question again."""
    at(moment)
    tracker = contact_question_answered(text, intent, confidence=confidence)
    events, messages = run_action(ValidateHandoffContactForm(), tracker)
    assert [(event["event"], event.get("name")) for event in events][0] == (
        "slot",
        "handoff_contact",
    )
    assert all(event["event"] != "action_execution_rejected" for event in events)
    if answered:
        (message,) = messages
        assert message["response"] == f"utter_handoff_reply_time_{when}"
        assert ("next_opening" in message) is (when == "closed")
        assert events == [SlotSet("handoff_contact", None)]  # the form asks its question again
    else:
        assert responses(messages) == ["utter_invalid_handoff_contact"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("why do you need that", "bot_challenge"),
        ("რატომ გჭირდებათ ჩემი ნომერი?", "contact_customer_service"),  # why do you need my number?
        ("ինչի՞ համար է ձեզ պետք իմ էլ. փոստը", "edit_account"),  # what do you need my email for?
        ("ለምን? አንተ ሰው አይደለህም እንዴ", "bot_challenge"),  # why? aren't you a person?
    ],
)
def test_why_the_contact_is_needed_is_said_then_asked_again(
    run_action: RunAction, text: str, intent: str
) -> None:
    """Round 22, every language: "why do you need my number?" got when a person reads the
    chat, or the shop's contact details, and the question again; never why."""
    tracker = contact_question_answered(text, intent, confidence=0.9)
    events, messages = run_action(ValidateHandoffContactForm(), tracker)
    assert responses(messages) == ["utter_why_contact"]
    assert events == [SlotSet("handoff_contact", None)]  # the form asks its question again


def _passed_on(run_action: RunAction) -> int:
    """An anonymous visitor's "a person please", handed over: the case's id."""
    events, _ = run_action(
        ActionHandoff(), make_tracker(anonymous(user("a person please", "contact_human_agent")))
    )
    return int(events[0]["value"])


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(("moment", "when"), [(OPEN, "open"), (CLOSED, "closed")])
def test_a_contact_is_noted_on_the_case_and_the_promise_names_it(
    run_action: RunAction,
    engine: Engine,
    at: Callable[[datetime], None],
    moment: datetime,
    when: str,
) -> None:
    at(moment)
    case_id = _passed_on(run_action)
    tracker = make_tracker(
        anonymous(user("+995 555 12 34 56"), loop(None)),
        slots={"handoff_case": case_id, "handoff_contact": "+995555123456"},
    )
    events, messages = run_action(ActionHandoffContact(), tracker)
    assert events == [SlotSet("handoff_contact_needed", False)]
    (message,) = messages
    assert message["response"] == f"utter_handoff_contact_{when}"
    assert (message["handoff_contact"], message["case_reference"]) == ("+995555123456", case_id)
    assert ("next_opening" in message) is (when == "closed")
    (case,) = cases(engine)
    assert [note.body for note in case.notes] == [
        "Contact the customer at +995555123456 (given, with consent, in the chat)"
    ]


@pytest.mark.usefixtures("services")
def test_what_the_customer_wrote_with_the_contact_is_noted_too(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 13: "my phone is 555 987 6543. I was charged twice for order A1000002" kept the
    number; the double charge was in no note and not in the case's transcript."""
    case_id = _passed_on(run_action)
    text = "my phone is 555 987 6543. I was charged twice for order A1000002"
    tracker = make_tracker(
        anonymous(user(text), loop(None)),
        slots={"handoff_case": case_id, "handoff_contact": "5559876543"},
    )
    run_action(ActionHandoffContact(), tracker)
    (case,) = cases(engine)
    assert [note.body for note in case.notes] == [
        "Contact the customer at 5559876543 (given, with consent, in the chat)",
        f"Customer's words with the contact: {text}",
    ]


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(("moment", "when"), [(OPEN, "open"), (CLOSED, "closed")])
def test_without_a_contact_the_visitor_hears_honestly_when_a_person_reads_the_chat(
    run_action: RunAction,
    engine: Engine,
    at: Callable[[datetime], None],
    moment: datetime,
    when: str,
) -> None:
    at(moment)
    tracker = make_tracker(
        anonymous(user("no thanks", "deny"), loop(None)), slots={"handoff_case": 5}
    )
    _events, messages = run_action(ActionHandoffContact(), tracker)
    (message,) = messages
    assert message["response"] == f"utter_handoff_no_contact_{when}"
    assert message["case_reference"] == 5
    assert ("next_opening" in message) is (when == "closed")
    assert cases(engine) == []  # nothing noted


def test_the_promise_without_a_contact_never_says_someone_will_get_back(
    domain: dict[str, Any],
) -> None:
    for name in ("utter_handoff_no_contact_open", "utter_handoff_no_contact_closed"):
        english = domain["responses"][name][0]["text"]
        assert "get back to you" not in english and "can't reply here" in english


@pytest.mark.usefixtures("services")  # "never mind" is noted on the case
@pytest.mark.parametrize(
    ("text", "intent", "confidence", "taken_up"),
    [
        ("where is my order A1000002", "track_order", 0.96, True),
        ("actually never mind, where is my order?", "track_order", 0.9, True),
        ("idk", "affirm", 0.88, False),  # not knowing is no consent, and no request either
    ],
)
def test_a_tracking_request_instead_of_a_contact_is_answered(
    run_action: RunAction, text: str, intent: str, confidence: float, taken_up: bool
) -> None:
    """Found by talking to the bot: "where is my order A1000002" under "may we contact
    you?" got "Sorry, that doesn't look like an email address", and "idk" was taken as
    consent ("Please type your email")."""
    tracker = contact_question_answered(text, intent, confidence=confidence)
    events, messages = run_action(ValidateHandoffContactForm(), tracker)
    if not taken_up:
        assert responses(messages) == ["utter_invalid_handoff_contact"]
        return
    assert messages == []
    assert events == [SlotSet("handoff_contact", None), SlotSet("requested_slot", None)]
    closed = make_tracker(
        [*tracker.events, loop(None)],
        slots={"handoff_case": 5, "handoff_contact": None},
        active_loop=None,
    )
    events, messages = run_action(ActionHandoffContact(), closed)
    if "never mind" in text:  # the person no longer wanted (round 21)
        assert responses(messages) == ["utter_handoff_withdrawn"]
    else:
        assert responses(messages)[0].startswith("utter_handoff_no_contact_")
    listen, again = events[-2:]
    assert (listen["event"], listen["name"]) == ("action", "action_listen")
    assert (again["event"], again["text"]) == ("user", text)


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(
    "text",
    ["never mind, they just replied. please cancel my complaint", "ተውት ተሳስቼ ነው ደርሷል"],
)
def test_a_complaint_withdrawn_in_place_of_a_contact_is_withdrawn(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None], text: str
) -> None:
    """Round 12: the withdrawal in place of a contact had been read as declining one, and
    the customer was told to write in and quote the reference; the case stayed urgent."""
    at(OPEN)
    run_action(ActionHandoff(), make_tracker(anonymous(user(ANGRY, "complaint"))))
    (case,) = cases(engine)
    tracker = contact_question_answered(text, "complaint", confidence=1.0)
    events, messages = run_action(ValidateHandoffContactForm(), tracker)
    assert events == [SlotSet("handoff_contact", None), SlotSet("requested_slot", None)]
    passed_on = bot("I've passed your complaint on as urgent.", "utter_complaint_received")
    closed = make_tracker(
        [*tracker.events[:2], passed_on, *tracker.events[2:], loop(None)],
        slots={"handoff_case": case.id, "handoff_contact": None},
        active_loop=None,
    )
    events, messages = run_action(ActionHandoffContact(), closed)
    assert responses(messages) == ["utter_complaint_withdrawn"]
    assert events == [SlotSet("handoff_contact_needed", False)]
    (case,) = cases(engine)
    assert case.priority == 3


@pytest.mark.parametrize("text", ["A1000003", "#A1000003"])
def test_an_order_number_in_place_of_a_contact_is_acknowledged(
    run_action: RunAction, text: str
) -> None:
    """Round 21, every language: the complaint's order typed for "may we contact you?" got
    "that doesn't look like an email address"."""
    tracker = contact_question_answered(text, "track_order", confidence=1.0)
    events, messages = run_action(ValidateHandoffContactForm(), tracker)
    assert responses(messages) == ["utter_order_noted_for_person"]
    assert messages[0]["order_number"] == "A1000003"
    assert events == [SlotSet("handoff_contact", None)]  # the form asks again


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(
    ("text", "intent", "then_tracked"),
    [
        ("no wait forget it", "deny", False),
        ("actually nevermind, just tell me where my order A1000001 is", "track_order", True),
        ("አይ ተወው ራሴ እሞክራለሁ", "deny", False),  # no, leave it, I'll try myself
    ],
)
def test_a_request_for_a_person_taken_back_in_place_of_a_contact_is_withdrawn(
    run_action: RunAction,
    engine: Engine,
    at: Callable[[datetime], None],
    text: str,
    intent: str,
    then_tracked: bool,
) -> None:
    """Round 21 (English, Amharic): "a person will read this within 2 business hours ...
    mention #94", for a customer who had just said never mind."""
    at(OPEN)
    case_id = _passed_on(run_action)
    tracker = contact_question_answered(text, intent, confidence=0.95)
    closed = make_tracker(
        [*tracker.events, loop(None)],
        slots={"handoff_case": case_id, "handoff_contact": None},
        active_loop=None,
    )
    events, messages = run_action(ActionHandoffContact(), closed)
    assert responses(messages) == ["utter_handoff_withdrawn"]
    assert events[0] == SlotSet("handoff_contact_needed", False)
    assert (events[-1].get("text") == text) is then_tracked  # the order asked about, next
    (case,) = cases(engine)
    assert case.status is CaseStatus.RESOLVED  # only that request: nothing left (round 22)


@pytest.mark.usefixtures("services")
def test_a_complaint_withdrawn_while_the_contact_question_is_open_ends_it(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 12, every language: "may we contact you?" came again right after "I've noted
    that you don't want to go ahead with the complaint"."""
    tracker = contact_question_answered("ቅሬታዬን ሰርዙት", "complaint", confidence=1.0)
    events, messages = run_action(ActionHandoff(), tracker)
    assert responses(messages) == ["utter_complaint_withdrawn"]
    assert {"event": "active_loop", "name": None} in [
        {key: event.get(key) for key in ("event", "name")} for event in events
    ]


@pytest.mark.usefixtures("services")
def test_a_phone_number_read_out_is_a_contact_not_an_order(run_action: RunAction) -> None:
    """Read out digit by digit, a phone number also reads as an order number (and the NLU
    may call it tracking): with the contact taken, nothing is read again as a request."""
    text = "um my number is five five five one two three four five six"
    tracker = contact_question_answered(text, "track_order", confidence=0.9)
    events, _messages = run_action(ValidateHandoffContactForm(), tracker)
    assert events[0] == SlotSet("handoff_contact", "555123456")
    closed = make_tracker(
        [*tracker.events, loop(None)],
        slots={"handoff_case": 5, "handoff_contact": "555123456"},
        active_loop=None,
    )
    events, _messages = run_action(ActionHandoffContact(), closed)
    assert events == [SlotSet("handoff_contact_needed", False)]


@pytest.mark.usefixtures("services")
def test_a_contact_corrected_after_the_handoff_goes_on_the_same_case(
    run_action: RunAction, engine: Engine, at: Callable[[datetime], None]
) -> None:
    """Sixth-round shoppers: a corrected phone number opened a second case (when the first
    was a complaint), or was answered "I can't help with that"."""
    at(OPEN)
    run_action(ActionHandoff(), make_tracker(anonymous(user("I want to complain", "complaint"))))
    (case,) = cases(engine)
    text = "ბოდიში, ნომერი არასწორად დავწერე, სწორია 599 11 22 33"
    tracker = make_tracker(
        anonymous(user(text, "contact_human_agent", confidence=1.0)),
        slots={"handoff_case": case.id, "handoff_contact": "59911223"},
    )
    events, messages = run_action(ActionHandoff(), tracker)
    (same,) = cases(engine)
    assert same.id == case.id
    assert SlotSet("handoff_contact", "599112233") in events
    assert responses(messages) == ["utter_handoff_contact_open"]
    assert [note.body for note in same.notes][-1] == (
        "Contact the customer at 599112233 (given, with consent, in the chat)"
    )


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(("moment", "when"), [(OPEN, "open"), (CLOSED, "closed")])
def test_asking_when_a_person_will_call_repeats_the_promise_of_the_same_case(
    run_action: RunAction,
    engine: Engine,
    at: Callable[[datetime], None],
    moment: datetime,
    when: str,
) -> None:
    """Round 7, every language: "so when will they call me" after the handoff got the
    contact details and an offer of a person; read as a request for a person by rule, it
    gets the promise again: the same case, contact and reference, no "I'm passing" again."""
    at(moment)
    case_id = _passed_on(run_action)
    tracker = make_tracker(
        anonymous(user("so when will they call me", "contact_human_agent")),
        slots={"handoff_case": case_id, "handoff_contact": "+995555123456"},
    )
    events, messages = run_action(ActionHandoff(), tracker)
    assert responses(messages) == [f"utter_handoff_contact_{when}_again"]  # no "Thank you"
    assert (messages[0]["handoff_contact"], messages[0]["case_reference"]) == (
        "+995555123456",
        case_id,
    )
    assert SlotSet("handoff_case", case_id) in events
    (case,) = cases(engine)
    assert [note.body for note in case.notes] == [  # noted once, not at each question
        "Contact the customer at +995555123456 (given, with consent, in the chat)"
    ]


@pytest.mark.usefixtures("services")
def test_a_contact_typed_after_declining_the_surveys_question_goes_on_its_answer(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 12: "no" to "may someone contact you?", then "ani@mail.ru", opened a handoff
    case beside the survey's detractor case; it is consent given after all."""
    answered = [
        *completed_survey(score="2", reason="the delivery was late"),
        slot("nps_contact", False),
    ]
    submitted, _messages = run_action(ActionSubmitNps(), make_tracker(answered))
    (case,) = cases(engine)
    then = [
        *answered,
        action("action_submit_nps"),
        *submitted,
        action("action_listen"),
        user("ani@mail.ru", "contact_human_agent", confidence=1.0),
    ]
    _events, messages = run_action(ActionHandoff(), make_tracker(then))
    assert responses(messages) == ["utter_thanks_nps_contact"]
    assert [c.id for c in cases(engine)] == [case.id]  # no second case
    with session_factory(engine)() as session:
        (answer,) = session.scalars(select(SurveyResponse)).all()
        assert answer.contact_email == "ani@mail.ru"


@pytest.mark.usefixtures("services")
def test_a_reason_typed_after_skipping_why_is_added_to_the_answer(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 12, every language: "skip" under "why?", then the reason anyway, opened a
    second (complaint) case and the answer kept no reason."""
    answered = [*completed_survey(score="3", reason="skip"), slot("nps_reason", None)]
    submitted, messages = run_action(ActionSubmitNps(), make_tracker(answered))
    thanks = messages[0]["response"]
    (case,) = cases(engine)
    late = "well actually the courier was three days late and rude"
    then = [
        *answered,
        action("action_submit_nps"),
        *submitted,
        bot("We're sorry we didn't meet your expectations.", thanks),
        action("action_listen"),
        user(late, "complaint", confidence=0.99),
    ]
    _events, messages = run_action(ActionHandoff(), make_tracker(then))
    assert responses(messages) == ["utter_reason_added"]
    assert [c.id for c in cases(engine)] == [case.id]
    with session_factory(engine)() as session:
        (answer,) = session.scalars(select(SurveyResponse)).all()
        assert (answer.score, answer.comment) == (3, late)


@pytest.mark.usefixtures("services")
def test_asking_when_after_the_surveys_promise_opens_no_second_case(
    run_action: RunAction, engine: Engine
) -> None:
    """Round 8, every language: "when will they call me?" after the survey's "Someone from
    our team will contact you at ..." started a handoff and asked for the contact again."""
    promised = bot(
        "Thank you for telling us. Someone from our team will contact you at 07911222333.",
        "utter_thanks_nps_contact",
    )
    tracker = make_tracker(
        anonymous(promised, user("when will they call me?", "contact_human_agent"))
    )
    events, messages = run_action(ActionHandoff(), tracker)
    assert events == [SlotSet("handoff_contact_needed", False)]
    assert [(m["response"], m.get("hours")) for m in messages] == [
        ("utter_survey_follow_up_time", 48)
    ]
    assert cases(engine) == []


@pytest.mark.parametrize(
    ("text", "hands_over"),
    [
        ("no thanks", False),
        ("არა, მადლობა", False),
        ("still nothing", True),  # round 13: "No problem!"
        ("სპამშიც ვნახე, არაფერია", True),  # I looked in spam too, nothing
    ],
)
def test_a_no_to_the_offer_of_a_person_that_says_it_goes_on_hands_over(
    run_action: RunAction, text: str, hands_over: bool
) -> None:
    tracker = make_tracker([user(text, "deny")])
    events, messages = run_action(ActionDeclinePerson(), tracker)
    if hands_over:
        assert events == [FollowupAction("action_handoff")]
        assert messages == []
    else:
        assert events == []
        assert responses(messages) == ["utter_no_problem"]


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(
    "text",
    [
        "lol ur useless",
        "სულელი ბოტი ხარ",
        "դու ապուշ ես",
        "you are a completely useless piece of junk bot",  # round 18: longer, naming the bot
    ],
)
def test_an_insult_read_as_a_complaint_is_sorry_and_a_person_offered(
    run_action: RunAction, engine: Engine, text: str
) -> None:
    """Round 17: "lol ur useless", read as a complaint, opened an urgent priority-1 case."""
    events, messages = run_action(
        ActionHandoff(), make_tracker(conversation(user(text, "complaint")))
    )
    assert responses(messages) == ["utter_sorry_not_helped"]
    assert events[-1] == FollowupAction("utter_offer_handoff")
    assert cases(engine) == []


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(
    "text",
    [
        "your courier was rude and useless, the parcel came open and nobody cares",
        "your support is useless",  # names called at us, not at the bot
        "ur company sucks",
    ],
)
def test_a_complaint_with_an_insult_in_it_is_still_a_complaint(
    run_action: RunAction, engine: Engine, text: str
) -> None:
    run_action(ActionHandoff(), make_tracker(conversation(user(text, "complaint"))))
    assert len(cases(engine)) == 1


@pytest.mark.usefixtures("services")
@pytest.mark.parametrize(
    ("text", "glad"),
    [("კი, დამეხმარა", True), ("yes it worked thanks", True), ("yes please", False)],
)
def test_yes_it_helped_to_the_offer_of_a_person_opens_no_case(
    run_action: RunAction, engine: Engine, text: str, glad: bool
) -> None:
    """Round 17: "კი, დამეხმარა" (yes, it helped) to "Would you like me to pass this
    conversation to a person?" opened a case; the customer said twice they needed nobody."""
    events = conversation(
        bot("Would you like me to pass this conversation to a person?", "utter_offer_handoff"),
        action("action_listen"),
        user(text, "affirm"),
    )
    _events, messages = run_action(ActionHandoff(), make_tracker(events))
    assert (responses(messages) == ["utter_glad_it_helped"]) is glad
    assert (cases(engine) == []) is glad
