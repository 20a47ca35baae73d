"""Orders files through the survey loader: :func:`read_orders`.

The same reading as :func:`nps_toolkit.io.read_survey` (encoding detection,
delimiter sniffing, the pyarrow reader or the careful one, blank lines, Excel
sheets, ``header_row=``) and the same kind of row account, so that
:func:`nps_toolkit.io.quality_report`, :func:`~nps_toolkit.io.excluded_rows`,
:func:`~nps_toolkit.io.quality_flags` and :func:`~nps_toolkit.io.quality_summary`
describe an orders file too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit.io import account as _a
from nps_toolkit.io import arrowtext as _t
from nps_toolkit.io import columns as _c
from nps_toolkit.io import dates as _d
from nps_toolkit.io.platforms import detect_layout
from nps_toolkit.io.readfile import read_records
from nps_toolkit.io.records import take_from

MISSING_CUSTOMER = "missing customer"
MISSING_DATE = "missing order date"
BAD_DATE = "order date unparseable"
BAD_AMOUNT = "amount not a number"
ORDER_EXCLUSIONS = (
    _a.TRUNCATED,
    _a.RAGGED,
    _a.STRAY,
    MISSING_CUSTOMER,
    MISSING_DATE,
    BAD_DATE,
    BAD_AMOUNT,
)


def read_orders(
    path_or_buffer,
    *,
    customer: str,
    order_date: str,
    amount: str | None = None,
    format: str = "auto",
    encoding: str | None = None,
    sheet: str | int | None = None,
    header_row: int | None = None,
    dayfirst: bool | None = None,
) -> pd.DataFrame:
    """Load an orders file (one row per order) and account for every row.

    Parameters
    ----------
    path_or_buffer : str, Path, bytes or file-like
        CSV / TSV / Excel / Parquet orders file.
    customer, order_date : str
        Customer id and order date columns.
    amount : str, optional
        Order value column (numbers; a missing amount is 0 only if you make it so).
    format, encoding, sheet, header_row, dayfirst
        As in :func:`nps_toolkit.io.read_survey`.

    Returns
    -------
    pandas.DataFrame
        Kept orders, index ``source_row``; ``customer`` (str), ``order_date``
        (datetime64, UTC without time zone) and ``amount`` (float64) under
        their own names, then the other columns (numbers converted when the
        whole column is numeric). Excluded: truncated, ragged and stray header
        rows, a missing customer, a missing or unparseable date, an amount
        that is not a number. Identical rows are kept (two equal orders can
        be real) and counted in the account's ``identical_rows``.

    Examples
    --------
    >>> import io
    >>> from nps_toolkit.io.read import quality_report
    >>> orders = read_orders(
    ...     io.StringIO("customer_id,order_date,amount\\n1,2024-01-05,20\\n,2024-01-06,5\\n"),
    ...     customer="customer_id", order_date="order_date", amount="amount")
    >>> orders
               customer_id order_date  amount
    source_row
    0                    1 2024-01-05    20.0
    >>> quality_report(orders)[["reason", "rows", "lines"]]
                 reason  rows lines
    0              kept     1    []
    1  missing customer     1   [3]
    """
    from nps_toolkit.io.frame import column_name
    from nps_toolkit.io.quality import ATTRS_KEY, account_for

    recs = read_records(
        path_or_buffer,
        fmt=format,
        encoding=encoding,
        sheet=sheet,
        header_row=header_row,
        what="Orders",
    )
    layout = detect_layout([recs.record(0)])
    data = take_from(recs, 1)
    where = f"Orders file {recs.source!r}"
    if not len(data):
        raise ValueError(f"{where} has a header but no rows. Check the export.")
    given = {"customer": customer, "order_date": order_date, "amount": amount}
    cols = {k: column_name(layout, recs, k, v, "Orders") for k, v in given.items() if v is not None}
    dec, ids, dates, date_flags, values = _decide(data, layout, cols, dayfirst)
    identical = _a.duplicate_rows(data, dec, None, None)
    notes = list(recs.notes)
    frame = _frame(data, layout, cols, dec, ids, dates, values, notes)
    frame.attrs[ATTRS_KEY] = account_for(
        "orders",
        recs,
        layout,
        data,
        dec,
        columns=dict(cols),
        scale=None,
        flags={k: v[dec.open[v]] for k, v in date_flags.items()},
        repaired={},
        identical_rows=identical,
        notes=notes,
        segment_conflicts=None,
    )
    del recs, data, dec, ids, dates, values  # the read's temporaries, before releasing
    _t.release_unused_memory()
    return frame


def _decide(data, layout, cols, dayfirst):
    """Every order row's decision; ``(decisions, customer ids, dates, date flags, amounts
    or None)``."""
    cells = {k: data.cells[layout.columns.index(v)] for k, v in cols.items()}
    dec = _a.Decisions(len(data), ORDER_EXCLUSIONS)
    dates, date_flags, _ = _d.parse_dates(cells["order_date"], dayfirst)
    _a.structural(data, layout, dec, np.isnat(dates), cells["order_date"])
    ids = _c.strip(cells["customer"])
    dec.exclude(_t.is_in(ids, _c.MISSING_CELL), MISSING_CUSTOMER, ids)
    missing_date = np.zeros(len(data), dtype=bool)
    missing_date[date_flags.pop(_c.F_DATE_MISSING)] = True
    dec.exclude(missing_date, MISSING_DATE, "")
    dec.exclude(np.isnat(dates), BAD_DATE, cells["order_date"])
    values = None
    if "amount" in cols:
        raw = _c.strip(cells["amount"])
        values = pd.to_numeric(raw.astype(object), errors="coerce").to_numpy(dtype="float64")
        dec.exclude(np.isnan(values), BAD_AMOUNT, raw)
    return dec, ids, dates, date_flags, values


def _frame(data, layout, cols, dec, ids, dates, values, notes) -> pd.DataFrame:
    """The kept orders: every column typed, the named ones parsed."""
    kept = np.flatnonzero(dec.open)
    index = pd.Index(kept, name="source_row")
    out = {}
    for j, name in enumerate(layout.columns):
        column = _t.keep(data.cells[j], dec.open, index)
        out[name] = _c.typed(column, notes, name)
    out[cols["customer"]] = _t.keep(ids, dec.open, index)
    out[cols["order_date"]] = pd.Series(dates[kept], index=index, copy=False)
    if values is not None:
        out[cols["amount"]] = pd.Series(values[kept], index=index, copy=False)
    return pd.DataFrame(out, index=index)
