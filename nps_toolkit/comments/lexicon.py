"""English lexicon scoring: offline VADER with a customer-experience supplement.

NLTK's VADER with the lexicon shipped inside the ``vaderSentiment`` package (no
``nltk.download``, no network), supplemented by :data:`CX_LEXICON` (words VADER
lacks or mis-scores in customer comments) and without :data:`CX_LEXICON_REMOVED`.
Emoji are translated to words (:func:`translate_emoji`), comments are split into
sentences (:func:`split_sentences`) and :func:`polarity_scores` gives the plain
mean of the sentences' VADER scores. :func:`nps_toolkit.comments.sentiment.sentiment`
applies the same scoring to a whole column, with caching and languages.

Public inside ``nps_toolkit.comments``: :func:`shared_analyzer` (the cached
analyser every scorer uses) and :func:`prepare_sentences` (emoji translation then
sentence split: the units VADER scores).
"""

from __future__ import annotations

import functools
import os
import re
import string

#: Customer-experience supplement to the VADER lexicon (valence on VADER's
#: -4..+4 scale). Each entry is a word VADER lacks, or mis-scores, in survey
#: comments about buying, delivery and service. VADER looks words up in lower
#: case and without inflection, so inflected forms are listed separately.
CX_LEXICON: dict[str, float] = {
    # Price complaints: VADER has no entry for these.
    "expensive": -1.3,  # "too expensive", "expensive for what it is"
    "overpriced": -2.0,  # always a complaint
    "pricey": -1.0,  # milder than expensive
    "overcharged": -2.0,  # billing complaint
    "overcharging": -2.0,
    # Speed and waiting: VADER has "delay"/"delayed" but not these.
    "slow": -1.5,  # "slow delivery", "slow support"
    "slowly": -1.0,
    "slower": -1.2,
    "late": -1.5,  # "late delivery", "arrived late"
    "delays": -1.3,  # VADER has "delay" (-1.3) but not the plural
    "wait": -0.8,  # "had to wait", "long wait"
    "waiting": -1.0,  # "still waiting"
    "waited": -1.0,  # "waited two weeks"
    "forever": -1.0,  # "took forever", "waited forever"
    "ages": -0.8,  # "took ages"
    # Returns and money back: mentioning a refund almost always means a problem.
    "refund": -0.8,  # "refund still not processed", "asked for a refund"
    "refunds": -0.8,
    # Software and app problems.
    "bug": -1.5,
    "bugs": -1.5,
    "buggy": -2.0,
    "crashed": -1.7,  # VADER has "crash" only
    "crashes": -1.7,
    "glitch": -1.3,
    "glitchy": -1.8,
    "issue": -1.0,  # "had an issue with"; "no issues" is negated by VADER
    "issues": -1.0,
    # Service failures VADER lacks.
    "unresponsive": -1.8,
    "unhelpful": -1.8,
    "unreliable": -1.8,
    "hassle": -1.5,
    "nightmare": -2.5,
    "canceled": -1.0,  # US spelling; VADER has "cancelled" (-1.0)
    "ripoff": -2.5,
    "rip-off": -2.5,
    # Praise VADER lacks.
    "fast": 1.3,  # "fast delivery"
    "quick": 1.2,  # "quick response"
    "quickly": 1.0,
    "affordable": 1.5,
    "intuitive": 1.5,  # "intuitive app"
    "seamless": 1.5,
    "smooth": 1.3,  # "smooth checkout"
    # Tokens produced by the emoji translation (see EMOJI_OVERRIDES).
    "thumbs-up": 1.9,
    "thumbs-down": -1.9,
}

#: Words removed from the VADER lexicon because they are topics, not opinions,
#: in customer comments: "support" (VADER +1.7) names the support team, so
#: "support never answered" would otherwise read as praise.
CX_LEXICON_REMOVED: tuple[str, ...] = ("support",)

#: Emoji whose ``vaderSentiment`` description VADER cannot score (for example
#: "thumbs up", "pouting face"): replaced by words VADER (or CX_LEXICON) scores.
EMOJI_OVERRIDES: dict[str, str] = {
    "\U0001f44d": "thumbs-up",  # 👍
    "\U0001f44e": "thumbs-down",  # 👎
    "\U0001f621": "enraged face",  # 😡 pouting face
    "\U0001f92c": "furious face",  # 🤬 face with symbols on mouth
    "\U0001f4a9": "crap",  # 💩 pile of poo
    "\U0001f4af": "perfect",  # 💯 hundred points
}

#: VADER's documented compound thresholds for positive / negative.
THRESHOLD = 0.05

