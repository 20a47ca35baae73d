"""Comments: tokens and languages, distinctive terms, themes, sentiment, privacy, follow-up.

Modules: ``tokens`` (missing comments, normalising, tokens, stop words),
``segment`` (Chinese and Thai words), ``language`` (language detection),
``terms`` (distinctive and top terms; ``counting`` and ``fightin`` behind it),
``themes`` (every theme name; the code is in ``dictionary`` (packs,
``load_themes``), ``tagging`` (``tag_themes``), ``impact``, ``review``
(``theme_review``, ``theme_tone``), ``change`` (``theme_change``) and
``topics`` (``TopicDiscovery``)), ``sentiment``
(English lexicon tone; ``lexicon``, ``likeness`` (the score-supervised detractor
likeness), ``validation`` and ``inputs`` behind it), ``tones`` (``tone``: every
comment in any language, labelled by source; ``auc`` for its AUC interval), ``privacy``
(redaction; ``pii_patterns`` behind it), ``contacts`` (contact columns, HTML
tables), ``safe_export`` (formula-safe CSV/Excel), ``followup`` (the list of detractors to contact; ``followup_export`` shows and
writes it).
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
        ".tagging": ["matching_languages", "tag_themes"],
        ".impact": ["theme_impact"],
        ".review": ["ThemeReview", "theme_review", "theme_tone"],
        ".change": ["theme_change"],
        ".topics": ["TopicDiscovery"],
        ".likeness": ["DetractorClassifier", "DetractorLikeness", "detractor_likeness"],
        ".tones": ["Tone", "tone"],
        ".privacy": ["redact_pii"],
        ".contacts": ["find_contact_columns", "mask_contact_columns"],
        ".safe_export": ["neutralize_formulas", "to_safe_csv", "to_safe_excel"],
        ".followup": ["FollowUpList", "follow_up_list"],
        ".followup_export": ["FollowUpExport", "export_follow_up", "follow_up_display"],
    },
)
