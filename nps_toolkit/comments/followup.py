"""The detractor follow-up list: who to call first, and what they said.

:func:`follow_up_list` returns every detractor (with or without a comment: a
detractor who wrote nothing still needs a call), with the comment (PII-redacted
by default), its themes, its sentiment, the customer's last order and value,
ranked by priority. Showing and writing it (:func:`follow_up_display`,
:func:`export_follow_up`, :class:`FollowUpExport`) moved to
:mod:`nps_toolkit.comments.followup_export`; the names stay importable from here.

The list is meant for calling customers back, so its identifiers are kept as
they are, even when they are contact details (a Delighted export uses the
e-mail address as the respondent id). The two ways out (a report view with
contact ids masked; CSV/XLSX files that keep them and say so) are described in
:mod:`nps_toolkit.comments.followup_export`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._results import NamedResult
from nps_toolkit._validation import as_list, parse_dates, require_columns
from nps_toolkit.comments.followup_export import (
    FollowUpExport,
    export_follow_up,
    follow_up_display,
)
from nps_toolkit.comments.privacy import redact_pii
from nps_toolkit.comments.tokens import has_text
from nps_toolkit.score.scales import classify

__all__ = [
    "COLUMNS",
    "FollowUpExport",
    "FollowUpList",
    "export_follow_up",
    "follow_up_display",
    "follow_up_list",
]

#: Columns of :func:`follow_up_list`, in order.
COLUMNS = [
    "priority",
    "respondent",
    "customer",
    "score",
    "comment",
    "themes",
    "compound",
    "sentiment_label",
    "last_order_date",
    "customer_value",
]


@dataclass(frozen=True, eq=False, repr=False)
class FollowUpList(NamedResult):
    """What :func:`follow_up_list` returns.

    Attributes
    ----------
    table : DataFrame
        One row per detractor, most urgent first (columns listed in
        :func:`follow_up_list`).
    comments_redacted : bool
        Whether the comments were redacted (``redact=``); the export's note says so.

    :func:`follow_up_display` and :func:`export_follow_up` take it as it is.
    """

    main = "table"
    function = "follow_up_list"

    table: pd.DataFrame
    comments_redacted: bool


def _theme_names(texts: pd.Series, themes, present: np.ndarray) -> pd.Series:
    """Comma-joined names of the themes found in each comment ('' when none).

    ``present`` flags the comments with text (:func:`~nps_toolkit.comments.tokens.has_text`).
    """
    if themes is False:
        return pd.Series(pd.NA, index=texts.index, dtype="str")
    if isinstance(themes, pd.DataFrame):
        if not texts.index.isin(themes.index).all():
            missing = texts.index[~texts.index.isin(themes.index)]
            raise ValueError(
                f"themes DataFrame has no row for {len(missing)} detractor(s) "
                f"(index {list(missing[:5])}). Fix: pass tag_themes(data[comment]) computed "
                "on the same DataFrame, so the indexes match."
            )
        flags = themes.loc[texts.index]
    else:
        from nps_toolkit.comments.themes import tag_themes

        filled = texts.where(present, "")
        flags = tag_themes(filled) if themes is None else tag_themes(filled, themes=themes)
    flags = flags.fillna(False).astype(bool)
    names = np.array([str(c) for c in flags.columns], dtype=object)
    values = flags.to_numpy()
    joined = [", ".join(names[row]) for row in values]
    return pd.Series(joined, index=texts.index, dtype="str")


def _orders_summary(orders, *, customer, order_date, amount) -> pd.DataFrame:
    require_columns(orders, [customer, order_date, amount], "orders")
    dates = parse_dates(orders[order_date], order_date, "orders")
    cols = {"customer": orders[customer], "last_order_date": dates}
    if amount is not None:
        if not pd.api.types.is_numeric_dtype(orders[amount].dtype):
            raise ValueError(
                f"orders column {amount!r} is not numeric (dtype {orders[amount].dtype}). "
                "Fix: convert it with pd.to_numeric, e.g. after removing currency symbols."
            )
        cols["customer_value"] = orders[amount].astype("float64")
    frame = pd.DataFrame(cols)
    agg = {"last_order_date": "max"}
    if amount is not None:
        agg["customer_value"] = "sum"
    return frame.groupby("customer", sort=False, dropna=True).agg(agg)


def _check_arguments(
    data, score, comment, respondent, orders, customer, order_date, value, segments
):
    """ValueError naming the fix for a wrong ``follow_up_list`` call."""
    if not isinstance(data, pd.DataFrame):
        raise ValueError(
            f"follow_up_list expects a DataFrame, got {type(data).__name__}. "
            "Fix: pass the survey DataFrame and column names."
        )
    require_columns(data, [score, comment, respondent, value, *segments], "data")
    clash = [s for s in segments if s in COLUMNS or s in ("tone", "tone_score")]
    if clash:
        raise ValueError(
            f"segments={clash!r}: {', '.join(map(repr, clash))} is also a column name of the "
            "follow-up list. Fix: rename that survey column before building the list."
        )
    if orders is not None:
        if customer is None or order_date is None:
            raise ValueError(
                "With orders=, also pass customer= (the customer id column present in both "
                "data and orders) and order_date= (and amount= for the customer value)."
            )
    require_columns(data, [customer], "data")
    if value is not None and not pd.api.types.is_numeric_dtype(data[value].dtype):
        raise ValueError(
            f"value column {value!r} is not numeric (dtype {data[value].dtype}). "
            "Fix: convert it with pd.to_numeric."
        )


def _add_customer_value(out, det, orders, customer, order_date, amount, value) -> None:
    """Fill ``last_order_date`` and ``customer_value`` of ``out`` in place."""
    out["last_order_date"] = pd.NaT
    out["customer_value"] = np.nan
    if orders is not None:
        summary = _orders_summary(orders, customer=customer, order_date=order_date, amount=amount)
        keys = det[customer]
        out["last_order_date"] = keys.map(summary["last_order_date"]).astype("datetime64[ns]")
        if amount is not None:
            values = keys.map(summary["customer_value"]).astype("float64")
            out["customer_value"] = values.where(keys.isna() | values.notna(), 0.0)
    if value is not None:
        out["customer_value"] = det[value].astype("float64")


def _priority_order(out: pd.DataFrame) -> np.ndarray:
    """Positions by score, then tone (``compound``: most negative first), then customer
    value (high first), then id."""
    return np.lexsort(
        (
            out["respondent"].astype(str).to_numpy(),
            -out["customer_value"].fillna(-np.inf).to_numpy(),
            out["compound"].astype("float64").fillna(np.inf).to_numpy(),
            out["score"].astype("float64").to_numpy(),
        )
    )


def _check_tone(tone, det_index, present) -> pd.DataFrame:
    """The ``tone`` rows of the detractors, after checking its columns and index.

    A detractor without a comment may be absent from ``tone`` (it has no tone);
    one with a comment may not: its tone was computed on other rows.
    """
    if not isinstance(tone, pd.DataFrame) or not {"tone", "tone_score"} <= set(tone.columns):
        raise ValueError(
            "tone= must be the comments table of nps_toolkit.comments.tone (columns 'tone' "
            "and 'tone_score', indexed like data). Fix: pass tone(data, ...).comments."
        )
    missing = det_index[np.asarray(present, dtype=bool) & ~det_index.isin(tone.index)]
    if len(missing):
        raise ValueError(
            f"tone= has no row for {len(missing):,} commented detractor(s) of data (index "
            f"labels {list(missing[:5])}). Fix: compute tone() on the same survey rows as data."
        )
    return tone.reindex(det_index)[["tone", "tone_score"]]


def _comment_tones(texts, index, present, tone, lang):
    """(number, label) of each detractor's comment: from ``tone`` (any language) when
    given, else the English lexicon; NaN and no label without a detractor."""
    if tone is not None:
        tones = _check_tone(tone, index, present)
        labels = tones["tone"].astype("object")
        labels = labels.where(labels.notna(), "no tone").where(present, "no comment")
        return tones["tone_score"].astype("float64"), labels
    if not len(index):
        return np.nan, pd.Series(dtype="str")
    from nps_toolkit.comments.sentiment import sentiment  # scikit-learn: only when used

    sent = sentiment(texts, language=lang)
    return sent["compound"], sent["label"]


@share_docs
def follow_up_list(
    data: pd.DataFrame,
    *,
    score: str,
    comment: str | None,
    respondent: str,
    orders: pd.DataFrame | None = None,
    customer: str | None = None,
    order_date: str | None = None,
    amount: str | None = None,
    value: str | None = None,
    scale=None,
    thresholds=None,
    themes=None,
    language=None,
    redact: bool = True,
    max_rows: int | None = None,
    segments=None,
    tone: pd.DataFrame | None = None,
) -> FollowUpList:
    """Detractors to call back, most urgent first.

    Priority order (documented and tested): **lowest score first**; within a
    score, **most negative comment first** (``tone_score`` ascending when
    ``tone`` is given, which reads every language; otherwise VADER
    ``compound``, which reads English only; comments that could not be scored,
    e.g. no comment, come after the scored ones); then **highest customer
    value first**; then by respondent id, so the order is reproducible.

    Parameters
    ----------
    {params.data}
    score, comment, respondent : str
        Columns of ``data``: recommend score, free-text comment, respondent id.
        ``comment=None`` when the survey has no comment column (the list then
        has no text, themes or sentiment).
    orders : DataFrame, optional
        Order history; needs ``customer`` (also a column of ``data``),
        ``order_date`` and optionally ``amount``. ``last_order_date`` is the
        latest order date of the customer, ``customer_value`` the sum of
        ``amount`` over all their orders (0 for customers with no order;
        returns with negative amounts are netted).
    customer, order_date, amount : str, optional
        Column names, see ``orders``. ``customer`` alone (without ``orders``)
        just adds the customer id to the list.
    value : str, optional
        A column of ``data`` holding the customer value directly (e.g. spend
        from a loyalty card), used when there is no ``orders`` table.
    {params.scale}
    {params.thresholds}
    themes : None, dict, DataFrame or False
        ``None`` tags comments with :func:`nps_toolkit.comments.themes.tag_themes` and its
        default dictionary; a dict is passed as ``tag_themes(..., themes=...)``;
        a DataFrame of True/False theme columns aligned to ``data`` is used as
        is; ``False`` leaves the column empty.
    language : None, str or column name
        Passed to :func:`nps_toolkit.comments.sentiment.sentiment` (``None`` detects).
    redact : bool, default True
        Replace e-mails, phones, card numbers, IBANs and addresses in the
        comment with placeholders (:func:`nps_toolkit.comments.privacy.redact_pii`).
        Themes and sentiment are computed on the original text.
    max_rows : int, optional
        Keep only the first ``max_rows`` by priority.
    segments : list of str, optional
        Columns of ``data`` copied into the list after ``score`` (e.g. the
        report's segment columns: arm, month, primary reason), so whoever
        calls back sees them.
    tone : DataFrame, optional
        Each comment's tone from :func:`nps_toolkit.comments.tones.tone` (its
        ``comments`` table: ``tone`` and ``tone_score``, indexed like
        ``data``). It then orders the list and labels every comment, in any
        language: columns ``tone_score`` and ``tone`` (``"no tone"`` for a
        comment without one, ``"no comment"`` without a comment) replace
        ``compound`` and ``sentiment_label``, and the English lexicon is not run.

    Returns
    -------
    FollowUpList
        ``table``: one row per detractor, sorted by priority, indexed like
        ``data``: ``priority`` (1 = call first), ``respondent``, ``customer``
        (only with ``customer``), ``score``, the ``segments`` columns,
        ``comment`` (redacted; NaN when none), ``themes`` (comma-joined theme
        keys, '' when none), ``compound`` (VADER, -1..1, NaN when not scored),
        ``sentiment_label`` (both replaced by ``tone_score`` and ``tone`` when
        ``tone`` is given), ``last_order_date`` (only with ``orders``),
        ``customer_value`` (only with ``orders`` and ``amount``, or ``value``).
        A column that would always be empty is left out. ``respondent`` and
        ``customer`` are kept as they are, contact details included (the list
        is for calling back): show it in HTML with :func:`follow_up_display`,
        which masks them. ``comments_redacted`` records ``redact``.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["r1", "r2", "r3", "r4"], "score": [6, 2, 9, 2],
    ...                    "comment": ["Delivery was late", "Rude staff, call 06 12 34 56 78",
    ...                                "Great", None]})
    >>> out = follow_up_list(df, score="score", comment="comment", respondent="id",
    ...                      themes=False, language="en")
    >>> out.table[["priority", "respondent", "score", "comment", "sentiment_label"]]
       priority respondent  score                  comment sentiment_label
    1         1         r2      2  Rude staff, call [PHONE]        negative
    3         2         r4      2                      NaN      no_comment
    0         3         r1      6        Delivery was late        negative
    """
    segments = as_list(segments)
    _check_arguments(
        data, score, comment, respondent, orders, customer, order_date, value, segments
    )
    if max_rows is not None and (not isinstance(max_rows, int) or max_rows < 0):
        raise ValueError(f"max_rows must be a non-negative integer or None; got {max_rows!r}.")

    categories = classify(data[score], scale=scale, thresholds=thresholds)
    det = data.loc[categories.eq("detractor").fillna(False).to_numpy(dtype=bool)]

    if comment is None:  # no comment column: every detractor still needs a call
        texts = pd.Series([None] * len(det), index=det.index, dtype="object")
    else:
        texts = det[comment]
    if isinstance(language, str) and language in data.columns:
        lang = det[language]
    elif isinstance(language, pd.Series):
        lang = language.loc[det.index]
    else:
        lang = language
    present = has_text(texts)
    compound, labels = _comment_tones(texts, det.index, present, tone, lang)

    out = pd.DataFrame(index=det.index)
    out["respondent"] = det[respondent]
    out["customer"] = det[customer] if customer is not None else np.nan
    out["score"] = pd.to_numeric(det[score])
    shown = texts.astype("object").where(present, None)
    out["comment"] = redact_pii(shown) if redact else shown
    out["themes"] = _theme_names(texts, themes, present) if len(det) else pd.Series(dtype="str")
    out["compound"] = compound
    out["sentiment_label"] = labels

    _add_customer_value(out, det, orders, customer, order_date, amount, value)
    out = out.iloc[_priority_order(out)]
    out.insert(0, "priority", np.arange(1, len(out) + 1))
    if max_rows is not None:
        out = out.iloc[:max_rows]
    for column in segments:
        out[column] = det.loc[out.index, column]
    table = out[_list_columns(segments, customer, orders, amount, value)]
    if tone is not None:
        table = table.rename(columns={"compound": "tone_score", "sentiment_label": "tone"})
    return FollowUpList(table=table, comments_redacted=bool(redact))


def _list_columns(segments, customer, orders, amount, value) -> list:
    """The list's columns: COLUMNS without the always-empty ones, segments after ``score``."""
    empty = set()
    if customer is None:
        empty.add("customer")
    if orders is None:
        empty.add("last_order_date")
    if value is None and (orders is None or amount is None):
        empty.add("customer_value")
    columns = []
    for column in COLUMNS:
        if column not in empty:
            columns.append(column)
        if column == "score":
            columns.extend(segments)
    return columns
