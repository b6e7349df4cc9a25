"""Two visitors in two browsers: a trained model (and the kept runs) survive page switches and stay their owner's."""
from tests.browser.conftest import exceptions, settle

RESULT = '[data-testid="stMetricLabel"]'  # "Training time" is shown for a visitor's own run, not the default


def train_small_model(tab, server):
    tab.goto(f"{server}/mnist?mnist_images=1000&mnist_epochs=1")
    settle(tab)
    tab.get_by_role("button", name="Train", exact=True).first.click()
    tab.locator(RESULT, has_text="Training time").first.wait_for(timeout=120_000)


def test_model_survives_page_switch_and_is_not_shared(server, browser):
    alice = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    bob = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    try:
        train_small_model(alice, server)
        test_accuracy = alice.locator('[data-testid="stMetric"]', has_text="Test accuracy").locator(
            '[data-testid="stMetricValue"]').first
        accuracy = test_accuracy.inner_text()

        alice.locator('[data-testid="stSidebarNavLink"]', has_text="Home").click()  # same session
        settle(alice)
        alice.locator('[data-testid="stSidebarNavLink"]', has_text="MNIST").click()
        settle(alice)
        assert alice.locator(RESULT, has_text="Training time").count() == 1
        assert test_accuracy.inner_text() == accuracy

        bob.goto(f"{server}/mnist")
        settle(bob)
        assert bob.locator(RESULT, has_text="Training time").count() == 0

        alice.get_by_role("tab", name="Runs", exact=True).click()  # Alice's run is kept, Bob's list is empty
        settle(alice)
        assert alice.get_by_text("run 1 (finished)").count() == 1
        bob.get_by_role("tab", name="Runs", exact=True).click()
        settle(bob)
        assert bob.get_by_text("No runs yet").count() == 1 and bob.get_by_text("run 1 (").count() == 0
        assert exceptions(alice) == exceptions(bob) == []
    finally:
        alice.context.close()
        bob.context.close()


def test_a_lessons_training_waits_for_another_visitors_job_and_shows_its_place(browser):
    """Hosted mode trains one thing at a time: Bob's NumPy-vs-PyTorch race waits for Alice's CNN.

    Nothing here depends on how fast the machine is: Alice's CNN (100,000 images on one CPU
    thread) is checked to be training right before Bob asks, and it ends only when Alice
    presses Stop, after Bob has been seen waiting.
    """
    from urllib.parse import quote

    from tests.browser.conftest import running_app

    with running_app(NNLAB_HOSTED="1", NNLAB_MAX_JOBS="1", NNLAB_DEVICE="cpu", NNLAB_THREADS="1") as url:
        alice = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        bob = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        try:
            alice.goto(f"{url}/mnist?mnist_kind=cnn&mnist_images=20000&mnist_epochs=5")
            settle(alice)  # one first visit at a time: a fresh server sent two at once to its home page
            bob.goto(f"{url}/mnist?mnist_tab={quote('From scratch')}&mnist_np_width=64")
            settle(bob)
            caption = '[data-testid="stCaptionContainer"]'  # the settings line under the controls (not the code)
            assert alice.locator(caption, has_text="CNN: conv(16)-pool-conv(32)-pool-linear").count() == 1
            alice.get_by_role("button", name="Train", exact=True).first.click()
            alice.get_by_text("Images per second").first.wait_for(timeout=120_000)
            stop = alice.locator(".st-key-mnist_stop").get_by_role("button")  # not the toolbar's Stop
            assert stop.is_enabled() and alice.locator(RESULT, has_text="Training time").count() == 0  # still training
            bob.get_by_role("button", name="Train both").click()
            bob.get_by_text("number 1 in the queue").wait_for(timeout=60_000)
            own = bob.get_by_text("MLP 784-64-10 (relu), SGD")  # Bob's race, not the default one shown before it
            assert own.count() == 0
            stop.click()  # Alice's job ends only now, so Bob's turn comes
            alice.get_by_text("Stopped").first.wait_for(timeout=60_000)
            own.wait_for(timeout=300_000)
            assert bob.locator(caption, has_text="MLP 784-64-10 (relu)").count() == 1  # the network his link asked for
            assert exceptions(alice) == [] and exceptions(bob) == []
        finally:
            alice.context.close()
            bob.context.close()
