"""Fonts for chart text in Chinese and Thai: fall back to an installed font per glyph.

matplotlib's default font (DejaVu Sans) has Latin, Greek, Cyrillic and
Vietnamese letters but no Chinese or Thai glyphs: keywords such as 价格 or ราคา
would be drawn as empty boxes. Since matplotlib 3.6 a text can list several
font families and each glyph is taken from the first family that has it, so
:func:`use_fallback_fonts` puts the fonts of these scripts that the machine
already has (Windows, macOS and common Linux names) after the current font.
Nothing is downloaded: on a machine without such a font, charts stay as they
were and :func:`fallback_fonts` says so by returning only the current font.
The report notebooks call it once; in your own notebook call it once too, the
way you would call ``seaborn.set_theme``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

__all__ = ["FALLBACK_FONTS", "fallback_fonts", "use_fallback_fonts"]

#: Families tried after the current font, in order: Chinese, then Thai.
FALLBACK_FONTS = (
    # Chinese (simplified first; each also covers most traditional characters)
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    # Thai
    "Noto Sans Thai",
    "Noto Sans Thai UI",
    "Leelawadee UI",
    "Leelawadee",
    "Thonburi",
    "Tahoma",
    "Loma",
    "Garuda",
    # broad coverage, last
    "Arial Unicode MS",
)


class _QuietWeight(logging.Filter):
    """Drops matplotlib's note that a fallback font has no 'normal' weight (it uses the nearest)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("findfont: Failed to find font weight")


def _current_font() -> str:
    import matplotlib
    from matplotlib import font_manager

    prop = font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
    return font_manager.get_font(font_manager.findfont(prop)).family_name


def fallback_fonts(available: Iterable[str] | None = None) -> list[str]:
    """The current font, then the installed fonts of :data:`FALLBACK_FONTS`, in that order.

    Parameters
    ----------
    available : iterable of str, optional
        Installed font family names; ``None`` asks matplotlib's font manager.

    Returns
    -------
    list of str
        Font family names for ``rcParams["font.family"]``; only the current font
        when none of the fallbacks is installed.

    Examples
    --------
    >>> fallback_fonts(["Loma", "Arial", "SimHei"])[1:]
    ['SimHei', 'Loma']
    """
    if available is None:
        from matplotlib import font_manager

        available = (f.name for f in font_manager.fontManager.ttflist)
    installed = set(available)
    current = _current_font()
    return [current, *(f for f in FALLBACK_FONTS if f in installed and f != current)]


def use_fallback_fonts() -> list[str]:
    """Draw chart text with the current font, falling back per glyph to Chinese/Thai fonts.

    Sets ``matplotlib.rcParams["font.family"]`` for this session (like
    ``seaborn.set_theme``), and quiets matplotlib's log line about a fallback
    font without a regular weight.

    Returns
    -------
    list of str
        The families now in ``rcParams["font.family"]``.
    """
    import matplotlib

    families = fallback_fonts()
    if len(families) > 1:
        matplotlib.rcParams["font.family"] = families
        log = logging.getLogger("matplotlib.font_manager")
        if not any(isinstance(f, _QuietWeight) for f in log.filters):
            log.addFilter(_QuietWeight())
    return families
