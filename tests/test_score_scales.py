"""classify / validate_scores: cut-offs, declared scales and clear errors."""

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.score.scales import (
    CATEGORIES,
    classify,
    decide_scale,
    resolve_thresholds,
    validate_scores,
)


def test_standard_cutoffs_every_value():
    got = classify(list(range(11))).tolist()
    assert got == ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2


def test_ordered_categorical_index_and_missing_preserved():
    s = pd.Series([10, None, 3, 8], index=["a", "b", "c", "d"], name="ltr")
    out = classify(s)
    assert out.index.tolist() == ["a", "b", "c", "d"]
    assert out.name == "ltr"
    assert out.cat.ordered and list(out.cat.categories) == list(CATEGORIES)
    assert pd.isna(out["b"])
    assert out["c"] < out["d"] < out["a"]


def test_declared_five_point_scales():
    assert classify([1, 2, 3, 4, 5], scale=(1, 5)).tolist() == [
        "detractor", "detractor", "detractor", "passive", "promoter",
    ]  # fmt: skip
    assert classify([0, 3, 4, 5], scale=(0, 5)).tolist() == [
        "detractor", "detractor", "passive", "promoter",
    ]  # fmt: skip


def test_one_to_ten_keeps_standard_cutoffs():
    assert classify([1, 6, 7, 9], scale=(1, 10)).tolist() == [
        "detractor", "detractor", "passive", "promoter",
    ]  # fmt: skip


def test_zero_refused_on_declared_one_to_ten():
    with pytest.raises(ValueError, match=r"outside the declared 1-10 scale.*0"):
        classify([0, 5, 9], scale=(1, 10))


def test_custom_scale_needs_thresholds():
    with pytest.raises(ValueError, match="thresholds"):
        classify([1, 7], scale=(1, 7))
    assert classify([1, 5, 6, 7], scale=(1, 7), thresholds=(6, 7)).tolist() == [
        "detractor", "detractor", "passive", "promoter",
    ]  # fmt: skip


@pytest.mark.parametrize("thresholds", [(9, 7), (0, 9), (7, 11), (7,)])
def test_bad_thresholds(thresholds):
    with pytest.raises(ValueError):
        resolve_thresholds((0, 10), thresholds)


def test_text_values_named_with_count_rows_and_fix():
    s = pd.Series(["10", "9", "great", "n/a", ""], name="q1")
    with pytest.raises(ValueError) as err:
        classify(s)
    msg = str(err.value)
    assert "'q1'" in msg and "2 text value(s)" in msg
    assert "'great'" in msg and "rows 2, 3" in msg and "read_survey" in msg


def test_numeric_strings_and_blanks_are_fine():
    out = validate_scores(pd.Series(["10", " 7", "", None], dtype="object"))
    assert out.tolist()[:2] == [10.0, 7.0] and out.isna().tolist() == [False, False, True, True]


def test_non_integer_scores_raise():
    with pytest.raises(ValueError, match=r"1 non-integer value\(s\): values 7\.5"):
        classify([7.5, 9, 10])


def test_out_of_scale_raises_with_values_and_rows():
    with pytest.raises(ValueError) as err:
        classify(pd.Series([11, 5, -1, 10], name="score"))
    msg = str(err.value)
    assert "2 value(s) outside the declared 0-10 scale" in msg
    assert "11.0" in msg and "-1.0" in msg and "rows 0, 2" in msg and "scale=" in msg


def test_undeclared_five_point_data_is_refused():
    five_point = np.tile([1, 2, 3, 4, 5], 10)
    with pytest.raises(ValueError, match=r"looks like a 1-5 or 0-5 survey"):
        classify(five_point)
    # Declaring the scale (either one) is the analyst's explicit choice.
    assert (classify(five_point, scale=(1, 5)) == "promoter").sum() == 10
    assert (classify(five_point, scale=(0, 10)) == "detractor").all()


def test_small_low_samples_not_mistaken_for_five_point():
    assert (classify([1, 2, 3]) == "detractor").all()


def test_booleans_refused():
    with pytest.raises(ValueError, match="True/False"):
        classify(pd.Series([True, False]))


@pytest.mark.parametrize("scale", [(10, 0), ("a", "b"), 10])
def test_bad_scale(scale):
    with pytest.raises(ValueError):
        classify([1, 2], scale=scale)


# --------------------------------------------------------------------------- decide_scale


def test_decide_scale_threshold_is_the_stated_chance():
    # On 0-10, at most about half the answers are 5 or less; k answers in a row all
    # at or below 5 then have chance 0.5 ** k: 4 in a row (1/16) is not evidence,
    # 5 in a row (1/32 < 1/20) is.
    assert 0.5**4 > 1 / 20 > 0.5**5
    notes: list[str] = []
    assert decide_scale([3, 4, 5, 4], notes=notes) == (0, 10) and "too few" in notes[0]
    with pytest.raises(ValueError, match="all 5 valid scores"):
        decide_scale([3, 4, 5, 4, 5])


def test_decide_scale_stray_value_is_not_evidence():
    five = [1, 2, 3, 4, 5] * 8  # 40 five-point answers
    with pytest.raises(ValueError, match=r"40 of 41 .* 10 \(line 41\)"):
        decide_scale(five + [10], lines=np.arange(1, 42))
    assert decide_scale(five + [10], scale=(1, 5)) == (1, 5)
    # declared 0-10: refused too, unless the analyst turns the check off
    with pytest.raises(ValueError, match="check_scales=False"):
        decide_scale(five + [10], scale=(0, 10))
    assert decide_scale(five + [10], scale=(0, 10), check=False) == (0, 10)
    # a real 0-10 survey with few high answers is not five-point: 1 in 5 above 5
    assert decide_scale([0, 1, 2, 3, 9] * 10) == (0, 10)


def test_decide_scale_ignores_missing_and_non_integers():
    assert decide_scale([np.nan, 9.0, 7.5, 10]) == (0, 10)
    assert decide_scale([np.nan, np.nan]) == (0, 10)
