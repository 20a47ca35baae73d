"""Plots: check the numbers they draw (against hand calculations), not pixels."""

import itertools
import warnings

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import cbook
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from statsmodels.stats.proportion import proportion_confint

from nps_toolkit.plots import (
    plot_calibration,
    plot_distinctive_terms,
    plot_nps_by,
    plot_nps_trend,
    plot_repeat_rate,
    plot_score_distribution,
    plot_theme_impact,
    score_distribution,
)
from nps_toolkit.plots._style import PALETTE, safe_text
from nps_toolkit.score.estimate import nps_by, nps_trend


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


def hand_nps(scores) -> float:
    """NPS by its definition: % of 9-10 minus % of 0-6."""
    s = np.asarray(scores)
    return 100 * (np.mean(s >= 9) - np.mean(s <= 6))


def points(ax) -> np.ndarray:
    """All scatter points drawn on ``ax`` (x, y)."""
    pcs = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    return np.concatenate([np.asarray(c.get_offsets()) for c in pcs])


def shown(text) -> str:
    """The string matplotlib draws for a Text (``\\$`` unescaped), and that it is not mathtext."""
    drawn, is_math = text._preprocess_math(text.get_text())
    assert not is_math and not cbook.is_math_text(text.get_text())
    return drawn


def overlapping(ax) -> bool:
    """Whether any two visible, non-empty x tick labels overlap once drawn."""
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [
        t.get_window_extent(renderer)
        for t in ax.get_xticklabels()
        if t.get_visible() and t.get_text()
    ]
    return any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


# ------------------------------------------------------------------ score distribution
def test_score_distribution_table(survey):
    table = score_distribution(survey, score="score")
    assert table["score"].tolist() == list(range(11))
    assert table["n"].tolist() == [int((survey["score"] == v).sum()) for v in range(11)]
    assert table["pct"].sum() == pytest.approx(100)
    assert table.loc[table["score"] == 8, "category"].item() == "passive"


def test_plot_score_distribution_bars(survey):
    ax = plot_score_distribution(data=survey, score="score")
    heights = sorted(p.get_height() for p in ax.patches if p.get_height() > 0)
    expected = [100 * (survey["score"] == v).mean() for v in range(11)]
    np.testing.assert_allclose(heights, sorted(h for h in expected if h > 0))


def test_plot_score_distribution_result_form_and_palette(survey):
    fig, ax = plt.subplots()
    table = score_distribution(survey, score="score")
    assert plot_score_distribution(table, ax=ax) is ax
    bars = {round(p.get_x() + p.get_width() / 2): p for p in ax.patches if p.get_height() > 0}
    for value, category in [(0, "detractor"), (6, "detractor"), (7, "passive"), (10, "promoter")]:
        bar = bars[value]
        assert bar.get_height() == pytest.approx(100 * (survey["score"] == value).mean())
        assert bar.get_facecolor() == pytest.approx(to_rgba(PALETTE[category]))


def test_raw_data_as_first_argument_warns_and_agrees(survey):
    with pytest.warns(FutureWarning, match="data="):
        old = plot_score_distribution(survey, score="score")
    new = plot_score_distribution(data=survey, score="score")
    assert [p.get_height() for p in old.patches] == [p.get_height() for p in new.patches]


# ------------------------------------------------------------------ NPS by segment
def test_plot_nps_by_points_and_small_groups(survey):
    fig, ax = plt.subplots()
    with pytest.warns(FutureWarning):
        out = plot_nps_by(survey, score="score", by="channel", min_n=30, ax=ax)
    assert out is ax
    expected = survey.groupby("channel")["score"].apply(hand_nps)
    np.testing.assert_allclose(sorted(points(ax)[:, 0]), sorted(expected))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any("small" in label and label.startswith("fax") for label in labels)


