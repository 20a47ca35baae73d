"""Reading surveys and orders, the row account, platform layouts, respondents.

``read_survey`` (module ``read``) reads a survey export and keeps an account of
every row (kept, or excluded with a reason: ``quality_report``,
``excluded_rows``); ``read_orders`` (``orders``) reads the orders file.
The other modules are its steps, one concern each:

- bytes to records: ``readfile`` (``read_records``, the entry), ``textfile``
  (format, encoding, delimiter), ``fastcsv`` (the pyarrow path), ``records``
  (the ``Records`` table and the careful ``csv``-module path), ``binary``
  (Excel, Parquet);
- the table: ``platforms`` (SurveyMonkey, Qualtrics, Typeform... layouts and
  column names), ``frame`` (columns named or found, the result table),
  ``rows`` (every row's decision), ``dates``, ``columns`` (cell checks:
  missing, mojibake, formulas, typing), ``screens`` (byte screens that
  narrow those checks down), ``arrowtext`` (pyarrow-backed text columns);
- the row account: ``account`` (exclusion reasons and decisions) and
  ``quality`` (``SurveyAccount`` and its tables);
- ``respondents`` (repeat respondents, for any DataFrame).
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
