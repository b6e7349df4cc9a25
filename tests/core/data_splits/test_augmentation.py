"""Augmentation: transforms against torch references, and the claim that it helps on a small subset."""
import numpy as np
import torch

from core.data_splits import noise
from core.data_splits.augmentation import (
    FLIPS,
    SAFE,
    AugConfig,
    augmenter,
    compare,
    gallery,
    run_arm,
    transforms,
)


def test_flips_match_torch_flip(mnist):
    img = mnist.to_pixels(mnist.test_x[:1])[0]  # (1, 28, 28)
    t = transforms()
    assert torch.equal(t["horizontal flip"](img), torch.flip(img, dims=[-1]))
    assert torch.equal(t["vertical flip"](img), torch.flip(img, dims=[-2]))


def test_pixels_round_trip_and_blank_stays_blank(mnist):
    x = mnist.test_x[:16]
    assert torch.allclose((mnist.to_pixels(x) - mnist.mean) / mnist.std, x, atol=1e-5)
    blank = torch.full((8, 1, 28, 28), -mnist.mean / mnist.std)  # a normalised all-background batch
    torch.manual_seed(0)
    out = augmenter(mnist, ("rotation", "shift", "scale", "crop", "elastic"))(blank)
    assert out.shape == blank.shape and torch.allclose(out, blank, atol=1e-5)  # geometric changes fill with blank


def test_augmenter_changes_images_but_keeps_their_ink(mnist):
    x = mnist.test_x[:32]
    torch.manual_seed(0)
    out = augmenter(mnist, ("rotation", "shift", "scale"))(x)
    assert not torch.allclose(out, x)
    ink_before, ink_after = mnist.to_pixels(x).sum((1, 2, 3)), mnist.to_pixels(out).sum((1, 2, 3))
    assert torch.allclose(ink_after, ink_before, rtol=0.3)  # still a digit, not a blank or a smear


def test_gallery_has_one_row_per_transform(mnist):
    images, rows = gallery(mnist, SAFE + FLIPS, n=4)
    assert images.shape == (1 + len(SAFE + FLIPS), 4, 28, 28) and rows[0] == "original"
    assert images.min() >= 0 and images.max() <= 1
    assert np.allclose(images[rows.index("horizontal flip")], images[0][..., ::-1])


def test_runs_are_repeatable(mnist):
    cfg = AugConfig(n_train=100, epochs=2, seeds=1)
    a, b = run_arm(mnist, cfg, "augmented", 0), run_arm(mnist, cfg, "augmented", 0)
    assert a.test_acc == b.test_acc


def test_claim_augmentation_helps_on_a_small_subset(mnist):
    """The page's default: 500 images, MLP 784-128-10, 50 epochs, 3 seeds (about +4 points)."""
    cfg = AugConfig()
    result = compare(cfg, lambda arm, seed: run_arm(mnist, cfg, arm, seed))
    none, augmented = result.test_acc("none"), result.test_acc("augmented")
    assert result.gain() > 0.02
    assert np.all(augmented > none)  # on every seed, not only on average
    assert noise.ahead(augmented, none)  # and by more than the spread between seeds, as the page says
