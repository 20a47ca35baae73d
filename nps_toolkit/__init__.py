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

from nps_toolkit import _moved
from nps_toolkit._lazy import lazy_exports

_moved.install()

# Public name -> module that defines it, imported on first use (PEP 562) so
# `import nps_toolkit` stays cheap: a report kernel that needs nps() does not pay
# for statsmodels, scikit-learn or DuckDB.
__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "nps_toolkit.comments.followup": ["FollowUpList", "follow_up_list"],
        "nps_toolkit.comments.followup_export": [
            "FollowUpExport",
            "export_follow_up",
            "follow_up_display",
        ],
        "nps_toolkit.comments.tokens": ["tokenize"],
        "nps_toolkit.comments.contacts": ["find_contact_columns", "mask_contact_columns"],
        "nps_toolkit.comments.language": ["detect_language"],
        "nps_toolkit.comments.privacy": ["redact_pii"],
        "nps_toolkit.comments.safe_export": ["neutralize_formulas", "to_safe_csv", "to_safe_excel"],
        "nps_toolkit.comments.likeness": [
            "DetractorClassifier",
            "DetractorLikeness",
            "detractor_likeness",
        ],
        "nps_toolkit.comments.tones": ["Tone", "tone"],
        "nps_toolkit.comments.terms": ["distinctive_terms", "top_terms"],
        "nps_toolkit.comments.change": ["theme_change"],
        "nps_toolkit.comments.dictionary": ["DEFAULT_THEMES", "PACKS", "load_themes"],
        "nps_toolkit.comments.impact": ["theme_impact"],
        "nps_toolkit.comments.review": ["ThemeReview", "theme_review", "theme_tone"],
        "nps_toolkit.comments.tagging": ["matching_languages", "tag_themes"],
        "nps_toolkit.comments.topics": ["TopicDiscovery"],
        "nps_toolkit.datasets.demo": [
            "Demo",
            "demo_truth",
            "load_botanic",
            "load_demo",
            "make_demo",
        ],
        "nps_toolkit.datasets.truth": ["TRUTH"],
        "nps_toolkit.io.orders": ["read_orders"],
        "nps_toolkit.io.read": [
            "SurveyAccount",
            "excluded_rows",
            "quality_flags",
            "quality_report",
            "quality_summary",
            "read_survey",
        ],
        "nps_toolkit.io.respondents": ["dedupe_respondents", "respondents_in_several"],
        "nps_toolkit.repeat.evaluation": ["compare_predictors"],
        "nps_toolkit.repeat.models": [
            "CountModel",
            "RepeatModel",
            "fit_count_model",
            "fit_repeat_model",
        ],
        "nps_toolkit.repeat.metrics": ["delong", "top_decile_lift"],
        "nps_toolkit.repeat.outcomes": ["repeat_purchase", "repeat_rate_by", "wilson_interval"],
        "nps_toolkit.repeat.results": ["PredictorComparison", "RepeatPurchase", "RepeatRates"],
        "nps_toolkit.repeat.whatif": ["what_if"],
        "nps_toolkit.score.drivers": ["driver_priority", "key_drivers"],
        "nps_toolkit.score.driver_results": ["DriverPriority", "KeyDrivers"],
        "nps_toolkit.score.engines": ["duckdb_sql"],
        "nps_toolkit.score.estimate": ["nps", "nps_by"],
        "nps_toolkit.score.trend": ["nps_trend"],
        "nps_toolkit.score.experiment": [
            "ArmComparison",
            "compare_arms",
            "describe_arm_difference",
        ],
        "nps_toolkit.score.power": ["nps_power", "nps_sample_size"],
        "nps_toolkit.score.scales": ["CATEGORIES", "SCALES", "classify", "validate_scores"],
        "nps_toolkit.score.survey_scale": ["decide_scale"],
        "nps_toolkit.score.significance": ["nps_test", "nps_test_benchmark"],
        "nps_toolkit.score.pairwise": ["nps_vs_rest", "pairwise_nps"],
        "nps_toolkit.score.changes": ["nps_changes"],
        "nps_toolkit.score.stats": ["nps_from_counts"],
        "nps_toolkit.report.run": ["run_report"],
    },
)

__version__ = "0.1.0"
