"""/docs renders in Debian's headless Chromium with no network beyond loopback (issue 17).

Screenshots are kept in var/artifacts/ (git-ignored) for a person to look at.
The browser is driven over the DevTools protocol (one websocket, no extra dependency); outside
hosts resolve to nothing (``--host-resolver-rules``), so a page that needs a CDN fails here
exactly as it would on a government intranet.
"""

import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--window-size=1400,1000",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    def __init__(self, executable: str) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="cdp-")
        self._process = subprocess.Popen(
            [
                executable,
                *CHROMIUM_FLAGS,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={self._profile.name}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its helpers (zygote, crashpad) are stopped with it
        )
        port = self._devtools_port()
        pages = httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        page = next(p for p in pages if p["type"] == "page")
        self._closing = contextlib.ExitStack()
        self._ws: ClientConnection = self._closing.enter_context(
            connect(page["webSocketDebuggerUrl"], max_size=None)
        )
        self._ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        self.call("Page.enable")
        self.call("Network.enable")

    def _devtools_port(self) -> int:
        assert self._process.stderr is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self._process.stderr.readline()
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if found:
                return int(found.group(1))
            if not line and self._process.poll() is not None:
                break
        raise RuntimeError("chromium did not open its DevTools port")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self._ids)
        self._ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv(timeout=30))
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 30) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.25)
        raise AssertionError(f"timed out waiting for: {expression}")

    def outside_requests(self, origin: str) -> list[str]:
        """URLs the page asked for beyond its own origin (blob:/data: are made in the page)."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
            and not e["params"]["request"]["url"].startswith((origin, "blob:", "data:"))
        ]

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self._closing.close()
        finally:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
            # Chromium's helper processes may still write into the profile after the browser
            # exits (seen under load): stop the whole group before removing the profile.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
            for _attempt in range(20):
                try:
                    self._profile.cleanup()
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                self._profile.cleanup()  # still failing after 2 s: say so


ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"


@pytest.fixture
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        pytest.fail("chromium is missing: `make chromium` installs Debian's package")
    opened = Browser(executable)
    try:
        yield opened
    finally:
        opened.close()


def test_swagger_ui_renders_operations_and_offers_client_credentials(
    suite: Any, browser: Browser
) -> None:
    browser.call("Page.navigate", url=f"{suite.gateway_url}/docs")
    operations = browser.wait_for("document.querySelectorAll('.opblock').length")
    assert operations > 50
    assert browser.evaluate("document.querySelector('.opblock-summary-path').textContent")
    browser.screenshot(ARTIFACTS / "docs-operations.png")

    browser.evaluate("document.querySelector('button.authorize').click()")
    dialog = browser.wait_for("document.querySelector('.auth-container')?.innerText")
    assert "clientCredentials" in dialog
    assert browser.evaluate("!!document.querySelector('.auth-container [data-name=clientId]')")
    assert browser.evaluate("!!document.querySelector('.auth-container [data-name=clientSecret]')")
    browser.screenshot(ARTIFACTS / "docs-authorize.png")

    assert browser.outside_requests(suite.gateway_url) == []


def test_redoc_renders_from_the_suite(suite: Any, browser: Browser) -> None:
    browser.call("Page.navigate", url=f"{suite.gateway_url}/redoc")
    title = browser.wait_for("document.querySelector('.api-info h1')?.textContent", timeout=60)
    assert "Mudanjiang" in title
    browser.screenshot(ARTIFACTS / "redoc.png")
    # ReDoc's own "powered by" logo points at its CDN; the CSP (img-src 'self') blocks it
    outside = browser.outside_requests(suite.gateway_url)
    assert all(u.startswith("https://cdn.redoc.ly/") for u in outside), outside
