"""Named results (issue 12): fields instead of DataFrame.attrs; old DataFrame use warns."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

from nps_toolkit._results import NamedResult, main_table
from nps_toolkit.repeat.evaluation import compare_predictors
from nps_toolkit.repeat.outcomes import repeat_purchase, repeat_rate_by
from nps_toolkit.repeat.results import PredictorComparison, RepeatPurchase, RepeatRates


@pytest.fixture(scope="module")
def rates() -> RepeatRates:
    d = pd.DataFrame(
        {
            "cat": ["detractor"] * 4 + ["passive"] * 4 + ["promoter"] * 4,
            "rep": [1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0],
        }
    )
    return repeat_rate_by(d, outcome="rep", by="cat")


def test_fields_hold_the_tables_and_values(rates):
    assert isinstance(rates, RepeatRates) and isinstance(rates, NamedResult)
    # hand: 1/4, 2/4, 3/4 repeaters
    assert rates.table["rate"].tolist() == [0.25, 0.5, 0.75]
    assert rates.n_excluded == {"missing rep": 0, "missing cat": 0}
    assert rates.table.attrs == {}  # nothing hidden in attrs any more
    with pytest.raises(dataclasses.FrozenInstanceError):
        rates.table = None  # frozen


@pytest.mark.parametrize(
    "use",
    [
        lambda r: r["rate"].tolist(),
        lambda r: r.columns.tolist(),
        lambda r: len(r),
        lambda r: list(r),
        lambda r: "rate" in r,
        lambda r: r.loc[0, "n"],
        lambda r: r._repr_html_(),
    ],
    ids=["getitem", "attribute", "len", "iter", "in", "loc", "repr_html"],
)
def test_old_dataframe_use_works_with_a_future_warning(rates, use):
    with pytest.warns(FutureWarning, match=r"repeat_rate_by now returns RepeatRates; use \.table"):
        old = use(rates)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the table itself: no warning, same answer
        expected = use(rates.table)
    assert str(old) == str(expected)


def test_private_names_are_not_handed_on_and_copy_pickle_work(rates):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none of these may warn
        assert not hasattr(rates, "_repr_latex_")
        assert not hasattr(rates, "__array__")
        for other in (copy.copy(rates), copy.deepcopy(rates), pickle.loads(pickle.dumps(rates))):
            pd.testing.assert_frame_equal(other.table, rates.table)
        assert "RepeatRates(table=<DataFrame 3 x " in repr(rates)
        assert main_table(rates) is rates.table
        assert main_table(rates.table) is rates.table


def test_repeat_purchase_main_is_data():
    survey = pd.DataFrame({"c": [1, 2], "date": pd.to_datetime(["2024-01-01", "2024-05-01"])})
    orders = pd.DataFrame({"c": [1, 2], "od": pd.to_datetime(["2024-01-10", "2024-05-02"])})
    res = repeat_purchase(survey, orders, customer="c", date="date", order_date="od", window="30D")
    assert isinstance(res, RepeatPurchase)
    # by hand: data end 2024-05-02; row 2's window ends 2024-05-31 > data end
    assert res.n_censored == 1 and res.data_end == pd.Timestamp("2024-05-02")
    assert res.window == pd.Timedelta("30D")
    assert res.data["repeat_purchase"].tolist() == [True, True]
    with pytest.warns(
        FutureWarning, match=r"repeat_purchase now returns RepeatPurchase; use \.data"
    ):
        assert res["censored"].tolist() == [False, True]


def test_compare_predictors_fields():
    rng = np.random.default_rng(0)
    d = pd.DataFrame({"score": rng.integers(0, 11, 600)})
    d["rep"] = rng.random(600) < 1 / (1 + np.exp(-(-2 + 0.3 * d.score)))
    res = compare_predictors(d, outcome="rep", score="score", interval="delong", cv=3)
    assert isinstance(res, PredictorComparison)
    assert list(res.predictions.columns) == res.table["predictors"].tolist()
    assert sorted(res.fold.unique()) == [0, 1, 2]
    assert len(res.per_fold) == 3 * len(res.table)
    assert res.n_excluded["n"].sum() == 0
    with pytest.warns(FutureWarning, match="compare_predictors now returns PredictorComparison"):
        assert res["auc"].tolist() == res.table["auc"].tolist()
