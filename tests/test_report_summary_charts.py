"""The executive summary's charts (nps_toolkit.report.summary_charts), on hand-made results."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import pytest
from matplotlib.collections import LineCollection, PathCollection

from nps_toolkit.report.summary_charts import summary_charts

os.environ.setdefault("MPLBACKEND", "Agg")

OVERALL = {  # 25 detractors, 29 passives, 46 promoters of 100: NPS +21
    "n": 100, "detractors": 25, "passives": 29, "promoters": 46, "pct_detractors": 25.0,
    "pct_passives": 29.0, "pct_promoters": 46.0, "nps": 21.0, "se": 7.9, "ci_low": 5.5,
    "ci_high": 36.5,
}  # fmt: skip
TREND = [
    {"period": f"2025-0{m}-01 00:00:00", "n": 50, "nps": nps, "ci_low": nps - 10,
     "ci_high": nps + 10, "low_n": False, "partial": False}
    for m, nps in ((1, 10.0), (2, 20.0), (3, 5.0))
]  # fmt: skip
VS_REST = [
    {"segment": "channel", "group": g, "n": 200, "n_rest": 200, "nps": 0.0, "nps_rest": 0.0,
     "diff": d, "se": 5.0, "z": d / 5, "p_val": 0.01, "ci_low": d - 9.8, "ci_high": d + 9.8,
     "p_adj": 0.02, "significant": abs(d) > 9.8, "note": ""}
    for g, d in (("app", 15.0), ("web", -15.0))
]  # fmt: skip


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_each_chart_under_the_section_it_illustrates():
    results = {"01-nps-overview": {"overall": OVERALL, "trend": TREND, "vs_rest": VS_REST,
                                   "experiment": None}}  # fmt: skip
    charts = summary_charts(results)
    assert list(charts) == ["The score", "Where it differs", "When it changed"]
    assert all(len(figs) == 1 for figs in charts.values())
    bar = charts["The score"][0].axes[0]
    assert "+21" in bar.get_title() and "+6" in bar.get_title() and "+36" in bar.get_title()
    widths = sorted(p.get_width() for p in bar.patches if p.get_width() > 0)
    assert widths == pytest.approx([25.0, 29.0, 46.0])
    trend = charts["When it changed"][0].axes[0]
    assert list(trend.lines[0].get_ydata()) == [10.0, 20.0, 5.0]


def test_no_table_no_chart():
    assert summary_charts({}) == {}
    r1 = {"overall": OVERALL, "trend": None, "vs_rest": [], "experiment": None}
    assert list(summary_charts({"01-nps-overview": r1})) == ["The score"]


def test_experiment_chart_draws_each_difference_with_its_interval():
    diff = {"kind": "difference", "arm": "pilot", "control": "control", "n": 100,
            "n_control": 100, "nps": 30.0, "nps_control": 10.0, "diff": 20.0, "se": 10.0,
            "z": 2.0, "p_val": 0.046, "ci_low": 0.4, "ci_high": 39.6, "significant": True,
            "confidence": 0.95, "note": ""}  # fmt: skip
    r1 = {"overall": OVERALL, "experiment": {"column": "arm", "control": "control",
                                             "differences": [diff], "adjusted": [],
                                             "power": []}}  # fmt: skip
    ax = summary_charts({"01-nps-overview": r1})["The experiment"][0].axes[0]
    points = [
        tuple(xy) for c in ax.collections if isinstance(c, PathCollection) for xy in c.get_offsets()
    ]
    segments = [
        s[:, 0].tolist() for c in ax.collections if isinstance(c, LineCollection)
        for s in c.get_segments()
    ]  # fmt: skip
    assert [x for x, _ in points] == [20.0]
    assert [0.4, 39.6] in segments


def test_theme_change_chart_draws_each_contribution_in_the_table_order():
    table = [  # as theme_change_section ranks them; loyalty: nobody, either period
        {"theme": "delivery", "n_a": 30, "n_b": 40, "contribution": -2.5, "ci_low": -4.1,
         "ci_high": -0.9},
        {"theme": "(no comment)", "n_a": 50, "n_b": 45, "contribution": 1.0, "ci_low": -1.0,
         "ci_high": 3.0},
        {"theme": "loyalty", "n_a": 0, "n_b": 0, "contribution": 0.0, "ci_low": 0.0,
         "ci_high": 0.0},
        {"theme": "total", "n_a": 80, "n_b": 85, "contribution": -1.5, "ci_low": -6.0,
         "ci_high": 3.0},
    ]  # fmt: skip
    r2 = {"themes": None, "theme_change": {"periods": ["2025Q1", "2025Q2"], "table": table}}
    charts = summary_charts({"02-detractor-comments": r2})
    ax = charts["Why detractors are unhappy"][0].axes[0]
    assert [p.get_width() for p in ax.patches] == pytest.approx([-2.5, 1.0, -1.5])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["delivery", "(no comment)", "total"]
    assert "2025Q1 to 2025Q2" in ax.get_title()
    skipped = {"themes": None, "theme_change": {"periods": None, "table": None}}
    assert summary_charts({"02-detractor-comments": skipped}) == {}
