"""Two visitors in two browsers: a trained model survives page switches and stays its owner's."""
from tests.browser.conftest import exceptions, settle

RESULT = '[data-testid="stMetricLabel"]'


def train_small_model(tab, server):
    tab.goto(f"{server}/mnist?mnist_images=1000&mnist_epochs=1")
    settle(tab)
    tab.get_by_role("button", name="Train", exact=True).first.click()
    tab.locator(RESULT, has_text="Test accuracy").first.wait_for(timeout=120_000)


def test_model_survives_page_switch_and_is_not_shared(server, browser):
    alice = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    bob = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    try:
        train_small_model(alice, server)
        accuracy = alice.locator('[data-testid="stMetricValue"]').first.inner_text()

        alice.locator('[data-testid="stSidebarNavLink"]', has_text="Home").click()  # same session
        settle(alice)
        alice.locator('[data-testid="stSidebarNavLink"]', has_text="MNIST").click()
        settle(alice)
        assert alice.locator(RESULT, has_text="Test accuracy").count() == 1
        assert alice.locator('[data-testid="stMetricValue"]').first.inner_text() == accuracy

        bob.goto(f"{server}/mnist")
        settle(bob)
        assert bob.locator(RESULT, has_text="Test accuracy").count() == 0
        assert exceptions(alice) == exceptions(bob) == []
    finally:
        alice.context.close()
        bob.context.close()
