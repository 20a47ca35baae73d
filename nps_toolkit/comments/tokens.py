"""Comment text basics: missing comments, normalising, tokens, n-grams, stop words.

Everything here works offline: no NLTK corpus is downloaded and stop words come
from ``stopwordsiso``.

Choices made here (and why)
---------------------------
Tokens
    A regular-expression tokenizer in the manner of NLTK's
    :class:`~nltk.tokenize.RegexpTokenizer` (no downloaded models; run with
    Python's ``re``, see :data:`TOKEN_PATTERN`):
    runs of letters with inner apostrophes (``don't`` stays one token), emoji
    as single tokens, digits dropped. French/Italian elisions are split off
    (``l'application`` -> ``application``); the negative ``n'`` becomes ``ne``.
Chinese, Thai, Japanese, Vietnamese
    Chinese and Thai do not separate words with spaces: each run of Han or Thai
    characters is cut into words by jieba or pythainlp
    (:mod:`nps_toolkit.comments.segment`), so keywords are words an analyst can
    read. Japanese kana stay one token per character. Vietnamese syllables are
    tokens; syllable pairs come from ``ngram_range``. Korean (which uses spaces)
    is tokenised as words.
Stop words
    ``stopwordsiso`` lists minus :data:`KEEP`: negations and intensifiers
    (``not``, ``never``, ``too``, ``very``, ``pas``, ``trop``, ``不``, ``ไม่``,
    ``không``...) and evaluative words that the generic lists drop but that
    carry the meaning of a satisfaction comment (``good``, ``problem``,
    ``value``, ``cher``, ``bon``, ``好``...). "delivery was not late" keeps
    ``not late``. Indonesian and Italian lists were checked on real reviews:
    their negations and intensifiers (``tidak``, ``kurang``, ``sangat``,
    ``non``, ``molto``, ``troppo``) are kept.
Stemming
    Optional (``stem=True``), NLTK's Snowball stemmer where one exists for the
    language (en, fr, es, pt, it, de, nl and others in :data:`STEMMERS`);
    other languages (Indonesian, which has no Snowball stemmer; Chinese, Thai,
    Vietnamese, which do not inflect) are left unstemmed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from nps_toolkit.comments.segment import HAN, THAI, segment_chinese, segment_thai

__all__ = [
    "EXTRA_STOP",
    "KEEP",
    "LETTER_RE",
    "NOSPACE_RE",
    "STEMMERS",
    "TOKEN_PATTERN",
    "TOKEN_RE",
    "check_ngram_range",
    "has_text",
    "is_missing_text",
    "ngrams",
    "normalize",
    "stemmer",
    "stop_words",
    "tokenize",
]

#: Words never removed as stop words, per language: negations, intensifiers and
#: evaluative words that the generic ``stopwordsiso`` lists include.
KEEP: dict[str, frozenset[str]] = {
    "en": frozenset(
        """not no never nor none nobody nothing without too very really so don't doesn't
        didn't isn't wasn't weren't aren't won't wouldn't can't cannot couldn't shouldn't
        haven't hasn't hadn't less least more most enough much little still again always
        good great best better bad worse worst well like problem problems value website
        order ordered orders ok okay thanks thank useful useless right wrong long new old
        first last back different need needed want fine help helpful till""".split()
    ),
    "fr": frozenset(
        """ne n pas jamais trop très rien plus moins peu aucun aucune sans personne bon
        bonne bons bien mal cher chère chers chères merci encore toujours long longue
        super mieux pire assez""".split()
    ),
    "es": frozenset(
        """no nunca muy demasiado nada nadie ningún ninguna sin tampoco bueno buena bien
        mal caro cara mejor peor más menos poco todavía""".split()
    ),
    "pt": frozenset(
        """não nunca muito demais nada ninguém nenhum nenhuma sem bom boa bem mal caro
        cara melhor pior mais menos pouco ainda""".split()
    ),
    "it": frozenset(
        """non mai troppo molto niente nulla nessuno senza buono buona bene male caro
        cara meglio peggio più meno poco ancora sempre consiglio attesa tempo giorni
        grande nuovo""".split()
    ),
    "id": frozenset(
        """tidak bukan jangan sangat terlalu belum kurang tak nggak gak bagus baik buruk
        mahal lebih lama masih lagi sampai datang""".split()
    ),
    "de": frozenset("nicht nie kein keine keinen ohne zu sehr gut schlecht".split()),
    "nl": frozenset("niet nooit geen zonder te zeer heel goed slecht".split()),
    "zh": frozenset("不 没 没有 别 很 太 非常 好 不错 差 还 再 一般 贵".split()),
    "th": frozenset("ไม่ ไม่ได้ มาก เกินไป ดี แย่ ช้า นาน ถูก ส่ง รับ เลย".split()),
    "vi": frozenset("không chẳng chưa rất quá lắm tốt kém lâu chậm được mới".split()),
}

#: Stop words added to a language's list, frequent in real reviews: Indonesian chat
#: abbreviations ("yg" for "yang"...) and the clitic "nya"; Thai polite particles
#: and pronouns (ครับ, ค่ะ, นะ, ผม "I"), which say who writes, not what they think.
EXTRA_STOP: dict[str, frozenset[str]] = {
    "id": frozenset("yg aja dgn dg utk sdh udh jg krn tp sy nya".split()),
    "th": frozenset("ครับ คับ ค่ะ คะ ค่า นะ จ้า จ้ะ ผม ฉัน ดิฉัน เรา".split()),
}

#: Languages with an NLTK Snowball stemmer (ISO 639-1 code -> stemmer name).
STEMMERS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
}

_KANA = "\u3040-\u30ff"
# Scripts written without spaces between words.
_NOSPACE = f"{THAI}{_KANA}{HAN}"
_EMOJI = "\U0001f300-\U0001faff\u2600-\u27bf\u2b50"
#: The tokenizer's regular expression: a run of Han characters, a run of Thai
#: characters (both segmented into words afterwards), a kana character, a word
#: (letters, and digits if any letter, with inner apostrophes) or an emoji.
TOKEN_PATTERN = (
    rf"[{HAN}]+|[{THAI}]+|[{_KANA}]"
    rf"|(?:(?![{_NOSPACE}])[^\W_])*(?![{_NOSPACE}])[^\W\d_](?:(?![{_NOSPACE}])[^\W_])*"
    rf"(?:'(?:(?![{_NOSPACE}])[^\W\d_])+)*"  # a word: letters (and digits, if any letter)
    rf"|[{_EMOJI}]"  # an emoji
)
# NLTK's RegexpTokenizer (3.10+) runs caller-supplied patterns through a
# timeout-guarded engine, about five times slower; this fixed pattern is ours and
# cannot backtrack catastrophically, so it runs on Python's ``re`` directly
# (same tokens as ``RegexpTokenizer(TOKEN_PATTERN).tokenize``, tested).
#: :data:`TOKEN_PATTERN` compiled.
TOKEN_RE = re.compile(TOKEN_PATTERN)
_HAN_RUN = re.compile(f"[{HAN}]")
_THAI_RUN = re.compile(f"[{THAI}]")
# Elided articles/pronouns of French and Italian, split off the word they precede.
_ELISIONS = frozenset(
    "l d j s c m t qu jusqu lorsqu puisqu quoiqu dell dall nell sull all un".split()
)
_SPACES = re.compile(r"\s+")
# Zero-width space and byte-order mark (Thai text uses the former as a word-break hint).
_ZERO_WIDTH = re.compile("[\u200b\ufeff]")
# NFKC splits Thai SARA AM into NIKHAHIT + SARA AA, which no Thai dictionary knows.
_THAI_AM = re.compile("\u0e4d\u0e32")
# Curly apostrophes as a regular expression: str.translate with a dict is slow on non-ASCII.
_APOSTROPHES_RE = re.compile("[\u2019\u2018`\u00b4]")
#: One letter of any script (for counting letters).
LETTER_RE = re.compile(r"[^\W\d_]")
#: One character of a script written without spaces (Chinese, Japanese kana, Thai).
NOSPACE_RE = re.compile(f"[{_NOSPACE}]")


def is_missing_text(value) -> bool:
    """True for ``None``, NaN, ``pd.NA`` and ``NaT``: a comment that was not given.

    Blank strings are *not* missing here (see :func:`has_text`); values that
    ``pandas.isna`` cannot judge (lists) are not missing.

    Examples
    --------
    >>> [is_missing_text(v) for v in (None, float("nan"), pd.NA, "", "ok")]
    [True, True, True, False, False]
    """
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def has_text(series: pd.Series) -> np.ndarray:
    """True where the comment is present and not blank (vectorised on the ``str`` dtype).

    Examples
    --------
    >>> has_text(pd.Series(["late", "  ", None, float("nan")])).tolist()
    [True, False, False, False]
    """
    st = series.astype("str")
    return st.str.strip().str.len().gt(0).fillna(False).to_numpy(dtype=bool)


def normalize(text, *, fix_encoding: bool = False) -> str:
    """Normalise one comment for matching and counting.

    Unicode NFKC (keeping Thai ``ำ`` whole), zero-width spaces removed, curly
    apostrophes to ``'``, case-folded, whitespace collapsed. Accents are kept
    (they carry meaning in French, Spanish, Portuguese...).

    Parameters
    ----------
    text : str or None
        The comment. ``None``/NaN give ``""``.
    fix_encoding : bool
        Repair mis-decoded text with ``ftfy.fix_text`` first (slower; use it on
        exports that show ``Ã©`` for ``é``).

    Returns
    -------
    str

    Examples
    --------
    >>> normalize("  Delivery   was LATE ’again’ ")
    "delivery was late 'again'"
    >>> normalize("The cafÃ© was closed", fix_encoding=True)
    'the café was closed'
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    text = str(text)
    if fix_encoding:
        import ftfy

        text = ftfy.fix_text(text)
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _THAI_AM.sub("\u0e33", _ZERO_WIDTH.sub("", text))
    text = _APOSTROPHES_RE.sub("'", text).casefold()
    return _SPACES.sub(" ", text).strip()


