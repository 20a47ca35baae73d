"""Tests of nps_toolkit.comments.change.theme_change: the exact decomposition and its intervals."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from nps_toolkit.comments.change import theme_change
from nps_toolkit.plots.themes import plot_theme_change

THEMES = {"a": ["alpha"], "b": ["beta"]}
# Cells: the comment written and the theme weights each respondent gives.
CELLS = {"alpha": (1, 0, 0, 0), "beta": (0, 1, 0, 0), "alpha beta": (0.5, 0.5, 0, 0),
         "gamma": (0, 0, 1, 0), None: (0, 0, 0, 1)}  # fmt: skip


def _hand_survey():
    # Period a (Jan): 6 respondents; period b (Feb): 5; one row in March is outside.
    rows = [
        ("alpha", 0, "2025-01-03"), ("alpha beta", 10, "2025-01-04"), ("beta", 9, "2025-01-10"),
        ("gamma", 7, "2025-01-11"), (None, 10, "2025-01-20"), ("alpha", 3, "2025-01-31"),
        ("alpha", 10, "2025-02-01"), ("alpha beta", 0, "2025-02-02"), ("gamma", 10, "2025-02-03"),
        (None, 2, "2025-02-04"), (None, 9, "2025-02-28"), ("beta", 0, "2025-03-01"),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["comment", "score", "date"])


def test_theme_change_hand_calculation_and_exact_identity():
    r = theme_change(
        _hand_survey(), comment="comment", score="score", date="date",
        periods=("2025-01", "2025-02"), themes=THEMES,
    ).set_index("theme")  # fmt: skip
    assert list(r.index) == ["a", "b", "(no theme)", "(no comment)", "total"]
    # Period a: values -100, +100 (split 1/2, 1/2), +100, 0, +100, -100 over N=6.
    # a: (-100 + 50 - 100) / 6 = -25; b: (50 + 100) / 6 = 25; no theme: 0; no comment: 100/6.
    # Period b: +100, -100 (split), +100, -100, +100 over N=5.
    # a: (100 - 50) / 5 = 10; b: -50 / 5 = -10; no theme: 20; no comment: 0.
    expect_a = {"a": -25.0, "b": 25.0, "(no theme)": 0.0, "(no comment)": 100 / 6}
    expect_b = {"a": 10.0, "b": -10.0, "(no theme)": 20.0, "(no comment)": 0.0}
    for k in expect_a:
        assert r.loc[k, "contribution_a"] == pytest.approx(expect_a[k])
        assert r.loc[k, "contribution_b"] == pytest.approx(expect_b[k])
    nps_a, nps_b = 100 * (3 - 2) / 6, 100 * (3 - 2) / 5
    assert r.loc["total", "contribution_a"] == pytest.approx(nps_a)
    assert r.loc["total", "contribution"] == pytest.approx(nps_b - nps_a)
    parts = r.drop(index="total")
    # The identity, to rounding: parts add up to the observed change.
    assert parts["contribution"].sum() == pytest.approx(nps_b - nps_a, abs=1e-12)
    assert (parts["share_effect"] + parts["score_effect"]).to_numpy() == pytest.approx(
        parts["contribution"].to_numpy()
    )
    # Weighted shares: a in Jan = (1 + 0.5 + 1) / 6.
    assert r.loc["a", "share_a"] == pytest.approx(100 * 2.5 / 6)
    assert r.loc["a", "n_a"] == 3 and r.loc["total", "n_b"] == 5

    # The total's interval is the textbook Wald interval of an NPS difference.
    def var(p, d, n):
        return 1e4 * ((p + d) - (p - d) ** 2) / n

    se = math.sqrt(var(3 / 6, 2 / 6, 6) * 6 / 5 + var(3 / 5, 2 / 5, 5) * 5 / 4)  # ddof=1
    z = 1.959963984540054
    assert r.loc["total", "ci_low"] == pytest.approx(nps_b - nps_a - z * se)


def _draw(rng, probs, n):
    comments = list(CELLS)
    cell = rng.choice(np.size(probs), size=n, p=np.ravel(probs))
    g, cat = np.divmod(cell, 3)
    score = np.array([0, 7, 10])[cat]
    return [comments[k] for k in g], score


def _truth(probs):
    w = np.array(list(CELLS.values()))  # (5 groups, 4 rows)
    values = np.array([-100.0, 0.0, 100.0])
    # True contribution of row k: sum over cells of P(cell) * weight_k(cell) * value(cell).
    return np.einsum("gc,gk,c->k", np.asarray(probs), w, values)


def _simulated_change(rng, probs_a, probs_b, n):
    """theme_change between two periods of ``n`` respondents drawn from the cell probabilities."""
    ca, sa = _draw(rng, probs_a, n)
    cb, sb = _draw(rng, probs_b, n)
    df = pd.DataFrame({"comment": ca + cb, "score": np.concatenate([sa, sb]),
                       "date": ["2025-01-15"] * n + ["2025-02-15"] * n})  # fmt: skip
    return theme_change(df, comment="comment", score="score", date="date",
                        periods=("2025-01", "2025-02"), themes=THEMES, language=None)  # fmt: skip


def test_theme_change_intervals_cover_the_known_truth_by_simulation():
    rng = np.random.default_rng(7)
    # Population cell probabilities (groups x detractor/passive/promoter) per period.
    pa_ = np.array(
        [
            [0.10, 0.05, 0.05],
            [0.05, 0.05, 0.10],
            [0.04, 0.02, 0.04],
            [0.05, 0.10, 0.15],
            [0.05, 0.05, 0.10],
        ]
    )
    pb_ = np.array(
        [
            [0.14, 0.04, 0.02],
            [0.04, 0.06, 0.10],
            [0.02, 0.02, 0.06],
            [0.04, 0.10, 0.16],
            [0.06, 0.04, 0.10],
        ]
    )
    truth = _truth(pb_) - _truth(pa_)  # per row a, b, no theme, no comment
    reps, n, covered = 300, 400, np.zeros(5)
    for _ in range(reps):
        r = _simulated_change(rng, pa_, pb_, n)
        t = np.append(truth, truth.sum())
        covered += (r["ci_low"].to_numpy() <= t) & (t <= r["ci_high"].to_numpy())
    rate = covered / reps
    # 300 replicates: a 95% interval covers 0.95 +- 0.04 (3 binomial SE).
    assert ((rate > 0.91) & (rate < 0.99)).all(), rate


def test_theme_change_periods_as_date_pairs_and_errors():
    df = _hand_survey()
    by_pair = theme_change(df, comment="comment", score="score", date="date", themes=THEMES,
                           periods=(("2025-01-01", "2025-01-31"), ("2025-02-01", "2025-02-28")))  # fmt: skip
    by_month = theme_change(df, comment="comment", score="score", date="date", themes=THEMES,
                            periods=("2025-01", "2025-02"))  # fmt: skip
    pd.testing.assert_frame_equal(by_pair, by_month)
    with pytest.raises(ValueError, match="overlap"):
        theme_change(df, comment="comment", score="score", date="date",
                     periods=("2025", "2025-02"), themes=THEMES)  # fmt: skip
    with pytest.raises(ValueError, match="not a period"):
        theme_change(df, comment="comment", score="score", date="date",
                     periods=("soon", "2025-02"), themes=THEMES)  # fmt: skip
    with pytest.raises(ValueError, match="'when'"):
        theme_change(df, comment="comment", score="score", date="when",
                     periods=("2025-01", "2025-02"), themes=THEMES)  # fmt: skip


def test_plot_theme_change_draws_the_table_or_computes_it():
    df = _hand_survey()
    kw = dict(comment="comment", score="score", date="date", periods=("2025-01", "2025-02"))
    table = theme_change(df, **kw, themes=THEMES)
    ax = plot_theme_change(table)
    assert isinstance(ax, plt.Axes)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table["theme"])
    ax2 = plot_theme_change(data=df, **kw, themes=THEMES)
    widths = sorted(p.get_width() for p in ax2.patches)
    assert widths == pytest.approx(sorted(table["contribution"]))
    with pytest.raises(ValueError, match="themes"):
        plot_theme_change(table, themes=THEMES)
    plt.close("all")


def test_plot_theme_change_fills_only_rows_significant_after_holm():
    from matplotlib.colors import to_rgba

    from nps_toolkit.plots._style import PALETTE

    table = pd.DataFrame(
        {"theme": ["delivery", "price", "total"], "contribution": [-4.0, -1.0, -5.0],
         "ci_low": [-6.0, -3.0, -9.0], "ci_high": [-2.0, 1.0, -1.0],
         "p_adj": [0.004, 0.9, 0.02]}
    )  # fmt: skip
    ax = plot_theme_change(table)
    faces = {round(p.get_width(), 6): p.get_facecolor() for p in ax.patches}
    edges = {round(p.get_width(), 6): p.get_edgecolor() for p in ax.patches}
    assert faces[-4.0] == pytest.approx(to_rgba(PALETTE["detractor"]))
    assert faces[-1.0] == pytest.approx(to_rgba("white"))  # not significant: hollow
    assert edges[-1.0] == pytest.approx(to_rgba(PALETTE["detractor"]))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "filled: p adjusted (Holm) < 0.05", "hollow: not significant"]  # fmt: skip
    plt.close("all")


def test_p_values_match_statsmodels_z_test_on_the_rows():
    # Independent value: statsmodels' two-sample z-test (unequal variances) on each
    # respondent's x = weight x NPS value, which is what a contribution averages.
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.weightstats import ztest

    rng = np.random.default_rng(3)
    ca, sa = _draw(rng, np.full((5, 3), 1 / 15), 300)
    cb, sb = _draw(rng, np.full((5, 3), 1 / 15), 250)
    df = pd.DataFrame({"comment": ca + cb, "score": np.concatenate([sa, sb]),
                       "date": ["2025-01-15"] * 300 + ["2025-02-15"] * 250})  # fmt: skip
    r = theme_change(df, comment="comment", score="score", date="date",
                     periods=("2025-01", "2025-02"), themes=THEMES, language=None)  # fmt: skip
    w = np.array([CELLS[c] for c in ca + cb] + [])  # (rows, a / b / no theme / no comment)
    w = np.column_stack([w, np.ones(len(w))])
    values = np.array([-100.0, 0.0, 100.0])[np.searchsorted([0, 7, 10], df["score"])]
    x = w * values[:, None]
    expected = [ztest(x[300:, k], x[:300, k], usevar="unequal")[1] for k in range(5)]
    np.testing.assert_allclose(r["p_val"], expected, rtol=1e-10)
    np.testing.assert_allclose(r["p_adj"].iloc[:-1], multipletests(expected[:-1], method="holm")[1])
    assert r["p_adj"].iloc[-1] == pytest.approx(expected[-1])  # the total: one test


def test_type_i_error_and_p_value_agrees_with_interval_by_simulation():
    # No change at all between the periods: each row's test rejects about 5% of the
    # time, Holm keeps the chance of headlining any row at or below 5%, and p < 0.05
    # exactly when the 95% interval excludes 0.
    rng = np.random.default_rng(11)
    probs = np.array(
        [[0.10, 0.05, 0.05], [0.05, 0.05, 0.10], [0.04, 0.02, 0.04], [0.05, 0.10, 0.15],
         [0.05, 0.05, 0.10]]
    )  # fmt: skip
    reps, n = 400, 300
    rejected, any_adjusted = np.zeros(5), 0
    for _ in range(reps):
        r = _simulated_change(rng, probs, probs, n)
        excludes = (r["ci_low"] > 0) | (r["ci_high"] < 0)
        assert (excludes == (r["p_val"] < 0.05)).all()
        rejected += (r["p_val"] < 0.05).to_numpy()
        any_adjusted += bool((r["p_adj"].iloc[:-1] < 0.05).any())
    rate = rejected / reps
    # 400 replicates: 0.05 +- 0.033 (3 binomial SE)
    assert ((rate > 0.017) & (rate < 0.083)).all(), rate
    assert any_adjusted / reps <= 0.083, any_adjusted / reps
