"""Response dates: ISO 8601 by pyarrow, other forms by pandas, and the day/month order.

Internal to :mod:`nps_toolkit.io` (:func:`parse_dates` serves both
:func:`nps_toolkit.io.read_survey` and :func:`nps_toolkit.io.read_orders`).
Slash dates are read day-first when some first field exceeds 12, month-first
otherwise, and the rows are flagged when no date tells or the file holds
both orders (see the ``F_DATE_*`` flags of :mod:`nps_toolkit.io.columns`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from nps_toolkit.io.arrowtext import arrow, full
from nps_toolkit.io.columns import (
    F_DATE_BAD,
    F_DATE_CONTRA,
    F_DATE_MISSING,
    F_DATE_MIXED,
    F_DATE_ORDER,
    MISSING_TESTS,
    missing_cell,
    strip,
)
from nps_toolkit.io.screens import SPACE_TEST, find_many

_SLASH_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}")
_UNIX = r"\d{9,10}(?:\.\d+)?"


def parse_dates(column: pd.Series, dayfirst: bool | None):
    """``(datetime64[ns] array, {flag: row positions}, clean)`` for a date column of text;
    ``clean``: every value is an ISO 8601 date without spaces around it (so the column
    itself is plain text: no number, no formula, nothing missing)."""
    n = len(column)
    screened = find_many(column, {"space": SPACE_TEST, **MISSING_TESTS})
    raw = strip(column, screened)
    present = ~missing_cell(raw, screened if raw is column else None)
    everywhere = bool(present.all())
    values = raw if everywhere else raw[present]
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    flags: dict[str, np.ndarray] = {}
    fast = _arrow_dates(values) if len(values) else None
    if fast is not None and everywhere:
        out = fast
    elif fast is not None:
        out[present] = fast
    elif len(values):
        if full(values, _UNIX).all():
            parsed = pd.to_datetime(values.astype("float64"), unit="s", errors="coerce")
        else:
            parsed = pd.to_datetime(values, format="ISO8601", errors="coerce", utc=True)
            retry = parsed.isna().to_numpy()
            if retry.any():
                order, said = _day_order(values[retry], dayfirst)
                for name, rows in said.items():
                    flags[name] = np.flatnonzero(present)[np.flatnonzero(retry)[rows]]
                parsed[retry] = pd.to_datetime(
                    values[retry], format="mixed", dayfirst=order, errors="coerce", utc=True
                )
            parsed = parsed.dt.tz_convert(None)
        out[present] = parsed.to_numpy(dtype="datetime64[ns]")
    flags[F_DATE_MISSING] = np.flatnonzero(~present)
    flags[F_DATE_BAD] = np.flatnonzero(present & np.isnat(out))
    clean = fast is not None and everywhere and len(values) > 0
    clean = clean and (raw is column or bool(pc.all(pc.equal(arrow(raw), arrow(column))).as_py()))
    return out, flags, clean


def _arrow_dates(values: pd.Series) -> np.ndarray | None:
    """ISO 8601 dates parsed by pyarrow when every value is one (naive, or all with an
    offset, then as UTC); ``None`` lets pandas parse them value by value."""
    for tz in (None, "UTC"):
        try:
            parsed = pc.cast(arrow(values), pa.timestamp("ns", tz))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        return parsed.cast(pa.int64()).to_numpy(zero_copy_only=False).view("datetime64[ns]")
    return None


def _day_order(values: pd.Series, dayfirst: bool | None):
    """Day/month order of slash dates, and the rows to flag (positions in ``values``).

    Without ``dayfirst``: day-first if some first field exceeds 12 and no second
    one does, month-first otherwise (SurveyMonkey's US order); flagged when no
    date tells, and when the file holds both orders.
    """
    parts = values.astype(object).str.extract(_SLASH_DATE)
    slash = parts[0].notna().to_numpy()
    first = pd.to_numeric(parts[0], errors="coerce").to_numpy()
    second = pd.to_numeric(parts[1], errors="coerce").to_numpy()
    first_big, second_big = first > 12, second > 12
    if dayfirst is not None:
        contra = second_big if dayfirst else first_big
        return bool(dayfirst), ({F_DATE_CONTRA: np.flatnonzero(contra)} if contra.any() else {})
    if not slash.any():
        return False, {}
    if first_big.any() and second_big.any():
        return False, {F_DATE_MIXED: np.flatnonzero(slash)}
    if first_big.any():
        return True, {}
    if second_big.any():
        return False, {}
    return False, {F_DATE_ORDER: np.arange(len(values))}
