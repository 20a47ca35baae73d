"""plot_arm_comparison: check the numbers it draws, not pixels."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection

from nps_toolkit.plots.experiment import plot_arm_comparison
from nps_toolkit.score.experiment import compare_arms


def _survey(seed=0, n=600):
    rng = np.random.default_rng(seed)
    arm = rng.choice(["control", "pilot", "$promo"], n)
    score = rng.integers(0, 11, n) + 3 * (arm == "pilot")
    return pd.DataFrame(
        {
            "arm": arm,
            "score": np.minimum(score, 10),
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 90, n), "D"),
        }
    )


def _drawn(ax):
    filled, hollow = [], []
    for c in ax.collections:
        if isinstance(c, PathCollection) and len(c.get_offsets()):
            (hollow if len(c.get_facecolors()) == 0 else filled).extend(map(tuple, c.get_offsets()))
    segments = [
        s for c in ax.collections if isinstance(c, LineCollection) for s in c.get_segments()
    ]
    return filled, hollow, segments


def test_draws_the_differences_intervals_and_zero_line():
    res = compare_arms(_survey(), score="score", arm="arm", control="control", date="date")
    fig, ax = plt.subplots()
    assert plot_arm_comparison(res, ax=ax) is ax
    filled, hollow, segments = _drawn(ax)
    want = pd.concat(
        [
            res.overall[res.overall["kind"] == "difference"],
            res.by_period[res.by_period["kind"] == "period_adjusted"],
        ]
    )
    assert len(filled) + len(hollow) == len(want) == 4
    drawn = sorted(x for x, _ in filled + hollow)
    assert drawn == pytest.approx(sorted(want["diff"]))
    assert sorted(x for x, _ in filled) == pytest.approx(sorted(want.loc[want.significant, "diff"]))
    assert any(want["significant"])  # the pilot's +3 on every answer
    lows = sorted(s[0][0] for s in segments)
    highs = sorted(s[1][0] for s in segments)
    assert lows == pytest.approx(sorted(want["ci_low"]))
    assert highs == pytest.approx(sorted(want["ci_high"]))
    zero = [ln for ln in ax.lines if list(ln.get_xdata()) == [0, 0]]
    assert len(zero) == 1
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == r"\$promo vs control" and "pilot vs control (period-adjusted)" in labels
    plt.close(fig)


def test_computes_from_data_and_draws_untested_rows_without_interval():
    df = _survey(1, 300)
    df = pd.concat([df[df["arm"] != "pilot"], df[df["arm"] == "pilot"].head(8)])
    res = compare_arms(df, score="score", arm="arm", control="control")
    diffs = res.overall[res.overall["kind"] == "difference"].set_index("arm")
    assert np.isnan(diffs.loc["pilot", "p_val"]) and diffs["p_val"].notna().sum() == 1
    ax = plot_arm_comparison(data=df, score="score", arm="arm", control="control")
    filled, hollow, segments = _drawn(ax)
    assert sorted(x for x, _ in filled + hollow) == pytest.approx(sorted(diffs["diff"]))
    assert len(segments) == 1  # only the tested row has an interval
    assert segments[0][0][0] == pytest.approx(diffs.loc["$promo", "ci_low"])
    plt.close(ax.figure)


def test_overall_table_and_wrong_input():
    res = compare_arms(_survey(2), score="score", arm="arm", control="control")
    ax = plot_arm_comparison(res.overall)
    assert len(ax.get_yticks()) == 2
    assert "95% interval" in ax.get_xlabel()
    plt.close(ax.figure)
    with pytest.raises(TypeError, match="ArmComparison"):
        plot_arm_comparison([1, 2])
    with pytest.raises(ValueError, match="data=, score= and arm="):
        plot_arm_comparison()
