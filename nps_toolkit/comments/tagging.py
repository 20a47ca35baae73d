"""Tagging comments with themes: :func:`tag_themes`, language-aware and fast.

Each distinct comment is folded (:func:`~nps_toolkit.comments.dictionary.fold`)
and matched once, with the patterns of its language plus the language-neutral
ones (key ``any``). Plain-ASCII comments are folded by lower-casing them and
matched with RE2 (pyarrow) where a pattern means the same there; the others go
through ``fold`` and Python's ``re``. The result equals searching
``fold(comment)`` with the chosen patterns one comment at a time (and, for a
Vietnamese comment typed with diacritics, the rule of
:mod:`nps_toolkit.comments.marks`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from nps_toolkit.comments.dictionary import NEUTRAL, PACKS, fold, resolve_themes, theme_spec
from nps_toolkit.comments.marks import MARKED, marked_forms, marked_group, plain_group
from nps_toolkit.comments.patterns import ASCII_NEEDS_FOLD, compile_group
from nps_toolkit.comments.progress import progress_bar
from nps_toolkit.comments.theme_languages import normalize_language, vote_languages

__all__ = ["folded_patterns", "group_patterns", "matching_languages", "tag_themes"]

_ALL = ""  # the group of comments matched with every language's patterns
_MARKED_GROUPS = {marked_group(lang): lang for lang in MARKED}


def folded_patterns(themes) -> dict[str, dict[str, tuple[str, ...]]]:
    """``{theme: {language: (folded patterns, ...)}}`` of a theme dictionary (or of
    ``themes=`` as :func:`tag_themes` reads it: ``None``, a pack name, a path), with
    the keys ``"vi+marks"`` and ``"vi+plain"`` of :func:`~nps_toolkit.comments.marks.marked_forms`."""
    if themes is None or (isinstance(themes, str) and themes in PACKS):
        return _folded_pack("default" if themes is None else themes)
    if not isinstance(themes, Mapping):
        themes = resolve_themes(themes)
    out = {}
    for name, spec in themes.items():
        spec = theme_spec(str(name), spec)
        out[str(name)] = {
            lang: tuple(dict.fromkeys(fold(p) for p in pats))
            for lang, pats in spec["patterns"].items()
        } | marked_forms(spec["patterns"])
    return out


@functools.lru_cache(maxsize=16)
def _folded_pack(name: str) -> dict:
    return folded_patterns(resolve_themes(name))


def group_patterns(pats: dict[str, tuple[str, ...]], group: str) -> tuple[str, ...]:
    """The patterns a comment of language ``group`` is matched with: every language's
    for ``""`` (unknown), else the language-neutral ones plus the language's own (none
    when the theme has no patterns in that language)."""
    if group == _ALL:
        return tuple(dict.fromkeys(p for k, ps in pats.items() if "+" not in k for p in ps))
    if group in _MARKED_GROUPS:  # diacritics kept: here the patterns written without any
        return pats.get(plain_group(_MARKED_GROUPS[group]), ())
    return tuple(dict.fromkeys(pats.get(NEUTRAL, ()) + pats.get(group, ())))


def _distinct_texts(series: pd.Series):
    """Codes of each row's distinct text (-1 when missing) and the distinct texts,
    as a pyarrow string array when every one is text (else None) and as objects."""
    import pyarrow as pa

    arr = None
    try:
        if isinstance(series.dtype, pd.StringDtype) or series.dtype == object:
            arr = pa.array(series.array, from_pandas=True)
            if isinstance(arr, pa.ChunkedArray):
                arr = arr.combine_chunks()
            if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
                arr = None
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        arr = None
    if arr is None or len(arr) == 0:
        codes, uniques = pd.factorize(series.astype("object"))
        return np.asarray(codes, dtype="int64"), None, np.asarray(uniques, dtype=object)
    encoded = arr.dictionary_encode()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype("int64")
    return codes, encoded.dictionary.cast(pa.large_string()), None


def _split_by_language(codes, arrow_texts, object_texts, row_langs):
    """Distinct (text, language) pairs when languages are given per row."""
    import pyarrow as pa

    lang_codes, lang_values = pd.factorize(pd.Series(row_langs, dtype="object"))
    n_l = len(lang_values) + 1
    present = codes >= 0
    key = np.where(present, codes * n_l + lang_codes + 1, -1)
    new_codes, pairs = pd.factorize(key, use_na_sentinel=True)
    new_codes = np.where(present, new_codes, -1).astype("int64")
    pairs = np.asarray(pairs, dtype="int64")
    keep = pairs >= 0
    text_idx, lang_idx = pairs // n_l, pairs % n_l - 1
    langs = np.array([lang_values[k] if k >= 0 else _ALL for k in lang_idx], dtype=object)
    # Missing rows were factorized too (key -1): remap so codes index kept pairs only.
    remap = np.cumsum(keep) - 1
    new_codes = np.where(new_codes >= 0, remap[np.maximum(new_codes, 0)], -1)
    text_idx, langs = text_idx[keep], langs[keep]
    if arrow_texts is not None:
        arrow_texts = arrow_texts.take(pa.array(text_idx))
    else:
        object_texts = object_texts[text_idx]
    return new_codes, arrow_texts, object_texts, langs


def _row_languages(language, series: pd.Series):
    """Per-row language codes from a column, Series or sequence (None when not per row)."""
    if isinstance(language, str) or language is None:
        return None
    values = language if isinstance(language, pd.Series) else pd.Series(list(language))
    if len(values) != len(series):
        raise ValueError(
            f"language= has {len(values)} values for {len(series)} comments: pass one per "
            "comment (e.g. detect_language(comments)), one code for all, 'auto' or None."
        )
    if isinstance(values, pd.Series) and isinstance(series, pd.Series):
        if values.index.equals(series.index) is False and len(values.index) == len(series):
            values = values.set_axis(series.index)
    return np.array([normalize_language(v) for v in values.tolist()], dtype=object)


def _search(rx: re.Pattern, texts) -> np.ndarray:
    return np.fromiter((rx.search(t) is not None for t in texts), dtype=bool, count=len(texts))


def _match(matcher, re2_texts, re2_py: list | None, py_texts: list) -> tuple[np.ndarray, ...]:
    """Hits of one matcher on RE2 texts (arrow) and on Python texts (list)."""
    import pyarrow.compute as pc

    full, fast_rx, slow_rx, prefilter = matcher
    part = np.zeros(len(re2_texts), dtype=bool)
    if full is not None and len(re2_texts):
        if fast_rx is not None:
            part |= pc.match_substring_regex(re2_texts, fast_rx).to_numpy(zero_copy_only=False)
        if slow_rx is not None:
            todo = ~part
            if prefilter is not None:  # only texts that can match go to ``re``
                todo &= pc.match_substring_regex(re2_texts, prefilter).to_numpy(
                    zero_copy_only=False
                )
            todo = np.flatnonzero(todo)
            part[todo] = _search(slow_rx, [re2_py[k] for k in todo])
    py_hit = _search(full, py_texts) if full is not None else np.zeros(len(py_texts), bool)
    return part, py_hit


def _fold_distinct(arrow_texts, object_texts, progress):
    """Folded distinct texts: (indices, arrow array) of the ASCII ones for RE2 and
    (indices, list) of the others for Python's ``re``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n_u = len(arrow_texts) if arrow_texts is not None else len(object_texts)
    # Plain ASCII texts that fold() would only lower-case are folded in one
    # vectorised step; the rest one by one with fold().
    if arrow_texts is not None and n_u:
        plain = pc.and_(
            pc.string_is_ascii(arrow_texts),
            pc.invert(pc.match_substring_regex(arrow_texts, ASCII_NEEDS_FOLD)),
        ).to_numpy(zero_copy_only=False)
        plain_idx, other_idx = np.flatnonzero(plain), np.flatnonzero(~plain)
        fast_texts = pc.ascii_lower(arrow_texts.take(pa.array(plain_idx)))
        others = arrow_texts.take(pa.array(other_idx)).to_pylist()
    else:
        plain_idx, other_idx = np.array([], dtype="int64"), np.arange(n_u)
        fast_texts = pa.array([], type=pa.large_string())
        others = [] if object_texts is None else list(object_texts)
    folded = [
        fold(t) for t in progress_bar(others, total=len(others), desc="themes", progress=progress)
    ]
    # Folded texts that came out ASCII can use RE2 too; the rest stay with ``re``.
    is_ascii = np.fromiter((t.isascii() for t in folded), dtype=bool, count=len(folded))
    re2_idx = np.concatenate([plain_idx, other_idx[is_ascii]]).astype("int64")
    extra = pa.array(
        [t for t, a in zip(folded, is_ascii, strict=True) if a], type=pa.large_string()
    )
    re2_texts = pa.concat_arrays([fast_texts, extra])
    py_texts = [t for t, a in zip(folded, is_ascii, strict=True) if not a]
    return n_u, re2_idx, re2_texts, other_idx[~is_ascii], py_texts


