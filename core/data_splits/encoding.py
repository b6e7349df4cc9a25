"""Categorical encoding: one-hot, ordinal, target encoding (naive and cross-fitted) and a learned embedding.

A network reads numbers, so a column like "city" has to become numbers first.
The same small network then reads each encoding, and we compare test accuracy.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import nn

from core.device import single_threaded
from core.models import mlp
from core.train import fit_full_batch

ENCODINGS = ("one-hot", "ordinal", "target (naive)", "target (cross-fitted)", "learned embedding")
NUMERIC = ("age", "spend")  # the two numeric columns beside the category


@dataclass(frozen=True)
class EncodingConfig:
    categories: int = 100  # levels of the categorical column (cities); a few common, many rare
    n_rows: int = 600  # customers; 70% train, 30% test
    embedding_dim: int = 2  # numbers the network learns per city
    steps: int = 300  # full-batch Adam steps for each network
    seed: int = 0  # the first seed: it draws the customers and the initial weights
    seeds: int = 5  # seeds seed, seed + 1, …: each a fresh table of customers, so the spread shows what is luck


@dataclass
class Encoded:
    name: str
    columns: list[str]  # names of the encoded columns of the category
    example: np.ndarray  # (rows, len(columns)): how the first training rows' cities are encoded
    train_acc: float
    test_acc: float


@dataclass
class EncodingResult:
    encodings: dict[str, Encoded]
    example_cities: list[str]  # the city of each example row
    embedding: np.ndarray  # (categories, embedding_dim): the learned city vectors
    city_rate: np.ndarray  # (categories,) share of positive labels per city in the training rows (nan: unseen)


def city_names(k: int) -> list[str]:
    return [f"city {i:02d}" for i in range(k)]


def make_customers(rng: np.random.Generator, n: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """City (Zipf-like: city 00 is common, the last ones rare), two numeric columns, and a yes/no label.

    The label's log-odds are a per-city effect plus age − 0.5 × spend.
    """
    weights = 1 / np.arange(1, k + 1)
    city = rng.choice(k, n, p=weights / weights.sum())
    effect = rng.normal(0, 1.5, k)  # how much each city raises or lowers the odds
    numeric = rng.normal(size=(n, 2))
    logit = effect[city] + numeric @ np.array([1.0, -0.5])
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return city, numeric, y


def naive_target_encoding(train_city: np.ndarray, train_y: np.ndarray, city: np.ndarray, k: int) -> np.ndarray:
    """Each city becomes the mean label of its training rows, *including the row being encoded*.

    The trap: a city seen once is encoded as that row's own label, so the feature
    hands the answer to the model on the training rows and to no one else.
    """
    prior = train_y.mean()
    sums, counts = np.bincount(train_city, train_y, k), np.bincount(train_city, minlength=k)
    means = np.where(counts > 0, sums / np.maximum(counts, 1), prior)
    return means[city][:, None]


def encode(name: str, train_city, train_y, test_city, k: int, seed: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(train columns, test columns, column names) for one encoding, fitted on the training rows only."""
    from sklearn.model_selection import StratifiedKFold
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, TargetEncoder

    tr, te = train_city[:, None], test_city[:, None]
    names = city_names(k)
    if name == "one-hot":
        enc = OneHotEncoder(categories=[list(range(k))], sparse_output=False, handle_unknown="ignore").fit(tr)
        return enc.transform(tr), enc.transform(te), names
    if name == "ordinal":
        enc = OrdinalEncoder(categories=[list(range(k))]).fit(tr)
        return enc.transform(tr), enc.transform(te), ["city number"]
    if name == "target (naive)":
        return (naive_target_encoding(train_city, train_y, train_city, k),
                naive_target_encoding(train_city, train_y, test_city, k), ["mean label of city"])
    if name == "target (cross-fitted)":  # each training row is encoded by the other folds' labels
        folds = StratifiedKFold(5, shuffle=True, random_state=seed)
        enc = TargetEncoder(categories=[list(range(k))], target_type="binary", cv=folds)
        return enc.fit_transform(tr, train_y), enc.transform(te), ["mean label of city (other folds)"]
    raise ValueError(f"unknown encoding {name!r}")


class EmbeddingNet(nn.Module):
    """City → learned vector, joined to the numeric columns, then the same small MLP."""

    def __init__(self, k: int, dim: int, numeric: int):
        super().__init__()
        self.embed = nn.Embedding(k, dim)
        self.body = mlp(dim + numeric, (16,), 2)

    def forward(self, city: torch.Tensor, numeric: torch.Tensor) -> torch.Tensor:
        return self.body(torch.cat([self.embed(city), numeric], 1))  # (batch, 2) logits


