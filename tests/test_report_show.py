"""report.show: tables in notebooks 02/03 without index column, split when too wide."""

from __future__ import annotations

import warnings

import pandas as pd

from nps_toolkit.repeat.outcomes import repeat_rate_by
from nps_toolkit.report.show import table_parts


def _body(styler) -> str:
    return styler.to_html().split("<tbody>")[1]


def test_named_index_kept_as_a_column_and_no_index_shown():
    t = pd.DataFrame({"n": [3, 4]}, index=pd.Index(["web", "app"], name="channel"))
    (part,) = table_parts(t)
    html = part.to_html()
    assert "<th" not in _body(part) and "channel" in html and "web" in html


def test_wide_table_split_with_labels_repeated_and_named_result_without_warning():
    wide = pd.DataFrame({"theme": ["a", "b"], **{f"x{i}": [i, -i] for i in range(12)}})
    parts = table_parts(wide, max_columns=5, integer=["x0", "x11"])
    assert len(parts) == 3  # 12 number columns, 4 per part next to the label
    assert all(">a<" in _body(p) for p in parts)
    d = pd.DataFrame(
        {"cat": ["detractor", "passive", "promoter"] * 4, "rep": [0, 1, 1] * 3 + [1, 0, 1]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parts = table_parts(repeat_rate_by(d, outcome="rep", by="cat"))
    html = " ".join(p.to_html() for p in parts).replace("\u200b", "")
    assert len(parts) == 2 and "relative_risk" in html  # 9 columns: two parts of at most 8
