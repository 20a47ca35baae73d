"""Results handed between the report's notebooks: typed, versioned, stamped with a run id."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.report.results import (
    SCHEMA_VERSION,
    SCHEMAS,
    ResultsError,
    check_results,
    read_results,
    to_builtin,
    write_results,
)
from nps_toolkit.report.summary import executive_summary

R4 = {"sentences": ["NPS +12."], "nps": 12.0, "n": 80}


def test_file_records_schema_version_notebook_and_run_id(tmp_path):
    path = write_results(tmp_path, "04-report", R4, run_id="run-1")
    data = json.loads(path.read_text())
    assert data == {
        "schema_version": SCHEMA_VERSION,
        "notebook": "04-report",
        "run_id": "run-1",
        "results": R4,
    }


def test_only_the_results_of_the_run_asked_for(tmp_path):
    write_results(tmp_path, "04-report", R4, run_id="mine")
    other = {**R4, "nps": -50.0}
    write_results(tmp_path / "x", "04-report", other, run_id="theirs")
    (tmp_path / "results" / "02-detractor-comments.json").write_text(
        (tmp_path / "x" / "results" / "04-report.json").read_text()
    )
    assert read_results(tmp_path, run_id="mine") == {"04-report": R4}
    assert read_results(tmp_path, run_id="theirs") == {"04-report": other}
    assert read_results(tmp_path) == {}  # by hand (run id None): none of these


def test_foreign_results_never_reach_the_summary(tmp_path):
    """A planted comments result of another run: the summary says 02 was not run."""
    planted = {k: None for k in SCHEMAS["02-detractor-comments"]}
    planted.update(n_respondents=10, n_comments=9, languages=[], follow_up_rows=7, min_n=30)
    planted.update(follow_up_csv="theirs.csv", follow_up_xlsx="theirs.xlsx", redacted=True)
    write_results(tmp_path, "02-detractor-comments", planted, run_id="another survey")
    summary = executive_summary(read_results(tmp_path, run_id="this run"))
    assert "theirs" not in summary.markdown()
    assert "the comments report (02) was not run" in summary.skipped_sentence()


def test_other_schema_version_is_refused_with_the_fix(tmp_path):
    path = write_results(tmp_path, "04-report", R4, run_id="r")
    data = json.loads(path.read_text())
    data["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data))
    with pytest.raises(ResultsError, match=r"schema version .* fresh --out folder"):
        read_results(tmp_path, run_id="r")


def test_old_unversioned_files_and_run_json_are_ignored(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "01-nps-overview.json").write_text(json.dumps({"overall": {"nps": 99}}))
    (folder / "run.json").write_text(json.dumps({"01": {"status": "ok"}}))
    assert read_results(tmp_path) == {}


def test_wrong_keys_and_types_name_the_key_and_the_fix(tmp_path):
    with pytest.raises(ResultsError) as err:
        write_results(tmp_path, "04-report", {"sentences": "NPS +12", "nps": 12.0, "extra": 1})
    message = str(err.value)
    assert "'sentences' should be a list, not str" in message
    assert "'n' is missing" in message and "'extra' is not in the schema" in message
    assert "Fix:" in message
    assert not (tmp_path / "results" / "04-report.json").exists()


def test_frames_and_numpy_values_are_typed_after_conversion():
    frame = pd.DataFrame({"a": [1, 2]})
    results = {k: None for k in SCHEMAS["03-nps-and-repeat-purchase"]}
    results.update(window="180D", n=np.int64(5), n_censored=0, drivers=frame)
    check_results("03-nps-and-repeat-purchase", to_builtin(results))  # passes
    with pytest.raises(ResultsError, match="'n' should be a whole number"):
        check_results("03-nps-and-repeat-purchase", {**to_builtin(results), "n": 5.5})


def test_unschemed_notebook_is_written_as_given(tmp_path):
    write_results(tmp_path, "my-analysis", {"anything": [1, np.nan]})
    assert read_results(tmp_path) == {"my-analysis": {"anything": [1, None]}}


def test_comment_results_round_trip_to_what_the_summary_reads(tmp_path):
    """Notebook 02's tone, review and change tables go through JSON as plain records."""
    change_table = pd.DataFrame(
        {"theme": ["delivery", "total"], "n_a": np.array([3, 10]), "nps_a": [np.nan, 20.0],
         "contribution": [-2.5, -2.5], "ci_low": [-4.0, -6.0], "ci_high": [-1.0, 1.0],
         "headlined": np.array([True, False])}
    )  # fmt: skip
    r2 = {k: None for k in SCHEMAS["02-detractor-comments"]}
    r2.update(n_respondents=10, n_comments=9, languages=[], follow_up_rows=7, min_n=30,
              follow_up_csv="f.csv", follow_up_xlsx="f.xlsx", redacted=True)  # fmt: skip
    r2["tone_languages"] = pd.DataFrame({"language": ["en"], "n_comments": np.array([9])})
    r2["theme_change"] = {"periods": ("2025Q1", "2025Q2"), "confidence": 0.95,
                          "table": change_table, "sentence": None}  # fmt: skip
    write_results(tmp_path, "02-detractor-comments", r2, run_id="r")
    back = read_results(tmp_path, run_id="r")["02-detractor-comments"]
    assert back["tone_languages"] == [{"language": "en", "n_comments": 9}]
    assert back["theme_change"]["periods"] == ["2025Q1", "2025Q2"]
    first = back["theme_change"]["table"][0]
    assert first == {"theme": "delivery", "n_a": 3, "nps_a": None, "contribution": -2.5,
                     "ci_low": -4.0, "ci_high": -1.0, "headlined": True}  # fmt: skip
    with pytest.raises(ResultsError, match="'theme_change' should be a dict or None"):
        check_results("02-detractor-comments", {**back, "theme_change": []})
