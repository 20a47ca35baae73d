"""The report's output folder: what a run may write there, a lock, and what it wrote.

Rules (issue 13):

* ``--out`` must be a folder (or not exist yet): a file is a clear error.
* A run never deletes a file, and never overwrites one the kit did not write.
  Before the notebooks start, every file the run is going to write
  (``index.html``, the pages, ``executed/*.ipynb``, ``results/*.json``, the
  follow-up list) is looked for; one that exists is replaced only when the
  manifest of an earlier run (``OUT/.nps-toolkit/manifest.json``) lists it with
  the same content (a kit output nobody edited). Any other is named in a
  :class:`~nps_toolkit.report.errors.ReportError` with the fix.
* One run at a time per folder: ``OUT/.nps-toolkit/lock`` is locked for the
  run (``fcntl.flock``; released by the system if the run dies); a second run
  gets a clear error.
* The run's scratch files (the survey cache) live in the run's own folder,
  ``OUT/.nps-toolkit/run-<run_id>/``, removed when the run ends.
* Files written by the run are found by comparing the folder before and after
  (:meth:`OutputFolder.written`); the index and the run summary list only those.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from nps_toolkit.report.errors import ReportError

__all__ = ["KIT_FOLDER", "OutputFolder", "new_run_id", "run_folder"]

#: The kit's own folder inside an output folder (lock, manifest, run folders).
KIT_FOLDER = ".nps-toolkit"


def new_run_id() -> str:
    """A fresh, unpredictable run id: time stamp and 6 random hex digits.

    Examples
    --------
    >>> a, b = new_run_id(), new_run_id()
    >>> a != b and len(a) == len("20260101-120000-abcdef")
    True
    """
    return time.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)


def run_folder(out_dir, run_id: str) -> Path:
    """The run's own scratch folder, ``OUT/.nps-toolkit/run-<run_id>``."""
    if not str(run_id).replace("-", "").isalnum():
        raise ValueError(f"run_id {run_id!r}: letters, digits and '-' only")
    return Path(out_dir) / KIT_FOLDER / f"run-{run_id}"


def _digest(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _snapshot(out: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``out`` but the kit's folder: relative path -> (size, mtime_ns)."""
    found = {}
    for root, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if not (Path(root) == out and d == KIT_FOLDER)]
        for name in files:
            path = Path(root) / name
            try:
                stat = path.stat()
            except OSError:
                continue
            found[path.relative_to(out).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


class OutputFolder:
    """An output folder opened for one run: checked, locked, its files tracked.

    Use as a context manager; leaving it releases the lock and removes the run's
    own folder (whatever the way out: success, error or Ctrl-C).

    Parameters
    ----------
    out : path
        The output folder (created if missing).
    run_id : str, optional
        The run's id (default :func:`new_run_id`).
    """

    def __init__(self, out, run_id: str | None = None):
        self.out = Path(out).resolve()
        self.run_id = run_id or new_run_id()
        self.kit = self.out / KIT_FOLDER
        self.run = run_folder(self.out, self.run_id)
        self._lock = None
        self._before: dict[str, tuple[int, int]] = {}

    # -- opening -------------------------------------------------------------
    def __enter__(self) -> OutputFolder:
        if self.out.exists() and not self.out.is_dir():
            raise ReportError(
                f"--out {self.out} is a file, not a folder. Fix: give a folder name "
                "(it is created if missing), e.g. --out reports."
            )
        self.kit.mkdir(parents=True, exist_ok=True)
        self._take_lock()
        try:
            self.run.mkdir()
            self._before = _snapshot(self.out)
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.run, ignore_errors=True)
        self._release()

    def _take_lock(self) -> None:
        path = self.kit / "lock"
        handle = open(path, "a+")
        try:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # no flock (Windows): the lock file's existence is the lock
            handle.close()
            try:
                handle = open(path.with_suffix(".pid"), "x")
            except FileExistsError:
                self._busy(path.with_suffix(".pid"))
        except OSError:
            handle.close()
            self._busy(path)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {self.run_id}\n")
        handle.flush()
        self._lock = handle

    def _busy(self, path: Path):
        try:
            holder = path.read_text().split()
        except OSError:
            holder = []
        who = f" (process {holder[0]}, run {holder[1]})" if len(holder) >= 2 else ""
        raise ReportError(
            f"another report run{who} is writing into {self.out}. Fix: wait for it to "
            "finish, or choose another folder with --out."
        )

    def _release(self) -> None:
        if self._lock is not None:
            name = self._lock.name
            self._lock.close()
            self._lock = None
            if name.endswith(".pid"):
                Path(name).unlink(missing_ok=True)

    # -- what may be written -------------------------------------------------
    def _manifest(self) -> dict[str, str]:
        try:
            return dict(json.loads((self.kit / "manifest.json").read_text("utf-8"))["files"])
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def foreign(self, names: Iterable[str]) -> list[str]:
        """Those of ``names`` (paths relative to the folder) that exist and were not
        written by the kit (or were changed since)."""
        kit = self._manifest()
        found = []
        for name in names:
            path = self.out / name
            if path.is_symlink() or path.is_dir():
                found.append(name)
            elif path.exists() and (name not in kit or kit[name] != _digest(path)):
                found.append(name)
        return sorted(found)

    def claim(self, names: Iterable[str]) -> None:
        """Refuse to start when a file the run will write exists and is not the kit's."""
        foreign = self.foreign(names)
        if foreign:
            shown = ", ".join(foreign[:8]) + (
                f" and {len(foreign) - 8} more" if len(foreign) > 8 else ""
            )
            raise ReportError(
                f"{self.out} holds files the report would overwrite that nps-toolkit did not "
                f"write (or that were changed since): {shown}. Nothing was changed. Fix: choose "
                "an empty or new folder with --out, or move these files out of the way."
            )

    # -- what was written ----------------------------------------------------
    def written(self) -> list[str]:
        """Files (relative paths) this run created or changed, sorted."""
        now = _snapshot(self.out)
        return sorted(name for name, stamp in now.items() if self._before.get(name) != stamp)

    def record(self) -> list[str]:
        """Add this run's files to the manifest (name -> content hash); return them."""
        written = self.written()
        files = {n: h for n, h in self._manifest().items() if (self.out / n).exists()}
        files.update({name: _digest(self.out / name) for name in written})
        manifest = {"last_run": self.run_id, "last_run_files": written, "files": files}
        partial = self.kit / f"manifest.{self.run_id}.tmp"
        partial.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        partial.replace(self.kit / "manifest.json")
        return written
