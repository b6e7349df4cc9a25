"""A visitor's points file: good files read and fitted into the plane, every bad one refused with a clear message."""
import time

import numpy as np
import pytest

from core.architectures.formula import points_from_formula
from core.architectures.own_points import RADIUS, PointsError, read_points, to_csv


# --- good files ----------------------------------------------------------------------------------
def test_a_binary_file_in_the_plane_is_read_as_it_is():
    p = read_points(b"x1,x2,label\n-4,3,0\n1.5,-2,1\n0,0,1\n")
    assert p.task == "binary" and p.classes == 2 and p.target.tolist() == [0, 1, 1] and p.target.dtype == np.int64
    assert p.xy.dtype == np.float32 and p.xy.tolist() == [[-4, 3], [1.5, -2], [0, 0]]
    assert p.scale == 1.0 and p.offset == (0.0, 0.0) and p.message == "3 points."


def test_a_multiclass_file_is_centred_and_scaled_keeping_its_shape():
    p = read_points("x1,x2,label\n0,0,0\n100,50,1\n50,10,2\n100,0,3\n")
    assert p.task == "multiclass" and p.classes == 4 and p.target.tolist() == [0, 1, 2, 3]
    assert p.scale == pytest.approx(0.1) and p.offset == (50.0, 25.0)
    assert np.allclose(p.xy, [[-5, -2.5], [5, 2.5], [0, -1.5], [5, -2.5]])  # x2 spans half as far as x1
    assert p.message == "4 points; shifted by (-50, -25); scaled ×0.1 to fit the plane [-5, 5]²."
    tiny = read_points("x1,x2,label\n0,0,0\n0.001,0.002,1\n")
    assert tiny.scale == pytest.approx(5000) and np.allclose(tiny.xy, [[-2.5, -5], [2.5, 5]])


def test_a_regression_file_has_its_targets_stretched_onto_minus_one_to_one():
    p = read_points("x1,x2,y\n-5,0,10\n5,1,20\n0,2,30\n")
    assert p.task == "regression" and p.classes == 1 and p.target.dtype == np.float32
    assert p.target.tolist() == [-1, 0, 1] and p.scale == 1.0
    assert "y stretched from [10, 30] onto [-1, 1]" in p.message
    assert read_points("x1,x2,y\n-5,0,-0.8\n5,1,0.6\n").target.tolist() == pytest.approx([-0.8, 0.6])  # kept


def test_classes_with_gaps_are_renumbered_and_said_so():
    p = read_points("x1,x2,label\n-5,0,1\n5,1,4\n0,2,4\n")
    assert p.task == "binary" and p.target.tolist() == [0, 1, 1] and "labels 1, 4 renumbered 0 to 1" in p.message
    assert read_points("x1,x2,label\n-5,0,0.0\n5,1,1.0\n").target.tolist() == [0, 1]  # 1.0 from a spreadsheet


@pytest.mark.parametrize("text", [
    " X1 , x2 ,LABEL \n-5,0,0\n5,1,1\n",  # spaces and case in the header
    "\ufeffx1,x2,label\r\n-5,0,0\r\n5,1,1\r\n",  # Excel's byte-order mark and Windows line ends
    "x1;x2;label\n-5;0;0\n5;1;1\n",  # a European spreadsheet's semicolons
    "x1\tx2\tlabel\n-5\t0\t0\n5\t1\t1\n",  # tabs
    '"x1","x2","label"\n"-5","0","0"\n\n5, 1 ,1\n\n',  # quotes, blank lines, spaces around numbers
    "label,x2,x1\n0,0,-5\n1,1,5\n",  # any column order
])
def test_header_variations_are_forgiven(text):
    for raw in (text, text.encode("utf-8")):
        p = read_points(raw)
        assert p.xy.tolist() == [[-5, 0], [5, 1]] and p.target.tolist() == [0, 1]


def test_extra_columns_are_ignored_and_named():
    p = read_points("id,x1,x2,label,note,\n7,-5,0,0,a,\n8,5,1,1,b,\n")
    assert p.target.tolist() == [0, 1] and p.message == "2 points; ignored the columns id, note."


