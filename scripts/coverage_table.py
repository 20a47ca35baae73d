"""Coverage of the kit's 95% NPS intervals, by exact enumeration: the table in docs/statistics.md.

For every sample size ``n`` and every point of the share grid, the coverage of a
method is the probability, under the multinomial distribution of (detractors,
passives, promoters), that its interval contains the true NPS:

    coverage = sum over outcomes (D, A, P) of pmf(D, A, P) * [lo(D, A, P) <= NPS <= hi(D, A, P)]

Each outcome's interval comes from the kit itself (:func:`nps_toolkit.score.stats.nps_from_counts`,
default arguments, seed 0 for the bootstrap and posterior draws), so the figures
are exact for the analytic methods and exact given the seeded draws for the
bootstrap and Bayes. All outcomes are enumerated for n <= 100; for n = 500 the
outcomes with probability below 1e-12 at every grid point are left out (the
omitted probability is printed; it is about 1e-10), and the bootstrap and the
posterior use 1,000 draws per outcome instead of the default 4,000 (to keep the
run short: it adds a little noise to each interval's ends, not a bias).

Share grid: NPS in {-80, -50, -20, 0, 20, 50, 80, 88, 97}; at each, passives are
a fraction 0.2, 0.5 or 0.8 of what the NPS leaves (``1 - |NPS| / 100``) and the
rest splits into promoters and detractors to give the NPS. At NPS 97 that is
97.8/0.6/1.2, 98.25/1.5/0.75 and 98.7/2.4/0.3 % promoters/passives/detractors.

It also reruns the two simulations quoted in the doc (weighted coverage when
weights track the score variance, and shrinkage of 50 groups of 8).

Run: ``python scripts/coverage_table.py`` (about two minutes on one core);
it prints Markdown.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from scipy import stats as sps

from nps_toolkit.score.estimate import nps_by
from nps_toolkit.score.stats import nps_from_counts, nps_variance, z_value

NS = (10, 30, 100, 500)
GRID_NPS = (-80, -50, -20, 0, 20, 50, 80, 88, 97)
GRID_PASSIVE = (0.2, 0.5, 0.8)
METHODS = {
    "adjusted Wald (default)": {"method": "adjusted_wald"},
    "Wald": {"method": "wald"},
    "bootstrap": {"method": "bootstrap"},
    "Bayes, Dirichlet(1/3)": {"method": "bayes"},
}
FORMER = {
    "Bayes, Dirichlet(1,1,1) (former)": {"method": "bayes", "prior": 1.0},
    "Wald without the one-category guard (former)": None,
}
MIN_PMF = 1e-12
# At n = 500 about 110,000 outcomes matter: 1,000 draws each (not the default 4,000)
# keeps the run to a couple of minutes.
DRAWN, DRAWS_AT_500 = ("bootstrap", "bayes"), 1000


def grid():
    """(NPS, passive fraction, shares [d, a, p]) for every grid point."""
    for v in GRID_NPS:
        for f in GRID_PASSIVE:
            a = f * (1 - abs(v) / 100)
            yield v, f, np.array([(1 - a - v / 100) / 2, a, (1 - a + v / 100) / 2])


def outcomes(n: int) -> np.ndarray:
    """All (D, A, P) with D + A + P = n."""
    det, pas = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = det + pas <= n
    return np.column_stack([det[keep], pas[keep], n - det[keep] - pas[keep]])


def _unguarded_wald(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = c.sum(axis=1)
    p, d = c[:, 2] / n, c[:, 0] / n
    se = np.sqrt(nps_variance(p, d) / n)
    z = z_value(0.95)
    return 100 * np.clip(p - d - z * se, -1, 1), 100 * np.clip(p - d + z * se, -1, 1)


def coverage_for_n(n: int) -> tuple[pd.DataFrame, float]:
    """Coverage of every method at every grid point for one n, and the omitted mass."""
    c = outcomes(n)
    points = list(grid())
    pmf = np.array([sps.multinomial.pmf(c, n, shares) for _, _, shares in points])
    keep = (pmf >= MIN_PMF).any(axis=0)
    omitted = float(1 - pmf[:, keep].sum(axis=1).min())
    c, pmf = c[keep], pmf[:, keep]
    rows = {}
    for name, kwargs in {**METHODS, **FORMER}.items():
        if kwargs is None:
            lo, hi = _unguarded_wald(c)
        else:
            draws = {"n_boot": DRAWS_AT_500} if n >= 500 and kwargs["method"] in DRAWN else {}
            r = nps_from_counts(c[:, 0], c[:, 1], c[:, 2], **kwargs, **draws)
            lo, hi = r["ci_low"].to_numpy(), r["ci_high"].to_numpy()
        truth = np.array([v for v, _, _ in points], dtype="float64")[:, None]
        inside = (lo[None, :] <= truth + 1e-9) & (truth - 1e-9 <= hi[None, :])
        rows[name] = (pmf * inside).sum(axis=1)
    table = pd.DataFrame(rows)
    table.insert(0, "passive_fraction", [f for _, f, _ in points])
    table.insert(0, "nps", [v for v, _, _ in points])
    table.insert(0, "n", n)
    return table, omitted


def prior_scan(priors=(1.0, 1 / 2, 1 / 3, 1 / 4, 1 / 10), ns=(10, 30, 100)) -> pd.DataFrame:
    """Lowest exact coverage over the grid of the Bayes interval for other priors."""
    points = list(grid())
    rows = []
    for n in ns:
        c = outcomes(n)
        pmf = np.array([sps.multinomial.pmf(c, n, shares) for _, _, shares in points])
        truth = np.array([v for v, _, _ in points], dtype="float64")[:, None]
        for prior in priors:
            r = nps_from_counts(c[:, 0], c[:, 1], c[:, 2], method="bayes", prior=prior)
            lo, hi = r["ci_low"].to_numpy()[None, :], r["ci_high"].to_numpy()[None, :]
            cover = (pmf * ((lo <= truth + 1e-9) & (truth - 1e-9 <= hi))).sum(axis=1)
            worst = int(np.argmin(cover))
            rows.append({"prior": prior, "n": n, "min": cover[worst], "at_nps": points[worst][0],
                         "at_passive_fraction": points[worst][1]})  # fmt: skip
    return pd.DataFrame(rows)


def weighted_simulation(reps: int = 6000) -> pd.DataFrame:
    """Coverage when weights track the score variance (the test's design, more n)."""
    rows = []
    for n in (50, 200, 1000):
        rng = np.random.default_rng(n)
        light, heavy, w_heavy = np.array([0.01, 0.04, 0.95]), np.array([0.5, 0.0, 0.5]), 6.0
        n_heavy = rng.binomial(n, 0.15, reps)
        c_light = rng.multinomial(n - n_heavy, light)
        c_heavy = rng.multinomial(n_heavy, heavy)
        sums, squares = c_light + w_heavy * c_heavy, c_light + w_heavy**2 * c_heavy
        nps_light, nps_heavy = light[2] - light[0], heavy[2] - heavy[0]
        truth = 100 * (0.85 * nps_light + 0.15 * w_heavy * nps_heavy) / (0.85 + 0.15 * w_heavy)
        kish = sums.sum(axis=1) ** 2 / squares.sum(axis=1)
        w2 = {
            f"w2_{k}": squares[:, i] for i, k in enumerate(("detractors", "passives", "promoters"))
        }
        row = {"n": n}
        r = nps_from_counts(*sums.T, n=n, n_eff=kish, method="wald")
        row["Kish n_eff, Wald (former)"] = ((r.ci_low <= truth) & (truth <= r.ci_high)).mean()
        for method in ("wald", "adjusted_wald", "bootstrap", "bayes"):
            r = nps_from_counts(*sums.T, n=n, method=method, n_boot=1000, **w2)
            row[f"linearised, {method}"] = ((r.ci_low <= truth) & (truth <= r.ci_high)).mean()
        rows.append(row)
    return pd.DataFrame(rows)


def shrinkage_simulation(reps: int = 200) -> dict:
    """50 groups of 8, true group NPS ~ N(20, 15 points), 30% passives."""
    from statsmodels.stats.meta_analysis import combine_effects

    rng = np.random.default_rng(2024)
    err = {"raw": [], "former (DerSimonian-Laird)": [], "pooled-variance EB": []}
    covered = []
    for _ in range(reps):
        t = np.clip(rng.normal(0.2, 0.15, 50), -0.69, 0.69)
        p, d = (0.7 + t) / 2, (0.7 - t) / 2
        scores = np.concatenate(
            [rng.choice([10, 7, 0], size=8, p=[pi, 0.3, di]) for pi, di in zip(p, d, strict=True)]
        )
        df = pd.DataFrame({"score": scores, "g": np.repeat(np.arange(50), 8)})
        got = nps_by(df, score="score", by="g", shrink=True, method="wald")
        est, var = got["nps"].to_numpy(), got["se"].to_numpy() ** 2
        pp, dd = (scores >= 9).mean(), (scores <= 6).mean()
        var = np.where(var > 0, var, 1e4 * ((pp + dd) - (pp - dd) ** 2) / 8)
        tau2 = combine_effects(est, var, method_re="dl").tau2
        w = tau2 / (tau2 + var)
        truth = 100 * t
        err["raw"].append((est - truth) ** 2)
        err["former (DerSimonian-Laird)"].append((w * est + (1 - w) * 100 * (pp - dd) - truth) ** 2)
        err["pooled-variance EB"].append((got["nps_shrunk"].to_numpy() - truth) ** 2)
        covered.append((got["shrunk_ci_low"] <= truth) & (truth <= got["shrunk_ci_high"]))
    out = {k: float(np.mean(np.concatenate(v))) for k, v in err.items()}
    out["coverage"] = float(np.mean(np.concatenate(covered)))
    return out


def main() -> None:
    start = time.perf_counter()
    tables, omitted = [], {}
    for n in NS:
        table, omitted[n] = coverage_for_n(n)
        tables.append(table)
    full = pd.concat(tables, ignore_index=True)
    methods = [*METHODS, *FORMER]

    print("### Summary: coverage of the 95% interval over the 27 grid points\n")
    summary = full.groupby("n")[methods].agg(["min", "mean"])
    lines = ["| method | " + " | ".join(f"n = {n}" for n in NS) + " |"]
    lines.append("|---|" + "---|" * len(NS))
    for m in methods:
        cells = [f"{summary.loc[n, (m, 'mean')]:.3f} (min {summary.loc[n, (m, 'min')]:.3f})"
                 for n in NS]  # fmt: skip
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    print("\n".join(lines))
    print("\nCells: mean coverage over the grid (lowest grid point in brackets).\n")

    print("### Detail: lowest coverage over the three passive fractions\n")
    detail = full.groupby(["n", "nps"])[list(METHODS)].min().reset_index()
    lines = ["| n | NPS | " + " | ".join(METHODS) + " |", "|---|---|" + "---|" * len(METHODS)]
    for _, row in detail.iterrows():
        cells = [f"{row[m]:.3f}" for m in METHODS]
        lines.append(f"| {int(row['n'])} | {int(row['nps']):+d} | " + " | ".join(cells) + " |")
    print("\n".join(lines))
    print(
        "\nOmitted probability (outcomes below 1e-12 everywhere): "
        + ", ".join(f"n = {n}: {omitted[n]:.1e}" for n in NS)
        + "\n"
    )

    print("### Bayes: lowest coverage over the grid for other Dirichlet priors\n")
    scan = prior_scan()
    print("| prior | " + " | ".join(f"n = {n}" for n in scan["n"].unique()) + " |")
    print("|---|" + "---|" * scan["n"].nunique())
    for prior, part in scan.groupby("prior", sort=False):
        cells = [f"{r['min']:.3f} (NPS {int(r['at_nps']):+d}, passives {r['at_passive_fraction']:.1f})"
                 for _, r in part.iterrows()]  # fmt: skip
        print(f"| {prior:.3g} | " + " | ".join(cells) + " |")
    print()

    print("### Weighted data: weights that track the score variance (6,000 surveys each)\n")
    weighted = weighted_simulation()
    print("| n | " + " | ".join(weighted.columns[1:]) + " |")
    print("|---|" + "---|" * (len(weighted.columns) - 1))
    for _, row in weighted.iterrows():
        print(f"| {int(row['n'])} | " + " | ".join(f"{x:.3f}" for x in row.iloc[1:]) + " |")
    print("\n### Shrinkage: 50 groups of 8 respondents, 200 surveys\n")
    shrink = shrinkage_simulation()
    print("| estimate | MSE (NPS points squared) |\n|---|---|")
    for k in ("raw", "former (DerSimonian-Laird)", "pooled-variance EB"):
        print(f"| {k} | {shrink[k]:.0f} |")
    print(f"\nCoverage of the 95% shrunk interval over all groups: {shrink['coverage']:.3f}")
    print(f"\n(computed in {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
