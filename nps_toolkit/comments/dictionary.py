"""Theme dictionaries: the packs, :func:`load_themes` and the text form patterns see (:func:`fold`).

A theme dictionary maps a theme key to ``{"label", "description", "patterns":
{language: [regex, ...]}}``. Patterns are Python regular expressions searched in
``fold(comment)``. The language keys are ISO 639-1 codes (``en``, ``fr``, ``es``,
``pt``, ``it``, ``id``, ``vi``, ``th``, ``zh``...) plus ``any`` for
language-neutral patterns: :func:`nps_toolkit.comments.tagging.tag_themes`
matches a comment with the patterns of its language and the ``any`` ones.

Packs (``theme_packs/*.yaml`` next to this module, see :data:`PACKS`):
``default`` (cross-industry: price/value, staff and service, product quality,
speed and waiting, communication, billing and payment, ease of use / app and
website, reliability, cancellation and contract) and the industry packs
``ecommerce`` (the kit's former default dictionary, used by the demo data),
``telecom``, ``software``, ``retail``, ``hospitality`` and ``banking``, which
add their own themes to the default (``extends: default`` in the file).
"""

from __future__ import annotations

import copy
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from nps_toolkit._validation import renamed_args
from nps_toolkit.comments.tokens import normalize

__all__ = [
    "DEFAULT_THEMES",
    "NEUTRAL",
    "PACKS",
    "PACK_DIR",
    "THEME_FILE",
    "fold",
    "load_themes",
    "resolve_themes",
    "theme_spec",
]

PACK_DIR = Path(__file__).with_name("theme_packs")
#: Names of the bundled theme packs (``themes="telecom"``).
PACKS = ("default", "ecommerce", "telecom", "software", "retail", "hospitality", "banking")
#: The file of the cross-industry default pack.
THEME_FILE = PACK_DIR / "default.yaml"
#: Language key of the patterns tried on comments of every language.
NEUTRAL = "any"

# Old DOS (cp850) accents read as Windows-1252, as in the French garden-centre export.
_DOS_ALWAYS = str.maketrans(
    {"\u201a": "e", "\u0192": "a", "\u2021": "c", "\u02c6": "e", "\u0152": "i", "\x90": "e"}
)
_DOS_INSIDE = re.compile(r"(?<=[^\W\d_])[\u2030\u2039\u2013\u2014\u2026\u201c\u0160](?=[^\W\d_])")
_DOS_INSIDE_MAP = {
    "\u2030": "e",
    "\u2039": "i",
    "\u2013": "u",
    "\u2014": "u",
    "\u2026": "a",
    "\u201c": "o",
    "\u0160": "e",
}
# The accents fold() removes: the Combining Diacritical Marks block (a regular
# expression: str.translate with a dict is slow on non-ASCII text).
_LATIN_MARKS = re.compile("[\u0300-\u036f]+")
_DOS_ANY = re.compile(
    "[" + re.escape("".join(chr(c) for c in _DOS_ALWAYS) + "".join(_DOS_INSIDE_MAP)) + "]"
)


# Vietnamese tone mark on oa / oe / uy at the end of a syllable: the old style puts
# it on the first vowel (hòa, khỏe, thủy), the new on the second (hoà, khoẻ, thuỷ);
# both are common. fold(text, "vi") writes the new style.
_VI_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook, tilde, dot below
_VI_OLD_STYLE = re.compile(rf"(?<![^\W\d_])(\w*?)([ou])([{_VI_TONES}])([aey])(?![^\W\d_])")


def _vi_tone_placement(text: str) -> str:
    if not _VI_OLD_STYLE.search(unicodedata.normalize("NFD", text)):
        return text
    # Only vowel pairs of the old style: oa, oe, uy (not ua, ue, oy...).
    pairs = {("o", "a"), ("o", "e"), ("u", "y")}

    def move(m):
        head, v1, tone, v2 = m.groups()
        if (v1, v2) not in pairs or (v1 == "u" and head.endswith("q")):
            return m.group(0)
        return head + v1 + v2 + tone

    return unicodedata.normalize("NFC", _VI_OLD_STYLE.sub(move, unicodedata.normalize("NFD", text)))


