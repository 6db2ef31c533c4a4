"""The HTML report of the seed article in real headless Chromium.

Chromium is driven over the DevTools protocol through a pipe (--remote-debugging-pipe: JSON
messages ending in NUL on file descriptors 3 and 4), so no driver, websocket library or port
is needed. The page's own network requests are recorded with Network.enable; a second page
with an external image proves the recording sees a request when there is one. A screenshot
of the full page is kept in tests/artifacts/botox-report.png (git-ignored).

Skipped only when no Chromium is installed (Debian: apt-get install -y chromium).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SAMPLES, run

ARTIFACTS = ROOT / "tests" / "artifacts"
TIMEOUT = 60.0
CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                                "(apt-get install -y chromium)")


class Browser:
    """Headless Chromium and one page, spoken to over the DevTools pipe."""

    def __init__(self, profile: Path) -> None:
        to_chrome, self._write = os.pipe()
        self._read, from_chrome = os.pipe()

        def give_pipes() -> None:  # Chromium reads commands on fd 3, answers on fd 4
            high_in = fcntl.fcntl(to_chrome, fcntl.F_DUPFD, 10)
            high_out = fcntl.fcntl(from_chrome, fcntl.F_DUPFD, 10)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        assert CHROMIUM is not None
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--disable-default-apps", "--disable-extensions",
             "--hide-scrollbars", f"--user-data-dir={profile}", "--remote-debugging-pipe",
             "about:blank"],
            preexec_fn=give_pipes, close_fds=False, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_chrome)
        os.close(from_chrome)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Network.enable", session=True)

    def call(self, method: str, params: dict[str, Any] | None = None,
             session: bool = False) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer["result"]
                return result
            self.events.append(answer)

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def open(self, url: str) -> list[str]:
        """Load `url`; the URLs the page requested."""
        self.events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        deadline = time.monotonic() + TIMEOUT
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._receive(deadline))
        return [e["params"]["request"]["url"] for e in self.events
                if e.get("method") == "Network.requestWillBeSent"]

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression,
                                                "returnByValue": True}, session=True)
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        size = self.call("Page.getLayoutMetrics", session=True)["cssContentSize"]
        shot = self.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                     "scale": 1}}, session=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        try:
            self.call("Browser.close")
            self.process.wait(timeout=TIMEOUT)
        except (OSError, RuntimeError, TimeoutError, EOFError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._write)
            os.close(self._read)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("report") / "botox-report.html"
    result = run("report", "--output", page, SAMPLES / "botox.txt")
    assert result.exit_code == 0, result.stderr
    return page


def test_html_names_nothing_on_the_network(report_page: Path) -> None:
    html = report_page.read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link|iframe|object|embed|img)\b", html, re.I)
    assert not re.search(r"""(?:src|href|xlink:href)\s*=\s*["']?\s*(?!#)[^"'\s>]""", html, re.I)
    assert not re.search(r"url\(|@import", html, re.I)


def test_report_loads_without_a_network_request(browser: Browser, report_page: Path,
                                                 tmp_path: Path) -> None:
    requests = browser.open(report_page.as_uri())
    assert requests == [report_page.as_uri()]
    # the recording does see a request when a page makes one (a refused local port)
    control = tmp_path / "control.html"
    control.write_text('<!doctype html><img src="http://127.0.0.1:9/x.png">', encoding="utf-8")
    assert "http://127.0.0.1:9/x.png" in browser.open(control.as_uri())


VISIBLE = """
(() => {
  const shown = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                       return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
                              && s.display !== 'none'; };
  const all = q => [...document.querySelectorAll(q)];
  return {
    chart: all('svg.chart').filter(shown).length,
    bars: all('svg.chart rect.bar').filter(shown).length,
    before_bars: all('svg.chart rect.bar.before').filter(shown).length,
    heat: all('svg.heat-strip rect.heat').filter(shown).length,
    inserted: all('ins').filter(shown).map(e => e.textContent),
    deleted: all('del').filter(shown).map(e => e.textContent),
    marked: all('ol.hardest mark').filter(shown).map(e => e.textContent),
    verdicts: all('.verdict').map(e => e.textContent),
    title: document.title,
  };
})()
"""


def test_chart_and_highlighted_edits_are_visible(browser: Browser, report_page: Path) -> None:
    browser.open(report_page.as_uri())
    seen = browser.evaluate(VISIBLE)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "botox-report.png"
    browser.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    assert seen["title"].endswith("botox.txt")
    assert seen["chart"] == 1
    assert seen["before_bars"] == 9  # every metric has a visible bar before the fix
    assert seen["bars"] >= 15  # and after it, but spin and other zeros draw nothing
    paragraphs = [p for p in (SAMPLES / "botox.txt").read_text().split("\n\n") if p.strip()]
    assert seen["heat"] == 2 * len(paragraphs)  # both strips, one block a paragraph
    assert seen["verdicts"] == ["spun", "clean"]
    for word in ("approved", "children", "junction", "side"):
        assert any(word in text for text in seen["inserted"]), word
    assert any("actually" in text for text in seen["deleted"])
    assert "is actually" in seen["marked"]
