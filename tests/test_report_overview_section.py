"""report.overview_section: notebook 01's sections without data are one sentence each."""

from __future__ import annotations

import pandas as pd
import pytest

from nps_toolkit.report.overview_section import (
    OVERVIEW_SECTIONS,
    overview_sections,
    partial_changes_sentence,
    segment_heading,
    skipped_sentence,
)


@pytest.mark.parametrize(
    ("name", "param", "flag"),
    [
        ("benchmark", "`benchmark`", "`--benchmark NPS`"),
        ("segments", "`segments`", "`--segments A,B`"),
        ("trend", "`date`", "`--date COL`"),
        ("experiment", "`compare`", "`--compare COL`"),
    ],
)
def test_a_section_without_data_is_one_sentence_for_both_places(name, param, flag):
    said = skipped_sentence(name)
    # one sentence: no heading, no line break, one full stop at the end
    assert "\n" not in said and not said.startswith("#") and said.endswith("skipped.")
    assert said.count(". ") == 0
    # worded for JupyterLab (the parameter) and for the command line (the flag)
    assert param in said and flag in said
    shown = overview_sections().text(name, runs=False, skipped=said)
    assert shown == said  # the heading and explanation are not shown


def test_sections_shown_are_numbered_from_four_without_gaps():
    s = overview_sections()
    assert s.text("benchmark").startswith("### Comparison with a benchmark")
    assert s.text("segments", runs=False) is None
    assert s.text("trend").startswith("## 4. Trend over time\n\n")
    assert s.text("experiment").startswith("## 5. Experiment: the arms compared\n\n")
    assert set(OVERVIEW_SECTIONS) == {"benchmark", "segments", "trend", "experiment"}
    with pytest.raises(ValueError, match="use one of"):
        skipped_sentence("orders")


def test_segment_heading_and_partial_sentence_escape_and_format():
    assert segment_heading("a_b <i>") == "### a\\_b &lt;i&gt;"
    said = partial_changes_sentence(pd.Timestamp("2025-01-06 13:00"), pd.Timestamp("2025-04-28"))
    assert said.startswith("The data runs from 2025-01-06 to 2025-04-28: ")
    assert "not tested" in said