def test_plot_nps_by_result_and_data_forms_draw_the_table(survey):
    table = nps_by(survey, score="score", by="channel", min_n=30)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # neither form warns
        ax_r = plot_nps_by(table)
        ax_d = plot_nps_by(data=survey, score="score", by="channel", min_n=30)
    for ax in (ax_r, ax_d):
        xy = points(ax)
        order = np.argsort(xy[:, 1])
        labels = [t.get_text().split(" (")[0] for t in ax.get_yticklabels()]
        hand = survey.groupby("channel")["score"].apply(hand_nps)
        np.testing.assert_allclose(xy[order, 0], hand[labels].to_numpy())
        # the interval segments are the table's ci_low..ci_high
        segs = [c for c in ax.collections if isinstance(c, LineCollection)][0].get_segments()
        t = table.set_index("channel").loc[labels]
        np.testing.assert_allclose([s[0][0] for s in segs], t["ci_low"])
        np.testing.assert_allclose([s[1][0] for s in segs], t["ci_high"])
    assert [t.get_text() for t in ax_r.get_yticklabels()] == [
        t.get_text() for t in ax_d.get_yticklabels()
    ]


def test_plot_nps_by_one_respondent_group_draws():
    # One promoter: NPS 100 lies outside its adjusted interval; error bars used to refuse it.
    df = pd.DataFrame({"s": [10] + [3, 9, 7] * 20, "g": ["solo"] + ["many"] * 60})
    ax = plot_nps_by(data=df, score="s", by="g", min_n=5)
    ax.figure.canvas.draw()
    xy = points(ax)
    assert 100 in xy[:, 0]
    np.testing.assert_allclose(sorted(xy[:, 0]), sorted([100, hand_nps([3, 9, 7])]))


def test_plot_nps_by_draws_a_one_respondent_group_with_its_interval():
    # One respondent and an all-promoter group: NPS 100 lay above the adjusted
    # interval's upper end (98.5; it crashed the chart); the interval now reaches the
    # NPS and the chart draws the table's ends.
    df = pd.DataFrame(
        {"s": [10] + [10] * 8 + [3, 9, 7] * 20, "g": ["solo"] + ["fans"] * 8 + ["many"] * 60}
    )
    table = nps_by(df, score="s", by="g", min_n=5)
    solo = table.set_index("g").loc["solo"]
    assert solo["nps"] == 100 and solo["ci_high"] == 100  # the case that used to crash
    ax = plot_nps_by(table)
    ax.figure.canvas.draw()
    labels = [t.get_text().split(" (")[0] for t in ax.get_yticklabels()]
    segs = [c for c in ax.collections if isinstance(c, LineCollection)][0].get_segments()
    t = table.set_index("g").loc[labels]
    np.testing.assert_allclose([s[0][0] for s in segs], t["ci_low"])
    np.testing.assert_allclose([s[1][0] for s in segs], t["ci_high"])
    np.testing.assert_allclose(sorted(points(ax)[:, 0]), sorted([100, 100, hand_nps([3, 9, 7])]))


def test_plot_nps_by_rejects_ambiguous_input(survey):
    table = nps_by(survey, score="score", by="channel")
    with pytest.raises(ValueError, match="not both"):
        plot_nps_by(table, data=survey, score="score", by="channel")
    with pytest.raises(ValueError, match="already a nps_by"):
        plot_nps_by(table, score="score", by="channel")
    with pytest.raises(ValueError, match="by="):
        plot_nps_by(data=survey, score="score")
    with pytest.raises(ValueError, match="missing column"):
        plot_nps_by(survey)


@pytest.mark.parametrize("value", ["$5 plan", "a_b^c", "cost $^$ tier"])
def test_data_text_is_drawn_literally(value):
    df = pd.DataFrame({"s": [10, 9, 3, 8] * 10, "plan $": [value] * 20 + ["$10 plan"] * 20})
    # The unescaped text really does crash or turn into mathtext: the test can fail.
    if value.count("$") == 2:
        fig, probe = plt.subplots()
        probe.set_title(value)
        with pytest.raises(ValueError):
            fig.canvas.draw()
    ax = plot_nps_by(data=df, score="s", by="plan $", min_n=1)
    ax.figure.canvas.draw()
    labels = [shown(t) for t in ax.get_yticklabels()]
    assert f"{value} (n=20)" in labels and "$10 plan (n=20)" in labels
    assert shown(ax.title) == "NPS by plan $"
    assert shown(ax.yaxis.label) == "plan $"


