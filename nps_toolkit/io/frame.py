"""Steps of :func:`nps_toolkit.io.read_survey` between reading and the account.

Internal: splitting header rows from data, resolving the columns the analyst
named (or the layout proposes), the segment check, and building the result
frame column by column.
"""

from __future__ import annotations

import difflib
import os
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import numpy as np
import pandas as pd

from nps_toolkit._validation import as_list
from nps_toolkit.io import arrowtext as _t
from nps_toolkit.io import columns as _c
from nps_toolkit.io import platforms as _p
from nps_toolkit.io import screens as _s
from nps_toolkit.io.records import Records, take_from
from nps_toolkit.io.respondents import respondents_in_several

CANONICAL = ("respondent_id", "score", "comment", "date")


def start_table(recs: Records, header_row: int | None):
    """``(layout, data records)``: the layout from the header rows, then the data rows."""
    layout = _p.detect_layout([recs.record(k) for k in range(min(3, len(recs)))])
    data = take_from(recs, layout.header_rows)
    if not len(data):
        raise ValueError(
            f"Survey file {recs.source!r} has a header ({len(layout.columns)} columns) but no "
            f"data rows. Check the export's filters or date range.{header_hint(recs)}"
        )
    return layout, data


def header_hint(recs: Records) -> str:
    """A hint when the first row looks like a title rather than column names."""
    if not len(recs):
        return ""
    header = recs.record(0)
    filled = [c.strip() for c in header if c.strip()]
    if len(filled) > 1 and sum(not c.strip() for c in header) * 2 <= len(header):
        return ""
    for k in range(1, min(20, len(recs))):
        width = recs.widths[k] if recs.widths is not None else 0
        fields = max(int(width), sum(bool(c.strip()) for c in recs.record(k)))
        if fields >= 2 and fields > len(filled):
            line = int(recs.lines[k])
            shown = repr(filled[0][:60]) if filled else "almost nothing"
            return (
                f" Line {int(recs.lines[0])} holds {shown}, which looks like a title, not the "
                f"column names; the header seems to be on line {line}: pass header_row={line} "
                f"(--header-row {line})."
            )
    return ""


def _list(names, k: int = 20) -> str:
    names = list(names)
    more = f", ... ({len(names)} in all)" if len(names) > k else ""
    return ", ".join(repr(c) for c in names[:k]) + more


def column_name(layout, recs, key: str, name: str, what: str = "Survey") -> str:
    """The column ``name`` passed as ``key=``, checked (unknown or duplicated names)."""
    by_question = [c for c, q in layout.questions.items() if q and q == name]
    if name not in layout.columns and len(by_question) == 1:
        name = by_question[0]  # Qualtrics: the question text names its id column
    if name in layout.duplicate_names:
        positions = layout.duplicate_names[name]
        second = layout.columns[positions[1] - 1]
        raise ValueError(
            f"{what} file {recs.source!r}: {len(positions)} columns are named {name!r} "
            f"(positions {', '.join(str(p) for p in positions)}), so {key}={name!r} is "
            f"ambiguous. Fix: rename them in the file, or pass {key}={second!r} for the "
            f"second (the first keeps the name {name!r} only once it is unique)."
        )
    if name not in layout.columns:
        close = difflib.get_close_matches(str(name), layout.columns, n=3, cutoff=0.6)
        hint = f" Did you mean {_list(close)}?" if close else ""
        raise ValueError(
            f"{what} file {recs.source!r} has no column {name!r} (passed as {key}=).{hint} "
            f"Columns are: {_list(layout.columns)}.{header_hint(recs)}"
        )
    return name


def resolve_columns(layout, data: Records, recs: Records, *, by=None, **given):
    """``(canonical role -> column, segment columns)``; errors name the fix."""
    cols: dict[str, str] = {}
    for key, name in given.items():
        if name is not None:
            cols[key] = column_name(layout, recs, key, name)
    for key, name in layout.defaults.items():
        cols.setdefault(key, name)
    if "score" not in cols:
        found = _p.score_candidates(layout, data.cells)
        if len(found) != 1:
            what = (
                f"several columns could be the NPS question: {_list(found)}"
                if found
                else "no column looks like the NPS question (a header mentioning "
                "recommend / NPS / likely with 0-10 answers)"
            )
            raise ValueError(
                f"Survey file {recs.source!r}: {what}. Fix: pass score= the column name. "
                f"Columns are: {_list(layout.columns)}.{header_hint(recs)}"
            )
        cols["score"] = found[0]
    if "comment" not in cols:
        found = _p.comment_candidates(layout, data.cells, exclude={cols["score"]})
        if len(found) > 1:
            raise ValueError(
                f"Survey file {recs.source!r}: several columns could be the comment question: "
                f"{_list(found)}. Fix: pass comment= the one to analyse."
            )
        if found:
            cols["comment"] = found[0]
    segments = as_list(by)
    segments = [column_name(layout, recs, "by", s) for s in segments]
    if segments and "respondent" not in cols:
        raise ValueError(
            f"Survey file {recs.source!r}: by={segments} checks respondents found in two "
            "segment values, which needs a respondent id column. Fix: pass respondent=."
        )
    order = ("respondent", "score", "comment", "date")
    return {k: cols[k] for k in order if k in cols}, segments