def _distinct_languages(language, languages, n_u, re2_idx, re2_texts, py_idx, py_texts, progress):
    """Language group of each distinct text ("" = every language's patterns)."""
    import pyarrow as pa

    out = np.full(n_u, _ALL, dtype=object)
    if language is None or not languages:
        return out
    if isinstance(language, str) and language != "auto":
        out[:] = normalize_language(language)
        return out
    texts = pa.concat_arrays([re2_texts, pa.array(py_texts, type=pa.large_string())])
    found = vote_languages(texts, languages, progress=progress)
    out[np.concatenate([re2_idx, py_idx]).astype("int64")] = found
    return out


def tag_themes(
    texts, themes=None, *, language="auto", progress: bool | None = None
) -> pd.DataFrame:
    """Which themes each comment mentions, with the patterns of its language.

    A comment is matched with the patterns of its language plus the
    language-neutral ones (key ``any``, also every theme given as a plain list
    of patterns). **Fallback**: a comment whose language is unknown (too short
    or unsure) or has no patterns in the dictionary is matched with the
    patterns of every language (the tagger's behaviour before languages were
    told apart): "Trop cher !" is too short to tell, yet mentions price. A
    comment in a language the dictionary has no patterns for (German with the
    bundled packs) is matched with the language-neutral patterns only.

    **Accents**: patterns are searched in the folded comment (Latin accents
    removed: "tres" matches "très"; Thai marks kept). A Vietnamese comment
    typed with diacritics is also searched as written by the patterns written
    with diacritics, so ``giá`` (price) does not match ``gia đình`` (family);
    see :mod:`nps_toolkit.comments.marks`.

    Each distinct comment is folded (:func:`~nps_toolkit.comments.dictionary.fold`)
    and matched once; plain-ASCII comments with RE2 (pyarrow) where a pattern
    means the same there, the others with Python's ``re``. The result is the
    same as searching ``fold(comment)`` with the chosen patterns.

    Parameters
    ----------
    texts : array-like or Series of str
        Comments.
    themes : None, str, path or dict
        ``None``: the cross-industry default pack; a pack name (``"ecommerce"``,
        ``"telecom"``, ``"software"``, ``"retail"``, ``"hospitality"``,
        ``"banking"``); a YAML path; or a dict, used as given (not merged with
        the default: call :func:`~nps_toolkit.comments.dictionary.load_themes`
        to extend). See :func:`~nps_toolkit.comments.dictionary.load_themes`.
    language : "auto", str, sequence or None
        ``"auto"`` (default): decided per comment among the dictionary's
        languages by :func:`~nps_toolkit.comments.theme_languages.vote_languages`
        (script for Thai/Chinese, common function words for the others,
        py3langid when those do not tell). A code (``"en"``): every comment is
        in that language. One value per comment (e.g. the output of
        :func:`nps_toolkit.comments.detect_language`; ``"unknown"`` or missing
        values take the fallback). ``None``: every comment is matched with every
        language's patterns.
    progress : bool or None
        Progress bar over the comments folded one by one (not plain ASCII);
        ``None`` shows one from 20,000 such distinct comments on.

    Returns
    -------
    pandas.DataFrame
        One bool column per theme (in dictionary order), aligned to the input
        index. Missing or blank comments mention nothing (all ``False``).

    Examples
    --------
    >>> tag_themes(["Delivery was not late", "Trop cher !", "El repartidor fue muy amable",
    ...             None], "ecommerce")[["delivery", "price", "staff"]]
       delivery  price  staff
    0      True  False  False
    1     False   True  False
    2      True  False  False
    3     False  False  False
    >>> tag_themes(["The internet keeps dropping", "Problème de connexion internet"],
    ...            "ecommerce")["website_app"].tolist()
    [False, True]
    """
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype="object")
    patterns = folded_patterns(themes)
    codes, lang_of, folded = _prepare(series, patterns, language, progress)
    return _tag_groups(patterns, series, codes, lang_of, *folded)


