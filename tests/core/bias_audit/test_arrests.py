"""The Arrests data: loaded offline with its protected attributes, split by label and group."""
import numpy as np
import pytest

from core.bias_audit.arrests import ATTRIBUTES, TabularConfig, group_summary, load_arrests, make_split, reference_group
from tests.core.bias_audit.test_images import one_thread  # noqa: F401  (the fixture, shared)

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def df():
    return load_arrests()


def test_arrests_loads_offline_with_the_protected_attributes(df):
    assert len(df) == 5226
    assert df["label"].mean() == pytest.approx(4334 / 5226)  # 83% released
    for attr in ATTRIBUTES:
        s = group_summary(df, attr)
        assert s["size"].sum() == len(df) and s["share"].sum() == pytest.approx(1)
    assert set(df["age band"]) == {"under 18", "18-24", "25 and over"}
    colour = group_summary(df, "colour")
    assert colour.loc["Black", "base_rate"] == pytest.approx(955 / 1288)  # 74% released
    assert reference_group(df, "colour") == "White" and reference_group(df, "citizen") == "Yes"


def test_split_is_stratified_and_blind_hides_the_attribute(df):
    split = make_split(df, TabularConfig(attribute="age band"))
    assert "age" in split.columns and split.x_train.dtype == np.float32
    assert abs(split.y_train.mean() - split.y_test.mean()) < 0.01
    blind = make_split(df, TabularConfig(attribute="age band", blind=True))
    assert "age" not in blind.columns and blind.x_train.shape[1] == split.x_train.shape[1] - 1
    with pytest.raises(ValueError):
        make_split(df, TabularConfig(attribute="shoe size"))
