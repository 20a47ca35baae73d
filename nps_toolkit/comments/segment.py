"""Word segmentation of scripts written without spaces: Chinese (jieba) and Thai (pythainlp).

:func:`nps_toolkit.comments.tokens.tokenize` sends each run of Chinese
characters and each run of Thai characters here, so that keywords are words
("物流很慢" -> ``物流``, ``很``, ``慢``; "อาหารอร่อยมาก" -> ``อาหาร``,
``อร่อย``, ``มาก``) instead of single characters.

Offline and side-effect free
    Both segmenters are imported on the first Chinese or Thai text, not with the
    kit. jieba's dictionary ships inside the package; its prefix dictionary
    cache is written to a private folder of :func:`tempfile.gettempdir`
    (nowhere else). pythainlp's ``newmm`` dictionary ships inside the package;
    it is imported with ``PYTHAINLP_READ_ONLY=1`` and ``PYTHAINLP_OFFLINE=1``
    (unless you set them yourself), so it creates no ``~/pythainlp-data``
    folder and downloads nothing.
Japanese
    Kana is one token per character, as before; Han characters of a text
    declared ``language="ja"`` too (jieba's dictionary is Chinese).
Vietnamese
    Vietnamese separates *syllables* with spaces; most words are one or two
    syllables ("giao hàng" delivery, "nhân viên" staff). The tokenizer keeps
    syllables as tokens and the default ``ngram_range=(1, 2)`` of
    :func:`~nps_toolkit.comments.terms.distinctive_terms` adds syllable pairs,
    which cover the two-syllable words without a Vietnamese segmenter.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile

__all__ = ["HAN", "THAI", "THAI_NOT_WORDS", "segment_chinese", "segment_thai"]

#: Character class (for a regular expression) of the Han ideographs.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Character class of the Thai block.
THAI = "\u0e00-\u0e7f"
#: Entries removed from pythainlp's dictionary: rare fragments that win newmm's
#: ties inside common words on real reviews ("บอกว่า" -> "บอ" + "กว่า",
#: "ร้านคะ" -> "ร้า" + "นคะ", "แล้วจะ" -> "แล้" + "วจะ", "บอกร้าน" -> "บอ" + "กร้าน").
THAI_NOT_WORDS = frozenset({"บอ", "ร้า", "นคะ", "แล้", "วจะ", "กร้าน"})
# A Thai token must hold a Thai consonant (not only marks, digits or "ๆ").
_THAI_LETTER = re.compile("[\u0e01-\u0e2e]")


@functools.lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    folder = os.path.join(tempfile.gettempdir(), f"nps_toolkit-jieba-{os.getuid()}")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    jieba.dt.tmp_dir = folder
    jieba.initialize()
    return jieba


@functools.lru_cache(maxsize=1)
def _thai_tokenizer():
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import dict_trie

    trie = dict_trie(set(thai_words()) - THAI_NOT_WORDS)
    return functools.partial(word_tokenize, custom_dict=trie, engine="newmm", keep_whitespace=False)


@functools.lru_cache(maxsize=65536)
def segment_chinese(run: str) -> tuple[str, ...]:
    """Words of a run of Chinese characters (jieba, precise mode with its HMM for new words).

    Parameters
    ----------
    run : str
        Han characters only (no spaces or punctuation), as cut by the tokenizer.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> segment_chinese("物流很慢")
    ('物流', '很', '慢')
    """
    return tuple(w for w in _jieba().lcut(run, HMM=True) if w.strip())


@functools.lru_cache(maxsize=65536)
def segment_thai(run: str) -> tuple[str, ...]:
    """Words of a run of Thai characters (pythainlp, ``newmm`` dictionary engine).

    pythainlp's dictionary without :data:`THAI_NOT_WORDS`.
    Tokens without a Thai consonant (a lone repetition mark ``ๆ``, Thai digits)
    are dropped.

    Parameters
    ----------
    run : str
        Thai characters only, as cut by the tokenizer.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> segment_thai("อาหารอร่อยมาก")
    ('อาหาร', 'อร่อย', 'มาก')
    """
    words = _thai_tokenizer()(run)
    return tuple(w for w in words if _THAI_LETTER.search(w))
