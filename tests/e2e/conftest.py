"""Browser tests: Playwright drives the system's headless Chromium against the live server.

Playwright's own browser download is not used: the setup installs Debian's `chromium`, whatever
version Debian ships. Pages are opened in a normal context, where the Content-Security-Policy
applies and its violations are collected from the console, and axe-core runs in a context of
its own that bypasses the CSP (the injected script would otherwise be refused).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

# The sync API runs an event loop in the test thread; Django's ORM calls in the same thread are
# safe here because nothing else runs in that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserPage:
    """A page in a normal context, remembering every CSP violation the console reports."""

    PHONE = {"width": 390, "height": 844}

    def __init__(self, browser, base_url, cookies=(), phone=False):
        self.base_url = base_url
        self.context = browser.new_context(
            base_url=base_url, locale="it-IT", viewport=self.PHONE if phone else None
        )
        if cookies:
            self.context.add_cookies(list(cookies))
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.csp_violations = []
        self.page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def close(self):
        self.context.close()


class Axe:
    """Runs axe-core on URLs, as the given person, in a context that bypasses the CSP."""

    IMPACTS = {"serious", "critical"}

    def __init__(self, browser, base_url, cookies=()):
        self.context = browser.new_context(base_url=base_url, bypass_csp=True, locale="it-IT")
        if cookies:
            self.context.add_cookies(list(cookies))
        self.page = self.context.new_page()

    def violations(self, url):
        self.page.goto(url)
        self.page.add_script_tag(path=str(AXE_SCRIPT))
        results = self.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        return [
            f"{url}: {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in results
            if v["impact"] in self.IMPACTS
        ]

    def close(self):
        self.context.close()


def session_cookies(user, live_server_url):
    """The cookies of a logged-in session for `user`, for a browser context."""
    client = Client()
    client.force_login(user)
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server_url,
        }
    ]


def _opener(kind, browser, live_server):
    """A fixture body: makes `kind` objects as a person (or a visitor), closes them after."""
    opened = []

    def make(user=None, **options):
        cookies = session_cookies(user, live_server.url) if user else ()
        made = kind(browser, live_server.url, cookies, **options)
        opened.append(made)
        return made

    return make, opened


@pytest.fixture
def open_page(browser, live_server):
    """open_page(person=None, phone=False) -> BrowserPage, logged in as the person when one is
    given, at a phone's width when asked."""
    make, opened = _opener(BrowserPage, browser, live_server)
    yield make
    for page in opened:
        page.close()


@pytest.fixture
def axe(browser, live_server):
    """axe(person=None) -> Axe, checking pages as the person sees them."""
    make, opened = _opener(Axe, browser, live_server)
    yield make
    for checker in opened:
        checker.close()
