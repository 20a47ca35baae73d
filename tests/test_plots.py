"""Score plots: check the numbers they draw, not pixels."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection

from nps_toolkit.plots import (
    plot_nps_by,
    plot_nps_trend,
    plot_score_distribution,
    score_distribution,
)
from nps_toolkit.segments import nps_by


@pytest.fixture
def survey(rng):
    n = 600
    return pd.DataFrame(
        {
            "score": rng.integers(0, 11, n),
            "channel": rng.choice(["web", "app", "phone", "fax"], n, p=[0.45, 0.45, 0.08, 0.02]),
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 180, n), unit="D"),
        }
    )


def test_score_distribution_table(survey):
    table = score_distribution(survey, score="score")
    assert table["score"].tolist() == list(range(11))
    assert table["n"].tolist() == [int((survey["score"] == v).sum()) for v in range(11)]
    assert table["pct"].sum() == pytest.approx(100)
    assert table.loc[table["score"] == 8, "category"].item() == "passive"


def test_plot_score_distribution_bars(survey):
    ax = plot_score_distribution(survey, score="score")
    heights = sorted(p.get_height() for p in ax.patches if p.get_height() > 0)
    expected = sorted(score_distribution(survey, score="score")["pct"])
    np.testing.assert_allclose(heights, [h for h in expected if h > 0])


def test_plot_nps_by_points_and_small_groups(survey):
    fig, ax = plt.subplots()
    out = plot_nps_by(survey, score="score", by="channel", min_n=30, ax=ax)
    assert out is ax
    table = nps_by(survey, score="score", by="channel", min_n=30).sort_values("nps")
    points = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    xs = np.concatenate([c.get_offsets()[:, 0] for c in points])
    np.testing.assert_allclose(sorted(xs), sorted(table["nps"]))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any("small" in label and label.startswith("fax") for label in labels)


def test_plot_nps_trend_line(survey):
    ax = plot_nps_trend(survey, score="score", date="date", freq="MS", min_n=1)
    line = ax.get_lines()[0]
    assert len(line.get_xdata()) == 6
