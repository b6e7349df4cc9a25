"""Styles, the biased mix, and the claim: the rarer a style in training, the larger its accuracy gap."""
import numpy as np
import pytest
import torch
from scipy.ndimage import maximum_filter, minimum_filter

from core.bias_audit.images import (
    STYLES,
    ImageBiasConfig,
    ImageRuns,
    biased_dataset,
    dilate,
    erode,
    fade,
    run_image_audit,
    subgroup_size,
)
from core.data import load_digits_fallback


@pytest.fixture(scope="module")
def one_thread():
    """Small models: on a busy 2-core box a second intra-op thread mostly waits (20x slower here under load)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def digits():
    return load_digits_fallback()


def test_dilation_and_erosion_are_max_and_min_filters():
    img = torch.zeros(1, 1, 5, 5)
    img[0, 0, 2, 2] = 1.0
    thick = dilate(img)[0, 0]
    assert thick[1:4, 1:4].eq(1).all() and thick.sum() == 9  # one pixel grows into its 3x3 neighbourhood
    block = torch.zeros(1, 1, 5, 5)
    block[0, 0, 1:3, 1:3] = 1.0
    thin = erode(block)[0, 0]
    assert thin.sum() == 1 and thin[1, 1] == 1  # a 2x2 blob shrinks to one pixel
    assert erode(img).sum() == 0  # a 1-pixel stroke disappears
    x = torch.rand(2, 1, 28, 28)
    torch.testing.assert_close(dilate(x), torch.from_numpy(maximum_filter(x.numpy(), size=(1, 1, 3, 3),
                                                                          mode="constant", cval=0.0)))
    # the 2x2 window reaching right and down, ink beyond the border counted as 0
    torch.testing.assert_close(erode(x), torch.from_numpy(minimum_filter(x.numpy(), size=(1, 1, 2, 2),
                                                                         origin=(0, 0, -1, -1), mode="constant")))
    torch.testing.assert_close(fade(x), 0.3 * x)
    assert dilate(x).shape == erode(x).shape == x.shape


def test_biased_mix_has_the_chosen_share_and_a_paired_test_set(digits):
    cfg = ImageBiasConfig(style="thick", share=0.1, train_images=1000, test_digits=200)
    data, groups = biased_dataset(digits, cfg)
    assert len(data.train_y) == 1000 and subgroup_size(cfg, 1000) == 100
    assert list(np.unique(groups, return_counts=True)[1]) == [200, 200]  # balanced test set
    torch.testing.assert_close(data.test_y[:200], data.test_y[200:])  # the same digits twice
    ink = data.test_x * data.std + data.mean
    torch.testing.assert_close(ink[200:], dilate(ink[:200]), atol=1e-5, rtol=0)
    assert subgroup_size(ImageBiasConfig(share=0.01), 50) == 1  # never an empty subgroup
    with pytest.raises(ValueError):
        biased_dataset(digits, ImageBiasConfig(style="italic"))


def test_audit_reports_consistent_numbers(digits):
    cfg = ImageBiasConfig(style="faint", share=0.05, train_images=1000, test_digits=300, epochs=2)
    audit = run_image_audit(digits, cfg)
    regular, sub = cfg.group_names
    assert audit.train_counts == {regular: 950, sub: 50}
    assert audit.gap == pytest.approx(audit.accuracy[regular] - audit.accuracy[sub])
    assert audit.worst_accuracy == pytest.approx(min(audit.accuracy.values()))
    assert audit.test_accuracy == pytest.approx(np.mean(list(audit.accuracy.values())))
    assert list(audit.recall.index) == [regular, sub] and audit.recall.shape == (2, 10)
    assert len(audit.errors) == len(audit.error_titles) == min(24, audit.subgroup_errors)
    assert 0 <= audit.style_only_errors <= audit.subgroup_errors
    assert audit.subgroup_errors == round((1 - audit.accuracy[sub]) * 300)
    assert audit.digit_counts.to_numpy().sum() == 1000


def test_runs_keep_a_gap_versus_share_curve(digits):
    runs = ImageRuns()
    for share in (0.5, 0.1):
        runs.add(run_image_audit(digits, ImageBiasConfig(share=share, train_images=500, test_digits=100, epochs=1)))
    curve = runs.curve(ImageBiasConfig(share=0.02, train_images=500, test_digits=100, epochs=1))
    assert sorted(curve["share"]) == [0.1, 0.5] and runs.latest.cfg.share == 0.1
    assert runs.curve(ImageBiasConfig(share=0.1, style="thin", train_images=500, test_digits=100, epochs=1)).empty


@pytest.mark.parametrize("style", ["thick", "faint"])
def test_gap_grows_as_representation_falls(mnist, style):
    """The page's claim on real MNIST: same seed, same network, only the subgroup's share changes."""
    gaps = {share: run_image_audit(mnist, ImageBiasConfig(style=style, share=share, train_images=6000,
                                                          test_digits=2000, epochs=3)).gap
            for share in (0.5, 0.01)}
    assert gaps[0.01] > gaps[0.5] + 0.04, gaps  # measured here: thick +0.00 → +0.09, faint +0.02 → +0.15
    assert abs(gaps[0.5]) < 0.04, gaps  # balanced training: the styles are served about equally


def test_every_style_has_a_name():
    assert {name for name, _ in STYLES.values()} == {"thick strokes", "thin strokes", "low contrast"}
