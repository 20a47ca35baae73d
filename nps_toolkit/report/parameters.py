"""The report's parameters, declared once.

:data:`PARAMETERS` holds each parameter's name, type, default (a literal, the
value the notebooks run with on the bundled demo data), help text and
command-line flag. Everything else derives from it:

* :func:`default_parameters`: the defaults as a dict;
* :func:`parameters_cell`: the exact text of every notebook's ``parameters``
  cell (``tests/test_notebooks.py`` checks each notebook against it);
* the ``nps-toolkit report`` options (:func:`nps_toolkit.report.cli.build_parser`
  adds one option per parameter that has a ``flag``).

``data_path = "demo"`` and ``orders_path = "demo"`` name the bundled demo files;
:func:`resolve_data_path` turns them into real paths.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "PARAMETERS",
    "Parameter",
    "default_parameters",
    "parameters_cell",
    "resolve_data_path",
]


@dataclass(frozen=True)
class Parameter:
    """One report parameter.

    Attributes
    ----------
    name : str
        Variable name in the notebooks.
    type : str
        Its type, as written in the docs (``"str | None"``, ``"list[str]"``...).
    default : object
        Literal default (demo data). Lists are copied by :func:`default_parameters`.
    help : str
        One-line help: the comment in the parameters cell and the CLI help.
    flag : str or None
        Command-line option (``None``: not set from the command line).
    metavar : str or None
        The option's value placeholder in ``--help``.
    parse : callable or None
        ``argparse`` type of the option (checks and converts the text).
    group : str
        ``--help`` section: ``"data"``, ``"repeat purchase"`` or ``"analysis and output"``.
    cli_help : str or None
        The option's ``--help`` text when it is not ``help`` (e.g. ``--no-redact``).
    with_data : object
        The value when a survey is given with ``--data`` instead of ``--demo`` and the
        option is not on the command line (``None``: unset, found from the data or skipped).
    """

    name: str
    type: str
    default: object
    help: str
    flag: str | None = None
    metavar: str | None = None
    parse: Callable | None = field(default=None, compare=False)
    group: str = "data"
    with_data: object = None
    cli_help: str | None = None


def _columns(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def _positive(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a row number, 1 for the first line")
    return value


def _count(text: str) -> int:
    import argparse

    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number, e.g. 30") from None


def _epv(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(
            f"--min-epv {text!r}: give a number of events per model term, e.g. 10 (0: keep every control)"
        )
    return value


def _scale(text: str) -> list[int]:
    import argparse

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
    import argparse
    import math

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
    import argparse

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
    import argparse

    from pandas.tseries.frequencies import to_offset

    try:
        to_offset(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--freq {text!r}: give a pandas frequency such as MS (month), QS (quarter), W (week)"
        ) from None
    return text


_DRIVERS = ["rating_delivery", "rating_price", "rating_support", "rating_product", "rating_website"]
_P = Parameter
_REPEAT, _ANALYSIS = "repeat purchase", "analysis and output"

# fmt: off
#: Every report parameter, in the order of the notebooks' parameters cell.
PARAMETERS: tuple[Parameter, ...] = (
    _P("data_path", "str", "demo", 'survey file (CSV, TSV, Excel, Parquet; "demo": the demo data)', "--data", "FILE"),
    _P("score", "str | None", "score", "likelihood-to-recommend column (None: found by read_survey)", "--score", "COL"),
    _P("comment", "str | None", "comment", '"why this score" free text (None: no text sections)', "--comment", "COL"),
    _P("date", "str | None", "date", "response date (None: time-based sections are skipped)", "--date", "COL"),
    _P("respondent", "str | None", "customer_id", "respondent / customer id column (None: none)", "--respondent", "COL"),
    _P("segments", "list[str]", ["channel", "region", "category", "journey_stage"], "segment columns to split by", "--segments", "A,B", _columns, with_data=[]),
    _P("compare", "str | None", None, "experiment arm / before-after column to compare (None: no experiment)", "--compare", "COL"),
    _P("scale", "list[int] | None", [0, 10], "lowest and highest possible score, e.g. [1, 10] (None: from the data)", "--scale", "LOW-HIGH", _scale),
    _P("sheet", "str | int | None", None, "Excel sheet, name or 0-based index (None: the first)", "--sheet", "NAME"),
    _P("header_row", "int | None", None, "row of the column names as a spreadsheet numbers it (None: 1)", "--header-row", "N", _positive),
    _P("dayfirst", "bool | None", None, "True: 03/04/2024 is 3 April (None: decided from the data)", "--dayfirst"),
    _P("orders_path", "str | None", "demo", 'orders file, one row per order ("demo": the demo data; None: no orders)', "--orders", "FILE", group=_REPEAT),
    _P("customer", "str | None", "customer_id", "customer id column, in the survey and in the orders", "--customer", "COL", group=_REPEAT),
    _P("order_date", "str | None", "order_date", "order date column of the orders file", "--order-date", "COL", group=_REPEAT),
    _P("amount", "str | None", "amount", "order value column (None: no revenue)", "--amount", "COL", group=_REPEAT),
    _P("outcome", "str | None", None, "repeat outcome already in the survey, e.g. a count of visits", "--outcome", "COL", group=_REPEAT),
    _P("drivers", "list[str]", _DRIVERS, "attribute rating columns (key drivers)", "--drivers", "A,B", _columns, with_data=[]),
    _P("benchmark", "float | None", None, "a benchmark NPS to compare with, e.g. 30", "--benchmark", "NPS", _benchmark, _ANALYSIS),
    _P("window", "str", "180D", "repeat-purchase window after the response", "--window", "LENGTH", _window, _REPEAT, "180D"),
    _P("min_epv", "float", 10, "fewest repeat events per model term; below it controls are dropped (0: keep all)", "--min-epv", "N", _epv, _REPEAT, 10),
    _P("freq", "str", "MS", "trend period: MS month, QS quarter, W week", "--freq", "FREQ", _freq, _ANALYSIS, "MS"),
    _P("language", "str | None", None, "language of the comments (None: detected per comment)", "--language", "CODE", group=_ANALYSIS),
    _P("themes", "str | None", "ecommerce", "theme pack name or YAML file (None: cross-industry themes)", "--themes", "PACK", group=_ANALYSIS,
       cli_help="theme pack name or YAML file (default: cross-industry themes; ecommerce with --demo)"),
    _P("redact", "bool", True, "mask emails, phone numbers... in comments (keep True to share)", "--no-redact", group=_ANALYSIS, with_data=True,
       cli_help="show emails/phone numbers in comments (internal use only)"),
    _P("min_n", "int", 30, "groups with fewer respondents are flagged as small", "--min-n", "N", _count, _ANALYSIS, 30),
    _P("title", "str | None", "Demo shop", "name of the survey shown in the reports", "--title", "TEXT", group=_ANALYSIS),
    _P("out_dir", "str", "../reports", "where results/, the follow-up list and the HTML go"),
    _P("run_id", "str | None", None, "set by run_report (None: the notebook runs by hand)"),
)
# fmt: on

_HEADER = "# Parameters: papermill (and `nps-toolkit report`) override these. Literal values only."


def _literal(value) -> str:
    """Python source of a literal default, formatted as ruff format writes it."""
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    raise TypeError(f"parameter defaults must be literals, not {type(value).__name__}")


def default_parameters() -> dict:
    """The parameters the notebooks run with by default (the demo data), as literals.

    ``data_path`` and ``orders_path`` are ``"demo"``: :func:`resolve_data_path`
    gives the files. :mod:`nps_toolkit.report.cli` starts from these for ``--demo``.

    Examples
    --------
    >>> p = default_parameters()
    >>> p["score"], p["segments"][:2], p["window"], p["data_path"], p["run_id"]
    ('score', ['channel', 'region'], '180D', 'demo', None)
    """
    return {
        p.name: list(p.default) if isinstance(p.default, list) else p.default for p in PARAMETERS
    }


def parameters_cell() -> str:
    """The exact source of every report notebook's ``parameters`` cell.

    One ``name = value  # help`` line per parameter of :data:`PARAMETERS`, after
    a comment line; no trailing newline. A list too long for one line of 100
    characters is written one item a line, as ``ruff format`` writes it (so the
    formatter leaves the cell as it is).

    Examples
    --------
    >>> print(parameters_cell().splitlines()[1])
    data_path = "demo"  # survey file (CSV, TSV, Excel, Parquet; "demo": the demo data)
    """
    lines = [_HEADER]
    for p in PARAMETERS:
        line = f"{p.name} = {_literal(p.default)}  # {p.help}"
        if len(line) > 100 and isinstance(p.default, list):  # as ruff format splits it
            items = "".join(f"    {_literal(v)},\n" for v in p.default)
            line = f"{p.name} = [\n{items}]  # {p.help}"
        lines.append(line)
    return "\n".join(lines)


def resolve_data_path(value, kind: str = "survey"):
    """The file a ``data_path``/``orders_path`` parameter names.

    ``"demo"`` names the bundled demo file: the repository's ``data/demo/`` copy in
    a clone, the copy shipped inside the wheel otherwise. Any other value
    (a path, or ``None``) is returned as given.

    Parameters
    ----------
    value : str, path or None
        The parameter's value.
    kind : {"survey", "orders"}
        Which demo file ``"demo"`` means.

    Returns
    -------
    str, path or None
        A path for ``"demo"``; otherwise ``value``.

    Examples
    --------
    >>> resolve_data_path("demo", "orders").endswith("orders.csv")
    True
    >>> resolve_data_path("my/survey.csv"), resolve_data_path(None)
    ('my/survey.csv', None)
    """
    if not (isinstance(value, str) and value == "demo"):
        return value
    if kind not in ("survey", "orders"):
        raise ValueError(f'kind={kind!r}: use "survey" or "orders"')
    from nps_toolkit.datasets.demo import demo_folders

    for folder in demo_folders():
        path = folder / f"{kind}.csv"
        if path.is_file():
            return str(path)
    raise FileNotFoundError(
        f"the demo {kind} file was not found in {' or '.join(map(str, demo_folders()))}; "
        "reinstall nps-toolkit (the wheel ships it) or give the file's path."
    )
