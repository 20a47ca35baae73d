"""Comment phrase banks of the demo generator, and how a comment is composed.

:func:`nps_toolkit.datasets.make_demo` gives every respondent who comments one
text made here by :func:`compose_comment`, from the respondent's NPS category,
the problems they ran into (theme keys: ``delivery``, ``price``, ``support``,
``product_quality``, ``ease_of_use``, ``website_app``, ``billing_refunds``,
``staff``), their five ratings and the comment's language. Every choice is a
draw from the generator's random stream, so the phrases, the order of every list
and the order of the draws are all part of the committed ``data/demo/*.csv``
files: changing any of them changes the demo data and the "committed" numbers of
``data/README.md`` (``tests/test_datasets_demo.py`` checks the files byte for byte).

Phrase banks
------------
- English fragments (lower case, no final punctuation; the composer joins and
  punctuates them): ``COMPLAINTS_EN`` and ``PRAISE_EN`` (theme key -> phrasings),
  ``GENERIC_EN`` (a clause naming no theme), ``OPENINGS_EN``, ``CLOSINGS_EN``
  and ``SHORT_EN`` (whole short answers), all three by NPS category; ``TYPOS``
  (word -> misspelling). Written in :mod:`~nps_toolkit.datasets.phrases_en`
  and importable from here.
- Other languages (``fr``, ``es``, ``pt``, ``it``, ``id``, ``vi``, ``th``,
  ``zh``), full sentences: ``COMPLAINTS_XX`` (all eight themes), ``PRAISE_XX``
  (all eight for ``it``, ``id``, ``vi``, ``th``, ``zh``; the common themes for
  ``fr``, ``es``, ``pt``, whose others fall back to product quality) and
  ``GENERIC_XX`` (one sentence per category). They are written in
  :mod:`~nps_toolkit.datasets.phrases_europe` and
  :mod:`~nps_toolkit.datasets.phrases_asia` and merged here.
- Any language (also in ``phrases_en``): ``NON_ANSWERS`` (``"n/a"``,
  ``"-"``...; no language) and ``EMOJI`` (by category).
- Planted specials, ``(text, complaint themes)`` pairs that the generator puts
  on a few English detractor comments: ``PII_COMMENTS`` (fake personal data, for
  redaction tests) and ``HOSTILE_COMMENTS`` (markup and a spreadsheet formula,
  for escaping tests).

Composition
-----------
1. Form: 4% of comments are a non-answer and 1% an emoji alone (no language);
   then a short English answer (``SHORT_EN``, sometimes with an emoji) up to 12%
   of detractors, 25% of passives, 22% of promoters (cumulative).
2. Themes: a detractor complains about each of their problems with probability
   0.9 (at most three) or, with none, about their worst-rated area with
   probability 0.7; a passive about each problem with probability 0.7 (at most
   two) or their worst area with probability 0.3, and praises one theme half of
   the time; a promoter praises one theme (70%) or two (weights
   ``_PRAISE_WEIGHTS``) and mentions one of their problems with probability 0.5.
   A theme is never both praised and complained about.
3. English text (``_english``): praise and complaint in one clause when there
   are both ("... but ..."), one clause per further theme, a generic clause when
   there is none; an opening and a closing (35% each) and end punctuation; then
   typos (10%), all lower case (8%), ALL CAPS (7% of detractors), an emoji
   (10%), a line break between parts (2%). Other languages (``_foreign``):
   praise and complaint sentences, the generic sentence (when there is none, or
   40% of the time), an emoji (6%); sentences are joined by a space, in Chinese
   by nothing.
"""

from __future__ import annotations

from nps_toolkit.datasets.phrases_asia import COMPLAINTS_ASIA, GENERIC_ASIA, PRAISE_ASIA
from nps_toolkit.datasets.phrases_en import (
    CLOSINGS_EN,
    COMPLAINTS_EN,
    EMOJI,
    GENERIC_EN,
    NON_ANSWERS,
    OPENINGS_EN,
    PRAISE_EN,
    SHORT_EN,
    TYPOS,
)
from nps_toolkit.datasets.phrases_europe import COMPLAINTS_EUROPE, GENERIC_EUROPE, PRAISE_EUROPE

__all__ = [
    "CLOSINGS_EN",
    "COMPLAINTS_EN",
    "COMPLAINTS_XX",
    "EMOJI",
    "GENERIC_EN",
    "GENERIC_XX",
    "HOSTILE_COMMENTS",
    "NON_ANSWERS",
    "OPENINGS_EN",
    "PII_COMMENTS",
    "PRAISE_EN",
    "PRAISE_XX",
    "SHORT_EN",
    "TYPOS",
    "compose_comment",
]