def test_safe_text_escapes_only_dollars():
    assert safe_text("$5 plan") == r"\$5 plan"
    assert safe_text("a_b^c") == "a_b^c"
    assert safe_text(3) == "3"


# ------------------------------------------------------------------ trend
def test_plot_nps_trend_line(survey):
    ax = plot_nps_trend(data=survey, score="score", date="date", freq="MS", min_n=1)
    line = ax.get_lines()[0]
    assert len(line.get_xdata()) == 6
    month = survey["date"].dt.to_period("M")
    hand = survey.groupby(month)["score"].apply(hand_nps)
    np.testing.assert_allclose(line.get_ydata(), hand.to_numpy())


def test_plot_nps_trend_band_is_the_interval(survey):
    table = nps_trend(survey, score="score", date="date", min_n=1)
    ax = plot_nps_trend(table)
    (band,) = [c for c in ax.collections if c.get_paths()]
    vertices = band.get_paths()[0].vertices
    lows = table["ci_low"].to_numpy(float)
    highs = table["ci_high"].to_numpy(float)
    # fill_between's outline runs along the lower edge, then back along the upper one
    np.testing.assert_allclose(vertices[1 : len(table) + 1, 1], lows)
    np.testing.assert_allclose(vertices[len(table) + 2 : 2 * len(table) + 2, 1], highs[::-1])


def test_plot_nps_trend_result_form_equals_data_form(survey):
    table = nps_trend(survey, score="score", date="date", by="channel", min_n=1)
    ax_r = plot_nps_trend(table)
    ax_d = plot_nps_trend(data=survey, score="score", date="date", hue="channel", min_n=1)
    for ax in (ax_r, ax_d):
        lines = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
        assert sorted(line.get_label() for line in lines) == sorted(survey["channel"].unique())
        colours = {line.get_color() for line in lines}
        assert len(colours) == len(lines)  # distinct colours
        for line in lines:
            part = survey[survey["channel"] == line.get_label()]
            hand = part.groupby(part["date"].dt.to_period("M"))["score"].apply(hand_nps)
            np.testing.assert_allclose(line.get_ydata(), hand.to_numpy())
        # the legend sits outside the data area (right of the axes)
        assert ax.get_legend().get_bbox_to_anchor().x0 >= ax.get_window_extent().x1


@pytest.mark.parametrize("figsize", [(7, 4), (4, 3)])
def test_trend_axis_holds_dates_and_labels_do_not_overlap(rng, figsize):
    n = 36 * 40
    start = pd.Timestamp("2021-01-01")
    df = pd.DataFrame(
        {
            "s": rng.integers(0, 11, n),
            "d": start + pd.to_timedelta(rng.integers(0, 36 * 30.4, n), unit="D"),
        }
    )
    fig, ax = plt.subplots(figsize=figsize)
    plot_nps_trend(data=df, score="s", date="d", freq="MS", min_n=1, ax=ax)
    line = ax.get_lines()[0]
    assert len(line.get_xdata()) == 36
    dates = pd.to_datetime(np.asarray(line.get_xdata()))
    assert dates[0] == start and dates[-1] == pd.Timestamp("2023-12-01")
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    assert isinstance(ax.xaxis.get_major_locator(), mdates.AutoDateLocator)
    # tick positions convert back to dates within the data's range
    ticks = mdates.num2date(ax.get_xticks())
    assert ticks[0].year >= 2020 and ticks[-1].year <= 2024
    assert not overlapping(ax)


