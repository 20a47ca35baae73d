"""Shared input validation with messages that name the column, the rows and the fix.

Every public function checks its input the same way, so the same mistake gets
the same message wherever it is made:

- :func:`require_columns`: are these columns in the frame (or in a list of
  column names, for DuckDB and Spark sources)? Names the missing column(s),
  where they were looked for, a close match when there is one, the available
  columns and the fix.
- :func:`parse_dates`: parse a column as dates, refusing values that are not
  dates, with how many, examples, their rows and the fix.
- :func:`as_list`: a column argument given as one name or several, as a list
  (``by="region"`` and ``by=["region"]`` mean the same).
- :func:`rows_text`: the offending rows for a message, as file lines when the
  data was read by ``read_survey``/``read_orders``, else as row labels;
  :func:`examples_text` the first :data:`EXAMPLES` of any list for a message;
  :func:`bad_values_text` both for the values a check refused.
- :func:`renamed_args`: a decorator that keeps an argument's old name working
  for one release with a ``FutureWarning`` (the way seaborn renames arguments),
  and refuses the old and the new name together (:class:`RenamedArgumentError`).
"""

from __future__ import annotations

import difflib
import functools
import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "EXAMPLES",
    "RenamedArgumentError",
    "as_list",
    "bad_values_text",
    "examples_text",
    "parse_dates",
    "renamed_args",
    "require_columns",
    "rows_text",
]

#: How many offending values or rows an error message shows.
EXAMPLES = 5


def rows_text(index, data=None, *, brackets: bool = True) -> str:
    """The first few rows of ``index`` for an error message, as a spreadsheet numbers them.

    When ``data`` (a DataFrame or Series, e.g. the column the rows come from)
    was returned by :func:`nps_toolkit.io.read_survey` or
    :func:`nps_toolkit.io.read_orders` and still has every row it was read with,
    its loading account (``data.attrs["nps_toolkit"]``) knows each row's line in
    the file, and the text names those lines (1-based, header counted), which
    the user can find in a spreadsheet. Otherwise it names the row labels of
    ``index``. At most :data:`EXAMPLES` are shown, then ``...``.

    Parameters
    ----------
    index : sequence
        The row labels of the offending rows (e.g. ``values.index[bad]``).
    data : DataFrame or Series, optional
        The table (or column) the labels belong to.
    brackets : bool
        ``False`` writes the labels without brackets (``"rows 0, 3, 7 ..."``),
        the form of the score checks' messages.

    Returns
    -------
    str
        ``"rows [0, 3, 7]"``, ``"rows [0, 3, 7, 8, 9, ...]"`` or, with a loading
        account, ``"lines [2, 5, 9] of the file"``.

    Examples
    --------
    >>> rows_text([3, 5]), rows_text(range(7)), rows_text(pd.Index(["a"]))
    ('rows [3, 5]', 'rows [0, 1, 2, 3, 4, ...]', "rows ['a']")
    >>> rows_text(range(7), brackets=False)
    'rows 0, 1, 2, 3, 4 ...'
    """
    labels = list(index)
    lines = _file_lines(data, labels)
    text = examples_text(labels if lines is None else lines, brackets=brackets)
    return f"rows {text}" if lines is None else f"lines {text} of the file"


def examples_text(items, *, brackets: bool = True) -> str:
    """The first :data:`EXAMPLES` of ``items`` for a message, then ``...`` if there are more.

    Text is quoted (``repr``), anything else shown with ``str``.

    Examples
    --------
    >>> examples_text(range(7)), examples_text(["a", 2], brackets=False)
    ('[0, 1, 2, 3, 4, ...]', "'a', 2")
    """
    items = list(items)
    text = ", ".join(repr(i) if isinstance(i, str) else str(i) for i in items[:EXAMPLES])
    more = len(items) > EXAMPLES
    return f"[{text}{', ...' if more else ''}]" if brackets else text + (" ..." if more else "")


