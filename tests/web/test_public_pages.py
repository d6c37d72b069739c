"""The start page, the demo shop and the widget's files: one script tag, CSP-friendly."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from feedback_api.web.pages import STATIC_DIR, TEMPLATES_DIR


def test_start_page_links_the_three_pages(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for href in ("/demo/", "/console/queue", "/dashboard"):
        assert f'href="{href}"' in page.text


def test_demo_shop_embeds_the_widget_with_one_script_tag(client: TestClient) -> None:
    page = client.get("/demo/?customer_id=c-77&campaign=autumn&lang=ka")

    assert page.status_code == 200
    tags = re.findall(r"<script\b[^>]*>", page.text)
    assert len(tags) == 1
    tag = tags[0]
    assert 'src="http://testserver/widget.js"' in tag
    assert 'data-bot-url="http://testserver:5005"' in tag  # the page's host, Rasa's port
    assert 'data-customer-id="c-77"' in tag
    assert 'data-campaign="autumn"' in tag
    assert 'data-language="ka"' in tag
    # No English header on a Georgian page: the widget shows its own title in Georgian.
    assert 'data-title=""' in tag
    assert '<html lang="ka" dir="ltr">' in page.text
    english = client.get("/demo/?lang=en").text
    assert 'data-title="Acme Shop help"' in english


def test_demo_page_runs_under_a_strict_content_security_policy(client: TestClient) -> None:
    policy = client.get("/demo/").headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "connect-src 'self' http://testserver:5005" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_right_to_left_language_and_configured_bot_address(
    client: TestClient,
) -> None:
    client.app.state.settings = client.app.state.settings.model_copy(  # type: ignore[attr-defined]
        update={"widget_bot_url": "https://bot.example.com/"}
    )
    page = client.get("/demo/?lang=ar")
    assert '<html lang="ar" dir="rtl">' in page.text
    assert 'data-bot-url="https://bot.example.com"' in page.text
    assert "connect-src 'self' https://bot.example.com" in page.headers["content-security-policy"]


@pytest.mark.parametrize(
    "query", ["customer_id=%22%3E%3Cscript%3E", "campaign=a%20b", "lang=english!"]
)
def test_demo_refuses_odd_parameters(client: TestClient, query: str) -> None:
    response = client.get(f"/demo/?{query}")
    assert response.status_code == 400
    assert "<script>" not in response.text


def test_widget_files_are_served_from_our_origin(client: TestClient) -> None:
    script = client.get("/widget.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert script.headers["cache-control"] == "public, max-age=300"
    assert "/webhooks/rest/webhook" in script.text
    style = client.get("/widget.css")
    assert style.headers["content-type"].startswith("text/css")
    assert ".cl-launcher" in style.text


def test_widget_script_has_nothing_a_strict_csp_would_block() -> None:
    source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    for forbidden in ("eval(", "new Function", "innerHTML", "insertAdjacentHTML", "document.write"):
        assert forbidden not in source, forbidden
    assert 'setAttribute("style"' not in source
    assert 'setAttribute("on' not in source


def test_templates_have_no_inline_scripts_styles_or_handlers() -> None:
    for template in TEMPLATES_DIR.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert " style=" not in text, template.name
        assert "<style" not in text, template.name
        assert not re.search(r"\son[a-z]+=", text), template.name
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (template.name, tag)


def test_pages_send_security_headers(client: TestClient) -> None:
    for path in ("/", "/console/login", "/demo/"):
        headers = client.get(path).headers
        assert headers["x-frame-options"] == "DENY", path
        assert headers["x-content-type-options"] == "nosniff", path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
    assert client.get("/console/login").headers["cache-control"] == "no-store"


def test_visitors_of_public_pages_get_no_cookie(client: TestClient) -> None:
    for path in ("/", "/demo/", "/widget.js"):
        assert "set-cookie" not in client.get(path).headers, path
    assert "set-cookie" in client.get("/console/login").headers  # it has a form


def test_json_api_is_unchanged(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/v1/nps").status_code == 401
