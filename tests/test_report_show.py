"""report.show: tables in notebooks 02/03 without index column, split when too wide."""

from __future__ import annotations

import warnings

import pandas as pd

from nps_toolkit.repeat.outcomes import repeat_rate_by
from nps_toolkit.report.show import PAGE_CHARACTERS, table_parts, width_parts
from nps_toolkit.report.tables import cell_widths


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
        rates = repeat_rate_by(d, outcome="rep", by="cat")
        parts = table_parts(rates, max_columns=8)
    html = " ".join(p.to_html() for p in parts).replace("\u200b", "")
    assert len(parts) == 2 and "relative_risk" in html  # 9 columns: two parts of at most 8
    assert len(table_parts(rates)) == 1  # by default: 9 narrow columns fit the page


def test_split_by_width_fits_the_page_and_keeps_every_value():
    # 12 number columns 12 characters wide (+2 of padding), a label ("second": 6 + 2)
    # and a text column ("north": 5 + 2): 8 + 12 x 14 + 7 = 183 characters > 130
    names = [f"measure{i:05d}" for i in range(12)]
    wide = pd.DataFrame({"label": ["first", "second"], **{c: [1.25, -2.5] for c in names}})
    wide["group"] = ["north", "south"]  # a text column after the numbers is not a label
    assert sum(w + 2 for w in cell_widths(wide).values()) == 183
    parts = width_parts(wide)
    # by hand: two parts, balanced 6 + 7 columns: 8 + 6 x 14 = 92 and 8 + 6 x 14 + 7 = 99
    assert [list(p.columns) for p in parts] == [
        ["label", *names[:6]],
        ["label", *names[6:], "group"],
    ]
    assert all(sum(w + 2 for w in cell_widths(p).values()) <= PAGE_CHARACTERS for p in parts)
    assert len(width_parts(wide, max_chars=183)) == 1
