"""A score changed after the survey's thank-you changes the stored answer (one answer, the
reason and contact kept, the new score said back), on the real action code and database."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.actions.survey import ActionSubmitNps
from bot.actions.survey_csat import ActionSubmitCsat
from bot.actions.survey_flow import ActionStartNps
from bot.actions.survey_revision import answers_when_stored
from feedback_api.models import FollowUpCase, SurveyOffer, SurveyResponse
from feedback_api.policy import SurveyKind
from tests.bot.conftest import (
    RunAction,
    action,
    bot,
    completed_survey,
    csat_until_score,
    make_tracker,
    score_entity,
    slot,
    user,
)

pytestmark = pytest.mark.usefixtures("services")


def answers(engine: Engine) -> list[tuple[SurveyKind, int | None, str | None]]:
    with Session(engine) as session:
        rows = session.scalars(select(SurveyResponse).order_by(SurveyResponse.id))
        return [(row.kind, row.score, row.comment) for row in rows]


def cases(engine: Engine) -> int:
    with Session(engine) as session:
        return len(session.scalars(select(FollowUpCase)).all())


def nps_thanked(run_action: RunAction, *, score: str, reason: str) -> list[dict[str, Any]]:
    """An NPS survey answered, stored by its submit action, and thanked for."""
    survey = completed_survey(score=score, reason=reason)
    run_action(ActionSubmitNps(), make_tracker([*survey, action("action_submit_nps")]))
    return [
        *survey,
        action("action_submit_nps"),
        slot("nps_score", None),
        slot("nps_reason", None),
        bot("Thank you for your feedback!", "utter_thanks_nps"),
        action("action_listen"),
    ]


def test_the_answers_are_read_back_as_the_submit_action_stored_them(
    run_action: RunAction,
) -> None:
    events = nps_thanked(run_action, score="9", reason="quick delivery")
    tracker = make_tracker(events)
    stored = answers_when_stored(tracker, "action_submit_nps", ("nps_score", "nps_reason"))
    assert stored == {"nps_score": 9, "nps_reason": "quick delivery"}
    assert answers_when_stored(tracker, "action_submit_csat", ("csat_score",)) is None


@pytest.mark.parametrize(
    "message",
    [
        user("sorry I meant 3", "inform_score"),
        user("ბოდიში, 3 მინდოდა", "inform_score"),
        user("oops I meant 3 not 9", "inform_score"),  # two numbers: the one meant
        user("actually more like a 3 not 9", "inform_score"),  # round 14
        user("can I change my score to 3?", "inform_score"),
        user('/inform_score{"score":"3"}', "inform_score", entities=score_entity("3")),
    ],
)
def test_a_new_nps_score_after_the_thanks_changes_the_stored_answer(
    run_action: RunAction, engine: Engine, message: dict[str, Any]
) -> None:
    """A customer who took a 9 back after the thank-you was only told "OK", and the 9 stayed
    in the report: the answer is stored again under its key, its reason kept."""
    thanked = nps_thanked(run_action, score="9", reason="quick delivery")
    assert answers(engine) == [(SurveyKind.NPS, 9, "quick delivery")]
    assert cases(engine) == 0

    events, messages = run_action(ActionStartNps(), make_tracker([*thanked, message]))

    assert events == [
        SlotSet("survey_offered", False),
        SlotSet("nps_score", 3),  # recorded for a later change, and cleared
        SlotSet("nps_score", None),
    ]
    assert [(m["response"], m.get("score")) for m in messages] == [("utter_score_changed", 3)]
    assert answers(engine) == [(SurveyKind.NPS, 3, "quick delivery")]
    assert cases(engine) == 1  # a detractor now: an agent follows it up
    with Session(engine) as session:  # and no second survey was started
        assert session.scalars(select(SurveyOffer)).all() == []


def test_a_second_change_starts_from_the_first(run_action: RunAction, engine: Engine) -> None:
    """9, then "can I change my score to 3?", then "oops I meant 9 not 3": the second change
    had been compared with the 9 the survey stored and only acknowledged, and the 3 stayed."""
    thanked = nps_thanked(run_action, score="9", reason="quick delivery")
    first = user("can I change my score to 3?", "inform_score")
    events, _ = run_action(ActionStartNps(), make_tracker([*thanked, first]))
    changed = [*thanked, first, action("action_start_nps"), *(dict(e) for e in events)]
    changed += [bot("Got it, I've changed your score to 3.", "utter_score_changed")]
    second = user("oops I meant 9 not 3", "inform_score")

    _events, messages = run_action(ActionStartNps(), make_tracker([*changed, second]))

    assert [(m["response"], m.get("score")) for m in messages] == [("utter_score_changed", 9)]
    assert answers(engine) == [(SurveyKind.NPS, 9, "quick delivery")]


def test_the_same_score_again_is_only_acknowledged(run_action: RunAction, engine: Engine) -> None:
    thanked = nps_thanked(run_action, score="9", reason="quick delivery")
    tap = user('/inform_score{"score":"9"}', "inform_score", entities=score_entity("9"))
    _events, messages = run_action(ActionStartNps(), make_tracker([*thanked, tap]))
    assert [m["response"] for m in messages] == ["utter_ok"]
    assert answers(engine) == [(SurveyKind.NPS, 9, "quick delivery")]


def test_an_unclear_score_after_the_thanks_changes_nothing(
    run_action: RunAction, engine: Engine
) -> None:
    thanked = nps_thanked(run_action, score="9", reason="quick delivery")
    _events, messages = run_action(
        ActionStartNps(), make_tracker([*thanked, user("8 or 9", "inform_score")])
    )
    assert [m["response"] for m in messages] == ["utter_ok"]
    assert answers(engine) == [(SurveyKind.NPS, 9, "quick delivery")]


def test_a_new_csat_score_after_its_thanks_changes_the_csat_answer(
    run_action: RunAction, engine: Engine
) -> None:
    """ "አይ ይቅርታ 5 አይደለም፣ 3 ነው" (no sorry, not 5, it's 3) after the CSAT thank-you had
    been answered "I can't change it here"; it is not an NPS answer either."""
    answered = [
        *csat_until_score(),
        user("5", "inform_score"),
        slot("csat_score", 5),
        action("csat_form"),
        slot("csat_score", 5),
    ]
    run_action(ActionSubmitCsat(), make_tracker([*answered, action("action_submit_csat")]))
    assert answers(engine) == [(SurveyKind.CSAT, 5, None)]
    thanked = [
        *answered,
        action("action_submit_csat"),
        slot("csat_score", None),
        bot("Thanks for letting us know!", "utter_thanks_csat"),
        action("action_listen"),
    ]
    message = user("አይ ይቅርታ 5 አይደለም፣ 3 ነው", "inform_score")

    _events, messages = run_action(ActionStartNps(), make_tracker([*thanked, message]))

    assert [(m["response"], m.get("score")) for m in messages] == [("utter_score_changed", 3)]
    assert answers(engine) == [(SurveyKind.CSAT, 3, None)]
