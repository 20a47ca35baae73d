"""Seeded resampled NPS for the ``"bootstrap"`` and ``"bayes"`` interval methods.

The methods are described in :mod:`nps_toolkit.score.stats`; the draws are
vectorised over groups and taken a chunk of groups at a time, so memory stays
near :data:`DRAW_CELLS` float64 values whatever the number of groups.
"""

from __future__ import annotations

import numpy as np

from nps_toolkit.score.stats import BAYES_PRIOR

__all__ = ["DRAW_CELLS", "draw_summary", "draws"]

#: Draws held in memory at once (n_boot x groups): about 50 MB of float64 with 3 categories.
DRAW_CELLS = 2_000_000


def draw_summary(method, d, a, p, size, *, confidence, n_boot, seed, prior):
    """SD and equal-tailed quantiles of the resampled NPS, groups taken in chunks."""
    rng = np.random.default_rng(seed)
    tail = (1 - confidence) / 2
    se, lo, hi = (np.empty(len(d)) for _ in range(3))
    step = max(1, DRAW_CELLS // max(int(n_boot), 1))
    for start in range(0, len(d), step):
        part = slice(start, start + step)
        drawn = draws(method, d[part], a[part], p[part], size[part], n_boot=n_boot, rng=rng,
                      prior=prior)  # fmt: skip
        se[part] = drawn.std(axis=0, ddof=1)
        lo[part], hi[part] = np.quantile(drawn, [tail, 1 - tail], axis=0)
    return se, lo, hi


def draws(method, d, a, p, size, *, n_boot, rng, prior=BAYES_PRIOR):
    """Resampled NPS (-1..1), shape (n_boot, groups)."""
    shares = np.column_stack([d, a, p])
    shares = np.where(np.isnan(shares), 1 / 3, shares)
    if method == "bootstrap":
        m = np.maximum(np.round(np.nan_to_num(size)), 1).astype("int64")
        counts = rng.multinomial(m, shares, size=(n_boot, len(m)))
        return (counts[..., 2] - counts[..., 0]) / m
    # Bayes: Dirichlet(count + prior) via normalised gamma draws (vectorised over groups).
    alpha = shares * np.nan_to_num(size)[:, None] + prior
    g = rng.standard_gamma(alpha, size=(n_boot, *alpha.shape))
    g /= g.sum(axis=-1, keepdims=True)
    return g[..., 2] - g[..., 0]
