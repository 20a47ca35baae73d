"""The project's set-up promises: two commands, CI, and conda == pip."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI's.
CONDA_TO_PYPI = {"python-duckdb": "duckdb"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_norm(r.name): str(r.specifier) for r in map(Requirement, reqs)}


def _environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    found = {}
    for dep in env["dependencies"]:
        entries = dep["pip"] if isinstance(dep, dict) else [dep]
        for entry in entries:
            if entry.startswith("-") or entry in ("pip",):
                continue
            req = Requirement(entry.replace(" ", ""))
            if req.name == "python":
                continue
            found[_norm(CONDA_TO_PYPI.get(req.name, req.name))] = str(req.specifier)
    return found


def test_environment_yml_matches_pyproject():
    assert _environment_requirements() == _pyproject_requirements()


def test_environment_yml_installs_the_kit_with_pip():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python == "python>=3.11"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make report" in readme and "make test" in readme
    commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith(("set ", "cd "))
    ]
    # The last command is the README's test command; before it, CI may only install
    # the system packages it needs (Debian's chromium for the browser check).
    assert commands[-1] == "make test"
    setup = " ".join(commands[:-1])
    for other in ("make ", "pytest", "pip ", "curl", "wget"):
        assert other not in setup, f".ci/run runs {other!r} besides make test"
    if setup:
        assert "apt-get install" in setup and "chromium" in setup


def test_make_help_lists_the_two_commands():
    out = subprocess.run(
        ["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert re.search(r"report\s.*reports/", out.stdout)
    assert re.search(r"test\s.*tests", out.stdout)


def test_pytest_refuses_to_pass_with_no_tests():
    # `make test` runs pytest, whose exit code 5 ("no tests collected") fails make.
    makefile = (ROOT / "Makefile").read_text()
    assert "pytest" in makefile and "|| true" not in makefile


# ------------------------------------------------------------------ the wheel
def _source_files() -> list[str]:
    """The repository's files, as a clean clone would have them (git's view)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    return [name.decode() for name in listed if name and (ROOT / name.decode()).is_file()]


def _build_wheel(tmp_path: Path) -> Path:
    """Build the wheel from a copy of the repository's files (no build/ left in the tree)."""
    import setuptools

    source = tmp_path / "src"
    for name in _source_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        str(source),
        "--no-deps",
        "-w",
        tmp_path / "dist",
    ]
    # Without build isolation when this environment's setuptools is new enough (no
    # download); otherwise pip fetches the [build-system] requirements.
    if int(setuptools.__version__.split(".")[0]) >= 77:
        command.append("--no-build-isolation")
    subprocess.run(command, check=True, capture_output=True, text=True)
    (wheel,) = (tmp_path / "dist").glob("nps_toolkit-*.whl")
    return wheel


@pytest.mark.slow
def test_wheel_ships_the_notebooks_and_runs_the_report_from_anywhere(tmp_path):
    import nbformat

    wheel = _build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert f"nps_toolkit/report/notebooks/{notebook.name}" in names
    for demo in ("survey.csv", "orders.csv"):
        assert f"nps_toolkit/datasets/demo_files/{demo}" in names

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", site, wheel],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-m", "nps_toolkit", "report", "--demo", "--out", "X", "--quiet"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = elsewhere / "X"
    packaged = site / "nps_toolkit" / "report" / "notebooks"
    for name in ("01-nps-overview", "02-detractor-comments", "03-nps-and-repeat-purchase"):
        assert (out / f"{name}.html").is_file()
        meta = nbformat.read(out / "executed" / f"{name}.ipynb", as_version=4).metadata
        # the notebooks (and so the kit) came from the installed wheel, not the repository
        assert Path(meta["nps_toolkit"]["source"]).parent == packaged.resolve()
    assert (out / "04-report.html").is_file()
