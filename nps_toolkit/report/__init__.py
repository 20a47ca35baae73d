"""The report: running the notebooks, HTML export, results between notebooks, the CLI.

``run_report`` (module ``run``) executes the numbered notebooks (module
``notebook``), exports offline HTML (module ``html``) into a safe output folder
(module ``output``), sharing one read of the survey (module ``cache``);
``nps-toolkit report`` (module ``cli``) is its command and ``parameters``
declares the parameters once.
"""

from nps_toolkit._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        ".run": ["Entry", "ReportResult", "run_report"],
        ".errors": ["NotebookError", "ReportError"],
        ".notebook": [
            "NOTEBOOKS",
            "TITLES",
            "find_notebooks",
            "notebook_problems",
            "notebooks_dir",
            "run_notebook",
        ],
        ".html": ["export_html", "external_resources", "md_escape", "write_index"],
        ".cache": ["load_survey"],
        ".output": ["OutputFolder", "new_run_id", "run_folder"],
        ".parameters": [
            "PARAMETERS",
            "Parameter",
            "default_parameters",
            "parameters_cell",
            "resolve_data_path",
        ],
        ".results": ["SCHEMAS", "SCHEMA_VERSION", "ResultsError", "read_results", "write_results"],
        ".summary": ["Section", "Skipped", "Summary", "executive_summary"],
        ".summary_charts": ["summary_charts"],
        ".experiment_section": [
            "check_compare_column",
            "experiment_blocks",
            "experiment_results",
            "experiment_sentences",
        ],
        ".page": ["page_table", "title_heading"],
        ".loading": ["ReportSurvey", "load_report_survey"],
        ".prepare": ["check_columns", "prepare_parameters"],
        ".tables": ["format_list", "label_missing", "style_table"],
        ".table_parts": ["fit_columns"],
        ".comment_insights": ["ToneSection", "tone_section"],
        ".comment_review": ["ReviewSection", "theme_review_section"],
        ".comment_change": ["ChangeSection", "complete_periods", "theme_change_section"],
        ".cli": ["build_parser", "main", "parameters_from_args"],
    },
)