def bad_values_text(values: pd.Series, bad, data=None) -> str:
    """The first refused values and their rows, for a message: ``"e.g. [...] (rows [...])"``.

    Parameters
    ----------
    values : Series
        The checked column, as given (the values are shown as they were).
    bad : boolean array-like
        Which rows were refused.
    data : DataFrame or Series, optional
        The table the rows belong to, for :func:`rows_text` (default ``values``).

    Examples
    --------
    >>> bad_values_text(pd.Series(["1", "x", "2", "?"]), [False, True, False, True])
    "e.g. ['x', '?'] (rows [1, 3])"
    """
    mask = np.asarray(bad, dtype=bool)
    where = rows_text(values.index[mask], values if data is None else data)
    return f"e.g. {values[mask].head(EXAMPLES).tolist()} ({where})"


def _file_lines(data, labels: list) -> list[int] | None:
    """The file lines of ``labels`` from ``data``'s loading account, or ``None``."""
    account = getattr(data, "attrs", {}).get("nps_toolkit") if data is not None else None
    lines, kept = getattr(account, "lines", None), getattr(account, "kept_rows", None)
    if lines is None or kept is None or len(kept) != len(data):
        return None
    if not np.array_equal(np.asarray(data.index), np.asarray(kept)):
        return None  # re-indexed or filtered since loading: the labels are not source rows
    try:
        return [int(lines[int(i)]) for i in labels]
    except (TypeError, ValueError, IndexError):
        return None


def as_list(value) -> list:
    """A column argument as a list: ``None`` gives ``[]``, one name ``[name]``.

    A string (or any other non-iterable, such as an integer column label) is
    one name. Any other iterable (list, tuple, pandas Index or Series, numpy
    array, generator) is listed in its own order; a set or frozenset is listed in sorted order
    (by its text when the names are not comparable), so that the result does
    not depend on hashing.

    Examples
    --------
    >>> as_list(None), as_list("region"), as_list(("region", "channel"))
    ([], ['region'], ['region', 'channel'])
    >>> as_list(pd.Index(["a", "b"])), as_list({"b", "a"})
    (['a', 'b'], ['a', 'b'])
    """
    if value is None:
        return []
    if isinstance(value, (set, frozenset)):
        try:
            return sorted(value)
        except TypeError:
            return sorted(value, key=str)
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def require_columns(
    data_or_names, columns: Sequence, where: str = "the data", *, skip_none: bool = True
) -> None:
    """Raise ``ValueError`` unless every column of ``columns`` is available.

    Parameters
    ----------
    data_or_names : DataFrame or sequence of str
        A table with a ``columns`` attribute (pandas, DuckDB relation, Spark
        DataFrame) or the available column names themselves.
    columns : sequence
        The columns needed.
    where : str
        What ``data_or_names`` is, for the message ("the data", "orders",
        "the DuckDB source"...).
    skip_none : bool
        ``None`` entries stand for optional columns that were not given and are
        ignored. ``False`` reports a ``None`` entry as a missing column, for
        arguments that must name a column.

    Raises
    ------
    ValueError
        Naming the missing column(s), ``where``, a close match ("did you mean")
        when there is one, the available columns and the fix.

    Examples
    --------
    >>> df = pd.DataFrame({"score": [9], "segment": ["a"]})
    >>> require_columns(df, ["score", None])
    >>> require_columns(df, ["Segment"])
    Traceback (most recent call last):
    ...
    ValueError: Column(s) ['Segment'] not found in the data. Did you mean 'segment'? Available columns: ['score', 'segment']. Fix: pass the right column name.
    """
    if isinstance(data_or_names, pd.Series):
        raise ValueError(
            f"{where} must be a table (DataFrame), got a Series. "
            "Fix: pass the DataFrame and the column names."
        )
    names = getattr(data_or_names, "columns", data_or_names)
    if not isinstance(names, pd.Index):
        names = list(names)
    missing = [c for c in columns if (c is not None or not skip_none) and c not in names]
    if not missing:
        return
    available = list(names)
    by_text = {str(a): a for a in available}
    close = []
    for col in missing:
        if col is None:
            continue
        match = difflib.get_close_matches(str(col), list(by_text), n=1)
        if match:
            close.append((col, by_text[match[0]]))
    if len(missing) == 1 and close:
        hint = f" Did you mean {close[0][1]!r}?"
    elif close:
        hint = " Did you mean " + ", ".join(f"{m!r} for {c!r}" for c, m in close) + "?"
    else:
        hint = ""
    raise ValueError(
        f"Column(s) {missing} not found in {where}.{hint} Available columns: {available}. "
        "Fix: pass the right column name."
    )


