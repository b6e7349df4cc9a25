"""Boundary formulas: right labels on hand-picked points, hostile text refused and never run."""
import math
import time

import numpy as np
import pytest

from core.architectures.formula import RADIUS, FormulaError, parse, points_from_formula


def labels(text, points):
    x, y = np.array(points, dtype=float).T
    return parse(text).evaluate(x, y).tolist()


# --- what a formula means ------------------------------------------------------------------------
def test_comparisons_label_hand_picked_points():
    assert labels("y > sin(3*x)", [(0, 0.5), (0, -0.5), (math.pi / 6, 0.9), (math.pi / 6, 1.1)]) == [
        True, False, False, True]
    assert labels("x**2 + y**2 < 4", [(1, 1), (2, 1), (0, -1.9), (0, 2)]) == [True, False, True, False]
    assert labels("0 < x <= 1", [(0, 0), (0.5, 0), (1, 0), (1.5, 0)]) == [False, True, True, False]
    assert labels("x > 0 and not y > 0 or x == -3", [(1, -1), (1, 1), (-3, 5), (-2, -1)]) == [
        True, False, True, False]
    assert labels("x1 != x2", [(1, 1), (1, 2)]) == [False, True]  # x1, x2 as on the Playground's axes


def test_functions_and_constants():
    assert labels("abs(x) >= sqrt(y)", [(-3, 9), (-2.9, 9)]) == [True, False]
    assert labels("log(exp(x)) == x", [(2, 0)]) == [True]
    assert labels("cos(pi) < -0.99 and tan(pi / 4) > 0.99 and e > 2.71", [(0, 0)]) == [True]
    assert labels("-x > +y - 1 / 2", [(-1, 0), (1, 0)]) == [True, False]


def test_a_comparison_is_binary_and_a_bare_expression_a_regression_target():
    assert parse("y > x").task == "binary"
    f = parse("x * y - 1")
    assert f.task == "regression"
    assert f.evaluate(np.array([2.0, 3.0]), np.array([3.0, -1.0])).tolist() == [5.0, -4.0]


def test_evaluate_keeps_the_shape_of_a_grid_and_the_formula_is_a_value():
    gx, gy = np.meshgrid(np.linspace(-6, 6, 7), np.linspace(-6, 6, 5))
    assert parse("y > x").evaluate(gx, gy).shape == (5, 7)
    assert parse(" y  >\n x ") == parse("y > x") and parse("y > x").text == "y > x"  # whitespace collapsed
    assert len({parse("y > x"), parse("y > x")}) == 1  # hashable: a cache key


def test_overflow_and_domain_errors_are_inf_or_nan_quickly():
    start = time.perf_counter()
    assert parse("9**9**9").evaluate(np.zeros(3), np.zeros(3)).tolist() == [math.inf] * 3
    assert parse("(9**9**9)**9**9 > x").evaluate(np.zeros(2), np.zeros(2)).tolist() == [True, True]
    assert np.isinf(parse("exp(exp(exp(x)))").evaluate(np.array([10.0]), np.zeros(1))).all()
    assert np.isnan(parse("log(x) + sqrt(y)").evaluate(np.array([-1.0]), np.array([-1.0]))).all()
    assert time.perf_counter() - start < 1


# --- what is refused -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "__import__('os')", "__import__('os').system('touch pwned')", "().__class__", "x.__class__",
    "open('pwned', 'w')", "[x for x in ()]", "lambda: 1", "(lambda: 1)()", "sin.__globals__", "x[0]", "'text'",
    "b'bytes'", "f'{x}'", "(z := 1)", "x if y else 1", "{x}", "x @ y", "x // y", "x % 2", "True", "None", "1j",
    "x in y", "x is y", "sin(x, y)", "sin()", "sin(x=1)", "sin(*x)", "sin", "eval('1')", "print(x)", "x(1)",
    "x + (y > 0)", "x and y", "not x", "...", "1e999 > x",
])
def test_hostile_or_wrong_formulas_are_refused_and_never_run(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FormulaError, match="at column"):
        parse(text)
    assert list(tmp_path.iterdir()) == []  # nothing ran: no file appeared


def test_unknown_names_are_pointed_at():
    with pytest.raises(FormulaError) as caught:
        parse("y > z")
    assert str(caught.value) == "unknown name 'z' at column 5: use x, y, pi or e\n  y > z\n      ^"
    with pytest.raises(FormulaError, match="unknown name 'é' at column 5"):
        parse("x > é")  # columns count characters, not UTF-8 bytes


