"""Named results: a function with more than one table to give returns a small dataclass.

Issue 12 ("no second results hidden in ``DataFrame.attrs``"): a function such as
:func:`nps_toolkit.repeat.evaluation.compare_predictors` used to return its main
table with the other results in ``table.attrs``. It now returns a frozen
dataclass whose fields are tidy tables and plain values, e.g.
``PredictorComparison(table, predictions, fold, per_fold, n_excluded)``.

For one release, code that still treats the result as the main table keeps
working: :class:`NamedResult` hands attribute access (``result.columns``),
``result[...]``, ``len(result)``, iteration, ``in`` and the notebook display
(``_repr_html_``) to the main table, with a ``FutureWarning`` that names the
field to use (``"compare_predictors now returns PredictorComparison; use
.table"``). Private and dunder names are never handed on (so ``copy``,
``pickle`` and IPython's other display hooks see the result itself).
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import ClassVar

import pandas as pd

__all__ = ["NamedResult", "main_table"]


class NamedResult:
    """Base of the named results: hands old DataFrame use on to the main table.

    Subclasses are frozen dataclasses (``@dataclass(frozen=True, eq=False, repr=False)``)
    that set two class attributes:

    * ``main``: the field holding the main table (``"table"``, or ``"data"``
      for :class:`nps_toolkit.repeat.outcomes.RepeatPurchase`);
    * ``function``: the name of the function returning it (for the warning).

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True, eq=False, repr=False)
    ... class Demo(NamedResult):
    ...     main = "table"
    ...     function = "demo"
    ...     table: pd.DataFrame
    ...     n: int
    >>> res = Demo(pd.DataFrame({"a": [1, 2]}), n=2)
    >>> res.table["a"].tolist(), res.n
    ([1, 2], 2)
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     old = len(res)  # old code: the result used as the table
    >>> old, str(caught[0].message)  # doctest: +ELLIPSIS
    (2, 'demo now returns Demo; use .table (the other results are fields of Demo, ...')
    """

    main: ClassVar[str] = "table"
    function: ClassVar[str] = ""

    def _old_use(self) -> pd.DataFrame:
        """The main table, with the FutureWarning for code that used the old DataFrame."""
        name = type(self).__name__
        warnings.warn(
            f"{self.function} now returns {name}; use .{self.main} "
            f"(the other results are fields of {name}, no longer DataFrame.attrs).",
            FutureWarning,
            stacklevel=3,
        )
        return object.__getattribute__(self, self.main)

    def __getattr__(self, name: str):
        # Called only when normal look-up fails: the fields are found first.
        if name.startswith("_"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return getattr(self._old_use(), name)

    def __getitem__(self, key):
        return self._old_use()[key]

    def __len__(self) -> int:
        return len(self._old_use())

    def __iter__(self):
        return iter(self._old_use())

    def __contains__(self, key) -> bool:
        return key in self._old_use()

    def _repr_html_(self):
        return self._old_use()._repr_html_()

    def __repr__(self) -> str:
        parts = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, pd.DataFrame):
                shown = f"<DataFrame {value.shape[0]} x {value.shape[1]}>"
            elif isinstance(value, pd.Series):
                shown = f"<Series {len(value)}>"
            else:
                shown = repr(value)
            parts.append(f"{f.name}={shown}")
        return f"{type(self).__name__}({', '.join(parts)})"


def main_table(result):
    """The main table of a named result (no warning); anything else is returned as is.

    For functions that accept either a result or a DataFrame (the plot helpers).

    Examples
    --------
    >>> main_table(pd.DataFrame({"a": [1]})).shape
    (1, 1)
    """
    if isinstance(result, NamedResult):
        return object.__getattribute__(result, result.main)
    return result
