"""Tests of nps_toolkit.repeat.outcomes: repeat purchase derivation, repeat rates."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from nps_toolkit.repeat.outcomes import (
    read_orders,
    repeat_purchase,
    repeat_rate_by,
    wilson_interval,
)

D = pd.Timestamp


def _small():
    survey = pd.DataFrame(
        {
            "cust": ["a", "b", "c", "d", "a"],
            "date": pd.to_datetime(
                ["2024-01-10", "2024-01-10", "2024-03-01", "2024-06-20", "2024-05-01"]
            ),
        },
        index=[10, 11, 12, 13, 14],
    )
    orders = pd.DataFrame(
        {
            "cust": ["a", "a", "a", "b", "b", "c", "x"],
            "odate": pd.to_datetime(
                [
                    "2024-01-10",  # same day as a's response: not "after"
                    "2024-02-01",  # inside a's first window
                    "2024-04-09",  # = 2024-01-10 + 90 days: window end is inclusive
                    "2024-01-09",  # before b's response
                    "2024-04-10",  # one day after b's window end
                    "2024-03-15",
                    "2024-06-30",  # customer never surveyed
                ]
            ),
            "amount": [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0],
        }
    )
    return survey, orders


def test_repeat_purchase_hand_example():
    survey, orders = _small()
    out_res = repeat_purchase(
        survey, orders, customer="cust", date="date", order_date="odate",
        window="90D", amount="amount",
    )  # fmt: skip
    out = out_res.data
    # Worked out by hand from the comments above; data end = 2024-06-30.
    assert out.index.tolist() == [10, 11, 12, 13, 14]
    assert out["orders_in_window"].tolist() == [2, 0, 1, 0, 0]
    assert out["repeat_purchase"].tolist() == [True, False, True, False, False]
    assert out["revenue_in_window"].tolist() == [6.0, 0.0, 32.0, 0.0, 0.0]
    # d (2024-06-20) and a's second response (2024-05-01 + 90 days = 2024-07-30)
    # have windows running past 2024-06-30.
    assert out["censored"].tolist() == [False, False, False, True, True]
    assert out_res.n_censored == 2
    assert out_res.data_end == D("2024-06-30")
    assert out["window_end"].iloc[0] == D("2024-04-09")


def test_repeat_purchase_data_end_and_no_amount():
    survey, orders = _small()
    out_res = repeat_purchase(
        survey, orders, customer="cust", date="date", order_date="odate",
        window="90D", data_end="2024-12-31",
    )  # fmt: skip
    out = out_res.data
    assert "revenue_in_window" not in out.columns
    assert not out["censored"].any()


def test_repeat_purchase_week_before_end_is_censored():
    survey = pd.DataFrame({"cust": [1, 2], "date": pd.to_datetime(["2025-12-24", "2025-01-01"])})
    orders = pd.DataFrame({"cust": [1, 2], "odate": pd.to_datetime(["2025-12-31", "2025-12-31"])})
    out_res = repeat_purchase(survey, orders, customer="cust", date="date", order_date="odate")
    out = out_res.data
    assert out["censored"].tolist() == [True, False]


def _naive(survey, orders, window):
    """Baseline: merge every order onto every response, filter, count."""
    s = survey.reset_index().rename(columns={"index": "row"})
    m = s.merge(orders, on="cust", how="left")
    inside = (m["odate"] > m["date"]) & (m["odate"] <= m["date"] + pd.Timedelta(window))
    m = m.assign(inside=inside, rev=np.where(inside, m["amount"], 0.0))
    g = m.groupby("row").agg(n=("inside", "sum"), rev=("rev", "sum"))
    return g.reindex(s["row"]).fillna(0)


@pytest.mark.parametrize("jitter_ns", [False, True])  # day/hour keys, or the dense-rank path
def test_repeat_purchase_matches_naive_merge(rng, jitter_ns):
    n_c = 300
    survey = pd.DataFrame(
        {
            "cust": rng.integers(0, n_c + 50, 500),  # some customers have no orders
            "date": D("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, 500), unit="D"),
        }
    )
    orders = pd.DataFrame(
        {
            "cust": rng.integers(0, n_c, 4000),
            "odate": D("2023-06-01") + pd.to_timedelta(rng.integers(0, 900 * 24, 4000), unit="h"),
            "amount": rng.gamma(2.0, 30.0, 4000).round(2),
        }
    )
    if jitter_ns:
        orders["odate"] += pd.to_timedelta(rng.integers(0, 10**9, len(orders)), unit="ns")
    out_res = repeat_purchase(
        survey, orders, customer="cust", date="date", order_date="odate",
        window="120D", amount="amount",
    )  # fmt: skip
    out = out_res.data
    base = _naive(survey, orders, "120D")
    np.testing.assert_array_equal(out["orders_in_window"].to_numpy(), base["n"].to_numpy())
    np.testing.assert_allclose(out["revenue_in_window"].to_numpy(), base["rev"].to_numpy())
    end = orders["odate"].max()
    np.testing.assert_array_equal(
        out["censored"].to_numpy(), (survey["date"] + pd.Timedelta("120D") > end).to_numpy()
    )


def test_repeat_purchase_string_ids_and_dates():
    survey = pd.DataFrame({"cust": ["C1", "C2"], "date": ["2024-01-01", "2024-01-05"]})
    orders = pd.DataFrame({"cust": ["C1", "C1"], "odate": ["2024-01-03", "2024-12-01"]})
    out_res = repeat_purchase(
        survey, orders, customer="cust", date="date", order_date="odate", window="30D"
    )
    out = out_res.data
    assert out["orders_in_window"].tolist() == [1, 0]


@pytest.mark.parametrize(
    "change, match",
    [
        (lambda s, o: (s.assign(date=[pd.NaT] + list(s["date"][1:])), o), "missing date"),
        (lambda s, o: (s.assign(cust=[None, "b", "c", "d", "a"]), o), "missing customer"),
        (lambda s, o: (s, o.assign(odate=["soon"] + list(o["odate"][1:]))), "not dates"),
        (lambda s, o: (s, o.assign(amount=[np.nan] + list(o["amount"][1:]))), "amount"),
        (lambda s, o: (s.drop(columns="cust"), o), r"\['cust'\] not found in survey"),
    ],
)
def test_repeat_purchase_bad_input(change, match):
    survey, orders = change(*_small())
    with pytest.raises(ValueError, match=match):
        repeat_purchase(
            survey, orders, customer="cust", date="date", order_date="odate",
            amount="amount",
        )  # fmt: skip


def test_repeat_purchase_bad_window():
    survey, orders = _small()
    with pytest.raises(ValueError, match="window"):
        repeat_purchase(
            survey, orders, customer="cust", date="date", order_date="odate", window="x"
        )


def test_wilson_matches_statsmodels():
    k = np.array([0, 1, 7, 50, 99, 100])
    n = np.array([10, 10, 20, 100, 100, 100])
    lo, hi = wilson_interval(k, n, confidence=0.9)
    ref_lo, ref_hi = proportion_confint(k, n, alpha=0.1, method="wilson")
    np.testing.assert_allclose(lo, ref_lo, atol=1e-12)
    np.testing.assert_allclose(hi, ref_hi, atol=1e-12)


def _cat_data():
    # detractors 20/100 repeat, passives 30/60, promoters 45/75.
    cat = ["detractor"] * 100 + ["passive"] * 60 + ["promoter"] * 75
    rep = [1] * 20 + [0] * 80 + [1] * 30 + [0] * 30 + [1] * 45 + [0] * 30
    return pd.DataFrame({"cat": cat, "rep": rep})


def test_repeat_rate_by_category_relative_risk_hand():
    t_res = repeat_rate_by(_cat_data(), outcome="rep", by="cat")
    t = t_res.table
    assert t["cat"].tolist() == ["detractor", "passive", "promoter"]
    assert t["n"].tolist() == [100, 60, 75]
    np.testing.assert_allclose(t["rate"], [0.2, 0.5, 0.6])
    # Katz log interval by hand: passive RR = 0.5 / 0.2 = 2.5,
    # se(log RR) = sqrt(1/30 - 1/60 + 1/20 - 1/100) = sqrt(0.056666...) = 0.238048
    se_p = np.sqrt(1 / 30 - 1 / 60 + 1 / 20 - 1 / 100)
    assert se_p == pytest.approx(0.2380476, abs=1e-6)
    row = t.iloc[1]
    assert row["relative_risk"] == pytest.approx(2.5)
    assert row["rr_ci_low"] == pytest.approx(2.5 * np.exp(-1.959964 * 0.2380476), rel=1e-5)
    assert row["rr_ci_high"] == pytest.approx(2.5 * np.exp(1.959964 * 0.2380476), rel=1e-5)
    # promoter RR = 0.6 / 0.2 = 3, se = sqrt(1/45 - 1/75 + 1/20 - 1/100) = 0.221108
    assert t.iloc[2]["relative_risk"] == pytest.approx(3.0)
    assert t.iloc[2]["rr_ci_low"] == pytest.approx(3 * np.exp(-1.959964 * 0.2211083), rel=1e-5)
    assert t.iloc[0]["relative_risk"] == 1.0
    ref_lo, ref_hi = proportion_confint([20, 30, 45], [100, 60, 75], method="wilson")
    np.testing.assert_allclose(t["ci_low"], ref_lo)
    np.testing.assert_allclose(t["ci_high"], ref_hi)


def test_repeat_rate_by_score_excludes_censored_and_counts():
    d = pd.DataFrame(
        {
            "score": [0, 0, 7, 7, 10, 10, 10, np.nan],
            "rep": [True, False, True, True, False, True, True, True],
            "censored": [False, False, False, False, False, False, True, False],
        }
    )
    t_res = repeat_rate_by(d, outcome="rep", by="score")
    t = t_res.table
    assert t["score"].tolist() == [0, 7, 10]
    assert t["n"].tolist() == [2, 2, 2]
    assert t["repeaters"].tolist() == [1, 2, 1]
    assert t["category"].astype(str).tolist() == ["detractor", "passive", "promoter"]
    assert t_res.n_excluded == {"censored": 1, "missing rep": 0, "missing score": 1}
    t_all_res = repeat_rate_by(d, outcome="rep", by="score", censored=None)
    t_all = t_all_res.table
    assert t_all["n"].tolist() == [2, 2, 3]


def test_repeat_rate_by_scale_declared():
    d = pd.DataFrame({"s": [1, 6, 7, 9, 10] * 10, "rep": [0, 1, 1, 1, 0] * 10})
    t_res = repeat_rate_by(d, outcome="rep", by="s", scale=(1, 10))
    t = t_res.table
    assert t["category"].astype(str).tolist()[0] == "detractor"


def test_repeat_rate_by_bad_outcome():
    d = _cat_data().assign(rep=lambda x: x["rep"] * 3)
    with pytest.raises(ValueError, match="'rep'"):
        repeat_rate_by(d, outcome="rep", by="cat")


def test_repeat_rate_by_no_detractors():
    d = _cat_data().query("cat != 'detractor'")
    with pytest.raises(ValueError, match="no detractors"):
        repeat_rate_by(d, outcome="rep", by="cat")


def test_plot_repeat_rate_from_table_and_data():
    from nps_toolkit.plots.models import plot_repeat_rate

    t_res = repeat_rate_by(_cat_data(), outcome="rep", by="cat")
    t = t_res.table
    ax = plot_repeat_rate(t)
    xs = [tick.get_text() for tick in ax.get_xticklabels()]
    assert xs == ["detractor", "passive", "promoter"]
    # The plotted points are the rates in percent.
    offsets = ax.collections[-1].get_offsets()
    np.testing.assert_allclose(np.asarray(offsets)[:, 1], [20, 50, 60])
    ax2 = plot_repeat_rate(_cat_data(), outcome="rep", by="cat")
    assert ax2.get_ylabel() == "repeat rate (%)"


# ------------------------------------------------------------------ demo data
@pytest.fixture(scope="module")
def demo():
    from nps_toolkit.datasets import demo as datasets

    survey, orders = datasets.load_demo()
    out_res = repeat_purchase(
        survey, orders, customer="customer_id", date="date", order_date="order_date",
        window="180D", amount="amount",
    )  # fmt: skip
    return survey, orders, out_res


def test_demo_censoring_week_before_end(demo):
    survey, orders, out_res = demo
    out = out_res.data
    end = orders["order_date"].max()
    assert out_res.data_end == end
    week = out["date"].between(end - pd.Timedelta("8D"), end - pd.Timedelta("6D"))
    assert week.any()
    assert out.loc[week, "censored"].all()
    # Censored exactly when the response is within 180 days of the data end.
    expected = out["date"] > end - pd.Timedelta("180D")
    np.testing.assert_array_equal(out["censored"].to_numpy(), expected.to_numpy())


def test_demo_planted_repeat_ordering(demo):
    from nps_toolkit.score.scales import classify

    out = demo[2].data
    d = out.assign(nps_category=classify(out["score"]))
    t_res = repeat_rate_by(d, outcome="repeat_purchase", by="nps_category")
    t = t_res.table
    rates = dict(zip(t["nps_category"], t["rate"], strict=True))
    assert rates["detractor"] < rates["passive"] < rates["promoter"]
    # Planted rates (data/README.md, TRUTH) 0.28 / 0.45 / 0.60 before the channel
    # and category shifts: each documented rate inside a wide band around the estimate.
    from nps_toolkit.datasets.truth import TRUTH

    for cat, truth in TRUTH["repeat_rate"].items():
        row = t[t["nps_category"].eq(cat)].iloc[0]
        assert abs(row["rate"] - truth) < 0.05
    assert (t["rr_ci_low"].iloc[1:] > 1).all()


def test_plot_repeat_rate_title_states_the_level():
    from nps_toolkit.plots.models import plot_repeat_rate
    from nps_toolkit.repeat.outcomes import repeat_rate_by

    d = pd.DataFrame({"score": [0, 3, 7, 8, 9, 10] * 20, "rep": [0, 1, 0, 1, 1, 1] * 20})
    assert "90%" in plot_repeat_rate(d, outcome="rep", by="score", confidence=0.9).get_title()
    table_res = repeat_rate_by(d, outcome="rep", by="score", confidence=0.9)
    table = table_res.table
    assert (
        "%" not in plot_repeat_rate(table, by="score").get_title()
    )  # a ready table's level is unknown


# --------------------------------------------------------------------------- read_orders


def test_read_orders_matches_plain_read_csv_on_the_demo_orders():
    from pathlib import Path

    from nps_toolkit.io.read import quality_report

    path = Path(__file__).parent.parent / "data" / "demo" / "orders.csv"
    kw = dict(customer="customer_id", order_date="order_date", amount="amount")
    orders = read_orders(path, **kw)
    ref = pd.read_csv(path, parse_dates=["order_date"])  # the independent read
    assert quality_report(orders)["rows"].tolist() == [len(ref)]
    np.testing.assert_array_equal(orders["amount"].to_numpy(), ref["amount"].to_numpy())
    assert (orders["order_date"].to_numpy() == ref["order_date"].to_numpy()).all()
    assert orders["customer_id"].tolist() == ref["customer_id"].tolist()


def test_read_orders_encoding_and_row_account(tmp_path):
    from nps_toolkit.io.read import excluded_rows, quality_report, quality_summary

    path = tmp_path / "orders.csv"
    text = (
        "client;date;montant;note\n"  # line 1
        "A;05/01/2024;12,5;café\n"  # 2: decimal comma is not a number here -> excluded
        "A;06/01/2024;20;\n"  # 3
        ";07/01/2024;5;\n"  # 4: no customer
        "B;;7;\n"  # 5: no date
        "B;someday;7;\n"  # 6: not a date
        "\n"  # 7: blank line, not a row
        "C;25/01/2024;9;été\n"  # 8: 25 > 12, so the file is day/month
        "C;25/01/2024;9;été\n"  # 9: identical to line 8: kept (two equal orders)
    )
    path.write_bytes(text.encode("cp1252"))
    orders = read_orders(path, customer="client", order_date="date", amount="montant")
    acc = orders.attrs["nps_toolkit"]
    assert acc.encoding == "windows-1252" and acc.delimiter == ";" and acc.blank_rows == 1
    rep = quality_report(orders)
    assert dict(zip(rep["reason"], rep["lines"], strict=True)) == {
        "kept": [],
        "missing customer": [4],
        "missing order date": [5],
        "order date unparseable": [6],
        "amount not a number": [2],
    }
    assert orders["client"].tolist() == ["A", "C", "C"]
    assert orders["date"].tolist() == [pd.Timestamp(2024, 1, 6)] + [pd.Timestamp(2024, 1, 25)] * 2
    assert orders["montant"].tolist() == [20.0, 9.0, 9.0]
    assert orders["note"].tolist()[1] == "été"
    assert acc.identical_rows == 1
    assert excluded_rows(orders).loc[0, "montant"] == "12,5"
    assert "orders of 'client'" in quality_summary(orders)
    with pytest.raises(ValueError, match=r"Orders file .* no column 'customer'"):
        read_orders(path, customer="customer", order_date="date")


def test_repeat_purchase_old_survey_date_name_still_works_with_a_future_warning():
    survey, orders = _small()
    kw = dict(customer="cust", order_date="odate", window="90D", amount="amount")
    new_res = repeat_purchase(survey, orders, date="date", **kw)
    new = new_res.data
    with pytest.warns(
        FutureWarning, match=r"repeat_purchase\(survey_date=\.\.\.\) is renamed date="
    ):
        old_res = repeat_purchase(survey, orders, survey_date="date", **kw)
        old = old_res.data
    pd.testing.assert_frame_equal(old, new)
    assert (old_res.n_censored, old_res.data_end, old_res.window) == (
        new_res.n_censored,
        new_res.data_end,
        new_res.window,
    )
    with pytest.raises(TypeError, match="both survey_date= .* and date="):
        repeat_purchase(survey, orders, survey_date="date", date="date", **kw)


def test_relative_risk_when_detractors_never_came_back():
    # Before: ZeroDivisionError (Python floats). By hand: detractor rate 0 -> relative
    # risks of the others are infinite and their intervals undefined (NaN).
    d = pd.DataFrame(
        {"cat": ["detractor", "passive", "promoter"] * 4, "rep": [0, 1, 1] * 3 + [0, 0, 1]}
    )
    t = repeat_rate_by(d, outcome="rep", by="cat").table.set_index("cat")
    assert t.loc["detractor", "rate"] == 0 and t.loc["passive", "rate"] == 0.75
    assert t.loc["detractor", "relative_risk"] == 1.0
    assert np.isinf(t.loc["passive", "relative_risk"])
    assert t[["rr_ci_low", "rr_ci_high"]].isna().all().all()
