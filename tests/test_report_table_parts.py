"""Wide tables split or made long: every value kept, in order, checked by rebuilding the table."""

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.report import tables
from nps_toolkit.report.table_parts import fit_columns


def wide_theme_table() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    themes = {f"theme_{i:02d}": rng.integers(0, 100, 4) for i in range(22)}
    return pd.DataFrame({"segment": ["a", "b", None, "d"], **themes})  # 23 columns


def test_wide_table_split_keeps_every_value():
    wide = wide_theme_table()
    parts = fit_columns(wide, max_columns=8)
    assert len(parts) == 4 and all(p.shape[1] <= 8 for p in parts)
    assert all(list(p.columns[:1]) == ["segment"] for p in parts)
    others = [c for p in parts for c in p.columns[1:]]
    assert others == list(wide.columns[1:])  # every column once, in order
    rebuilt = pd.concat([parts[0]] + [p.iloc[:, 1:] for p in parts[1:]], axis=1)
    pd.testing.assert_frame_equal(rebuilt, wide)
    widths = [p.shape[1] - 1 for p in parts]
    assert max(widths) - min(widths) <= 1  # balanced, no one-column leftover


def test_wide_table_long_format_keeps_every_value():
    wide = wide_theme_table()
    (long,) = fit_columns(wide, max_columns=8, how="long")
    assert list(long.columns) == ["segment", "column", "value"]
    back = long.pivot(index="segment", columns="column", values="value")
    for _, row in wide.dropna(subset=["segment"]).iterrows():
        assert back.loc[row["segment"]].to_dict() == row.drop("segment").to_dict()
    assert len(long) == 4 * 22


def test_fit_columns_narrow_table_and_errors():
    narrow = pd.DataFrame({"a": [1], "b": [2]})
    assert fit_columns(narrow)[0] is narrow
    with pytest.raises(ValueError, match="keep= names column"):
        fit_columns(wide_theme_table(), keep=["region"])
    with pytest.raises(ValueError, match="already fill max_columns=2"):
        fit_columns(wide_theme_table(), max_columns=2, keep=["segment", "theme_00"])


def test_tables_still_exports_fit_columns():
    assert tables.fit_columns is fit_columns
