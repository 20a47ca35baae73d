"""nps-toolkit: Net Promoter Score analysis for Jupyter.

The statistics core is importable from the top level::

    import nps_toolkit as nt
    nt.nps(scores)                            # NPS, SE, interval
    nt.nps_by(survey, score="score", by="channel")
    nt.nps_trend(survey, score="score", date="date", freq="MS")
    nt.nps_test(a, b)                         # is the gap real?

Loading (``read_survey``, ``load_demo``), comments (``redact_pii``, ``detractor_likeness``,
``follow_up_list``; terms and themes in ``nps_toolkit.text`` / ``.themes``) and
repeat purchase (``repeat_purchase``, ``fit_repeat_model``, ``what_if``...) are
exported here too; plots live in ``nps_toolkit.plots``. The module
``nps_toolkit.sentiment`` keeps its function ``sentiment`` (a top-level
name would hide the module).
"""

from nps_toolkit.backends import duckdb_sql
from nps_toolkit.datasets import Demo, load_botanic, load_demo, make_demo
from nps_toolkit.drivers import key_drivers
from nps_toolkit.evaluation import compare_predictors
from nps_toolkit.followup import follow_up_list
from nps_toolkit.io import (
    excluded_rows,
    quality_flags,
    quality_report,
    quality_summary,
    read_survey,
)
from nps_toolkit.models import CountModel, RepeatModel, fit_count_model, fit_repeat_model
from nps_toolkit.outcomes import repeat_purchase, repeat_rate_by
from nps_toolkit.privacy import neutralize_formulas, redact_pii, to_safe_csv, to_safe_excel
from nps_toolkit.respondents import dedupe_respondents
from nps_toolkit.scores import CATEGORIES, SCALES, classify, validate_scores
from nps_toolkit.segments import nps, nps_by, nps_trend
from nps_toolkit.sentiment import DetractorClassifier, detractor_likeness
from nps_toolkit.significance import (
    nps_changes,
    nps_sample_size,
    nps_test,
    nps_test_benchmark,
    pairwise_nps,
)
from nps_toolkit.stats import nps_from_counts
from nps_toolkit.text import detect_language, distinctive_terms, top_terms
from nps_toolkit.themes import DEFAULT_THEMES, TopicDiscovery, load_themes, tag_themes, theme_impact
from nps_toolkit.whatif import what_if

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES",
    "classify",
    "compare_predictors",
    "CountModel",
    "dedupe_respondents",
    "detect_language",
    "distinctive_terms",
    "DEFAULT_THEMES",
    "load_themes",
    "tag_themes",
    "theme_impact",
    "top_terms",
    "TopicDiscovery",
    "duckdb_sql",
    "Demo",
    "detractor_likeness",
    "DetractorClassifier",
    "excluded_rows",
    "fit_count_model",
    "fit_repeat_model",
    "follow_up_list",
    "key_drivers",
    "load_botanic",
    "load_demo",
    "make_demo",
    "neutralize_formulas",
    "nps",
    "nps_by",
    "nps_changes",
    "nps_from_counts",
    "nps_sample_size",
    "nps_test",
    "nps_test_benchmark",
    "nps_trend",
    "pairwise_nps",
    "quality_flags",
    "quality_report",
    "quality_summary",
    "read_survey",
    "redact_pii",
    "repeat_purchase",
    "repeat_rate_by",
    "RepeatModel",
    "SCALES",
    "to_safe_csv",
    "to_safe_excel",
    "validate_scores",
    "what_if",
]