def parse_dates(values: pd.Series, column: str, where: str) -> pd.Series:
    """``values`` as a datetime Series, refusing values that are not dates.

    A datetime column comes back unchanged (time zone included); anything else
    goes through ``pd.to_datetime`` (its "could not infer format" warning
    silenced). Missing values stay missing (``NaT``): the caller decides
    whether they are allowed.

    Parameters
    ----------
    values : Series
        The column.
    column : str
        Its name, for the message.
    where : str
        The table it comes from ("the data", "orders"...), for the message.

    Raises
    ------
    ValueError
        When present values are not dates: how many, examples, their rows and
        the fix.

    Examples
    --------
    >>> parse_dates(pd.Series(["2024-01-31", None]), "date", "the data").tolist()
    [Timestamp('2024-01-31 00:00:00'), NaT]
    >>> parse_dates(pd.Series(["2024-01-31", "soon"]), "date", "the data")
    Traceback (most recent call last):
    ...
    ValueError: Date column 'date' has 1 value(s) that are not dates in the data, e.g. ['soon'] (rows [1]). Fix: parse the column with pd.to_datetime(..., format=...) first.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "could not infer format"
        parsed = pd.to_datetime(values, errors="coerce")
    bad = parsed.isna() & values.notna()
    if bad.any():
        raise ValueError(
            f"Date column {column!r} has {int(bad.sum())} value(s) that are not dates in "
            f"{where}, {bad_values_text(values, bad)}. "
            "Fix: parse the column with pd.to_datetime(..., format=...) first."
        )
    return parsed


class RenamedArgumentError(TypeError, ValueError):
    """An argument passed under its old and its new name at once.

    A ``TypeError`` like Python's own "got multiple values for argument", and a
    ``ValueError`` like the kit's other bad-input errors, so either ``except``
    catches it (functions that raised ``ValueError`` for it keep doing so).
    """


def renamed_args(**renames: str):
    """Decorator: old keyword names that still work, with a ``FutureWarning``.

    ``@renamed_args(text="comment")`` on a function whose parameter is now
    ``comment`` lets callers still write ``text=...`` for one release: the value
    is passed on as ``comment=...`` and a ``FutureWarning`` names both. Passing
    the old and the new name together warns the same and raises
    :class:`RenamedArgumentError` (a ``TypeError`` and a ``ValueError``). On a class's
    ``__init__`` the message names the class. The wrapped function keeps its
    signature (``inspect.signature`` follows ``__wrapped__``), so scikit-learn's
    ``get_params`` and ``clone`` see only the new names.

    Parameters
    ----------
    **renames : str
        ``old_name="new_name"`` pairs.

    Examples
    --------
    >>> @renamed_args(text="comment")
    ... def count(data, *, comment):
    ...     return f"{comment} in {data}"
    >>> count("survey", comment="c")
    'c in survey'
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     count("survey", text="c")
    'c in survey'
    >>> print(caught[0].category.__name__, caught[0].message)
    FutureWarning count(text=...) is renamed comment=...; the old name stops working in the next release.
    >>> count("survey", text="c", comment="c")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    RenamedArgumentError: count() got both text= (its old name) and comment=. Fix: give the value once, passing only comment=.
    """

    def decorate(func):
        name = func.__qualname__.removesuffix(".__init__")

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for old, new in renames.items():
                if old not in kwargs:
                    continue
                # Warn first: the caller learns the new name even when the call fails.
                warnings.warn(
                    f"{name}({old}=...) is renamed {new}=...; the old name stops working "
                    "in the next release.",
                    FutureWarning,
                    stacklevel=2,
                )
                if new in kwargs:
                    raise RenamedArgumentError(
                        f"{name}() got both {old}= (its old name) and {new}=. "
                        f"Fix: give the value once, passing only {new}=."
                    )
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper

    return decorate
