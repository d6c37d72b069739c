"""The case page: the answer, the transcript (live from Rasa or the snapshot), and working it."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from feedback_api.policy import CaseReason, CaseStatus
from feedback_api.storage.handoff import open_handoff_case
from tests.storage.factories import Data
from tests.web.conftest import csrf_token

ANGRY = "The parcel came broken and support was rude"
SNAPSHOT = [
    {"role": "user", "text": "I want to give feedback", "timestamp": "2026-11-20T10:00:00+00:00"},
    {"role": "bot", "text": "How likely are you to recommend us?", "timestamp": None},
    {"role": "user", "text": "2", "timestamp": None},
    {"role": "bot", "text": "What is the main reason for your score?", "timestamp": None},
    {"role": "user", "text": ANGRY, "timestamp": None},
]


def _detractor(data: Data, sender: str = "web-abc") -> int:
    """A detractor's answer from a chat; returns its case's id."""
    answer = data.answer(
        "nps",
        2,
        comment=ANGRY,
        customer_id="c-42",
        conversation_id=sender,
        campaign="spring",
        transcript=SNAPSHOT,
    )
    assert answer.case is not None
    return answer.case.id


def _post(client: TestClient, case_id: int, **fields: str) -> httpx.Response:
    """Submit one of the case page's forms, with the page's CSRF token."""
    page = client.get(f"/console/cases/{case_id}")
    return client.post(
        f"/console/cases/{case_id}",
        data={"csrf_token": csrf_token(page), **fields},
        follow_redirects=False,
    )


def test_case_page_shows_the_answer_and_the_saved_transcript_when_rasa_is_down(
    agent_client: TestClient, data: Data
) -> None:
    case_id = _detractor(data)
    page = agent_client.get(f"/console/cases/{case_id}")

    assert page.status_code == 200
    assert ANGRY in page.text
    assert "c-42" in page.text and "spring" in page.text
    assert "could not be reached" in page.text  # says where the transcript came from
    assert "How likely are you to recommend us?" in page.text
    assert page.text.count('class="tr-line tr-user"') == 3


def test_case_page_lists_all_of_the_customers_answers(agent_client: TestClient, data: Data) -> None:
    data.answer("csat", 5, comment="Quick refund, thanks", customer_id="c-42")
    data.answer("nps", 9, customer_id="someone-else", comment="Not this customer")
    case_id = _detractor(data)
    page = agent_client.get(f"/console/cases/{case_id}")

    assert page.status_code == 200
    assert "All of this customer's answers" in page.text
    assert "Quick refund, thanks" in page.text
    assert "Not this customer" not in page.text


def test_case_page_reads_the_whole_conversation_from_rasa(
    agent_client: TestClient, data: Data
) -> None:
    case_id = _detractor(data, sender="web/odd id")
    asked: list[httpx.Request] = []

    def rasa(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return httpx.Response(
            200,
            json={
                "events": [
                    {"event": "session_started", "timestamp": 1_763_000_000},
                    {"event": "user", "text": "hi", "timestamp": 1_763_000_001},
                    {
                        "event": "bot",
                        "text": "Would you like to tell us how we're doing?",
                        "data": {"buttons": [{"title": "Sure", "payload": "/affirm"}]},
                        "timestamp": 1_763_000_002,
                    },
                    {"event": "user", "text": "/affirm", "timestamp": 1_763_000_003},
                    {"event": "user", "text": "Where is my order?", "timestamp": 1_763_000_900},
                ]
            },
        )

    agent_client.app.state.rasa_transport = httpx.MockTransport(rasa)  # type: ignore[attr-defined]
    page = agent_client.get(f"/console/cases/{case_id}")

    raw_path = asked[0].url.raw_path.split(b"?")[0]
    assert raw_path == b"/conversations/web%2Fodd%20id/tracker"  # the id cannot change the path
    assert "could not be reached" not in page.text
    assert "Where is my order?" in page.text  # after the survey: only Rasa has it
    assert ">Sure</div>" in page.text  # the button's title, not "/affirm"
    assert "/affirm" not in page.text


def test_note_status_and_assignment_are_saved_with_history(
    agent_client: TestClient, data: Data
) -> None:
    case_id = _detractor(data)

    noted = _post(agent_client, case_id, action="note", note="Called, refund re-sent")
    assert noted.status_code == 303
    assert noted.headers["location"] == f"/console/cases/{case_id}?done=note#notes"
    mine = _post(agent_client, case_id, action="assign_me")
    assert mine.status_code == 303
    updated = _post(
        agent_client,
        case_id,
        action="update",
        status="resolved",
        assignee="nino",
        priority="2",
    )
    assert updated.status_code == 303

    page = agent_client.get(updated.headers["location"])
    assert "Case updated." in page.text
    assert "Called, refund re-sent" in page.text
    assert "<strong>nino</strong> changed assignee" in page.text
    assert "<strong>nino</strong> changed status" in page.text
    assert "<em>resolved</em>" in page.text
    assert "<strong>nino</strong> changed priority" in page.text

    detail = agent_client.get(f"/console/cases/{case_id}")
    assert 'value="resolved" selected' in detail.text
    queue = agent_client.get("/console/queue").text
    assert f"/console/cases/{case_id}" not in queue  # resolved leaves the open queue


def test_case_status_round_trip_in_the_database(agent_client: TestClient, data: Data) -> None:
    answer = data.answer("nps", 1, comment=ANGRY)
    _post(
        agent_client,
        answer.case.id,
        action="update",
        status="in_progress",
        assignee="",
        priority="1",
    )
    data.session.refresh(answer.case)
    assert answer.case.status is CaseStatus.IN_PROGRESS
    assert answer.case.first_contact_at is not None
    assert answer.case.assignee is None


def test_invalid_changes_are_explained(agent_client: TestClient, data: Data) -> None:
    case_id = _detractor(data)
    for fields, message in (
        ({"action": "note", "note": "   "}, "note is empty"),
        ({"action": "update", "status": "closed", "priority": "1"}, "status"),
        ({"action": "update", "status": "open", "priority": "9"}, "priority"),
        ({"action": "update", "status": "open", "assignee": "none"}, "reserved"),
    ):
        response = _post(agent_client, case_id, **fields)
        assert response.status_code == 400, fields
        assert message in response.text


def test_forms_need_the_csrf_token(agent_client: TestClient, data: Data) -> None:
    case_id = _detractor(data)
    for token in (None, "forged"):
        fields = {"action": "note", "note": "sneaky"}
        if token:
            fields["csrf_token"] = token
        response = agent_client.post(f"/console/cases/{case_id}", data=fields)
        assert response.status_code == 403
    assert "sneaky" not in agent_client.get(f"/console/cases/{case_id}").text


def test_unknown_cases_and_links_by_answer_id(agent_client: TestClient, data: Data) -> None:
    assert agent_client.get("/console/cases/999999").status_code == 404
    assert agent_client.get("/console/cases/abc").status_code == 404
    assert _post_raw(agent_client, "/console/cases/999999").status_code == 404

    flagged = data.answer("nps", 2, comment=ANGRY)
    by_answer = agent_client.get(f"/console/feedback/{flagged.id}", follow_redirects=False)
    assert by_answer.status_code == 303
    assert by_answer.headers["location"] == f"/console/cases/{flagged.case.id}"
    happy = data.answer("nps", 10, comment="Great!")
    page = agent_client.get(f"/console/feedback/{happy.id}")
    assert page.status_code == 404
    assert "was not flagged for follow-up" in page.text


def _post_raw(client: TestClient, path: str) -> httpx.Response:
    token = csrf_token(client.get("/console/queue"))
    return client.post(path, data={"csrf_token": token, "action": "note", "note": "x"})


def test_a_case_opened_from_a_chat_is_in_the_queue_and_can_be_worked(
    agent_client: TestClient, data: Data
) -> None:
    case, _ = open_handoff_case(
        data.session,
        sender_id="web-handoff",
        reason=CaseReason.COMPLAINT,
        transcript=SNAPSHOT[:1],
        customer_id="c-9",
        campaign="spring",
        comment="This is the third time my order is late!",
        analyzer=data.analyzer,
        settings=data.settings,
    )
    data.session.commit()

    queue = agent_client.get("/console/queue").text
    assert f'href="/console/cases/{case.id}"' in queue
    assert ">Complaint" in queue and ">chat</span>" in queue
    page = agent_client.get(f"/console/cases/{case.id}")
    assert page.status_code == 200
    assert "Opened from a chat" in page.text
    assert "third time my order is late" in page.text  # the bot's note
    assert _post(agent_client, case.id, action="assign_me").status_code == 303
    assert (
        "<strong>nino</strong> changed assignee"
        in agent_client.get(f"/console/cases/{case.id}").text
    )


def test_case_page_shows_the_phone_given_with_consent_as_a_tel_link(
    agent_client: TestClient, data: Data
) -> None:
    given = data.answer(
        "nps", 2, comment=ANGRY, customer_id="c-42", phone="+995 555 12-34-56", contact_consent=True
    )
    refused = data.answer(
        "nps", 1, comment=ANGRY, customer_id="c-43", phone="(555) 123-4567", contact_consent=False
    )
    assert given.case is not None and refused.case is not None

    page = agent_client.get(f"/console/cases/{given.case.id}")
    assert page.status_code == 200
    assert '<a href="tel:+995555123456">+995555123456</a>' in page.text
    assert "mailto:" not in page.text  # a phone gives no email consent to the customer

    page = agent_client.get(f"/console/cases/{refused.case.id}")
    assert page.status_code == 200
    assert "tel:" not in page.text and "5551234567" not in page.text
