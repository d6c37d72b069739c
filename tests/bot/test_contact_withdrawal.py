""" "Please don't contact me" after a contact was given: the contact is taken back from the
survey answer and the handoff case (real action code and database)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.actions.contact_withdrawal import ActionAnswerNo
from bot.actions.handoff import ActionHandoff, ActionHandoffContact
from bot.actions.survey import ActionSubmitNps
from feedback_api.models import FollowUpCase, SurveyResponse
from feedback_api.storage.handoff import HANDOFF_CONTACT_WITHDRAWN
from feedback_api.storage.responses import CONTACT_WITHDRAWN_NOTE
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

pytestmark = pytest.mark.usefixtures("services")


def _survey_with_contact(run_action: RunAction) -> list[dict[str, Any]]:
    """A detractor's survey with consent and an address, stored and thanked for."""
    survey = [
        *completed_survey(score="3", reason="late delivery")[:-2],
        slot("nps_contact", True),
        slot("nps_email", "ana@mail.ge"),
        loop(None),
        slot("requested_slot", None),
    ]
    run_action(ActionSubmitNps(), make_tracker([*survey, action("action_submit_nps")]))
    return [
        *survey,
        action("action_submit_nps"),
        *(slot(name, None) for name in ("nps_score", "nps_reason", "nps_contact", "nps_email")),
        bot("Someone will contact you at ana@mail.ge.", "utter_thanks_nps_contact"),
        action("action_listen"),
    ]


def _answer(engine: Engine) -> SurveyResponse:
    with Session(engine) as session:
        response = session.scalars(select(SurveyResponse)).one()
        _ = response.case.notes if response.case else None
        return response


def test_dont_contact_me_after_the_survey_takes_the_contact_back(
    run_action: RunAction, engine: Engine
) -> None:
    thanked = _survey_with_contact(run_action)
    stored = _answer(engine)
    given = (stored.contact_email, stored.score, stored.comment)
    assert given == ("ana@mail.ge", 3, "late delivery")

    refusal = user("არა, გადავიფიქრე, ნუ დამიკავშირდებით", "deny")
    events, messages = run_action(ActionAnswerNo(), make_tracker([*thanked, refusal]))

    assert [m["response"] for m in messages] == ["utter_contact_withdrawn"]
    assert events == [SlotSet("nps_contact", False), SlotSet("nps_contact", None)]
    stored = _answer(engine)
    assert (stored.contact_email, stored.score, stored.comment) == (None, 3, "late delivery")
    assert stored.case is not None  # still a detractor: followed up, but not by contact
    assert CONTACT_WITHDRAWN_NOTE in [note.body for note in stored.case.notes]


def test_a_plain_no_is_only_answered(run_action: RunAction, engine: Engine) -> None:
    thanked = _survey_with_contact(run_action)
    _events, messages = run_action(ActionAnswerNo(), make_tracker([*thanked, user("no", "deny")]))
    assert [m["response"] for m in messages] == ["utter_no_problem"]
    assert _answer(engine).contact_email == "ana@mail.ge"


def test_a_refusal_with_nothing_given_is_only_answered(run_action: RunAction) -> None:
    tracker = make_tracker([action("action_listen"), user("please don't contact me", "deny")])
    _events, messages = run_action(ActionAnswerNo(), tracker)
    assert [m["response"] for m in messages] == ["utter_no_problem"]


def test_dont_contact_me_after_a_handoff_notes_the_case(
    run_action: RunAction, engine: Engine
) -> None:
    events, _ = run_action(
        ActionHandoff(), make_tracker([action("action_listen"), user("a person please")])
    )
    case_id = int(events[0]["value"])
    slots = {"handoff_case": case_id, "handoff_contact": "nino@test.ge"}
    gave = [action("action_listen"), user("nino@test.ge"), loop(None)]
    run_action(ActionHandoffContact(), make_tracker(gave, slots=slots))

    refusal = user("please do not contact me, just wanted you to know", "deny")
    events, messages = run_action(ActionAnswerNo(), make_tracker([*gave, refusal], slots=slots))

    assert [m["response"] for m in messages] == ["utter_contact_withdrawn"]
    assert events == [SlotSet("handoff_contact", None)]
    with Session(engine) as session:
        notes = [note.body for note in session.get(FollowUpCase, case_id).notes]
    assert notes == [
        "Contact the customer at nino@test.ge (given, with consent, in the chat)",
        HANDOFF_CONTACT_WITHDRAWN,
    ]
