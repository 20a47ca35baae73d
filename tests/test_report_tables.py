"""Report tables: rendered HTML (no index, formats, missing values, escaping), splits, labels."""

import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.report.tables import format_list, label_missing, style_table


class Cells(HTMLParser):
    """Header and body cell texts of the first table of an HTML page."""

    def __init__(self):
        super().__init__()
        self.head, self.rows, self._in, self._text, self.row_headers = [], [], None, "", 0

    def handle_starttag(self, tag, attrs):
        if tag == "tr" and self._in is None:
            self.rows.append([])
        if tag in ("th", "td"):
            self._in, self._text = tag, ""
            classes = dict(attrs).get("class", "")
            if tag == "th" and "row_heading" in classes:
                self.row_headers += 1

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._in == tag:
            text = self._text.replace("\u200b", "")  # the header's break opportunities
            (self.head if tag == "th" else self.rows[-1]).append(text)
            self._in = None


def cells(html: str) -> Cells:
    parser = Cells()
    parser.feed(html)
    parser.rows = [r for r in parser.rows if r]
    return parser


@pytest.fixture
def table():
    return pd.DataFrame(
        {
            "segment": ["north", None, "south"],
            "n": [12345, 7, 80],
            "pct_promoters": [12.5, np.nan, 40.0],
            "nps": [3.14159, np.nan, -20.0],
            "source_rows": [[12, 15, 18, *range(100, 140)], [2], []],
            "comment": ["<script>alert('x')</script>", "fine & dandy", "ok"],
        },
        index=[5, 9, 11],  # a filtered frame: its unnamed index is not shown
    )


def test_html_has_no_index_column_and_formats_numbers(table):
    html = style_table(table, percent=["pct_promoters"]).to_html()
    parsed = cells(html)
    assert parsed.row_headers == 0
    assert parsed.head == list(table.columns)
    assert [len(r) for r in parsed.rows] == [6, 6, 6]
    north, missing, south = parsed.rows
    assert north[:4] == ["north", "12,345", "12.5%", "3.1"]
    assert south[:4] == ["south", "80", "40.0%", "-20.0"]
    assert not re.search(r">\s*(5|9|11)\s*<", html)  # the index values are nowhere


def test_missing_values_are_labelled_and_numbers_na(table):
    missing = cells(style_table(table, percent=["pct_promoters"]).to_html()).rows[1]
    assert missing[0] == "(missing)"
    assert missing[2] == "n/a" and missing[3] == "n/a"
    assert "nan" not in " ".join(missing).lower().replace("n/a", "")


def test_lists_are_shortened(table):
    rows = cells(style_table(table).to_html()).rows
    assert rows[0][4] == "12, 15, 18 \u2026 (+40 more)"
    assert rows[1][4] == "2" and rows[2][4] == ""
    assert format_list(range(5), max_items=5) == "0, 1, 2, 3, 4"
    assert format_list([1, None]) == "1, (missing)"


def test_text_is_escaped_never_markup(table):
    weird = table.rename(columns={"comment": "<b>comment</b>"})
    html = style_table(weird, caption="Q&A <i>").to_html()
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "fine &amp; dandy" in html
    assert "<b>" not in html and "&lt;b&gt;comment&lt;/b&gt;" in html
    assert "Q&amp;A &lt;i&gt;" in html
    parsed = cells(html)
    assert parsed.rows[0][5] == "<script>alert('x')</script>"  # shown as written


def test_decimals_integer_and_wrapping():
    df = pd.DataFrame(
        {
            "count": [43.0, 7.0, np.nan],
            "mean": [0.123456, 2.5, 1.0],
            "text": ["word " * 20, "", "x"],
        }
    )
    html = style_table(df, integer=["count"], decimals=2).to_html()
    rows = cells(html).rows
    assert [r[0] for r in rows] == ["43", "7", "n/a"]
    assert [r[1] for r in rows] == ["0.12", "2.50", "1.00"]
    assert rows[1][2] == "(missing)"  # an empty label is missing too
    assert "white-space: normal" in html and "max-width: 30em" in html  # long text wraps
    narrow = style_table(df, wrap=["text"], max_width=20).to_html()
    assert "max-width: 20em" in narrow


def test_named_index_becomes_a_column():
    grouped = pd.DataFrame({"region": ["a", "b", "a"], "n": [1, 2, 3]}).groupby("region").sum()
    parsed = cells(style_table(grouped).to_html())
    assert parsed.head == ["region", "n"] and parsed.rows == [["a", "4"], ["b", "2"]]


def test_style_table_errors_name_the_column(table):
    with pytest.raises(ValueError, match="percent= names column.*'pct'"):
        style_table(table, percent=["pct"])


# ------------------------------------------------------------------ label_missing
def test_label_missing_keeps_missing_groups():
    seg = pd.Series(["north", np.nan, None, "nan", "", "south", "north"], name="region")
    labelled = label_missing(seg)
    assert labelled.name == "region" and labelled.index.equals(seg.index)
    assert labelled.tolist() == ["north", *["(missing)"] * 4, "south", "north"]
    scores = pd.Series([10, 0, 5, 9, 7, 3, 8])
    counts = scores.groupby(labelled).size().to_dict()
    assert counts == {"(missing)": 4, "north": 2, "south": 1}  # nothing dropped
    assert scores.groupby(seg).size().sum() < len(seg)  # (the plain groupby drops them)


def test_label_missing_numbers_and_categories():
    years = label_missing(pd.Series([2023.0, np.nan, 2024.0]))
    assert years.tolist() == [2023, "(missing)", 2024]
    assert str(years[0]) == "2023"
    cat = label_missing(pd.Series(["a", None], dtype="category"), label="unknown")
    assert cat.tolist() == ["a", "unknown"] and "unknown" in cat.cat.categories
    frac = label_missing(pd.Series([0.5, np.nan]))
    assert frac.tolist() == [0.5, "(missing)"]


def test_p_value_columns_by_name_never_read_zero():
    t = pd.DataFrame(
        {"predictors": ["a", "b"], "p_val_vs_best": [0.00002, 0.63], "gini": [0.3, 0.00002]}
    )
    html = style_table(t, decimals=3).to_html()
    assert "&lt;0.001" in html and "0.630" in html  # p_val_vs_best is a p-value
    assert ">0.000<" in html  # gini is not: 3 decimals as asked


def test_a_number_that_rounds_to_zero_has_no_sign():
    t = pd.DataFrame({"impact": [-0.04, -0.06, 0.0], "pct": [-0.04, 5.0, 1.0]})
    html = style_table(t, percent=["pct"], decimals=1).to_html()
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    # by hand: -0.04 -> "0.0", -0.06 -> "-0.1"; the percentage -0.04 -> "0.0%"
    assert cells == ["0.0", "0.0%", "-0.1", "5.0%", "0.0", "1.0%"]
