"""The report: running the notebooks, HTML export, results between notebooks, the CLI.

``run_report`` (module ``run``) executes the numbered notebooks with papermill
and exports offline HTML; ``nps-toolkit report`` (module ``cli``) is its command.
"""

from nps_toolkit._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        ".run": [
            "NOTEBOOKS",
            "NotebookError",
            "ReportError",
            "export_html",
            "external_resources",
            "find_notebooks",
            "load_survey",
            "md_escape",
            "notebook_problems",
            "notebooks_dir",
            "run_notebook",
            "run_report",
            "write_index",
        ],
        ".parameters": ["default_parameters", "parameters_cell", "resolve_data_path"],
        ".results": ["read_results", "write_results"],
        ".cli": ["build_parser", "main", "parameters_from_args"],
    },
)
