"""Browser fixtures: one headless Chromium per session, a fresh context per test.

Debian's Chromium is driven through Playwright (Playwright cannot download its own
browsers here). The background-networking flags keep Chromium from hanging on a
closed network.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from tests.e2e.demo import run_demo
from tests.e2e.fake_addon import FakeAddon, FakeServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE_TIMEOUT_MS = 10_000
TEST_DEADLINE_S = 45
# window.open is recorded instead of opening tabs (the network is closed anyway).
RECORD_WINDOW_OPEN = """
window.__opened = [];
window.open = (url, target) => { window.__opened.push([url, target]); return null; };
"""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (make system-deps)")
    # launch() gives the browser a fresh temporary profile (user-data dir) of its own.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeAddon]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with FakeServer() as fake:
        yield fake


@pytest.fixture
def fake(fake_server: FakeAddon) -> FakeAddon:
    fake_server.reset()
    return fake_server


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    """Bound every browser test in time, whatever the page does."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"e2e test exceeded {TEST_DEADLINE_S} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(TEST_DEADLINE_S)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


class Console:
    """Console errors and page exceptions seen during a test."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def record(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)
        elif message.type == "warning":
            self.warnings.append(message.text)


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser: Browser, console: Console) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    context.add_init_script(RECORD_WINDOW_OPEN)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.on("console", console.record)
    page.on("pageerror", lambda exc: console.errors.append(f"pageerror: {exc}"))
    yield page
    context.close()


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One `the demo` for every browser test of the session."""
    yield from run_demo(tmp_path_factory)
