"""One answer per respondent: find and drop repeated responses, and say what went."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from nps_toolkit._checks import require_columns


class Deduplicated(NamedTuple):
    """Result of :func:`dedupe_respondents`: the kept rows and the dropped ones."""

    data: pd.DataFrame
    dropped: pd.DataFrame


def dedupe_respondents(
    data: pd.DataFrame,
    *,
    respondent: str,
    date: str | None = None,
    keep: str = "latest",
) -> Deduplicated:
    """Keep one response per respondent.

    Parameters
    ----------
    data : DataFrame
    respondent : str
        Respondent (customer) id column. Rows with a missing id are kept: they
        cannot be matched to anyone.
    date : str, optional
        Response date column, needed for ``keep="latest"`` / ``"earliest"``.
    keep : {"latest", "earliest", "first", "last"}
        Which response to keep: by date (ties broken by row order), or by row order.

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
    if keep not in choices:
        raise ValueError(f"keep must be one of {choices}; got {keep!r}.")
    require_columns(data, [respondent] + ([date] if date else []), skip_none=False)
    if keep in ("latest", "earliest") and date is None:
        raise ValueError(
            f"keep={keep!r} needs date='<response date column>'; or use keep='first'/'last'."
        )

    position = pd.Series(range(len(data)), index=data.index)
    order = pd.DataFrame(
        {"id": data[respondent].to_numpy(), "pos": position.to_numpy()}, index=data.index
    )
    if date is not None:
        order["date"] = pd.to_datetime(data[date], errors="coerce").to_numpy()
    if keep in ("latest", "earliest"):
        # Undated responses sort first, so a dated response wins; ties keep row order.
        ranked = order.sort_values(
            ["date", "pos"], ascending=True, na_position="first", kind="stable"
        )
        winner_is_last = keep == "latest"
    else:
        ranked = order
        winner_is_last = keep == "last"
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