#: The four VADER scores, in the order the kit stores them.
SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]


def _vader_dir() -> str:
    import vaderSentiment

    return os.path.dirname(vaderSentiment.__file__)


@functools.lru_cache(maxsize=1)
def _fast_classes():
    """NLTK's analyser with a faster, equivalent punctuation-stripping step.

    NLTK's ``SentiText._words_plus_punc`` builds a dictionary of every
    (punctuation, word) pair of the sentence, then looks each token up in it;
    that is about half of VADER's time. The override builds the same mapping
    only for the tokens actually present: a token maps to ``w`` when it is
    ``p + w`` or ``w + p`` with ``p`` in VADER's ``PUNC_LIST`` and ``w`` a word
    (longer than one character) of the punctuation-free text, exactly as in
    NLTK (the two forms cannot collide: ``w`` has no punctuation). NLTK's own
    ``polarity_scores`` code is reused unchanged, only pointed at this class,
    and tests check the scores are identical to the plain analyser's.
    """
    import types

    from nltk.sentiment import vader

    punctuation = string.punctuation  # what REGEX_REMOVE_PUNCTUATION removes
    puncs = frozenset(vader.VaderConstants.PUNC_LIST)
    if not all(set(p) <= set(punctuation) for p in puncs):
        raise ValueError("NLTK's VADER PUNC_LIST has changed; update _fast_classes.")

    class FastSentiText(vader.SentiText):
        def _words_plus_punc(self):
            no_punc_text = self.REGEX_REMOVE_PUNCTUATION.sub("", self.text)
            words_only = {w for w in no_punc_text.split() if len(w) > 1}
            mapping = {}
            for token in self.text.split():
                # w has no punctuation, so p is the whole leading (or trailing) run.
                if token[0] in punctuation:
                    rest = token.lstrip(punctuation)
                    if rest in words_only and token[: len(token) - len(rest)] in puncs:
                        mapping[token] = rest
                elif token[-1] in punctuation:
                    rest = token.rstrip(punctuation)
                    if rest in words_only and token[len(rest) :] in puncs:
                        mapping[token] = rest
            return mapping

    original = vader.SentimentIntensityAnalyzer.polarity_scores
    namespace = dict(original.__globals__)
    namespace["SentiText"] = FastSentiText
    fast_polarity_scores = types.FunctionType(
        original.__code__, namespace, original.__name__, original.__defaults__, original.__closure__
    )

    class FastSentimentIntensityAnalyzer(vader.SentimentIntensityAnalyzer):
        polarity_scores = fast_polarity_scores

    return FastSentiText, FastSentimentIntensityAnalyzer


def make_analyzer(*, supplement: bool = True, fast: bool = True):
    """A fresh NLTK VADER analyser using the lexicon shipped in ``vaderSentiment``.

    Works offline with no ``nltk_data`` directory: the folder of the installed
    ``vaderSentiment`` package (which holds ``vader_lexicon.txt``) is added to
    ``nltk.data.path`` and the lexicon is loaded from there. ``nltk.download``
    is never called.

    Parameters
    ----------
    supplement : bool, default True
        Apply :data:`CX_LEXICON` and remove :data:`CX_LEXICON_REMOVED`.
    fast : bool, default True
        Use NLTK's ``polarity_scores`` with a faster, equivalent tokenising
        step (same scores; see the benchmark and tests). ``False`` gives NLTK's
        plain ``SentimentIntensityAnalyzer``.

    Returns
    -------
    nltk.sentiment.vader.SentimentIntensityAnalyzer

    Examples
    --------
    >>> sia = make_analyzer()
    >>> sia.lexicon["overpriced"], "support" in sia.lexicon
    (-2.0, False)
    """
    import nltk.data
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    folder = _vader_dir()
    if not os.path.isfile(os.path.join(folder, "vader_lexicon.txt")):
        raise ValueError(
            f"The vaderSentiment package at {folder} has no vader_lexicon.txt. "
            "Fix: reinstall it with `pip install --force-reinstall vaderSentiment`."
        )
    if folder not in nltk.data.path:
        nltk.data.path.append(folder)
    cls = _fast_classes()[1] if fast else SentimentIntensityAnalyzer
    analyzer = cls(lexicon_file="vader_lexicon.txt")
    if supplement:
        analyzer.lexicon.update(CX_LEXICON)
        for word in CX_LEXICON_REMOVED:
            analyzer.lexicon.pop(word, None)
    return analyzer


@functools.lru_cache(maxsize=1)
def shared_analyzer():
    """The analyser of :func:`make_analyzer` (with the CX supplement), built once."""
    return make_analyzer(supplement=True)


