"""AppTest helpers: run one page script as Streamlit would, with clean caches."""
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui import browser_store, challenges


@pytest.fixture(autouse=True)
def _clear_caches():
    """st.cache_* persist within one pytest process; start every page test afresh."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def page():
    """`page("mnist")` → an AppTest of the app, switched to lessons/mnist.py but not yet run there.

    Every run goes through app.py (set_page_config, hosted settings, st.navigation), as in a browser.
    """
    def make(name: str, timeout: float = 120) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        at.session_state[browser_store._CACHE] = {challenges.STORE: (None, None)}  # a browser that stores nothing yet
        at.run()
        at.switch_page("lessons/home.py" if name == "home" else f"lessons/{name}/page.py")
        return at
    return make


@pytest.fixture
def hosted(monkeypatch):
    """Hosted mode (NNLAB_HOSTED=1) for one test; the error details app.py then sets server-wide come back after."""
    monkeypatch.setenv("NNLAB_HOSTED", "1")
    monkeypatch.delenv("NNLAB_MAX_JOBS", raising=False)
    before = st.get_option("client.showErrorDetails")
    yield
    st.set_option("client.showErrorDetails", before)
