"""The Playground's kept runs: caps, order, what a kept run holds, and two runs compared."""
import math
import pickle

import numpy as np
import pytest
import torch

from core import runs as kept_runs
from core.architectures import history
from core.architectures.history import PlaygroundHistory
from core.architectures.playground import FitConfig, NetConfig, new_run
from core.architectures.points import DataConfig
from core.architectures.trainer import step_epoch, train_epochs


def trained(epochs=1, data=None, net=None, fit=None):
    """A Playground network (the opening one by default) trained `epochs` epochs."""
    run = new_run(data or DataConfig(), net or NetConfig())
    train_epochs(run, fit or FitConfig(), epochs)
    return run


def test_the_cap_drops_the_oldest_and_says_which():
    hist = PlaygroundHistory()
    dropped = [hist.keep(trained(), FitConfig()) for _ in range(12)]
    assert hist.max_runs == 10
    assert [k.number for k in hist.runs] == list(range(3, 13))
    assert [[k.number for k in d] for d in dropped] == [[]] * 10 + [[1], [2]]
    assert hist.current == 12
    assert kept_runs.dropped_note([k.name for k in dropped[-1]], hist.max_runs) == \
        "Run 2 was dropped: at most 10 runs are kept per visitor."


def test_hosted_keeps_three_as_the_mnist_runs_do():
    local, hosted = PlaygroundHistory.for_host(False), PlaygroundHistory.for_host(True)
    assert (local.max_runs, hosted.max_runs) == (kept_runs.MAX_RUNS, kept_runs.MAX_RUNS_HOSTED) == (10, 3)
    for _ in range(4):
        hosted.keep(trained(), FitConfig())
    assert [k.number for k in hosted.runs] == [2, 3, 4]


def test_newest_first_and_one_entry_per_network():
    hist = PlaygroundHistory()
    assert hist.keep(new_run(DataConfig(), NetConfig()), FitConfig()) == [] and not hist.runs  # untrained: not kept
    first, second = trained(), trained()
    hist.keep(first, FitConfig())
    hist.keep(second, FitConfig())
    step_epoch(second, FitConfig())  # the same network, trained one epoch more: its entry is brought up to date
    hist.keep(second, FitConfig(lr=0.1))
    assert [k.number for k in hist.newest_first()] == [2, 1]
    assert [k.final.epoch for k in hist.runs] == [1, 2] and hist.get(2).fit.lr == 0.1
    assert hist.get(2).data is hist.get(1).data  # the same data settings: their points are kept once
    assert hist.is_current(second, hist.get(2)) and not hist.is_current(second, hist.get(1))
    with pytest.raises(KeyError):
        hist.get(3)


def test_a_kept_run_holds_settings_scores_curve_and_boundary_but_not_the_network():
    data, net, fit = DataConfig(kind="xor", noise=0.1), NetConfig(hidden=(4,), activations=("tanh",)), FitConfig()
    run = trained(30, data, net, fit)
    hist = PlaygroundHistory()
    hist.keep(run, fit)
    kept = hist.get(1)
    assert (kept.data_cfg, kept.net_cfg, kept.fit, kept.parameters) == (data, net, fit, run.parameters)
    assert kept.final == run.history[-1] and [h.epoch for h in kept.curve] == list(range(31))
    assert kept.boundary.output.shape == (60, 60) and not kept.boundary.layers and not kept.boundary.weights
    assert kept.data is run.data
    blob = pickle.dumps(kept)
    assert b"PlaygroundNet" not in blob and len(blob) < 100_000
    assert not any(isinstance(v, torch.nn.Module) for v in vars(kept).values())


def test_a_long_curve_is_thinned_with_its_first_and_last_epoch():
    run = trained(500, net=NetConfig(hidden=(), activations=()))
    kept = history.kept_run(run, FitConfig(), 1)
    epochs = [h.epoch for h in kept.curve]
    assert epochs[0] == 0 and epochs[-1] == 500 and len(epochs) <= history.CURVE_POINTS
    assert epochs == sorted(set(epochs))


def test_the_comparison_names_the_settings_that_differ():
    a = history.kept_run(trained(), FitConfig(), 1)
    b = history.kept_run(trained(net=NetConfig(hidden=(8,), activations=("relu",))), FitConfig(lr=0.1), 2)
    cmp = history.compare(a, b)
    assert cmp.differ == ["network hidden", "network activations", "parameters", "lr"]
    assert list(cmp.table.columns) == ["run 1", "run 2"]
    assert cmp.table.loc["lr"].tolist() == ["0.03", "0.1"] and "test accuracy" in cmp.table.index
    assert list(cmp.table.index[:5]) == [*cmp.differ, "epochs trained"]  # what differs first, then the scores
    assert "differ in network hidden, network activations, parameters, lr" in history.takeaway(cmp)
    same = history.compare(a, history.kept_run(trained(), FitConfig(), 3))
    assert same.differ == [] and "the gap is chance" in history.takeaway(same)
    fig = history.loss_overlay(cmp.runs)
    assert len(fig.data) == 4 and {t.line.dash for t in fig.data} == {"solid", "dash"}
    assert len(history.overlay_table(cmp.runs)) == 4  # two epochs of each run


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_two_learning_rates_give_different_kept_curves_and_scores(seed):
    data, net = DataConfig(seed=seed), NetConfig(seed=seed)
    slow = history.kept_run(trained(20, data, net, FitConfig(lr=0.001)), FitConfig(lr=0.001), 1)
    fast = history.kept_run(trained(20, data, net, FitConfig(lr=0.03)), FitConfig(lr=0.03), 2)
    assert [h.epoch for h in slow.curve] == [h.epoch for h in fast.curve]
    assert slow.curve[0].train_loss == fast.curve[0].train_loss  # the same data and first weights
    assert not np.allclose([h.train_loss for h in slow.curve[1:]], [h.train_loss for h in fast.curve[1:]])
    assert fast.final.train_loss < slow.final.train_loss  # 20 epochs at lr 0.001 are too few to fit the circle
    assert history.compare(slow, fast).differ == ["lr"]
    assert all(math.isfinite(k.final.test_loss) for k in (slow, fast))