@torch.no_grad()
def _accuracy(model: nn.Module, inputs: tuple[torch.Tensor, ...], y: torch.Tensor) -> float:
    model.eval()
    return (model(*inputs).argmax(1) == y).float().mean().item()


@single_threaded  # tiny tensors: a second CPU thread only waits (see core.device)
def encoding_experiment(cfg: EncodingConfig) -> EncodingResult:
    """Encode the city each way, train the same one-hidden-layer network (16 ReLU units), score train and test."""
    if cfg.categories < 2 or cfg.n_rows < 20:
        raise ValueError("need at least 2 cities and 20 rows")
    rng = np.random.default_rng(cfg.seed)
    city, numeric, y = make_customers(rng, cfg.n_rows, cfg.categories)
    cut = int(0.7 * cfg.n_rows)
    tr, te = np.arange(cut), np.arange(cut, cfg.n_rows)
    mean, std = numeric[tr].mean(0), numeric[tr].std(0)
    num = torch.tensor((numeric - mean) / std, dtype=torch.float32)
    yt = torch.tensor(y)
    out = {}
    for name in ENCODINGS[:-1]:
        a, b, cols = encode(name, city[tr], y[tr], city[te], cfg.categories, cfg.seed)
        scale = a.std(0) + 1e-9  # put every encoding on a comparable scale for the network
        xa = torch.cat([torch.tensor(a / scale, dtype=torch.float32), num[tr]], 1)
        xb = torch.cat([torch.tensor(b / scale, dtype=torch.float32), num[te]], 1)
        torch.manual_seed(cfg.seed)
        model = mlp(xa.shape[1], (16,), 2)
        fit_full_batch(model, xa, yt[tr], cfg.steps)  # the table is small: every row at every step
        out[name] = Encoded(name, cols, a[:6], _accuracy(model, (xa,), yt[tr]), _accuracy(model, (xb,), yt[te]))
    torch.manual_seed(cfg.seed)
    net = EmbeddingNet(cfg.categories, cfg.embedding_dim, len(NUMERIC))
    ctr, cte = torch.tensor(city[tr]), torch.tensor(city[te])
    fit_full_batch(net, (ctr, num[tr]), yt[tr], cfg.steps)
    vectors = net.embed.weight.detach().numpy().copy()
    out[ENCODINGS[-1]] = Encoded(ENCODINGS[-1], [f"embedding {i + 1}" for i in range(cfg.embedding_dim)],
                                 vectors[city[tr][:6]], _accuracy(net, (ctr, num[tr]), yt[tr]),
                                 _accuracy(net, (cte, num[te]), yt[te]))
    counts = np.bincount(city[tr], minlength=cfg.categories)
    rate = np.bincount(city[tr], y[tr], cfg.categories) / np.maximum(counts, 1)
    rate[counts == 0] = np.nan
    names = city_names(cfg.categories)
    return EncodingResult(out, [names[c] for c in city[tr][:6]], vectors, rate)


@dataclass
class EncodingSeeds:
    """The experiment on several seeds (each a fresh table of customers): one EncodingResult per seed."""

    runs: list[EncodingResult]

    def accuracy(self, name: str, split: str = "test") -> np.ndarray:
        """(seeds,) train or test accuracy of the network reading encoding `name`."""
        return np.array([getattr(r.encodings[name], f"{split}_acc") for r in self.runs])

    def gap(self, name: str) -> np.ndarray:
        """(seeds,) train minus test accuracy: how much the training score flatters the network (0 is honest)."""
        return self.accuracy(name, "train") - self.accuracy(name, "test")


def compare_encodings(cfg: EncodingConfig, run: Callable[[int], EncodingResult] | None = None,
                      on_progress: Callable[[float], None] | None = None) -> EncodingSeeds:
    """`encoding_experiment` on `cfg.seeds` seeds; `run(seed)` does one (pass a cached one)."""
    run = run or (lambda seed: encoding_experiment(one_seed(cfg, seed)))
    runs = []
    for i in range(cfg.seeds):
        runs.append(run(cfg.seed + i))
        if on_progress:
            on_progress((i + 1) / cfg.seeds)
    return EncodingSeeds(runs)


def one_seed(cfg: EncodingConfig, seed: int) -> EncodingConfig:
    """The settings of one seed's run (the number of seeds does not change it, so runs are shared)."""
    return replace(cfg, seed=seed, seeds=1)
