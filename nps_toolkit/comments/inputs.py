"""Checked comment columns and language codes, shared by the comment scorers.

Public inside ``nps_toolkit.comments`` (used by ``sentiment``, ``likeness`` and
``tones``): :func:`as_text_series` refuses values that are not text,
:func:`primary_language` reduces ``"en-GB"`` to ``"en"``, :func:`resolve_language`
turns ``language=`` (None to detect, one code, or one code per comment) into a
code per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit._validation import examples_text, rows_text
from nps_toolkit.comments.tokens import is_missing_text


def as_text_series(texts, name: str = "texts") -> pd.Series:
    """``texts`` as an object Series (a str is one comment); refuses values that are not text."""
    if isinstance(texts, pd.DataFrame):
        raise ValueError(
            f"Expected one column of comments, got a DataFrame with columns "
            f"{list(texts.columns)}. Fix: pass the comment column, e.g. df['comment']."
        )
    if isinstance(texts, str):
        texts = [texts]
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype="object")
    label = series.name if series.name is not None else name
    values = series.astype("object")
    bad = values.map(lambda v: not (isinstance(v, str) or v is None or is_missing_text(v)))
    if bad.any():
        # The file's lines when the column came from read_survey, else its row labels.
        where = rows_text(series.index[bad.to_numpy()], series, brackets=False)
        shown = examples_text(values[bad], brackets=False)
        raise ValueError(
            f"Comment column {label!r} has {int(bad.sum())} value(s) that are not text: "
            f"{shown} ({where}). Fix: pass the free-text comment column; convert "
            "numbers to text with .astype(str) only if they really are comments."
        )
    return values


def primary_language(code) -> str | None:
    """``"en-GB"`` -> ``"en"``; None for a missing code."""
    if code is None or is_missing_text(code):
        return None
    return str(code).strip().lower().replace("_", "-").split("-")[0] or None


def resolve_language(language, texts: pd.Series, present: np.ndarray) -> pd.Series:
    """Language code (or None) per row, aligned to ``texts``."""
    if isinstance(language, pd.Series):
        if not language.index.equals(texts.index):
            raise ValueError(
                f"language Series (length {len(language)}) is not aligned to the comments "
                f"(length {len(texts)}): their indexes differ. Fix: pass the language column "
                "of the same DataFrame, e.g. language=df['language']."
            )
        return language.astype("object").map(primary_language)
    if language is None:
        from nps_toolkit.comments.language import detect_language

        codes = pd.Series([None] * len(texts), index=texts.index, dtype="object")
        if present.any():
            detected = detect_language(texts[present])
            detected = detected["language"] if isinstance(detected, pd.DataFrame) else detected
            codes[present] = pd.Series(detected, index=texts.index[present]).map(primary_language)
        return codes
    if isinstance(language, str):
        return pd.Series([primary_language(language)] * len(texts), index=texts.index)
    values = list(language)
    if len(values) != len(texts):
        raise ValueError(
            f"language has {len(values)} values but there are {len(texts)} comments. "
            "Fix: pass one code per comment, a single code such as 'en', or None to detect."
        )
    return pd.Series([primary_language(v) for v in values], index=texts.index, dtype="object")
