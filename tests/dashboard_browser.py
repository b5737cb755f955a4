"""Driving the dashboard in a browser, for the e2e test and the page-timing benchmark:
``janox dashboard`` started on a free port, Debian's headless Chromium through Playwright
(which never downloads a browser of its own), and a page opened until its charts are drawn.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
APP = "[data-testid='stApp']"
CHARTS = "[data-testid='stVegaLiteChart']"
EXCEPTION = "[data-testid='stException']"
METRIC = "[data-testid='stMetricValue']"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(warehouse: Path, timeout: float = 90) -> Iterator[str]:
    """Run ``janox dashboard`` on ``warehouse`` (a free port); yield its base address."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "janox_dagster.cli", "dashboard", "--warehouse", str(warehouse),
         "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"janox dashboard exited:\n{process.stdout.read()}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("janox dashboard never answered") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()  # the command passes it on to Streamlit
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def browser() -> Iterator:
    """A headless Chromium page (1400 × 1000)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            chromium.close()


def wait_until_drawn(page, timeout: float = 60_000) -> None:
    """Wait until the app's script has run and the page's charts (one at least) are drawn."""
    page.wait_for_selector(f"{APP}[data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector(f"{APP}[data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function(
        """([charts, failure]) => document.querySelector(failure) || (
            document.querySelectorAll(charts).length > 0 &&
            [...document.querySelectorAll(charts)].every(c => c.querySelector('canvas, svg')))""",
        arg=[CHARTS, EXCEPTION],
        timeout=timeout,
    )


def open_page(page, address: str) -> float:
    """Open ``address`` and wait until it is drawn; return the seconds it took."""
    started = time.monotonic()
    page.goto(address)
    wait_until_drawn(page)
    return time.monotonic() - started


def page_address(base: str, view) -> str:
    """A page's address: the first page is the app's root."""
    from janox_dagster.dashboard.views import PAGES

    return f"{base}/" if view is PAGES[0] else f"{base}/{view.URL}"
