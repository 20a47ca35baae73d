"""Plot helpers: ``data=..., ax=None`` in, matplotlib ``Axes`` out.

One module per question, each drawing its computing function's result table (or
computing it from ``data=`` plus columns): ``scores`` (score distribution, NPS by
group, NPS trend), ``summary`` (executive charts: overview, segment gaps, theme
trend), ``text`` (distinctive terms, theme impact), ``themes`` (theme change),
``models`` (repeat rate, calibration), ``drivers`` (driver priority),
``experiment`` (arm comparison); ``_style`` holds the one palette, safe text and
date axes; ``fonts`` lets chart text in Chinese and Thai fall back to an installed
font (:func:`use_fallback_fonts`, once per session). The names below are imported on first use (``_lazy``), so
``import nps_toolkit.plots`` loads no plot module and no matplotlib.
"""

from nps_toolkit._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "._style": ["PALETTE"],
        ".drivers": ["plot_driver_priority"],
        ".experiment": ["plot_arm_comparison"],
        ".fonts": ["use_fallback_fonts"],
        ".models": ["plot_calibration", "plot_repeat_rate"],
        ".scores": [
            "plot_nps_by",
            "plot_nps_trend",
            "plot_score_distribution",
            "score_distribution",
        ],
        ".summary": ["plot_nps_overview", "plot_segment_gaps", "plot_theme_trend"],
        ".text": ["plot_distinctive_terms", "plot_theme_impact"],
        ".themes": ["plot_theme_change"],
    },
)
