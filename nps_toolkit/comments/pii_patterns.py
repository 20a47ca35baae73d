"""What personal data in a comment looks like: the patterns and checks behind
:func:`nps_toolkit.comments.privacy.redact_pii` (see its module for what is and is
not redacted), one ``redact_*`` function per kind in :data:`REDACTORS`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "EMAIL_RE",
    "KINDS",
    "MAY_HOLD_PII",
    "PHONE_RE",
    "PLACEHOLDERS",
    "REDACTORS",
    "UNSPACED_CHAR",
    "iban_valid",
    "luhn_valid",
    "phone_ok",
]

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
EMAIL_RE = re.compile(
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
# decimal part. What comes before is checked in phone_ok.
PHONE_RE = re.compile(
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
#: One character of a script written without spaces (Thai, Lao, Myanmar, Khmer, CJK).
UNSPACED_CHAR = re.compile(f"[{_NO_SPACE}]")

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
    if UNSPACED_CHAR.search(tail):
        for kind, (_, unspaced) in (("phone", _PHONE_WORDS), ("order", _ORDER_WORDS)):
            for word in unspaced:
                found = tail.rfind(word)
                if found >= 0:
                    at[kind] = max(at[kind], found + len(word))
    return tail, at["phone"], at["order"]


def phone_ok(m: re.Match) -> bool:
    """Is the candidate ``m`` (a match of ``PHONE_RE``) a phone number, given its context?"""
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


#: Every kind of PII handled here contains a digit or an "@": other texts are skipped.
MAY_HOLD_PII = re.compile(r"[\d@]")


def _redact_emails(text: str) -> str:
    return EMAIL_RE.sub(PLACEHOLDERS["email"], text)


def _redact_ibans(text: str) -> str:
    return _IBAN.sub(_iban_replacement, text)


def _redact_cards(text: str) -> str:
    return _CARD.sub(_card_replacement, text)


def _redact_phones(text: str) -> str:
    return PHONE_RE.sub(lambda m: PLACEHOLDERS["phone"] if phone_ok(m) else m.group(0), text)


def _redact_addresses(text: str) -> str:
    for pattern in (_EN_ADDRESS, _ROMANCE_ADDRESS, _TYPE_FIRST_ADDRESS):
        text = pattern.sub(PLACEHOLDERS["address"], text)
    return text


#: One function text -> text per kind of PII, in the order they must run (an
#: e-mail address or IBAN holds digits a phone pattern would take).
REDACTORS = {
    "email": _redact_emails,
    "iban": _redact_ibans,
    "card": _redact_cards,
    "phone": _redact_phones,
    "address": _redact_addresses,
}
