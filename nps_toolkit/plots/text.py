"""Plots of comment text: distinctive terms and theme impact.

The numbers come from :func:`nps_toolkit.text.distinctive_terms` and
:func:`nps_toolkit.themes.theme_impact`; these functions only draw them.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from nps_toolkit._checks import require_columns
from nps_toolkit.plots.scores import PALETTE


def _plain(label: str) -> str:
    """Escape ``$`` so matplotlib draws data text literally, never as mathtext."""
    return label.replace("$", r"\$")


def _axes(ax, n_rows: int):
    if ax is not None:
        return ax
    return plt.subplots(figsize=(7, max(3.0, 0.28 * n_rows + 1.0)))[1]


def plot_distinctive_terms(
    data: pd.DataFrame | None = None,
    *,
    top: int = 15,
    text: str | None = None,
    score: str | None = None,
    ax=None,
    **kwargs,
):
    """Diverging bar chart of the terms most typical of each side.

    Parameters
    ----------
    data : DataFrame
        Either a :func:`~nps_toolkit.text.distinctive_terms` result (ideally
        computed with ``both_sides=True``: terms with ``z > 0`` are typical of
        the target, ``z < 0`` of the comparison group), or the raw survey when
        ``text=`` and ``score=`` are given, in which case
        ``distinctive_terms(data, text=text, score=score, top=top,
        both_sides=True, **kwargs)`` is computed here.
    top : int
        Terms drawn per side (largest ``|z|``).
    text, score : str, optional
        Comment and score columns, to compute from raw data.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`~nps_toolkit.text.distinctive_terms` (``target``,
        ``versus``, ``scale``, ``language``...).

    Returns
    -------
    matplotlib.axes.Axes
        Bars of ``z`` (right: target, detractor colour; left: versus, promoter
        colour), the most distinctive at the ends.
    """
    if data is None:
        raise ValueError(
            "Pass data= (a distinctive_terms result, or the survey with text=, score=)."
        )
    if text is not None or score is not None:
        from nps_toolkit.text import distinctive_terms

        if text is None or score is None:
            raise ValueError("To compute from raw data pass both text= and score=.")
        data = distinctive_terms(data, text=text, score=score, top=top, both_sides=True, **kwargs)
    require_columns(
        data,
        ["term", "z"],
        "data (expected a distinctive_terms() result with columns term, z, ..., "
        "or the raw survey with text= and score=)",
    )
    if "language" in data.columns and data["language"].nunique() > 1:
        raise ValueError(
            "The result holds several languages (by_language=True); plot one at a time, e.g. "
            "data[data['language'] == 'en']."
        )
    pos = data[data["z"] > 0].nlargest(top, "z")
    neg = data[data["z"] < 0].nsmallest(top, "z")
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
    ax.set_yticks(y, [_plain(t) for t in shown["term"].astype(str)])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("z (weighted log-odds, Monroe et al. 2008)")
    labels = []
    if isinstance(versus, str):
        labels.append(f"\u2190 {versus}")
    if isinstance(target, str):
        labels.append(f"{target} \u2192")
    ax.set_title("   ".join(labels) if labels else "Distinctive terms")
    return ax


def plot_theme_impact(data: pd.DataFrame | None = None, *, ax=None):
    """Dot-and-interval chart of each theme's NPS gap (mentioning - not mentioning).

    Parameters
    ----------
    data : DataFrame
        A :func:`~nps_toolkit.themes.theme_impact` result for one group (filter
        rows first when it was computed with ``by=``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One row per theme in the order of ``data`` (most negative impact on
        top), the ``diff`` with its interval, labelled with the share of
        comments mentioning the theme.
    """
    needed = ["theme", "diff", "diff_ci_low", "diff_ci_high", "pct_of_comments"]
    if data is None:
        raise ValueError("Pass data=, a theme_impact() result.")
    require_columns(data, needed, "data (expected a theme_impact() result)")
    if data["theme"].duplicated().any():
        raise ValueError(
            "Several rows per theme (theme_impact(..., by=...)): select one group first, "
            "e.g. data[data['region'] == 'North']."
        )
    shown = data.dropna(subset=["diff"])
    ax = _axes(ax, len(shown))
    y = np.arange(len(shown))[::-1]
    diff = shown["diff"].to_numpy()
    colors = np.where(diff < 0, PALETTE["detractor"], PALETTE["promoter"])
    # Drawn as segments, not error bars: the adjusted-Wald interval is centred on
    # the adjusted difference, so a tiny theme's raw gap can sit outside it.
    ax.hlines(y, shown["diff_ci_low"], shown["diff_ci_high"], color="#555555", lw=1)
    ax.scatter(diff, y, color=colors, zorder=3)
    ax.set_yticks(
        y,
        [f"{t} ({p:.0f}%)" for t, p in zip(shown["theme"], shown["pct_of_comments"], strict=True)],
    )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("NPS gap: mentioning - not mentioning (points)")
    ax.set_title("Theme impact (share of comments in brackets)")
    return ax