# ------------------------------------------------------------ other languages
# Full sentences, written in phrases_europe (fr, es, pt, it) and phrases_asia
# (id, vi, th, zh); merged here in that order.
COMPLAINTS_XX: dict[str, dict[str, list[str]]] = {**COMPLAINTS_EUROPE, **COMPLAINTS_ASIA}
PRAISE_XX: dict[str, dict[str, list[str]]] = {**PRAISE_EUROPE, **PRAISE_ASIA}
GENERIC_XX: dict[str, dict[str, list[str]]] = {**GENERIC_EUROPE, **GENERIC_ASIA}

# Fake personal data (reserved example domains / fictional numbers) for redaction.
PII_COMMENTS = [
    ("Please call me back on +44 20 7946 0958, the delivery never arrived.", ("delivery",)),
    ("Refund still missing, write to jane.doe@example.com with an update.", ("billing_refunds",)),
    ("You charged my card 4111 1111 1111 1111 twice for the same order!", ("billing_refunds",)),
    (
        "Contact me at john.smith@example.org or 020 7946 0123 about my refund.",
        ("billing_refunds",),
    ),
    (
        "My order number is 88812, email me at m.rossi@example.net please, the parcel is late.",
        ("delivery",),
    ),
    ("Support never called back, my number is +1 202 555 0143.", ("support",)),
]

# Strings that must be escaped / neutralised by the report and exports.
HOSTILE_COMMENTS = [
    ("<script>alert(1)</script> the website is broken", ("website_app",)),
    ('=HYPERLINK("http://x","click") prices are too high', ("price",)),
]


# ------------------------------------------------------------ composition
def _pick(rng, items):
    return items[int(rng.integers(len(items)))]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _english(rng, cat, complaints, praise, mixed) -> str:
    """Compose one English comment from fragments."""
    clauses = []
    if mixed and praise and complaints:
        link = _pick(rng, [" but ", ", but ", " however ", ". Only problem: ", " although "])
        clauses.append(
            _pick(rng, PRAISE_EN[praise[0]]) + link + _pick(rng, COMPLAINTS_EN[complaints[0]])
        )
        rest_c, rest_p = complaints[1:], praise[1:]
    else:
        rest_c, rest_p = complaints, praise
    for theme in rest_c:
        clauses.append(_pick(rng, COMPLAINTS_EN[theme]))
    for theme in rest_p:
        clauses.append(_pick(rng, PRAISE_EN[theme]))
    if not clauses:
        clauses.append(_pick(rng, GENERIC_EN[cat]))
    if len(clauses) > 1 and rng.random() < 0.5:
        body = ", and ".join(clauses[:2]) + "".join(". " + _cap(c) for c in clauses[2:])
    else:
        body = clauses[0] + "".join(". " + _cap(c) for c in clauses[1:])
    parts = []
    if rng.random() < 0.35:
        parts.append(_pick(rng, OPENINGS_EN[cat]))
    closing = _pick(rng, CLOSINGS_EN[cat]) if rng.random() < 0.35 else None
    if cat == "detractor":
        end = _pick(rng, [".", ".", "!", "!!", "...", ""])
    else:
        end = _pick(rng, [".", ".", "!", ""])
    if closing and not end:
        end = "."
    lower_start = bool(parts) and parts[0].endswith((",", ":", "but"))
    parts.append((body if lower_start else _cap(body)) + end)
    if closing:
        parts.append(closing)
    sep = "\n" if rng.random() < 0.02 else " "
    text = sep.join(parts)
    u = rng.random()
    if u < 0.10:
        for right, wrong in TYPOS.items():
            if right in text and rng.random() < 0.7:
                text = text.replace(right, wrong, 1)
    elif u < 0.18:
        text = text.lower()
    if cat == "detractor" and rng.random() < 0.07:
        text = text.upper()
    if rng.random() < 0.10:
        text = text + " " + _pick(rng, EMOJI[cat])
    return text


