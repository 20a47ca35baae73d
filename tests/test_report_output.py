"""The output folder of a report run: files the kit did not write, the lock, Ctrl-C.

The fast tests run a tiny notebook (one kernel, a few cells) through
``run_report(notebooks=...)``; the slow one runs the real notebooks.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from nps_toolkit.report.errors import ReportError
from nps_toolkit.report.output import KIT_FOLDER, OutputFolder
from nps_toolkit.report.run import run_report


class Planted:
    """Unpickling this runs code: it creates the file named in ``marker``."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def _notebook(folder: Path, name: str, *cells: str) -> Path:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    params = new_code_cell("data_path = None\nout_dir = None\nrun_id = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(new_code_cell(textwrap.dedent(c)) for c in cells)]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture
def survey(tmp_path):
    path = tmp_path / "survey.csv"
    pd.DataFrame({"score": [10, 9, 3, 7, 0], "comment": ["a", "b", "c", "d", "e"]}).to_csv(
        path, index=False
    )
    return path


@pytest.fixture
def reading(tmp_path):
    """A notebook that reads the survey through the run's cache and writes a file."""
    return _notebook(
        tmp_path / "nbs",
        "01-read",
        """
        from pathlib import Path
        from nps_toolkit.report.cache import load_survey
        survey = load_survey(data_path, out_dir=out_dir, run_id=run_id, score="score")
        again = load_survey(data_path, out_dir=out_dir, run_id=run_id, score="score")
        assert again.equals(survey)
        cache = sorted(p.name for p in (Path(out_dir) / ".nps-toolkit").glob("run-*/cache/*"))
        (Path(out_dir) / "seen.json").write_text(__import__("json").dumps(cache))
        """,
    )


def _run(notebook, out, survey, **kwargs):
    params = {"data_path": str(survey), "out_dir": None, "run_id": None}
    return run_report(params, out, notebooks=[notebook], progress=False, **kwargs)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and KIT_FOLDER not in p.parts
    }


def test_planted_files_are_not_used_deleted_or_executed(tmp_path, reading, survey):
    out = tmp_path / "userproj"
    marker = tmp_path / "pickle-ran"
    (out / "cache").mkdir(parents=True)
    (out / "results").mkdir()
    (out / "notes.txt").write_text("my notes")
    (out / "cache" / "survey-0123456789abcdef.pkl").write_bytes(pickle.dumps(Planted(marker)))
    (out / "results" / "02-detractor-comments.json").write_text(
        json.dumps({"schema_version": 1, "run_id": "another-run", "results": {"n_comments": 7}})
    )
    (out / "follow_up_list.csv").write_text("someone else's list")
    before = _files(out)

    result = _run(reading, out, survey)

    after = _files(out)
    assert {k: after[k] for k in before} == before  # nothing deleted or changed
    assert not marker.exists()  # the pickle was never loaded
    assert (out / "01-read.html").is_file()
    # the notebook read through this run's own (Parquet) cache, removed at the end
    cached = json.loads((out / "seen.json").read_text())
    assert len(cached) == 1 and cached[0].startswith("survey-")
    assert not list((out / KIT_FOLDER).glob("run-*"))
    # the index and the run summary name only this run's files
    index = (out / "index.html").read_text()
    assert "follow_up_list" not in index and "notes.txt" not in index
    summary = json.loads((out / "results" / "run.json").read_text())
    assert summary["run_id"] == result.run_id
    assert (
        set(summary["files"])
        == set(result.written)
        == {
            "01-read.html",
            "executed/01-read.ipynb",
            "index.html",
            "results/run.json",
            "seen.json",
        }
    )


def test_refuses_to_overwrite_a_file_it_did_not_write(tmp_path, reading, survey):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("the user's own page")
    with pytest.raises(ReportError) as info:
        _run(reading, out, survey)
    message = str(info.value)
    assert "index.html" in message and "did not write" in message and "--out" in message
    assert (out / "index.html").read_text() == "the user's own page"
    assert sorted(p.name for p in out.iterdir()) == [KIT_FOLDER, "index.html"]


def test_second_run_replaces_its_own_files_but_not_edited_ones(tmp_path, reading, survey):
    out = tmp_path / "out"
    first = _run(reading, out, survey)
    second = _run(reading, out, survey)  # the kit's own, unchanged files: replaced
    assert second.run_id != first.run_id
    assert json.loads((out / "results" / "run.json").read_text())["run_id"] == second.run_id
    (out / "01-read.html").write_text("edited by hand")
    with pytest.raises(ReportError, match="01-read.html"):
        _run(reading, out, survey)
    assert (out / "01-read.html").read_text() == "edited by hand"


def test_out_is_a_file(tmp_path, reading, survey):
    target = tmp_path / "report.html"
    target.write_text("x")
    with pytest.raises(ReportError, match=r"is a file, not a folder. Fix: give a folder"):
        _run(reading, target, survey)
    assert target.read_text() == "x"


