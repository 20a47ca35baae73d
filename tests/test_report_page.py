"""The survey title heading and the page tables (nps_toolkit.report.page)."""

from __future__ import annotations

import pandas as pd
import pytest

from nps_toolkit.report.page import page_table, title_heading


def test_title_heading_names_the_survey_and_the_page():
    assert title_heading("Demo shop") == "# Demo shop"
    assert title_heading("Demo shop", "Executive summary") == "# Demo shop: Executive summary"
    assert title_heading(None, "Executive summary") == "# Executive summary"
    assert title_heading(None) == "" and title_heading("   ") == ""


def test_title_heading_is_markdown_escaped_and_one_line():
    heading = title_heading("*Q3* <b>NPS</b> [x](javascript:alert(1))\n# not a heading")
    assert heading.count("\n") == 0 and heading.startswith("# ")
    assert "<b>" not in heading and "&lt;b&gt;" in heading
    assert "\\*Q3\\*" in heading and "\\[x\\]" in heading
    assert "](javascript" not in heading


def test_page_table_drops_an_empty_note_column_and_marks_rows_without_a_note():
    empty = pd.DataFrame({"a": ["x", "y"], "n": [1, 2], "note": ["", None]})
    html = page_table(empty).to_html()
    assert "note" not in html and "(missing)" not in html
    some = pd.DataFrame({"a": ["x", "y"], "note": ["", "too few respondents"]})
    html = page_table(some).to_html()
    assert "too few respondents" in html and "(missing)" not in html and ">-<" in html


def test_page_table_shows_dates_without_midnight_and_keeps_times():
    t = pd.DataFrame(
        {
            "period": pd.to_datetime(["2024-01-01", "2024-02-01"]),
            "at": pd.to_datetime(["2024-01-01 10:30", "2024-01-02 00:00"]),
            "pct_promoters": [41.25, 50.0],
            "p_adj": [0.00004, 0.5],
        }
    )
    html = page_table(t, percent=["pct_promoters"]).to_html()
    assert "2024-01-01<" in html and "2024-02-01<" in html
    assert "10:30" in html  # a real time of day is kept
    dates_only = pd.DataFrame({"period": t["period"], "group": ["a", "b"]})
    assert "white-space: nowrap" in page_table(dates_only).to_html()  # dates never wrap
    assert "41.2%" in html or "41.3%" in html
    assert "&lt;0.001" in html and "0.500" in html  # p-values never read 0.0
    assert '<th class="blank' not in html and "row_heading" not in html  # no index column


def test_sections_number_only_the_sections_shown():
    from nps_toolkit.report.page import Sections

    texts = {"seg": "## {n}. Segments\n\nwhy", "bench": "### Benchmark", "trend": "## {n}. Trend"}
    s = Sections(texts, first=4)
    assert s.text("seg", runs=False, skipped="No segments.") == "No segments."
    assert s.text("bench") == "### Benchmark"  # a sub-section takes no number
    assert s.text("trend") == "## 4. Trend"  # the skipped section left no gap
    assert s.text("seg", runs=False) is None
    assert s.text("trend") == "## 4. Trend"  # a cell run again keeps its number
    assert s.text("seg") == "## 5. Segments\n\nwhy"
    with pytest.raises(ValueError, match="use one of seg, bench, trend"):
        s.text("orders")


def test_page_table_leaves_out_list_columns_empty_on_every_row():
    nothing_excluded = pd.DataFrame(
        {"reason": ["kept"], "rows": [320], "source_rows": [[]], "lines": [[]]}
    )
    html = page_table(nothing_excluded).to_html()
    assert "source" not in html and "lines" not in html and "320" in html
    some = pd.DataFrame(
        {"reason": ["kept", "no score"], "rows": [318, 2], "source_rows": [[], [4, 9]]}
    )
    html = page_table(some).to_html()
    assert "source" in html and "4, 9" in html
