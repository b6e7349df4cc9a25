"""No MNIST files and no network: every page that needs digits says so and falls back."""
import pytest

import ui

PAGES = [lesson.slug for lesson in ui.LESSONS]


@pytest.fixture
def offline(monkeypatch, tmp_path):
    monkeypatch.setenv("NNLAB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NNLAB_OFFLINE", "1")
    return tmp_path


@pytest.mark.parametrize("name", PAGES)
def test_pages_survive_a_missing_dataset(offline, page, name):
    at = page(name, timeout=300).run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    if "8×8" in warnings:  # a page that uses MNIST explains the fallback
        assert str(offline.resolve()) in warnings and "train-images-idx3-ubyte" in warnings


def test_mnist_page_trains_on_the_labelled_fallback(offline, page):
    at = page("mnist").run()
    assert "scikit-learn's bundled 8×8 digits" in at.warning[0].value
    at.button(key="mnist_train").click().run()
    at.session_state["mnist_lab"].run.job.join(120)
    at.run()
    assert not at.exception
    assert any("Test accuracy" == m.label for m in at.metric)
    assert "8×8" in " ".join(c.value for c in at.caption)