def fold(text, language: str | None = None) -> str:
    """Text as the theme patterns see it: normalised, accents removed, DOS mojibake repaired.

    Only the accents of the Latin (and Greek, Cyrillic) letters are removed:
    the marks of the Unicode block *Combining Diacritical Marks* (U+0300-U+036F)
    that NFKD splits off ``é``, ``ñ``, ``ç``, ``ã``... so "tres" matches "très".
    The marks of other scripts are letters of their words and stay: Thai tone
    marks and vowel signs (ข่าว news, ข้าว rice and ขาว white stay three
    words), Devanagari vowel signs, Japanese voiced marks (が is not か).

    Vietnamese (``language="vi"``) keeps every diacritic: its tone marks tell
    words apart (giá price, gia family, già old; chậm slow, chăm care), so a
    Vietnamese pattern written with diacritics matches only its word in a
    comment typed with them (see :func:`nps_toolkit.comments.tagging.tag_themes`);
    the two styles of placing the tone mark on oa / oe / uy (hòa / hoà, thủy /
    thuỷ) are written alike (the second).

    Parameters
    ----------
    text : str or None
        A comment or a pattern.
    language : str, optional
        ``"vi"``: keep the diacritics (normalised and lower-cased only).

    Examples
    --------
    >>> fold("Livraison TRÈS rapide")
    'livraison tres rapide'
    >>> fold("d\u201alai de livraison trop long")
    'delai de livraison trop long'
    >>> fold("Giá quá đắt"), fold("Giá quá đắt", "vi")
    ('gia qua đat', 'giá quá đắt')
    """
    text = normalize(text)
    if text.isascii():  # nothing below changes ASCII text
        return text
    if _DOS_ANY.search(text):
        text = text.translate(_DOS_ALWAYS)
        text = _DOS_INSIDE.sub(lambda m: _DOS_INSIDE_MAP[m.group(0)], text)
    if language == "vi":
        return _vi_tone_placement(unicodedata.normalize("NFC", text))
    text = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    # Marks of other scripts NFKD split off (Japanese voiced marks) recompose.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _check_patterns(name: str, lang: str, pats) -> list[str]:
    pats = [pats] if isinstance(pats, str) else list(pats or [])
    for p in pats:
        if not isinstance(p, str) or not p.strip():
            raise ValueError(f"Theme {name!r}, language {lang!r}: empty or non-text pattern {p!r}.")
        try:
            re.compile(fold(p))
        except re.error as exc:
            raise ValueError(
                f"Theme {name!r}, language {lang!r}: pattern {p!r} is not a valid regular "
                f"expression ({exc}). Escape special characters with a backslash."
            ) from None
    return pats


def theme_spec(name: str, spec) -> dict:
    """One theme in the full form ``{"label", "description", "patterns": {language: [...]}}``.

    Accepts ``{language: [patterns]}``, ``[patterns]`` or a single pattern (both
    language-neutral: key ``any``), or the full form; checks every pattern.
    Shared by the tagger and :func:`load_themes`.
    """
    if isinstance(spec, str):
        spec = [spec]
    if isinstance(spec, Sequence) and not isinstance(spec, str):
        spec = {"patterns": {NEUTRAL: list(spec)}}
    if not isinstance(spec, Mapping):
        raise ValueError(
            f"Theme {name!r}: expected a list of patterns or {{language: [patterns]}}; "
            f"got {type(spec).__name__}."
        )
    if "patterns" not in spec:
        spec = {"patterns": dict(spec)}
    patterns = spec["patterns"]
    if isinstance(patterns, str | list | tuple):
        patterns = {NEUTRAL: [patterns] if isinstance(patterns, str) else list(patterns)}
    out = {
        "label": spec.get("label", name.replace("_", " ").capitalize()),
        "description": spec.get("description", ""),
        "patterns": {
            str(lang): _check_patterns(name, str(lang), pats) for lang, pats in patterns.items()
        },
    }
    if not any(out["patterns"].values()):
        raise ValueError(f"Theme {name!r} has no pattern; give at least one.")
    return out


def _read_yaml(path: Path) -> Mapping:
    import yaml

    if not path.exists():
        raise ValueError(
            f"Theme file {str(path)!r} not found; pass a pack name ({', '.join(PACKS)}), "
            "a dict or an existing YAML path."
        )
    with path.open(encoding="utf-8") as fh:
        loaded = yaml.safe_load(fh)
    if not isinstance(loaded, Mapping):
        raise ValueError(f"Theme file {str(path)!r} must hold a mapping of themes.")
    return loaded


