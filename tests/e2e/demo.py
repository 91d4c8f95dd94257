"""The running demo for browser tests: start it once, and small steps every flow uses."""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.localserver import free_port

STARTUP_TIMEOUT_S = 30


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback URL
        return json.load(response)


REPO_ROOT = Path(__file__).resolve().parents[2]


def demo_command(port: int, data_dir: Path) -> list[str]:
    """The command `make demo` runs, on a given port and data directory."""
    return [sys.executable, "-m", "sandbox", "--port", str(port), "--data-dir", str(data_dir)]


def run_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run the demo (`python -m sandbox`) on a free port, fresh store; yield its URL, then stop."""
    pytest.importorskip("sandbox.server")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("demo") / "demo.log"
    data_dir = log.parent / "data"
    with log.open("w") as out:
        process = subprocess.Popen(
            demo_command(port, data_dir), stdout=out, stderr=subprocess.STDOUT, cwd=REPO_ROOT
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"the demo exited early:\n{log.read_text()}")
            try:
                if get_json(f"{base}/healthz").get("status") == "ok":
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the demo did not answer /healthz:\n{log.read_text()}")
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.2)  # a pause that also ends if the demo exits
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def act(sidebar: Locator, target: Locator) -> None:
    """Click something that calls the add-on; wait for its response, which must be clean."""
    before = int(sidebar.get_attribute("data-responses") or 0)
    target.click()
    expect(sidebar).to_have_attribute("data-responses", str(before + 1), timeout=15_000)
    expect(sidebar.locator(".problem")).to_have_count(0)


def card_title(sidebar: Locator) -> Locator:
    return sidebar.locator(".sb-body .card-title").first


def open_settings(sidebar: Locator) -> None:
    sidebar.get_by_role("button", name="More options").click()
    act(sidebar, sidebar.get_by_role("menuitem", name="Settings"))
    expect(card_title(sidebar)).to_have_text("Settings")


def send_json(url: str, method: str = "GET", body: Any = None, key: str = "") -> Any:
    """Call the demo (Close's API with the demo key, or a sandbox control) and decode the answer."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - loopback
    request.add_header("Content-Type", "application/json")
    if key:
        token = base64.b64encode(f"{key}:".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback URL
        raw = response.read()
    return json.loads(raw or b"{}")


def connect(sidebar: Locator, key: str) -> bool:
    """Connect with the demo key through the welcome card; False if already connected."""
    field = sidebar.get_by_label("Close API key")
    if field.count() == 0:
        return False
    field.fill(key)
    act(sidebar, sidebar.get_by_role("button", name="Connect"))
    expect(card_title(sidebar)).to_have_text("Close for Gmail")  # the homepage
    return True


def disconnect(sidebar: Locator) -> None:
    """Disconnect through Settings, so the next test finds the demo as a new user would."""
    if sidebar.get_by_label("Close API key").count():
        return
    open_settings(sidebar)
    act(sidebar, sidebar.locator(".sb-footer").get_by_role("button", name="Disconnect"))
    act(sidebar, sidebar.locator(".sb-body").get_by_role("button", name="Disconnect"))
    expect(sidebar.get_by_label("Close API key")).to_be_visible()


def demo_key(demo_url: str) -> str:
    """Return the demo Close API key the preview page shows."""
    return str(get_json(f"{demo_url}/sandbox/close/_demo")["apiKey"])


def demo_message(demo_url: str, case: str) -> dict[str, Any]:
    """Return the demo inbox's email of one case (its subject, thread, …)."""
    messages = get_json(f"{demo_url}/sandbox/gmail/messages")
    return dict(next(m for m in messages if m.get("case") == case))


@contextlib.contextmanager
def connected_preview(page: Page, demo_url: str, key: str) -> Iterator[Locator]:
    """Open the preview connected with `key`; leave the demo disconnected if it was before."""
    page.goto(f"{demo_url}/preview")
    sidebar = page.locator("#sidebar")
    expect(sidebar).to_have_attribute("data-responses", "1", timeout=15_000)
    connected_here = connect(sidebar, key)
    try:
        yield sidebar
    finally:
        if connected_here:  # the first-run flow expects to find the demo disconnected
            disconnect(sidebar)


@contextlib.contextmanager
def refreshed_after(page: Page, sidebar: Locator, message: dict[str, Any]) -> Iterator[None]:
    """Press Refresh on `message`'s card at the end, however the block ends.

    The browser tests share one demo, and the next may change templates in Close behind
    the add-on's cache.
    """
    try:
        yield
    finally:
        act(sidebar, page.locator(".mail-row", has_text=message["subject"]))
        act(sidebar, sidebar.get_by_role("button", name="Refresh"))


def card_line(sidebar: Locator, text: str) -> Locator:
    """Return the first line of the card that shows `text`."""
    return sidebar.locator(".sb-body .w-decorated", has_text=text).first


def labelled_line(sidebar: Locator, top: str) -> Locator:
    """Return the card's lines whose top label is `top` ("Subject", "Name")."""
    return sidebar.locator(".sb-body .w-decorated").filter(
        has=sidebar.page.locator(".dt-top", has_text=top)
    )