# --- bad files -----------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, message", [
    (b"PK\x03\x04\x14\x00\x00\x00", "a binary file, not CSV text"),
    (bytes(range(256)), "a binary file"),
    ("x1,x2,label\n1,2,0 é\n".encode("latin-1"), "not UTF-8 text"),
    (b"", "the file is empty"),
    ("  \n\n ", "the file is empty"),
    (",,\n ,\n", "the file is empty"),
    ("x1,x2,label\n", "no points below the header"),
    ("x1,label\n1,0\n2,1\n", "column 'x2' is missing; the first line must be x1,x2,label"),
    ("1,2,0\n3,4,1\n", "column 'x1' is missing.*found '1,2,0'"),
    ("x1,x2\n1,2\n", "column 'label' is missing"),
    ("x1,x2,label,y\n1,2,0,1\n", "both a label and a y column"),
    ("x1,X1,x2,label\n1,2,3,0\n", "the column 'x1' appears twice"),
    ("x1,x2,label\n1,abc,0\n2,3,1\n", "line 2, column x2: 'abc' is not a number"),
    ("x1,x2,label\n1,2,0\n2,,1\n", "line 3, column x2: '' is not a number"),
    ("x1,x2,label\n1,nan,0\n2,3,1\n", "line 2, column x2: 'nan' is not a finite number"),
    ("x1,x2,y\n1,2,-inf\n2,3,1\n", "line 2, column y: '-inf' is not a finite number"),
    ("x1,x2,label\n1,2\n3,4,1\n", "line 2 has 2 values, the header names 3"),
    ("x1,x2,label\n1,2,0,9\n3,4,1\n", "line 2 has 4 values"),
    ("x1,x2,label\n1,2,0\n3,4,0\n", "every point has label 0; a classifier needs at least two classes"),
    ("x1,x2,label\n1,2,0\n3,4,5\n", "line 3: label 5 is not a class; labels are whole numbers 0 to 4"),
    ("x1,x2,label\n1,2,-1\n3,4,1\n", "line 2: label -1 is not a class"),
    ("x1,x2,label\n1,2,0.5\n3,4,1\n", "line 2: label 0.5 is not a class"),
    ("x1,x2,label\n1,2,0\n1,2,1\n", "all points are at the same place"),
    ("x1,x2,label\n1e-320,0,0\n0,0,1\n", "all points are at the same place"),
    ("x1,x2,y\n1,2,3\n4,5,3\n", "every y is the same"),
    ("x1,x2,label\n" + "a" * 200_000 + "\n", "not readable as CSV near line 2"),
    ("x1,x2,label\n" + "1,2,0\n3,4,1\n" * 2501, "the file has 5,002 points; at most 5,000"),
])
def test_bad_files_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(PointsError, match=message):
        read_points(raw)


def test_five_thousand_points_are_fine_and_huge_values_do_not_overflow():
    assert len(read_points("x1,x2,label\n" + "1,2,0\n3,4,1\n" * 2500).xy) == 5000
    p = read_points("x1,x2,label\n1e308,-1.7e308,0\n-1.7e308,1e308,1\n")
    assert np.isfinite(p.xy).all() and np.abs(p.xy).max() == RADIUS


def test_a_50_mb_upload_is_refused_before_it_is_read():
    for raw in ("x1,x2,label\n" + "1,2,0\n" * 8_000_000, b"\xff" * 50_000_000):
        start = time.perf_counter()
        with pytest.raises(PointsError, match="at most 1 MB"):
            read_points(raw)
        assert time.perf_counter() - start < 0.1


def test_random_bytes_and_mangled_files_only_ever_give_points_or_a_points_error():
    rng = np.random.default_rng(0)
    good = b"x1,x2,label\n-4,3,0\n1.5,-2,1\n0,0,2\n"
    for i in range(2000):
        raw = bytearray(good)
        for _ in range(rng.integers(1, 4)):  # change, insert or delete a byte
            at, what = rng.integers(len(raw)), rng.integers(3)
            if what == 0:
                raw[at] = rng.choice(list(b",;\n\t .-e0159xylabn\"")) if i % 2 else rng.integers(256)
            elif what == 1:
                raw.insert(at, rng.integers(256))
            elif len(raw) > 1:
                del raw[at]
        try:
            read_points(bytes(raw))
        except PointsError:
            pass
    alphabet = list("x12labely,;\t\n\r\"' .-+e0123456789naif\u00e9\u2028\x00\ufeff")
    for i in range(2000):
        text = ("", "x1,x2,label\n", "x1,x2,y\n")[i % 3] + "".join(rng.choice(alphabet, rng.integers(0, 60)))
        try:
            read_points(text)
        except PointsError:
            pass


# --- download ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "x1,x2,label\n0,0,0\n100,50,1\n50,10,2\n",
    "x1,x2,label\n0.1,0.3,1\n7,-3,4\n",
    "x1,x2,y\n0.123456789,1,10\n5,2.5,-3.3\n1,1,0.7\n",
])
def test_a_download_reads_back_unchanged(text):
    p = read_points(text)
    again = read_points(to_csv(p.xy, p.target, p.task))
    assert np.array_equal(p.xy, again.xy) and np.array_equal(p.target, again.target) and p.task == again.task
    assert again.scale == 1.0 and again.offset == (0.0, 0.0) and "renumbered" not in again.message


@pytest.mark.parametrize("formula", ["y > sin(3*x)", "x * y"])
def test_points_from_a_formula_download_and_read_back_unchanged(formula):
    xy, target = points_from_formula(formula, n=300)
    task = "binary" if target.dtype == np.int64 else "regression"
    p = read_points(to_csv(xy, target, task))
    assert np.array_equal(p.xy, xy) and np.array_equal(p.target, target) and p.scale == 1.0


def test_to_csv_writes_the_header_the_reader_expects():
    assert to_csv(np.array([[1.0, 2.5]]), np.array([1]), "binary") == "x1,x2,label\n1,2.5,1\n"
    assert to_csv(np.array([[1.0, 2.5]]), np.array([0.25]), "regression") == "x1,x2,y\n1,2.5,0.25\n"
    with pytest.raises(ValueError, match="unknown task"):
        to_csv(np.zeros((1, 2)), np.zeros(1), "ranking")