@functools.lru_cache(maxsize=1)
def _emoji_table() -> tuple[dict[str, str], re.Pattern, tuple[int, ...]]:
    table: dict[str, str] = {}
    path = os.path.join(_vader_dir(), "emoji_utf8_lexicon.txt")
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0]:
                table[parts[0]] = parts[1]
    table.update(EMOJI_OVERRIDES)
    # Candidate positions: any character that starts an emoji; at each one the
    # longest emoji (multi-code-point sequences first) is looked up in the table.
    ascii_starts = sorted({k[0] for k in table if ord(k[0]) < 128})
    if any(len(k) < 2 or ord(k[1]) < 128 for k in table if ord(k[0]) < 128):
        raise ValueError("emoji_utf8_lexicon.txt has an emoji made of ASCII characters only.")
    # Non-ASCII characters, or an ASCII keycap base (#, *, 0-9) followed by one:
    # a scan far faster than a character class of every emoji.
    starts = re.compile(
        "[^\\x00-\\x7f]|[" + re.escape("".join(ascii_starts)) + "](?=[^\\x00-\\x7f])"
    )
    lengths = tuple(sorted({len(k) for k in table}, reverse=True))
    return table, starts, lengths


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SPACES = re.compile(r"[ \t]{2,}")


def translate_emoji(text: str) -> str:
    """Replace emoji by their descriptions (``vaderSentiment``'s emoji lexicon).

    NLTK's VADER ignores emoji; ``vaderSentiment`` translates them to words
    before scoring, and so does this function, with :data:`EMOJI_OVERRIDES`
    for emoji whose description VADER cannot score. Sequences of several code
    points (e.g. "❤️" with its variation selector) are matched longest first.

    Examples
    --------
    >>> translate_emoji("great 😀")
    'great grinning face'
    >>> translate_emoji("👍👍")
    'thumbs-up thumbs-up'
    """
    if not _NON_ASCII.search(text):
        return text
    table, starts, lengths = _emoji_table()
    pieces: list[str] = []
    done = 0
    for m in starts.finditer(text):
        i = m.start()
        if i < done:
            continue
        for length in lengths:
            key = text[i : i + length]
            if len(key) == length and key in table:
                pieces.append(text[done:i])
                pieces.append(f" {table[key]} ")
                done = i + length
                break
    if not pieces:
        return text
    pieces.append(text[done:])
    return _SPACES.sub(" ", "".join(pieces)).strip()


# A sentence ends after a run of . ! ? or an ellipsis followed by white space,
# or at a line break. The punctuation stays with its sentence, so VADER still
# sees "!!!" emphasis.
_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])\s+|\s*[\r\n]+\s*")


def split_sentences(text: str) -> list[str]:
    """Split a comment into sentences without downloaded models (no punkt).

    Examples
    --------
    >>> split_sentences("Never again. Worst experience ever!!!")
    ['Never again.', 'Worst experience ever!!!']
    >>> split_sentences("Price €49.99 ok\\nfast delivery")
    ['Price €49.99 ok', 'fast delivery']
    """
    return [s for s in (p.strip() for p in _SENTENCE_END.split(text)) if s]


def prepare_sentences(text: str) -> list[str]:
    """Emoji translation then sentence split: the units VADER scores."""
    return split_sentences(translate_emoji(text))


def polarity_scores(text: str, analyzer=None) -> dict[str, float]:
    """Score one English text the way :func:`sentiment` does, without caching.

    Emoji are translated, the text is split into sentences, each sentence is
    scored with VADER's ``polarity_scores`` and ``neg``, ``neu``, ``pos`` and
    ``compound`` are the plain means over sentences (summed left to right).

    Parameters
    ----------
    text : str
    analyzer : SentimentIntensityAnalyzer, optional
        Defaults to the shared analyser from :func:`make_analyzer`.

    Returns
    -------
    dict
        ``neg``, ``neu``, ``pos``, ``compound`` (NaN for a text with no words).

    Examples
    --------
    >>> polarity_scores("Never again. Worst experience ever!!!")["compound"]
    -0.35815
    """
    analyzer = analyzer or shared_analyzer()
    sentences = prepare_sentences(text)
    if not sentences:
        return dict.fromkeys(SCORE_COLUMNS, float("nan"))
    totals = [0.0, 0.0, 0.0, 0.0]
    for sentence in sentences:
        scores = analyzer.polarity_scores(sentence)
        for j, key in enumerate(SCORE_COLUMNS):
            totals[j] += scores[key]
    return {key: totals[j] / len(sentences) for j, key in enumerate(SCORE_COLUMNS)}
