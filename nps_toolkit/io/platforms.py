"""Recognising survey-platform layouts from the header rows, and finding the NPS columns.

Internal helpers for :func:`nps_toolkit.io.read_survey`; see that module's
docstring for the behaviour analysts rely on. A layout is decided from the
header rows alone and only when those rows confirm it:

- **Qualtrics**: the third row holds ``{"ImportId": ...}`` in most of its
  non-empty cells (one comment quoting such a string in a data row is not a
  header row);
- **SurveyMonkey**: ``Respondent ID`` and ``Collector ID`` headers *and* a
  second row of sub-answers (``Response``, ``Open-Ended Response``, option
  names) with nothing under ``Respondent ID``. Without that second row the
  file is a plain table whose first data row is a respondent, not a header;
- **Typeform** (``#``, ``Submit Date (UTC)``), **Delighted** (``score``,
  ``created_at``) or a plain table, from the one header row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# a Qualtrics import-id cell, ``{"ImportId": "QID1"}`` (shared with the row account)
# a Qualtrics import-id cell (``{"ImportId": "QID1"}``); the row account uses it too
QUALTRICS_IMPORT = re.compile(r'^\s*\{\s*"ImportId"', re.IGNORECASE)
_SM_SUBHEADERS = {"response", "open-ended response"}


@dataclass
class Layout:
    """What the header rows say: platform, column names, question texts, proposals."""

    platform: str
    header_rows: int
    columns: list[str]
    # column name -> question text (Qualtrics / SurveyMonkey second header row)
    questions: dict[str, str] = field(default_factory=dict)
    # canonical role -> column, proposed by the platform layout
    defaults: dict[str, str] = field(default_factory=dict)
    # the header lines as read (to recognise a header repeated inside the data)
    header_lines: list[list[str]] = field(default_factory=list)
    # a name used by several columns -> their 1-based positions (A = 1)
    duplicate_names: dict[str, list[int]] = field(default_factory=dict)


def is_import_row(cells: list[str]) -> bool:
    """Most non-empty cells are Qualtrics ``{"ImportId": ...}`` strings."""
    filled = [c for c in cells if c.strip()]
    hits = sum(bool(QUALTRICS_IMPORT.match(c)) for c in filled)
    return bool(filled) and hits * 2 > len(filled)


def unique_names(names: list[str]) -> tuple[list[str], dict[str, list[int]]]:
    """Column names made unique, and each name used twice -> its 1-based positions.

    A repeated name is read as ``name.1``, ``name.2``... (pandas' convention),
    skipping any such name the header already holds, so that ``a,a,a.1`` gives
    ``a, a.2, a.1`` and never two columns of one name. An empty name is
    ``Unnamed: <position>`` (0-based).
    """
    stripped = [name.strip() or f"Unnamed: {i}" for i, name in enumerate(names)]
    taken = set(stripped)
    seen: dict[str, int] = {}
    positions: dict[str, list[int]] = {}
    out = []
    for i, name in enumerate(stripped):
        positions.setdefault(name, []).append(i + 1)
        if name in seen:
            k = seen[name] + 1
            while f"{name}.{k}" in taken:
                k += 1
            seen[name] = k
            name = f"{name}.{k}"
            taken.add(name)
        else:
            seen[name] = 0
        out.append(name)
    return out, {k: v for k, v in positions.items() if len(v) > 1}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _is_sm_subheader_row(header: list[str], second: list[str]) -> bool:
    lowered = [c.strip().lower() for c in header]
    j = lowered.index("respondent id")
    subs = [c.strip().lower() for c in second]
    if j < len(subs) and subs[j]:
        return False  # a respondent's id under "Respondent ID": a data row
    return any(s in _SM_SUBHEADERS for s in subs)


def detect_layout(first: list[list[str]]) -> Layout:
    """The layout from the first (up to three) non-blank records of the file."""
    header = [c.strip() for c in first[0]]
    second = first[1] if len(first) > 1 else []
    third = first[2] if len(first) > 2 else []
    lowered = {c.lower() for c in header}
    normed = {_norm(c): c for c in header}

    def pick(*names: str) -> str | None:
        for n in names:
            if _norm(n) in normed:
                return normed[_norm(n)]
        return None

    if third and is_import_row(third):
        columns, dup = unique_names(header)
        layout = Layout("qualtrics", 3, columns, duplicate_names=dup)
        layout.questions = {
            c: (second[i].strip() if i < len(second) else "") for i, c in enumerate(columns)
        }
        proposed = {
            "respondent": pick("ResponseId", "ResponseID"),
            "date": pick("RecordedDate", "EndDate"),
        }
    elif "respondent id" in lowered and "collector id" in lowered and second:
        if _is_sm_subheader_row(header, second):
            subs = [c.strip() for c in second] + [""] * (len(header) - len(second))
            names, last = [], ""
            for q, sub in zip(header, subs, strict=False):
                if q:
                    last = q
                    name = q if sub.lower() in _SM_SUBHEADERS | {""} else f"{q} - {sub}"
                else:
                    name = f"{last} - {sub}" if sub else ""
                names.append(name)
            columns, dup = unique_names(names)
            layout = Layout("surveymonkey", 2, columns, duplicate_names=dup)
            last = ""
            for i, c in enumerate(columns):
                last = header[i] if i < len(header) and header[i] else last
                layout.questions[c] = last
        else:
            columns, dup = unique_names(header)
            layout = Layout("surveymonkey", 1, columns, duplicate_names=dup)
        proposed = {"respondent": pick("Respondent ID"), "date": pick("End Date", "Start Date")}
    else:
        columns, dup = unique_names(header)
        layout = Layout("plain", 1, columns, duplicate_names=dup)
        normed = {_norm(c): c for c in columns}
        proposed = {"date": normed.get("date")}
        if "#" in header and "submit_date_utc" in normed:
            layout.platform = "typeform"
            proposed = {"respondent": "#", "date": normed["submit_date_utc"]}
        elif "score" in normed and "created_at" in normed:
            layout.platform = "delighted"
            proposed = {"score": normed["score"], "date": normed["created_at"]}
            proposed["comment"] = normed.get("comment")
            key = next((k for k in ("person_id", "response_id", "email") if k in normed), None)
            proposed["respondent"] = normed.get(key) if key else None
    layout.defaults = {k: v for k, v in proposed.items() if v and v in layout.columns}
    layout.header_lines = [[c.strip() for c in r] for r in first[: layout.header_rows]]
    return layout


def duplicate_name_notes(layout: Layout) -> list[str]:
    """A note per column name used twice: its positions and the names the later ones get."""
    out = []
    for name, positions in layout.duplicate_names.items():
        renamed = ", ".join(layout.columns[p - 1] for p in positions[1:])
        out.append(
            f"Column name {name!r} is used by {len(positions)} columns (positions "
            f"{', '.join(str(p) for p in positions)}); the later ones are read as {renamed}. "
            "Rename them in the file if they are different questions."
        )
    return out


# --------------------------------------------------------------------------- detection

_SCORE_WORDS = re.compile(
    r"recommend|\bnps\b|\bltr\b|likely|likelihood|recommand|^score\b", re.IGNORECASE
)
_COMMENT_WORDS = re.compile(
    r"\bwhy\b|reason|comment|tell us|explain|explication|pourquoi|feedback", re.IGNORECASE
)
_DERIVED = re.compile(r"_NPS_GROUP$|nps.?group|nps.?category", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)(?:\s*(?:[-–—:(]|$).*)?$", re.DOTALL)
# the same pattern for pyarrow's RE2 (vectorised over a column)
_LEADING_NUMBER_VEC = r"(?s)^\s*([+-]?\d+(?:[.,]\d+)?)(?:\s*(?:[-–—:(]|$).*)?$"


def parse_number(text: str) -> float | None:
    """``"10 - Extremely likely"`` -> 10.0, ``" 7 "`` -> 7.0; ``None`` if not a number."""
    m = _LEADING_NUMBER.match(text)
    if not m:
        return None
    return float(m.group(1).replace(",", "."))


def parse_numbers(values: pd.Series) -> np.ndarray:
    """:func:`parse_number` over a str Series, vectorised (NaN where not a number)."""
    found = values.str.extract(_LEADING_NUMBER_VEC, expand=False)
    found = found.str.replace(",", ".", regex=False)
    return pd.to_numeric(found, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def header_text(layout: Layout, column: str) -> str:
    # the normalised name lets "nps_score" or "ltr" match as whole words
    return f"{column} {_norm(column).replace('_', ' ')} {layout.questions.get(column, '')}"


def _distinct(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Distinct non-empty stripped values and how often each occurs."""
    counts = values.str.strip().value_counts(sort=False)
    counts = counts[counts.index != ""]
    return pd.Series(counts.index, dtype="str"), counts.to_numpy()


def score_candidates(layout: Layout, cells: list[pd.Series]) -> list[str]:
    """Columns whose header mentions recommend / NPS / likely and whose answers are 0-10.

    "Answers are 0-10": at least half of the non-empty cells are numbers and at
    least 90% of those numbers lie in 0-10.
    """
    out = []
    for column, values in zip(layout.columns, cells, strict=True):
        if not _SCORE_WORDS.search(header_text(layout, column)) or _DERIVED.search(column):
            continue
        distinct, counts = _distinct(values)
        if not len(distinct):
            continue
        parsed = parse_numbers(distinct)
        ok = ~np.isnan(parsed)
        n_ok = counts[ok].sum()
        # mostly numbers, and (typos aside) on 0-10: a stray 12 is excluded later, with a reason
        in_range = counts[ok & (parsed >= 0) & (parsed <= 10)].sum()
        if n_ok * 2 >= counts.sum() and in_range >= 0.9 * n_ok:
            out.append(column)
    return out


def comment_candidates(layout: Layout, cells: list[pd.Series], exclude: set[str]) -> list[str]:
    """Columns whose header asks why / for a comment and whose answers are mostly free text."""
    out = []
    for column, values in zip(layout.columns, cells, strict=True):
        if column in exclude or not _COMMENT_WORDS.search(header_text(layout, column)):
            continue
        distinct, counts = _distinct(values)
        if len(distinct) and counts[np.isnan(parse_numbers(distinct))].sum() * 2 > counts.sum():
            out.append(column)
    return out