def _prepare(series, patterns, language, progress):
    """Distinct-text codes, the language group of each distinct text, the folded texts."""
    languages = sorted({lang for p in patterns.values() for lang in p if "+" not in lang})
    languages = [lang for lang in languages if lang != NEUTRAL]
    codes, arrow_texts, object_texts = _distinct_texts(series)
    row_langs = _row_languages(language, series)
    if row_langs is not None:
        codes, arrow_texts, object_texts, pair_langs = _split_by_language(
            codes, arrow_texts, object_texts, row_langs
        )
    n_u, re2_idx, re2_texts, py_idx, py_texts = _fold_distinct(arrow_texts, object_texts, progress)
    if row_langs is not None:
        lang_of = pair_langs
    else:
        lang_of = _distinct_languages(
            language, languages, n_u, re2_idx, re2_texts, py_idx, py_texts, progress
        )
    if not languages:  # only language-neutral patterns: nothing depends on the language
        lang_of = np.full(len(lang_of), _ALL, dtype=object)
    marked = _mark_groups(lang_of, arrow_texts, object_texts)
    return codes, lang_of, (n_u, re2_idx, re2_texts, py_idx, py_texts, marked)


def _mark_groups(lang_of, arrow_texts, object_texts) -> list[tuple[str, np.ndarray, list]]:
    """Distinct texts of a :data:`~nps_toolkit.comments.marks.MARKED` language typed with
    diacritics: their group becomes e.g. ``"vi+marks"`` (in ``lang_of``); returns
    ``[(group, indices, texts folded keeping their diacritics)]``."""
    import pyarrow as pa

    marked = []
    for lang in MARKED:
        idx = np.flatnonzero(lang_of == lang)
        if not len(idx):
            continue
        raw = arrow_texts.take(pa.array(idx)).to_pylist() if arrow_texts is not None else None
        raw = raw if raw is not None else object_texts[idx]
        kept = [fold(t, lang) for t in raw]
        has = np.fromiter((k != fold(t) for k, t in zip(kept, raw, strict=True)), bool, len(raw))
        if has.any():
            lang_of[idx[has]] = marked_group(lang)
            marked.append(
                (marked_group(lang), idx[has], [k for k, h in zip(kept, has, strict=True) if h])
            )
    return marked