@functools.lru_cache(maxsize=32)
def stemmer(language: str | None):
    """NLTK's Snowball stemmer of ``language`` (cached), or ``None`` where there is none.

    Examples
    --------
    >>> stemmer("en").stem("deliveries"), stemmer("id")
    ('deliveri', None)
    """
    if language not in STEMMERS:
        return None
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(STEMMERS[language])


def _split_token(tok: str, language: str | None, out: list[str]) -> None:
    """Append the token(s) of one regex match to ``out``."""
    first = tok[0]
    if _HAN_RUN.match(first):
        out.extend(tok if language == "ja" else segment_chinese(tok))
    elif _THAI_RUN.match(first):
        out.extend(segment_thai(tok))
    elif "'" in tok:
        head, _, rest = tok.partition("'")
        if head == "n" and rest:
            out.extend(("ne", rest))
        elif head in _ELISIONS and len(rest) > 1:
            out.append(rest)
        else:
            out.append(tok)
    elif language == "id" and tok.endswith("nya") and len(tok) >= 7:
        # Clitic "-nya" (its): harganya -> harga + nya; not hanya, punya, tanya.
        out.extend((tok[:-3], "nya"))
    else:
        out.append(tok)


def tokenize(text, *, language: str | None = None, stem: bool = False) -> list[str]:
    """Split a comment into word tokens (no downloaded corpora needed).

    Parameters
    ----------
    text : str
        Raw or normalised comment (it is normalised here).
    language : str, optional
        ISO 639-1 code; used for stemming, ``"ja"`` keeps Han characters
        one per token (the Chinese segmenter does not know Japanese), ``"id"``
        splits the clitic "-nya" off words of seven letters or more.
    stem : bool
        Apply the Snowball stemmer of ``language`` (no-op where none exists).

    Returns
    -------
    list of str
        Lower-case tokens. Punctuation and numbers are dropped (words mixing
        letters and digits such as "mp3" are kept); emoji are kept;
        Chinese and Thai are cut into words (jieba, pythainlp), Japanese kana
        give one token per character.

    Examples
    --------
    >>> tokenize("Delivery wasn't on time!! 2 days late 👎")
    ['delivery', "wasn't", 'on', 'time', 'days', 'late', '👎']
    >>> tokenize("L'application n'est pas pratique")
    ['application', 'ne', 'est', 'pas', 'pratique']
    >>> tokenize("deliveries arrived", language="en", stem=True)
    ['deliveri', 'arriv']
    >>> tokenize("物流很慢，质量不错")
    ['物流', '很', '慢', '质量', '不错']
    >>> tokenize("ส่งช้ามาก")
    ['ส่ง', 'ช้า', 'มาก']
    >>> tokenize("Harganya mahal", language="id")
    ['harga', 'nya', 'mahal']
    """
    tokens: list[str] = []
    for tok in TOKEN_RE.findall(normalize(text)):
        _split_token(tok, language, tokens)
    if stem:
        found = stemmer(language)
        if found is not None:
            tokens = [found.stem(t) for t in tokens]
    return tokens


