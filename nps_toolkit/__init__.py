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

import importlib

# Public name -> module that defines it. Imported on first use (PEP 562), so
# `import nps_toolkit` stays cheap: a report kernel that needs nps() does not pay
# for statsmodels, scikit-learn or DuckDB.
_EXPORTS = {
    "duckdb_sql": "nps_toolkit.backends",
    "Demo": "nps_toolkit.datasets",
    "load_botanic": "nps_toolkit.datasets",
    "load_demo": "nps_toolkit.datasets",
    "make_demo": "nps_toolkit.datasets",
    "driver_priority": "nps_toolkit.drivers",
    "key_drivers": "nps_toolkit.drivers",
    "compare_predictors": "nps_toolkit.evaluation",
    "export_follow_up": "nps_toolkit.followup",
    "follow_up_display": "nps_toolkit.followup",
    "follow_up_list": "nps_toolkit.followup",
    "excluded_rows": "nps_toolkit.io",
    "quality_flags": "nps_toolkit.io",
    "quality_report": "nps_toolkit.io",
    "quality_summary": "nps_toolkit.io",
    "read_survey": "nps_toolkit.io",
    "read_orders": "nps_toolkit.io_orders",
    "CountModel": "nps_toolkit.models",
    "RepeatModel": "nps_toolkit.models",
    "fit_count_model": "nps_toolkit.models",
    "fit_repeat_model": "nps_toolkit.models",
    "repeat_purchase": "nps_toolkit.outcomes",
    "repeat_rate_by": "nps_toolkit.outcomes",
    "nps_power": "nps_toolkit.power",
    "nps_sample_size": "nps_toolkit.power",
    "find_contact_columns": "nps_toolkit.privacy",
    "mask_contact_columns": "nps_toolkit.privacy",
    "neutralize_formulas": "nps_toolkit.privacy",
    "redact_pii": "nps_toolkit.privacy",
    "to_safe_csv": "nps_toolkit.privacy",
    "to_safe_excel": "nps_toolkit.privacy",
    "dedupe_respondents": "nps_toolkit.respondents",
    "respondents_in_several": "nps_toolkit.respondents",
    "CATEGORIES": "nps_toolkit.scores",
    "SCALES": "nps_toolkit.scores",
    "classify": "nps_toolkit.scores",
    "validate_scores": "nps_toolkit.scores",
    "nps": "nps_toolkit.segments",
    "nps_by": "nps_toolkit.segments",
    "nps_trend": "nps_toolkit.segments",
    "DetractorClassifier": "nps_toolkit.sentiment",
    "detractor_likeness": "nps_toolkit.sentiment",
    "nps_changes": "nps_toolkit.significance",
    "nps_test": "nps_toolkit.significance",
    "nps_test_benchmark": "nps_toolkit.significance",
    "nps_vs_rest": "nps_toolkit.significance",
    "pairwise_nps": "nps_toolkit.significance",
    "nps_from_counts": "nps_toolkit.stats",
    "detect_language": "nps_toolkit.text",
    "distinctive_terms": "nps_toolkit.text",
    "top_terms": "nps_toolkit.text",
    "DEFAULT_THEMES": "nps_toolkit.themes",
    "TopicDiscovery": "nps_toolkit.themes",
    "load_themes": "nps_toolkit.themes",
    "tag_themes": "nps_toolkit.themes",
    "theme_impact": "nps_toolkit.themes",
    "what_if": "nps_toolkit.whatif",
}

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES",
    "classify",
    "compare_predictors",
    "CountModel",
    "dedupe_respondents",
    "DEFAULT_THEMES",
    "Demo",
    "detect_language",
    "detractor_likeness",
    "DetractorClassifier",
    "distinctive_terms",
    "driver_priority",
    "duckdb_sql",
    "excluded_rows",
    "export_follow_up",
    "find_contact_columns",
    "fit_count_model",
    "fit_repeat_model",
    "follow_up_display",
    "follow_up_list",
    "key_drivers",
    "load_botanic",
    "load_demo",
    "load_themes",
    "make_demo",
    "mask_contact_columns",
    "neutralize_formulas",
    "nps",
    "nps_by",
    "nps_changes",
    "nps_from_counts",
    "nps_power",
    "nps_sample_size",
    "nps_test",
    "nps_test_benchmark",
    "nps_trend",
    "nps_vs_rest",
    "pairwise_nps",
    "quality_flags",
    "quality_report",
    "quality_summary",
    "read_orders",
    "read_survey",
    "redact_pii",
    "repeat_purchase",
    "repeat_rate_by",
    "RepeatModel",
    "respondents_in_several",
    "SCALES",
    "tag_themes",
    "theme_impact",
    "to_safe_csv",
    "to_safe_excel",
    "top_terms",
    "TopicDiscovery",
    "validate_scores",
    "what_if",
]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nps_toolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # cache: later look-ups skip __getattr__
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
