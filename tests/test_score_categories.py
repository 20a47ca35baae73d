"""category_codes' one-pass blocked check and coding, against a plain Python loop."""

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.score.scales import category_codes, validate_scores

BLOCK = 1 << 16  # a length that crosses the block boundary is tested below


def _by_hand(values, passive_min=7, promoter_min=9, missing=-1):
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(missing)
        elif v >= promoter_min:
            out.append(2)
        elif v >= passive_min:
            out.append(1)
        else:
            out.append(0)
    return out


@pytest.mark.parametrize("n", [0, 1, 17, BLOCK - 1, BLOCK, BLOCK + 5, 3 * BLOCK + 11])
@pytest.mark.parametrize("missing", [-1, 3])
def test_codes_equal_a_python_loop(n, missing):
    rng = np.random.default_rng(n)
    v = rng.integers(0, 11, n).astype("float64")
    v[rng.random(n) < 0.05] = np.nan
    got = category_codes(v, missing=missing)
    assert got.dtype == np.int8
    assert got.tolist() == _by_hand(v.tolist(), missing=missing)


def test_declared_scale_and_integer_and_nullable_input():
    v = [1, 2, 3, 4, 5, None] * 5
    assert category_codes(v, scale=(1, 5)).tolist() == _by_hand(v, 4, 5)
    ints = pd.Series([0, 6, 7, 8, 9, 10], dtype="int16")
    assert category_codes(ints).tolist() == [0, 0, 1, 1, 2, 2]
    nullable = pd.array([10, None, 3], dtype="Int64")
    assert category_codes(nullable).tolist() == [2, -1, 0]


@pytest.mark.parametrize(
    "bad, match",
    [(7.5, "non-integer"), (11.0, "outside the declared 0-10"), (300.0, "outside")],
)
def test_a_bad_value_in_a_later_block_raises_the_validation_message(bad, match):
    v = np.full(2 * BLOCK + 3, 9.0)
    v[BLOCK + 7] = bad
    with pytest.raises(ValueError, match=match) as got:
        category_codes(v)
    with pytest.raises(ValueError) as expected:
        validate_scores(v)
    assert str(got.value) == str(expected.value)
    assert f"rows {BLOCK + 7}" in str(got.value)


def test_five_point_guard_counts_every_block():
    v = np.tile([1.0, 2.0, 3.0, 4.0, 5.0], BLOCK // 2)
    with pytest.raises(ValueError, match="looks like a 1-5 or 0-5 survey"):
        category_codes(v)
    assert category_codes(v, scale=(1, 5))[:5].tolist() == [0, 0, 0, 1, 2]
    # 19 valid low scores is below the guard's 20; with NaN everywhere else.
    few = np.full(3 * BLOCK, np.nan)
    few[np.arange(19) * 10_000] = 3.0  # spread over the three blocks
    assert (category_codes(few) == 0).sum() == 19
