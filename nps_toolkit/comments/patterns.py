"""Regular-expression helpers of the theme tagger: which patterns RE2 (pyarrow) can run.

Shared inside ``nps_toolkit.comments``: :func:`re2_ok` (RE2 reads the pattern
as Python's ``re`` does), :func:`without_lookarounds` (a necessary condition
RE2 can pre-filter with), :func:`alternation` (one pattern of many) and
:func:`compile_group` (the matcher of one set of patterns).
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "ASCII_NEEDS_FOLD",
    "Matcher",
    "alternation",
    "class_end",
    "compile_group",
    "re2_ok",
    "without_lookarounds",
]

# Python-only syntax that RE2 would read differently without an error.
_RE2_AMBIGUOUS = re.compile(r"\{,|\[:|\\[0-9]")
# Characters that ``fold`` changes in an ASCII text other than by lower-casing:
# the backtick (an apostrophe), whitespace other than single inner spaces.
ASCII_NEEDS_FOLD = r"[`\t\n\r\f\v\x1c-\x1f]|  |^ | $"


def re2_ok(pattern: str) -> bool:
    """True when RE2 (pyarrow) accepts ``pattern`` and reads it as Python's ``re`` does
    on ASCII text: no lookaround, backreference, ``{,n}`` or POSIX class."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if _RE2_AMBIGUOUS.search(pattern):
        return False
    try:
        pc.match_substring_regex(pa.array([""], type=pa.large_string()), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True


def without_lookarounds(pattern: str) -> str:
    """``pattern`` with every lookahead/lookbehind group removed.

    A lookaround is a zero-width condition, so without it the pattern matches
    wherever it matched before (and maybe more): a necessary condition, used to
    send only the candidate texts to Python's ``re``.
    """
    out, i, n = [], 0, len(pattern)
    while i < n:
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            depth, k = 0, i
            while k < n:  # skip to the matching parenthesis
                c = pattern[k]
                if c == "\\":
                    k += 2
                    continue
                if c == "[":
                    k = class_end(pattern, k)
                    continue
                depth += c == "("
                depth -= c == ")"
                k += 1
                if depth == 0:
                    break
            i = k
            continue
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif c == "[":
            end = class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
        else:
            out.append(c)
            i += 1
    return "".join(out)


def class_end(pattern: str, start: int) -> int:
    """Index just after the character class opening at ``start``."""
    k = start + 1
    if k < len(pattern) and pattern[k] == "^":
        k += 1
    if k < len(pattern) and pattern[k] == "]":
        k += 1
    while k < len(pattern) and pattern[k] != "]":
        k += 2 if pattern[k] == "\\" else 1
    return k + 1


def alternation(patterns) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


class Matcher(tuple):
    """``(full, fast, slow, prefilter)``: the Python regex of all the patterns, the
    RE2 alternation of those RE2 reads the same way (or None), the Python regex of
    the rest (or None) and an RE2 pre-filter for that rest (or None: every text
    is searched)."""

    __slots__ = ()


@functools.lru_cache(maxsize=4096)
def compile_group(patterns: tuple[str, ...]) -> Matcher:
    """The matcher of folded ``patterns`` (cached: packs share many groups)."""
    pats = list(dict.fromkeys(patterns))
    if not pats:
        return Matcher((None, None, None, None))
    fast = [p for p in pats if re2_ok(p)]
    slow = [p for p in pats if p not in fast]
    loose = [without_lookarounds(p) for p in slow]
    return Matcher(
        (
            re.compile(alternation(pats)),
            alternation(fast) if fast else None,
            re.compile(alternation(slow)) if slow else None,
            alternation(loose) if slow and all(map(re2_ok, loose)) else None,
        )
    )
