"""Reading survey files into a raw table, and recognising survey-platform layouts.

Internal helpers for :func:`nps_toolkit.io.read_survey`; see that module's
docstring for the behaviour analysts rely on. Everything here works on a *raw
table*: a list of rows, each a list of strings (``""`` for an empty cell), so
that nothing is converted, evaluated or dropped before the loader has decided,
row by row, what to keep.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec)

# A cell longer than this is not a survey answer but a broken quote swallowing the file.
_FIELD_LIMIT = 10_000_000

TEXT_FORMATS = ("csv", "tsv")
FORMATS = ("auto", "csv", "tsv", "excel", "parquet")


@dataclass
class RawTable:
    """A file read as strings: column names, data rows, and what was learnt on the way."""

    source: str
    format: str
    columns: list[str]
    rows: list[list[str]]
    # per data row: number of fields as read (text files), to find ragged rows
    widths: list[int]
    encoding: str | None = None
    platform: str = "plain"
    header_rows: int = 1
    # column name -> question text (Qualtrics / SurveyMonkey second header row)
    questions: dict[str, str] = field(default_factory=dict)
    # default canonical columns proposed by the platform layout
    defaults: dict[str, str] = field(default_factory=dict)
    # the header lines as read (to recognise a header repeated inside the data)
    header_lines: list[list[str]] = field(default_factory=list)
    # data row -> its fields beyond the header's width (ragged rows), never lost
    overflow: dict[int, list[str]] = field(default_factory=dict)


def source_name(path_or_buffer) -> str:
    if isinstance(path_or_buffer, str | Path):
        return str(path_or_buffer)
    name = getattr(path_or_buffer, "name", None)
    return str(name) if isinstance(name, str) else "<buffer>"


def _read_bytes(path_or_buffer, source: str) -> bytes:
    if isinstance(path_or_buffer, str | Path):
        path = Path(path_or_buffer)
        if not path.exists():
            raise ValueError(f"Survey file {source!r} does not exist. Check the path.")
        return path.read_bytes()
    if isinstance(path_or_buffer, bytes | bytearray):
        return bytes(path_or_buffer)
    if hasattr(path_or_buffer, "read"):
        data = path_or_buffer.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    raise ValueError(
        f"read_survey needs a file path or an open file, got {type(path_or_buffer).__name__}."
    )


def detect_format(data: bytes, source: str, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"format={fmt!r} is not one of {', '.join(FORMATS)}.")
    if fmt != "auto":
        return fmt
    if data[:4] == b"PK\x03\x04":
        return "excel"
    if data[:4] == b"PAR1":
        return "parquet"
    suffix = Path(source).suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return "excel"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix == ".tsv":
        return "tsv"
    return "csv"


def decode(data: bytes, source: str, encoding: str | None) -> tuple[str, str]:
    """Decode bytes: declared encoding, else BOM, else UTF-8, else UTF-16, else Windows-1252.

    Returns ``(text, encoding_used)``. Windows-1252 is decoded with ftfy's
    ``sloppy-windows-1252`` codec, which keeps the five bytes that code page
    leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) as the matching control
    characters instead of failing, as browsers do.
    """
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise ValueError(
                f"encoding={encoding!r} is not an encoding Python knows; "
                "try 'utf-8', 'utf-16', 'cp1252' or 'latin-1'."
            ) from None
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"Survey file {source!r} is not valid {encoding} (byte {exc.start}: "
                f"{data[exc.start : exc.start + 1]!r}). Fix: leave encoding=None to detect it, "
                "or declare the right one (e.g. 'cp1252' for Windows exports)."
            ) from None
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-16 without a BOM: every other byte of ASCII text is NUL.
    head = data[:4000]
    if len(head) >= 4 and head.count(0) >= len(head) // 3:
        name = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            pass
    return data.decode("sloppy-windows-1252"), "windows-1252"


def _sniff_delimiter(text: str, fmt: str) -> str:
    if fmt == "tsv":
        return "\t"
    sample = text[:65536]
    # Sniff on complete lines only (a cut line confuses the sniffer).
    if "\n" in sample and len(text) > len(sample):
        sample = sample[: sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def parse_text(text: str, source: str, fmt: str) -> tuple[list[list[str]], str, bool]:
    """Rows of strings, the delimiter, and whether the file ends inside an open quote.

    Blank lines are kept here; :func:`drop_blank_rows` removes and counts them.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ValueError(
            f"Survey file {source!r} is empty (no header, no rows). Check the export finished."
        )
    delimiter = _sniff_delimiter(text, fmt)
    old = csv.field_size_limit()
    csv.field_size_limit(_FIELD_LIMIT)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        rows = list(reader)
        truncated = _ends_in_open_quote(text, delimiter)
    except csv.Error as exc:
        raise ValueError(
            f"Survey file {source!r} cannot be read as delimited text ({exc}). It is probably "
            "truncated inside a quoted field or not a CSV: open it in a text editor near the end."
        ) from None
    finally:
        csv.field_size_limit(old)
    return rows, delimiter, truncated


