"""Languages whose diacritics tell words apart (Vietnamese): theme patterns with and without them.

:func:`~nps_toolkit.comments.dictionary.fold` removes Latin accents so that
"tres" matches "très". In Vietnamese the tone marks are what tells words
apart: ``giá`` (price), ``gia`` (family, in ``gia đình``) and ``già`` (old)
all fold to ``gia``; ``chậm`` (slow) and ``chăm`` (care, in ``chăm sóc khách
hàng``) to ``cham``; ``bền`` (durable) and ``bên`` (side) to ``ben``.

The rule for the languages of :data:`MARKED` (Vietnamese):

- a comment of that language typed **with** diacritics (folding would change
  it) is matched with the patterns written with diacritics *as written*
  (``giá`` matches ``giá``, not ``gia đình``) and with the patterns written
  without any (``\\bship\\b``, ``khach hang``), which match every accented form;
- a comment typed **without** diacritics (common on phones) cannot tell
  ``gia`` from ``giá``: every pattern matches it folded, as for other languages.

Pattern authors write a Vietnamese word with its diacritics to match only that
word, or without them to match all its accented forms and unaccented typing.
A word spelt without diacritics (``nhanh``, fast) therefore also matches its
accented neighbours (``nhánh``, branch): exclude them with a lookaround on the
folded text (``(?<!chi )\\bnhanh\\b`` leaves out ``chi nhánh``, a branch office).
"""

from __future__ import annotations

from nps_toolkit.comments.dictionary import NEUTRAL, fold

__all__ = ["MARKED", "is_marked", "marked_forms", "marked_group", "plain_group"]

#: Languages matched with their diacritics kept (see the module docstring).
MARKED = ("vi",)


def marked_group(lang: str) -> str:
    """Group name of the comments of ``lang`` typed with diacritics."""
    return f"{lang}+marks"


def plain_group(lang: str) -> str:
    """Key of the patterns without diacritics matched on those comments, folded."""
    return f"{lang}+plain"


def is_marked(text, lang: str) -> bool:
    """True when ``text`` (a comment of ``lang``) carries diacritics folding would remove."""
    return fold(text, lang) != fold(text)


def marked_forms(patterns: dict) -> dict[str, tuple[str, ...]]:
    """Extra pattern keys of one theme (raw ``{language: [patterns]}``) for :data:`MARKED`.

    ``"vi+marks"``: the language's and the neutral patterns written with
    diacritics, folded keeping them (searched in ``fold(comment, "vi")``);
    ``"vi+plain"``: those written without, folded (searched in ``fold(comment)``).
    """
    out = {}
    for lang in MARKED:
        raw = list(patterns.get(NEUTRAL, [])) + list(patterns.get(lang, []))
        kept = [p for p in raw if fold(p, lang) != fold(p)]
        out[marked_group(lang)] = tuple(dict.fromkeys(fold(p, lang) for p in kept))
        out[plain_group(lang)] = tuple(dict.fromkeys(fold(p) for p in raw if p not in kept))
    return out
