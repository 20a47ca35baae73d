"""The executive summary's charts, drawn from the results of notebooks 01 and 02.

The few pictures a VP reads, each placed under the summary section it
illustrates: the detractor/passive/promoter bar with the NPS and its interval
("The score"), each arm's difference from the control ("The experiment"),
each segment group against the rest ("Where it differs"), the trend with its
band ("When it changed"), and the themes' NPS gaps and their contributions to
the latest change ("Why detractors are unhappy"). Every chart is drawn by :mod:`nps_toolkit.plots` from the tables the
detailed reports wrote (:mod:`nps_toolkit.report.results`), so it shows the
same numbers as they do.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["summary_charts"]


def _figure(height: float, width: float = 7.5):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def _overview(r1):
    import pandas as pd

    from nps_toolkit.plots.summary import plot_nps_overview

    fig, ax = _figure(2.2)
    plot_nps_overview(pd.DataFrame([r1["overall"]]), ax=ax)
    return fig


def _experiment(r1):
    import pandas as pd

    from nps_toolkit.plots.experiment import plot_arm_comparison

    e = r1["experiment"]
    rows = [*e["differences"], *(e["adjusted"] or [])]
    fig, ax = _figure(1.2 + 0.4 * len(rows))
    plot_arm_comparison(pd.DataFrame(rows), ax=ax)
    return fig


def _gaps(r1):
    import pandas as pd

    from nps_toolkit.plots.summary import plot_segment_gaps

    table = pd.DataFrame(r1["vs_rest"])
    fig, ax = _figure(1.2 + 0.35 * len(table), width=10.5)  # long "segment / group" labels
    plot_segment_gaps(table, ax=ax)
    return fig


def _trend(r1):
    import pandas as pd

    from nps_toolkit.plots.scores import plot_nps_trend

    table = pd.DataFrame(r1["trend"])
    fig, ax = _figure(3.0)
    plot_nps_trend(table.assign(period=pd.to_datetime(table["period"])), ax=ax)
    return fig


def _themes(r2):
    import pandas as pd

    from nps_toolkit.plots.text import plot_theme_impact

    table = pd.DataFrame(r2["themes"])
    fig, ax = _figure(1.2 + 0.35 * len(table))
    plot_theme_impact(table, ax=ax)
    return fig


def _theme_change(r2):
    import pandas as pd

    from nps_toolkit.plots.themes import plot_theme_change
    from nps_toolkit.report.comment_change import mentioned_rows

    change = r2["theme_change"]
    table = mentioned_rows(pd.DataFrame(change["table"]))
    fig, ax = _figure(1.2 + 0.32 * len(table))
    plot_theme_change(table, ax=ax)
    a, b = change["periods"]
    ax.set_title(f"Why NPS moved from {a} to {b}: contribution by theme")
    return fig


def summary_charts(results: Mapping) -> dict:
    """The summary's charts, by the heading of the section each illustrates.

    Parameters
    ----------
    results : mapping
        ``{notebook: results}`` of one run, as
        :func:`~nps_toolkit.report.results.read_results` returns them.

    Returns
    -------
    dict
        ``{section heading: [matplotlib Figure, ...]}``; a chart whose table is
        missing or empty (no dates, no segment with two groups, no comments...)
        is left out. The caller shows and closes the figures.
    """
    r1 = results.get("01-nps-overview") or {}
    r2 = results.get("02-detractor-comments") or {}
    plan = [
        ("The score", _overview, r1, r1.get("overall")),
        ("The experiment", _experiment, r1, r1.get("experiment")),
        ("Where it differs", _gaps, r1, r1.get("vs_rest")),
        ("When it changed", _trend, r1, r1.get("trend")),
        ("Why detractors are unhappy", _themes, r2, r2.get("themes")),
        ("Why detractors are unhappy", _theme_change, r2,
         (r2.get("theme_change") or {}).get("table")),
    ]  # fmt: skip
    charts: dict = {}
    for heading, draw, r, table in plan:
        if table:
            charts.setdefault(heading, []).append(draw(r))
    return charts
