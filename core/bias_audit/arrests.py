"""The Arrests data (scikit-lego, shipped offline): load it, its groups, a stratified split.

Toronto arrests for simple possession of marijuana, 1997-2002: was the arrestee
released with a summons ("Yes", 83%) or held for a bail hearing? Protected
attributes: colour, sex, an age band and citizenship. The favourable outcome
(label 1) is release, so a group's selection rate is how often the model would release it.
The network that is audited lives in `classifiers`, the audit and its fixes in `mitigation`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

ATTRIBUTES = ("colour", "sex", "age band", "citizen")
NUMERIC = ("year", "age", "checks")  # standardised with training statistics
BINARY = {"employed": "Yes", "citizen": "Yes", "colour": "White", "sex": "Male"}  # 1 when equal to this
AGE_BANDS = ((0, 17, "under 18"), (18, 24, "18-24"), (25, 200, "25 and over"))
HIDES = {"colour": ("colour",), "sex": ("sex",), "age band": ("age",), "citizen": ("citizen",)}


def load_arrests() -> pd.DataFrame:
    """The 5,226 arrests with a 0/1 `label` (1 = released) and an `age band` column; no network needed."""
    from sklego.datasets import load_arrests as sklego_arrests

    df = sklego_arrests(as_frame=True)
    df = df.assign(**{c: df[c].astype(str) for c in ("released", "colour", "sex", "employed", "citizen")})
    band = pd.Series("", index=df.index)
    for lo, hi, name in AGE_BANDS:
        band[(df.age >= lo) & (df.age <= hi)] = name
    return df.assign(label=(df.released == "Yes").astype(int), **{"age band": band})


def group_order(attribute: str, groups) -> list[str]:
    """Groups in reading order: age bands youngest first, the others alphabetically."""
    present = {str(g) for g in groups}
    if attribute == "age band":
        return [name for *_, name in AGE_BANDS if name in present]
    return sorted(present)


def group_summary(df: pd.DataFrame, attribute: str) -> pd.DataFrame:
    """Group sizes, shares and base rates P(released | group): the first thing an audit looks at."""
    table = df.groupby(attribute)["label"].agg(size="size", base_rate="mean")
    table = table.reindex(group_order(attribute, table.index))
    return table.assign(share=table["size"] / len(df))[["size", "share", "base_rate"]]


def reference_group(df: pd.DataFrame, attribute: str) -> str:
    """The group with the highest base rate: the comparison point (AIF360's 'privileged' group)."""
    return str(group_summary(df, attribute)["base_rate"].idxmax())


@dataclass(frozen=True)
class TabularConfig:
    attribute: str = "colour"  # the protected attribute under audit, one of ATTRIBUTES
    blind: bool = False  # hide that attribute from the network ("fairness through unawareness")
    hidden: int = 16  # neurons in the one hidden layer
    epochs: int = 200  # full-batch Adam steps (150-300 give the same picture)
    lr: float = 0.01
    seed: int = 0  # the train/test split, the initial weights
    test_size: float = 0.3


@dataclass
class Split:
    """Features (float32), labels and groups (strings) for training and test."""

    x_train: np.ndarray
    y_train: np.ndarray
    a_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    a_test: np.ndarray
    columns: list[str] = field(default_factory=list)


def make_split(df: pd.DataFrame, cfg: TabularConfig) -> Split:
    """Stratified split by label and group; numeric columns scaled by the training set's mean and std."""
    if cfg.attribute not in ATTRIBUTES:
        raise ValueError(f"unknown attribute {cfg.attribute!r}; choose from {ATTRIBUTES}")
    strata = df["label"].astype(str) + "|" + df[cfg.attribute]
    train, test = train_test_split(df, test_size=cfg.test_size, random_state=cfg.seed, stratify=strata)
    hidden = HIDES[cfg.attribute] if cfg.blind else ()
    columns = [c for c in (*NUMERIC, *BINARY) if c not in hidden]

    def features(part: pd.DataFrame) -> np.ndarray:
        cols = [(part[c] - train[c].mean()) / train[c].std() if c in NUMERIC else (part[c] == BINARY[c]) * 1.0
                for c in columns]
        return np.stack([np.asarray(c, dtype=np.float32) for c in cols], axis=1)  # (rows, features)

    a = lambda part: part[cfg.attribute].to_numpy(dtype=str)  # noqa: E731
    return Split(features(train), train["label"].to_numpy(), a(train), features(test), test["label"].to_numpy(),
                 a(test), columns)
