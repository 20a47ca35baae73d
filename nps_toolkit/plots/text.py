"""Plots of comment text: distinctive terms and theme impact.

The numbers come from :func:`nps_toolkit.comments.terms.distinctive_terms` and
:func:`nps_toolkit.comments.themes.theme_impact`; these functions only draw them, from
the result table (first argument) or computed from ``data=`` plus column names.
"""

from __future__ import annotations

import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from nps_toolkit.plots._style import (
    NEUTRAL,
    PALETTE,
    comment_keyword,
    gap_points,
    new_axes,
    pick_table,
    renamed,
    safe_text,
)

__all__ = ["plot_distinctive_terms", "plot_theme_impact"]


def _axes(ax, n_rows: int):
    return new_axes(ax, figsize=(7, max(3.0, 0.28 * n_rows + 1.0)))


# Scripts that the default font (DejaVu Sans) cannot draw, and fonts that can.
_NEEDS_FONT = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
SCRIPT_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
    "SimHei", "WenQuanYi Zen Hei", "Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans Thai",
    "Noto Sans Thai UI", "Leelawadee UI", "Tahoma", "Thonburi", "Garuda", "Loma",
)  # fmt: skip


def _installed_font_names() -> set[str]:
    from matplotlib import font_manager

    return {f.name for f in font_manager.fontManager.ttflist}


def fallback_fonts(labels) -> list[str] | None:
    """Font family list for labels in Chinese, Japanese, Korean or Thai: the default
    font, then the installed fonts of :data:`SCRIPT_FONTS` (matplotlib falls back
    glyph by glyph). ``None`` when no label needs one; a UserWarning naming the fix
    when none is installed (the words would show as empty boxes)."""
    if not any(_NEEDS_FONT.search(str(t)) for t in labels):
        return None
    from matplotlib.font_manager import FontProperties, findfont

    installed = _installed_font_names()
    found = [name for name in SCRIPT_FONTS if name in installed]
    if not found:
        warnings.warn(
            "plot_distinctive_terms: the terms are Chinese/Japanese/Korean/Thai, but matplotlib "
            "finds no font for them (they will show as boxes). Fix: install e.g. Noto Sans CJK "
            "and Noto Sans Thai (apt: fonts-noto-cjk fonts-thai-tlwg) and clear matplotlib's "
            "font cache.",
            UserWarning,
            stacklevel=3,
        )
        return None
    default = FontProperties(fname=findfont(FontProperties())).get_name()
    return [default, *found]


def plot_distinctive_terms(
    result: pd.DataFrame | None = None,
    *,
    data: pd.DataFrame | None = None,
    comment: str | None = None,
    score: str | None = None,
    top: int = 15,
    text: str | None = None,
    ax=None,
    **kwargs,
) -> plt.Axes:
    """Diverging bar chart of the terms most typical of each side.

    Parameters
    ----------
    result : DataFrame, optional
        A :func:`~nps_toolkit.comments.terms.distinctive_terms` result (columns ``term, z``;
        ideally computed with ``both_sides=True``: terms with ``z > 0`` are typical
        of the target, ``z < 0`` of the comparison group), drawn as is.
    data : DataFrame, optional
        The survey, to compute ``distinctive_terms(data, comment, score, top=top,
        both_sides=True, **kwargs)`` here. Passing the survey as the first argument
        still works with a FutureWarning.
    comment, score : str, optional
        Comment and score columns of ``data``.
    top : int
        Terms drawn per side (largest ``|z|``).
    text : str, optional
        Old name of ``comment`` (FutureWarning).
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`~nps_toolkit.comments.terms.distinctive_terms` (``target``,
        ``versus``, ``scale``, ``language``...).

    Returns
    -------
    matplotlib.axes.Axes
        Bars of ``z`` (right: target, detractor colour; left: versus, promoter
        colour), the most distinctive at the ends; terms drawn literally
        (Chinese, Japanese, Korean and Thai terms with an installed font of
        :data:`SCRIPT_FONTS`, see :func:`fallback_fonts`).
    """
    comment = renamed("text", text, "comment", comment, "plot_distinctive_terms")

    def make(d):
        from nps_toolkit.comments.terms import distinctive_terms

        cols = comment_keyword(distinctive_terms, comment)
        return distinctive_terms(d, **cols, score=score, top=top, both_sides=True, **kwargs)

    table, computed = pick_table(
        result, data, plot="plot_distinctive_terms", compute="distinctive_terms",
        result_columns=["term", "z"], compute_args={"comment": comment, "score": score},
        required=["comment", "score"], make=make,
    )  # fmt: skip
    if not computed and kwargs:
        raise ValueError(
            f"plot_distinctive_terms: {', '.join(kwargs)} are distinctive_terms() options; they "
            "cannot change a ready table. Pass the survey as data= to compute with them."
        )
    if "language" in table.columns and table["language"].nunique() > 1:
        raise ValueError(
            f"plot_distinctive_terms: the result holds {table['language'].nunique()} languages "
            "(by_language=True); plot one at a time, e.g. result[result['language'] == 'en']."
        )
    pos = table[table["z"] > 0].nlargest(top, "z")
    neg = table[table["z"] < 0].nsmallest(top, "z")
    shown = pd.concat([neg.iloc[::-1], pos.iloc[::-1]]).sort_values("z")
    ax = _axes(ax, len(shown))
    if shown.empty:
        ax.text(0.5, 0.5, "no distinctive terms", ha="center", va="center", transform=ax.transAxes)
        return ax
    sides = shown["side"] if "side" in shown.columns else pd.Series(index=shown.index, dtype=object)
    target = sides[shown["z"] > 0].iloc[0] if (shown["z"] > 0).any() else None
    versus = sides[shown["z"] < 0].iloc[0] if (shown["z"] < 0).any() else None
    col_t = PALETTE.get(target if isinstance(target, str) else "detractor", PALETTE["detractor"])
    col_v = PALETTE.get(versus if isinstance(versus, str) else "promoter", PALETTE["promoter"])
    colors = np.where(shown["z"].to_numpy() > 0, col_t, col_v)
    y = np.arange(len(shown))
    ax.barh(y, shown["z"].to_numpy(), color=colors)
    ax.set_yticks(y, [safe_text(t) for t in shown["term"]])
    families = fallback_fonts(shown["term"])
    if families is not None:
        for label in ax.get_yticklabels():
            label.set_fontfamily(families)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("z (weighted log-odds, Monroe et al. 2008)")
    labels = []
    if isinstance(versus, str):
        labels.append(f"\u2190 {safe_text(versus)}")
    if isinstance(target, str):
        labels.append(f"{safe_text(target)} \u2192")
    ax.set_title("   ".join(labels) if labels else "Distinctive terms")
    return ax


