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


def _markdown_shown(executed) -> list[str]:
    """The Markdown a notebook displayed (its Markdown cells and its Markdown outputs)."""
    shown = []
    for cell in executed.cells:
        if cell.cell_type == "markdown":
            shown.append(cell.source)
        for out in cell.get("outputs", []):
            shown.append(out.get("data", {}).get("text/markdown", ""))
    return [s for s in shown if s]


@pytest.mark.slow
@pytest.mark.xdist_group("report_sections")
def test_notebooks_01_and_03_show_one_sentence_per_section_without_data(tmp_path):
    """Notebooks 01 and 03 on a survey with a score and a count column only."""
    import numpy as np

    from nps_toolkit.report.notebook import notebooks_dir, run_notebook
    from nps_toolkit.report.run import default_parameters

    rng = np.random.default_rng(14)
    survey = pd.DataFrame({"score": rng.integers(0, 11, 300), "visits": rng.poisson(3, 300)})
    survey.to_csv(tmp_path / "bare.csv", index=False)
    params = {
        **default_parameters(),
        "data_path": str(tmp_path / "bare.csv"), "comment": None, "date": None,
        "respondent": None, "segments": [], "drivers": [], "orders_path": None,
        "outcome": "visits", "title": "Bare <survey>", "out_dir": str(tmp_path / "out"),
    }  # fmt: skip
    shown = {}
    for name in ("01-nps-overview", "03-nps-and-repeat-purchase"):
        nb = run_notebook(
            notebooks_dir() / f"{name}.ipynb", tmp_path / f"{name}.ipynb", params, progress=False
        )
        shown[name] = "\n\n".join(_markdown_shown(nb))
    overview = shown["01-nps-overview"]
    for section in ("benchmark", "segments", "trend", "experiment"):
        assert skipped_sentence(section) in overview  # one sentence each...
        heading = OVERVIEW_SECTIONS[section].split("\n")[0].split(". ", 1)[-1]
        headings = [line for line in overview.splitlines() if line.startswith("#")]
        assert not any(heading in h for h in headings)  # ...instead of heading and explanation
        assert OVERVIEW_SECTIONS[section].split("\n")[2] not in overview
    assert "# Bare &lt;survey&gt;" in overview
    repeat = shown["03-nps-and-repeat-purchase"]
    assert repeat.startswith("# Bare &lt;survey&gt;")  # the title heads page 03 too
    heads = [line for line in repeat.splitlines() if line.startswith("## ")]
    assert heads == ["## 1. The outcome", "## 2. The outcome by category", "## 3. The model"]
    assert "so the key drivers are skipped" in repeat and "Key drivers" not in repeat
    assert "Calibration" not in repeat and "what-if) are skipped" in repeat