def segment_flags(data: Records, layout, resp, candidates: np.ndarray, by):
    """Flags for respondents found in two values of a ``by`` column (``candidates``: open
    rows whose id occurs more than once)."""
    rows = np.flatnonzero(candidates)
    frame = pd.DataFrame({"respondent_id": _t.rows_of(resp, rows).to_numpy()}, index=rows)
    for column in by:
        values = _c.strip(_t.rows_of(data.cells[layout.columns.index(column)], rows))
        frame[column] = values.to_numpy()
    conflicts = respondents_in_several(frame, respondent="respondent_id", by=by)
    flags: dict[str, np.ndarray] = {}
    for (column, values), group in conflicts.groupby(["column", "values"], sort=False):
        name = f"same respondent in {' and '.join(values)} ({column!r})"
        flags[name] = np.sort(np.concatenate([np.asarray(r) for r in group["rows"]]))
    lines = data.lines
    conflicts["lines"] = [lines[np.asarray(r, dtype=np.int64)].tolist() for r in conflicts["rows"]]
    return flags, conflicts


def build_frame(
    data: Records,
    layout,
    cols,
    kept,
    scores,
    dates,
    resp,
    notes,
    known=None,
    plain_text=(),
    pool=None,
):
    """The result frame of the kept rows, the text flags and the repaired-cell counts.

    ``scores``: the parsed scores of the kept rows (whole numbers, as floats).

    ``known``: column -> its typed values on the kept rows when already parsed
    (numbers only: a number is never mojibake nor a formula). ``plain_text``:
    columns known to be ASCII-or-not text that is neither a number, missing nor a
    formula (ISO dates): only taken. ``pool``: a thread pool for the columns (they
    are independent and pyarrow's kernels release the GIL), else one is made.
    """
    if pool is None:
        workers = max(1, min(len(layout.columns), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as own:
            return build_frame(
                data, layout, cols, kept, scores, dates, resp, notes, known, plain_text, own
            )
    index = pd.Index(kept, name="source_row")
    mask = np.zeros(len(data), dtype=bool)
    mask[kept] = True
    job = SimpleNamespace(
        data=data,
        cols=cols,
        kept=kept,
        index=index,
        mask=mask,
        dates=dates,
        known={k: v for k, v in (known or {}).items() if v is not None},
        plain_text=plain_text,
        cache={},
    )
    # the comment first (its text is needed here), the others after it; while they run,
    # this thread makes the canonical respondent, score and date columns
    first = sorted(enumerate(layout.columns), key=lambda item: item[1] != cols.get("comment"))
    futures = {column: pool.submit(_one_column, job, j, column) for j, column in first}
    canon: dict[str, pd.Series] = {}
    if resp is not None:
        canon["respondent_id"] = _respondent_ids(resp, mask, index)
    canon["score"] = pd.Series(_t.int64_array(scores.astype(np.int64)), index=index, copy=False)
    dated = pd.Series(dates[kept], index=index, copy=False) if dates is not None else None
    done = [futures[column].result() for column in layout.columns]
    originals, flags, repaired, comment = _collect(done, kept, notes, cols.get("comment"))
    if comment is not None:
        canon["comment"], comment_flags = _comment_column(*comment, kept)
        flags.update(comment_flags)
    if dated is not None:
        canon["date"] = dated
    return _assemble(canon, originals, cols, index), flags, repaired


def _one_column(job, j: int, column: str):
    """``(column, (comment text, its screens) or None, repaired positions, typed values or
    None, formula-looking rows or None, notes)`` of one column on the kept rows."""
    none = np.empty(0, dtype=np.int64)
    if column in job.known:
        out = pd.Series(job.known[column], index=job.index, copy=False)
        return column, None, none, out, None, []
    if column in job.plain_text:
        if column == "date" and job.cols.get("date") == column and job.dates is not None:
            return column, None, none, None, None, []  # replaced by the parsed dates
        values = _t.keep(job.data.cells[j], job.mask, job.index)
        return column, (values, None), none, values, None, []
    values = _t.keep(job.data.cells[j], job.mask, job.index)
    fixed, changed = _c.repair(values, job.cache)
    said: list[str] = []
    is_comment = column == job.cols.get("comment")
    screened = _c.screen(fixed, space=is_comment)  # cheap screens of every value, one pass
    out = _c.typed(fixed, said, column, screened)
    numeric = pd.api.types.is_numeric_dtype(out.dtype)  # a number never looks like a formula
    rows = None if numeric else job.kept[_c.formula_rows(fixed, screened)]
    # (only the comment's text is needed later: the others are let go at once)
    comment = (fixed, screened) if is_comment else None
    return column, comment, changed, out, rows, said


def _respondent_ids(resp, mask, index) -> pd.Series:
    """The kept rows' respondent ids, an empty one missing."""
    rid = _t.keep(resp, mask, index)
    empty = np.zeros(len(rid), dtype=bool)
    rows = _s.find(rid, min_len=0, max_len=0)
    empty[rows if rows is not None else rid.eq("").to_numpy(dtype=bool)] = True
    return _t.with_missing(rid, empty)


def _collect(done, kept, notes, comment_column):
    """``(typed columns, flags, repaired counts, comment text and screens or None)`` from
    the columns' results (their notes are added to ``notes``)."""
    originals: dict[str, pd.Series] = {}
    repaired: dict[str, int] = {}
    repaired_rows, formula = [], []
    comment = None
    for column, fixed, changed, out, rows, said in done:
        if len(changed):
            repaired[column] = len(changed)
            repaired_rows.append(kept[changed])
        if column == comment_column and fixed is not None:
            comment = fixed
        if out is None:
            continue
        originals[column] = out
        notes.extend(said)
        if rows is not None:
            formula.append(rows)
    flags = {
        _c.F_REPAIRED: np.unique(np.concatenate(repaired_rows)) if repaired_rows else [],
        _c.F_FORMULA: np.unique(np.concatenate(formula)) if formula else [],
    }
    return originals, flags, repaired, comment


def _comment_column(comment_text, comment_screened, kept):
    """The canonical comment (stripped; empty or ``NA`` missing) and its flags."""
    text = _c.strip(comment_text, comment_screened)
    # "NA" is R's missing marker; "n/a" typed by a respondent is kept as written.
    screened = comment_screened if text is comment_text else None
    screened = screened if screened is not None else _c.screen(text)
    if screened is None:
        missing = (text.eq("") | text.eq("NA")).to_numpy(dtype=bool)
    else:
        missing = np.zeros(len(text), dtype=bool)
        missing[screened["empty"]] = True
        marker = screened["marker"]  # (the values that may be a missing marker, "NA" too)
        if len(marker):
            missing[marker] = _t.rows_of(text, marker).eq("NA").to_numpy(dtype=bool)
    flags = {_c.F_COMMENT: kept[missing], _c.F_DOS: kept[_c.dos_rows(comment_text)]}
    return _t.with_missing(text, missing), flags


def _assemble(canon, originals, cols, index) -> pd.DataFrame:
    """The canonical columns, then the original ones (``<name>_original`` when an original
    column has a canonical name it is not the source of)."""
    source_of = {
        "respondent_id": cols.get("respondent"),
        "score": cols["score"],
        "comment": cols.get("comment"),
        "date": cols.get("date"),
    }
    renamed = {n: f"{n}_original" for n in CANONICAL if n in originals and source_of[n] != n}
    for name, src in source_of.items():
        if src == name and name in canon:
            originals.pop(name, None)  # the cleaned canonical column replaces its source
    columns = [*canon.items(), *((renamed.get(k, k), v) for k, v in originals.items())]
    if len({name for name, _ in columns}) == len(columns):
        # every column is freshly made for this frame: no copy, no consolidation of blocks
        return pd.DataFrame(
            {name: pd.Series(v, index=index, copy=False) for name, v in columns},
            index=index,
            copy=False,
        )
    out = pd.DataFrame(canon, index=index)
    rest = pd.DataFrame({renamed.get(k, k): v for k, v in originals.items()}, index=index)
    return pd.concat([out, rest], axis=1)
