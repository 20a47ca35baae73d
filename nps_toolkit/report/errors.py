"""The report's errors: :class:`ReportError` and, for a failing cell, :class:`NotebookError`."""

from __future__ import annotations

from pathlib import Path

__all__ = ["NotebookError", "ReportError"]


class ReportError(RuntimeError):
    """The report could not be produced (missing notebooks, bad parameters, failures)."""


class NotebookError(ReportError):
    """A notebook cell failed while running; the message says where and why.

    Attributes
    ----------
    notebook : str
        Name of the notebook (e.g. ``"01-nps-overview"``).
    cell : int
        1-based position of the failing cell in the executed notebook.
    execution_count : int or None
        The ``In [n]`` number of the failing cell.
    source_line : str
        First line of the failing cell's source.
    ename, evalue : str
        Exception name and message raised in the cell.
    executed : pathlib.Path
        The executed notebook, which holds the full traceback.
    """

    def __init__(self, *, notebook, cell, execution_count, source_line, ename, evalue, executed):
        self.notebook = notebook
        self.cell = cell
        self.execution_count = execution_count
        self.source_line = source_line
        self.ename = ename
        self.evalue = evalue
        self.executed = Path(executed)
        count = f" (In [{execution_count}])" if execution_count is not None else ""
        super().__init__(
            f"notebook {notebook} failed at cell {cell}{count}: `{source_line}`\n"
            f"  {ename}: {evalue}\n"
            f"  full traceback in the executed notebook: {self.executed}"
        )
