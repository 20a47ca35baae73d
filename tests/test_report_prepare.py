"""Tests of nps_toolkit.report.prepare and of the command's checks before any kernel starts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import nps_toolkit.report.run as run_module
from nps_toolkit.report.cli import main
from nps_toolkit.report.loading import load_report_survey
from nps_toolkit.report.parameters import PARAMETERS
from nps_toolkit.report.prepare import (
    check_columns,
    closest,
    command_wording,
    in_words,
    prepare_parameters,
)

WHY = "Why did you give this score?"
LIKELY = "How likely are you to recommend us to a friend?"


@pytest.fixture
def survey_file(tmp_path):
    """320 respondents, 276 of whom wrote a comment; headers a survey tool would write."""
    rng = np.random.default_rng(7)
    n, commented = 320, 276
    comments = [f"comment number {i}" for i in range(commented)] + [""] * (n - commented)
    frame = pd.DataFrame(
        {
            "respondent": [f"r{i}" for i in range(n)],
            LIKELY: rng.integers(0, 11, n),
            WHY: rng.permutation(np.array(comments, dtype=object)),
            "date": pd.date_range("2024-01-01", periods=n, freq="D").strftime("%Y-%m-%d"),
            "channel": rng.choice(["app", "web"], n),
            "rating_price": rng.integers(1, 6, n),
        }
    )
    path = tmp_path / "survey.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture
def no_kernels(monkeypatch):
    """Record calls instead of starting kernels: the list stays empty if none was asked for."""
    calls = []

    def fake_run_report(params, out, **options):
        calls.append(params)
        raise run_module.ReportError("stopped by the test before any kernel")

    def fake_run_notebook(*args, **kwargs):  # pragma: no cover - must not be reached
        calls.append("run_notebook")
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(run_module, "run_report", fake_run_report)
    monkeypatch.setattr(run_module, "run_notebook", fake_run_notebook)
    return calls


def test_detected_columns_are_passed_to_the_notebooks(survey_file, tmp_path, no_kernels, capsys):
    assert main(["report", "--data", str(survey_file), "--out", str(tmp_path / "o")]) == 1
    (params,) = no_kernels
    assert params["comment"] == WHY  # no --comment: found by read_survey, passed by name
    assert params["score"] == LIKELY
    assert params["date"] == "date"
    assert f"Found the comment column {WHY!r} (choose another with --comment)." in (
        capsys.readouterr().out
    )
    # what the notebooks then load: 276 of 320 wrote a comment (counted in the file by hand)
    loaded = load_report_survey(
        params["data_path"], score=params["score"], comment=params["comment"], date="date"
    )
    raw = pd.read_csv(survey_file, keep_default_na=False)
    assert (raw[WHY].str.strip() != "").sum() == 276
    assert loaded.has_comment and int(loaded.survey["comment"].notna().sum()) == 276
    assert loaded.has_date


def test_notebook_by_hand_uses_a_comment_column_read_survey_found(survey_file):
    loaded = load_report_survey(survey_file, score=LIKELY, comment=None, date=None)
    assert loaded.has_comment and int(loaded.survey["comment"].notna().sum()) == 276
    assert loaded.has_date  # a column named "date" is the date


@pytest.mark.parametrize(
    "flags, said",
    [
        (["--segments", "chanel"], "--segments chanel: no column 'chanel'"),
        (["--drivers", "rating_prise"], "--drivers rating_prise: no column 'rating_prise'"),
    ],
)
def test_typo_is_found_before_any_kernel_with_the_closest_name(
    survey_file, tmp_path, no_kernels, capsys, flags, said
):
    argv = ["report", "--data", str(survey_file), "--out", str(tmp_path / "o"), *flags]
    assert main(argv) == 1
    assert no_kernels == []  # neither run_report nor run_notebook was called
    err = capsys.readouterr().err
    assert said in err
    near = "channel" if "chanel" in said else "rating_price"
    assert f"did you mean {near!r}?" in err and "Fix: correct the name" in err
    assert "segments=" not in err and "the `segments` parameter" not in err


@pytest.mark.skipif(
    "compare" not in {p.name for p in PARAMETERS}, reason="--compare not declared yet"
)
def test_compare_typo_is_found_before_any_kernel(survey_file, tmp_path, no_kernels, capsys):
    argv = ["report", "--data", str(survey_file), "--out", str(tmp_path / "o")]
    assert main([*argv, "--compare", "Channel "]) == 1
    assert no_kernels == []
    assert "did you mean 'channel'?" in capsys.readouterr().err


def test_read_survey_errors_name_the_flag(tmp_path, no_kernels, capsys):
    path = tmp_path / "two.csv"
    pd.DataFrame(
        {LIKELY: [9, 3, 7], "Why?": ["a b c", "d e", "f"], "Reason": ["x y", "z", "w v"]}
    ).to_csv(path, index=False)
    assert main(["report", "--data", str(path), "--out", str(tmp_path / "o")]) == 1
    assert no_kernels == []
    err = capsys.readouterr().err
    assert "several columns could be the comment question" in err
    assert "pass --comment the one to analyse" in err and "comment=" not in err


def test_in_a_notebook_the_parameter_is_named(survey_file):
    with pytest.raises(ValueError) as err:
        load_report_survey(survey_file, score=LIKELY, segments=["chanel"])
    message = str(err.value)
    assert "the `segments` parameter" in message and "did you mean 'channel'?" in message


def test_prepare_parameters_keeps_given_columns(survey_file):
    params = {p.name: None for p in PARAMETERS}
    params.update(data_path=str(survey_file), score=LIKELY, comment=WHY, segments=["channel"])
    prepared = prepare_parameters(params)
    assert prepared["comment"] == WHY and prepared["segments"] == ["channel"]
    assert prepared["date"] == "date" and prepared["respondent"] is None


def test_wording_helpers():
    assert command_wording("Fix: pass header_row=3.") == "Fix: pass --header-row 3."
    assert command_wording("check score= and scale=.") == "check --score and --scale."
    assert command_wording("pass respondent=.") == "pass --respondent."
    assert command_wording("duplicates='latest' stays") == "duplicates='latest' stays"
    assert in_words("segments", True) == "--segments" and in_words("segments", False) == "segments"
    assert closest("REGION", ["channel", "region"]) == "region"
    assert closest("zzz", ["channel", "region"]) is None
    with pytest.raises(ValueError, match="--compare arm: no column 'arm'"):
        check_columns(["score", "group"], "s.csv", compare="arm", command=True)
