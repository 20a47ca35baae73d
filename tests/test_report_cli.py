"""Tests of the ``nps-toolkit`` command line (argument parsing and errors)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nps_toolkit.report.cli import build_parser, main, parameters_from_args
from nps_toolkit.report.run import default_parameters


def parse(*argv):
    return parameters_from_args(build_parser().parse_args(["report", *argv]))


def test_demo_parameters_are_the_defaults():
    assert parse("--demo") == default_parameters()


def test_demo_with_overrides():
    p = parse("--demo", "--benchmark", "35", "--freq", "QS", "--no-redact", "--window", "90D",
              "--min-epv", "0")  # fmt: skip
    assert p["benchmark"] == 35.0
    assert p["min_epv"] == 0.0
    assert p["freq"] == "QS"
    assert p["window"] == "90D"
    assert p["redact"] is False
    assert p["score"] == "score"  # untouched defaults stay


def test_botanic_parameters():
    p = parse(
        "--data", "data/botanic_nps_fr/nps_original_cp1252.csv", "--score", "nps",
        "--comment", "explication", "--respondent", "id", "--scale", "1-10",
        "--outcome", "NbPassageKS", "--drivers", "satisfaction, intention",
    )  # fmt: skip
    assert p["data_path"].endswith("nps_original_cp1252.csv")
    assert (p["score"], p["comment"], p["respondent"]) == ("nps", "explication", "id")
    assert p["scale"] == [1, 10]
    assert p["outcome"] == "NbPassageKS"
    assert p["drivers"] == ["satisfaction", "intention"]
    # nothing from the demo leaks into another dataset's run
    assert p["date"] is None and p["orders_path"] is None and p["segments"] == []
    assert p["redact"] is True and p["window"] == "180D" and p["freq"] == "MS"
    assert set(p) == set(default_parameters())


def test_orders_default_columns():
    p = parse("--data", "s.csv", "--orders", "o.csv", "--respondent", "cust")
    assert p["orders_path"] == "o.csv"
    assert p["customer"] == "cust" and p["order_date"] == "order_date"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--data", "s.csv", "--scale", "ten"], "--scale 'ten': write the lowest and highest"),
        (["--data", "s.csv", "--scale", "10-1"], "LOW must be below HIGH"),
        (["--data", "s.csv", "--benchmark", "150"], "between -100 and 100"),
        (["--data", "s.csv", "--window", "soon"], "--window 'soon': give a positive length"),
        (["--data", "s.csv", "--freq", "fortnightly"], "--freq 'fortnightly'"),
        (["--data", "s.csv", "--min-epv", "-1"], "--min-epv '-1': give a number of events"),
        (["--demo", "--data", "s.csv"], "not allowed with argument"),
        ([], "one of the arguments --demo --data is required"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(argv, message, capsys):
    with pytest.raises(SystemExit) as info:
        main(["report", *argv])
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_missing_file_is_named(tmp_path, capsys):
    missing = tmp_path / "nope.csv"
    with pytest.raises(SystemExit) as info:
        main(["report", "--data", str(missing), "--out", str(tmp_path / "out")])
    assert info.value.code == 2
    assert f"--data {missing}: no such file" in capsys.readouterr().err


def test_unknown_notebook_in_only(capsys, tmp_path):
    assert main(["report", "--demo", "--only", "07", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "--only: no report notebook matches ['07']" in err


def test_python_dash_m_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "nps_toolkit", "report", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert "--segments A,B" in proc.stdout and "--no-redact" in proc.stdout


def test_failed_notebook_error_names_flags_not_arguments(tmp_path, monkeypatch, capsys):
    """A cell's exception is worded for the command (``--comment``); its code is kept."""
    import nps_toolkit.report.run as run_module
    from nps_toolkit.report.errors import NotebookError

    def failing(params, out, **options):
        raise NotebookError(
            notebook="02-detractor-comments",
            cell=5,
            execution_count=3,
            source_line='impact = theme_impact(commented, comment="comment")',
            ename="ValueError",
            evalue="several columns could be the comment.\nFix: pass comment= the one.",
            executed=tmp_path / "x.ipynb",
        )

    monkeypatch.setattr(run_module, "run_report", failing)
    assert main(["report", "--demo", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "ValueError: several columns could be the comment.\nFix: pass --comment the one." in err
    assert 'theme_impact(commented, comment="comment")' in err  # the code as written


def test_default_title_names_the_file_and_title_overrides_it():
    p = parse("--data", "data/botanic_nps_fr/nps_original_cp1252.csv", "--score", "nps")
    assert p["title"] == "NPS survey from nps_original_cp1252.csv"
    p = parse("--data", "x/telecom pilot.xlsx", "--title", "Sales call pilot")
    assert p["title"] == "Sales call pilot"
    assert parse("--demo")["title"] == "Demo shop"
