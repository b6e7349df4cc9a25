"""A real `streamlit run app.py` on a free loopback port, and headless Chromium to visit it."""
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(**env: str):
    """`streamlit run app.py` on a free loopback port, with extra environment; yields its base URL."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env})
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start within 60 s")
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:  # a busy machine can take longer to shut a server down
            proc.kill()
            proc.wait(10)


@pytest.fixture(scope="session")
def server():
    """Base URL of a running app; stopped after the session."""
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def settle(page, timeout_s: float = 90) -> None:
    """Wait until the script run is over (and has stayed over for a moment).

    Right after a page loads, the app reads "notRunning" before its first run has drawn anything, so this also
    waits for the page's heading (every page has one).
    """
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stHeading"]', state="attached",
                           timeout=timeout_s * 1000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_s * 1000)
    time.sleep(0.5)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_s * 1000)


def slider(page, label: str):
    """A slider's input: Streamlit 1.67 draws a native range input (focus it, then press the arrow keys)."""
    return page.locator(f'input[type="range"][aria-label="{label}"]')


def exceptions(page) -> list[str]:
    return page.locator('[data-testid="stException"]').all_inner_texts()
