"""Comments cut into sentences, in any script: :func:`split_sentences`, :func:`explode_sentences`.

Used by :func:`nps_toolkit.comments.review.theme_tone` (tone per theme counts
sentences). No downloaded model: the boundaries are

- ``.``, ``!``, ``?`` or an ellipsis followed by white space, and line breaks
  (as the English lexicon splits, :func:`nps_toolkit.comments.lexicon.split_sentences`);
- Chinese and Japanese full stops and marks ``。！？；`` (and ``!?`` before a
  Chinese character), which are not followed by a space;
- Thai, written without full stops, separates sentences and clauses by a space:
  a space between two Thai characters ends a sentence (a space next to a Latin
  word or a number does not).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from nps_toolkit.comments.tokens import is_missing_text

__all__ = ["explode_sentences", "split_sentences"]

_THAI = "\u0e00-\u0e7f"
_HAN = "\u4e00-\u9fff\u3400-\u4dbf\u3040-\u30ff"
_BOUNDARY = re.compile(
    r"(?<=[.!?\u2026])\s+"  # Latin-script sentence end
    r"|\s*[\r\n]+\s*"  # line break
    rf"|(?<=[\u3002\uff01\uff1f\uff1b\uff0e])\s*"  # 。！？；． (no space follows)
    rf"|(?<=[!?])(?=[{_HAN}])"
    rf"|(?<=[{_THAI}])\s+(?=[{_THAI}])"  # Thai: a space between Thai words
)


def split_sentences(text) -> list[str]:
    """The sentences of one comment (stripped, non-empty; ``[]`` for a missing one).

    Examples
    --------
    >>> split_sentences("Late again. Staff lovely!")
    ['Late again.', 'Staff lovely!']
    >>> split_sentences("送货太慢了。服务很好！")
    ['送货太慢了。', '服务很好！']
    >>> split_sentences("ส่งของช้ามาก พนักงานสุภาพ")
    ['ส่งของช้ามาก', 'พนักงานสุภาพ']
    >>> split_sentences("Price 49.99 ok")
    ['Price 49.99 ok']
    """
    if is_missing_text(text):
        return []
    return [s for s in (p.strip() for p in _BOUNDARY.split(str(text))) if s]


def explode_sentences(texts: pd.Series) -> pd.DataFrame:
    """One row per sentence of each comment.

    Returns
    -------
    pandas.DataFrame
        ``row`` (position of the comment in ``texts``), ``sentence``,
        ``n_sentences`` (sentences of that comment); comments without text
        give no row.
    """
    rows, sents, counts = [], [], []
    for i, text in enumerate(texts.tolist()):
        parts = split_sentences(text)
        rows += [i] * len(parts)
        sents += parts
        counts += [len(parts)] * len(parts)
    return pd.DataFrame(
        {
            "row": np.asarray(rows, dtype="int64"),
            "sentence": pd.Series(sents, dtype="object"),
            "n_sentences": np.asarray(counts, dtype="int64"),
        }
    )
