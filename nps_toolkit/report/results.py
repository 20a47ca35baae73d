"""Results a report notebook hands to the executive summary (04), as small JSON files.

Each notebook writes ``OUT/results/<notebook>.json``; 04 and the tests read them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

__all__ = ["read_results", "to_builtin", "write_results"]


def to_builtin(value):
    """JSON-friendly copy of numbers, arrays, frames and timestamps."""
    import numpy as np
    import pandas as pd

    if isinstance(value, Mapping):
        return {str(k): to_builtin(v) for k, v in value.items()}
    if isinstance(value, pd.DataFrame):
        return [to_builtin(r) for r in value.to_dict(orient="records")]
    if isinstance(value, pd.Series):
        return to_builtin(value.to_dict())
    if isinstance(value, list | tuple | np.ndarray | pd.Index):
        return [to_builtin(v) for v in value]
    if isinstance(value, pd.Timestamp | pd.Period):
        return str(value)
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if not np.isfinite(value) else float(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    return value


def write_results(out_dir, notebook: str, results: Mapping) -> Path:
    """Write a notebook's key results to ``out_dir/results/<notebook>.json``.

    Numbers, arrays, Series and DataFrames (as lists of records) are converted to
    plain JSON; NaN becomes ``null``. Tests and the executive summary (04) read
    these files.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> d = tempfile.mkdtemp()
    >>> _ = write_results(d, "01-nps-overview", {"nps": np.float64(12.5), "n": np.int64(80)})
    >>> read_results(d)["01-nps-overview"]
    {'nps': 12.5, 'n': 80}
    """
    folder = Path(out_dir) / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{notebook}.json"
    path.write_text(json.dumps(to_builtin(results), indent=2, allow_nan=False), encoding="utf-8")
    return path


def read_results(out_dir) -> dict:
    """All ``out_dir/results/*.json`` files as ``{notebook: results}`` (``run.json`` excluded)."""
    folder = Path(out_dir) / "results"
    if not folder.is_dir():
        return {}
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.json"))
        if p.stem != "run"
    }
