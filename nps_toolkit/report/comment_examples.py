"""Example comments for the comments report: a few real, readable quotes per theme.

:func:`example_comments` picks them; :func:`display_width` and
:func:`cut_to_width` measure and cut text by the room it takes on a page, so
Chinese, Japanese and Korean (two columns a character) and Thai (marks that
take no column) are treated like Latin text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["cut_to_width", "display_width", "example_comments"]

# East Asian wide and fullwidth characters (Hangul, CJK, kana, fullwidth forms): two columns.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
# Thai vowel and tone marks written above or below a consonant: no column of their own.
_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def display_width(texts: pd.Series) -> pd.Series:
    """Columns each text takes on a page: wide characters count 2, Thai marks 0.

    Examples
    --------
    >>> display_width(pd.Series(["late", "太慢了", "ช้ามาก"])).tolist()
    [4, 6, 5]
    """
    texts = texts.astype(str)
    return texts.str.len() + texts.str.count(_WIDE.pattern) - texts.str.count(_THAI_MARKS.pattern)


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or _THAI_MARKS.match(ch):
        return 0
    return 2 if _WIDE.match(ch) else 1


def cut_to_width(text: str, width: int) -> str:
    """``text`` itself when it fits in ``width`` columns, else its start and " …".

    Examples
    --------
    >>> cut_to_width("late again", 20), cut_to_width("the parcel was late again", 10)
    ('late again', 'the parcel …')
    >>> cut_to_width("送货太慢了，客服也不回复", 10)
    '送货太慢了 …'
    """
    used = 0
    for i, ch in enumerate(text):
        used += _char_width(ch)
        if used > width:
            return text[:i].rstrip() + " …"
    return text


def example_comments(
    comments: pd.DataFrame,
    tags: pd.DataFrame,
    themes: Sequence[str],
    *,
    n_themes: int = 4,
    per_theme: int = 3,
    language: str | None = None,
    min_chars: int = 20,
    max_chars: int = 200,
) -> pd.DataFrame:
    """A few different detractor comments for each of the first ``n_themes`` themes.

    For each theme, the detractor comments that mention it, each text once
    (case and spacing ignored), the shortest of ``min_chars`` to
    ``max_chars`` characters first, then the shorter ones (a one-word comment
    says little), then the longer ones, cut after ``max_chars`` characters
    with "…" (a quote, not a page: the follow-up files keep whole comments).
    Lengths are display widths (:func:`display_width`: a Chinese character
    takes the room of two Latin ones, a Thai vowel or tone mark none), so a
    200-character cut is about as long on the page in every language.
    With a ``language`` column, the examples take turns across the theme's
    languages, most frequent first, so a theme mentioned in English and in
    Chinese shows both, and a script that packs more meaning per character
    does not take every place.

    Returns
    -------
    DataFrame
        ``theme, score, comment`` (``per_theme`` rows per theme at most; ties
        keep the comments' order).

    Examples
    --------
    >>> c = pd.DataFrame({"nps_category": ["detractor"] * 4, "score": [1, 2, 2, 3],
    ...                   "comment": ["far too late again", "late", "Late ", "price"]})
    >>> tags = pd.DataFrame({"delivery": [True, True, True, False],
    ...                      "price": [False, False, False, True]})
    >>> example_comments(c, tags, ["delivery"], per_theme=2, min_chars=10).to_dict("list")
    {'theme': ['delivery', 'delivery'], 'score': [1, 2], 'comment': ['far too late again', 'late']}
    """
    det = comments["nps_category"].eq("detractor").to_numpy()
    rows = []
    for theme in list(themes)[:n_themes]:
        pick = comments[det & tags[theme].to_numpy(dtype=bool)]
        text = pick["comment"].astype(str)
        pick = pick[~text.str.casefold().str.split().str.join(" ").duplicated()]
        length = display_width(pick["comment"].astype(str))
        fit = np.select([length < min_chars, length > max_chars], [1, 2], 0)
        pick = pick.assign(_fit=fit, _len=length).sort_values(["_fit", "_len"], kind="stable")
        if language is not None and len(pick):
            lang = pick[language].fillna("unknown").astype(str)
            common = lang.value_counts(sort=False).sort_values(ascending=False, kind="stable")
            turn = lang.groupby(lang, sort=False).cumcount()  # 0 = that language's best
            rank = lang.map({k: i for i, k in enumerate(common.index)})
            pick = pick.assign(_turn=turn, _rank=rank).sort_values(
                ["_turn", "_rank"], kind="stable"
            )
        rows.append(pick.head(per_theme).assign(theme=theme)[["theme", "score", "comment"]])
    if not rows:
        return pd.DataFrame(columns=["theme", "score", "comment"])
    out = pd.concat(rows, ignore_index=True)
    out["comment"] = [cut_to_width(t, max_chars) for t in out["comment"].astype(str)]
    return out
