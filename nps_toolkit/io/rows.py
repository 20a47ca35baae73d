"""Deciding every data row of a survey: structure, score, scale, dates, respondents.

Internal step of :func:`nps_toolkit.io.read_survey` (its docstring gives the
exclusion reasons and their order). :func:`decide_rows` fills the shared state
``st`` (a namespace made by ``read_survey``: ``recs``, ``layout``, ``data``,
``cols``, ``by``, ``notes``) with the decisions ``dec``, the parsed ``scores``,
the scale ``lo``/``hi``, the ``dates``, the respondent ids (``resp``, ``ids``,
``numeric_ids``, ``repeated``), the ``identical`` row count, the per-step
``flags``, the columns known to be plain ``text`` and the segment ``conflicts``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from nps_toolkit.io import account as _a
from nps_toolkit.io import columns as _c
from nps_toolkit.io import dates as _d
from nps_toolkit.io.frame import segment_flags
from nps_toolkit.score.scales import decide_scale


def decide_rows(st, scale, check_scales, dayfirst, mode) -> None:
    """Every row's decision: structure, the score and the scale, dates, respondents."""
    data, layout, cols = st.data, st.layout, st.cols

    def cells(role):
        return data.cells[layout.columns.index(cols[role])]

    # the date and respondent columns are parsed alongside the score (pyarrow's kernels
    # release the GIL, so the two cores share the work)
    with ThreadPoolExecutor(max_workers=2) as pool:
        st.later = {
            "date": pool.submit(_d.parse_dates, cells("date"), dayfirst)
            if "date" in cols
            else None,
            "respondent": pool.submit(_ids, cells("respondent")) if "respondent" in cols else None,
        }
        _score_steps(st, scale, check_scales)
        _respondent_steps(st, st.by, mode)


def _score_steps(st, scale, check_scales) -> None:
    """Structure, duplicates, the score rules and the scale, decided on the whole file."""
    data, layout, cols, source = st.data, st.layout, st.cols, st.recs.source
    raw = data.cells[layout.columns.index(cols["score"])]
    st.dec = dec = _a.Decisions(len(data))
    st.scores = scores = _a.Scores(raw)
    _a.structural(data, layout, dec, np.isnan(scores.numbers), raw)
    st.resp = st.ids = st.repeated = None
    st.numeric_ids = False
    if st.later["respondent"] is not None:
        st.resp, st.ids, st.numeric_ids, st.repeated = st.later["respondent"].result()
    st.identical = _a.duplicate_rows(data, dec, st.ids, raw, st.repeated)
    _a.check_mostly_text(scores, dec, cols["score"], source, data.lines, layout.columns)
    _a.score_rows(scores, dec, None, None)
    st.lo, st.hi = decide_scale(
        np.where(dec.open, scores.numbers, np.nan),
        scale=scale,
        name=cols["score"],
        where=f"Survey file {source!r}",
        lines=data.lines,
        check=check_scales,
        notes=st.notes,
    )
    _a.score_rows(scores, dec, st.lo, st.hi, scale_only=True)
    if check_scales:
        valid = np.where(dec.open, scores.numbers, np.nan)
        _a.check_mixed_block(valid, cols["score"], source, st.lo, st.hi, data.lines)


def _ids(column):
    """The respondent column stripped, its id codes, whether they are the ids, repeats."""
    resp = _c.strip(column)
    ids, numeric = _a.id_codes(resp)
    return resp, ids, numeric, _a.repeated_ids(ids)


def _respondent_steps(st, by, mode) -> None:
    """Dates, respondents in two segment values, one answer per respondent."""
    data, layout, cols = st.data, st.layout, st.cols
    st.dates, st.flags, st.text, st.conflicts = None, {}, set(), None
    if st.later["date"] is not None:
        st.dates, st.flags, clean = st.later["date"].result()
        if clean:
            st.text.add(cols["date"])
    if st.resp is None:
        return
    if by:
        seg_flags, st.conflicts = segment_flags(
            data, layout, st.resp, st.dec.open & st.repeated, by
        )
        st.flags.update(seg_flags)
    _a.dedupe(
        st.resp,
        st.ids,
        st.repeated,
        st.dates,
        st.dec,
        mode,
        st.recs.source,
        cols["respondent"],
        data.lines,
    )