def matching_languages(texts, themes=None, *, language="auto") -> pd.Series:
    """The language whose patterns :func:`tag_themes` uses for each comment.

    Returns
    -------
    pandas.Series
        A language code (of the dictionary: its patterns and the neutral ones;
        another: the neutral ones only), ``""`` for the fallback (every
        language's patterns), NaN for a missing comment; aligned to the input.

    Examples
    --------
    >>> matching_languages(["The parcel never arrived", "ok", None]).tolist()
    ['en', '', nan]
    """
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype="object")
    patterns = folded_patterns(themes)
    codes, lang_of, _ = _prepare(series, patterns, language, False)
    out = np.full(len(series), np.nan, dtype=object)
    present = codes >= 0
    out[present] = [_MARKED_GROUPS.get(g, g) for g in lang_of[codes[present]]]
    return pd.Series(out, index=series.index, name="language", dtype="object")


def _tag_groups(
    patterns, series, codes, lang_of, n_u, re2_idx, re2_texts, py_idx, py_texts, marked
):
    """Match each language group of distinct texts with its patterns, map to rows."""
    import pyarrow as pa

    py_lang = lang_of[py_idx] if len(py_idx) else np.array([], dtype=object)
    re2_lang = lang_of[re2_idx] if len(re2_idx) else np.array([], dtype=object)
    groups = []
    for g in pd.unique(lang_of):
        r_sel = np.flatnonzero(re2_lang == g)
        p_sel = np.flatnonzero(py_lang == g)
        r_texts = re2_texts if len(r_sel) == len(re2_texts) else re2_texts.take(pa.array(r_sel))
        groups.append((g, r_sel, r_texts, p_sel, [py_texts[k] for k in p_sel], {}))
    present = codes >= 0
    out = {}
    for name, pats in patterns.items():
        hit = np.zeros(n_u, dtype=bool)
        for g, r_sel, r_texts, p_sel, p_texts, cache in groups:
            matcher = compile_group(group_patterns(pats, g))
            if matcher[2] is not None and len(r_texts) and "py" not in cache:
                cache["py"] = r_texts.to_pylist()  # the RE2 texts as str, made once if needed
            r_hit, p_hit = _match(matcher, r_texts, cache.get("py"), p_texts)
            hit[re2_idx[r_sel]] = r_hit
            hit[py_idx[p_sel]] = p_hit
        for g, idx, kept in marked:  # the patterns written with diacritics, as written
            rx = compile_group(pats.get(g, ()))[0]
            if rx is not None:
                hit[idx] |= _search(rx, kept)
        col = np.zeros(len(series), dtype=bool)
        col[present] = hit[codes[present]]
        out[name] = col
    return pd.DataFrame(out, index=series.index)
