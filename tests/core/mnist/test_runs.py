"""The kept runs: caps, memory budget, "use this run" and the rule that a training run stays."""
import threading

import pytest
import torch

from core.data import load_digits_fallback
from core.jobs import TrainingJob
from core.mnist.lab import MnistRun, start_run
from core.mnist.runs import RunBusy, RunHistory, run_bytes
from core.models import ModelConfig, build_model, count_parameters
from core.train import TrainConfig, TrainResult


def finished(hidden=(16,), side=8) -> MnistRun:
    """A stopped run without training it: a fresh network and a finished result."""
    cfg = ModelConfig(hidden=hidden)
    model = build_model(cfg, side, 10)
    result = TrainResult(model, [], "finished", "Trained.", 1.0, 10, test_loss=1.0, test_acc=0.5)
    return MnistRun(cfg, TrainConfig(), "digits", "cpu", 100, count_parameters(model), final=result)


def training() -> tuple[MnistRun, threading.Event]:
    """A run whose job stays 'training' until the returned event is set."""
    release = threading.Event()
    run = finished()
    model = run.final.model

    def work(on_progress, should_stop):
        release.wait(30)
        return TrainResult(model, [], "stopped", "Stopped.", 0.0, 0)

    run.final, run.job = None, TrainingJob(work).start()
    return run, release


def test_the_count_cap_drops_the_oldest_and_says_which():
    history = RunHistory(max_runs=3)
    runs = [finished() for _ in range(5)]
    dropped = [history.keep(r) for r in runs]
    assert [k.number for k in history.runs] == [3, 4, 5]
    assert [[k.number for k in d] for d in dropped] == [[], [], [], [1], [2]]
    assert history.current == 5 and history.newest().run is runs[-1]


def test_hosted_keeps_three_and_a_smaller_budget():
    local, hosted = RunHistory.for_host(False), RunHistory.for_host(True)
    assert (local.max_runs, hosted.max_runs) == (10, 3)
    assert hosted.budget_bytes < local.budget_bytes
    for _ in range(12):
        local.keep(finished())
        hosted.keep(finished())
    assert len(local.runs) == 10 and len(hosted.runs) == 3


def test_the_memory_budget_drops_old_runs_but_never_the_new_one():
    big = finished(hidden=(256,))
    size = run_bytes(big)
    assert size >= count_parameters(big.result.model) * 4  # float32 weights at least
    history = RunHistory(max_runs=10, budget_bytes=int(2.5 * size))
    for _ in range(3):
        history.keep(finished(hidden=(256,)))
    assert len(history.runs) == 2 and history.total_bytes() <= history.budget_bytes
    lone = RunHistory(budget_bytes=1)
    lone.keep(big)
    assert [k.run for k in lone.runs] == [big]  # a run larger than the budget is still kept while it is the newest


def test_a_training_run_is_listed_as_training_cannot_be_deleted_or_used_and_is_never_dropped():
    history = RunHistory(max_runs=2)
    busy, release = training()
    history.keep(busy)
    assert history.runs[0].status == "training"
    with pytest.raises(RunBusy):
        history.delete(1)
    with pytest.raises(RunBusy):
        history.use(1, "cpu")
    history.keep(finished())
    history.keep(finished())  # over the cap: run 2 goes, the training run 1 stays
    assert [k.number for k in history.runs] == [1, 3]
    release.set()
    busy.job.join(10)
    assert history.get(1).status == "stopped"
    assert history.delete(1).run is busy and [k.number for k in history.runs] == [3]


def test_use_this_run_makes_an_earlier_run_current_and_parks_the_others_on_the_cpu():
    history = RunHistory()
    first, second = finished(), finished()
    history.keep(first)
    history.keep(second)
    assert history.use(1, "cpu") is first and history.current == 1
    assert history.delete(1).run is first and history.current is None
    with pytest.raises(KeyError):
        history.use(1, "cpu")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device to show weights changing place")
def test_only_the_current_run_keeps_its_weights_on_the_device():
    history = RunHistory()
    first, second = finished(), finished()
    for run in (first, second):
        run.final.model.to("cuda")
    history.keep(first)
    history.keep(second)
    assert next(first.model.parameters()).device.type == "cpu"
    history.use(1, "cuda")
    assert next(first.model.parameters()).device.type == "cuda"
    assert next(second.model.parameters()).device.type == "cpu"


def test_really_trained_runs_are_kept_with_status_and_size():
    data = load_digits_fallback()
    history = RunHistory()
    for lr in (1e-3, 1e-2):
        run = start_run(ModelConfig(hidden=(32,)), TrainConfig(lr=lr, epochs=2), data.subset(500), "cpu")
        history.keep(run)
        run.job.join(60)
    assert [k.status for k in history.runs] == ["finished", "finished"]
    assert all(run_bytes(k.run) > 0 and len(k.run.snapshots) == 3 for k in history.runs)
    assert history.use(1, "cpu").train_cfg.lr == 1e-3
