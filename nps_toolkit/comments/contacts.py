"""Contact details in tables: find and mask identifier columns that are e-mail
addresses or phone numbers, and the report pages' safety net for HTML table cells.

:func:`find_contact_columns` and :func:`mask_contact_columns` find and mask
identifier columns that are contact details (a respondent id that is an e-mail
address, a phone column) in tables rendered to HTML; :func:`mask_html_tables`
masks contact details left in the cells of a rendered page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from nps_toolkit.comments.pii_patterns import (
    EMAIL_RE,
    MAY_HOLD_PII,
    PHONE_RE,
    UNSPACED_CHAR,
    phone_ok,
)

__all__ = [
    "CONTACT_PLACEHOLDERS",
    "DETECTION_SAMPLE",
    "find_contact_columns",
    "mask_contact_columns",
    "mask_html_tables",
]

#: What a masked contact cell shows, by kind of contact column.
CONTACT_PLACEHOLDERS = {"email": "[EMAIL]", "phone": "[PHONE]", "contact": "[CONTACT]"}

# Column names that say "contact detail", as whole words of the name (split on
# punctuation, spaces and camelCase: E-Mail, phone_number, customerPhone), or
# anywhere in a name written in Chinese, Japanese or Thai.
_CONTACT_NAMES = {
    "email": (
        "email", "emails", "mail", "courriel", "correo", "surel", "邮箱", "郵箱", "电子邮件",
        "メール", "อีเมล",
    ),
    "phone": (
        "phone", "phones", "telephone", "téléphone", "telefono", "teléfono", "telefone",
        "telefon", "tel", "tél", "tlf", "telf", "telp", "mobile", "mobil", "móvil", "movil",
        "cell", "cellphone", "cellular", "celular", "cellulare", "portable", "handy",
        "whatsapp", "msisdn", "sms", "fax", "handphone", "ponsel", "telepon", "sdt", "sđt",
        "电话", "電話", "手机", "手機", "โทรศัพท์", "เบอร์",
    ),
}  # fmt: skip
# One-word compounds: emailaddress, customeremail, phonenumber, telefonnummer.
_CONTACT_COMPOUNDS = {
    "email": (("email", "courriel"), ("email",)),
    "phone": (
        ("phone", "telephone", "telefon", "whatsapp", "mobilenumber", "mobilephone",
         "cellphone", "telno", "handynummer"),
        ("phonenumber", "phoneno", "mobilephone", "cellphone", "telephone", "mobilenumber"),
    ),
}  # fmt: skip
_NAME_SPLIT = re.compile(r"\W+|_|(?<=[a-z])(?=[A-Z])")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")
#: Values of a column looked at to decide whether it holds contact details.
DETECTION_SAMPLE = 5_000


def _name_kind(name) -> str | None:
    """``"email"`` or ``"phone"`` when the column name says so, else None."""
    text = str(name)
    words = {w.lower() for w in _NAME_SPLIT.split(text) if w}
    lowered = text.lower()
    compact = {re.sub(r"[\W_]+", "", lowered)} - {""}  # WhatsApp, E-Mail-Adresse
    for kind, names in _CONTACT_NAMES.items():
        starts, ends = _CONTACT_COMPOUNDS[kind]
        if (
            words.intersection(names)
            or any(w in lowered for w in names if UNSPACED_CHAR.search(w))
            or any(w.startswith(starts) or w.endswith(ends) for w in words | compact)
        ):
            return kind
    return None


def _value_kind(value: str, *, bare_numbers: bool = True) -> str | None:
    """``"email"`` or ``"phone"`` when the whole value is one (``mailto:``/``tel:`` allowed).

    ``bare_numbers=False`` does not count a run of digits without separators,
    ``+`` or leading 0 (in a rendered table it is more likely a count or an id).
    """
    v = value.strip()
    if not 3 <= len(v) <= 254 or not MAY_HOLD_PII.search(v):
        return None
    lowered = v[:7].lower()
    if lowered.startswith("mailto:"):
        v = v[7:].strip()
    elif lowered.startswith("tel:"):
        v = v[4:].strip()
    # An address in quotes, brackets or behind a formula character: '=jo@x.fr', <jo@x.fr>.
    if EMAIL_RE.fullmatch(v.strip(" \t'\"<>()[]{},;:=")):
        return "email"
    m = PHONE_RE.fullmatch(v)
    if m is None or not phone_ok(m):
        return None
    if not bare_numbers and _PLAIN_NUMBER.fullmatch(v) and not v.startswith(("0", "+")):
        return None
    return "phone"


def _sample(values: pd.Series) -> pd.Series:
    """At most DETECTION_SAMPLE values, evenly spread over the column (deterministic)."""
    if len(values) <= DETECTION_SAMPLE:
        return values
    positions = np.linspace(0, len(values) - 1, DETECTION_SAMPLE).round().astype(int)
    return values.iloc[positions]


def _detect(series: pd.Series, name, min_share: float) -> dict:
    """One row of :func:`find_contact_columns` for ``series``."""
    by_name = _name_kind(name)
    present = series.dropna()
    row = {
        "column": name,
        "n": len(present),
        "share_email": np.nan,
        "share_phone": np.nan,
        "by_name": by_name is not None,
        "contact": False,
        "kind": None,
    }
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype):
        return row
    if pd.api.types.is_numeric_dtype(dtype):
        # A phone number stored as a number (leading 0 lost): only the name can tell.
        row["contact"] = by_name == "phone" and len(present) > 0
        row["kind"] = "phone" if row["contact"] else None
        return row
    values = _sample(present).astype(str)
    kinds = values.map(_value_kind)
    email = float(kinds.eq("email").mean()) if len(values) else 0.0
    phone = float(kinds.eq("phone").mean()) if len(values) else 0.0
    row["share_email"], row["share_phone"] = email, phone
    # Named like a contact column and holding something a contact detail can hold
    # (a digit or an "@"; "yes"/"no" opt-in flags are not contact details).
    named = by_name is not None and bool(values.str.contains(r"[\d@]", regex=True).any())
    row["contact"] = named or (len(values) > 0 and email + phone >= min_share)
    if row["contact"]:
        if email > 0 and email >= phone:
            row["kind"] = "email"
        elif phone > 0:
            row["kind"] = "phone"
        else:
            row["kind"] = by_name
    return row


def _check_share(min_share) -> None:
    if not isinstance(min_share, (int, float)) or not 0 < min_share <= 1:
        raise ValueError(
            f"min_share must be a share between 0 (excluded) and 1; got {min_share!r}. "
            "Fix: e.g. min_share=0.5 (a column is a contact column when at least half "
            "of its values are e-mail addresses or phone numbers)."
        )


def find_contact_columns(data: pd.DataFrame, *, min_share: float = 0.5) -> pd.DataFrame:
    """Which columns of ``data`` hold contact details (e-mail addresses, phone numbers).

    A column is a contact column when at least ``min_share`` of its values are
    each, as a whole, an e-mail address or a phone number (checked on at most
    5,000 values spread evenly over the column), or when its name says so
    (``email``, ``E-Mail``, ``phone_number``, ``tel``, ``mobile``, ``whatsapp``,
    ``téléphone``, ``电话``...) and it holds digits or ``@`` (a yes/no opt-in flag
    named ``email_opt_in`` is not). Numeric columns count only by name (a phone
    number stored as a number). Survey exports often use the e-mail address as
    the respondent id (Delighted): such an id column is a contact column.

    Parameters
    ----------
    data : DataFrame
    min_share : float, default 0.5
        Share (0-1] of a column's non-missing values that must be contact
        details for the values alone to make it a contact column.

    Returns
    -------
    DataFrame
        One row per column of ``data``, in order: ``column`` (its name), ``n``
        (non-missing values), ``share_email`` and ``share_phone`` (share of the
        checked values that are an e-mail address / a phone number; NaN for
        numeric, boolean and date columns), ``by_name`` (the name says contact
        detail), ``contact`` (a contact column), ``kind`` (``"email"``,
        ``"phone"``; None when not a contact column).

    Examples
    --------
    >>> df = pd.DataFrame({"email": ["ana@example.com", "li@例子.中国"], "score": [3, 9],
    ...                    "id": ["+33 6 12 34 56 78", "0612345678"], "email_opt_in": ["yes", "no"]})
    >>> find_contact_columns(df)[["column", "share_email", "share_phone", "by_name", "contact", "kind"]]
             column  share_email  share_phone  by_name  contact   kind
    0         email          1.0          0.0     True     True  email
    1         score          NaN          NaN    False    False   None
    2            id          0.0          1.0    False     True  phone
    3  email_opt_in          0.0          0.0     True    False   None
    """
    if not isinstance(data, pd.DataFrame):
        raise ValueError(
            f"find_contact_columns expects a DataFrame, got {type(data).__name__}. "
            "Fix: pass the table, e.g. a follow-up list."
        )
    _check_share(min_share)
    rows = [_detect(data.iloc[:, i], name, min_share) for i, name in enumerate(data.columns)]
    out = pd.DataFrame(
        rows, columns=["column", "n", "share_email", "share_phone", "by_name", "contact", "kind"]
    )
    out["kind"] = out["kind"].astype(object).where(out["kind"].notna(), None)
    return out


def _mask_series(series: pd.Series, kind: str) -> pd.Series:
    placeholder = CONTACT_PLACEHOLDERS.get(kind or "contact", CONTACT_PLACEHOLDERS["contact"])
    return series.astype(object).where(series.isna(), placeholder)


def _mask_cells(series: pd.Series) -> pd.Series:
    """Mask the cells of a text column that are, as a whole, an e-mail or a phone number."""
    if not (
        pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype)
    ):
        return series
    cache: dict[str, str | None] = {}

    def kind(v):
        if not isinstance(v, str):
            return None
        if v not in cache:
            cache[v] = _value_kind(v, bare_numbers=False)
        return cache[v]

    kinds = series.map(kind)
    hit = kinds.notna().to_numpy(dtype=bool)
    if not hit.any():
        return series
    out = series.astype(object).copy()
    out[hit] = kinds[hit].map(CONTACT_PLACEHOLDERS).to_numpy()
    return out


def mask_contact_columns(
    data: pd.DataFrame,
    columns: Sequence | None = None,
    *,
    min_share: float = 0.5,
    cells: bool = True,
) -> pd.DataFrame:
    """Copy of ``data`` with contact details masked, for tables shown in HTML reports.

    Every non-missing value of a contact column (see :func:`find_contact_columns`,
    e.g. a respondent id that is an e-mail address) becomes ``[EMAIL]``,
    ``[PHONE]`` or ``[CONTACT]``; index levels holding text are checked the same
    way. With ``cells=True``, a cell of any other text column that is, as a
    whole, an e-mail address or a formatted phone number is masked too (a mixed
    id column); free text such as comments is not changed: redact it with
    :func:`redact_pii`. Use it wherever a table is rendered to HTML; files meant
    for calling customers back (the follow-up list's CSV/XLSX) keep the details.

    Parameters
    ----------
    data : DataFrame
    columns : list of column names or dict, optional
        Mask exactly these columns (and, with ``cells=True``, stray contact
        cells elsewhere) instead of detecting contact columns. A dict maps
        each column to its kind (``"email"``, ``"phone"``, ``"contact"``), e.g.
        from :func:`find_contact_columns` run on a larger table.
    min_share : float, default 0.5
        See :func:`find_contact_columns`.
    cells : bool, default True
        Also mask single cells of other text columns that are an e-mail address
        or a phone number written as one (``+``, separators or a leading 0).

    Returns
    -------
    DataFrame
        Same shape, index and column names as ``data``; masked columns hold
        text (``object``), missing values stay missing. ``data`` is not modified.

    Examples
    --------
    >>> follow = pd.DataFrame({"respondent": ["rené.lévêque@exemple.fr", "jo@example.pl"],
    ...                        "score": [2, 5], "comment": ["Too slow", "Rude staff"]})
    >>> mask_contact_columns(follow)
      respondent  score     comment
    0    [EMAIL]      2    Too slow
    1    [EMAIL]      5  Rude staff
    """
    if not isinstance(data, pd.DataFrame):
        raise ValueError(
            f"mask_contact_columns expects a DataFrame, got {type(data).__name__}. "
            "Fix: wrap a Series with .to_frame()."
        )
    _check_share(min_share)
    if columns is not None:
        if isinstance(columns, str):
            columns = [columns]
        from nps_toolkit._validation import require_columns

        require_columns(data, list(columns), "data", skip_none=False)
        kinds = dict(columns) if isinstance(columns, Mapping) else dict.fromkeys(columns)
        bad = sorted({str(k) for k in kinds.values() if k is not None} - set(CONTACT_PLACEHOLDERS))
        if bad:
            raise ValueError(
                f"columns= gives unknown contact kind(s) {bad}; use one of "
                f"{list(CONTACT_PLACEHOLDERS)}. Fix: e.g. columns={{'email': 'email'}}."
            )
    out = data.copy()
    for i, name in enumerate(data.columns):
        series = data.iloc[:, i]
        if columns is None:
            found = _detect(series, name, min_share)
            contact, kind = found["contact"], found["kind"]
        else:
            contact = name in kinds
            kind = kinds.get(name) if contact else None
            if contact and kind is None:
                kind = _detect(series, name, min_share)["kind"]
        if contact:
            out.isetitem(i, _mask_series(series, kind))
        elif cells:
            out.isetitem(i, _mask_cells(series))
    # Index levels (a table indexed by respondent e-mail shows them too).
    index = data.index
    levels = index.to_frame(index=False) if isinstance(index, pd.MultiIndex) else None
    if levels is None and (index.dtype == object or pd.api.types.is_string_dtype(index.dtype)):
        series = pd.Series(index, name=index.name)
        found = _detect(series, index.name, min_share)
        masked = _mask_series(series, found["kind"]) if found["contact"] else series
        if cells and not found["contact"]:
            masked = _mask_cells(series)
        out.index = pd.Index(masked.to_numpy(), name=index.name)
    elif levels is not None:
        for j, name in enumerate(levels.columns):
            series = levels.iloc[:, j]
            found = _detect(series, name, min_share)
            if found["contact"]:
                levels.isetitem(j, _mask_series(series, found["kind"]))
            elif cells:
                levels.isetitem(j, _mask_cells(series))
        out.index = pd.MultiIndex.from_frame(levels, names=index.names)
    return out


_TABLE_CELL = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]\s*>)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"(<[^>]*>)")


def _mask_html_text(escaped: str) -> str:
    if not MAY_HOLD_PII.search(escaped) and "&#" not in escaped:
        return escaped
    kind = _value_kind(html.unescape(escaped), bare_numbers=False)
    if kind is None:
        return escaped
    lead = escaped[: len(escaped) - len(escaped.lstrip())]
    trail = escaped[len(escaped.rstrip()) :]
    return lead + CONTACT_PLACEHOLDERS[kind] + trail


def mask_html_tables(page: str) -> str:
    """Mask table cells of an HTML page or fragment that are a contact detail.

    A safety net for reports: the text of every ``<td>``/``<th>`` cell that is,
    as a whole, an e-mail address or a phone number written as one (``+``,
    separators or a leading 0) becomes ``[EMAIL]`` or ``[PHONE]``. Text outside
    tables and longer text in cells (comments) is not changed; redact comments
    with :func:`redact_pii` before showing them.

    Parameters
    ----------
    page : str
        HTML (e.g. ``DataFrame.to_html()`` or a notebook output).

    Returns
    -------
    str
        The same HTML with contact cells masked.

    Examples
    --------
    >>> mask_html_tables("<table><tr><th>0</th><td>józef@example.pl</td><td>42</td></tr></table>")
    '<table><tr><th>0</th><td>[EMAIL]</td><td>42</td></tr></table>'
    """
    if "<t" not in page and "<T" not in page:
        return page

    def cell(m: re.Match) -> str:
        inner = m.group(2)
        parts = _TAG.split(inner)
        masked = "".join(p if p.startswith("<") else _mask_html_text(p) for p in parts)
        return m.group(1) + masked + m.group(3)

    return _TABLE_CELL.sub(cell, page)