def _foreign(rng, lang, cat, complaints, praise) -> str:
    sentences = []
    for theme in praise:
        options = PRAISE_XX[lang].get(theme) or PRAISE_XX[lang]["product_quality"]
        sentences.append(_pick(rng, options))
    for theme in complaints:
        sentences.append(_pick(rng, COMPLAINTS_XX[lang][theme]))
    if not sentences or rng.random() < 0.4:
        sentences.append(GENERIC_XX[lang][cat][0])
    text = ("" if lang == "zh" else " ").join(sentences)
    if rng.random() < 0.06:
        text = text + " " + _pick(rng, EMOJI[cat])
    return text


_PRAISE_WEIGHTS = {
    "product_quality": 0.35,
    "delivery": 0.25,
    "ease_of_use": 0.13,
    "price": 0.10,
    "staff": 0.08,
    "support": 0.04,
    "website_app": 0.03,
    "billing_refunds": 0.02,
}


_RATING_THEME = {
    "rating_delivery": "delivery",
    "rating_price": "price",
    "rating_support": "support",
    "rating_product": "product_quality",
    "rating_website": "website_app",
}


def _praise_themes(rng, k):
    keys = list(_PRAISE_WEIGHTS)
    idx = rng.choice(len(keys), size=k, replace=False, p=list(_PRAISE_WEIGHTS.values()))
    return [keys[i] for i in sorted(idx)]


def compose_comment(rng, cat, problems, ratings, lang):
    """Compose one respondent's comment (the steps are in the module docstring).

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator's random stream; every choice is drawn from it, in a fixed
        order.
    cat : {"detractor", "passive", "promoter"}
        NPS category of the respondent's true score.
    problems : list of str
        Theme keys of the problems the respondent ran into.
    ratings : dict
        The respondent's ratings, ``{"rating_delivery": 1..5, ...}`` (the five
        keys of ``_RATING_THEME``).
    lang : str
        Language drawn for the comment: ``"en"`` or a key of ``COMPLAINTS_XX``.

    Returns
    -------
    tuple
        ``(text, language, complaint_themes, praise_themes)``: ``language`` is
        ``None`` for a non-answer or an emoji alone; the two lists hold the theme
        keys the text was built to complain about / praise (``truth.csv``).

    Examples
    --------
    >>> import numpy as np
    >>> from nps_toolkit.datasets.phrases import compose_comment
    >>> ratings = dict.fromkeys(["rating_delivery", "rating_price", "rating_support"], 4)
    >>> ratings |= {"rating_product": 4, "rating_website": 4}
    >>> rng = np.random.default_rng(0)
    >>> text, language, complaints, praise = compose_comment(
    ...     rng, "passive", ["delivery"], ratings, "en"
    ... )
    >>> print(text)
    The item is exactly as described and well made but tracking said delivered but the package never arrived
    >>> language, complaints, praise
    ('en', ['delivery'], ['product_quality'])
    """
    u = rng.random()
    if u < 0.04:
        return _pick(rng, NON_ANSWERS), None, [], []
    if u < 0.05:
        return _pick(rng, EMOJI[cat]), None, [], []
    if u < {"detractor": 0.12, "passive": 0.25, "promoter": 0.22}[cat]:
        text = _pick(rng, SHORT_EN[cat])
        if rng.random() < 0.2:
            text = text + " " + _pick(rng, EMOJI[cat])
        return text, "en", [], []
    complaints: list[str] = []
    praise: list[str] = []
    mixed = False
    if cat == "detractor":
        complaints = [t for t in problems if rng.random() < 0.9]
        if not complaints and rng.random() < 0.7:
            # Unhappy without a planted problem: complain about the worst-rated area.
            worst = min(ratings, key=lambda k: (ratings[k], rng.random()))
            complaints = [_RATING_THEME[worst]]
        if len(complaints) > 3:
            complaints = complaints[:3]
    elif cat == "passive":
        complaints = [t for t in problems if rng.random() < 0.7][:2]
        if rng.random() < 0.5:
            praise = _praise_themes(rng, 1)
        if not complaints and rng.random() < 0.3:
            worst = min(ratings, key=lambda k: (ratings[k], rng.random()))
            complaints = [_RATING_THEME[worst]]
        praise = [t for t in praise if t not in complaints]
        mixed = bool(praise and complaints)
    else:
        praise = _praise_themes(rng, 1 if rng.random() < 0.7 else 2)
        complaints = [t for t in problems if rng.random() < 0.5][:1]
        praise = [t for t in praise if t not in complaints]
        mixed = bool(praise and complaints)
    if lang == "en":
        text = _english(rng, cat, complaints, praise, mixed)
    else:
        text = _foreign(rng, lang, cat, complaints, praise)
    return text, lang, complaints, praise
