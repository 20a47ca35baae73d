"""Results a report notebook hands to the executive summary (04), as small typed JSON files.

Each notebook writes ``OUT/results/<notebook>.json``::

    {"schema_version": 2, "notebook": "01-nps-overview", "run_id": "...", "results": {...}}

The ``results`` of the report's notebooks follow :data:`SCHEMAS` (key -> type,
checked when written and when read); :data:`SCHEMA_VERSION` changes whenever a
key or a type changes. Every file is stamped with the run id of the run that
wrote it (``None`` for a notebook run by hand), and :func:`read_results` returns
only the files of one run id, so the summary never reads another run's numbers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "SCHEMAS",
    "SCHEMA_VERSION",
    "ResultsError",
    "check_results",
    "read_results",
    "to_builtin",
    "write_results",
]

#: Version of the results files' layout and of :data:`SCHEMAS`.
SCHEMA_VERSION = 2

# Types: "int", "number", "str", "bool", "list", "record" (a dict: one row of a
# table), "records" (a list of dicts: a table), "mapping" (a dict of anything).
# A trailing "?" means the value may also be None (the section was skipped).
#: Key -> type of the results each report notebook writes.
SCHEMAS: dict[str, dict[str, str]] = {
    "01-nps-overview": {
        "title": "str?",
        "n_read": "int",
        "n_kept": "int",
        "excluded": "records",
        "scale": "list",
        "min_n": "int",
        "overall": "record",
        "benchmark": "record?",
        "segments": "mapping",
        "gaps": "records",
        "significant_gaps": "records",
        "has_date": "bool",
        "freq": "str",
        "worst_period": "record?",
        "best_period": "record?",
        "significant_changes": "records?",
        "partial_changes": "int",
        "trend": "records?",
        "vs_rest": "records?",
        "experiment": "mapping?",
    },
    "02-detractor-comments": {
        "n_respondents": "int",
        "n_comments": "int",
        "languages": "records",
        "main_language": "str?",
        "top_terms": "records?",
        "themes": "records?",
        "min_n": "int",
        "tone_languages": "records?",
        "tone_themes": "records?",
        "tone_overall": "record?",
        "theme_review": "records?",
        "theme_change": "mapping?",
        "follow_up_rows": "int",
        "follow_up_csv": "str",
        "follow_up_xlsx": "str",
        "redacted": "bool",
    },
    "03-nps-and-repeat-purchase": {
        "mode": "str?",
        "window": "str",
        "n": "int",
        "n_censored": "int",
        "rate_by_category": "records?",
        "count_by_category": "records?",
        "odds_ratios": "records?",
        "cv_auc": "record?",
        "rate_ratios": "records?",
        "count_family": "str?",
        "compare": "records?",
        "drivers": "records?",
        "what_if": "record?",
    },
    "04-report": {
        "sentences": "list",
        "nps": "number?",
        "n": "number?",
    },
}

_WORDS = {
    "int": "a whole number",
    "number": "a number",
    "str": "a text",
    "bool": "True or False",
    "list": "a list",
    "record": "one table row (a dict)",
    "records": "a table (a DataFrame or a list of dicts)",
    "mapping": "a dict",
}


class ResultsError(ValueError):
    """A results file or dict that does not follow :data:`SCHEMAS`."""


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


def _is(kind: str, value) -> bool:
    if kind.endswith("?"):
        return value is None or _is(kind[:-1], value)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "records":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    types = {"str": str, "bool": bool, "list": list, "record": dict, "mapping": dict}
    return isinstance(value, types[kind])


def check_results(notebook: str, results: Mapping) -> None:
    """Check plain (JSON) results against the notebook's schema in :data:`SCHEMAS`.

    A notebook without a schema (not one of the report's) is not checked.

    Raises
    ------
    ResultsError
        Naming the missing, unexpected or wrongly typed keys and the fix.

    Examples
    --------
    >>> check_results("04-report", {"sentences": [], "nps": 12.5, "n": None})
    >>> check_results("04-report", {"sentences": "NPS +12", "nps": 12.5, "n": 80})
    Traceback (most recent call last):
    ...
    nps_toolkit.report.results.ResultsError: results of 04-report: 'sentences' should be a list, not str. Fix: ...
    """
    schema = SCHEMAS.get(notebook)
    if schema is None:
        return
    problems = [f"{k!r} is missing" for k in schema if k not in results]
    problems += [f"{k!r} is not in the schema" for k in results if k not in schema]
    for key, kind in schema.items():
        if key in results and not _is(kind, results[key]):
            word = _WORDS[kind.rstrip("?")] + (" or None" if kind.endswith("?") else "")
            problems.append(f"{key!r} should be {word}, not {type(results[key]).__name__}")
    if problems:
        raise ResultsError(
            f"results of {notebook}: {'; '.join(problems)}. Fix: write exactly the keys of "
            f"nps_toolkit.report.results.SCHEMAS[{notebook!r}] (schema version "
            f"{SCHEMA_VERSION}), or change the schema and its version together."
        )


def write_results(out_dir, notebook: str, results: Mapping, *, run_id: str | None = None) -> Path:
    """Write a notebook's key results to ``out_dir/results/<notebook>.json``.

    Numbers, arrays, Series and DataFrames (as lists of records) are converted to
    plain JSON; NaN becomes ``null``. The report's notebooks are checked against
    :data:`SCHEMAS`. The file records :data:`SCHEMA_VERSION` and ``run_id``.

    Parameters
    ----------
    out_dir : str or path
        The report's output folder.
    notebook : str
        The notebook's name, e.g. ``"01-nps-overview"``.
    results : mapping
        Key -> value.
    run_id : str or None
        The run that writes the file (the notebooks' ``run_id`` parameter; ``None``
        when a notebook runs by hand).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> d = tempfile.mkdtemp()
    >>> _ = write_results(d, "x", {"nps": np.float64(12.5), "n": np.int64(80)}, run_id="r1")
    >>> read_results(d, run_id="r1")["x"]
    {'nps': 12.5, 'n': 80}
    >>> read_results(d, run_id="another run")
    {}
    """
    plain = to_builtin(results)
    check_results(notebook, plain)
    folder = Path(out_dir) / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{notebook}.json"
    envelope = {
        "schema_version": SCHEMA_VERSION,
        "notebook": notebook,
        "run_id": run_id,
        "results": plain,
    }
    path.write_text(json.dumps(envelope, indent=2, allow_nan=False), encoding="utf-8")
    return path


def _load(path: Path) -> dict | None:
    """The envelope of one results file (``None``: not a results file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ResultsError(
            f"{path} is not a readable results file ({err}). Fix: delete it, or run the "
            "report into a fresh --out folder."
        ) from None
    return data if isinstance(data, dict) else None


def read_results(out_dir, *, run_id: str | None = None) -> dict:
    """The results of one run, as ``{notebook: results}``.

    Only the files of ``out_dir/results/`` stamped with ``run_id`` are returned
    (``None``: the files of notebooks run by hand); files of other runs, ``run.json``
    and files that are not results are ignored.

    Parameters
    ----------
    out_dir : str or path
        The report's output folder.
    run_id : str or None
        The run whose results to read.

    Returns
    -------
    dict
        Notebook name -> its results (plain JSON values, typed as in :data:`SCHEMAS`).

    Raises
    ------
    ResultsError
        A file of this run written with another schema version (or not following
        the schema), with the fix.
    """
    folder = Path(out_dir) / "results"
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.glob("*.json")):
        if path.stem == "run":
            continue
        data = _load(path)
        if data is None or "results" not in data or data.get("run_id") != run_id:
            continue
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise ResultsError(
                f"{path} has results schema version {version!r}; this nps-toolkit reads "
                f"version {SCHEMA_VERSION}. Fix: re-run the notebooks (nps-toolkit report) "
                "into a fresh --out folder, or delete the file."
            )
        notebook = data.get("notebook", path.stem)
        check_results(notebook, data["results"])
        found[notebook] = data["results"]
    return found