def test_overlap_check_detects_overprinted_labels():
    # The check itself: 36 full dates as category ticks on a 7-inch axis do overprint.
    fig, ax = plt.subplots(figsize=(7, 4))
    labels = [d.strftime("%Y-%m-%d") for d in pd.date_range("2021-01-01", periods=36, freq="MS")]
    ax.plot(labels, np.zeros(36))
    assert overlapping(ax)


# ------------------------------------------------------------------ repeat rate, calibration
def _repeat_data():
    return pd.DataFrame({"score": [0, 3, 7, 8, 9, 10] * 20, "rep": [0, 1, 0, 1, 1, 1] * 20})


def test_plot_repeat_rate_points_are_wilson_intervals():
    from nps_toolkit.repeat.outcomes import repeat_rate_by

    d = _repeat_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plot_repeat_rate(data=d, outcome="rep", by="score")
        ax2 = plot_repeat_rate(repeat_rate_by(d, outcome="rep", by="score"), x="score")
    for a in (ax, ax2):
        assert [t.get_text() for t in a.get_xticklabels()] == ["0", "3", "7", "8", "9", "10"]
        np.testing.assert_allclose(points(a)[:, 1], [0, 100, 0, 100, 100, 100])
        lo, hi = proportion_confint([0, 20, 0, 20, 20, 20], 20, method="wilson")
        segs = [c for c in a.collections if isinstance(c, LineCollection)][0].get_segments()
        np.testing.assert_allclose([s[0][1] for s in segs], 100 * lo, atol=1e-9)
        np.testing.assert_allclose([s[1][1] for s in segs], 100 * hi, atol=1e-9)
        # points coloured by category with the one palette
        colours = [tuple(c) for c in a.collections[-1].get_facecolors()]
        assert colours[0] == to_rgba(PALETTE["detractor"])
        assert colours[2] == to_rgba(PALETTE["passive"])
        assert colours[-1] == to_rgba(PALETTE["promoter"])


def test_plot_repeat_rate_guessing_x_warns():
    from nps_toolkit.repeat.outcomes import repeat_rate_by

    table = repeat_rate_by(_repeat_data(), outcome="rep", by="score")
    with pytest.warns(FutureWarning, match="x="):
        ax = plot_repeat_rate(table)
    assert ax.get_xlabel() == "score"
    with pytest.raises(ValueError, match="'nope'"):
        plot_repeat_rate(table, x="nope")


def test_plot_calibration_from_data_and_from_model(rng):
    from nps_toolkit.repeat.models import fit_repeat_model

    n = 2000
    score = rng.integers(0, 11, n)
    p = np.where(score >= 9, 0.6, np.where(score >= 7, 0.45, 0.28))
    d = pd.DataFrame({"score": score, "rep": rng.random(n) < p})
    model = fit_repeat_model(d, outcome="rep", score="score")
    fig, ax = plt.subplots()
    assert plot_calibration(model, ax=ax) is ax
    ax2 = plot_calibration(data=d, outcome="rep", score="score")
    ax3 = plot_calibration(model.calibration_)
    for a in (ax, ax2, ax3):
        line = a.get_lines()[-1]
        # binned predictions of a 3-level model stay near the planted rates
        assert line.get_xdata().min() > 0.2 and line.get_xdata().max() < 0.7
        np.testing.assert_allclose(line.get_xdata(), model.calibration_["mean_predicted"])
        np.testing.assert_allclose(line.get_ydata(), model.calibration_["observed_rate"])
    with pytest.raises(ValueError, match="score="):
        plot_calibration(data=d, outcome="rep")


