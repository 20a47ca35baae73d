"""Personal data out of comments and tables, and spreadsheet-safe export.

* :func:`redact_pii` replaces e-mail addresses, phone numbers, payment-card
  numbers (Luhn-checked), IBANs (checksum-validated) and street addresses by
  ``[EMAIL]``, ``[PHONE]``, ``[CARD]``, ``[IBAN]``, ``[ADDRESS]``. It is used by
  default wherever comment text goes into a report or an export.
* :func:`find_contact_columns` and :func:`mask_contact_columns` find and mask
  identifier columns that are contact details (a respondent id that is an
  e-mail address, a phone column) in tables rendered to HTML;
  :func:`mask_html_tables` is the report pages' safety net for table cells.
* :func:`neutralize_formulas`, :func:`to_safe_csv` and :func:`to_safe_excel`
  stop spreadsheet-formula ("CSV") injection: a comment such as
  ``=HYPERLINK("http://evil", "click")`` must not become a live formula when a
  colleague opens the follow-up list in Excel. Following the OWASP guidance,
  text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return are prefixed with a single quote.

What is found: e-mail addresses in any script (``rené.lévêque@exemple.fr``,
``user@exämple.de``, ``张伟@例子.中国``, punycode domains); cards grouped by
spaces, dots or dashes (4-4-4-4, 4-6-5) or not at all; phone numbers with
``+``/``00`` or a trunk 0, grouped or not, even glued to a word announcing them
(``whatsapp+33612345678``, ``Tel.06 12 34 56 78``, ``电话13800138000``,
``โทร0812345678``), ten-digit numbers not starting with 1 (``5551234567``),
Chinese mobiles (``13800138000``) and any 8-15 digit number right after a
word such as tel, call, llámame, chiamami, hubungi, SĐT, โทร, 电话.

What is *not* redacted, on purpose: order numbers and other plain numbers
without separators ("order 12345", "ref 123456789"), any run of digits right
after a word naming an order, invoice, parcel, account or product ("order 5551234567",
"commande 0612345678", "pedido", "pesanan", "đơn hàng", "订单"), durations
("2 weeks"), prices ("€49.99", "Rp 125.000.000", "150.000.000 VND"), dates
("2024-03-15", "15/03/2024"), years ("2023 2024"), scores ("9/10"),
card-like numbers that fail the Luhn check (or pass it with a grouping no card
uses, such as an order number 114-3941689-8772232), IBAN-like strings that
fail the mod-97 check. A bare ten-digit number not starting with 1 and not
after an order word *is* redacted as a phone number. Names of people are not
detected (that needs a named-entity model); addresses are found only in the
common "number + street name + street type" forms (English) and "number +
street type + name" forms (French, Spanish, Portuguese, Italian, Indonesian),
so redaction lowers the risk but does not remove it.

Modules: this one (:func:`redact_pii`), :mod:`~nps_toolkit.comments.pii_patterns`
(the patterns and checks), :mod:`~nps_toolkit.comments.contacts` (contact columns,
HTML tables) and :mod:`~nps_toolkit.comments.safe_export` (CSV/Excel). The names
of the last two stay importable from here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from nps_toolkit._validation import rows_text
from nps_toolkit.comments.contacts import (
    CONTACT_PLACEHOLDERS,
    DETECTION_SAMPLE,
    find_contact_columns,
    mask_contact_columns,
    mask_html_tables,
)
from nps_toolkit.comments.pii_patterns import (
    KINDS,
    MAY_HOLD_PII,
    PLACEHOLDERS,
    REDACTORS,
    iban_valid,
    luhn_valid,
)
from nps_toolkit.comments.safe_export import (
    FORMULA_PREFIXES,
    neutralize_formulas,
    to_safe_csv,
    to_safe_excel,
)
from nps_toolkit.comments.tokens import is_missing_text

__all__ = [
    "CONTACT_PLACEHOLDERS",
    "DETECTION_SAMPLE",
    "FORMULA_PREFIXES",
    "KINDS",
    "PLACEHOLDERS",
    "find_contact_columns",
    "iban_valid",
    "luhn_valid",
    "mask_contact_columns",
    "mask_html_tables",
    "neutralize_formulas",
    "redact_pii",
    "to_safe_csv",
    "to_safe_excel",
]


def _redact_one(text: str, kinds: frozenset[str]) -> str:
    if not MAY_HOLD_PII.search(text):
        return text
    for kind, redact in REDACTORS.items():
        if kind in kinds:
            text = redact(text)
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
    >>> redact_pii("Écrivez à rené.lévêque@exemple.fr ou whatsapp+33612345678, commande 6123456789")
    'Écrivez à [EMAIL] ou whatsapp[PHONE], commande 6123456789'
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
        bad = texts.map(lambda v: not (isinstance(v, str) or is_missing_text(v)))
        if bad.any():
            where = rows_text(texts.index[bad.to_numpy()], texts, brackets=False)
            raise ValueError(
                f"Column {texts.name!r} has {int(bad.sum())} non-text value(s) ({where}). "
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
