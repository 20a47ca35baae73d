"""Comment text: normalising, tokenising, languages, stop words and distinctive terms.

Everything here works offline: no NLTK corpus is downloaded, the language model
ships inside ``py3langid`` and stop words come from ``stopwordsiso``.

Choices made here (and why)
---------------------------
Tokens
    A regular-expression tokenizer in the manner of NLTK's
    :class:`~nltk.tokenize.RegexpTokenizer` (no downloaded models; run with
    Python's ``re``, see ``_TOKEN_RE``):
    runs of letters with inner apostrophes (``don't`` stays one token), emoji
    as single tokens, digits dropped. French/Italian elisions are split off
    (``l'application`` -> ``application``); the negative ``n'`` becomes ``ne``.
Chinese, Japanese, Thai
    These scripts do not separate words with spaces. Rather than adding a
    word segmenter (jieba, pythainlp), each character is a token, so the
    default ``ngram_range=(1, 2)`` gives character uni- and bigrams, the usual
    segmentation-free representation. Korean (which uses spaces) is tokenised
    as words.
Stop words
    ``stopwordsiso`` lists minus :data:`KEEP`: negations and intensifiers
    (``not``, ``never``, ``too``, ``very``, ``pas``, ``jamais``, ``trop``...)
    and evaluative words that the generic lists drop but that carry the
    meaning of a satisfaction comment (``good``, ``problem``, ``value``,
    ``cher``, ``bon``...). "delivery was not late" keeps ``not late``.
Stemming
    Optional (``stem=True``), NLTK's Snowball stemmer where one exists for the
    language (en, fr, es, pt, it, de, nl and others in :data:`STEMMERS`);
    other languages (e.g. Indonesian) are left unstemmed.
Languages
    :func:`detect_language` uses ``py3langid`` restricted to
    :data:`DEFAULT_LANGUAGES` (likely languages of customer comments), which is
    much more reliable on short texts than choosing among 97 languages. Texts
    with fewer than ``min_chars`` letters or a confidence below
    ``min_confidence`` are ``"unknown"``; empty or missing comments are ``NaN``.
Distinctive terms
    The weighted log-odds ratio with an informative Dirichlet prior of Monroe,
    Colaresi & Quinn (2008), "Fightin' Words", counting *comments* (a comment
    that says "late" three times counts once), with the full binomial variance
    of the log-odds (Monroe et al.'s shortcut over-states ``z`` for comment
    counts); see :func:`distinctive_terms` and :func:`fightin_words`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from nps_toolkit._validation import renamed_args, require_columns

__all__ = [
    "DEFAULT_LANGUAGES",
    "KEEP",
    "detect_language",
    "distinctive_terms",
    "ngrams",
    "normalize",
    "stop_words",
    "tokenize",
    "top_terms",
]

#: Candidate languages of :func:`detect_language` by default: the languages of the
#: demo data (en, fr, es, pt, it, id), common European neighbours (de, nl) and
#: distinct scripts (ru, ar, zh, ja, th, ko) that are unambiguous even when short.
DEFAULT_LANGUAGES = (
    "en",
    "fr",
    "es",
    "pt",
    "it",
    "de",
    "nl",
    "id",
    "ru",
    "ar",
    "zh",
    "ja",
    "th",
    "ko",
)

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
        cara meglio peggio più meno poco ancora""".split()
    ),
    "id": frozenset(
        """tidak bukan jangan sangat terlalu belum kurang tak nggak gak bagus baik buruk
        mahal lebih lama""".split()
    ),
    "de": frozenset("nicht nie kein keine keinen ohne zu sehr gut schlecht".split()),
    "nl": frozenset("niet nooit geen zonder te zeer heel goed slecht".split()),
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