def ngrams(tokens: Sequence[str], ngram_range: tuple[int, int] = (1, 2)) -> list[str]:
    """Word n-grams of a token list, joined by spaces.

    Parameters
    ----------
    tokens : sequence of str
    ngram_range : (int, int)
        Smallest and largest n, e.g. ``(1, 2)`` for words and word pairs,
        ``(1, 3)`` to add triples.

    Returns
    -------
    list of str
        All 1-grams, then 2-grams, and so on.

    Examples
    --------
    >>> ngrams(["not", "on", "time"], (1, 2))
    ['not', 'on', 'time', 'not on', 'on time']
    """
    lo, hi = check_ngram_range(ngram_range)
    out: list[str] = []
    for n in range(lo, hi + 1):
        if n == 1:
            out.extend(tokens)
        else:
            out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def check_ngram_range(ngram_range) -> tuple[int, int]:
    """``(min_n, max_n)`` as two ints with ``1 <= min_n <= max_n``, or a ValueError saying so."""
    try:
        lo, hi = (int(v) for v in ngram_range)
    except (TypeError, ValueError):
        raise ValueError(
            f"ngram_range must be a pair (min_n, max_n) such as (1, 2); got {ngram_range!r}."
        ) from None
    if not 1 <= lo <= hi:
        raise ValueError(f"ngram_range must satisfy 1 <= min_n <= max_n; got {ngram_range!r}.")
    return lo, hi


@functools.lru_cache(maxsize=64)
def stop_words(language: str) -> frozenset[str]:
    """Stop words of a language: ``stopwordsiso`` plus :data:`EXTRA_STOP` minus :data:`KEEP`.

    Negations, intensifiers and evaluative words are kept so that
    "not good", "too expensive" and "trop cher" survive stop-word removal.

    Parameters
    ----------
    language : str
        ISO 639-1 code (``"en"``, ``"fr"``...). ``"unknown"``, ``"none"`` or a
        language without a list give an empty set.

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> sw = stop_words("en")
    >>> "the" in sw, "not" in sw, "too" in sw, "very" in sw
    (True, False, False, False)
    >>> "pas" in stop_words("fr"), "le" in stop_words("fr")
    (False, True)
    >>> "的" in stop_words("zh"), "不" in stop_words("zh")
    (True, False)
    """
    import stopwordsiso

    if not isinstance(language, str) or not stopwordsiso.has_lang(language):
        return frozenset()
    words = {normalize(w) for w in stopwordsiso.stopwords(language)}
    words |= EXTRA_STOP.get(language, frozenset())
    return frozenset(words - KEEP.get(language, frozenset()))