def _merge(base: dict, raw: Mapping) -> dict:
    """``base`` with the themes of ``raw`` added (new) or appended to (existing)."""
    for name, spec in raw.items():
        new = theme_spec(str(name), spec)
        if name not in base:
            base[str(name)] = new
            continue
        merged = base[name]
        for lang, pats in new["patterns"].items():
            merged["patterns"].setdefault(lang, [])
            merged["patterns"][lang] += [p for p in pats if p not in merged["patterns"][lang]]
        for key in ("label", "description"):
            if isinstance(spec, Mapping) and key in spec:
                merged[key] = new[key]
    return base


@functools.lru_cache(maxsize=16)
def _pack(name: str) -> dict:
    raw = _read_yaml(PACK_DIR / f"{name}.yaml")
    base = copy.deepcopy(_pack(raw["extends"])) if raw.get("extends") else {}
    return _merge(base, raw.get("themes", {}))


def _is_pack(spec) -> bool:
    return isinstance(spec, str) and spec in PACKS


def _raw(spec) -> tuple[Mapping, str | None]:
    """The themes mapping of a dict or YAML file, and the pack it extends (or None)."""
    if isinstance(spec, Mapping):
        raw = spec
    else:
        if isinstance(spec, str) and not spec.lower().endswith((".yaml", ".yml")):
            if "/" not in spec and "\\" not in spec and not Path(spec).exists():
                raise ValueError(
                    f"Unknown theme pack {spec!r}: use one of {', '.join(PACKS)}, "
                    "a YAML path or a dict."
                )
        raw = _read_yaml(Path(spec))
    extends = raw.get("extends") if isinstance(raw.get("extends"), str) else None
    if "themes" in raw and isinstance(raw["themes"], Mapping):
        raw = raw["themes"]
    return raw, extends


@renamed_args(source="spec")
def load_themes(spec=None, *, extend: bool | str = True) -> dict:
    """A theme dictionary from a pack name, a YAML file or a dict.

    Parameters
    ----------
    spec : None, str, Path or dict
        ``None``: the cross-industry ``default`` pack. A pack name (one of
        :data:`PACKS`: ``"ecommerce"``, ``"telecom"``, ``"software"``,
        ``"retail"``, ``"hospitality"``, ``"banking"``): that pack, as is. A
        dict ``{theme: [patterns]}`` (language-neutral patterns),
        ``{theme: {language: [patterns]}}`` or the full form ``{theme:
        {"label":..., "description":..., "patterns": {language: [...]}}}``
        (optionally under a top-level ``themes:`` key, with ``extends: <pack>``),
        or the path of a YAML file of any of these shapes. ``source=`` is the
        old name (FutureWarning).
    extend : bool or str
        For a dict or file: ``True`` (default) adds it to the default pack (or
        to the pack its ``extends:`` names): patterns of an existing theme are
        appended per language, new themes come at the end. A pack name adds it
        to that pack. ``False`` uses only ``spec``. Ignored for a pack name.

    Returns
    -------
    dict
        ``{theme: {"label", "description", "patterns": {language: [regex, ...]}}}``
        (a copy: edit it freely).

    Raises
    ------
    ValueError
        Unknown pack, missing file, invalid regular expression or a theme
        without any pattern.

    Examples
    --------
    >>> themes = load_themes({"parking": [r"\\bparking\\b", r"\\bstationnement\\b"]})
    >>> list(themes)[-1], len(themes) == len(DEFAULT_THEMES) + 1
    ('parking', True)
    >>> list(load_themes({"parking": ["parking"]}, extend=False))
    ['parking']
    >>> "coverage" in load_themes("telecom"), "price" in load_themes("telecom")
    (True, True)
    """
    if spec is None:
        return copy.deepcopy(_pack("default"))
    if _is_pack(spec):
        return copy.deepcopy(_pack(spec))
    raw, extends = _raw(spec)
    if extend is False:
        base = {}
    else:
        name = extend if isinstance(extend, str) else (extends or "default")
        if not _is_pack(name):
            raise ValueError(f"extend={name!r} is not a theme pack: use one of {', '.join(PACKS)}.")
        base = copy.deepcopy(_pack(name))
    return _merge(base, raw)


def resolve_themes(themes) -> dict:
    """The dictionary the tagger uses for ``themes=``: ``None`` the default pack, a pack
    name that pack, a dict as given (not merged), a YAML path its themes only."""
    if themes is None or _is_pack(themes):
        return _pack("default" if themes is None else themes)
    if isinstance(themes, Mapping):
        return themes
    _, extends = _raw(themes)
    return load_themes(themes, extend=extends or False)


#: The cross-industry default pack (``theme_packs/default.yaml`` holds every pattern).
DEFAULT_THEMES: dict = load_themes()
