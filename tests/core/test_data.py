import numpy as np
import pytest
import torch

from core.data import MNIST_FILES, DatasetMissing, data_dir, load_digits_fallback, load_mnist


def test_mnist_splits_shapes_and_normalisation(mnist):
    assert mnist.train_x.shape == (55_000, 1, 28, 28)
    assert mnist.val_x.shape == (5_000, 1, 28, 28)
    assert mnist.test_x.shape == (10_000, 1, 28, 28)
    assert mnist.train_y.dtype == torch.long and set(mnist.test_y.unique().tolist()) == set(range(10))
    # normalised with the training-set statistics: mean ≈ 0, std ≈ 1
    assert abs(mnist.train_x.mean().item()) < 0.01
    assert abs(mnist.train_x.std().item() - 1) < 0.01


def test_to_pixels_gives_the_files_pixels_and_normalise_undoes_it(mnist):
    """The one place that knows the normalisation, against the raw bytes: pixel = byte / 255."""
    from torchvision.datasets import MNIST

    raw = MNIST(str(data_dir()), train=False).data[:, None].float() / 255  # (10000, 1, 28, 28); test is not shuffled
    pixels = mnist.to_pixels(mnist.test_x)
    assert pixels.shape == raw.shape and torch.allclose(pixels, raw, atol=1e-6)
    assert pixels.min() == 0 and pixels.max() == 1
    assert torch.allclose(mnist.normalise(pixels), mnist.test_x, atol=1e-5)
    assert torch.allclose(mnist.normalise(raw), (raw - 0.1307) / 0.3081)


def test_validation_is_held_out_of_training(mnist):
    train = {x.numpy().tobytes() for x in mnist.train_x}
    assert sum(x.numpy().tobytes() in train for x in mnist.val_x) == 0


def test_subset_is_seeded(mnist):
    a, b = mnist.subset(100, seed=3), mnist.subset(100, seed=3)
    assert torch.equal(a.train_y, b.train_y) and len(a.train_y) == 100
    assert not torch.equal(a.train_y, mnist.subset(100, seed=4).train_y)


def test_missing_dataset_offline_names_directory_and_files(tmp_path):
    with pytest.raises(DatasetMissing) as err:
        load_mnist(tmp_path, download=False)
    message = str(err.value)
    assert str(tmp_path.resolve()) in message
    assert all(name in message for name in MNIST_FILES)


def test_interrupted_download_is_a_clear_error(tmp_path, monkeypatch):
    """No network: the download attempt fails and becomes DatasetMissing, not a raw URLError."""
    import urllib.request

    def no_network(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    with pytest.raises(DatasetMissing):
        load_mnist(tmp_path, download=True)


def test_fallback_digits_are_labelled_and_usable():
    data = load_digits_fallback()
    assert "8×8" in data.name and data.side == 8
    assert len(data.train_y) + len(data.val_y) + len(data.test_y) == 1797
    assert np.isclose(data.train_x.mean().item(), 0, atol=0.05)
    pixels = data.to_pixels(data.test_x)  # scikit-learn's pixels are 0..16
    assert pixels.min() == 0 and pixels.max() == 1
    assert torch.allclose(data.normalise(pixels), data.test_x, atol=1e-5)
