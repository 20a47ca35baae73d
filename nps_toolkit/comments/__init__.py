"""Comments: tokens and languages, distinctive terms, themes, sentiment, privacy, follow-up.

Modules: ``tokens`` (missing comments, normalising, tokens, stop words),
``segment`` (Chinese and Thai words), ``language`` (language detection),
``terms`` (distinctive and top terms; ``counting`` and ``fightin`` behind it),
``themes`` (every theme name; the code is in ``dictionary`` (packs,
``load_themes``), ``tagging`` (``tag_themes``), ``impact``, ``review``
(``theme_review``, ``theme_tone``), ``change`` (``theme_change``) and
``topics`` (``TopicDiscovery``)), ``sentiment``
(lexicon tone and the score-supervised detractor likeness), ``privacy``
(redaction, safe CSV/Excel), ``followup`` (the list of detractors to contact).
The function ``sentiment`` lives in ``nps_toolkit.comments.sentiment`` (a
package-level name would hide the module).
"""

from nps_toolkit._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        ".tokens": ["tokenize"],
        ".language": ["detect_language"],
        ".terms": ["distinctive_terms", "top_terms"],
        ".dictionary": ["DEFAULT_THEMES", "PACKS", "load_themes"],
        ".tagging": ["tag_themes"],
        ".impact": ["theme_impact"],
        ".topics": ["TopicDiscovery"],
        ".likeness": ["DetractorClassifier", "detractor_likeness"],
        ".tones": ["Tone", "tone"],
        ".privacy": [
            "find_contact_columns",
            "mask_contact_columns",
            "neutralize_formulas",
            "redact_pii",
            "to_safe_csv",
            "to_safe_excel",
        ],
        ".followup": ["export_follow_up", "follow_up_display", "follow_up_list"],
    },
)
