"""Run the report notebooks on a survey and write self-contained, safe HTML reports.

The numbered notebooks (:func:`~nps_toolkit.report.notebook.notebooks_dir`: the
repository's ``notebooks/`` in a clone, the copies inside the wheel otherwise)
are the analysis; :func:`run_report` runs them, each in one kernel, with the
parameters injected after their ``parameters`` cell, keeps the executed
notebooks, exports each to HTML in this process
(:mod:`nps_toolkit.report.html`) and writes an ``index.html`` linking them.
``nps-toolkit report`` (:mod:`nps_toolkit.report.cli`) is a thin shell around it.

Running: notebooks 01-03 run side by side (``jobs``), the executive summary
(04) last, from the results of this run only (each run has a ``run_id``, stamped
on its results). The survey is read once per run and shared through a Parquet
cache in the run's own folder (:func:`nps_toolkit.report.cache.load_survey`).

The output folder (:mod:`nps_toolkit.report.output`) is locked for the run; no
file the kit did not write is overwritten or deleted; the index and the run
summary list only the files this run wrote. Ctrl-C kills the kernels at once,
removes the cache and says what was kept.

Layout of an output folder ``OUT``::

    OUT/index.html               links to this run's reports
    OUT/01-nps-overview.html ... one HTML page per notebook
    OUT/executed/*.ipynb         the executed notebooks (with tracebacks on failure)
    OUT/results/*.json           results of each notebook, stamped with the run id
    OUT/results/run.json         the run summary: status, time and files of this run
    OUT/follow_up_list.csv/.xlsx written by notebook 02
    OUT/.nps-toolkit/            lock, manifest of the kit's files, the run's scratch folder
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nps_toolkit.report.cache import load_survey
from nps_toolkit.report.errors import NotebookError, ReportError
from nps_toolkit.report.html import (
    export_html,
    external_resources,
    md_escape,
    warm_up,
    write_index,
)
from nps_toolkit.report.notebook import (
    KERNEL_READY,
    NOTEBOOKS,
    TITLES,
    find_notebooks,
    kill_kernels,
    notebook_problems,
    notebooks_dir,
    run_notebook,
)
from nps_toolkit.report.output import OutputFolder
from nps_toolkit.report.parameters import default_parameters, resolve_data_path
from nps_toolkit.report.results import read_results, write_results

# Names kept importable from here (they moved to the modules above).
__all__ = [
    "NOTEBOOKS",
    "TITLES",
    "Entry",
    "NotebookError",
    "ReportError",
    "ReportResult",
    "default_parameters",
    "export_html",
    "external_resources",
    "find_notebooks",
    "load_survey",
    "md_escape",
    "notebook_problems",
    "notebooks_dir",
    "read_results",
    "run_notebook",
    "run_report",
    "write_index",
    "write_results",
]

_SUMMARY = "04-report"


@dataclass
class Entry:
    """One notebook of a run: ``status`` is ``"ok"`` or ``"failed"``; ``timings``:
    seconds of ``kernel_start``, ``first_import_cell``, ``analysis`` and ``export``."""

    name: str
    status: str
    html: Path | None = None
    executed: Path | None = None
    seconds: float = 0.0
    error: str = ""
    exception: Exception | None = None
    timings: dict = field(default_factory=dict)


@dataclass
class ReportResult:
    """What :func:`run_report` produced: the folder, the index, one entry per
    notebook, the run id and the files this run wrote (relative to ``out``)."""

    out: Path
    index: Path
    entries: list[Entry] = field(default_factory=list)
    run_id: str = ""
    written: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Entry]:
        return [e for e in self.entries if e.status != "ok"]

    @property
    def html(self) -> list[Path]:
        return [e.html for e in self.entries if e.html is not None]


def _targets(paths: Sequence[Path]) -> list[str]:
    """The files a run of ``paths`` writes (relative to the output folder)."""
    names = ["index.html", "results/run.json"]
    for p in paths:
        names += [f"{p.stem}.html", f"executed/{p.name}", f"results/{p.stem}.json"]
        if p.stem.startswith("02"):
            names += ["follow_up_list.csv", "follow_up_list.xlsx"]
    return names


def _run_one(path: Path, out: Path, params: Mapping, options: Mapping, position: int) -> Entry:
    executed = out / "executed" / path.name
    begin = time.perf_counter()
    try:
        nb = run_notebook(
            path,
            executed,
            params,
            cwd=path.parent,
            progress={"position": position} if options["progress"] else False,
            kernel_name=options["kernel_name"],
            gate=options.get("gate"),
        )
        exported = time.perf_counter()
        page = export_html(nb, out / f"{path.stem}.html", show_code=options["show_code"])
    except ReportError as exc:
        return Entry(
            path.stem, "failed", None, executed, time.perf_counter() - begin, str(exc), exc
        )
    timings = dict(nb.metadata.get("nps_toolkit", {}).get("timings", {}))
    timings["export"] = round(time.perf_counter() - exported, 3)
    return Entry(path.stem, "ok", page, executed, time.perf_counter() - begin, timings=timings)


def _run_all(paths, out, params, options, jobs: int) -> list[Entry]:
    """Run the notebooks, ``jobs`` at a time, in daemon threads so that Ctrl-C
    reaches this thread at once (the caller then kills the kernels).

    The summary (04) reads the others' results: its kernel starts as soon as a
    slot is free, and its cells run once every other notebook has finished.
    """
    first = [p for p in paths if p.stem != _SUMMARY]
    last = [p for p in paths if p.stem == _SUMMARY]
    queue = list(enumerate(first))
    results: dict[int, Entry] = {}
    done, lock = threading.Event(), threading.Lock()
    summary: list[threading.Thread] = []

    def start_summary(slot: int) -> None:
        with lock:
            if last and not summary:
                gated = {**options, "gate": done}

                def run() -> None:
                    results[len(first)] = _run_one(last[0], out, params, gated, slot)

                summary.append(threading.Thread(target=run, daemon=True))
                summary[0].start()

    def work(slot: int) -> None:
        while True:
            with lock:
                if not queue:
                    break
                i, path = queue.pop(0)
            results[i] = _run_one(path, out, params, options, slot)
        start_summary(slot)

    jobs = max(1, jobs)
    workers = [threading.Thread(target=work, args=(s,), daemon=True) for s in range(jobs)]
    for t in workers[: max(1, min(jobs, len(first)))]:
        t.start()
    for t in workers:
        while t.is_alive():
            t.join(0.1)
    done.set()
    start_summary(0)  # no other notebook (or none started it)
    for t in summary:
        while t.is_alive():
            t.join(0.1)
    return [results[i] for i in sorted(results)]


def _warm_up(show_code: bool) -> None:
    """Compile the HTML template once a kernel is up: not before, when the notebook
    threads import their own modules (the imports would wait for each other)."""
    KERNEL_READY.wait(120)
    warm_up(show_code)


def _parameters(parameters: Mapping | None, out: Path, run_id: str) -> dict:
    params = dict(default_parameters() if parameters is None else parameters)
    for key, kind in (("data_path", "survey"), ("orders_path", "orders")):
        if params.get(key):
            params[key] = str(resolve_data_path(params[key], kind))
    data_path = params.get("data_path")
    if data_path and not Path(data_path).is_file():
        raise ReportError(f"survey file not found: {data_path}. Fix: check --data.")
    params["out_dir"] = str(out)
    params["run_id"] = run_id
    return params


def _summary(folder: OutputFolder, entries: Sequence[Entry], written: Sequence[str]) -> None:
    (folder.out / "results").mkdir(exist_ok=True)
    summary = {
        "run_id": folder.run_id,
        "notebooks": {
            e.name: {
                "status": e.status,
                "seconds": round(e.seconds, 1),
                "timings": e.timings,
                "error": e.error,
            }
            for e in entries
        },
        "files": sorted({*written, "index.html", "results/run.json"}),
    }
    path = folder.out / "results" / "run.json"
    path.write_text(json.dumps(summary, indent=2), encoding="utf-8")


def _interrupted(folder: OutputFolder) -> None:
    """Ctrl-C: kill the kernels, say what was kept (the cache goes with the run folder)."""
    kill_kernels()
    kept = folder.written()
    print(
        f"\nnps-toolkit report: interrupted; the kernels were stopped and the survey cache "
        f"removed. Kept in {folder.out}: "
        + (", ".join(kept) if kept else "nothing new")
        + ". Earlier files there were not touched.",
        file=sys.stderr,
    )


def run_report(
    parameters: Mapping | None = None,
    out="reports",
    *,
    only: Sequence[str] | None = None,
    show_code: bool = False,
    progress: bool = True,
    notebooks=None,
    kernel_name: str = "python3",
    raise_on_error: bool = True,
    jobs: int = 1,
    run_id: str | None = None,
) -> ReportResult:
    """Run the report notebooks on a dataset and write HTML reports to ``out``.

    Every notebook runs even if an earlier one failed (the index lists the
    failure); at the end a :class:`NotebookError` (one failure) or
    :class:`ReportError` (several) is raised unless ``raise_on_error=False``.

    Parameters
    ----------
    parameters : mapping, optional
        Notebook parameters (see :func:`default_parameters`, which is the
        default). ``out_dir`` is set to ``out`` and ``run_id`` to the run's id;
        ``"demo"`` paths are resolved (:func:`resolve_data_path`).
    out : path
        Output folder (created). Files the kit did not write are never
        overwritten or deleted: the run refuses to start instead (the message
        names them). A second run into the same folder at the same time is refused.
    only : sequence of str, optional
        Notebook prefixes to run, e.g. ``["01", "03"]``.
    show_code : bool
        Keep the code in the HTML.
    progress : bool
        Progress bar per notebook.
    notebooks : path or sequence of paths, optional
        A folder of notebooks, or explicit notebook files (default
        :func:`notebooks_dir`).
    kernel_name : str
        Jupyter kernel.
    raise_on_error : bool
        Raise after writing the index if a notebook failed.
    jobs : int
        Notebooks run side by side (each in its own kernel); the executive
        summary (04) always runs after the others.
    run_id : str, optional
        The run's id (default: a fresh one).

    Returns
    -------
    ReportResult
        Output folder, index path, one entry per notebook, run id and the files written.
    """
    if notebooks is None or isinstance(notebooks, str | os.PathLike):
        paths = find_notebooks(only, notebooks)
    else:
        paths = [Path(p) for p in notebooks]
    options = {"progress": progress, "kernel_name": kernel_name, "show_code": show_code}
    import nbclient  # noqa: F401  (imported here once, before the notebook threads)
    import nbformat  # noqa: F401

    with OutputFolder(out, run_id) as folder:
        params = _parameters(parameters, folder.out, folder.run_id)
        folder.claim(_targets(paths))
        threading.Thread(target=_warm_up, args=(show_code,), daemon=True).start()
        try:
            entries = _run_all(paths, folder.out, params, options, jobs)
        except KeyboardInterrupt:
            _interrupted(folder)
            raise
        written = folder.written()
        title = f"NPS report: {params.get('title') or 'survey'}"
        index = write_index(folder.out, entries, title=title, written=written)
        _summary(folder, entries, written)
        written = folder.record()
    result = ReportResult(folder.out, index, entries, folder.run_id, written)
    if raise_on_error:
        _raise_failures(result)
    return result


def _raise_failures(result: ReportResult) -> None:
    failed = result.failed
    if len(failed) == 1 and failed[0].exception is not None:  # keep its type
        raise failed[0].exception
    if failed:
        raise ReportError(
            f"{len(failed)} of {len(result.entries)} notebooks failed (see {result.index}):\n\n"
            + "\n\n".join(e.error for e in failed)
        )
