"""Executive-summary charts: the drawn numbers against hand calculations, and readability."""

import itertools
import warnings

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_hex, to_rgba

from nps_toolkit.plots._style import PALETTE
from nps_toolkit.plots.summary import (
    plot_nps_overview,
    plot_segment_gaps,
    plot_theme_trend,
    signed,
)
from nps_toolkit.score.estimate import nps
from nps_toolkit.score.pairwise import nps_vs_rest


def hand_nps(scores) -> float:
    s = np.asarray(scores)
    return 100 * (np.mean(s >= 9) - np.mean(s <= 6))


def overlapping(ax) -> bool:
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [
        t.get_window_extent(renderer)
        for t in ax.get_xticklabels()
        if t.get_visible() and t.get_text()
    ]
    return any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


# ------------------------------------------------------------------ overview bar
def test_overview_bar_widths_colours_and_title():
    scores = [10] * 45 + [9] * 5 + [8] * 20 + [7] * 10 + [3] * 20  # 50% / 30% / 20%
    df = pd.DataFrame({"s": scores})
    ax = plot_nps_overview(data=df, score="s")
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths, [20, 30, 50])
    lefts = [p.get_x() for p in ax.patches]
    np.testing.assert_allclose(lefts, [0, 20, 50])
    colours = [p.get_facecolor() for p in ax.patches]
    for got, cat in zip(colours, ["detractor", "passive", "promoter"], strict=True):
        assert got == pytest.approx(to_rgba(PALETTE[cat]))
    assert sum(widths) == pytest.approx(100)
    assert hand_nps(scores) == pytest.approx(30)
    table = nps(df, score="s")
    title = ax.get_title()
    assert title.startswith("NPS +30 (95% interval ")
    assert f"{signed(table['ci_low'][0])} to {signed(table['ci_high'][0])}" in title
    assert title.endswith("n = 100")
    assert {t.get_text() for t in ax.texts} == {"20%", "30%", "50%"}


def test_overview_result_form_and_its_checks():
    table = nps([10, 10, 0, 7, 8, 9, 1, 2, 10, 10], method="wald")
    ax = plot_nps_overview(table)
    assert "(interval " in ax.get_title()  # level unknown for a ready table
    assert plot_nps_overview(table, confidence=0.9).get_title().count("90% interval") == 1
    with pytest.raises(ValueError, match="one overall NPS"):
        plot_nps_overview(pd.concat([table, table]))
    with pytest.raises(ValueError, match="nps\\(\\) options"):
        plot_nps_overview(table, method="wald")


def test_overview_small_share_has_no_overprinted_text():
    ax = plot_nps_overview(data=pd.DataFrame({"s": [10] * 97 + [7, 7, 0]}), score="s")
    assert {t.get_text() for t in ax.texts} == {"97%"}  # 1% and 2% are too narrow to label


def test_signed_uses_a_real_minus():
    assert signed(12.4) == "+12" and signed(-3.5, 1) == "\u22123.5" and signed(-0.2) == "0"


# ------------------------------------------------------------------ segment gaps
@pytest.fixture
def gap_survey(rng):
    groups = {"a": (200, 0.55, 0.15), "b": (200, 0.30, 0.40), "c": (150, 0.40, 0.30)}
    rows = []
    for g, (n, p_pro, p_det) in groups.items():
        cat = rng.choice([10, 8, 2], n, p=[p_pro, 1 - p_pro - p_det, p_det])
        rows.append(pd.DataFrame({"s": cat, "g": g}))
    solo = pd.DataFrame({"s": [10], "g": ["solo"]})
    return pd.concat([*rows, solo], ignore_index=True)


def test_segment_gaps_are_group_minus_rest_sorted_with_intervals(gap_survey):
    table = nps_vs_rest(gap_survey, score="s", by="g")
    ax = plot_segment_gaps(table)
    labels = [t.get_text().split(" (")[0] for t in ax.get_yticklabels()]
    assert "solo" not in labels  # too small to test: left out, and said so
    assert "1 group too small to test" in ax.get_xlabel()
    offsets = np.concatenate(
        [c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)]
    )
    drawn = dict(zip([labels[int(y)] for y in offsets[:, 1]], offsets[:, 0], strict=True))
    for g in labels:
        inside = gap_survey["g"] == g
        hand = hand_nps(gap_survey.loc[inside, "s"]) - hand_nps(gap_survey.loc[~inside, "s"])
        assert drawn[g] == pytest.approx(hand)
    assert [drawn[g] for g in labels] == sorted(drawn.values())  # most positive on top
    segs = [c for c in ax.collections if isinstance(c, LineCollection)][0].get_segments()
    t = table.set_index("g").loc[labels]
    np.testing.assert_allclose([s[0][0] for s in segs], t["ci_low"])
    np.testing.assert_allclose([s[1][0] for s in segs], t["ci_high"])
    assert any(line.get_xdata()[0] == 0 for line in ax.get_lines())  # the zero line


