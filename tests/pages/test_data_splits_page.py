"""Data & splits page: every tab runs with its controls moved, and a revisit reuses the cached results."""
import pytest


@pytest.fixture
def data_page(page):
    def open_tab(tab: str | None = None):
        at = page("data_splits", timeout=300)
        if tab:
            at.session_state["data_tab"] = tab
        return at.run()
    return open_tab


def healthy(at):
    assert not at.exception, [e.value for e in at.exception][:1]
    assert at.title[0].value == "Data & splits"


def text(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_splits_tab_moves_sizes_presets_and_stratification(data_page):
    at = data_page()
    healthy(at)
    assert [m.value for m in at.metric][:3] == ["700", "150", "150"]
    at.button(key="data_preset_60/20/20").click().run()
    healthy(at)
    assert at.slider(key="data_train").value == 60 and at.slider(key="data_test").value == 20
    at.slider(key="data_train").set_value(80).run()  # 80 + 20 + 20: rescaled, and said so
    assert any("rescaled" in c.value for c in at.caption)
    at.toggle(key="data_stratify").set_value(False).run()
    at.select_slider(key="data_n").set_value(100).run()
    healthy(at)
    at.slider(key="data_val").set_value(0).run()
    healthy(at)
    assert any("split is empty" in w.value for w in at.warning)


def test_leakage_tab_runs_and_a_revisit_is_served_from_the_cache(data_page, monkeypatch):
    from core.data_splits import leakage

    at = data_page("Leakage")  # opens on the default result: computed here, before the count starts
    calls = []
    real = leakage.simulate
    monkeypatch.setattr(leakage, "simulate", lambda *a, **k: calls.append(1) or real(*a, **k))
    healthy(at)
    assert any("Press the button" in i.value for i in at.info)
    at.slider(key="data_leak_repeats").set_value(10).run()
    at.button(key="data_run_leakage").click().run()
    healthy(at)
    assert "biggest flattery" in text(at) and len(at.dataframe) == 1
    at.slider(key="data_leak_repeats").set_value(15).run()  # new settings: asks again
    assert any("Press the button" in i.value for i in at.info)
    at.slider(key="data_leak_repeats").set_value(10).run()  # back: shown at once, from the cache
    healthy(at)
    assert "biggest flattery" in text(at) and len(calls) == 1


def test_normalization_tab(data_page):
    at = data_page("Scaling")
    at.select_slider(key="data_norm_n").set_value(500).run()
    at.slider(key="data_norm_epochs").set_value(1).run()
    at.button(key="data_run_norm").click().run()
    healthy(at)
    assert "Fastest to converge here" in text(at)


def test_missing_values_tab(data_page):
    at = data_page("Missing values")
    at.slider(key="data_miss_pct").set_value(20).run()
    at.slider(key="data_miss_repeats").set_value(1).run()
    at.button(key="data_run_missing").click().run()
    healthy(at)
    assert "test accuracy" in at.dataframe[0].value.index


def test_encoding_tab_shows_the_trap_and_the_encoded_matrix(data_page):
    at = data_page("Categories")
    at.slider(key="data_enc_k").set_value(20).run()
    at.select_slider(key="data_enc_rows").set_value(300).run()
    at.button(key="data_run_encoding").click().run()
    healthy(at)
    assert any("target-encoding trap" in w.value for w in at.warning)
    at.selectbox(key="data_enc_show").set_value("one-hot").run()
    healthy(at)
    assert "city 00" in at.dataframe[0].value.columns


def test_augmentation_tab_gallery_and_a_tiny_comparison(data_page):
    at = data_page("Augmentation")
    healthy(at)
    at.select_slider(key="data_aug_n").set_value(200).run()
    at.slider(key="data_aug_epochs").set_value(5).run()
    at.slider(key="data_aug_seeds").set_value(1).run()
    at.toggle(key="data_aug_flips").set_value(True).run()
    at.button(key="data_run_augmentation").click().run()
    healthy(at)
    assert "Augmentation changed mean test accuracy" in text(at) and "Adding flips" in text(at)


def test_fitting_tab_names_each_regime(data_page):
    at = data_page("Fitting")
    at.select_slider(key="data_fit_n").set_value(500).run()
    at.slider(key="data_fit_epochs").set_value(8).run()
    at.button(key="data_run_fitting").click().run()
    healthy(at)
    body = text(at)
    assert "**too small**" in body and "Early stopping: epoch" in body
    assert any(regime in body for regime in ("underfitting", "overfitting", "good fit"))


def test_small_data_tab_reports_whatever_wins(data_page):
    at = data_page("Small data")
    at.slider(key="data_small_n").set_value(30).run()
    at.slider(key="data_small_repeats").set_value(1).run()
    at.button(key="data_run_small").click().run()
    healthy(at)
    assert "the best is" in text(at) and "the neural network comes" in text(at)


def test_hosted_mode_caps_the_heaviest_experiments(data_page, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("NNLAB_HOSTED", "1")
    before = st.get_option("client.showErrorDetails")  # app.py sets it server-wide when hosted
    try:
        at = data_page("Augmentation")
        healthy(at)
        assert at.slider(key="data_aug_seeds").max <= 3 and at.slider(key="data_aug_epochs").max <= 50
        assert "2000" not in at.select_slider(key="data_aug_n").options
    finally:
        st.set_option("client.showErrorDetails", before)


@pytest.mark.parametrize("value", ["inf", "-1e309", "NaN", "abc", "101"])
def test_a_tampered_seed_in_the_link_gets_a_notice_not_a_crash(page, value):
    at = page("data_splits")
    at.query_params["data_seed"] = value
    at.run()
    healthy(at)
    assert any("were not valid here" in i.value for i in at.info)
    assert at.slider(key="data_seed").value == 0


TAB_DEFAULTS = {  # tab → its entries in lessons/data_splits/cache.DEFAULTS
    "Leakage": ("leakage",), "Scaling": ("scaling",), "Missing values": ("missing values",),
    "Categories": ("categories",), "Augmentation": ("augmentation",), "Fitting": ("fitting", "bias and variance"),
    "Small data": ("small data",),
}
EXPERIMENTS = (  # (module, function): every experiment a default runs, one seed or repeat at a time
    ("leakage", "simulate"), ("scaling", "normalization_experiment"), ("missing", "missing_values_experiment"),
    ("encoding", "encoding_experiment"), ("augmentation", "run_arm"), ("fitting", "learning_curve"),
    ("fitting", "bias_variance"), ("small_data", "run_repeat"),
)


def test_every_default_is_registered_for_the_warm_up():
    from lessons.data_splits import cache

    assert sorted(cache.DEFAULTS) == sorted(name for names in TAB_DEFAULTS.values() for name in names)


@pytest.mark.parametrize("tab", TAB_DEFAULTS)
def test_a_tab_opens_on_its_warm_default_without_running_anything(data_page, monkeypatch, tab):
    """What the warm-up computes is exactly what the tab draws: after DEFAULTS ran, opening the tab trains nothing."""
    import importlib

    from lessons.data_splits import cache

    for name in TAB_DEFAULTS[tab]:
        assert cache.DEFAULTS[name]() is not None  # as ui/warmup.py calls it

    def recomputed(*args, **kwargs):
        raise AssertionError("the tab computed its default again: its call differs from DEFAULTS")

    for module, function in EXPERIMENTS:
        monkeypatch.setattr(importlib.import_module(f"core.data_splits.{module}"), function, recomputed)
    at = data_page(tab)
    healthy(at)
    assert len(at.get("plotly_chart")) >= len(TAB_DEFAULTS[tab])
    notes = [c.value for c in at.caption if "Default settings" in c.value]
    assert len(notes) == len(TAB_DEFAULTS[tab])  # each default result says so, and names its button
    assert all("to re-run with yours" in n for n in notes)