# ------------------------------------------------------------------ text plots
def test_plot_distinctive_terms_literal_terms_and_palette():
    table = pd.DataFrame(
        {
            "term": ["$5 fee", "a_b^c", "cost $^$", "great"],
            "z": [3.0, 2.0, 1.5, -2.5],
            "side": ["detractor", "detractor", "detractor", "promoter"],
        }
    )
    ax = plot_distinctive_terms(table)
    ax.figure.canvas.draw()
    assert sorted(shown(t) for t in ax.get_yticklabels()) == sorted(table["term"])
    widths = {
        shown(t): p.get_width() for t, p in zip(ax.get_yticklabels(), ax.patches, strict=True)
    }
    assert widths == dict(zip(table["term"], table["z"], strict=True))
    bar = {p.get_width(): p.get_facecolor() for p in ax.patches}
    assert bar[3.0] == pytest.approx(to_rgba(PALETTE["detractor"]))
    assert bar[-2.5] == pytest.approx(to_rgba(PALETTE["promoter"]))


def test_plot_theme_impact_literal_names_and_data_form():
    table = pd.DataFrame(
        {
            "theme": ["$ price", "a_b^c"],
            "diff": [-20.0, 10.0],
            "diff_ci_low": [-30.0, 1.0],
            "diff_ci_high": [-10.0, 19.0],
            "pct_of_comments": [40.0, 60.0],
        }
    )
    ax = plot_theme_impact(table)
    ax.figure.canvas.draw()
    y_of = {shown(t): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)}
    assert set(y_of) == {"a_b^c (60%)", "$ price (40%)"}
    assert y_of["$ price (40%)"] > y_of["a_b^c (60%)"]  # table order, first on top
    xy = points(ax)
    np.testing.assert_allclose(xy[np.argsort(-xy[:, 1]), 0], [-20, 10])
    df = pd.DataFrame(
        {"comment": ["late delivery"] * 15 + ["great product"] * 30, "score": [2] * 15 + [10] * 30}
    )
    ax2 = plot_theme_impact(data=df, comment="comment", score="score", themes="ecommerce")
    labels = [t.get_text() for t in ax2.get_yticklabels()]
    delivery = [i for i, label in enumerate(labels) if label.startswith("delivery")]
    assert delivery  # 15 of 45 comments mention delivery
    assert labels[delivery[0]] == "delivery (33%)"
    with pytest.raises(ValueError, match="not both"):
        plot_theme_impact(table, data=df, comment="comment", score="score")


def test_plot_nps_by_labels_counts_with_thousands_separators():
    """The chart's counts read as the tables' do: 1,716 (not 1716)."""
    df = pd.DataFrame({"s": [10] * 1716 + [0] * 20, "g": ["big"] * 1716 + ["small"] * 20})
    ax = plot_nps_by(data=df, score="s", by="g", min_n=30)
    labels = {t.get_text() for t in ax.get_yticklabels()}
    assert labels == {"big (n=1,716)", "small (n=20, small)"}


def test_plot_theme_impact_fills_only_significant_gaps():
    # A gap whose interval crosses 0 must not look like a finding: hollow, whatever its sign.
    table = pd.DataFrame(
        {
            "theme": ["support", "website_app", "staff"],
            "diff": [-30.0, -6.0, 25.0],
            "diff_ci_low": [-45.0, -18.0, 10.0],
            "diff_ci_high": [-15.0, 7.0, 40.0],
            "pct_of_comments": [12.0, 7.0, 9.0],
            "p_adj": [0.001, 0.6, 0.01],
            "significant": [True, False, True],
        }
    )
    ax = plot_theme_impact(table)
    face = {}
    for c in ax.collections:
        if isinstance(c, PathCollection):
            for (x, _), fc in zip(c.get_offsets(), np.broadcast_to(c.get_facecolors(), (len(c.get_offsets()), 4)), strict=True):  # fmt: skip
                face[float(x)] = tuple(fc)
    assert face[-30.0] == pytest.approx(to_rgba(PALETTE["detractor"]))
    assert face[25.0] == pytest.approx(to_rgba(PALETTE["promoter"]))
    assert face[-6.0] == pytest.approx(to_rgba("white"))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["significant, higher NPS", "significant, lower NPS", "not significant"]
    assert "adjusted for the number of themes" in ax.get_xlabel()
