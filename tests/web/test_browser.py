"""The pages in a real browser, against the real bot, actions and API.

Starts the Rasa server, the action server and the API (the same runner as ``make run``) on
free ports against a fresh SQLite database, and drives Debian's Chromium with Playwright
(``executable_path``: no browser download). A customer chats on the demo shop and answers
the NPS survey with the buttons; an agent finds the detractor, reads the transcript, adds a
note and resolves it; a marketer sees the NPS change and downloads the CSV, and cannot open
a case. Screenshots of every page go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from closedloop.ports import free_port
from closedloop.runner import ROOT, RunningServices, ensure_model, start_services
from feedback_api.db import make_engine, session_factory
from feedback_api.migrate import upgrade
from feedback_api.models import Role
from feedback_api.settings import Settings
from feedback_api.storage import users
from feedback_api.web.pages import CHART_JS

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "browser-test-password"
CUSTOMER = "c-browser-1"
CAMPAIGN = "browser-test"
COMMENT = "The parcel arrived broken and nobody answered my emails"
OFFLINE_QUESTION = "Thank you so much!"  # small talk: it opens no case of its own
BOT_TIMEOUT_MS = 60_000
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}


@dataclass
class Stack:
    settings: Settings
    services: RunningServices
    base: str  # the API (and the pages), e.g. http://127.0.0.1:41234


def shot(page: object, name: str, *, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    return path


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    rasa_venv = ROOT / ".venv-rasa"
    if not (rasa_venv / "bin" / "rasa").is_file():
        pytest.skip(f"Rasa is not installed in {rasa_venv} (run `make setup`)")
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing (make setup installs Debian's chromium)")
    data_dir = tmp_path_factory.mktemp("browser")
    api_port = free_port()
    settings = Settings(
        environment="test",
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'closedloop.db'}",
        rasa_venv=rasa_venv,
        # As in tests/e2e: shared with development runs, so an unchanged bot is not retrained.
        model_dir=Path(os.environ.get("CLOSEDLOOP_TEST_MODEL_DIR", ROOT / "models")),
        api_host="127.0.0.1",
        api_port=api_port,
        rasa_port=free_port(),
        action_port=free_port(),
        cors_origins=[f"http://127.0.0.1:{api_port}"],
        api_key_pepper="browser-pepper",  # type: ignore[arg-type]
        session_secret="browser-session-secret",  # type: ignore[arg-type]
        _env_file=None,  # type: ignore[call-arg]
    )
    upgrade(settings.sqlalchemy_url)
    engine = make_engine(settings.sqlalchemy_url)
    with session_factory(engine)() as session:
        users.create_user(
            session, username="nino", password=PASSWORD, role=Role.AGENT, display_name="Nino"
        )
        users.create_user(
            session, username="mari", password=PASSWORD, role=Role.MARKETER, display_name="Mari"
        )
        session.commit()
    engine.dispose()
    model = ensure_model(settings)
    with start_services(settings, model=model, api=True) as services:
        yield Stack(settings=settings, services=services, base=services.api_url or "")


@pytest.fixture(scope="module")
def browser(stack: Stack) -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Problems:
    """Console errors and failed page loads (a CSP violation shows up as a console error)."""

    def __init__(self, page: object, *, allow: tuple[str, ...] = ()) -> None:
        self.errors: list[str] = []
        self.allow = allow
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))  # type: ignore[attr-defined]

    def _console(self, message: object) -> None:
        text = message.text  # type: ignore[attr-defined]
        if message.type == "error" and not any(a in text for a in self.allow):  # type: ignore[attr-defined]
            self.errors.append(text)

    def assert_none(self) -> None:
        assert not self.errors, "\n".join(self.errors)


def sign_in(page: object, stack: Stack, username: str, next_path: str) -> None:
    page.goto(f"{stack.base}{next_path}")  # type: ignore[attr-defined]
    expect(page).to_have_url(re.compile(r"/console/login\?next="))
    page.get_by_label("Username").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


@pytest.fixture(scope="module")
def seen() -> dict[str, str]:
    """What one step found that a later step needs (the case page's address)."""
    return {}


@pytest.fixture(scope="module")
def marketer(browser: object, stack: Stack) -> Iterator[object]:
    """A marketer's browser, signed in before the customer chats (to see the NPS change)."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in(page, stack, "mari", "/dashboard")
    yield page
    context.close()


def _bot_says(panel: object, text: str) -> None:
    expect(panel.locator(".cl-bot .cl-bubble", has_text=text).last).to_be_visible(  # type: ignore[attr-defined]
        timeout=BOT_TIMEOUT_MS
    )


def test_1_marketer_starts_with_no_answers(marketer: object) -> None:
    expect(marketer.locator("#nps-responses")).to_have_text("0")  # type: ignore[attr-defined]
    expect(marketer.locator("#nps-score")).to_have_text("–")  # type: ignore[attr-defined]


def test_2_customer_chats_answers_the_survey_and_keeps_the_conversation(
    browser: object, stack: Stack
) -> None:
    # The demo shop as a visitor on a computer: the launcher only.
    desktop = browser.new_context(viewport=DESKTOP)  # type: ignore[attr-defined]
    shop = desktop.new_page()
    problems = Problems(shop)
    shop.goto(f"{stack.base}/demo/")
    expect(shop.get_by_role("button", name="Open chat")).to_be_visible()
    shot(shop, "demo-shop")
    problems.assert_none()
    desktop.close()

    # The customer, on a phone.
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, has_touch=True)  # type: ignore[attr-defined]
    page = context.new_page()
    problems = Problems(page, allow=("net::ERR_FAILED", "Failed to load resource"))
    posted: list[dict[str, object]] = []
    page.on(
        "request",
        lambda r: (
            posted.append(json.loads(r.post_data or "{}"))
            if r.method == "POST" and r.url.endswith("/webhooks/rest/webhook")
            else None
        ),
    )
    page.goto(f"{stack.base}/demo/?customer_id={CUSTOMER}&campaign={CAMPAIGN}")
    page.get_by_role("button", name="Open chat").click()
    panel = page.get_by_role("dialog", name="Acme Shop help")
    expect(panel).to_be_visible()
    message = panel.get_by_role("textbox", name="Message")
    expect(message).to_be_focused()

    # The widget opens with a greeting and the most asked-for requests as buttons.
    opening = panel.locator(".cl-bot").first
    expect(opening).to_contain_text("How can I help you today?")
    quick = opening.locator(".cl-reply")
    expect(quick).to_have_text(
        ["Track an order", "Returns and refunds", "Talk to a person", "Rate us"]
    )
    assert all(box["height"] >= 44 for box in _boxes(quick))

    # A greeting gets an answer.
    message.fill("hi")
    message.press("Enter")
    _bot_says(panel, "Hi! I'm the Acme Shop assistant.")
    assert posted[0]["metadata"] == {
        "channel": "web",
        "language": "en",
        "message_id": posted[0]["metadata"]["message_id"],  # type: ignore[index]
        "customer_id": CUSTOMER,
        "campaign": CAMPAIGN,
    }
    # A support question gets its answer, then "Did that solve your problem?" with 1-5.
    message.fill("what is your refund policy")
    message.press("Enter")
    _bot_says(panel, "You can return items within")
    _bot_says(panel, "Did that solve your problem?")
    csat = panel.locator(".cl-reply")
    expect(csat).to_have_count(5)
    csat.nth(4).click()
    _bot_says(panel, "Thanks for letting us know!")

    message.fill("I want to give feedback")
    message.press("Enter")

    # The survey with the buttons: 0-10 in two rows of 44 px touch targets on a 390 px phone,
    # with the meaning of both ends written under them.
    _bot_says(panel, "How likely are you to recommend Acme Shop")
    scale = panel.locator(".cl-scale .cl-reply")
    expect(scale).to_have_count(11)
    boxes = _boxes(scale)
    assert len({round(b["y"]) for b in boxes}) == 2, "0-5 and 6-10, one row each"
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] for b in boxes)
    assert min(min(b["height"], b["width"]) for b in boxes) >= 44
    ends = panel.locator(".cl-scale-ends")
    expect(ends).to_contain_text("0 = not likely")
    expect(ends).to_contain_text("10 = very likely")
    shot(page, "widget-nps-phone")

    scale.nth(2).click()
    _bot_says(panel, "What is the main reason for your score?")
    expect(panel.locator(".cl-user .cl-bubble").last).to_contain_text("2")
    expect(panel.locator(".cl-scale")).to_have_count(0)  # answered buttons go away
    message.fill(COMMENT)
    message.press("Enter")
    _bot_says(panel, "May someone from our team contact you")  # asked of detractors
    panel.get_by_role("button", name="No, thanks").click()
    _bot_says(panel, "We're sorry we didn't live up to your expectations")

    # Reload: the conversation is still there, with the panel open.
    bubbles = panel.locator(".cl-bubble").count()
    page.reload()
    panel = page.get_by_role("dialog", name="Acme Shop help")
    expect(panel).to_be_visible()
    expect(panel.locator(".cl-bubble")).to_have_count(bubbles)
    expect(panel.locator(".cl-user .cl-bubble", has_text=COMMENT)).to_be_visible()
    expect(panel.locator(".cl-bubble").last).to_be_in_viewport()  # opens at the newest
    shot(page, "widget-phone")

    # The bot cannot be reached: a clear message, and a retry that sends it once more.
    webhook = f"{stack.services.rasa_url}/webhooks/rest/webhook"
    page.route(webhook, lambda route: route.abort())
    message = panel.get_by_role("textbox", name="Message")
    message.fill(OFFLINE_QUESTION)
    message.press("Enter")
    failed = panel.locator(".cl-failed")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("couldn't reach the assistant")
    shot(page, "widget-offline-phone")
    page.unroute(webhook)
    failed.get_by_role("button", name="Retry").click()
    expect(message).to_be_focused()  # focus stays in the panel, so Escape still works
    expect(panel.locator(".cl-failed")).to_have_count(0, timeout=BOT_TIMEOUT_MS)
    expect(panel.locator(".cl-user .cl-bubble", has_text=OFFLINE_QUESTION)).to_have_count(1)
    expect(panel.locator(".cl-bot").last).to_be_visible()
    page.wait_for_function(
        "() => !document.querySelector('#closedloop-widget').shadowRoot"
        ".querySelector('.cl-send').disabled"
    )
    tries = [p for p in posted if p.get("message") == OFFLINE_QUESTION]
    assert len(tries) == 2  # the aborted one and the retry ...
    assert tries[0]["metadata"]["message_id"] == tries[1]["metadata"]["message_id"]  # type: ignore[index]
    assert len({p["sender"] for p in posted}) == 1  # ... in the one conversation
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    problems.assert_none()
    context.close()


def _boxes(buttons: object) -> list[dict[str, float]]:
    count = buttons.count()  # type: ignore[attr-defined]
    boxes = [buttons.nth(i).bounding_box() for i in range(count)]  # type: ignore[attr-defined]
    assert count and all(b is not None for b in boxes)
    return boxes  # type: ignore[return-value]


def test_2b_quick_buttons_contact_links_and_touch_styles(browser: object, stack: Stack) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)  # type: ignore[attr-defined]
    page = context.new_page()
    problems = Problems(page)
    page.goto(f"{stack.base}/demo/?customer_id=c-browser-quick")
    page.get_by_role("button", name="Open chat").click()
    panel = page.get_by_role("dialog", name="Acme Shop help")

    # A quick button sends its request: the bot asks for the order number.
    panel.get_by_role("button", name="Track an order").click()
    expect(panel.locator(".cl-user .cl-bubble").last).to_contain_text("Track an order")
    _bot_says(panel, "order number")

    # E-mail addresses and phone numbers in the bot's answers are links.
    message = panel.get_by_role("textbox", name="Message")
    message.fill("how do I contact customer service")
    message.press("Enter")
    mail = panel.locator(".cl-bot a[href^='mailto:']").last
    expect(mail).to_have_attribute("href", "mailto:support@acme.example", timeout=BOT_TIMEOUT_MS)
    expect(panel.locator(".cl-bot a[href^='tel:']").last).to_have_attribute("href", "tel:+15550100")

    # No hover look on a touch screen: every :hover rule sits behind a hover-capable media query.
    bare_hover = page.evaluate(
        """() => {
          const sheet = document.querySelector('#closedloop-widget').shadowRoot
            .querySelector('link').sheet;
          return Array.from(sheet.cssRules)
            .filter((r) => r.selectorText && r.selectorText.includes(':hover'))
            .map((r) => r.selectorText);
        }"""
    )
    assert bare_hover == []
    assert page.evaluate("() => matchMedia('(hover: hover) and (pointer: fine)').matches") is False
    problems.assert_none()
    context.close()


def test_3_agent_finds_the_detractor_reads_the_transcript_and_resolves_it(
    browser: object, stack: Stack, seen: dict[str, str]
) -> None:
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[attr-defined]
    page = context.new_page()
    problems = Problems(page)
    page.goto(f"{stack.base}/console/queue")
    expect(page.get_by_label("Username")).to_be_focused()
    shot(page, "console-login")
    sign_in(page, stack, "nino", "/console/queue")

    first = page.locator("table.queue tbody tr").first
    expect(first).to_contain_text(COMMENT)
    expect(first.locator(".score")).to_have_text("2")
    expect(first).to_contain_text("negative")
    expect(first).to_contain_text("Open")
    shot(page, "console-queue")
    page.get_by_label("Order").select_option("priority")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("table.queue tbody tr").first).to_contain_text(COMMENT)

    page.get_by_role("link", name=COMMENT).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case #")
    seen["case_url"] = page.url
    transcript = page.get_by_role("list", name="Transcript")
    expect(transcript).to_contain_text("Hi! I'm the Acme Shop assistant.")
    expect(transcript).to_contain_text(COMMENT)
    expect(transcript).to_contain_text(OFFLINE_QUESTION)  # after the survey: from Rasa itself
    expect(transcript).to_contain_text("You're welcome!")
    expect(page.get_by_text("could not be reached")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(CUSTOMER)
    expect(page.locator("main")).to_contain_text(CAMPAIGN)

    page.get_by_label("Add a note").fill("Called the customer; a replacement is on its way.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("status")).to_have_text("Note added.")
    expect(page.locator("#notes")).to_contain_text("a replacement is on its way")

    page.get_by_label("Status").select_option("resolved")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_have_text("Case updated.")
    expect(page.locator("h1 .status-resolved")).to_have_text("Resolved")
    expect(page.get_by_role("heading", name="History").locator("..")).to_contain_text(
        "nino changed status from open to resolved"
    )
    shot(page, "console-case", full_page=True)

    page.goto(f"{stack.base}/console/queue")
    expect(page.get_by_text(COMMENT)).to_have_count(0)  # resolved: out of the open queue
    problems.assert_none()
    context.close()


def test_4_marketer_sees_the_nps_change_and_downloads_the_csv(marketer: object) -> None:
    problems = Problems(marketer)
    marketer.reload()  # type: ignore[attr-defined]
    expect(marketer.locator("#nps-responses")).to_have_text("1")  # type: ignore[attr-defined]
    expect(marketer.locator("#nps-detractors")).to_have_text("1")  # type: ignore[attr-defined]
    expect(marketer.locator("#nps-score")).to_contain_text("−100.0")  # type: ignore[attr-defined]
    drawn = marketer.evaluate(  # type: ignore[attr-defined]
        "() => { const c = window.Chart && Chart.getChart('trend-chart');"
        " const d = c && c.data.datasets.find((s) => s.label === 'Responses');"
        " return d ? d.data.reduce((a, b) => a + b, 0) : null; }"
    )
    if CHART_JS.is_file():
        assert drawn == 1, "the trend chart was not drawn with the answer"
    else:  # npm was not there at set-up: the table stands in for the chart
        expect(marketer.get_by_text("The chart needs Chart.js")).to_be_visible()  # type: ignore[attr-defined]
    shot(marketer, "dashboard", full_page=True)

    with marketer.expect_download() as download:  # type: ignore[attr-defined]
        marketer.get_by_role("link", name="Download NPS answers (CSV)").click()  # type: ignore[attr-defined]
    saved = SCREENSHOTS.parent / "nps-export.csv"
    saved.parent.mkdir(parents=True, exist_ok=True)
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("id,created_at,kind,score")
    assert COMMENT in text and ",nps,2,detractor," in text
    problems.assert_none()


def test_5_marketer_cannot_open_a_case_page(
    marketer: object, stack: Stack, seen: dict[str, str]
) -> None:
    marketer.goto(f"{stack.base}/console/queue")  # type: ignore[attr-defined]
    expect(marketer.get_by_role("heading", name="Not allowed")).to_be_visible()  # type: ignore[attr-defined]
    response = marketer.goto(seen.get("case_url", f"{stack.base}/console/cases/1"))  # type: ignore[attr-defined]
    assert response.status == 403
    expect(marketer.locator("main")).to_contain_text("This page is for agents and admins")  # type: ignore[attr-defined]
    expect(marketer.get_by_text(COMMENT)).to_have_count(0)  # type: ignore[attr-defined]
    shot(marketer, "forbidden")


def test_6_widget_keyboard_language_and_right_to_left(browser: object, stack: Stack) -> None:
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{stack.base}/demo/?lang=ka&customer_id=c-ka")
    launcher = page.locator(".cl-launcher")
    expect(launcher).to_have_attribute("aria-label", "ჩატის გახსნა")  # "Open chat" in Georgian
    launcher.focus()
    page.keyboard.press("Enter")
    panel = page.get_by_role("dialog")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("textbox", name="შეტყობინება")).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(launcher).to_have_attribute("aria-label", "ჩატის დახურვა")  # "Close chat"
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")

    rtl = context.new_page()
    rtl.goto(f"{stack.base}/demo/?lang=ar&customer_id=c-ar")
    rtl.get_by_role("button", name="Open chat").click()  # no Arabic strings: English labels
    box = rtl.locator(".cl-launcher").bounding_box()
    assert box is not None and box["x"] < DESKTOP["width"] / 2  # mirrored to the left
    assert rtl.locator(".cl-root").get_attribute("dir") == "rtl"
    field = rtl.get_by_role("textbox", name="Message")
    field.fill("مرحبا، أين طلبي؟")
    field.press("Enter")
    bubble = rtl.locator(".cl-user .cl-bubble").last
    expect(bubble).to_contain_text("مرحبا")
    assert bubble.get_attribute("dir") == "auto"
    # The bot's answer, after the widget's own greeting.
    expect(rtl.locator(".cl-bot").nth(1)).to_be_visible(timeout=BOT_TIMEOUT_MS)
    shot(rtl, "widget-rtl")
    context.close()


# Letters of the Georgian and Ethiopic scripts: the bot's answer must be written in them.
SCRIPT_LETTERS = {"ka": re.compile("[\u10a0-\u10ff]"), "am": re.compile("[\u1200-\u137f]")}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


WIDGET_TITLES = {"ka": "მოგვწერეთ", "am": "ይጻፉልን"}


@pytest.mark.parametrize(
    ("language", "hours"),
    [
        ("ka", "ორშაბათი–პარასკევი, 9:00–18:00 (ნიუ-იორკის დროით)"),
        ("am", "ከሰኞ እስከ ዓርብ፣ 9:00–18:00 (በኒው ዮርክ ሰዓት)"),
    ],
)
def test_7_widget_in_georgian_and_amharic(
    browser: object, stack: Stack, language: str, hours: str
) -> None:
    """The page's language reaches the bot: its answers, and the texts the actions compute,
    are in the customer's script (with the fonts `make setup` installs: see the screenshot)."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)  # type: ignore[attr-defined]
    page = context.new_page()
    problems = Problems(page, allow=("net::ERR_FAILED", "Failed to load resource"))
    page.goto(f"{stack.base}/demo/?lang={language}&customer_id=c-{language}")
    page.locator(".cl-launcher").click()
    panel = page.get_by_role("dialog")
    expect(panel).to_be_visible()
    # The header too: the page sent no title of its own, so no English "Chat with us".
    expect(panel.locator(".cl-title")).to_have_text(WIDGET_TITLES[language])
    panel.locator(".cl-bot").first.locator(".cl-reply").nth(1).click()  # returns and refunds
    answer = panel.locator(".cl-bot .cl-bubble", has_text="https://shop.example.com/returns")
    expect(answer.last).to_be_visible(timeout=BOT_TIMEOUT_MS)
    text = answer.last.inner_text()
    assert len(SCRIPT_LETTERS[language].findall(text)) > 40, text
    # Only the address is in Latin letters.
    assert LATIN_WORD.findall(text.replace("https://shop.example.com/returns", "")) == [], text

    message = panel.locator(".cl-input")
    message.fill("/contact_customer_service")
    message.press("Enter")
    _bot_says(panel, hours)  # computed by the action server, in the conversation's language
    shot(page, f"widget-{language}")
    problems.assert_none()
    context.close()
