"""Bundled demo data with a documented ground truth, and the real French case.

``make_demo`` is a seeded generator of a realistic e-commerce NPS story (24 months
of survey responses and the same customers' orders) with effects planted on
purpose, so that every analysis in the kit has a known answer to recover. The
exact parameters, and what the committed files show, are in ``data/README.md``
and :data:`nps_toolkit.datasets.truth.TRUTH`; the draws themselves are in
:mod:`nps_toolkit.datasets.generate`.

``load_demo`` reads the committed files (``data/demo/survey.csv`` and
``orders.csv``, or the copy an installed wheel ships); ``load_botanic`` reads the
real French garden-centre survey. The comments' phrase banks, and how a comment
is composed from them, are in :mod:`nps_toolkit.datasets.phrases`.

Run ``python -m nps_toolkit.datasets --out data/demo`` to regenerate the files.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from nps_toolkit.datasets.generate import coerce_orders, coerce_survey, generate
from nps_toolkit.datasets.truth import RATINGS, THEMES, TRUTH

__all__ = [
    "DEMO_DIR",
    "PACKAGE_DEMO_DIR",
    "THEMES",
    "TRUTH",
    "Demo",
    "demo_folders",
    "demo_truth",
    "load_botanic",
    "load_demo",
    "make_demo",
    "write_demo",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
#: The committed demo files in a clone of the repository.
DEMO_DIR = REPO_ROOT / "data" / "demo"
#: Where an installed wheel has them (setup.py's build hook copies them there).
PACKAGE_DEMO_DIR = Path(__file__).resolve().parent / "demo_files"
BOTANIC_FILE = REPO_ROOT / "data" / "botanic_nps_fr" / "nps_original_cp1252.csv"


class Demo(NamedTuple):
    """The demo data: survey responses and the same customers' orders."""

    survey: pd.DataFrame
    orders: pd.DataFrame


def make_demo(
    n_customers: int = 6000, seed: int = 20261123, start: str = "2024-11-01", months: int = 24
) -> Demo:
    """Generate the demo survey and orders with a planted, documented truth.

    A seeded e-commerce story: ``n_customers`` customers, about 80% of whom
    answer one NPS survey on a day drawn uniformly over ``months`` months from
    ``start``; their orders before and after the survey; attribute ratings; and
    comments (English plus French, Spanish, Portuguese, Italian, Indonesian,
    Vietnamese, Thai and Chinese, each with planted complaint themes). The
    planted effects (repeat purchase by NPS category, the ``app`` channel's
    higher NPS, the late-delivery incident in ``North`` from 2025-09-01 to
    2025-12-31, price complaints in ``electronics``, slow
    support in the ``support`` journey stage, the key-driver weights) and
    their exact parameters are documented in ``data/README.md`` and in
    :data:`TRUTH`. Also included on purpose: 15 exact duplicate submissions
    (a new ``response_id``, every other column identical; no column marks
    them), about 1% skipped scores, non-answers such as ``"n/a"``, fake
    personal data and two hostile strings in comments.

    Parameters
    ----------
    n_customers : int, default 6000
        Size of the customer base (customers who do not answer are not in the
        data, so ``customer_id`` numbers have gaps).
    seed : int, default 20261123
        Seed of :func:`numpy.random.default_rng`; the same arguments always give
        the same data.
    start : str, default "2024-11-01"
        First day of the survey period.
    months : int, default 24
        Length of the survey period; orders end on its last day (2026-10-31
        with the defaults), so late respondents have censored repeat windows.

    Returns
    -------
    Demo
        Named pair ``(survey, orders)``.

        ``survey``: ``response_id`` (str), ``customer_id`` (str), ``date``
        (datetime64, day of response), ``score`` (Int64 0-10, <NA> when the
        question was skipped), ``comment`` (str, NaN when there is no comment),
        ``channel``, ``region``, ``category``, ``journey_stage`` (str),
        ``first_order_date`` (datetime64, the customer's first order),
        ``language`` (str, ISO 639-1 code of the comment's true language; NaN
        when there is no comment or it has no language, e.g. ``"n/a"`` or an
        emoji alone), ``rating_delivery``, ``rating_price``, ``rating_support``,
        ``rating_product``, ``rating_website`` (Int64 1-5).

        ``orders``: ``order_id`` (str), ``customer_id`` (str), ``order_date``
        (datetime64), ``amount`` (float, positive).

    See Also
    --------
    load_demo : the same data read from the committed CSV files.
    demo_truth : the hidden per-response truth (themes, incident flag).

    Examples
    --------
    >>> from nps_toolkit.datasets.demo import make_demo
    >>> survey, orders = make_demo(n_customers=1000, seed=1)
    >>> survey.columns[:4].tolist()
    ['response_id', 'customer_id', 'date', 'score']
    >>> bool(survey["score"].dropna().between(0, 10).all())
    True
    >>> orders.columns.tolist()
    ['order_id', 'customer_id', 'order_date', 'amount']
    """
    survey, orders, _ = generate(n_customers, seed, start, months)
    return Demo(survey, orders)


