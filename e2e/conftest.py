"""Browser journeys: Playwright's sync API drives Debian's chromium against
pytest-django's live server. Never a downloaded browser."""

import importlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import PASSWORD

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# Long enough for a loaded CI machine, short enough that a broken page fails fast.
TIMEOUT_MS = 10_000
HERE = Path(__file__).parent

expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser journeys last: while the session's browser runs, the test thread has
    a running event loop, which no other test should meet."""
    items.sort(key=lambda item: Path(item.path).is_relative_to(HERE))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Each journey creates its personas and logs in through the form: a fast hasher
    keeps that from costing a second a test. Nothing here tests password storage."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _live_database(transactional_db):
    """The live server answers from another thread, so the test's data must be
    committed (transactional_db); autouse, so it comes before the personas' `db`.

    Django empties every table after a transactional test, the area codes that a
    data migration loads among them. Serialized rollback cannot put them back here:
    it keeps its copy on the thread's database connection, and while Playwright's
    event loop runs Django hands this thread another connection. So load them again.
    """
    load_areas = importlib.import_module("servicetorg.catalogue.migrations.0002_load_area_codes").add_areas
    load_areas(apps, None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        reason = f"{CHROMIUM} is not installed (apt-get install chromium); the browser tests need it"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in the test thread, which Django's
    # async-safety check takes for async code calling the ORM from the fixtures.
    # Only while the browser runs, so that other tests keep the check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser) -> Iterator[Page]:
    """A fresh context per test: no cookies or storage carried between journeys."""
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page, live_server):
    """Log in through the login form, the way a person does: log_in(clerk)."""

    def log_in(user, *, next_path: str = "/") -> Page:
        page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("#id_password").press("Enter")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return log_in


@pytest.fixture
def type_service(page):
    """Type into the quick-log's service field and wait until the suggestions show
    the server's answer for exactly what was typed (not an earlier answer for fewer
    letters). Returns the suggested values, in order."""

    def type_service(typed: str) -> list[str]:
        def for_typed(response) -> bool:
            query = parse_qs(urlsplit(response.url).query)
            return "/inquiries/log/services/" in response.url and query.get("pick_label") == [typed]

        # Keys typed before the page's scripts listen would search for nothing.
        expect(page.locator("form[data-quicklog]")).to_have_attribute("data-ready", "1")
        with page.expect_response(for_typed) as answer:
            page.keyboard.type(typed)
        values = re.findall(r'data-value="([^"]+)"', answer.value.text())
        page.wait_for_function(
            """(values) => {
                const box = document.querySelector("#pick-options");
                const shown = Array.from(box.querySelectorAll("[role=option][data-value]"), (o) => o.dataset.value);
                return !box.hidden && JSON.stringify(shown) === JSON.stringify(values);
            }""",
            arg=values,
        )
        return values

    return type_service


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Every journey fails on a Content-Security-Policy violation: an inline script or
    handler that the browser refused would otherwise only break the page silently."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    yield
    assert not violations, violations
