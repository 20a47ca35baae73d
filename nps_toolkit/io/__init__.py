"""Reading surveys and orders, the row account, platform layouts, respondents.

``read_survey`` (module ``read``) reads a survey export and keeps an account of
every row (kept, or excluded with a reason: ``quality_report``,
``excluded_rows``); ``read_orders`` (``orders``) reads the orders file.
The other modules are its steps: ``records`` (bytes to rows), ``platforms``
(SurveyMonkey, Qualtrics, Typeform... layouts), ``columns`` (column-wise
checks), ``frame`` (building the table), ``account`` and ``quality`` (the row
account), ``binary`` (Excel, Parquet), ``respondents`` (repeat respondents).
"""

from nps_toolkit._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        ".read": [
            "SurveyAccount",
            "excluded_rows",
            "quality_flags",
            "quality_report",
            "quality_summary",
            "read_survey",
        ],
        ".orders": ["read_orders"],
        ".respondents": ["dedupe_respondents", "respondents_in_several"],
    },
)
