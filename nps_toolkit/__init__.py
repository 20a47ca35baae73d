"""nps-toolkit: Net Promoter Score analysis for Jupyter.

The statistics core is importable from the top level::

    import nps_toolkit as nt
    nt.nps(scores)                            # NPS, SE, interval
    nt.nps_by(survey, score="score", by="channel")
    nt.nps_trend(survey, score="score", date="date", freq="MS")
    nt.nps_test(a, b)                         # is the gap real?

Every public name of the subpackages ``score``, ``io``, ``comments``, ``repeat``
and ``datasets`` is exported here too (loading: ``read_survey``, ``load_demo``;
comments: ``tag_themes``, ``tone``, ``redact_pii``, ``follow_up_list``...; repeat
purchase: ``repeat_purchase``, ``fit_repeat_model``, ``what_if``...), with the
named results they return (``KeyDrivers``, ``PredictorComparison``,
``FollowUpList``...), and ``run_report``. Not here, on purpose: the test
thresholds ``MIN_N``/``MIN_N_ONE_SAMPLE`` (``nps_toolkit.score``), the demo's
theme keys ``THEMES`` (``nps_toolkit.datasets``, easily mistaken for a theme
pack), the report's building blocks (``nps_toolkit.report``), the plots
(``nps_toolkit.plots``) and the function ``sentiment``
(``nps_toolkit.comments.sentiment``: a top-level name would hide the module).
"""

import importlib

from nps_toolkit import _moved
from nps_toolkit._lazy import lazy_exports

_moved.install()

# The subpackages whose public names (``__all__``) are all exported here.
_SUBPACKAGES = ("score", "io", "comments", "repeat", "datasets")
# Public in their subpackage, deliberately not top-level (see above).
_NOT_TOP_LEVEL = frozenset({"MIN_N", "MIN_N_ONE_SAMPLE", "THEMES"})
# Also exported: the report's entry.
_MORE = {"nps_toolkit.report.run": ["run_report"]}

# Public name -> subpackage (or module) that gives it, imported on first use (PEP 562)
# so `import nps_toolkit` stays cheap: a report kernel that needs nps() does not pay
# for statsmodels, scikit-learn or DuckDB. The subpackages' __init__ modules only
# declare their own lazy names, so reading their __all__ here costs nothing; the
# lists are written once, in each subpackage.
__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        **{
            f"nps_toolkit.{package}": [
                name
                for name in importlib.import_module(f"nps_toolkit.{package}").__all__
                if name not in _NOT_TOP_LEVEL
            ]
            for package in _SUBPACKAGES
        },
        **_MORE,
    },
)

__version__ = "0.1.0"
