"""The project's set-up promises: two commands, CI, and conda == pip."""

import re
import subprocess
import tomllib
from pathlib import Path

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
