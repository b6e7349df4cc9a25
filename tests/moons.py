"""A visitor's points file for the Playground tests: two interleaved half-moons, as scikit-learn's make_moons."""
import numpy as np


def moons_csv(n: int, seed: int = 0) -> bytes:
    """`n` points with a little noise, class 1 on the upper moon, as the CSV "Upload points (CSV)" reads."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    upper = np.arange(n) % 2 == 0
    x = np.where(upper, np.cos(t), 1 - np.cos(t)) + rng.normal(0, 0.1, n)
    y = np.where(upper, np.sin(t), 0.5 - np.sin(t)) + rng.normal(0, 0.1, n)
    rows = "\n".join(f"{a:.4f},{b:.4f},{int(u)}" for a, b, u in zip(x, y, upper, strict=True))
    return f"x1,x2,label\n{rows}\n".encode()