def test_segment_gaps_mark_significant_groups(gap_survey):
    table = nps_vs_rest(gap_survey, score="s", by="g")
    assert table["significant"].any() and not table["significant"].all()
    ax = plot_segment_gaps(data=gap_survey, score="s", by="g")
    groups = {c.get_label(): c for c in ax.collections if isinstance(c, PathCollection)}
    above = groups.get("significant, above the rest")
    below = groups.get("significant, below the rest")
    sig = np.concatenate([g.get_offsets()[:, 0] for g in (above, below) if g is not None])
    expected = table.loc[table["significant"], "diff"]
    np.testing.assert_allclose(sorted(sig), sorted(expected))
    # each legend entry has its own colour: above the rest never shares one with below
    if above is not None:
        assert (above.get_offsets()[:, 0] >= 0).all()
    if below is not None:
        assert (below.get_offsets()[:, 0] < 0).all()
    entries = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "not significant" in entries and any(e.startswith("significant, ") for e in entries)
    hollow = groups["not significant"].get_facecolors()
    assert all(tuple(c) == (1, 1, 1, 1) for c in hollow)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert all("adj. p" in label for label in labels)


def test_segment_gaps_with_no_testable_group_says_so():
    df = pd.DataFrame({"s": [10, 0, 9, 3, 8], "g": list("aabbc")})
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # no "No artists with labels" warning
        ax = plot_segment_gaps(data=df, score="s", by="g")
    assert "no group is large enough to test" in [t.get_text() for t in ax.texts]
    assert "3 groups too small to test" in ax.get_xlabel()


def test_overview_refuses_an_empty_survey():
    with pytest.raises(ValueError, match="no valid score"):
        plot_nps_overview(data=pd.DataFrame({"s": [np.nan, np.nan]}), score="s")


# ------------------------------------------------------------------ theme trend
def theme_table(n_themes: int, months: int = 30) -> pd.DataFrame:
    dates = pd.date_range("2022-01-01", periods=months, freq="MS")
    return pd.DataFrame(
        [
            {"month": d, "theme": f"theme {i}", "pct": 5 + i + np.sin(j + i)}
            for i in range(n_themes)
            for j, d in enumerate(dates)
        ]
    )


def test_theme_trend_ten_themes_distinct_colours_legend_outside():
    table = theme_table(10)
    fig, ax = plt.subplots(figsize=(7, 4))
    plot_theme_trend(table, date="month", theme="theme", value="pct", ax=ax)
    lines = ax.get_lines()
    assert sorted(line.get_label() for line in lines) == sorted(table["theme"].unique())
    colours = [to_hex(line.get_color()) for line in lines]
    assert len(set(colours)) == 10  # no two themes share a colour
    for line in lines:
        part = table[table["theme"] == line.get_label()]
        np.testing.assert_allclose(line.get_ydata(), part["pct"])
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1  # right of the data area
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    assert len([t for t in ax.get_xticklabels() if t.get_text()]) > 1
    assert not overlapping(ax)


@pytest.mark.parametrize("width", [3, 5])
@pytest.mark.parametrize("months", [4, 24, 30, 36])
def test_theme_trend_date_ticks_readable(months, width):
    fig, ax = plt.subplots(figsize=(width, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # "AutoDateLocator was unable to pick..."
        plot_theme_trend(theme_table(3, months), date="month", theme="theme", value="pct", ax=ax)
        fig.canvas.draw()
    assert len([t for t in ax.get_xticklabels() if t.get_text()]) > 1
    assert not overlapping(ax)


def test_theme_trend_periods_band_and_missing_theme():
    table = theme_table(2, 6)
    table["month"] = table["month"].dt.to_period("M")
    table.loc[table["theme"] == "theme 1", "theme"] = None
    table["lo"], table["hi"] = table["pct"] - 1, table["pct"] + 1
    ax = plot_theme_trend(
        table, date="month", theme="theme", value="pct", ci_low="lo", ci_high="hi"
    )
    assert sorted(line.get_label() for line in ax.get_lines()) == ["(missing)", "theme 0"]
    assert len(ax.collections) == 2  # one band per theme


def test_theme_trend_errors_name_the_fix():
    with pytest.raises(ValueError, match="'share' not in the table"):
        plot_theme_trend(theme_table(2), date="month", theme="theme", value="share")
    with pytest.raises(ValueError, match="11 themes; at most 10"):
        plot_theme_trend(theme_table(11), date="month", theme="theme", value="pct")


def test_segment_gaps_legend_names_both_colours_of_two_arms():
    """Two arms: one significantly above the rest, the other below; the legend shows both."""
    df = pd.DataFrame(
        {"s": [10] * 30 + [9] * 10 + [0] * 30 + [8] * 10, "g": ["a"] * 40 + ["b"] * 40}
    )
    ax = plot_segment_gaps(data=df, score="s", by="g")
    groups = {c.get_label(): c for c in ax.collections if isinstance(c, PathCollection)}
    above, below = groups["significant, above the rest"], groups["significant, below the rest"]
    assert above.get_offsets()[0, 0] == pytest.approx(100.0 - -75.0)  # a: +100, b: -75 by hand
    assert below.get_offsets()[0, 0] == pytest.approx(-75.0 - 100.0)
    assert tuple(above.get_facecolors()[0]) != tuple(below.get_facecolors()[0])
    assert len(ax.get_legend().get_texts()) == 2
