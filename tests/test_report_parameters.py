"""Tests of nps_toolkit.report.parameters: one declaration, the cell, the CLI, "demo"."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

from nps_toolkit.report.cli import build_parser, parameters_from_args
from nps_toolkit.report.parameters import (
    PARAMETERS,
    default_parameters,
    parameters_cell,
    resolve_data_path,
)

ROOT = Path(__file__).resolve().parents[1]


def test_cell_runs_to_the_defaults():
    namespace: dict = {}
    exec(parameters_cell(), namespace)  # the cell is plain Python with literals only
    namespace.pop("__builtins__")
    assert namespace == default_parameters()
    assert list(namespace) == [p.name for p in PARAMETERS]


def test_cell_is_literals_one_assignment_per_parameter_with_help():
    tree = ast.parse(parameters_cell())
    assert [node.targets[0].id for node in tree.body] == [p.name for p in PARAMETERS]
    for node in tree.body:
        ast.literal_eval(node.value)
    for p in PARAMETERS:
        assert f"  # {p.help}" in parameters_cell()


def test_cell_is_left_alone_by_ruff(tmp_path):
    ruff = ROOT / ".venv" / "bin" / "ruff"
    if not ruff.exists():
        pytest.skip("ruff not installed")
    path = tmp_path / "cell.py"
    path.write_text(parameters_cell() + "\n")
    subprocess.run([ruff, "format", "--line-length", "100", "-q", path], check=True)
    assert path.read_text() == parameters_cell() + "\n"


def test_new_parameters():
    p = default_parameters()
    assert p["run_id"] is None and p["themes"] == "ecommerce"
    assert p["data_path"] == "demo" and p["orders_path"] == "demo"
    assert p["out_dir"] == "../reports"


def test_defaults_are_fresh_copies():
    default_parameters()["segments"].append("x")
    assert "x" not in default_parameters()["segments"]


def test_every_flag_is_an_option():
    parser = build_parser()
    report = parser._subparsers._group_actions[0].choices["report"]
    options = {o for a in report._actions for o in a.option_strings}
    for p in PARAMETERS:
        if p.flag:
            assert p.flag in options


def test_themes_default_depends_on_demo():
    parse = build_parser().parse_args
    assert parameters_from_args(parse(["report", "--demo"]))["themes"] == "ecommerce"
    assert parameters_from_args(parse(["report", "--data", "s.csv"]))["themes"] is None
    got = parameters_from_args(parse(["report", "--data", "s.csv", "--themes", "t.yaml"]))
    assert got["themes"] == "t.yaml"


def test_resolve_demo_paths():
    survey = Path(resolve_data_path("demo", "survey"))
    orders = Path(resolve_data_path("demo", "orders"))
    assert survey.name == "survey.csv" and survey.is_file()
    assert orders.name == "orders.csv" and orders.is_file()
    # the same bytes as the repository's data/demo files
    assert survey.read_bytes() == (ROOT / "data" / "demo" / "survey.csv").read_bytes()
    assert resolve_data_path("x.csv") == "x.csv" and resolve_data_path(None) is None
    with pytest.raises(ValueError, match="kind"):
        resolve_data_path("demo", "other")
