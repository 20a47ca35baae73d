"""nps-toolkit: Net Promoter Score analysis for Jupyter.

The statistics core is importable from the top level::

    import nps_toolkit as nt
    nt.nps(scores)                            # NPS, SE, interval
    nt.nps_by(survey, score="score", by="channel")
    nt.nps_trend(survey, score="score", date="date", freq="MS")
    nt.nps_test(a, b)                         # is the gap real?

Text, models, loading and plotting helpers live in their modules
(``nps_toolkit.io``, ``.text``, ``.themes``, ``.sentiment``, ``.models``, ``.plots``...).
"""

from nps_toolkit.respondents import dedupe_respondents
from nps_toolkit.scores import CATEGORIES, SCALES, classify, validate_scores
from nps_toolkit.segments import nps, nps_by, nps_trend
from nps_toolkit.significance import (
    nps_changes,
    nps_sample_size,
    nps_test,
    nps_test_benchmark,
    pairwise_nps,
)
from nps_toolkit.stats import nps_from_counts

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES",
    "SCALES",
    "classify",
    "dedupe_respondents",
    "nps",
    "nps_by",
    "nps_changes",
    "nps_from_counts",
    "nps_sample_size",
    "nps_test",
    "nps_test_benchmark",
    "nps_trend",
    "pairwise_nps",
    "validate_scores",
]
