"""In a real browser: an assignment link on /mnist whose completion code the home page accepts, a challenge that
stays solved across a reload and a server restart, and the Train tab's script that reproduces the page's test
accuracy."""
import contextlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

import pytest

from core import completion
from core.data import data_dir
from tests.browser.conftest import _free_port, exceptions, running_app, settle, slider
from tests.conftest import ROOT

FIRST_VISIT_S = 300  # the first visit to a fresh server computes the default network; a busy CI machine is slow


def click_train(tab) -> None:
    tab.get_by_role("button", name="Train", exact=True).click()


def paste_code(tab, url: str, code: str) -> str:
    """Paste a code into the home page's check box; returns what the check says."""
    tab.goto(url)
    settle(tab)
    tab.get_by_text("For instructors: check a student's completion code").click()
    box = tab.get_by_label("Paste a student's completion code")
    box.fill(code)
    box.press("Control+Enter")
    settle(tab)
    verdict = tab.locator('[data-testid="stAlert"]', has_text=re.compile("Genuine|Forged|Unsigned|not a completion"))
    verdict.first.wait_for()
    return verdict.first.inner_text()


def test_an_assignment_link_locks_hides_shows_the_task_and_gives_a_code_the_check_accepts(browser):
    task = 'Reach 50% <script>window.hacked = 1</script> <img src=x onerror="window.hacked = 2"> **not bold**'
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    try:
        with running_app(NNLAB_SECRET="a class secret for the browser test") as url:
            tab.goto(f"{url}/mnist?mnist_lr=0.01&mnist_images=1000&mnist_epochs=1&lock=mnist_lr&hide=mnist_seed"
                     f"&task={quote(task)}&goal=test_accuracy:>=:0.5")
            settle(tab, timeout_s=FIRST_VISIT_S)
            assert slider(tab, "Learning rate").is_disabled()
            assert slider(tab, "Seed").count() == 0 and slider(tab, "Epochs").count() == 1
            assert tab.get_by_text(task, exact=True).count() == 1  # plain text, exactly as written
            assert tab.evaluate("window.hacked") is None
            assert tab.get_by_text("no test accuracy yet", exact=False).count() == 1
            click_train(tab)
            tab.get_by_text(re.compile("goal reached|short of")).first.wait_for(timeout=FIRST_VISIT_S * 1000)
            settle(tab)
            assert tab.get_by_text("goal reached: test accuracy", exact=False).count() == 1
            assert exceptions(tab) == []
            code = tab.locator("code", has_text=completion.PREFIX).first.inner_text().strip()
            assert completion.read_code(code, None).payload["page"] == "mnist"

            assert paste_code(tab, url, code).startswith("Genuine")
            i = len(code) - 5  # one character of the signature, changed
            edited = code[:i] + ("A" if code[i] != "A" else "B") + code[i + 1:]
            assert paste_code(tab, url, edited).startswith("Forged or edited")
            assert exceptions(tab) == []
    finally:
        context.close()


def test_the_downloaded_script_reproduces_the_pages_test_accuracy(server, tab, tmp_path):
    tab.goto(f"{server}/mnist?mnist_images=5000&mnist_epochs=2")
    settle(tab, timeout_s=FIRST_VISIT_S)
    click_train(tab)
    own_run = tab.locator('[data-testid="stMetricLabel"]', has_text="Training time")  # the default run has none
    own_run.first.wait_for(timeout=FIRST_VISIT_S * 1000)
    settle(tab)
    shown = tab.locator('[data-testid="stMetric"]', has_text="Test accuracy").last.locator(
        '[data-testid="stMetricValue"]').inner_text()
    page_acc = float(shown.strip().rstrip("%")) / 100
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download as Python script").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-I", str(path), "--data-dir", str(data_dir().resolve())], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    alone = json.loads(done.stdout.strip().splitlines()[-1])
    assert abs(alone["test_accuracy"] - page_acc) <= 0.005, (alone, page_acc)
    assert exceptions(tab) == []


@contextlib.contextmanager
def app_on(port: int):
    """`streamlit run app.py` on a given port (the same origin keeps the browser's localStorage)."""
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                             "--server.port", str(port), "--server.address", "127.0.0.1"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            time.sleep(0.3)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(60)


def solved_count(tab) -> str:
    tab.get_by_text(re.compile(r"\d+ of \d+ solved in this lesson")).first.wait_for(timeout=120_000)
    return tab.get_by_text(re.compile(r"\d+ of \d+ solved in this lesson")).first.inner_text()


def test_a_challenge_solved_in_the_browser_stays_solved_after_a_reload_and_a_server_restart(browser):
    port = _free_port()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    try:
        with app_on(port) as url:
            tab.goto(f"{url}/mnist?mnist_tab=Challenges")
            settle(tab, timeout_s=FIRST_VISIT_S)
            assert solved_count(tab).startswith("0 of")
            tab.get_by_text("become NaN", exact=True).click()  # the first challenge asks for a prediction
            settle(tab)
            tab.get_by_role("button", name="Lock in my prediction").click()
            settle(tab)
            tab.get_by_role("button", name="Open the setup").click()
            settle(tab)
            assert tab.get_by_text("not valid here", exact=False).count() == 0  # the app moved the tab, not a link
            click_train(tab)
            alert = tab.locator('[data-testid="stAlert"]', has_text="The loss became NaN")  # not the script's comment
            alert.first.wait_for(timeout=FIRST_VISIT_S * 1000)
            settle(tab)
            tab.goto(f"{url}/mnist?mnist_tab=Challenges")
            settle(tab, timeout_s=FIRST_VISIT_S)
            assert solved_count(tab).startswith("1 of")
            tab.reload()
            settle(tab, timeout_s=FIRST_VISIT_S)
            assert solved_count(tab).startswith("1 of")
            tab.goto("about:blank")  # closed, so that the old page does not reconnect to the new server by itself
        with app_on(port) as url:  # a new server process: nothing of the session survives on the server
            tab.goto(f"{url}/mnist?mnist_tab=Challenges")
            settle(tab, timeout_s=FIRST_VISIT_S)
            assert solved_count(tab).startswith("1 of")
            assert tab.get_by_text("You predicted", exact=False).count() == 1
            assert exceptions(tab) == []
    finally:
        context.close()
