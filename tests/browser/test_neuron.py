"""The Neuron page in Chromium: a shared link opens the perceptron on XOR, stepping works, bad links get a notice."""
from tests.browser.conftest import exceptions, settle


def test_xor_link_steps_to_a_cycle(server, tab):
    tab.goto(f"{server}/neuron?neuron_tab=Perceptron&neuron_gate=XOR")
    settle(tab)
    assert exceptions(tab) == []
    tab.get_by_role("button", name="Next").click()
    settle(tab)
    assert tab.get_by_text("1 of 12").count() == 1
    tab.get_by_role("button", name="To the end").click()
    settle(tab)
    assert tab.get_by_text("never converges").count() == 1
    tab.get_by_role("button", name="Back").click()  # enabled at once: the step moved before the buttons were drawn
    settle(tab)
    assert tab.get_by_text("11 of 12").count() == 1
    assert exceptions(tab) == []


def test_tampered_link_gets_a_notice(server, tab):
    tab.goto(f"{server}/neuron?neuron_n=garbage&neuron_act=softmaxx&neuron_x1=1e309")
    settle(tab)
    assert exceptions(tab) == []
    notice = tab.get_by_text("so the page uses its defaults for them")
    notice.wait_for(timeout=60_000)  # a busy machine: the run that writes the notice may come after a first one
    assert notice.count() == 1
    assert "neuron_n=garbage" in notice.inner_text()
