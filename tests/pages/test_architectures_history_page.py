"""The Playground's run history: every network trained is kept, two are compared, the cap drops the oldest."""
import pytest

from lessons.architectures.history import KEY


@pytest.fixture
def arch(page):
    at = page("architectures").run()
    assert not at.exception
    return at


def charts(at, prefix: str) -> list:
    """The Plotly charts whose widget key starts with `prefix`."""
    return [c for c in at.get("plotly_chart") if f"-{prefix}" in c.proto.id]


def runs_table(at):
    """The "Your runs" table (AppTest's dataframes have no key): the one with an "on the page" column."""
    return next(d.value for d in at.dataframe if "on the page" in getattr(d.value, "columns", []))


def train_one(at, layers: int) -> None:
    """A network of `layers` hidden layers (a new network: the history's next run), one epoch."""
    at.slider(key="arch_layers").set_value(layers).run()
    at.button(key="arch_step").click().run()
    assert not at.exception


def test_two_runs_are_kept_and_compared(arch):
    assert not arch.session_state[KEY].runs
    assert any("train twice with different settings" in c.value for c in arch.caption)
    arch.button(key="arch_step").click().run()
    history = arch.session_state[KEY]
    assert [k.number for k in history.runs] == [1]
    assert any("Train twice with different settings" in i.value for i in arch.info)
    arch.button(key="arch_step").click().run()  # the same network, trained further: the same run, updated
    assert [(k.number, k.final.epoch) for k in history.runs] == [(1, 2)]
    arch.select_slider(key="arch_lr").set_value(0.3).run()
    arch.button(key="arch_reset").click().run()
    arch.button(key="arch_step").click().run()
    assert not arch.exception
    assert [(k.number, k.fit.lr) for k in history.runs] == [(1, 0.03), (2, 0.3)]
    assert runs_table(arch)["run"].tolist() == [2, 1]  # newest first
    assert runs_table(arch)["on the page"].tolist() == ["●", ""]
    assert (arch.selectbox(key="arch_runs_a_2-1").value, arch.selectbox(key="arch_runs_b_2-1").value) == (2, 1)
    assert len(charts(arch, "arch_runs_boundary_")) == 2
    assert len(charts(arch, "arch_runs_losses")) == 1
    assert any("differ in lr" in m.value for m in arch.markdown)
    assert not arch.exception


def test_the_cap_drops_the_oldest_and_says_so(arch, hosted):  # three runs kept, as the MNIST Runs tab does
    del arch.session_state[KEY]  # made afresh, for a hosted server
    for layers in (0, 1, 2, 3):
        train_one(arch, layers)
    history = arch.session_state[KEY]
    assert history.max_runs == 3
    assert [k.number for k in history.runs] == [2, 3, 4]
    assert [len(k.net_cfg.hidden) for k in history.runs] == [1, 2, 3]
    assert any("Run 1 was dropped: at most 3 runs are kept" in c.value for c in arch.caption)
    assert len(charts(arch, "arch_runs_boundary_")) == 2
