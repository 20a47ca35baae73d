"""Priority-view plot of key drivers: check the numbers it draws, not pixels."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from test_score_drivers import priority_survey

from nps_toolkit.plots.drivers import plot_driver_priority
from nps_toolkit.score.drivers import driver_priority, key_drivers

NAMES = ["delivery", "price", "website", "support"]


def points(ax):
    """(x, y) of every drawn marker, filled and hollow separately."""
    filled, hollow = [], []
    for c in ax.collections:
        if isinstance(c, PathCollection) and len(c.get_offsets()):
            (hollow if len(c.get_facecolors()) == 0 else filled).extend(map(tuple, c.get_offsets()))
    return sorted(filled), sorted(hollow)


def test_plot_draws_the_priority_table(rng):
    d = priority_survey(rng)
    table_res = driver_priority(data=d, score="score", drivers=NAMES, n_boot=0)
    table = table_res.table
    fig, ax = plt.subplots()
    out = plot_driver_priority(table_res, ax=ax)
    assert out is ax
    filled, hollow = points(ax)
    sig = table["significant"]
    expected_filled = sorted(zip(table.performance[sig], table.importance[sig], strict=True))
    expected_hollow = sorted(zip(table.performance[~sig], table.importance[~sig], strict=True))
    np.testing.assert_allclose(filled, expected_filled)
    np.testing.assert_allclose(hollow, expected_hollow)
    assert len(hollow) >= 1  # the website rating is noise
    # Quadrant splits: a vertical line at the mean performance, a horizontal one at 25%.
    xs = [ln.get_xdata()[0] for ln in ax.lines if ln.get_xdata()[0] == ln.get_xdata()[1]]
    ys = [ln.get_ydata()[0] for ln in ax.lines if ln.get_ydata()[0] == ln.get_ydata()[1]]
    assert table_res.performance_split in xs
    assert pytest.approx(25) in ys
    texts = {t.get_text() for t in ax.texts}
    assert set(NAMES) <= texts
    assert {
        "concentrate here",
        "keep up the good work",
        "low priority",
        "possible overkill",
    } <= texts


def test_plot_from_key_drivers_table_or_data(rng):
    d = priority_survey(rng, 800)
    table_res = driver_priority(data=d, score="score", drivers=NAMES, n_boot=0)
    table = table_res.table
    kd_res = key_drivers(d, score="score", drivers=NAMES, n_boot=0)
    kd = kd_res.table
    expected = points(plot_driver_priority(table))
    assert points(plot_driver_priority(kd)) == expected
    # the named results too (no FutureWarning: they are what the plot draws)
    assert points(plot_driver_priority(table_res)) == expected
    assert points(plot_driver_priority(kd_res)) == expected
    assert points(plot_driver_priority(data=d, score="score", drivers=NAMES, n_boot=0)) == expected
    with pytest.raises(ValueError, match="already a driver_priority table"):
        plot_driver_priority(table, data=d)
    with pytest.raises(ValueError, match="result="):
        plot_driver_priority()
