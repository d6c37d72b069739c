"""The detractor queue page: columns, filters, order and paging."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from feedback_api.models import utcnow
from tests.storage.factories import Data

ANGRY = "Delivery was late and support was rude, terrible"


def _ids(page: str) -> list[int]:
    """The case ids in the queue, in the order shown."""
    return [int(i) for i in re.findall(r'href="/console/cases/(\d+)"', page)]


def test_queue_shows_each_column(agent_client: TestClient, data: Data) -> None:
    answer = data.answer(
        "nps",
        2,
        comment=ANGRY,
        customer_id="c-42",
        channel="web",
        language="en",
        campaign="spring",
        at=utcnow() - timedelta(hours=3),
    )
    page = agent_client.get("/console/queue")

    assert page.status_code == 200
    row = page.text[page.text.index(f"/console/cases/{answer.case.id}") - 600 :]
    assert 'class="score score-detractor"' in row and ">2</span>" in row
    assert ANGRY in row
    assert "sentiment-negative" in row
    assert ">en<" in row and ">web<" in row
    assert ">3 h<" in row
    assert "Open" in row
    assert "P1" in row or "P2" in row
    assert "c-42" in row and "spring" in row


def test_comments_are_escaped(agent_client: TestClient, data: Data) -> None:
    data.answer("nps", 1, comment="<script>alert(1)</script> awful")
    page = agent_client.get("/console/queue").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_filters_narrow_the_queue(agent_client: TestClient, data: Data) -> None:
    web = data.answer("nps", 3, comment="bad", channel="web", language="en", campaign="spring")
    mail = data.answer("nps", 4, comment="bad", channel="email", language="ka", campaign="autumn")

    assert _ids(agent_client.get("/console/queue?channel=email").text) == [mail.case.id]
    assert _ids(agent_client.get("/console/queue?language=en").text) == [web.case.id]
    assert _ids(agent_client.get("/console/queue?campaign=spring&channel=").text) == [web.case.id]
    assert _ids(agent_client.get("/console/queue?status=resolved").text) == []
    empty = agent_client.get("/console/queue?campaign=none-such")
    assert "Nothing to follow up" in empty.text


def test_assignee_filter_and_unassigned(agent_client: TestClient, data: Data) -> None:
    mine = data.answer("nps", 2, comment="bad")
    other = data.answer("nps", 2, comment="bad")
    mine.case.assignee = "nino"
    data.session.commit()

    assert _ids(agent_client.get("/console/queue?assignee=nino").text) == [mine.case.id]
    assert _ids(agent_client.get("/console/queue?assignee=none").text) == [other.case.id]


def test_newest_or_most_urgent_first(agent_client: TestClient, data: Data) -> None:
    t0 = datetime(2026, 1, 5, 12, tzinfo=UTC)
    old_urgent = data.answer("nps", 0, comment="Terrible, awful, worst ever", at=t0)
    new_mild = data.answer("nps", 6, at=t0 + timedelta(days=1))
    old_urgent.case.priority, new_mild.case.priority = 1, 4
    data.session.commit()

    assert _ids(agent_client.get("/console/queue").text) == [new_mild.case.id, old_urgent.case.id]
    by_priority = agent_client.get("/console/queue?sort=priority").text
    assert _ids(by_priority) == [old_urgent.case.id, new_mild.case.id]
    assert '<option value="priority" selected>' in by_priority


def test_paging_walks_the_whole_queue_once(agent_client: TestClient, data: Data) -> None:
    t0 = datetime(2026, 2, 1, tzinfo=UTC)
    made = [data.answer("nps", 1, at=t0 + timedelta(minutes=i)).case.id for i in range(30)]

    first = agent_client.get("/console/queue?limit=25&channel=api")
    seen = _ids(first.text)
    assert len(seen) == 25
    next_url = re.search(r'href="([^"]+)" rel="next"', first.text)
    assert next_url, "no next page link"
    url = next_url.group(1).replace("&amp;", "&")
    assert "channel=api" in url and "limit=25" in url  # the filters stay
    second = agent_client.get(url)
    seen += _ids(second.text)

    assert seen == sorted(made, reverse=True)
    assert 'rel="next"' not in second.text
    assert "First page" in second.text


def test_bad_filter_is_explained_on_the_page(agent_client: TestClient) -> None:
    for query, message in (
        ("date_from=yesterday", "date_from"),
        ("date_from=2026-05-03&date_to=2026-05-01", "date_from is after date_to"),
        ("cursor=garbage", "cursor is not valid"),
    ):
        page = agent_client.get(f"/console/queue?{query}")
        assert page.status_code == 400, query
        assert 'role="alert"' in page.text
        assert message in page.text


def test_georgian_armenian_and_amharic_cases_show_their_language(
    agent_client: TestClient, data: Data
) -> None:
    comments = {
        "ka": "შეკვეთა სამი კვირით დაგვიანდა და ოპერატორი ძალიან უხეში იყო",
        "hy": "Պատվերը երեք շաբաթ ուշացավ, և օպերատորը շատ կոպիտ էր",
        "am": "ትዕዛዙ ሦስት ሳምንት ዘግይቷል፣ ኦፕሬተሩም በጣም ባለጌ ነበር",
    }
    cases = {
        language: data.answer("nps", 3, comment=comment, language=language).case.id
        for language, comment in comments.items()
    }
    page = agent_client.get("/console/queue").text
    for language, comment in comments.items():
        # The comment is marked with its language (the browser picks a font for the script).
        assert f'lang="{language}">{comment}</a>' in page
        row = page[page.index(f"/console/cases/{cases[language]}") :]
        assert f'<td class="col-language">{language}</td>' in row[: row.index("</tr>")]
    assert 'list="language-hints"' in page and "ქართული (Georgian)" in page
    for language, case_id in cases.items():
        assert _ids(agent_client.get(f"/console/queue?language={language}").text) == [case_id]
        case_page = agent_client.get(f"/console/cases/{case_id}").text
        assert f'<span class="case-language" title="language of the conversation">{language}' in (
            case_page
        )
        assert f'lang="{language}">{comments[language]}</blockquote>' in case_page
