"""The report's parameters, declared once: the notebooks' ``parameters`` cell and the CLI."""

from __future__ import annotations

from pathlib import Path

__all__ = ["default_parameters"]


def default_parameters() -> dict:
    """The parameters that make the notebooks run on the bundled demo data.

    These mirror the literal values of each notebook's ``parameters`` cell,
    with absolute paths. :mod:`nps_toolkit.report.cli` starts from them for ``--demo``.

    Examples
    --------
    >>> p = default_parameters()
    >>> p["score"], p["segments"][:2], p["window"]
    ('score', ['channel', 'region'], '180D')
    """
    import nps_toolkit

    root = Path(nps_toolkit.__file__).resolve().parents[1]
    return {
        "data_path": str(root / "data" / "demo" / "survey.csv"),
        "score": "score",
        "comment": "comment",
        "date": "date",
        "respondent": "customer_id",
        "segments": ["channel", "region", "category", "journey_stage"],
        "scale": [0, 10],
        "sheet": None,
        "header_row": None,
        "dayfirst": None,
        "orders_path": str(root / "data" / "demo" / "orders.csv"),
        "customer": "customer_id",
        "order_date": "order_date",
        "amount": "amount",
        "outcome": None,
        "drivers": [
            "rating_delivery",
            "rating_price",
            "rating_support",
            "rating_product",
            "rating_website",
        ],
        "benchmark": None,
        "window": "180D",
        "freq": "MS",
        "language": None,
        "redact": True,
        "min_n": 30,
        "title": "Demo shop",
    }
