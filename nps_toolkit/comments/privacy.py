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
"""

from __future__ import annotations

import csv
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
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


def _mark_class() -> str:
    """Combining marks (Unicode category M*) as a regex character-class body.

    ``\\w`` does not match them, yet they are part of words in Thai, Hindi or
    decomposed (NFD) accented Latin: ``rene\\u0301@exemple.fr``.
    """
    spans = []
    for lo, hi in ((0x0300, 0x2000), (0x20D0, 0x2100), (0x3099, 0x309B), (0xFE00, 0xFE30)):
        start = end = None
        for cp in range(lo, hi):
            if unicodedata.category(chr(cp))[0] == "M":
                start = cp if start is None else start
                end = cp
            elif start is not None:
                spans.append((start, end))
                start = None
        if start is not None:
            spans.append((start, end))
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in spans)


_M = _mark_class()
# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, Chinese,
# Japanese): a number glued to their letters is still a separate token.
_NO_SPACE = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)

# E-mail addresses in any script (RFC 6531): local part of letters, digits, marks
# and . % + ' - _; domain labels of letters (IDN such as exämple.de or 例子.中国),
# digits, marks and hyphens; a top-level domain of letters or punycode (xn--...).
_EMAIL = re.compile(
    rf"(?<![\w{_M}.%+-])[\w{_M}%+-][\w{_M}.%+'-]*"
    rf"@(?:[\w{_M}](?:[\w{_M}-]*[\w{_M}])?\.)+"
    rf"(?:xn--[a-z0-9-]+|(?:[^\W\d_]|[{_M}]){{2,}})(?![\w{_M}])",
    re.IGNORECASE,
)

# Country code, two check digits, then 11-30 letters/digits, optionally in groups of 4.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}\b", re.IGNORECASE)

# 13-19 digits, optionally grouped by spaces, dots or dashes, not after "+" (a phone
# number); validated in _card_replacement.
_CARD = re.compile(r"(?<![\d.,+])\d(?:[ .-]?\d){12,18}(?![\d.,]\d)")
# Card-network prefixes (Visa, Mastercard, Amex, Diners, Discover, JCB, UnionPay...).
_CARD_IIN = re.compile(r"4|5[1-5]|2[2-7]|3[0456789]|6")

# Phone candidates: optional +country, (+country) or (area), then digit groups
# separated by space, dot or dash, not followed by a letter of a script written
# with spaces (a number glued to Chinese or Thai text is still a number) nor by a
# decimal part. What comes before is checked in _phone_ok.
_PHONE = re.compile(
    r"(?:\(\+\d{1,3}\)[ .-]?|\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?|\(\d{1,4}\)[ .-]?)?"
    r"\d{1,15}(?:[ .-]\d{1,8}){0,6}"
    rf"(?![^\W{_NO_SPACE}]|[/:]|[.,-]\d)"
)


def _words(latin: Iterable[str], unspaced: Iterable[str]) -> tuple[frozenset, tuple]:
    """Keywords: Latin-script ones (whole words, phrases of up to 3 words) as a set of
    lower-case phrases, Chinese/Thai/Japanese ones (found anywhere) as a tuple."""
    phrases = frozenset(" ".join(re.split(r"[\s-]+", w.lower())) for w in latin)
    return phrases, tuple(unspaced)


# Words announcing a phone number (a number right after them is a phone even when
# it would pass for an order number: "llámame al 612345678", "Tel.06 12 34 56 78").
_PHONE_WORDS = _words(
    (
        *("tel", "tél", "tlf", "telf", "telp", "phone", "call", "ring", "text", "sms"),
        *("mobile", "mob", "cell", "cellphone", "whatsapp", "viber", "telegram", "signal"),
        *("wa", "zalo", "portable", "téléphone", "telephone", "appelez", "appelle"),
        *("appeler", "rappelez", "rappeler", "teléfono", "telefono", "telefone", "telefon"),
        *("móvil", "movil", "celular", "cel", "cellulare", "chiamare", "chiamatemi"),
        *("chiamami", "llamar", "llámame", "llamame", "llámenme", "ligar", "liga", "ligue"),
        *("ponsel", "telepon", "hp", "handphone", "hubungi", "sđt", "sdt", "đt"),
        *("điện thoại", "dien thoai", "gọi", "di động", "my number", "mon numéro"),
        *("mon numero", "mi número", "mi numero", "il mio numero", "meu número"),
        *("meu numero", "nomor saya", "nomor hp", "nomor wa", "số của tôi", "contact me"),
        *("reach me", "contactez-moi", "contactez moi"),
    ),
    (
        *("电话", "電話", "手机", "手機", "微信", "致电", "拨打", "撥打", "联系我", "聯絡我"),
        *("โทร", "เบอร์", "มือถือ", "ติดต่อ", "ไลน์", "携帯"),
    ),
)
# Words announcing an order, account or product number: the number after them is kept.
_ORDER_WORDS = _words(
    (
        *("order", "orders", "ref", "réf", "reference", "référence", "referencia"),
        *("riferimento", "invoice", "receipt", "tracking", "track", "parcel", "package"),
        *("shipment", "awb", "sku", "item", "article", "product", "model", "serial"),
        *("imei", "isbn", "ean", "upc", "barcode", "ticket", "case", "booking"),
        *("reservation", "confirmation", "account", "acct", "customer", "client"),
        *("member", "membership", "loyalty", "card", "voucher", "coupon", "promo", "code"),
        *("id", "commande", "facture", "colis", "suivi", "dossier", "réservation", "carte"),
        *("compte", "pedido", "factura", "albarán", "envío", "envio", "seguimiento"),
        *("reserva", "cuenta", "tarjeta", "ordine", "fattura", "spedizione", "pratica"),
        *("prenotazione", "conto", "encomenda", "fatura", "rastreio", "conta", "cartão"),
        *("pesanan", "resi", "faktur", "transaksi", "kode", "tagihan", "đơn hàng"),
        *("mã đơn", "hóa đơn", "vận đơn", "mã", "tài khoản", "#"),
    ),
    (
        *("订单", "訂單", "单号", "單號", "编号", "編號", "发票", "發票", "快递", "运单"),
        *("運單", "คำสั่งซื้อ", "พัสดุ", "เลขที่", "注文", "伝票"),
    ),
)
_WORD_TOKEN = re.compile(rf"(?:[^\W\d_]|[{_M}])+|#")
_CURRENCY_BEFORE = re.compile(
    r"(?:[€$£¥₫฿₹₩₱]|(?<![^\W\d_])(?:rp|idr|usd|eur|gbp|vnd|thb|cny|rmb|inr|brl|mxn|chf))"
    r"\.?\s*\Z",
    re.IGNORECASE,
)
_CURRENCY_AFTER = re.compile(
    r"\s*(?:[€$£¥₫฿₹₩₱元円块塊]|บาท|(?:đ|eur|euros?|usd|dollars?|vnd|dong|đồng|baht|yuan"
    r"|rmb|rupiah|rp|idr|reais|real|pesos?|inr|rupees?|thb|gbp|pounds?|chf|francs?)"
    r"(?![^\W\d_]))",
    re.IGNORECASE,
)
# Amounts with dot or comma thousands separators: Rp 125.000.000, 150.000.000 VND.
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
# A run of digits without separators is an order or account number unless it has
# the shape of a phone number: a trunk prefix 0 (06 12 34 56 78, 0812 3456 7890),
# an international 00 prefix, 10 digits not starting with 1 (North America, India,
# Italian mobiles), a Chinese mobile (138 0013 8000), or a country code written
# without "+" followed by a mobile number (628..., 84 9..., 66 8..., 86 1..., 33 6...).
_BARE_PHONE = re.compile(
    r"0\d{9,12}|00\d{9,13}|[2-9]\d{9}|1[3-9]\d{9}|1[2-9]\d{2}[2-9]\d{6}"
    r"|628\d{8,11}|84[35789]\d{8}|66[689]\d{8}|861[3-9]\d{9}|33[67]\d{8}|393\d{8,9}"
    r"|34[67]\d{8}|3519\d{8}|55\d{2}9\d{8}|447\d{9}|91[6-9]\d{9}"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_SPACED_LETTER = re.compile(rf"[^\W\d_{_NO_SPACE}]")
_UNSPACED_CHAR = re.compile(f"[{_NO_SPACE}]")

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
    r"(?:(?<=[./])|(?!\w))"  # a whole word: "2 allées venues", "3 places" are not streets
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


def _keywords_before(before: str) -> tuple[str, int, int]:
    """The words since the last number or line break (at most 30 characters), and
    where in them the last phone keyword and the last order keyword end (-1: none)."""
    tail = re.split(r"[\d\n]", before)[-1][-30:]
    at = {"phone": -1, "order": -1}
    tokens = [(t.group().lower(), t.end()) for t in _WORD_TOKEN.finditer(tail)]
    for i, (_, end) in enumerate(tokens):
        for size in (1, 2, 3):
            if i + 1 < size:
                break
            phrase = " ".join(w for w, _ in tokens[i + 1 - size : i + 1])
            for kind, (phrases, _) in (("phone", _PHONE_WORDS), ("order", _ORDER_WORDS)):
                if phrase in phrases:
                    at[kind] = max(at[kind], end)
    if _UNSPACED_CHAR.search(tail):
        for kind, (_, unspaced) in (("phone", _PHONE_WORDS), ("order", _ORDER_WORDS)):
            for word in unspaced:
                found = tail.rfind(word)
                if found >= 0:
                    at[kind] = max(at[kind], found + len(word))
    return tail, at["phone"], at["order"]


def _phone_ok(m: re.Match) -> bool:
    """Is the candidate ``m`` (a match of ``_PHONE``) a phone number, given its context?"""
    candidate = m.group(0)
    digits = _digits(candidate)
    n = len(digits)
    if not 8 <= n <= 15:  # E.164: at most 15 digits
        return False
    text, start = m.string, m.start()
    before = text[max(0, start - 60) : start]
    international = candidate.startswith(("+", "(+"))
    glued = False
    if before:
        c = before[-1]
        prev = before[-2:-1]
        if c in "/€$£¥₫฿₹_":
            return False
        if c in ".," and prev.isdigit():  # decimal part: 3,0612345678
            return False
        if c == "-" and not _SPACED_LETTER.match(prev or " "):  # -5, 10-0612345678
            return False
        glued = bool(_SPACED_LETTER.match(c))
    if international:  # +33..., even glued to a word: whatsapp+33612345678
        return True
    if _DATE_START.match(candidate):
        return False
    if _CURRENCY_BEFORE.search(before) or _CURRENCY_AFTER.match(text, m.end()):
        return False
    tail, phone_at, order_at = _keywords_before(before)
    # Glued to a word: a code such as SKU5551234567, unless the word announces a
    # phone (whatsapp0612345678, tel0612345678).
    if glued and phone_at != len(tail):
        return False
    groups = [g for g in re.split(r"[ .()-]+", candidate) if g]
    if order_at > phone_at:
        # "order 5551234567" is an order number; "about my order 06 12 34 56 78",
        # grouped like a phone number, is checked as one below.
        if len(groups) == 1:
            return False
    elif phone_at >= 0:
        return True
    if _THOUSANDS.fullmatch(candidate):
        return False
    if candidate.startswith("("):
        return n >= 9
    if len(groups) == 1:
        return bool(_BARE_PHONE.fullmatch(digits))
    if all(len(g) == 4 and _YEAR.fullmatch(g) for g in groups):  # "2023 2024"
        return False
    # Grouped digits: at least 9 digits, or 8 when clearly phone-grouped (1234 5678).
    return n >= 9 or [len(g) for g in groups] in ([2, 2, 2, 2], [4, 4])


def _card_replacement(match: re.Match) -> str:
    """``[CARD]`` for the longest Luhn-valid card number at the start of the candidate.

    A card's digits come in groups of 4 (the last group may be shorter: 13, 16 and
    19 digits) or 4-6-5 / 4-6-4 (American Express, Diners); other groupings (an
    order number written 114-3941689-8772232) count as a card only with a card
    network's first digits. The candidate can run on into a following number
    ("4539 1488 0343 6467 2024"), so shorter prefixes ending at a group are tried.
    """
    candidate = match.group(0)
    ends = [g.end() for g in re.finditer(r"\d+", candidate)]
    for end in reversed(ends):
        head = candidate[:end]
        digits = _digits(head)
        if not 13 <= len(digits) <= 19 or not luhn_valid(digits):
            continue
        sizes = [len(g) for g in re.split(r"[ .-]", head)]
        card_like = (
            len(sizes) == 1
            or (set(sizes[:-1]) == {4} and sizes[-1] <= 4)
            or sizes in ([4, 6, 5], [4, 6, 4])
            or _CARD_IIN.match(digits)
        )
        if not card_like:
            continue
        if len(digits) <= 15:
            # Right after a phone keyword ("hubungi saya di 6285669583917"): a phone.
            _, phone_at, order_at = _keywords_before(
                match.string[max(0, match.start() - 60) : match.start()]
            )
            if phone_at > order_at:
                return candidate
        return PLACEHOLDERS["card"] + candidate[end:]
    return candidate


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
        text = _CARD.sub(_card_replacement, text)
    if "phone" in kinds:
        text = _PHONE.sub(lambda m: PLACEHOLDERS["phone"] if _phone_ok(m) else m.group(0), text)
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


# ------------------------------------------------------------ contact identifiers
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
            or any(w in lowered for w in names if _UNSPACED_CHAR.search(w))
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
    if not 3 <= len(v) <= 254 or not _MAY_HOLD_PII.search(v):
        return None
    lowered = v[:7].lower()
    if lowered.startswith("mailto:"):
        v = v[7:].strip()
    elif lowered.startswith("tel:"):
        v = v[4:].strip()
    # An address in quotes, brackets or behind a formula character: '=jo@x.fr', <jo@x.fr>.
    if _EMAIL.fullmatch(v.strip(" \t'\"<>()[]{},;:=")):
        return "email"
    m = _PHONE.fullmatch(v)
    if m is None or not _phone_ok(m):
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
    if not _MAY_HOLD_PII.search(escaped) and "&#" not in escaped:
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
    about: str | Sequence[str] | None = None,
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
    about : str or list of str, optional
        Text for a second sheet named "About", one line a row (e.g. what the
        file holds and who may see it). Its lines are neutralised like the
        data. The data sheet stays the first sheet, with a clean header row.

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

    def text_cell(text: str, sheet=ws) -> WriteOnlyCell:
        # Control characters are illegal in XLSX: shown as U+FFFD, not dropped.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
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
    if about is not None:
        lines = [about] if isinstance(about, str) else list(about)
        notes = wb.create_sheet(title="About" if sheet_name != "About" else "About (notes)")
        for line in lines:
            notes.append([text_cell(_neutralize_value(str(line)), notes)])
    wb.save(path)
    return path