def test_a_second_run_into_the_same_folder_is_refused(tmp_path, reading, survey):
    out = tmp_path / "out"
    with OutputFolder(out) as running:
        with pytest.raises(ReportError, match="another report run .*is writing into"):
            _run(reading, out, survey)
        assert running.run.is_dir()
    assert not running.run.exists()
    _run(reading, out, survey)  # the lock is free again


def test_the_lock_is_released_when_the_holder_dies(tmp_path):
    out = tmp_path / "out"
    code = (
        "import os; from nps_toolkit.report.output import OutputFolder\n"
        f"f = OutputFolder({str(out)!r}).__enter__(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    with OutputFolder(out):
        pass


def test_ctrl_c_stops_the_run_removes_the_cache_and_says_what_was_kept(tmp_path, survey):
    sleeper = _notebook(
        tmp_path / "nbs",
        "01-sleep",
        """
        from pathlib import Path
        from nps_toolkit.report.cache import load_survey
        survey = load_survey(data_path, out_dir=out_dir, run_id=run_id, score="score")
        Path(out_dir, "started").write_text("yes")
        """,
        "import time\nfor _ in range(600):\n    time.sleep(0.5)",
    )
    out = tmp_path / "out"
    script = (
        "import sys\nfrom nps_toolkit.report.run import run_report\n"
        f"run_report({{'data_path': {str(survey)!r}}}, {str(out)!r}, "
        f"notebooks=[{str(sleeper)!r}], progress=False)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while not (out / "started").exists():
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "the notebook did not start"
            time.sleep(0.1)
        assert list((out / KIT_FOLDER).glob("run-*/cache/survey-*"))
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C goes to the whole process group
        _, err = proc.communicate(timeout=60)  # a guard against a hang, not a timing
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode != 0
    assert "interrupted" in err and "survey cache removed" in err and "started" in err
    assert not list((out / KIT_FOLDER).glob("run-*"))  # the cache went with the run folder
    assert (out / "started").exists()  # what was written is kept


@pytest.mark.slow
def test_real_notebooks_ignore_another_runs_files(tmp_path):
    """--only 01,04 into a folder holding another survey's 02 results and follow-up
    list: the summary does not use them, the index does not link them, and the
    user's file, the planted pickle and the foreign files stay as they were."""
    from nps_toolkit.report.cli import main

    out = tmp_path / "userproj"
    marker = tmp_path / "pickle-ran"
    (out / "cache").mkdir(parents=True)
    (out / "results").mkdir()
    (out / "notes.txt").write_text("my notes")
    (out / "cache" / "survey-0123456789abcdef.pkl").write_bytes(pickle.dumps(Planted(marker)))
    foreign = {"n_respondents": 987654, "n_comments": 876543, "follow_up_rows": 765432}
    (out / "results" / "02-detractor-comments.json").write_text(
        json.dumps(
            {
                "schema_version": 1,
                "notebook": "02-detractor-comments",
                "run_id": "another-run",
                "results": foreign,
            }
        )
    )
    (out / "follow_up_list.csv").write_text("someone else's list")
    before = _files(out)

    assert main(["report", "--demo", "--only", "01,04", "--out", str(out), "--quiet"]) == 0

    after = _files(out)
    assert {k: after[k] for k in before} == before
    assert not marker.exists()
    summary = (out / "04-report.html").read_text() + (
        out / "results" / "04-report.json"
    ).read_text()
    for number in ("987,654", "876,543", "765,432", "987654", "876543", "765432"):
        assert number not in summary
    index = (out / "index.html").read_text()
    assert "follow_up_list" not in index and "02-detractor-comments" not in index
    run = json.loads((out / "results" / "run.json").read_text())
    assert "follow_up_list.csv" not in run["files"] and "notes.txt" not in run["files"]
    assert not list((out / KIT_FOLDER).glob("run-*"))


def test_summary_cells_wait_for_the_other_notebooks(tmp_path, survey):
    """When a slot is free the summary's kernel starts early; its cells still run
    only after every other notebook has finished (they read what those wrote)."""
    folder = tmp_path / "nbs"
    quick = _notebook(folder, "01-quick", "x = 1")
    slow = _notebook(
        folder,
        "02-slow",
        "import time\nfrom pathlib import Path\ntime.sleep(6)\n"
        "Path(out_dir, 'from-02.txt').write_text('done')",
    )
    summary = _notebook(
        folder,
        "04-report",
        "from pathlib import Path\nassert Path(out_dir, 'from-02.txt').read_text() == 'done'",
    )
    notebooks = [quick, slow, summary]
    params = {"data_path": str(survey)}
    result = run_report(params, tmp_path / "out", notebooks=notebooks, progress=False, jobs=2)
    assert [e.name for e in result.entries] == ["01-quick", "02-slow", "04-report"]
    assert [e.status for e in result.entries] == ["ok", "ok", "ok"]
