"""Finding the report notebooks and running one (nbclient, one kernel, in memory).

The notebooks are ``notebooks/*.ipynb`` of the repository in a clone, or the
copies shipped inside the wheel (``nps_toolkit/report/notebooks/``, put there at
build time). :func:`run_notebook` injects the parameters after the
``parameters`` cell (as papermill does: a cell tagged ``injected-parameters``),
runs every cell in one kernel, and writes the executed copy once, also on
failure. Kernels of running notebooks can be killed at once
(:func:`kill_kernels`, for Ctrl-C).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from nps_toolkit.report.errors import NotebookError, ReportError
from nps_toolkit.report.kernel import execute

__all__ = [
    "NOTEBOOKS",
    "TITLES",
    "find_notebooks",
    "kill_kernels",
    "notebook_problems",
    "notebooks_dir",
    "run_notebook",
]

#: The report notebooks, in the order they run (04 reads the results of 01-03).
NOTEBOOKS = (
    "01-nps-overview",
    "02-detractor-comments",
    "03-nps-and-repeat-purchase",
    "04-report",
)

#: Page titles of the report notebooks.
TITLES = {
    "01-nps-overview": "NPS overview: score, segments and trend",
    "02-detractor-comments": "Why detractors are unhappy: the comments",
    "03-nps-and-repeat-purchase": "Does NPS predict repeat purchase?",
    "04-report": "Executive summary",
}

_INJECTED = "injected-parameters"
_active: set = set()  # notebook clients running now (their kernels are killed on Ctrl-C)
_active_lock = threading.Lock()
#: Set when a kernel of this process is ready (a run then warms up the HTML export).
KERNEL_READY = threading.Event()


def notebooks_dir() -> Path:
    """The folder of the report notebooks: the repository's ``notebooks/`` in a clone,
    else the copies inside the installed package (``nps_toolkit/report/notebooks``).

    Raises
    ------
    ReportError
        If neither holds the notebooks.
    """
    here = Path(__file__).resolve().parent
    clone, packaged = here.parents[1] / "notebooks", here / "notebooks"
    for folder in (clone, packaged):
        if (folder / f"{NOTEBOOKS[0]}.ipynb").is_file():
            return folder
    raise ReportError(
        f"the report notebooks were found neither in {clone} nor in {packaged}. Fix: reinstall "
        "nps-toolkit (its wheel ships them), or pass notebooks= to run_report."
    )


def find_notebooks(only: Sequence[str] | None = None, directory=None) -> list[Path]:
    """Paths of the report notebooks to run, in running order.

    Parameters
    ----------
    only : sequence of str, optional
        Prefixes or names of the notebooks to keep, e.g. ``["01", "03"]``.
    directory : path, optional
        Folder holding the notebooks (default :func:`notebooks_dir`).

    Examples
    --------
    >>> [p.name for p in find_notebooks(["01", "04"])]
    ['01-nps-overview.ipynb', '04-report.ipynb']
    """
    folder = Path(directory) if directory is not None else notebooks_dir()
    names = list(NOTEBOOKS)
    if only:
        wanted = [str(o).strip() for o in only if str(o).strip()]
        unknown = [w for w in wanted if not any(n.startswith(w) for n in names)]
        if unknown:
            raise ReportError(
                f"--only: no report notebook matches {unknown}; choose among "
                f"{', '.join(n.split('-')[0] for n in names)} ({', '.join(names)})."
            )
        names = [n for n in names if any(n.startswith(w) for w in wanted)]
    paths = [folder / f"{n}.ipynb" for n in names]
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        raise ReportError(
            f"report notebooks missing from {folder}: {', '.join(missing)}. "
            "Restore them from the repository."
        )
    return paths


def _inject(nb, parameters: Mapping) -> None:
    """Add the parameters cell papermill would add, after the ``parameters`` cell."""
    from nbformat.v4 import new_code_cell

    nb.cells = [c for c in nb.cells if _INJECTED not in c.get("metadata", {}).get("tags", [])]
    source = "# Parameters\n" + "".join(f"{k} = {v!r}\n" for k, v in parameters.items())
    cell = new_code_cell(source, metadata={"tags": [_INJECTED]})
    tagged = [
        i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    nb.cells.insert(tagged[0] + 1 if tagged else 0, cell)


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _position(nb, index: int) -> int:
    """1-based position of cell ``index`` in the notebook as written (the injected
    parameters cell not counted)."""
    return 1 + sum(
        1 for c in nb.cells[:index] if _INJECTED not in c.get("metadata", {}).get("tags", [])
    )


def _bar(progress, name: str, total: int):
    if not progress:
        return None
    from tqdm.auto import tqdm

    options = {"desc": name, "leave": True, "total": total, "unit": "cell"}
    options.update(progress if isinstance(progress, dict) else {})
    return tqdm(**options)


def run_notebook(
    notebook,
    executed,
    parameters: Mapping | None = None,
    *,
    cwd=None,
    progress: bool | dict = True,
    kernel_name: str = "python3",
    timeout: int | None = 1800,
    gate: threading.Event | None = None,
):
    """Execute one notebook in one kernel and save the executed copy.

    Parameters
    ----------
    notebook : path
        The notebook to run (its ``parameters`` cell gets overridden).
    executed : path
        Where to write the executed notebook (also written on failure).
    parameters : mapping, optional
        Values injected after the ``parameters`` cell.
    cwd : path, optional
        Working folder of the kernel (default: the notebook's folder).
    progress : bool or dict
        Show a progress bar of the cells (a dict: extra tqdm options).
    kernel_name : str
        Jupyter kernel to use.
    timeout : int, optional
        Seconds allowed per cell.
    gate : threading.Event, optional
        Start the kernel now but run the first cell only once ``gate`` is set
        (the summary's kernel starts while the last other notebook finishes).

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook (also written to ``executed``).

    Raises
    ------
    NotebookError
        When a cell raises: the message names the notebook, the cell, the first
        line of its source, the exception and the executed notebook's path.
    """
    import nbformat
    from nbclient import NotebookClient

    notebook, executed = Path(notebook), Path(executed)
    executed.parent.mkdir(parents=True, exist_ok=True)
    # Kernels draw with Agg (inline PNG through %matplotlib inline), no display needed.
    os.environ.setdefault("MPLBACKEND", "Agg")
    nb = nbformat.read(notebook, as_version=4)
    _inject(nb, dict(parameters or {}))
    bar = _bar(progress, notebook.stem, sum(c.cell_type == "code" for c in nb.cells))
    clock = _Clock(nb, bar, gate)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        shutdown_kernel="immediate",  # the notebook is done: no graceful wait
        resources={"metadata": {"path": str(cwd if cwd is not None else notebook.parent)}},
        on_notebook_start=clock.kernel_ready,
        on_cell_start=clock.cell_start,
        on_cell_executed=clock.cell_done,
    )
    with _active_lock:
        _active.add(client)
    failure = None
    try:
        execute(client)
    except Exception as exc:  # a cell raised; or the kernel died, timed out, could not start
        failure = _failure(nb, exc, notebook, executed)
    finally:
        with _active_lock:
            _active.discard(client)
        if bar is not None:
            bar.close()
        meta = nb.metadata.setdefault("nps_toolkit", {})
        meta.update(timings=clock.timings(), source=str(notebook.resolve()))
        nbformat.write(nb, executed)  # also on failure: it holds the traceback
    if failure is not None:
        raise failure
    return nb


def _failure(nb, exc: Exception, notebook: Path, executed: Path) -> ReportError:
    """The error to raise for a failed notebook: which cell, what, where the traceback is."""
    from nbclient.exceptions import CellExecutionError

    if isinstance(exc, CellExecutionError):
        index = next((i for i, c in enumerate(nb.cells) if _is_error(c)), len(nb.cells) - 1)
        cell = nb.cells[index]
        source = next((line for line in cell.source.splitlines() if line.strip()), "")
        return NotebookError(
            notebook=notebook.stem,
            cell=_position(nb, index),
            execution_count=cell.get("execution_count"),
            source_line=source.strip(),
            ename=exc.ename,
            evalue=_strip_ansi(str(exc.evalue)),
            executed=executed,
        )
    error = ReportError(
        f"notebook {notebook.stem} could not be run: {type(exc).__name__}: "
        f"{_strip_ansi(str(exc)).strip()[:500]}\n"
        f"  the executed notebook so far: {executed}"
    )
    error.__cause__ = exc
    return error


class _Clock:
    """Where a notebook's time goes: kernel start, the first import cell, the rest."""

    def __init__(self, nb, bar, gate=None):
        self.nb, self.bar, self.gate = nb, bar, gate
        self.begin = time.perf_counter()
        self.ready = self.started = None
        self.cells: dict[int, float] = {}

    def kernel_ready(self, **_):
        self.ready = time.perf_counter()
        KERNEL_READY.set()
        if self.gate is not None:
            self.gate.wait()

    def cell_start(self, cell_index, **_):
        self.started = time.perf_counter()

    def cell_done(self, cell_index, **_):
        self.cells[cell_index] = time.perf_counter() - (self.started or time.perf_counter())
        if self.bar is not None:
            self.bar.update()

    def timings(self) -> dict:
        """Seconds: ``kernel_start``, ``first_import_cell`` (the first code cell after
        the parameters), ``analysis`` (the other cells)."""
        tags = [c.get("metadata", {}).get("tags", []) for c in self.nb.cells]
        plain = [
            i
            for i, c in enumerate(self.nb.cells)
            if c.cell_type == "code" and not {"parameters", _INJECTED} & set(tags[i])
        ]
        first = self.cells.get(plain[0], 0.0) if plain else 0.0
        return {
            "kernel_start": round((self.ready or self.begin) - self.begin, 3),
            "first_import_cell": round(first, 3),
            "analysis": round(sum(self.cells.values()) - first, 3),
        }


def _is_error(cell) -> bool:
    return cell.cell_type == "code" and any(
        o.get("output_type") == "error" for o in cell.get("outputs", [])
    )


def kill_kernels() -> int:
    """Kill the kernel of every notebook running now (Ctrl-C); returns how many."""
    with _active_lock:
        clients = list(_active)
    import atexit

    killed = 0
    for client in clients:
        # nbclient would shut the (dead) kernel down gracefully at exit: seconds lost
        atexit.unregister(client._cleanup_kernel)
        km = getattr(client, "km", None)
        process = getattr(getattr(km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()
            killed += 1
        if getattr(km, "connection_file", ""):
            Path(km.connection_file).unlink(missing_ok=True)
    return killed


def notebook_problems(path) -> list[str]:
    """Why a notebook is not fit to commit: outputs, execution counts, no ``parameters`` cell.

    Returns an empty list for a clean notebook.
    """
    import nbformat

    nb = nbformat.read(Path(path), as_version=4)
    problems = []
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        problems.append(f"{len(tagged)} cells tagged 'parameters' (need exactly one)")
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {i} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {i} has an execution count")
    return problems