def plot_theme_impact(
    result: pd.DataFrame | None = None,
    *,
    data: pd.DataFrame | None = None,
    comment: str | None = None,
    score: str | None = None,
    ax=None,
    **kwargs,
) -> plt.Axes:
    """Dot-and-interval chart of each theme's NPS gap (mentioning - not mentioning).

    Parameters
    ----------
    result : DataFrame, optional
        A :func:`~nps_toolkit.comments.themes.theme_impact` result for one group (filter
        rows first when it was computed with ``by=``), drawn as is.
    data : DataFrame, optional
        The survey, to compute ``theme_impact(data, comment, score, **kwargs)`` here.
    comment, score : str, optional
        Comment and score columns of ``data``.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`~nps_toolkit.comments.themes.theme_impact` (``themes``, ``scale``,
        ``min_n``...).

    Returns
    -------
    matplotlib.axes.Axes
        One row per theme in the order of the table (most negative impact on
        top), the ``diff`` with its interval, labelled with the share of
        comments mentioning the theme; theme names drawn literally. With the
        table's ``significant`` column (Holm-adjusted p), a significant gap is
        a filled point coloured by its side and any other gap a hollow circle,
        as in :func:`~nps_toolkit.plots.summary.plot_segment_gaps`; without
        it, points are coloured by side.
    """
    needed = ["theme", "diff", "diff_ci_low", "diff_ci_high", "pct_of_comments"]

    def make(d):
        from nps_toolkit.comments.themes import theme_impact

        cols = comment_keyword(theme_impact, comment)
        return theme_impact(d, **cols, score=score, **kwargs)

    table, computed = pick_table(
        result, data, plot="plot_theme_impact", compute="theme_impact", result_columns=needed,
        compute_args={"comment": comment, "score": score}, required=["comment", "score"],
        make=make,
    )  # fmt: skip
    if not computed and kwargs:
        raise ValueError(
            f"plot_theme_impact: {', '.join(kwargs)} are theme_impact() options; they cannot "
            "change a ready table. Pass the survey as data= to compute with them."
        )
    if table["theme"].duplicated().any():
        raise ValueError(
            f"plot_theme_impact: {int(table['theme'].duplicated().sum())} themes have several "
            "rows (theme_impact(..., by=...)): select one group first, "
            "e.g. result[result['region'] == 'North']."
        )
    shown = table.dropna(subset=["diff"])
    ax = _axes(ax, len(shown))
    y = np.arange(len(shown))[::-1]
    diff = shown["diff"].to_numpy(float)
    # Drawn as segments, not error bars: the adjusted-Wald interval is centred on
    # the adjusted difference, so a tiny theme's raw gap can sit outside it.
    ax.hlines(y, shown["diff_ci_low"], shown["diff_ci_high"], color=NEUTRAL, lw=1)
    if "significant" in shown.columns:  # the Holm-adjusted test of theme_impact
        sig = shown["significant"].fillna(False).to_numpy(bool)
        gap_points(ax, diff, y, sig, above="higher NPS", below="lower NPS")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0, frameon=False)
    else:  # a table without the test: colour by side only
        colors = np.where(diff < 0, PALETTE["detractor"], PALETTE["promoter"])
        ax.scatter(diff, y, color=colors, zorder=3)
    ax.set_yticks(
        y,
        [
            f"{safe_text(t)} ({p:.0f}%)"
            for t, p in zip(shown["theme"], shown["pct_of_comments"], strict=True)
        ],
    )
    ax.axvline(0, color="black", linewidth=0.8)
    xlabel = "NPS gap: mentioning - not mentioning (points)"
    if "significant" in shown.columns and "p_adj" in shown.columns:
        xlabel += "\nsignificant: p adjusted for the number of themes (the interval is not)"
    ax.set_xlabel(xlabel)
    ax.set_title("Theme impact (share of comments in brackets)")
    return ax
