"""Command line: ``nps-toolkit report`` (also ``python -m nps_toolkit report``).

Runs the analysis notebooks on a survey and writes HTML reports::

    nps-toolkit report --demo --out reports
    nps-toolkit report --data survey.csv --score nps --comment why --date created \\
        --segments channel,region --orders orders.csv --out reports
    nps-toolkit report --data data/botanic_nps_fr/nps_original_cp1252.csv --score nps \\
        --comment explication --respondent id --scale 1-10 --outcome NbPassageKS \\
        --drivers satisfaction,intention --out reports/botanic

The survey is read once before any notebook starts: a column named in
``--segments``, ``--drivers`` or ``--compare`` that is not in it stops the run at
once (with the closest column name), and the score, comment and date columns
that :func:`nps_toolkit.io.read_survey` finds by itself are passed on to every
notebook (:mod:`nps_toolkit.report.prepare`). Errors name the flags (``--comment``).

Exit status: 0 when every report was written, 1 when a notebook failed or the
data could not be used (the message names the notebook, the cell and the
executed notebook with the traceback), 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

__all__ = ["build_parser", "default_title", "main", "parameters_from_args"]

from nps_toolkit.report.parameters import PARAMETERS, default_parameters, resolve_data_path

_GROUPS = ("data", "repeat purchase", "analysis and output")


def _columns(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def _add_parameter(group, p) -> None:
    """One option of the ``report`` command, from a parameter's declaration."""
    dest, help = p.name, p.cli_help or p.help
    if p.flag == "--no-redact":
        group.add_argument(p.flag, dest=dest, action="store_false", default=None, help=help)
    elif p.type == "bool | None":
        group.add_argument(p.flag, dest=dest, action="store_true", default=None, help=help)
    else:
        group.add_argument(p.flag, dest=dest, metavar=p.metavar, type=p.parse, help=help)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``nps-toolkit``: one option per declared parameter.

    The options come from :data:`nps_toolkit.report.parameters.PARAMETERS` (flag,
    help, type check); ``--demo``, ``--out``, ``--only``, ``--jobs``, ``--show-code``
    and ``--quiet`` control the run itself.
    """
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
    groups = {name: rep.add_argument_group(name) for name in _GROUPS}
    which = groups["data"].add_mutually_exclusive_group(required=True)
    which.add_argument("--demo", action="store_true", help="use the bundled demo data")
    for p in PARAMETERS:
        if p.flag is None:
            continue
        _add_parameter(which if p.name == "data_path" else groups[p.group], p)
    ana = groups["analysis and output"]
    ana.add_argument("--show-code", action="store_true", help="keep the code in the HTML")
    ana.add_argument(
        "--only", metavar="01,03", type=_columns, help="run only these notebooks (by number)"
    )
    ana.add_argument(
        "--out",
        metavar="DIR",
        default="reports",
        help="output folder (reports); files the kit did not write there are never touched",
    )
    ana.add_argument(
        "--jobs",
        type=int,
        default=2,
        metavar="N",
        help="notebooks run side by side (default 2; the summary always runs last)",
    )
    ana.add_argument("--quiet", action="store_true", help="no progress bars")
    return parser


def default_title(data_path) -> str:
    """The survey's name in the reports when ``--title`` is not given: from its file name.

    The file name as the user knows it (with its extension, so it reads as a
    file, not as a survey's real name) after "NPS survey from", for example
    ``"NPS survey from nps_original_cp1252.csv"``; the heading of each page
    says which survey it is about even before someone chooses a title.

    Examples
    --------
    >>> default_title("data/botanic_nps_fr/nps_original_cp1252.csv")
    'NPS survey from nps_original_cp1252.csv'
    """
    return f"NPS survey from {Path(data_path).name}"


def parameters_from_args(args: argparse.Namespace) -> dict:
    """Notebook parameters from parsed ``report`` arguments.

    ``--demo`` starts from :func:`nps_toolkit.report.default_parameters`;
    ``--data`` starts from each parameter's ``with_data`` value (columns not given
    are found by :func:`nps_toolkit.io.read_survey` where it can, or the section
    is skipped with a sentence saying why). Options given on the command line
    override either.

    Examples
    --------
    >>> args = build_parser().parse_args(
    ...     ["report", "--data", "s.csv", "--score", "nps", "--scale", "1-10", "--out", "x"]
    ... )
    >>> p = parameters_from_args(args)
    >>> p["data_path"], p["score"], p["scale"], p["orders_path"], p["themes"]
    ('s.csv', 'nps', [1, 10], None, None)
    """
    if args.demo:
        params = default_parameters()
    else:
        params = {
            p.name: list(p.with_data) if isinstance(p.with_data, list) else p.with_data
            for p in PARAMETERS
        }
        params["out_dir"] = default_parameters()["out_dir"]
        params["title"] = default_title(args.data_path)
    overrides = {p.name: getattr(args, p.name) for p in PARAMETERS if p.flag is not None}
    params.update({k: v for k, v in overrides.items() if v is not None})
    if args.orders_path and not args.demo:
        params["customer"] = params["customer"] or args.respondent or "customer_id"
        params["order_date"] = params["order_date"] or "order_date"
    return params


def _check_files(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    for flag, value in (("--data", args.data_path), ("--orders", args.orders_path)):
        if value is not None and not Path(value).is_file():
            parser.error(f"{flag} {value}: no such file (check the path; it is read as given)")
    if args.min_n is not None and args.min_n < 1:
        parser.error(f"--min-n {args.min_n}: give a positive number of respondents, e.g. 30")


def _flags_in(message: str) -> str:
    """A run's error worded for the command: ``comment=`` becomes ``--comment``, except
    in the line quoting the failed cell's code (``notebook ... failed at cell ...``)."""
    from nps_toolkit.report.prepare import command_wording

    return "\n".join(
        line if re.match(r"notebook \S+ failed at cell", line) else command_wording(line)
        for line in message.split("\n")
    )


def main(argv=None) -> int:
    """Entry point of ``nps-toolkit``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "report":
        _check_files(parser, args)
        from nps_toolkit.report.prepare import prepare_parameters
        from nps_toolkit.report.run import ReportError, find_notebooks, run_report

        params = parameters_from_args(args)
        # Relative paths are read from where the command was run, not from the notebooks.
        for key, kind in (("data_path", "survey"), ("orders_path", "orders")):
            if params.get(key):
                params[key] = str(Path(resolve_data_path(params[key], kind)).resolve())
        try:  # read once, before any kernel starts: column typos, columns found by read_survey
            find_notebooks(args.only)
            given, params = params, prepare_parameters(params, command=True)
        except (ReportError, ValueError, OSError) as exc:  # --only, the survey, a column typo
            print(f"nps-toolkit report: error: {exc}", file=sys.stderr)
            return 1
        for name in ("score", "comment", "date"):
            if given.get(name) is None and params.get(name) is not None:
                print(f"Found the {name} column {params[name]!r} (choose another with --{name}).")
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
            print(f"nps-toolkit report: error: {_flags_in(str(exc))}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:  # run_report has cleaned up and said what was kept
            if argv is None:  # the command itself: leave now, not after library clean-ups
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(130)
            return 130
        print(f"Reports written to {result.out}; open {result.index}")
        return 0
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
