"""Plot helpers: ``data=..., ax=None`` in, matplotlib ``Axes`` out."""

from nps_toolkit.plots.drivers import plot_driver_priority
from nps_toolkit.plots.models import plot_calibration, plot_repeat_rate
from nps_toolkit.plots.scores import (
    PALETTE,
    plot_nps_by,
    plot_nps_trend,
    plot_score_distribution,
    score_distribution,
)
from nps_toolkit.plots.summary import plot_nps_overview, plot_segment_gaps, plot_theme_trend
from nps_toolkit.plots.text import plot_distinctive_terms, plot_theme_impact
from nps_toolkit.plots.themes import plot_theme_change

__all__ = [
    "plot_calibration",
    "plot_driver_priority",
    "plot_distinctive_terms",
    "plot_theme_impact",
    "plot_theme_change",
    "plot_repeat_rate",
    "PALETTE",
    "plot_nps_by",
    "plot_nps_overview",
    "plot_segment_gaps",
    "plot_theme_trend",
    "plot_nps_trend",
    "plot_score_distribution",
    "score_distribution",
]
