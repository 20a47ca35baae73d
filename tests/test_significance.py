"""Tests of differences: issue's reference values, hand calculations, statsmodels."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from nps_toolkit.significance import (
    nps_changes,
    nps_sample_size,
    nps_test,
    nps_test_benchmark,
    pairwise_nps,
)


def _scores(det, pas, pro):
    return [0] * det + [7] * pas + [10] * pro


def test_reference_difference():
    r = nps_test(_scores(30, 30, 40), _scores(20, 30, 50)).iloc[0]
    assert r["nps_a"] == pytest.approx(10) and r["nps_b"] == pytest.approx(30)
    assert r["diff"] == pytest.approx(-20)  # sign kept: a - b
    assert r["se"] == pytest.approx(11.4018, abs=1e-4)
    assert r["p_val"] == pytest.approx(0.0794, abs=1e-4)
    assert r["ci_low"] == pytest.approx(-20 - 1.959964 * 11.4018, abs=1e-3)
    assert (r["n_a"], r["n_b"]) == (100, 100)


def test_sign_flips_with_order():
    a, b = _scores(30, 30, 40), _scores(20, 30, 50)
    assert nps_test(b, a)["diff"].iloc[0] == pytest.approx(20)


def test_adjusted_method_hand_calculation():
    r = nps_test(_scores(3, 2, 5), _scores(1, 1, 8), method="adjusted_wald").iloc[0]
    pa, da = 5.75 / 13, 3.75 / 13
    pb, db = 8.75 / 13, 1.75 / 13
    se = np.sqrt(((pa + da) - (pa - da) ** 2) / 13 + ((pb + db) - (pb - db) ** 2) / 13)
    assert r["diff"] == pytest.approx(100 * (0.2 - 0.7))
    assert r["se"] == pytest.approx(100 * se)


def test_empty_sample_raises():
    with pytest.raises(ValueError, match="No valid scores"):
        nps_test([None, None], [9, 10])


def test_benchmark_hand_calculation():
    r = nps_test_benchmark(_scores(10, 20, 70), 50).iloc[0]
    se = np.sqrt(0.44 / 100)
    z = 0.10 / se
    assert r["z"] == pytest.approx(z)
    assert r["p_val"] == pytest.approx(2 * sps.norm.sf(z))
    assert r["diff"] == pytest.approx(10) and r["n"] == 100
    with pytest.raises(ValueError, match="between -100 and 100"):
        nps_test_benchmark([9], 150)


def test_pairwise_holm_matches_statsmodels_and_hand_tests():
    df = pd.DataFrame(
        {
            "score": _scores(30, 30, 40) + _scores(20, 30, 50) + _scores(45, 25, 30),
            "g": ["a"] * 100 + ["b"] * 100 + ["c"] * 100,
        }
    )
    got = pairwise_nps(df, score="score", group="g")
    assert got[["a", "b"]].values.tolist() == [["a", "b"], ["a", "c"], ["b", "c"]]
    first = nps_test(_scores(30, 30, 40), _scores(20, 30, 50)).iloc[0]
    assert got.loc[0, "p_val"] == pytest.approx(first["p_val"])
    # Holm by hand: sort p ascending, multiply by (m - rank), cumulative max.
    p = got["p_val"].to_numpy()
    order = np.argsort(p)
    adj = np.maximum.accumulate(np.minimum(1, p[order] * np.array([3, 2, 1])))
    expect = np.empty(3)
    expect[order] = adj
    np.testing.assert_allclose(got["p_adj"], expect)
    np.testing.assert_allclose(got["p_adj"], multipletests(p, method="holm")[1])


def test_pairwise_needs_two_groups():
    with pytest.raises(ValueError, match="at least two groups"):
        pairwise_nps(pd.DataFrame({"score": [9, 10], "g": ["a", "a"]}), score="score", group="g")


def test_changes_between_periods():
    dates = ["2024-01-10"] * 100 + ["2024-04-10"] * 100 + ["2024-07-10"] * 100
    df = pd.DataFrame(
        {
            "score": _scores(20, 30, 50) + _scores(30, 30, 40) + _scores(31, 30, 39),
            "date": pd.to_datetime(dates),
        }
    )
    got = nps_changes(df, score="score", date="date", freq="QS")
    assert got["period"].tolist() == [pd.Timestamp("2024-04-01"), pd.Timestamp("2024-07-01")]
    hand = nps_test(_scores(30, 30, 40), _scores(20, 30, 50)).iloc[0]
    assert got.loc[0, "diff"] == pytest.approx(-20)
    assert got.loc[0, "p_val"] == pytest.approx(hand["p_val"])
    np.testing.assert_allclose(got["p_adj"], multipletests(got["p_val"], method="holm")[1])


def test_sample_size_worst_case_and_expected():
    assert nps_sample_size(5)["n"].iloc[0] == int(np.ceil((1.959964 / 0.05) ** 2))
    r = nps_sample_size(3, expected_nps=40, confidence=0.9).iloc[0]
    assert r["variance"] == pytest.approx(1 - 0.16)
    assert r["n"] == int(np.ceil(sps.norm.ppf(0.95) ** 2 * 0.84 / 0.03**2))
    with pytest.raises(ValueError):
        nps_sample_size(0)


def test_sample_size_delivers_the_margin_by_simulation():
    # Worst-case shares (half promoters, half detractors): the realised Wald
    # half-width at the planned n is the requested margin.
    n = nps_sample_size(4)["n"].iloc[0]
    half = 1.959964 * 100 * np.sqrt(1.0 / n)
    assert half == pytest.approx(4, abs=0.01)