def demo_truth(
    n_customers: int = 6000, seed: int = 20261123, start: str = "2024-11-01", months: int = 24
) -> pd.DataFrame:
    """The hidden per-response truth behind :func:`make_demo` (same arguments).

    For testing text and theme tools: what each comment was built to say.

    Returns
    -------
    DataFrame
        One row per survey row, in the same order: ``response_id``,
        ``nps_category`` (category of the true score, also when the score was
        skipped), ``late_delivery_incident`` (bool, North 2025-09-01..2025-12-31),
        ``problems`` (``;``-separated theme keys of the problems the
        respondent had), ``complaint_themes`` and ``praise_themes``
        (``;``-separated theme keys the comment complains about / praises;
        empty string for none), ``repeat_probability`` (the model's
        probability of an order within 180 days after the response).

    Examples
    --------
    >>> from nps_toolkit.datasets.demo import demo_truth
    >>> truth = demo_truth(n_customers=1000, seed=1)
    >>> truth.columns[:3].tolist()
    ['response_id', 'nps_category', 'late_delivery_incident']
    """
    return generate(n_customers, seed, start, months)[2]


def _read_survey_csv(path) -> pd.DataFrame:
    survey = pd.read_csv(
        path,
        dtype={"score": "Int64", **{c: "Int64" for c in RATINGS}},
        parse_dates=["date", "first_order_date"],
        keep_default_na=False,
        na_values={"comment": [""], "language": [""], "score": [""], **{c: [""] for c in RATINGS}},
        encoding="utf-8",
    )
    return coerce_survey(survey)


def demo_folders() -> list[Path]:
    """The folders that may hold the demo files, in the order they are tried.

    The repository's ``data/demo/`` (:data:`DEMO_DIR`, a clone or an editable
    install), then the copy an installed wheel ships in
    ``nps_toolkit/datasets/demo_files/`` (:data:`PACKAGE_DEMO_DIR`). Read at
    call time, so a test can move either away.

    Examples
    --------
    >>> [folder.name for folder in demo_folders()]
    ['demo', 'demo_files']
    """
    return [DEMO_DIR, PACKAGE_DEMO_DIR]


def _demo_files() -> tuple[Path, Path] | None:
    for folder in demo_folders():
        survey_path, orders_path = folder / "survey.csv", folder / "orders.csv"
        if survey_path.is_file() and orders_path.is_file():
            return survey_path, orders_path
    return None