@pytest.mark.parametrize("text, column", [("sin(x", 4), ("x >", 4), ("y > 3 $ 2", 7), ("x² > 1", 2), ("x > > 1", 5)])
def test_syntax_errors_report_the_column(text, column):
    with pytest.raises(FormulaError, match=f"syntax error at column {column}"):
        parse(text)


def test_empty_long_and_deeply_nested_formulas_are_refused():
    for empty in ("", "   \n "):
        with pytest.raises(FormulaError, match="empty"):
            parse(empty)
    assert parse("x + " * 48 + "x > 0.00").task == "binary"  # 200 characters
    with pytest.raises(FormulaError, match="201 characters; at most 200"):
        parse("x + " * 48 + "x > 0.000")
    assert parse("(" * 30 + "x" + ")" * 30 + " > 0").task == "binary"
    with pytest.raises(FormulaError, match="brackets nested more than 30 deep at column 31"):
        parse("(" * 31 + "x" + ")" * 31 + " > 0")
    with pytest.raises(FormulaError, match="nested more than 30"):
        parse("sin(" * 31 + "x" + ")" * 31 + " > 0")
    assert parse("-" * 199 + "x").task == "regression"  # long operator chains do not overflow the stack


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # Python's own, for "1and" and the like
def test_random_token_soup_only_ever_gives_a_formula_or_a_formula_error():
    rng = np.random.default_rng(0)
    tokens = ["x", "y", "1", "2.5", "+", "-", "*", "/", "**", "(", ")", "<", ">", "==", "and", "not", "sin(", ",",
              ".", "[", "]", "'", "lambda", ":", "__class__", "9**9**9", " "]
    for _ in range(2000):
        text = "".join(rng.choice(tokens, rng.integers(1, 12)))
        try:
            parse(text).evaluate(np.linspace(-5, 5, 4), np.linspace(5, -5, 4))
        except FormulaError:
            pass


# --- points from a formula -----------------------------------------------------------------------
def test_points_are_in_the_plane_and_labelled_by_the_formula():
    xy, labels_ = points_from_formula("y > sin(3*x)", n=300, seed=1)
    assert xy.shape == (300, 2) and xy.dtype == np.float32 and labels_.dtype == np.int64
    assert np.abs(xy).max() <= RADIUS and set(labels_.tolist()) == {0, 1}
    x, y = xy.astype(float).T
    assert np.array_equal(labels_, y > np.sin(3 * x))
    again, _ = points_from_formula("y > sin(3*x)", n=300, seed=1)
    assert np.array_equal(xy, again) and not np.array_equal(xy, points_from_formula("y > sin(3*x)", 300, seed=2)[0])


def test_noise_reads_labels_at_moved_points():
    xy, clean = points_from_formula("x > 0", n=1000, noise=0.0)
    xy_noisy, noisy = points_from_formula("x > 0", n=1000, noise=0.5)
    assert np.array_equal(xy, xy_noisy) and np.array_equal(clean, xy[:, 0] > 0)
    wrong = noisy != clean
    assert 0.05 < wrong.mean() < 0.4 and np.abs(xy[wrong, 0]).max() <= 0.5 * RADIUS  # only near the boundary


def test_regression_targets_are_stretched_onto_minus_one_to_one():
    xy, target = points_from_formula("x * y", n=400)
    assert target.dtype == np.float32 and target.min() == -1 and target.max() == 1
    order = np.argsort(xy[:, 0] * xy[:, 1])
    assert np.all(np.diff(target[order]) >= -1e-6)  # the same order as x·y


@pytest.mark.parametrize("text, message", [
    ("x > 100", "every point falls on one side: 'x > 100' is false at all 50 points"),
    ("x**2 + y**2 >= 0", "every point falls on one side: 'x\\*\\*2 \\+ y\\*\\*2 >= 0' is true"),
    ("log(x)", "'log\\(x\\)' is not a number at \\(x, y\\) = "),
    ("sin(x)**2 + cos(x)**2", "has the same value at every point"),
    ("0 * x", "has the same value at every point"),
])
def test_formulas_that_give_nothing_to_learn_are_refused(text, message):
    with pytest.raises(FormulaError, match=message):
        points_from_formula(text, n=50)


def test_bad_sizes_are_refused():
    for n, noise in ((1, 0.0), (5001, 0.0), (100, 0.6), (100, -0.1)):
        with pytest.raises(ValueError, match="2 to 5000 points"):
            points_from_formula("y > x", n, noise)
