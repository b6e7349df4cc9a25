"""Challenges in Chromium: progress lives in the learner's own browser, so a solved challenge stays solved through a
reload and a server restart (the same origin, so the same port, and the same browser context)."""
import tests.browser.conftest as serving
from tests.browser.conftest import exceptions, settle


def shows(page, text: str) -> bool:
    """Wait (a busy machine can take a while) until `text` is on the page, then: is it there once?"""
    page.get_by_text(text).first.wait_for(timeout=60_000)
    settle(page)
    return page.get_by_text(text).count() == 1


def test_a_solved_challenge_stays_solved_after_a_reload_and_a_server_restart(browser, monkeypatch):
    """Predict, open the setup, run the perceptron on OR to the end: solved, and kept in this browser's storage."""
    port = serving._free_port()
    monkeypatch.setattr(serving, "_free_port", lambda: port)  # the restarted server keeps the origin, and the storage
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    challenge = "/neuron?neuron_tab=Challenges&neuron_challenge=neuron.or_gate"
    try:
        with serving.running_app() as url:
            page.goto(url + challenge)
            settle(page)
            assert shows(page, "0 of 5 solved in this lesson")  # the browser has answered with its (empty) store
            prediction = page.get_by_label("Your prediction (epochs)")
            prediction.wait_for(timeout=60_000)
            prediction.fill("3")
            prediction.press("Enter")
            settle(page)
            page.get_by_role("button", name="Lock in my prediction").click()
            settle(page)
            page.get_by_role("button", name="Open the setup").click()  # → the Perceptron tab, on OR
            settle(page)
            assert page.get_by_role("tab", selected=True).inner_text().strip() == "Perceptron"
            page.get_by_role("button", name="To the end").click()
            settle(page)
            assert shows(page, "Converged: epoch")  # the run has ended
            page.get_by_role("tab", name="Challenges").click()
            settle(page)
            assert shows(page, "1 of 5 solved in this lesson")
            assert page.get_by_text("Why it works:").count() == 1 and page.get_by_text("You predicted").count() == 1
            page.reload()
            settle(page)
            assert shows(page, "1 of 5 solved in this lesson")
            assert exceptions(page) == []
        with serving.running_app() as url:  # a new server process: nothing of the old session survives on it
            page.goto(url + challenge)
            settle(page)
            assert shows(page, "1 of 5 solved in this lesson")
            assert page.get_by_text("Your prediction: 3").count() == 1
            assert exceptions(page) == []
    finally:
        context.close()
