"""Personal data out of comments, and spreadsheet-safe export.

* :func:`redact_pii` replaces e-mail addresses, phone numbers, payment-card
  numbers (Luhn-checked), IBANs (checksum-validated) and street addresses by
  ``[EMAIL]``, ``[PHONE]``, ``[CARD]``, ``[IBAN]``, ``[ADDRESS]``. It is used by
  default wherever comment text goes into a report or an export.
* :func:`neutralize_formulas`, :func:`to_safe_csv` and :func:`to_safe_excel`
  stop spreadsheet-formula ("CSV") injection: a comment such as
  ``=HYPERLINK("http://evil", "click")`` must not become a live formula when a
  colleague opens the follow-up list in Excel. Following the OWASP guidance,
  text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return are prefixed with a single quote.

What is *not* redacted, on purpose: order numbers and other plain numbers
without separators ("order 12345", "ref 123456789"), durations ("2 weeks"),
prices ("€49.99"), dates ("2024-03-15", "15/03/2024"), card-like numbers that
fail the Luhn check, IBAN-like strings that fail the mod-97 check. Names of
people are not detected (that needs a named-entity model); addresses are found
only in the common "number + street name + street type" forms (English) and
"number + street type + name" forms (French, Spanish, Portuguese, Italian,
Indonesian), so redaction lowers the risk but does not remove it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

KINDS = ("email", "phone", "card", "iban", "address")

PLACEHOLDERS = {
    "email": "[EMAIL]",
    "phone": "[PHONE]",
    "card": "[CARD]",
    "iban": "[IBAN]",
    "address": "[ADDRESS]",
}

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)

# Country code, two check digits, then 11-30 letters/digits, optionally in groups of 4.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}\b", re.IGNORECASE)

# 13-19 digits, optionally grouped by spaces or dashes.
_CARD = re.compile(r"(?<![\d.,])\d(?:[ -]?\d){12,18}(?![\d.,]\d)")

# Phone candidates: optional +country or (area), then digit groups separated by
# space, dot or dash. Validated in _is_phone.
_PHONE = re.compile(
    r"(?<![\w+/.,€$£-])"
    r"(?:\+\d{1,3}[ .-]?(?:\(0\)[ .-]?)?|\(\d{1,4}\)[ .-]?)?"
    r"\d{1,12}(?:[ .-]\d{1,8}){0,6}"
    r"(?![\w/:]|[.,-]\d)"
)

_EN_STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|lane|ln|boulevard|blvd|drive|dr|way|court|ct|place|pl|"
    r"terrace|close|crescent|square|sq|highway|hwy|parkway|pkwy"
)
_EN_ADDRESS = re.compile(
    r"\b\d{1,5}[A-Za-z]?,?\s+"  # house number, e.g. 12, 221B
    r"(?:[A-Z][\w'’-]*\s+){1,3}"  # capitalised street name words
    rf"(?i:{_EN_STREET_TYPES})\b\.?"
)
_ROMANCE_STREET_TYPES = (
    r"rue|avenue|av\.|bd|boulevard|place|chemin|allée|allee|impasse|quai|route|cours|"
    r"calle|c/|avenida|avda\.|plaza|paseo|camino|carrer|"
    r"via|viale|piazza|corso|vicolo|"
    r"rua|travessa|largo|praça|praca|alameda|estrada|"
    r"jalan|jl\."
)
_PARTICLES = r"(?:de|du|des|la|le|les|d'|l'|d’|l’|del|della|delle|dei|di|da|do|dos|das|e)"
_ROMANCE_ADDRESS = re.compile(
    r"\b\d{1,5}(?:\s?(?:bis|ter|[a-zA-Z]))?,?\s+"  # number, 15, 15 bis, 15b
    rf"(?i:{_ROMANCE_STREET_TYPES})"  # street type
    rf"(?:\s+(?i:{_PARTICLES}))*"  # de la, del, da ...
    r"\s*[\w'’-]+"  # first word of the name, any case
    r"(?:\s+[A-ZÀ-Þ][\w'’-]*)*"  # further capitalised words
)
# Indonesian and Spanish/Italian also write the street type first: "Jalan Sudirman 45",
# "Calle Mayor 5", "Via Roma 10".
_TYPE_FIRST_ADDRESS = re.compile(
    r"\b(?i:jalan|jl\.|calle|via|viale|rua|avenida|corso|piazza)"
    rf"(?:\s+(?i:{_PARTICLES}))*\s+[A-ZÀ-Þ][\w'’-]*(?:\s+[A-ZÀ-Þ][\w'’-]*){{0,3}}"
    r",?\s+(?i:no\.?\s*)?\d{1,5}[a-zA-Z]?\b"
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def luhn_valid(number: str) -> bool:
    """Luhn checksum of the digits in ``number`` (payment cards).

    Examples
    --------
    >>> luhn_valid("4539 1488 0343 6467"), luhn_valid("4539 1488 0343 6468")
    (True, False)
    """
    digits = [int(d) for d in _digits(number)]
    if not digits:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_valid(candidate: str) -> bool:
    """ISO 13616 mod-97 check of an IBAN (spaces and dashes ignored).

    Examples
    --------
    >>> iban_valid("GB82 WEST 1234 5698 7654 32"), iban_valid("GB82 WEST 1234 5698 7654 33")
    (True, False)
    """
    s = re.sub(r"[ -]", "", candidate).upper()
    if not (15 <= len(s) <= 34) or not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    rearranged = s[4:] + s[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


_DATE_START = re.compile(r"\d{4}[-.]\d{1,2}[-.]\d{1,2}\b|\d{1,2}[-.]\d{1,2}[-.]\d{4}\b")


def _is_phone(match: str) -> bool:
    digits = _digits(match)
    n = len(digits)
    if not 8 <= n <= 15:
        return False
    stripped = match.strip()
    if _DATE_START.match(stripped):
        return False
    if stripped.startswith("+"):
        return n >= 8
    groups = re.split(r"[ .()-]+", stripped.strip("()"))
    groups = [g for g in groups if g]
    if stripped.startswith("("):
        return n >= 9
    if len(groups) == 1:
        # A bare run of digits is an order or account number, unless it looks like
        # a national number with a trunk prefix: 0 + 9-10 digits (0612345678).
        return digits.startswith("0") and n in (10, 11)
    # Grouped digits: at least 9 digits, or 8 when clearly phone-grouped (1234 5678).
    if n < 9 and not (len(groups) in (2, 4) and all(len(g) in (2, 4) for g in groups)):
        return False
    # Dates written with dashes/dots have 3 groups of 2/2/4 or 4/2/2 digits: 8 digits, caught above.
    return True


_IBAN_CHAR = re.compile(r"[A-Z0-9]", re.IGNORECASE)


def _iban_replacement(match: re.Match) -> str:
    """Longest checksum-valid IBAN at the start of the candidate; the rest is kept.

    The candidate can run on into following words ("... 7654 32 please"), so
    shorter prefixes ending at a character are tried, longest first.
    """
    candidate = match.group(0)
    ends = [m.end() for m in _IBAN_CHAR.finditer(candidate)]
    for end in reversed(ends[14:]):  # at least 15 characters
        if iban_valid(candidate[:end]):
            rest = candidate[end:]
            return PLACEHOLDERS["iban"] + rest
    return candidate


# Every kind of PII handled here contains a digit or an "@": other texts are skipped.
_MAY_HOLD_PII = re.compile(r"[\d@]")


def _redact_one(text: str, kinds: frozenset[str]) -> str:
    if not _MAY_HOLD_PII.search(text):
        return text
    if "email" in kinds:
        text = _EMAIL.sub(PLACEHOLDERS["email"], text)
    if "iban" in kinds:
        text = _IBAN.sub(_iban_replacement, text)
    if "card" in kinds:
        text = _CARD.sub(
            lambda m: (
                PLACEHOLDERS["card"]
                if 13 <= len(_digits(m.group(0))) <= 19 and luhn_valid(m.group(0))
                else m.group(0)
            ),
            text,
        )
    if "phone" in kinds:
        text = _PHONE.sub(
            lambda m: PLACEHOLDERS["phone"] if _is_phone(m.group(0)) else m.group(0), text
        )
    if "address" in kinds:
        for pattern in (_EN_ADDRESS, _ROMANCE_ADDRESS, _TYPE_FIRST_ADDRESS):
            text = pattern.sub(PLACEHOLDERS["address"], text)
    return text


def redact_pii(texts, *, kinds: Iterable[str] = KINDS):
    """Replace personal data in free text by placeholders.

    Parameters
    ----------
    texts : str, Series or list of str
        Comments. Missing values stay missing.
    kinds : iterable of str
        Any of ``"email"``, ``"phone"``, ``"card"``, ``"iban"``, ``"address"``
        (default: all). Checks run in the order email, IBAN, card, phone,
        address, so a card number is not mistaken for a phone number.

    Returns
    -------
    str, Series or list
        Same type as the input (a Series keeps its index and name), with
        ``[EMAIL]``, ``[IBAN]``, ``[CARD]`` (13-19 digits passing the Luhn check),
        ``[PHONE]``, ``[ADDRESS]`` in place of what was found.

    Examples
    --------
    >>> redact_pii("Call me on +33 6 12 34 56 78 or mail jo@example.com about order 12345")
    'Call me on [PHONE] or mail [EMAIL] about order 12345'
    >>> redact_pii("Card 4539 1488 0343 6467 was charged €49.99 twice")
    'Card [CARD] was charged €49.99 twice'
    >>> redact_pii(pd.Series(["I live at 15 rue de la Paix", None])).tolist()
    ['I live at [ADDRESS]', nan]
    """
    chosen = frozenset(kinds)
    unknown = chosen - set(KINDS)
    if unknown:
        raise ValueError(
            f"Unknown PII kind(s) {sorted(unknown)}; choose from {list(KINDS)}. "
            "Fix: e.g. kinds=('email', 'phone')."
        )
    if isinstance(texts, pd.DataFrame):
        raise ValueError(
            f"redact_pii expects text or one column, got a DataFrame with columns "
            f"{list(texts.columns)}. Fix: pass the comment column, e.g. df['comment']."
        )
    if isinstance(texts, str):
        return _redact_one(texts, chosen)
    if isinstance(texts, pd.Series):
        bad = texts.map(lambda v: not (isinstance(v, str) or _missing(v)))
        if bad.any():
            rows = ", ".join(str(i) for i in texts.index[bad.to_numpy()][:5])
            raise ValueError(
                f"Column {texts.name!r} has {int(bad.sum())} non-text value(s) (rows {rows}). "
                "Fix: pass the comment column; redact_pii works on text only."
            )
        cache: dict[str, str] = {}

        def one(v):
            if not isinstance(v, str):
                return v
            if v not in cache:
                cache[v] = _redact_one(v, chosen)
            return cache[v]

        return texts.map(one)
    values = list(texts)
    return [_redact_one(v, chosen) if isinstance(v, str) else v for v in values]


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _neutralize_value(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralize_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``df`` where text that a spreadsheet would run as a formula is defused.

    Every *text* cell (and column name) starting with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return gets a leading single quote, as the OWASP "CSV
    injection" guidance recommends. Numbers, including negative numbers stored
    as numbers, dates and missing values are left as they are.

    Parameters
    ----------
    df : DataFrame

    Returns
    -------
    DataFrame
        A new frame; ``df`` is not modified.

    Examples
    --------
    >>> df = pd.DataFrame({"comment": ["=1+1", "fine", "-bad", None], "amount": [-5.0, 2, 3, 4]})
    >>> neutralize_formulas(df)
      comment  amount
    0   '=1+1    -5.0
    1    fine     2.0
    2   '-bad     3.0
    3     NaN     4.0
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(
            f"neutralize_formulas expects a DataFrame, got {type(df).__name__}. "
            "Fix: wrap a Series with .to_frame()."
        )
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_datetime64_any_dtype(s.dtype):
            continue
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype("object")
        out[col] = s.map(_neutralize_value)
    out.columns = [_neutralize_value(c) for c in out.columns]
    return out


def to_safe_csv(df: pd.DataFrame, path, *, index: bool = False, **kwargs) -> Path:
    """Write ``neutralize_formulas(df)`` to CSV (UTF-8 with BOM, so Excel reads accents).

    Text cells are also enclosed in double quotes (``csv.QUOTE_NONNUMERIC``),
    as OWASP recommends, so a comma or ``;`` inside a comment cannot start a
    new cell.

    Parameters
    ----------
    df : DataFrame
    path : str or Path
    index : bool, default False
    **kwargs
        Passed to :meth:`pandas.DataFrame.to_csv`.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> p = to_safe_csv(pd.DataFrame({"c": ["=cmd|' /C calc'!A0"]}), os.path.join(folder, "x.csv"))
    >>> open(p, encoding="utf-8-sig").read().splitlines()[1]
    '"\\'=cmd|\\' /C calc\\'!A0"'
    """
    path = Path(path)
    kwargs.setdefault("encoding", "utf-8-sig")
    kwargs.setdefault("quoting", csv.QUOTE_NONNUMERIC)
    # The index (any number of levels) is written as ordinary, neutralised columns.
    safe = neutralize_formulas(df.reset_index() if index else df)
    safe.to_csv(path, index=False, **kwargs)
    return path


def _cell_value(value):
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and np.isnan(value):
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, (list, tuple, set, dict)):
        return str(value)
    return value


_PROGRESS_ROWS = 20_000


def to_safe_excel(
    df: pd.DataFrame,
    path,
    *,
    sheet_name: str = "Sheet1",
    index: bool = False,
    progress: bool | None = None,
) -> Path:
    """Write ``neutralize_formulas(df)`` to an .xlsx file where every text cell is text.

    openpyxl stores any string starting with ``=`` as a formula; after
    neutralising no text starts with ``=``, and every text cell is also written
    with data type ``"s"`` (string) explicitly, so no cell of the file is a
    formula. Numbers stay numbers, dates stay dates.

    Parameters
    ----------
    df : DataFrame
    path : str or Path
    sheet_name : str, default "Sheet1"
    index : bool, default False
        Write the index as the first column.
    progress : bool or None
        tqdm progress bar; ``None`` shows it above 20,000 rows (openpyxl
        writes about 10,000 rows a second).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> folder = tempfile.mkdtemp()
    >>> p = to_safe_excel(pd.DataFrame({"c": ["=1+1"], "n": [-3]}), os.path.join(folder, "x.xlsx"))
    >>> ws = openpyxl.load_workbook(p).active
    >>> [(c.value, c.data_type) for c in ws[2]]
    [("'=1+1", 's'), (-3, 'n')]
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    path = Path(path)
    safe = neutralize_formulas(df.reset_index() if index else df)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_name)

    def text_cell(text: str) -> WriteOnlyCell:
        # Control characters are illegal in XLSX: shown as U+FFFD, not dropped.
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
        cell.data_type = "s"  # text, whatever it starts with
        return cell

    ws.append([text_cell(str(c)) for c in safe.columns])
    rows = safe.itertuples(index=False, name=None)
    if (len(safe) > _PROGRESS_ROWS) if progress is None else bool(progress):
        from tqdm.auto import tqdm

        rows = tqdm(rows, total=len(safe), desc="Excel rows", unit="row")
    for row in rows:
        values = [_cell_value(v) for v in row]
        ws.append([text_cell(v) if isinstance(v, str) else v for v in values])
    wb.save(path)
    return path
