"""Command line: ``nps-toolkit report`` (also ``python -m nps_toolkit report``).

Runs the analysis notebooks on a survey and writes HTML reports::

    nps-toolkit report --demo --out reports
    nps-toolkit report --data survey.csv --score nps --comment why --date created \\
        --segments channel,region --orders orders.csv --out reports
    nps-toolkit report --data data/botanic_nps_fr/nps_original_cp1252.csv --score nps \\
        --comment explication --respondent id --scale 1-10 --outcome NbPassageKS \\
        --drivers satisfaction,intention --out reports/botanic

Exit status: 0 when every report was written, 1 when a notebook failed or the
data could not be used (the message names the notebook, the cell and the
executed notebook with the traceback), 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

__all__ = ["build_parser", "main", "parameters_from_args"]

# Notebook parameters set by the ``report`` option of the same name.
_SAME_NAME = (
    *("score", "comment", "date", "respondent", "segments", "scale", "drivers", "customer"),
    *("order_date", "amount", "outcome", "window", "benchmark", "freq", "language", "min_n"),
    "title",
    *("sheet", "header_row", "dayfirst"),
)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a row number, 1 for the first line")
    return value


def _columns(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def _scale(text: str) -> list[int]:
    parts = text.replace("..", "-").split("-")
    try:
        low, high = (int(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--scale {text!r}: write the lowest and highest possible score as LOW-HIGH, "
            "e.g. --scale 0-10 or --scale 1-10"
        ) from None
    if low >= high:
        raise argparse.ArgumentTypeError(f"--scale {text!r}: LOW must be below HIGH, e.g. 1-10")
    return [low, high]


def _benchmark(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not -100 <= value <= 100:
        raise argparse.ArgumentTypeError(
            f"--benchmark {text!r}: give the benchmark NPS as a number between -100 and 100, "
            "e.g. --benchmark 35"
        )
    return value


def _window(text: str) -> str:
    import pandas as pd

    try:
        delta = pd.Timedelta(text)
    except ValueError:
        delta = None
    if delta is None or delta <= pd.Timedelta(0):
        raise argparse.ArgumentTypeError(
            f"--window {text!r}: give a positive length such as 180D, 90D or 26W"
        )
    return text


def _freq(text: str) -> str:
    from pandas.tseries.frequencies import to_offset

    try:
        to_offset(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--freq {text!r}: give a pandas frequency such as MS (month), QS (quarter), W (week)"
        ) from None
    return text


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``nps-toolkit``."""
    parser = argparse.ArgumentParser(
        prog="nps-toolkit",
        description="Net Promoter Score analysis: run the report notebooks and export HTML.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    rep = sub.add_parser(
        "report",
        help="run the analysis notebooks on a survey and write HTML reports",
        description=(
            "Run the analysis notebooks on a survey (or the bundled demo data with --demo), "
            "keep the executed notebooks in OUT/executed and write OUT/*.html with an "
            "OUT/index.html linking them."
        ),
    )
    src = rep.add_argument_group("data")
    which = src.add_mutually_exclusive_group(required=True)
    which.add_argument("--demo", action="store_true", help="use the bundled demo data")
    which.add_argument("--data", metavar="FILE", help="survey file (CSV, TSV, Excel, Parquet)")
    src.add_argument("--score", metavar="COL", help="likelihood-to-recommend column")
    src.add_argument("--comment", metavar="COL", help="free-text comment column")
    src.add_argument("--date", metavar="COL", help="response date column")
    src.add_argument("--respondent", metavar="COL", help="respondent / customer id column")
    src.add_argument(
        "--segments", metavar="A,B", type=_columns, help="segment columns, comma-separated"
    )
    src.add_argument(
        "--scale",
        metavar="LOW-HIGH",
        type=_scale,
        help="score scale, e.g. 1-10 (default: decided from the whole score column)",
    )
    src.add_argument("--drivers", metavar="A,B", type=_columns, help="attribute rating columns")
    src.add_argument(
        "--sheet",
        metavar="NAME",
        help="Excel sheet to read (name, or 0-based index; default first)",
    )
    src.add_argument(
        "--header-row",
        type=_positive,
        metavar="N",
        help="row number of the column names as a spreadsheet shows it (titles above it)",
    )
    src.add_argument(
        "--dayfirst",
        action="store_true",
        default=None,
        help="read slash dates such as 03/04/2024 as day/month (default: decided from the data)",
    )
    out = rep.add_argument_group("repeat purchase")
    out.add_argument("--orders", metavar="FILE", help="orders file (one row per order)")
    out.add_argument("--customer", metavar="COL", help="customer id column in both files")
    out.add_argument("--order-date", metavar="COL", help="order date column of the orders file")
    out.add_argument("--amount", metavar="COL", help="order value column of the orders file")
    out.add_argument(
        "--outcome",
        metavar="COL",
        help="repeat outcome already in the survey (e.g. a count of visits), used without --orders",
    )
    out.add_argument(
        "--window", metavar="LENGTH", type=_window, help="repeat-purchase window (default 180D)"
    )
    ana = rep.add_argument_group("analysis and output")
    ana.add_argument(
        "--benchmark", metavar="NPS", type=_benchmark, help="benchmark NPS to compare with"
    )
    ana.add_argument("--freq", metavar="FREQ", type=_freq, help="trend period (default MS)")
    ana.add_argument(
        "--language", metavar="CODE", help="language of the comments (default: detect per comment)"
    )
    ana.add_argument("--min-n", type=int, metavar="N", help="small-sample flag below N (30)")
    ana.add_argument("--title", help="name of the survey shown in the reports")
    ana.add_argument("--show-code", action="store_true", help="keep the code in the HTML")
    ana.add_argument(
        "--no-redact",
        action="store_true",
        help="show emails/phone numbers in comments (internal use only)",
    )
    ana.add_argument(
        "--only", metavar="01,03", type=_columns, help="run only these notebooks (by number)"
    )
    ana.add_argument("--out", metavar="DIR", default="reports", help="output folder (reports)")
    ana.add_argument(
        "--jobs",
        type=int,
        default=2,
        metavar="N",
        help="notebooks run side by side (default 2; the summary always runs last)",
    )
    ana.add_argument("--quiet", action="store_true", help="no progress bars")
    return parser


