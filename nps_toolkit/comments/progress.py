"""The progress-bar switch shared by the comment helpers."""

from __future__ import annotations

import os

__all__ = ["PROGRESS_MIN", "progress_bar", "show_progress"]

#: ``progress=None`` shows a bar from this many distinct texts on.
PROGRESS_MIN = 20_000


def show_progress(progress: bool | None, *, large: bool) -> bool:
    """Whether to draw a bar: ``progress`` when given, else whether the input is ``large``;
    never when the environment sets ``TQDM_DISABLE`` (tqdm's own switch, which its
    notebook bars ignore): the report's kernels set it, so no bar prints into a page.

    Examples
    --------
    >>> show_progress(None, large=False), show_progress(True, large=False)
    (False, True)
    """
    if os.environ.get("TQDM_DISABLE", "").strip().lower() in ("1", "true", "yes"):
        return False
    return large if progress is None else bool(progress)


def progress_bar(iterable, *, total: int, desc: str, progress: bool | None):
    """``iterable`` wrapped in a ``tqdm`` bar when ``progress`` is true, or when it is
    ``None`` and ``total`` is at least :data:`PROGRESS_MIN`; else ``iterable`` itself.

    Examples
    --------
    >>> progress_bar([1, 2], total=2, desc="x", progress=None)
    [1, 2]
    """
    if not show_progress(progress, large=total >= PROGRESS_MIN):
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc)
