"""The language each comment's theme patterns are chosen by (fast, for the tagger).

:func:`vote_languages` decides the language of folded comments (see
:func:`nps_toolkit.comments.dictionary.fold`) among the languages of a theme
dictionary, in one vectorised pass: Thai and Chinese by their script, the
others by counting their common function words (``VOTE_WORDS``: words that are
frequent in one language and rare in the others). A comment with no such word
or a tie goes to :func:`nps_toolkit.comments.detect_language` (py3langid),
among the same languages and its default ones; what it cannot tell is ``""``
(unknown).
py3langid on every comment would cost 30-60 µs each, more than the matching.
"""

from __future__ import annotations

import functools

import numpy as np

from nps_toolkit.comments.terms import DEFAULT_LANGUAGES

__all__ = ["SCRIPT_LANGUAGES", "VOTE_WORDS", "normalize_language", "vote_languages"]

#: Function words per language (folded: lower-case, no accents), each counted as one vote.
VOTE_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """the and is was are were it this that with for not my you very have has had
        but they of to from would will be at what too been their our me your an do did
        does so just got really after never again""".split()
    ),
    "fr": frozenset(
        """le les des est et pas tres je nous vous avec pour mais du au aux sont ce qui
        trop mon tout bien rien j c n d l qu ai etait cette ete de""".split()
    ),
    "es": frozenset(
        """el los las y muy pero fue esta estan hay tiene mucho siempre usted es mi
        nos le porque tienen de""".split()
    ),
    "pt": frozenset(
        """nao muito foi do dos das sem eu meu minha voce sao ja tambem ainda uma mas
        com em um pelo pela ao o os de""".split()
    ),
    "it": frozenset(
        """gli della delle dello che non molto sono per con ho anche piu troppo sempre
        ancora questo questa nel nella alla mai niente stato""".split()
    ),
    "id": frozenset(
        """yang dan tidak sangat saya ini itu untuk dengan ada sudah belum tapi juga bisa
        karena dari lebih kami aku gak nggak banget terlalu sekali nya""".split()
    ),
    "vi": frozenset(
        """khong cua rat đuoc toi nhung nay voi thi cung đa mot nhieu lam cac chung
        hang minh nen van qua roi nua chua""".split()
    ),
    # Languages without theme patterns in the packs, told apart from those with some.
    "de": frozenset(
        """der die das und ist nicht ein eine mit fur auf ich zu sehr war wurde kein
        keine aber noch""".split()
    ),
    "nl": frozenset(
        """de het een en is niet van ik te zeer heel met voor op was geen maar""".split()
    ),
}
#: Languages told by their script: (language, character class).
SCRIPT_LANGUAGES = (("th", "[\u0e00-\u0e7f]"), ("zh", "[\u4e00-\u9fff\u3400-\u4dbf]"))
_KANA = "[\u3040-\u30ff]"


@functools.lru_cache(maxsize=1)
def _py3langid_labels() -> frozenset[str]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return frozenset(LanguageIdentifier.from_model_file(MODEL_FILE).nb_classes)


def normalize_language(value) -> str:
    """``"pt-BR"`` -> ``"pt"``; missing, ``"unknown"`` or not text -> ``""``."""
    if not isinstance(value, str) or not value.strip():
        return ""
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return "" if code in ("unknown", "nan", "none") else code


def _vote_pattern(lang: str) -> str:
    """RE2 pattern of ``lang``'s vote words (``\\b`` is ASCII in RE2: others use ``\\PL``)."""
    words = sorted(VOTE_WORDS[lang])
    ascii_words = [w for w in words if w.isascii()]
    other = [w for w in words if not w.isascii()]
    parts = [r"\b(?:" + "|".join(ascii_words) + r")\b"] if ascii_words else []
    if other:
        parts.append(r"(?:^|\PL)(?:" + "|".join(other) + r")(?:\PL|$)")
    return "|".join(parts)


def _word_votes(folded, langs: list[str]) -> np.ndarray:
    """(n_texts, n_langs) votes: 1 where a text holds one of the language's words; where
    several languages have one, their word counts (RE2 stops at the first match,
    counting scans the whole text: counted only where needed)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    votes = np.zeros((len(folded), len(langs)), dtype="int64")
    for k, lang in enumerate(langs):
        found = pc.match_substring_regex(folded, _vote_pattern(lang))
        votes[:, k] = found.fill_null(False).to_numpy(zero_copy_only=False)
    several = np.flatnonzero(votes.sum(axis=1) > 1)
    if len(several):
        sub = folded.take(pa.array(several))
        for k, lang in enumerate(langs):
            hit = votes[several, k] > 0
            if hit.any():
                found = pc.count_substring_regex(sub, _vote_pattern(lang))
                votes[several, k] = np.where(hit, found.to_numpy(zero_copy_only=False), 0)
    return votes


def vote_languages(folded, languages, *, progress=None) -> np.ndarray:
    """Language code of each folded text ("" when unknown).

    The code is one of ``languages`` or of :data:`VOTE_WORDS` (``de``, ``nl``:
    languages the packs have no patterns for, told apart so that their comments
    get the language-neutral patterns only, not the nearest language's).

    Parameters
    ----------
    folded : pyarrow string array
        Folded comments.
    languages : iterable of str
        Candidate languages (those the theme dictionary has patterns for).
    progress : bool or None
        Progress bar of the py3langid fallback.

    Returns
    -------
    numpy.ndarray of str
    """
    import pyarrow.compute as pc

    from nps_toolkit.comments import detect_language

    langs = sorted(set(languages))
    n = len(folded)
    out = np.full(n, "", dtype=object)
    if not langs or n == 0:
        return out
    voting = sorted(VOTE_WORDS)  # every vote language, with or without patterns
    counts = _word_votes(folded, voting)
    top = counts.max(axis=1) if voting else np.zeros(n, dtype="int64")
    winners = (counts == top[:, None]).sum(axis=1) if voting else np.zeros(n, dtype="int64")
    decided = (top > 0) & (winners == 1)
    if voting:
        out[decided] = np.asarray(voting, dtype=object)[counts[decided].argmax(axis=1)]
    kana = pc.match_substring_regex(folded, _KANA).to_numpy(zero_copy_only=False)
    for lang, chars in SCRIPT_LANGUAGES:
        if lang in langs:
            has = pc.match_substring_regex(folded, chars).to_numpy(zero_copy_only=False)
            has &= ~kana
            out[has] = lang
            decided |= has
    # py3langid for the rest, except texts too short for it to tell (as detect_language).
    todo = np.flatnonzero(~decided)
    if len(todo):
        todo = todo[pc.utf8_length(folded.take(todo)).to_numpy(zero_copy_only=False) >= 10]
    if len(todo):
        # Candidates: the dictionary's languages and detect_language's defaults, so a
        # German comment is "de" (no patterns), not the nearest language with some.
        known = _py3langid_labels()
        cands = sorted({lang for lang in (*langs, *DEFAULT_LANGUAGES) if lang in known})
        texts = folded.take(todo).to_pylist()
        found = detect_language(texts, languages=cands, progress=progress)
        out[todo] = [normalize_language(v) for v in found.tolist()]
    return out