def parameters_from_args(args: argparse.Namespace) -> dict:
    """Notebook parameters from parsed ``report`` arguments.

    ``--demo`` starts from :func:`nps_toolkit.report.default_parameters`;
    ``--data`` starts from nothing but the file (columns not given are found
    by :func:`nps_toolkit.io.read_survey` where it can, or the section is
    skipped with a sentence saying why). Options given on the command line
    override either.

    Examples
    --------
    >>> args = build_parser().parse_args(
    ...     ["report", "--data", "s.csv", "--score", "nps", "--scale", "1-10", "--out", "x"]
    ... )
    >>> p = parameters_from_args(args)
    >>> p["data_path"], p["score"], p["scale"], p["orders_path"]
    ('s.csv', 'nps', [1, 10], None)
    """
    from nps_toolkit.report.run import default_parameters

    if args.demo:
        params = default_parameters()
    else:
        params = dict.fromkeys(default_parameters())
        params.update(
            {
                "data_path": args.data,
                "segments": [],
                "drivers": [],
                "scale": None,  # decided once from the whole score column by read_survey
                "window": "180D",
                "freq": "MS",
                "min_n": 30,
                "redact": True,
                "title": Path(args.data).stem,
            }
        )
    overrides = {key: getattr(args, key) for key in _SAME_NAME}
    overrides["orders_path"] = args.orders
    params.update({k: v for k, v in overrides.items() if v is not None})
    if args.orders and not args.demo:
        params["customer"] = params["customer"] or args.respondent or "customer_id"
        params["order_date"] = params["order_date"] or "order_date"
    if args.no_redact:
        params["redact"] = False
    return params


def _check_files(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    for flag, value in (("--data", args.data), ("--orders", args.orders)):
        if value is not None and not Path(value).is_file():
            parser.error(f"{flag} {value}: no such file (check the path; it is read as given)")
    if args.min_n is not None and args.min_n < 1:
        parser.error(f"--min-n {args.min_n}: give a positive number of respondents, e.g. 30")


def main(argv=None) -> int:
    """Entry point of ``nps-toolkit``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "report":
        _check_files(parser, args)
        from nps_toolkit.report.run import ReportError, run_report

        params = parameters_from_args(args)
        # Relative paths are read from where the command was run, not from the notebooks.
        for key in ("data_path", "orders_path"):
            if params.get(key):
                params[key] = str(Path(params[key]).resolve())
        try:
            result = run_report(
                params,
                args.out,
                only=args.only,
                show_code=args.show_code,
                progress=not args.quiet,
                jobs=max(1, args.jobs),
            )
        except ReportError as exc:
            print(f"nps-toolkit report: error: {exc}", file=sys.stderr)
            return 1
        print(f"Reports written to {result.out}; open {result.index}")
        return 0
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