def _ends_in_open_quote(text: str, delimiter: str) -> bool:
    """True when the file stops inside a quoted field (a truncated export)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    try:
        import pandas as pd

        if value is pd.NaT or value is pd.NA:
            return ""
        if isinstance(value, pd.Timestamp):
            return value.isoformat()
    except TypeError:
        pass
    return str(value)


def read_binary_table(data: bytes, source: str, fmt: str, sheet) -> list[list[str]]:
    import pandas as pd

    buffer = io.BytesIO(data)
    try:
        if fmt == "excel":
            frame = pd.read_excel(
                buffer, sheet_name=0 if sheet is None else sheet, header=None, dtype=object
            )
            rows = [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)]
        else:
            frame = pd.read_parquet(buffer)
            rows = [[str(c) for c in frame.columns]]
            rows += [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)]
    except ValueError as exc:
        if "Worksheet" in str(exc) or "sheet" in str(exc).lower():
            raise ValueError(f"Survey file {source!r}: {exc}. Pass sheet= a sheet name.") from None
        raise ValueError(f"Survey file {source!r} cannot be read as {fmt}: {exc}") from None
    except Exception as exc:  # corrupt zip / parquet: one clear message, not a deep traceback
        raise ValueError(
            f"Survey file {source!r} cannot be read as {fmt} ({type(exc).__name__}: {exc}). "
            "Is the file complete? Re-export it, or pass format= if the extension is wrong."
        ) from None
    if not any(any(c.strip() for c in r) for r in rows):
        raise ValueError(f"Survey file {source!r} is empty (no header, no rows).")
    return rows


def drop_blank_rows(rows: list[list[str]]) -> tuple[list[list[str]], int]:
    """Remove lines / spreadsheet rows with no content at all; return how many."""
    kept = [r for r in rows if r and any(c.strip() for c in r)]
    return kept, len(rows) - len(kept)


# --------------------------------------------------------------------------- platforms

_QUALTRICS_IMPORT = re.compile(r'^\s*\{\s*"ImportId"', re.IGNORECASE)
_SM_SUBHEADERS = {"response", "open-ended response", ""}


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names):
        name = name.strip() or f"Unnamed: {i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def build_table(rows: list[list[str]], source: str, fmt: str, encoding: str | None) -> RawTable:
    """Recognise the platform layout from the header rows and split header from data."""
    header = [c.strip() for c in rows[0]]
    second = rows[1] if len(rows) > 1 else []
    third = rows[2] if len(rows) > 2 else []
    lowered = {c.lower() for c in header}
    normed = {_norm(c): c for c in header}

    def pick(*names: str) -> str | None:
        for n in names:
            if _norm(n) in normed:
                return normed[_norm(n)]
        return None

    # Qualtrics: ids row, question-text row, {"ImportId": ...} row.
    if third and any(_QUALTRICS_IMPORT.match(c) for c in third):
        columns = _unique(header)
        table = RawTable(source, fmt, columns, rows[3:], [], encoding, "qualtrics", 3)
        table.questions = {
            c: (second[i].strip() if i < len(second) else "") for i, c in enumerate(columns)
        }
        table.defaults = {
            k: v
            for k, v in {
                "respondent": pick("ResponseId", "ResponseID"),
                "date": pick("RecordedDate", "EndDate"),
            }.items()
            if v
        }
    # SurveyMonkey: question row, then sub-answer row ("Response", "Open-Ended Response").
    elif "respondent id" in lowered and "collector id" in lowered and second:
        subs = [c.strip() for c in second] + [""] * (len(header) - len(second))
        names, questions, last = [], {}, ""
        for q, sub in zip(header, subs, strict=False):
            if q:
                last = q
                name = q if sub.lower() in _SM_SUBHEADERS else f"{q} - {sub}"
            else:
                name = f"{last} - {sub}" if sub else ""
            names.append(name)
        columns = _unique(names)
        questions = {c: (header[i] or last) for i, c in enumerate(columns) if i < len(header)}
        table = RawTable(source, fmt, columns, rows[2:], [], encoding, "surveymonkey", 2)
        table.questions = questions
        table.defaults = {
            k: v
            for k, v in {
                "respondent": pick("Respondent ID"),
                "date": pick("End Date", "Start Date"),
            }.items()
            if v
        }
    else:
        columns = _unique(header)
        table = RawTable(source, fmt, columns, rows[1:], [], encoding, "plain", 1)
        normed = {_norm(c): c for c in columns}
        if "date" in normed:
            table.defaults = {"date": normed["date"]}
        if "#" in header and "submit_date_utc" in normed:
            table.platform = "typeform"
            table.defaults = {"respondent": "#", "date": normed["submit_date_utc"]}
        elif "score" in normed and "created_at" in normed:
            table.platform = "delighted"
            defaults = {"score": normed["score"], "date": normed["created_at"]}
            if "comment" in normed:
                defaults["comment"] = normed["comment"]
            for key in ("person_id", "response_id", "email"):
                if key in normed:
                    defaults["respondent"] = normed[key]
                    break
            table.defaults = defaults
    width = len(table.columns)
    table.header_lines = [[c.strip() for c in r] for r in rows[: table.header_rows]]
    table.widths = [len(r) for r in table.rows]
    table.overflow = {i: r[width:] for i, r in enumerate(table.rows) if len(r) > width}
    table.rows = [(r + [""] * (width - len(r)))[:width] for r in table.rows]
    return table


# --------------------------------------------------------------------------- detection

_SCORE_WORDS = re.compile(
    r"recommend|\bnps\b|\bltr\b|likely|likelihood|recommand|^score\b", re.IGNORECASE
)
_COMMENT_WORDS = re.compile(
    r"\bwhy\b|reason|comment|tell us|explain|explication|pourquoi|feedback", re.IGNORECASE
)
_DERIVED = re.compile(r"_NPS_GROUP$|nps.?group|nps.?category", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)(?:\s*(?:[-–—:(]|$).*)?$", re.DOTALL)


def parse_number(text: str) -> float | None:
    """``"10 - Extremely likely"`` -> 10.0, ``" 7 "`` -> 7.0; ``None`` if not a number."""
    m = _LEADING_NUMBER.match(text)
    if not m:
        return None
    return float(m.group(1).replace(",", "."))


def header_text(table: RawTable, column: str) -> str:
    # the normalised name lets "nps_score" or "ltr" match as whole words
    return f"{column} {_norm(column).replace('_', ' ')} {table.questions.get(column, '')}"


def score_candidates(table: RawTable) -> list[str]:
    """Columns whose header mentions recommend / NPS / likely and whose answers are 0-10.

    "Answers are 0-10": at least half of the non-empty cells are numbers and at
    least 90% of those numbers lie in 0-10.
    """
    out = []
    for j, column in enumerate(table.columns):
        if not _SCORE_WORDS.search(header_text(table, column)) or _DERIVED.search(column):
            continue
        values = [v for r in table.rows if (v := r[j].strip())]
        if not values:
            continue
        parsed = [parse_number(v) for v in values]
        ok = [p for p in parsed if p is not None]
        # mostly numbers, and (typos aside) on 0-10: a stray 12 is excluded later, with a reason
        in_range = sum(0 <= p <= 10 for p in ok)
        if len(ok) * 2 >= len(values) and in_range >= 0.9 * len(ok):
            out.append(column)
    return out


def comment_candidates(table: RawTable, exclude: set[str]) -> list[str]:
    """Columns whose header asks why / for a comment and whose answers are mostly free text."""
    out = []
    for j, column in enumerate(table.columns):
        if column in exclude or not _COMMENT_WORDS.search(header_text(table, column)):
            continue
        values = [v for r in table.rows if (v := r[j].strip())]
        if values and sum(parse_number(v) is None for v in values) * 2 > len(values):
            out.append(column)
    return out
