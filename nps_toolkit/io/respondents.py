"""One answer per respondent: find and drop repeated responses, and say what went."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import as_list, renamed_args, require_columns


class Deduplicated(NamedTuple):
    """Result of :func:`dedupe_respondents`: the kept rows and the dropped ones."""

    data: pd.DataFrame
    dropped: pd.DataFrame


@renamed_args(keep="duplicates")
@share_docs
def dedupe_respondents(
    data: pd.DataFrame,
    *,
    respondent: str,
    date: str | None = None,
    duplicates: str = "latest",
) -> Deduplicated:
    """Keep one response per respondent.

    Parameters
    ----------
    {params.data}
    respondent : str
        Respondent (customer) id column. Rows with a missing id are kept: they
        cannot be matched to anyone.
    date : str, optional
        Response date column, needed for ``duplicates="latest"`` / ``"earliest"``.
    duplicates : {"latest", "earliest", "first", "last"}
        Which response of a repeated respondent to keep: by date (ties broken by
        row order), or by row order. The same word as
        ``read_survey(duplicates=...)``; the old name ``keep=`` still works, with
        a ``FutureWarning``.

    Returns
    -------
    Deduplicated
        Named pair ``(data, dropped)``: the kept rows in their original order, and
        the dropped rows with a ``reason`` column ("duplicate respondent") and
        ``kept_row`` (index label of the row kept instead).

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a", "b", "a"], "score": [3, 9, 10],
    ...                    "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-02-01"])})
    >>> kept, dropped = dedupe_respondents(df, respondent="id", date="date")
    >>> kept["score"].tolist(), len(dropped)
    ([9, 10], 1)
    """
    choices = ("latest", "earliest", "first", "last")
    if duplicates not in choices:
        raise ValueError(f"duplicates must be one of {choices}; got {duplicates!r}.")
    require_columns(data, [respondent] + ([date] if date else []), skip_none=False)
    if duplicates in ("latest", "earliest") and date is None:
        raise ValueError(
            f"duplicates={duplicates!r} needs date='<response date column>'; "
            "or use duplicates='first'/'last'."
        )

    position = pd.Series(range(len(data)), index=data.index)
    order = pd.DataFrame(
        {"id": data[respondent].to_numpy(), "pos": position.to_numpy()}, index=data.index
    )
    if date is not None:
        order["date"] = pd.to_datetime(data[date], errors="coerce").to_numpy()
    if duplicates in ("latest", "earliest"):
        # Undated responses sort first, so a dated response wins; ties keep row order.
        ranked = order.sort_values(
            ["date", "pos"], ascending=True, na_position="first", kind="stable"
        )
        winner_is_last = duplicates == "latest"
    else:
        ranked = order
        winner_is_last = duplicates == "last"
    has_id = ranked["id"].notna()
    dup = ranked[has_id].duplicated("id", keep="last" if winner_is_last else "first")
    drop_labels = dup[dup].index
    winners = ranked[has_id][~dup]
    kept_for = pd.Series(winners.index, index=winners["id"].to_numpy())

    kept = data.drop(index=drop_labels)
    dropped = data.loc[drop_labels].copy()
    dropped["reason"] = "duplicate respondent"
    dropped["kept_row"] = kept_for.reindex(dropped[respondent].to_numpy()).to_numpy()
    return Deduplicated(kept, dropped.loc[data.index.intersection(drop_labels)])


@share_docs
def respondents_in_several(
    data: pd.DataFrame, *, respondent: str, by: str | list[str]
) -> pd.DataFrame:
    """Respondents who appear in more than one value of a segment column.

    A respondent found in both arms of an experiment (or in two regions) breaks
    the comparison: their answers count for both sides, and which one a
    de-duplication keeps depends on file order. This lists them so that a
    report can say so ("same respondent in control and pilot").

    Parameters
    ----------
    {params.data}
    respondent : str
        Respondent id column. Missing or empty ids are ignored (they match nobody).
    by : str or list of str
        Segment column(s), each checked on its own.

    Returns
    -------
    pandas.DataFrame
        One row per respondent and segment column where they appear in more than
        one value: ``respondent`` (the id), ``column`` (the segment column),
        ``values`` (tuple of the distinct values, sorted as text), ``n_rows``
        (their rows) and ``rows`` (list of their index labels, in order).

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a", "b", "a", "c"],
    ...                    "arm": ["control", "pilot", "pilot", "pilot"]})
    >>> respondents_in_several(df, respondent="id", by="arm")
      respondent column            values  n_rows    rows
    0          a    arm  (control, pilot)       2  [0, 2]
    """
    columns = as_list(by)
    require_columns(data, [respondent, *columns], skip_none=False)
    ids = data[respondent].astype("str")
    has_id = data[respondent].notna().to_numpy() & ids.str.strip().ne("").to_numpy()
    parts = []
    for column in columns:
        frame = pd.DataFrame(
            {
                "respondent": ids.to_numpy()[has_id],
                "value": data[column].astype("str").to_numpy()[has_id],
                "label": data.index.to_numpy()[has_id],
            }
        )
        frame = frame[frame["value"].notna()]
        n_values = frame.groupby("respondent", sort=False)["value"].nunique()
        several = n_values.index[n_values.to_numpy() > 1]
        if not len(several):
            continue
        frame = frame[frame["respondent"].isin(several)]
        out = (
            frame.groupby("respondent", sort=False)
            .agg(
                values=("value", lambda v: tuple(sorted(set(v)))),
                n_rows=("value", "size"),
                rows=("label", list),
            )
            .reset_index()
        )
        out.insert(1, "column", column)
        parts.append(out)
    if not parts:
        return pd.DataFrame(
            {
                "respondent": pd.Series([], dtype="str"),
                "column": pd.Series([], dtype="str"),
                "values": pd.Series([], dtype="object"),
                "n_rows": pd.Series([], dtype="int64"),
                "rows": pd.Series([], dtype="object"),
            }
        )
    out = pd.concat(parts, ignore_index=True)
    out["column"] = out["column"].astype("str")
    return out
