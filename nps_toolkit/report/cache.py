"""The survey read once per report run: a columnar cache, no pickle.

:func:`load_survey` is :func:`nps_toolkit.io.read_survey` for the report
notebooks. Inside a run (``run_id`` set by :func:`nps_toolkit.report.run_report`)
the first read is stored in the run's own folder
(:func:`nps_toolkit.report.output.run_folder`) and the other notebooks of that
run load it from there. The folder is removed when the run ends (success,
failure or Ctrl-C).

What is stored, and why it is safe to load: the frame as Parquet, and its
account (``df.attrs["nps_toolkit"]``) as JSON whose arrays are ``.npy`` files
read with ``allow_pickle=False`` and whose tables are Parquet. Nothing in the
cache can run code. The entry's name is a hash of the file's bytes and of the
arguments, so a changed file or other arguments never reuse an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from nps_toolkit.report.output import run_folder
from nps_toolkit.report.parameters import resolve_data_path

__all__ = ["cache_key", "load_survey"]


def cache_key(data_path, kwargs) -> str:
    """Hash of the file's bytes and of the ``read_survey`` arguments.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = p.write_text("score\\n9\\n")
    >>> cache_key(p, {"scale": (0, 10)}) == cache_key(p, {"scale": (0, 10)})
    True
    >>> cache_key(p, {"scale": (0, 10)}) == cache_key(p, {"scale": (1, 10)})
    False
    """
    digest = hashlib.blake2b(digest_size=16)
    with open(data_path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    digest.update(json.dumps(sorted((k, repr(v)) for k, v in kwargs.items())).encode())
    return digest.hexdigest()


class _Writer:
    """Turns the account into JSON, writing arrays and tables to side files."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def _file(self, suffix: str) -> tuple[str, Path]:
        self.count += 1
        name = f"{self.count}{suffix}"
        return name, self.folder / name

    def encode(self, value):
        import numpy as np
        import pandas as pd

        if value is None or isinstance(value, bool | int | float | str):
            return value
        if isinstance(value, np.generic):
            return {"np": value.dtype.str, "v": value.item()}
        if isinstance(value, tuple | list | set | frozenset):
            kind = {tuple: "tuple", list: "list"}.get(type(value), "set")
            return {kind: [self.encode(v) for v in value]}
        if isinstance(value, dict):
            return {"dict": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        if isinstance(value, np.ndarray) and value.dtype != object:
            name, path = self._file(".npy")
            np.save(path, value, allow_pickle=False)
            return {"array": name}
        if isinstance(value, np.ndarray):
            return {"objects": [self.encode(v) for v in value.tolist()], "shape": value.shape}
        if isinstance(value, pd.DataFrame):
            name, path = self._file(".parquet")
            value.to_parquet(path)
            return {"frame": name}
        if isinstance(value, pd.Timestamp):
            return {"timestamp": value.isoformat()}
        raise TypeError(f"cannot store a {type(value).__name__} in the survey cache")


class _Reader:
    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, name: str) -> Path:
        path = self.folder / name
        if path.parent != self.folder:  # names are ours: "<n>.npy", "<n>.parquet"
            raise ValueError(f"bad cache entry name {name!r}")
        return path

    def decode(self, value):
        import numpy as np
        import pandas as pd

        if not isinstance(value, dict):
            return value
        ((kind, item),) = ((k, v) for k, v in value.items() if k != "shape")
        if kind == "np":
            return np.dtype(item).type(value["v"])
        if kind in ("tuple", "list", "set"):
            decoded = [self.decode(v) for v in item]
            return {"tuple": tuple, "list": list, "set": set}[kind](decoded)
        if kind == "dict":
            return {_hashable(self.decode(k)): self.decode(v) for k, v in item}
        if kind == "array":
            return np.load(self._path(item), allow_pickle=False)
        if kind == "objects":
            out = np.empty(len(item), dtype=object)
            out[:] = [self.decode(v) for v in item]
            return out.reshape(value["shape"])
        if kind == "frame":
            return pd.read_parquet(self._path(item))
        if kind == "timestamp":
            return pd.Timestamp(item)
        raise ValueError(f"unknown cache entry kind {kind!r}")


def _hashable(key):
    return tuple(key) if isinstance(key, list) else key


def _store(survey, entry: Path) -> None:
    """Write ``survey`` and its account to ``entry`` (a folder), atomically."""
    from nps_toolkit.io.quality import ATTRS_KEY

    partial = entry.with_name(f"{entry.name}.{os.getpid()}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        account = survey.attrs.get(ATTRS_KEY)
        fields = _Writer(partial).encode(dict(account.__dict__)) if account is not None else None
        frame = survey.copy(deep=False)
        frame.attrs = {}
        frame.to_parquet(partial / "survey.parquet")
        (partial / "account.json").write_text(json.dumps(fields), encoding="utf-8")
        partial.rename(entry)  # atomic: a notebook alongside never sees half an entry
    except OSError:
        if not entry.exists():
            raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _load(entry: Path):
    import pandas as pd

    from nps_toolkit.io.quality import ATTRS_KEY, SurveyAccount

    survey = pd.read_parquet(entry / "survey.parquet")
    fields = _Reader(entry).decode(json.loads((entry / "account.json").read_text("utf-8")))
    if fields is not None:
        survey.attrs[ATTRS_KEY] = SurveyAccount.__new__(SurveyAccount)
        survey.attrs[ATTRS_KEY].__dict__.update(fields)
    return survey


def load_survey(data_path, *, out_dir=None, run_id=None, **read_survey_kwargs):
    """:func:`nps_toolkit.io.read_survey`, read once for the notebooks of one report run.

    The report notebooks all load the same file; on a large survey reading it
    (encoding detection, validation, the row-by-row account) is the slow part.
    Inside a run (``out_dir`` and ``run_id`` given) the first read is stored in
    the run's own folder as Parquet (the account as JSON and ``.npy`` arrays; no
    pickle) under a hash of the file's bytes and the arguments; the run's other
    notebooks load it from there. The run removes the folder when it ends.
    Otherwise this is plain ``read_survey``.

    Parameters
    ----------
    data_path : path or "demo"
        Survey file; ``"demo"`` is the bundled demo survey
        (:func:`nps_toolkit.report.resolve_data_path`).
    out_dir : path, optional
        The report's output folder.
    run_id : str, optional
        The run's id (the notebooks' ``run_id`` parameter, set by ``run_report``).
    **read_survey_kwargs
        Arguments of :func:`nps_toolkit.io.read_survey` (``score``, ``comment``,
        ``date``, ``respondent``, ``scale``...).

    Returns
    -------
    pandas.DataFrame
        What ``read_survey`` returns, account included (``quality_report`` works on it).
    """
    from nps_toolkit.io.read import read_survey

    data_path = resolve_data_path(data_path, "survey")
    if out_dir is None or run_id is None:
        return read_survey(data_path, **read_survey_kwargs)
    folder = run_folder(out_dir, run_id) / "cache"
    entry = folder / f"survey-{cache_key(data_path, read_survey_kwargs)}"
    if (entry / "account.json").is_file():
        return _load(entry)
    survey = read_survey(data_path, **read_survey_kwargs)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        _store(survey, entry)
    except TypeError:  # an account this cache cannot store: every notebook reads the file
        pass
    return survey
