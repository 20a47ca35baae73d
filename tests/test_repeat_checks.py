"""Tests of the checks shared across nps_toolkit.repeat: interval level, fitted models,
columns at prediction, and the layout of the subpackage (public shared names, old
import places, parameter text written once)."""

import ast
import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from repeat_simulation import simulate
from sklearn.exceptions import NotFittedError

from nps_toolkit.repeat.evaluation import compare_predictors
from nps_toolkit.repeat.models import CountModel, RepeatModel, fit_count_model, fit_repeat_model
from nps_toolkit.repeat.outcomes import repeat_rate_by, wilson_interval
from nps_toolkit.repeat.whatif import what_if

REPEAT = Path(__file__).resolve().parent.parent / "nps_toolkit" / "repeat"
BAD_LEVEL = r"confidence must be between 0 and 1 \(e\.g\. 0\.95\); got"


@pytest.fixture(scope="module")
def data():
    d = simulate(np.random.default_rng(3), 1500)
    d["visits"] = np.random.default_rng(4).poisson(2.0, len(d))
    return d


# ------------------------------------------------------------------ interval level
@pytest.mark.parametrize("confidence", [95, 1.0, 0.0, -0.5])
@pytest.mark.parametrize(
    "call",
    [
        lambda d, c: wilson_interval(3, 10, confidence=c),
        lambda d, c: repeat_rate_by(d, outcome="rep", by="score", confidence=c),
        lambda d, c: fit_repeat_model(d, outcome="rep", score="score", confidence=c),
        lambda d, c: fit_count_model(d, outcome="visits", score="score", confidence=c),
        lambda d, c: compare_predictors(
            d, outcome="rep", score="score", confidence=c, interval="delong"
        ),
    ],
    ids=["wilson_interval", "repeat_rate_by", "RepeatModel", "CountModel", "compare_predictors"],
)
def test_bad_confidence_is_a_clear_error(data, call, confidence):
    # Before: NaN intervals without a word (norm.ppf of a level outside 0..1).
    with pytest.raises(ValueError, match=BAD_LEVEL):
        call(data, confidence)


def test_bad_confidence_in_what_if(data):
    m = fit_repeat_model(data, outcome="rep", score="score")
    with pytest.raises(ValueError, match=BAD_LEVEL):
        what_if(m, data, confidence=95)


def test_the_level_still_sets_the_interval(data):
    # Wilson 95% interval of 3/10 by hand: z = 1.959964.
    z = 1.959963984540054
    p, n = 0.3, 10
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    lo, hi = wilson_interval(3, 10, confidence=0.95)
    assert float(lo) == pytest.approx(centre - half, rel=1e-12)
    assert float(hi) == pytest.approx(centre + half, rel=1e-12)


# ------------------------------------------------------------------ fitted, columns
@pytest.mark.parametrize(
    "call",
    [
        lambda: CountModel().predict(pd.DataFrame({"score": [9]})),
        lambda: CountModel().summary(),
        lambda: RepeatModel().predict_proba(pd.DataFrame({"score": [9]})),
        lambda: RepeatModel().summary(),
    ],
    ids=["CountModel.predict", "CountModel.summary", "RepeatModel.predict_proba", "summary"],
)
def test_unfitted_models_raise_sklearns_not_fitted_error(call):
    with pytest.raises(NotFittedError, match=r"not fitted yet\. Fix: call \.fit\("):
        call()
    # NotFittedError is a ValueError, as the old message was.
    assert issubclass(NotFittedError, ValueError)


def test_count_model_predict_names_the_missing_columns(data):
    m = CountModel(controls=["channel"]).fit(data, outcome="visits", score="score")
    with pytest.raises(ValueError, match=r"\['channel'\] not found in data"):
        m.predict(data.drop(columns="channel"))
    with pytest.raises(ValueError, match=r"\['score'\] not found in data"):
        m.predict(data[["channel"]])
    # Rows with a missing score get NaN, the others exp(X @ beta).
    d = data.head(5).copy()
    d.loc[d.index[0], "score"] = np.nan
    out = m.predict(d)
    assert np.isnan(out.iloc[0]) and out.iloc[1:].gt(0).all()


def test_count_model_predict_matches_rate_ratios(data):
    # Expected count of a web detractor is exp(intercept); a promoter's is that times
    # the promoter rate ratio (independent of predict: from the effect table).
    m = CountModel().fit(data, outcome="visits", score="score")
    d = pd.DataFrame({"score": [0.0, 10.0]})
    out = m.predict(d)
    rr = m.rate_ratios.set_index("term")["rate_ratio"]["promoter (vs detractor)"]
    assert out.iloc[1] / out.iloc[0] == pytest.approx(rr, rel=1e-10)
    det = data.loc[data["score"] <= 6, "visits"].mean()
    assert out.iloc[0] == pytest.approx(det, rel=1e-6)  # saturated Poisson: the cell mean


# ------------------------------------------------------------------ layout (issue 12)
def test_no_module_imports_another_modules_private_name():
    for path in REPEAT.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nps_toolkit"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"


def test_modules_and_functions_stay_small():
    for path in REPEAT.glob("*.py"):
        text = path.read_text()
        assert text.count("\n") <= 400, path.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef):
                body = node.body
                doc = ast.get_docstring(node, clean=False)
                start = body[1].lineno if doc and len(body) > 1 else body[0].lineno
                assert node.end_lineno - start + 1 <= 80, f"{path.name}:{node.name}"


def test_shared_parameter_text_is_filled_in():
    for name in ["outcomes", "logistic", "counts", "evaluation", "whatif"]:
        module = importlib.import_module(f"nps_toolkit.repeat.{name}")
        for obj in vars(module).values():
            if getattr(obj, "__module__", None) != module.__name__:
                continue
            doc = getattr(obj, "__doc__", None) or ""
            assert "{params." not in doc, f"{name}.{getattr(obj, '__name__', obj)}"
    assert "Interval level, e.g. 0.95" in RepeatModel.__doc__
    assert "Seed of the random draws" in compare_predictors.__doc__


def test_public_names_importable_from_their_old_places():
    import nps_toolkit.repeat as repeat
    from nps_toolkit.repeat import counts, crossval, evaluation, logistic, metrics, models

    assert models.RepeatModel is logistic.RepeatModel is repeat.RepeatModel
    assert models.CountModel is counts.CountModel is repeat.CountModel
    assert models.fit_repeat_model is repeat.fit_repeat_model
    assert evaluation.delong is metrics.delong is repeat.delong
    assert evaluation.top_decile_lift is metrics.top_decile_lift is repeat.top_decile_lift
    assert callable(crossval.cv_auc_table) and callable(crossval.make_folds)