def load_demo() -> Demo:
    """Load the bundled demo data (``survey.csv`` and ``orders.csv``).

    Read from the first folder of :func:`demo_folders` that has both files: the
    repository's ``data/demo/``, else the copy shipped inside an installed
    wheel. Dates are parsed, ``score`` and the ratings are ``Int64``, text columns are
    ``str`` with NaN for a missing comment or language (a comment such as
    ``"n/a"`` or ``"none"`` is kept as written). If neither folder has the files
    (e.g. a source install without them), the data are generated by
    :func:`make_demo` with its default arguments, which gives exactly the same
    frames (a test checks it).

    Returns
    -------
    Demo
        Named pair ``(survey, orders)``; columns as in :func:`make_demo`.

    Examples
    --------
    >>> from nps_toolkit.datasets.demo import load_demo
    >>> survey, orders = load_demo()
    >>> len(survey) > 4000, len(orders) > len(survey)
    (True, True)
    >>> str(survey["score"].dtype), str(orders["order_date"].dtype)
    ('Int64', 'datetime64[ns]')
    """
    files = _demo_files()
    if files is None:
        return make_demo()
    survey_path, orders_path = files
    survey = _read_survey_csv(survey_path)
    orders = pd.read_csv(
        orders_path,
        dtype={"order_id": "str", "customer_id": "str", "amount": "float64"},
        parse_dates=["order_date"],
        encoding="utf-8",
    )
    return Demo(survey, coerce_orders(orders))


def write_demo(out, **kwargs) -> list[Path]:
    """Write ``survey.csv``, ``orders.csv`` and ``truth.csv`` of :func:`make_demo` to ``out``.

    UTF-8, ISO dates (``YYYY-MM-DD``), empty field for a missing value.
    Returns the paths written.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    survey, orders, truth = generate(
        kwargs.get("n_customers", 6000),
        kwargs.get("seed", 20261123),
        kwargs.get("start", "2024-11-01"),
        kwargs.get("months", 24),
    )
    paths = [out / "survey.csv", out / "orders.csv", out / "truth.csv"]
    survey.to_csv(
        paths[0], index=False, date_format="%Y-%m-%d", encoding="utf-8", lineterminator="\n"
    )
    orders.to_csv(
        paths[1], index=False, date_format="%Y-%m-%d", encoding="utf-8", lineterminator="\n"
    )
    truth.to_csv(paths[2], index=False, encoding="utf-8", lineterminator="\n")
    return paths


def load_botanic() -> pd.DataFrame:
    """Load the real French garden-centre NPS survey (CC0, see its README).

    Reads ``data/botanic_nps_fr/nps_original_cp1252.csv`` (the original
    Windows-1252 bytes, 13,954 rows) with :func:`nps_toolkit.io.read_survey`,
    declaring the 1-10 scale: ``read_survey(path, score="nps",
    comment="explication", respondent="id", scale=(1, 10))``. The 342 rows
    without a score are not in the result; they are accounted for in
    ``df.attrs["nps_toolkit"]`` (see :func:`nps_toolkit.io.quality_report`).
    ``NbPassageKS`` (store visits with a purchase on the loyalty card) is the
    repeat measure; ``satisfaction`` and ``intention`` are 1-10 scores.

    Returns
    -------
    DataFrame
        What :func:`nps_toolkit.io.read_survey` returns for this file: 13,612
        rows, index ``source_row``; ``respondent_id``, ``score`` (Int64 1-10),
        ``comment`` (French text, NaN when empty), then the file's columns
        (``id``, ``nps``, ``satisfaction``, ``intention``, ``explication``,
        ``NbPassageKS``, ``CaTicket``, ``t`` and the unnamed row-index column).

    Raises
    ------
    FileNotFoundError
        If the file is not in the repository's ``data/botanic_nps_fr/``.

    Examples
    --------
    >>> from nps_toolkit.datasets.demo import load_botanic
    >>> df = load_botanic()  # doctest: +SKIP
    >>> len(df), int(df["score"].min()), int(df["score"].max())  # doctest: +SKIP
    (13612, 1, 10)
    """
    from nps_toolkit.io.read import read_survey

    if not BOTANIC_FILE.exists():
        raise FileNotFoundError(
            f"{BOTANIC_FILE} not found: the botanic survey ships with the repository only "
            "(copy data/botanic_nps_fr/ from the repository)."
        )
    return read_survey(
        BOTANIC_FILE, score="nps", comment="explication", respondent="id", scale=(1, 10)
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m nps_toolkit.datasets", description="Write the demo data files."
    )
    parser.add_argument("--out", default=str(DEMO_DIR), help="output folder (default data/demo)")
    args = parser.parse_args(argv)
    for path in write_demo(args.out):
        print(path)


if __name__ == "__main__":
    main()
