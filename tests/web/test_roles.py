"""Who may open which page: agents the console, marketers the dashboard, admins both."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from feedback_api.models import Role
from tests.storage.factories import Data
from tests.web.conftest import MakeUser, sign_in


@pytest.fixture
def case_id(data: Data) -> int:
    answer = data.answer("nps", 2, comment="Awful, never again", customer_id="c-1")
    assert answer.case is not None
    return answer.case.id


def test_marketer_cannot_open_a_case_page_or_the_queue(
    marketer_client: TestClient, case_id: int
) -> None:
    for path in (f"/console/cases/{case_id}", "/console/queue"):
        response = marketer_client.get(path)
        assert response.status_code == 403, path
        assert response.headers["content-type"].startswith("text/html")
        assert "This page is for agents and admins" in response.text
        assert "Awful, never again" not in response.text
    posted = marketer_client.post(f"/console/cases/{case_id}", data={"action": "note"})
    assert posted.status_code == 403


def test_agent_cannot_open_the_dashboard_or_export(agent_client: TestClient) -> None:
    for path in ("/dashboard", "/dashboard/export.csv"):
        response = agent_client.get(path)
        assert response.status_code == 403, path
        assert "This page is for marketers and admins" in response.text


def test_admin_opens_everything(client: TestClient, make_user: MakeUser, case_id: int) -> None:
    make_user(Role.ADMIN, "boss")
    sign_in(client, "boss")
    for path in ("/console/queue", f"/console/cases/{case_id}", "/dashboard"):
        assert client.get(path).status_code == 200, path
    page = client.get("/console/queue")
    assert 'href="/dashboard"' in page.text  # both links in the navigation
    assert 'href="/console/queue"' in page.text


def test_anonymous_visitors_are_sent_to_sign_in(client: TestClient, case_id: int) -> None:
    for path in ("/console/queue", f"/console/cases/{case_id}", "/dashboard"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/login?next=/")


def test_the_navigation_shows_only_what_the_role_may_open(
    marketer_client: TestClient,
) -> None:
    page = marketer_client.get("/dashboard")
    assert 'href="/dashboard"' in page.text
    assert 'href="/console/queue"' not in page.text


def test_api_keys_do_not_open_pages(client: TestClient, make_key: object) -> None:
    headers = make_key(Role.ADMIN)  # type: ignore[operator]
    response = client.get("/console/queue", headers=headers, follow_redirects=False)
    assert response.status_code == 303  # pages are for people with a session