# Scripts written without spaces between words: one token per character.
_NOSPACE = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_EMOJI = "\U0001f300-\U0001faff\u2600-\u27bf\u2b50"
_TOKEN_PATTERN = (
    rf"[{_NOSPACE}]"  # a character of a no-space script
    rf"|(?:(?![{_NOSPACE}])[^\W_])*(?![{_NOSPACE}])[^\W\d_](?:(?![{_NOSPACE}])[^\W_])*"
    rf"(?:'(?:(?![{_NOSPACE}])[^\W\d_])+)*"  # a word: letters (and digits, if any letter)
    rf"|[{_EMOJI}]"  # an emoji
)
# NLTK's RegexpTokenizer (3.10+) runs caller-supplied patterns through a
# timeout-guarded engine, about five times slower; this fixed pattern is ours and
# cannot backtrack catastrophically, so it runs on Python's ``re`` directly
# (same tokens as ``RegexpTokenizer(_TOKEN_PATTERN).tokenize``, tested).
_TOKEN_RE = re.compile(_TOKEN_PATTERN)
# Elided articles/pronouns of French and Italian, split off the word they precede.
_ELISIONS = frozenset(
    "l d j s c m t qu jusqu lorsqu puisqu quoiqu dell dall nell sull all un".split()
)
_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
# The same as a regular expression: str.translate with a dict is slow on non-ASCII text.
_APOSTROPHES_RE = re.compile("[\u2019\u2018`\u00b4]")
_LETTER = re.compile(r"[^\W\d_]")
_NOSPACE_RE = re.compile(f"[{_NOSPACE}]")

_CATEGORY_NAMES = ("detractor", "passive", "promoter")
_PROGRESS_MIN = 20_000  # show a progress bar from this many distinct texts on


