"""The progress-bar switch shared by the comment helpers."""

from __future__ import annotations

__all__ = ["PROGRESS_MIN", "progress_bar"]

#: ``progress=None`` shows a bar from this many distinct texts on.
PROGRESS_MIN = 20_000


def progress_bar(iterable, *, total: int, desc: str, progress: bool | None):
    """``iterable`` wrapped in a ``tqdm`` bar when ``progress`` is true, or when it is
    ``None`` and ``total`` is at least :data:`PROGRESS_MIN`; else ``iterable`` itself.

    Examples
    --------
    >>> progress_bar([1, 2], total=2, desc="x", progress=None)
    [1, 2]
    """
    show = total >= PROGRESS_MIN if progress is None else bool(progress)
    if not show:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc)
