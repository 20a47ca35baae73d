"""Checked comment columns: values that are not text are named by row, or by file line."""

import warnings

import pandas as pd
import pytest

from nps_toolkit.comments.inputs import as_text_series, primary_language


def _read(tmp_path):
    from nps_toolkit.io import read_survey

    path = tmp_path / "survey.csv"
    # Line 1 is the header; the skipped score on line 3 leaves the survey.
    path.write_text("score,comment\n9,great\n,skipped\n3,bad\n7,ok\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_survey(path, score="score", comment="comment")


def test_a_number_in_a_plain_column_is_named_by_its_row_label():
    series = pd.Series(["fine", 3.5, "ok"], name="comment", index=[10, 11, 12])
    with pytest.raises(
        ValueError, match=r"'comment' has 1 value\(s\) that are not text: 3\.5 \(rows 11\)"
    ):
        as_text_series(series)


def test_more_than_five_bad_values_are_cut_with_dots():
    series = pd.Series(["a", *range(7)], name="c", dtype="object")
    with pytest.raises(ValueError, match=r"0, 1, 2, 3, 4 \.\.\. \(rows 1, 2, 3, 4, 5 \.\.\.\)"):
        as_text_series(series)


def test_a_column_read_by_read_survey_is_named_by_its_file_line(tmp_path):
    survey = _read(tmp_path)
    comment = survey["comment"].astype(object)
    comment.iloc[1] = 12.5  # "bad": line 4 of the file (header, great, skipped, bad)
    with pytest.raises(ValueError, match=r"12\.5 \(lines 4 of the file\)"):
        as_text_series(comment)


def test_text_and_missing_values_pass():
    out = as_text_series(pd.Series(["a", None, float("nan")], name="c"))
    assert out.tolist()[0] == "a" and out.dtype == object
    assert primary_language("en-GB") == "en" and primary_language(None) is None