# ------------------------------------------------------------------ basics
def normalize(text, *, fix_encoding: bool = False) -> str:
    """Normalise one comment for matching and counting.

    Unicode NFKC, curly apostrophes to ``'``, case-folded, whitespace collapsed.
    Accents are kept (they carry meaning in French, Spanish, Portuguese...).

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
    text = _APOSTROPHES_RE.sub("'", unicodedata.normalize("NFKC", text)).casefold()
    return _SPACES.sub(" ", text).strip()


@functools.lru_cache(maxsize=32)
def _stemmer(language: str | None):
    if language not in STEMMERS:
        return None
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(STEMMERS[language])


def tokenize(text, *, language: str | None = None, stem: bool = False) -> list[str]:
    """Split a comment into word tokens (no downloaded corpora needed).

    Parameters
    ----------
    text : str
        Raw or normalised comment (it is normalised here).
    language : str, optional
        ISO 639-1 code; only used for stemming.
    stem : bool
        Apply the Snowball stemmer of ``language`` (no-op where none exists).

    Returns
    -------
    list of str
        Lower-case tokens. Punctuation and numbers are dropped (words mixing
        letters and digits such as "mp3" are kept); emoji are kept;
        Chinese, Japanese and Thai give one token per character.

    Examples
    --------
    >>> tokenize("Delivery wasn't on time!! 2 days late 👎")
    ['delivery', "wasn't", 'on', 'time', 'days', 'late', '👎']
    >>> tokenize("L'application n'est pas pratique")
    ['application', 'ne', 'est', 'pas', 'pratique']
    >>> tokenize("deliveries arrived", language="en", stem=True)
    ['deliveri', 'arriv']
    >>> tokenize("送货太慢")
    ['送', '货', '太', '慢']
    """
    tokens = []
    for tok in _TOKEN_RE.findall(normalize(text)):
        if "'" in tok:
            head, _, rest = tok.partition("'")
            if head == "n" and rest:
                tokens.extend(("ne", rest))
                continue
            if head in _ELISIONS and len(rest) > 1:
                tokens.append(rest)
                continue
        tokens.append(tok)
    if stem:
        stemmer = _stemmer(language)
        if stemmer is not None:
            tokens = [stemmer.stem(t) for t in tokens]
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
    lo, hi = _check_ngram_range(ngram_range)
    out: list[str] = []
    for n in range(lo, hi + 1):
        if n == 1:
            out.extend(tokens)
        else:
            out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def _check_ngram_range(ngram_range) -> tuple[int, int]:
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
    """Stop words of a language: ``stopwordsiso`` minus :data:`KEEP`.

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
    """
    import stopwordsiso

    if not isinstance(language, str) or not stopwordsiso.has_lang(language):
        return frozenset()
    words = {normalize(w) for w in stopwordsiso.stopwords(language)}
    return frozenset(words - KEEP.get(language, frozenset()))


# ------------------------------------------------------------------ languages
@functools.lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...] | None):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages is not None:
        unknown = sorted(set(languages) - set(ident.labels))
        if unknown:
            raise ValueError(
                f"languages= contains codes py3langid does not know: {unknown}. "
                f"Use ISO 639-1 codes among {sorted(ident.labels)}."
            )
        ident.set_languages(list(languages))
    return ident


def _progress(iterable, *, total: int, desc: str, progress):
    show = total >= _PROGRESS_MIN if progress is None else bool(progress)
    if not show:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc)


def detect_language(
    texts,
    *,
    min_chars: int = 10,
    min_confidence: float = 0.5,
    languages: Sequence[str] | str | None = DEFAULT_LANGUAGES,
    return_confidence: bool = False,
    progress: bool | None = None,
):
    """Language of each comment, offline (``py3langid``), "unknown" when too short to tell.

    Parameters
    ----------
    texts : array-like or Series of str
        Comments. The result is aligned to a Series' index.
    min_chars : int
        Comments with fewer letters than this are ``"unknown"`` ("ok",
        "great!!"). Characters of Chinese, Japanese and Thai count three each
        (one character holds about a word).
    min_confidence : float
        Normalised probability below which the answer is ``"unknown"``.
    languages : sequence of str, "all" or None
        Candidate languages (ISO 639-1). The default :data:`DEFAULT_LANGUAGES`
        is robust on short comments; ``"all"`` or ``None`` uses all 97 languages
        of the model.
    return_confidence : bool
        Also return the confidence (a DataFrame ``language, confidence``).
    progress : bool or None
        Progress bar; ``None`` shows one from 20,000 distinct comments on.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        ``language``: ISO 639-1 code, ``"unknown"`` (too short or unsure), or
        ``NaN`` for a missing/blank comment or one without any letter
        ("-", "?", emoji only). With ``return_confidence=True`` a DataFrame
        with ``language`` and ``confidence`` (NaN where the comment is missing).
        Each distinct text is classified once.

    Examples
    --------
    >>> detect_language(["The parcel arrived a week late", "Livraison rapide, merci !",
    ...                  "ok", None, "Harganya terlalu mahal"]).tolist()
    ['en', 'fr', 'unknown', nan, 'id']
    """
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype="object")
    if languages is None or (isinstance(languages, str) and languages == "all"):
        key = None
    elif isinstance(languages, str):
        key = (languages,)
    else:
        key = tuple(languages)
    ident = _identifier(key)
    codes, uniques = pd.factorize(series.astype("object"), use_na_sentinel=True)
    lang = np.empty(len(uniques), dtype=object)
    conf = np.full(len(uniques), np.nan)
    for i, raw in enumerate(
        _progress(uniques, total=len(uniques), desc="languages", progress=progress)
    ):
        text = normalize(raw)
        letters = len(_LETTER.findall(text))
        if letters == 0:
            lang[i] = np.nan
            continue
        letters += 2 * len(_NOSPACE_RE.findall(text))
        code, p = ident.classify(text)
        conf[i] = p
        lang[i] = code if (letters >= min_chars and p >= min_confidence) else "unknown"
    out_lang = np.full(len(series), np.nan, dtype=object)
    out_conf = np.full(len(series), np.nan)
    present = codes >= 0
    out_lang[present] = lang[codes[present]]
    out_conf[present] = conf[codes[present]]
    result = pd.Series(out_lang, index=series.index, name="language", dtype="object")
    if return_confidence:
        return pd.DataFrame({"language": result, "confidence": out_conf}, index=series.index)
    return result


# ------------------------------------------------------------------ counting
def _resolve_stop_words(stop_words_arg, language, texts: pd.Series) -> frozenset[str]:
    if stop_words_arg is None or stop_words_arg is False:
        return frozenset()
    if isinstance(stop_words_arg, str) and stop_words_arg != "auto":
        return stop_words(stop_words_arg)
    if not isinstance(stop_words_arg, str):
        return frozenset(normalize(w) for w in stop_words_arg)
    if language is not None:
        return stop_words(language)
    # "auto" without a language: the languages making up at least 5% of a
    # seeded sample of up to 2,000 comments.
    sample = texts if len(texts) <= 2000 else texts.sample(2000, random_state=0)
    langs = detect_language(sample, progress=False).dropna()
    langs = langs[langs.ne("unknown")]
    if langs.empty:
        return stop_words("en")
    shares = langs.value_counts(normalize=True)
    words: set[str] = set()
    for code in shares.index[shares.to_numpy() >= 0.05]:
        words |= stop_words(code)
    return frozenset(words)


def _analyzer(*, ngram_range, stops: frozenset[str], language, stem: bool):
    lo, hi = _check_ngram_range(ngram_range)

    stemmer = _stemmer(language) if stem else None

    def analyse(text: str) -> list[str]:
        tokens = [t for t in tokenize(text) if t not in stops]
        if stemmer is not None:
            tokens = [stemmer.stem(t) for t in tokens]
        if (lo, hi) == (1, 2):  # the default, without the general loop
            return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
        return ngrams(tokens, (lo, hi))

    return analyse


def _has_text(series: pd.Series) -> np.ndarray:
    """True where the comment is present and not blank (vectorised on the ``str`` dtype)."""
    st = series.astype("str")
    return st.str.strip().str.len().gt(0).fillna(False).to_numpy(dtype=bool)


def _vectorize(unique_texts, analyzer, progress):
    """Binary comment-term matrix (CSR) of the distinct texts, and the vocabulary."""
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(analyzer=analyzer, binary=True, lowercase=False, dtype=np.int32)
    docs = _progress(unique_texts, total=len(unique_texts), desc="tokenising", progress=progress)
    try:
        X = vec.fit_transform(docs)
    except ValueError:  # every text was empty after stop-word removal
        return sp.csr_matrix((len(unique_texts), 0), dtype=np.int32), np.array([], dtype=object)
    return X.tocsr(), vec.get_feature_names_out()


def _examples(X, texts, weights, columns, *, min_len: int = 20) -> list:
    """For each term column, the shortest text (at least ``min_len`` characters when
    one exists) with positive weight containing it; ties go to the first text."""
    Xc = X[:, columns].tocsc()
    lengths = np.array([len(t) for t in texts])
    out = []
    for k in range(len(columns)):
        rows = Xc.indices[Xc.indptr[k] : Xc.indptr[k + 1]]
        rows = np.sort(rows[weights[rows] > 0])
        if rows.size == 0:
            out.append(None)
            continue
        lens = lengths[rows]
        order = np.lexsort((rows, lens, lens < min_len))
        out.append(str(texts[rows[order[0]]]))
    return out


def _check_column(data: pd.DataFrame, column, what: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame; got {type(data).__name__}.")
    require_columns(data, [column], f"the data (argument {what}=)", skip_none=False)


def _category_set(value, arg: str) -> list[int]:
    names = [value] if isinstance(value, str) else list(value)
    bad = [v for v in names if v not in _CATEGORY_NAMES]
    if bad or not names:
        raise ValueError(
            f"{arg}={value!r} is not a category: use 'detractor', 'passive', 'promoter' "
            "or a list of them, e.g. versus=['passive', 'promoter']."
        )
    return [_CATEGORY_NAMES.index(v) for v in names]


def _languages_of(data, text, language_column, progress):
    if language_column is not None:
        _check_column(data, language_column, "language_column")
        return data[language_column].astype("object")
    return detect_language(data[text], progress=progress)


def fightin_words(y_i, n_i, y_j, n_j, alpha_w, alpha0):
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn, 2008)
    and its z-score under the full binomial variance.

    ``delta = log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a0 - y_j - a_w))``
    (their equations 16 and 20) and ``z = delta / sqrt(var)`` with::

        var = 1 / (y_i + a_w) + 1 / (n_i + a0 - y_i - a_w)
            + 1 / (y_j + a_w) + 1 / (n_j + a0 - y_j - a_w)

    the delta-method variance of a binomial log-odds, prior included, in each
    group. Monroe et al. (eq. 22) keep only ``1 / (y_i + a_w) + 1 / (y_j + a_w)``,
    which is the same when ``y`` is a small part of ``n`` (token counts in long
    speeches) but too small when a term is in a sizeable share of the comments
    counted: for a term in 40% of 600 vs 600 comments their z has a standard
    deviation of 1.34 under no difference and passes 1.96 in 18% of samples;
    with the full variance it is close to 1 and 5%. The full variance is right
    for token counts too (the terms it adds are then negligible), so there is
    one formula. Vectorised over terms.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``delta`` (log-odds ratio) and ``z``.

    Examples
    --------
    >>> d, z = fightin_words([8], 10, [2], 10, [0.5], 1.0)
    >>> round(float(d[0]), 4), round(float(z[0]), 4)
    (2.4476, 2.4055)
    """
    y_i, y_j, a_w = (np.asarray(v, dtype="float64") for v in (y_i, y_j, alpha_w))
    a_i, a_j = y_i + a_w, y_j + a_w
    rest_i, rest_j = n_i + alpha0 - a_i, n_j + alpha0 - a_j
    # A term in every comment of both groups (and of the background) has no
    # "other" mass on either side: it cannot tell the groups apart, delta = 0
    # (its variance is infinite), and z = 0.
    everywhere = (rest_i <= 0) & (rest_j <= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(a_i / rest_i) - np.log(a_j / rest_j)
        delta = np.where(everywhere, 0.0, delta)
        var = 1.0 / a_i + 1.0 / rest_i + 1.0 / a_j + 1.0 / rest_j
        z = np.where(everywhere, 0.0, delta / np.sqrt(var))
    return delta, z


_DT_COLUMNS = [
    "term",
    "z",
    "log_odds",
    "n_target",
    "n_versus",
    "pct_target",
    "pct_versus",
    "example",
]


@renamed_args(text="comment")
def distinctive_terms(
    data: pd.DataFrame,
    *,
    comment: str,
    score: str,
    target: str | Sequence[str] = "detractor",
    versus: str | Sequence[str] = "promoter",
    ngram_range: tuple[int, int] = (1, 2),
    min_count: int = 5,
    top: int | None = 30,
    both_sides: bool = False,
    scale=None,
    thresholds=None,
    language: str | None = None,
    language_column: str | None = None,
    by_language: bool = False,
    stop_words: Iterable[str] | str | None = "auto",
    stem: bool = False,
    alpha0: float = 10.0,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Words and phrases that set one group's comments apart (Fightin' Words).

    For each term ``w`` (a word or n-gram), with ``y_i`` the number of *target*
    comments containing it, ``n_i`` the number of target comments, and
    ``y_j``, ``n_j`` the same for the *versus* group, Monroe, Colaresi & Quinn
    (2008, eqs. 16-22) give the log-odds ratio with an informative Dirichlet
    prior ``a_w = alpha0 * pi_w``::

        delta_w = log((y_i + a_w) / (n_i + alpha0 - y_i - a_w))
                - log((y_j + a_w) / (n_j + alpha0 - y_j - a_w))
        var_w   = 1 / (y_i + a_w) + 1 / (n_i + alpha0 - y_i - a_w)
                + 1 / (y_j + a_w) + 1 / (n_j + alpha0 - y_j - a_w)
        z_w     = delta_w / sqrt(var_w)

    Counting comments rather than tokens, ``y / (n - y)`` is the odds that a
    comment of the group mentions the term, and ``var_w`` is the full binomial
    (delta-method) variance of the two log-odds. Monroe et al.'s eq. 22 keeps
    only the ``1 / (y + a_w)`` terms, a good approximation for token counts
    (``y`` a tiny part of ``n``) but not for comments: a term in 40% of the
    comments of both groups would pass ``|z| > 1.96`` in 18% of samples instead
    of 5%. With the full variance ``z`` is close to standard normal when the
    groups do not differ (see :func:`fightin_words`). ``pi_w`` is the share of *all*
    comments in ``data`` (every category, and comments without a valid score)
    that mention ``w``: the prior pulls both groups towards the background rate,
    so a term seen in three comments cannot outrank one seen in three hundred.
    ``alpha0`` is the prior's weight in comments (default 10): small against
    groups of hundreds of comments, decisive for rare terms.

    Parameters
    ----------
    data : DataFrame
        One row per response.
    comment, score : str
        Comment column and likelihood-to-recommend column (``text=`` is the
        old name of ``comment=``, kept for one release with a ``FutureWarning``).
    target, versus : str or list of str
        Categories compared: ``"detractor"``, ``"passive"``, ``"promoter"`` or
        lists of them (e.g. ``versus=["passive", "promoter"]``). Positive ``z``
        means more typical of ``target``.
    ngram_range : (int, int)
        ``(1, 2)``: words and word pairs; ``(1, 3)`` adds triples.
    min_count : int
        Minimum number of target + versus comments that contain a term.
    top : int or None
        Number of terms returned (highest ``z``); ``None`` for all.
    both_sides : bool
        Also return the ``top`` terms most typical of ``versus`` (lowest ``z``),
        with a ``side`` column; used by :func:`nps_toolkit.plots.text.plot_distinctive_terms`.
    scale, thresholds
        Score scale declaration passed to :func:`nps_toolkit.score.scales.classify`
        (``scale=(1, 10)`` for the French garden-centre survey).
    language : str, optional
        Keep only comments in this language (from ``language_column``, or
        detected with :func:`detect_language`); also selects its stop words
        and stemmer.
    language_column : str, optional
        Column holding each comment's language code, instead of detecting it.
    by_language : bool
        Run once per language (with its own stop words) and stack the results
        with a ``language`` column first. Languages with no target or versus
        comment are skipped; "unknown" is skipped.
    stop_words : "auto", str, iterable or None
        ``"auto"``: the stop words of ``language``, or, without one, the union of
        the lists of the languages making up at least 5% of (a sample of) the
        comments. A language code, an explicit list, or ``None`` for none.
    stem : bool
        Snowball stemming (needs ``language`` or ``by_language``; languages
        without a stemmer are left as they are).
    alpha0 : float
        Prior weight in comments (see above).
    progress : bool or None
        Progress bar; ``None`` shows one from 20,000 distinct comments on.

    Returns
    -------
    pandas.DataFrame
        Ranked by ``z``, descending (most typical of ``target`` first):

        - ``language``: only with ``by_language=True``.
        - ``term``: word or n-gram (after normalisation and stop-word removal).
        - ``z``: z-score of the log-odds ratio (full binomial variance, above).
        - ``log_odds``: the log-odds ratio ``delta``.
        - ``n_target``, ``n_versus``: comments of each group containing the term.
        - ``pct_target``, ``pct_versus``: the same as % of each group's comments.
        - ``example``: a real comment containing the term, from ``target`` for
          positive ``z`` and from ``versus`` for negative ``z``: the shortest
          one of at least 20 characters (or the shortest, if none is that
          long), earliest row on ties.
        - ``side``: only with ``both_sides=True``: the group the term is typical of.

        ``attrs`` records ``n_target_comments``, ``n_versus_comments``,
        ``rows_without_text`` and ``rows_without_score``.

    Raises
    ------
    ValueError
        Missing columns, unknown categories, overlapping ``target`` and
        ``versus``, or a group with no comment.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "comment": ["late delivery again", "delivery late", "late and broken",
    ...                 "great service", "great prices", "love it, great"],
    ...     "nps": [2, 3, 5, 10, 9, 10]})
    >>> distinctive_terms(df, comment="comment", score="nps", min_count=2, top=2,
    ...                   stop_words="en")[["term", "n_target", "n_versus"]]
        term  n_target  n_versus
    0   late         3         0
    1  delivery      2         0
    """
    _check_column(data, comment, "comment")
    _check_column(data, score, "score")
    t_codes = _category_set(target, "target")
    v_codes = _category_set(versus, "versus")
    overlap = sorted(set(t_codes) & set(v_codes))
    if overlap:
        raise ValueError(
            f"target={target!r} and versus={versus!r} share {[_CATEGORY_NAMES[c] for c in overlap]}; "
            "the two groups must be different categories."
        )
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1; got {min_count!r}.")
    from nps_toolkit.score.scales import category_codes

    codes = category_codes(data[score], scale=scale, thresholds=thresholds)
    has_text = _has_text(data[comment])
    attrs = {
        "rows_without_text": int((~has_text).sum()),
        "rows_without_score": int((codes < 0).sum()),
    }
    if by_language or language is not None:
        langs = _languages_of(data, comment, language_column, progress).to_numpy(dtype=object)
    if by_language:
        frames = []
        present = pd.unique(pd.Series(langs[has_text & np.isin(codes, t_codes + v_codes)]))
        for lang in sorted(str(x) for x in present if isinstance(x, str) and x != "unknown"):
            keep = langs == lang
            sub_codes, sub_text = codes[keep], data[comment][keep]
            if (
                not (np.isin(sub_codes, t_codes) & has_text[keep]).any()
                or not (np.isin(sub_codes, v_codes) & has_text[keep]).any()
            ):
                continue
            res = _fightin(
                sub_text,
                sub_codes,
                t_codes,
                v_codes,
                ngram_range=ngram_range,
                min_count=min_count,
                top=top,
                both_sides=both_sides,
                stop_words_arg=stop_words,
                language=lang,
                stem=stem,
                alpha0=alpha0,
                progress=progress,
                names=(target, versus),
            )
            frames.append(res.assign(language=lang))
        cols = ["language", *_DT_COLUMNS] + (["side"] if both_sides else [])
        if not frames:
            return pd.DataFrame(columns=cols)
        out = pd.concat(frames, ignore_index=True)[cols]
        out.attrs = attrs
        return out
    if language is not None:
        keep = langs == language
        if not keep.any():
            found = pd.Series(langs).value_counts().head(8).to_dict()
            raise ValueError(
                f"No comment in language {language!r} in column {comment!r} (languages found: {found}). "
                "Check the code (ISO 639-1, e.g. 'fr') or pass language_column=."
            )
        codes, texts = codes[keep], data[comment][keep]
    else:
        texts = data[comment]
    out = _fightin(
        texts, codes, t_codes, v_codes, ngram_range=ngram_range, min_count=min_count, top=top,
        both_sides=both_sides, stop_words_arg=stop_words, language=language, stem=stem,
        alpha0=alpha0, progress=progress, names=(target, versus),
    )  # fmt: skip
    out.attrs = {**out.attrs, **attrs}
    return out


def _fightin(
    texts: pd.Series,
    codes: np.ndarray,
    t_codes,
    v_codes,
    *,
    ngram_range,
    min_count,
    top,
    both_sides,
    stop_words_arg,
    language,
    stem,
    alpha0,
    progress,
    names,
) -> pd.DataFrame:
    has_text = _has_text(texts)
    in_t = np.isin(codes, t_codes) & has_text
    in_v = np.isin(codes, v_codes) & has_text
    n_i, n_j = int(in_t.sum()), int(in_v.sum())
    for n, name, arg in ((n_i, names[0], "target"), (n_j, names[1], "versus")):
        if n == 0:
            raise ValueError(
                f"No comment from {arg}={name!r} in column {texts.name!r}: "
                "Fightin' Words needs comments from both groups. Check the score column, "
                "scale= and the language filter."
            )
    # Each distinct text is tokenised once; groups are weights on distinct texts.
    values = texts.to_numpy(dtype=object)
    idx = np.flatnonzero(has_text)
    uniq_codes, uniques = pd.factorize(pd.Series(values[idx], dtype="object"))
    n_u = len(uniques)
    w_t = np.bincount(uniq_codes[in_t[idx]], minlength=n_u)
    w_v = np.bincount(uniq_codes[in_v[idx]], minlength=n_u)
    w_all = np.bincount(uniq_codes, minlength=n_u)
    stops = _resolve_stop_words(stop_words_arg, language, pd.Series(values[idx]))
    analyzer = _analyzer(ngram_range=ngram_range, stops=stops, language=language, stem=stem)
    unique_texts = np.asarray(uniques, dtype=object)
    X, vocab = _vectorize(unique_texts, analyzer, progress)
    y_i = np.asarray(X.T @ w_t).ravel()
    y_j = np.asarray(X.T @ w_v).ravel()
    y_all = np.asarray(X.T @ w_all).ravel()
    pi = y_all / len(idx)
    keep = np.flatnonzero(y_i + y_j >= min_count)
    delta, z = fightin_words(y_i[keep], n_i, y_j[keep], n_j, alpha0 * pi[keep], alpha0)
    res = pd.DataFrame(
        {
            "term": vocab[keep].astype(object),
            "z": z,
            "log_odds": delta,
            "n_target": y_i[keep].astype("int64"),
            "n_versus": y_j[keep].astype("int64"),
            "pct_target": 100.0 * y_i[keep] / n_i,
            "pct_versus": 100.0 * y_j[keep] / n_j,
            "_col": keep,
        }
    )
    res = res.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
    if both_sides:
        head = res.head(top) if top is not None else res[res["z"] > 0]
        tail = res.tail(top) if top is not None else res[res["z"] <= 0]
        tail = tail[~tail.index.isin(head.index)]
        res = pd.concat([head[head["z"] > 0], tail[tail["z"] < 0]])
        label_t = names[0] if isinstance(names[0], str) else "+".join(names[0])
        label_v = names[1] if isinstance(names[1], str) else "+".join(names[1])
        res["side"] = np.where(res["z"] > 0, label_t, label_v)
    elif top is not None:
        res = res.head(top)
    res = res.reset_index(drop=True)
    cols = res["_col"].to_numpy()
    positive = res["z"].to_numpy() > 0
    examples = np.empty(len(res), dtype=object)
    if positive.any():
        examples[positive] = _examples(X, unique_texts, w_t, cols[positive])
    if (~positive).any():
        examples[~positive] = _examples(X, unique_texts, w_v, cols[~positive])
    res["example"] = examples
    res = res[_DT_COLUMNS + (["side"] if both_sides else [])]
    res.attrs = {"n_target_comments": n_i, "n_versus_comments": n_j, "alpha0": alpha0}
    return res


def top_terms(
    texts,
    *,
    ngram_range: tuple[int, int] = (1, 2),
    top: int | None = 30,
    min_count: int = 1,
    language: str | None = None,
    stop_words: Iterable[str] | str | None = "auto",
    stem: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Most frequent words and phrases of one group of comments.

    Parameters
    ----------
    texts : array-like or Series of str
        Comments; missing and blank ones are ignored (and counted in ``attrs``).
    ngram_range, language, stop_words, stem, progress
        As in :func:`distinctive_terms`.
    top : int or None
        Number of terms returned.
    min_count : int
        Minimum number of comments containing a term.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``n`` (comments containing it), ``pct`` (% of non-blank
        comments), ``example`` (shortest comment of at least 20 characters
        containing it, else the shortest), sorted by ``n`` then ``term``.
        ``attrs["n_comments"]`` is the number of non-blank comments.

    Examples
    --------
    >>> top_terms(["Too expensive", "too expensive!!", "Fast delivery"], top=2,
    ...           stop_words="en")[["term", "n", "pct"]]
                term  n        pct
    0      expensive  2  66.666667
    1            too  2  66.666667
    """
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype="object")
    has_text = _has_text(series)
    values = series.to_numpy(dtype=object)[has_text]
    n = len(values)
    cols = ["term", "n", "pct", "example"]
    if n == 0:
        out = pd.DataFrame(columns=cols)
        out.attrs = {"n_comments": 0}
        return out
    codes, uniques = pd.factorize(pd.Series(values, dtype="object"))
    weights = np.bincount(codes, minlength=len(uniques))
    stops = _resolve_stop_words(stop_words, language, pd.Series(values))
    analyzer = _analyzer(ngram_range=ngram_range, stops=stops, language=language, stem=stem)
    unique_texts = np.asarray(uniques, dtype=object)
    X, vocab = _vectorize(unique_texts, analyzer, progress)
    counts = np.asarray(X.T @ weights).ravel()
    keep = np.flatnonzero(counts >= min_count)
    res = pd.DataFrame(
        {"term": vocab[keep].astype(object), "n": counts[keep].astype("int64"), "_col": keep}
    )
    res = res.sort_values(["n", "term"], ascending=[False, True], kind="mergesort")
    if top is not None:
        res = res.head(top)
    res = res.reset_index(drop=True)
    res["pct"] = 100.0 * res["n"] / n
    res["example"] = _examples(X, unique_texts, weights, res["_col"].to_numpy())
    res = res[cols]
    res.attrs = {"n_comments": n}
    return res
