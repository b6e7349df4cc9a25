"""Assignment links: what a link may lock, hide, ask and aim at, and every tampered part named, never raised."""
import pytest

from core.assignments import MAX_KEYS, MAX_TASK, read
from core.goals import Goal, Metric

KNOWN = {"mnist_lr", "mnist_seed", "mnist_kind"}.__contains__
METRICS = {"test_accuracy": Metric("test_accuracy", "test accuracy", percent=True, lo=0, hi=1)}


def test_a_whole_link_reads_back_as_written():
    a = read({"lock": ["mnist_lr,mnist_kind"], "hide": ["mnist_seed"], "task": ["Reach 95%"],
              "goal": ["test_accuracy:>=:0.95"]}, KNOWN, METRICS)
    assert a.lock == {"mnist_lr", "mnist_kind"} and a.hide == {"mnist_seed"}
    assert a.task == "Reach 95%" and a.goal == Goal("test_accuracy", ">=", 0.95)
    assert a.problems == () and a.active


def test_no_assignment_parameters_is_no_assignment():
    a = read({"mnist_lr": ["0.1"]}, KNOWN, METRICS)
    assert not a.active and a.problems == ()


@pytest.mark.parametrize("raw", ["mnist_nope", "__class__", "MNIST_LR", "a" * 80, "x;import os", "💥"])
def test_unknown_or_hostile_keys_are_named_and_dropped(raw):
    a = read({"lock": [f"mnist_lr,{raw}"], "hide": [raw]}, KNOWN, METRICS)
    assert a.lock == {"mnist_lr"} and a.hide == frozenset()
    assert len(a.problems) == 2 and all("does not have" in p for p in a.problems)


def test_too_many_keys_are_cut_with_a_notice():
    a = read({"lock": [",".join(["mnist_lr"] * (MAX_KEYS + 5))]}, KNOWN, METRICS)
    assert a.lock == {"mnist_lr"} and any(f"first {MAX_KEYS}" in p for p in a.problems)


def test_a_task_is_plain_printable_text_and_capped():
    a = read({"task": ["<script>alert(1)</script>\x00\x1b[31m **bold**"]}, KNOWN, METRICS)
    assert "\x00" not in a.task and "\x1b" not in a.task and a.task.startswith("<script>")  # shown as text
    long = read({"task": ["x" * (MAX_TASK + 50)]}, KNOWN, METRICS)
    assert len(long.task) == MAX_TASK and any("characters long" in p for p in long.problems)


@pytest.mark.parametrize("goal", ["test_accuracy:>=:nan", "test_accuracy:>=:inf", "loss:<=:0.1",
                                  "test_accuracy:=>:0.9", "test_accuracy", "", "x" * 500, "test_accuracy:>=:2"])
def test_a_bad_goal_is_left_out_with_a_reason(goal):
    a = read({"goal": [goal], "task": ["t"]}, KNOWN, METRICS)
    assert a.goal is None and len(a.problems) == 1 and a.problems[0].startswith("the goal was left out")
