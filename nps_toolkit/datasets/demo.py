"""Bundled demo data with a documented ground truth, and the real French case.

``make_demo`` is a seeded generator of a realistic e-commerce NPS story (24 months
of survey responses and the same customers' orders) with effects planted on
purpose, so that every analysis in the kit has a known answer to recover. The
exact parameters, and what the committed files show, are in ``data/README.md``.

``load_demo`` reads the committed files (``data/demo/survey.csv`` and
``orders.csv``); ``load_botanic`` reads the real French garden-centre survey.
The comments' phrase banks, and how a comment is composed from them, are in
:mod:`nps_toolkit.datasets.phrases`.

Run ``python -m nps_toolkit.datasets --out data/demo`` to regenerate the files.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from nps_toolkit.datasets.phrases import HOSTILE_COMMENTS, PII_COMMENTS, compose_comment

__all__ = ["Demo", "TRUTH", "demo_truth", "load_botanic", "load_demo", "make_demo"]

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = REPO_ROOT / "data" / "demo"
BOTANIC_FILE = REPO_ROOT / "data" / "botanic_nps_fr" / "nps_original_cp1252.csv"

THEMES = (
    "delivery",
    "price",
    "support",
    "product_quality",
    "ease_of_use",
    "website_app",
    "billing_refunds",
    "staff",
)


# ------------------------------------------------------------ ground truth
#: Every planted parameter of :func:`make_demo` (documented in data/README.md).
TRUTH: dict = {
    "response_rate": 0.80,
    "channels": {"web": 0.40, "app": 0.25, "email": 0.20, "phone": 0.15},
    "regions": {"North": 0.25, "South": 0.20, "East": 0.20, "West": 0.20, "Central": 0.15},
    "categories": {
        "electronics": 0.22,
        "home": 0.22,
        "fashion": 0.22,
        "beauty": 0.14,
        "grocery": 0.20,
    },
    "journey_stages": {"onboarding": 0.20, "purchase": 0.35, "delivery": 0.25, "support": 0.20},
    # Latent score = intercept + sum(weight * (rating - 4)) + channel shift
    #                - penalties + N(0, noise_sd), rounded and clipped to 0..10.
    "score_intercept": 9.3,
    "score_noise_sd": 1.1,
    "driver_weights": {
        "rating_delivery": 0.90,
        "rating_product": 0.80,
        "rating_support": 0.45,
        "rating_price": 0.35,
        "rating_website": 0.10,
    },
    "channel_score_shift": {"web": 0.0, "app": 0.8, "email": 0.0, "phone": 0.0},
    "penalty": {"billing_refunds": 1.5, "staff": 1.2, "ease_of_use": 1.0},
    # Ratings: round(mean + 0.9 * mood + N(0, 0.8)) clipped to 1..5; a problem
    # in the rating's area replaces it by 1 or 2 (equal chance).
    "rating_mean": {
        "rating_delivery": 3.9,
        "rating_price": 3.8,
        "rating_support": 3.8,
        "rating_product": 4.0,
        "rating_website": 3.9,
    },
    "rating_mood_loading": 0.9,
    "rating_noise_sd": 0.8,
    "problem_rating": {
        "delivery": "rating_delivery",
        "price": "rating_price",
        "support": "rating_support",
        "product_quality": "rating_product",
        "website_app": "rating_website",
    },
    # Probability that a respondent had each problem.
    "problem_base": {
        "delivery": 0.07,
        "price": 0.08,
        "support": 0.04,
        "product_quality": 0.08,
        "ease_of_use": 0.04,
        "website_app": 0.05,
        "billing_refunds": 0.03,
        "staff": 0.03,
    },
    "incident": {
        "region": "North",
        "start": "2025-09-01",
        "end": "2025-12-31",
        "p_delivery_problem": 0.65,
    },
    "price_category": {"category": "electronics", "p_price_problem": 0.45},
    "support_stage": {"journey_stage": "support", "p_support_problem": 0.40},
    "p_missing_score": 0.01,
    # Repeat purchase: an order in (response date, response date + 180 days].
    "repeat_window_days": 180,
    "repeat_rate": {"detractor": 0.28, "passive": 0.45, "promoter": 0.60},
    "repeat_logit_channel": {"web": 0.0, "app": 0.15, "email": 0.0, "phone": -0.25},
    "repeat_logit_category": {
        "electronics": -0.25,
        "home": 0.0,
        "fashion": 0.0,
        "beauty": 0.0,
        "grocery": 0.25,
    },
    "amount_median": {
        "electronics": 140.0,
        "home": 65.0,
        "fashion": 48.0,
        "beauty": 32.0,
        "grocery": 38.0,
    },
    "amount_log_sd": 0.55,
    "amount_after_survey_multiplier": {"detractor": 0.90, "passive": 1.00, "promoter": 1.10},
    "p_comment": {"detractor": 0.78, "passive": 0.48, "promoter": 0.55, "missing": 0.50},
    # Drawn language of a comment (short answers are always English).
    "languages": {
        "en": 0.62,
        "fr": 0.06,
        "es": 0.05,
        "pt": 0.04,
        "it": 0.05,
        "id": 0.06,
        "vi": 0.04,
        "th": 0.04,
        "zh": 0.04,
    },
    "n_duplicates": 15,
}

_SURVEY_COLUMNS = [
    "response_id",
    "customer_id",
    "date",
    "score",
    "comment",
    "channel",
    "region",
    "category",
    "journey_stage",
    "first_order_date",
    "language",
    "rating_delivery",
    "rating_price",
    "rating_support",
    "rating_product",
    "rating_website",
]
_RATINGS = [
    "rating_delivery",
    "rating_price",
    "rating_support",
    "rating_product",
    "rating_website",
]
_ORDER_COLUMNS = ["order_id", "customer_id", "order_date", "amount"]
_TRUTH_COLUMNS = [
    "response_id",
    "nps_category",
    "late_delivery_incident",
    "problems",
    "complaint_themes",
    "praise_themes",
    "repeat_probability",
]


class Demo(NamedTuple):
    """The demo data: survey responses and the same customers' orders."""

    survey: pd.DataFrame
    orders: pd.DataFrame


def _expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p):
    return np.log(p / (1.0 - p))


def _choice(rng, mapping: dict, size):
    keys = list(mapping)
    return rng.choice(np.array(keys, dtype=object), size=size, p=list(mapping.values()))


# ------------------------------------------------------------ generator
def _generate(n_customers, seed, start, months):
    if n_customers < 500:
        raise ValueError(
            f"n_customers={n_customers} is too small for the planted effects to show; "
            "use n_customers >= 500."
        )
    if months < 12:
        raise ValueError(f"months={months}: the demo story needs months >= 12.")
    t = TRUTH
    rng = np.random.default_rng(seed)
    start = pd.Timestamp(start).normalize()
    end = start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    n_days = (end - start).days + 1

    respond = rng.random(n_customers) < t["response_rate"]
    cust_num = np.flatnonzero(respond) + 1
    n = len(cust_num)
    channel = _choice(rng, t["channels"], n)
    region = _choice(rng, t["regions"], n)
    category = _choice(rng, t["categories"], n)
    stage = _choice(rng, t["journey_stages"], n)
    day = rng.integers(0, n_days, n)
    date = (start + pd.to_timedelta(day, unit="D")).to_numpy()

    inc = t["incident"]
    incident = (
        (region == inc["region"])
        & (date >= np.datetime64(inc["start"]))
        & (date <= np.datetime64(inc["end"]))
    )

    # Problems the respondent ran into.
    probs = {k: np.full(n, v) for k, v in t["problem_base"].items()}
    probs["delivery"] = np.where(incident, inc["p_delivery_problem"], probs["delivery"])
    pc = t["price_category"]
    probs["price"] = np.where(category == pc["category"], pc["p_price_problem"], probs["price"])
    ss = t["support_stage"]
    probs["support"] = np.where(
        stage == ss["journey_stage"], ss["p_support_problem"], probs["support"]
    )
    problem = {k: rng.random(n) < probs[k] for k in THEMES}

    # Attribute ratings from a shared mood, knocked down by problems.
    mood = rng.normal(size=n)
    ratings = {}
    for col in _RATINGS:
        raw = (
            t["rating_mean"][col]
            + t["rating_mood_loading"] * mood
            + rng.normal(0, t["rating_noise_sd"], n)
        )
        ratings[col] = np.clip(np.rint(raw), 1, 5).astype(int)
    for theme, col in t["problem_rating"].items():
        low = rng.integers(1, 3, n)
        ratings[col] = np.where(problem[theme], low, ratings[col])

    latent = np.full(n, t["score_intercept"])
    for col, w in t["driver_weights"].items():
        latent = latent + w * (ratings[col] - 4)
    latent = latent + np.array([t["channel_score_shift"][c] for c in channel])
    for theme, pen in t["penalty"].items():
        latent = latent - pen * problem[theme]
    latent = latent + rng.normal(0, t["score_noise_sd"], n)
    true_score = np.clip(np.rint(latent), 0, 10).astype(int)
    nps_cat = np.where(
        true_score <= 6, "detractor", np.where(true_score <= 8, "passive", "promoter")
    )
    score_missing = rng.random(n) < t["p_missing_score"]

    # Repeat purchase within the window (logistic model).
    logit = np.array([_logit(t["repeat_rate"][c]) for c in nps_cat])
    logit = logit + np.array([t["repeat_logit_channel"][c] for c in channel])
    logit = logit + np.array([t["repeat_logit_category"][c] for c in category])
    p_repeat = _expit(logit)
    repeat = rng.random(n) < p_repeat

    # Orders.
    window = t["repeat_window_days"]
    tenure = np.where(
        stage == "onboarding",
        rng.integers(0, 31, n),
        31 + np.minimum(np.floor(rng.exponential(350, n)), 1800).astype(int),
    )
    day_ns = np.timedelta64(1, "D")
    first_order = date - tenure * day_ns
    order_cust, order_day, order_after = [], [], []
    end64 = np.datetime64(end.date())
    for i in range(n):
        days = [first_order[i]]
        if tenure[i] > 10:
            trigger = date[i] - int(rng.integers(0, 11)) * day_ns
            k = min(int(rng.poisson(tenure[i] / 100)), 30)
            span = int((trigger - first_order[i]) / day_ns)
            if span < 2:
                k = 0
            days.extend(first_order[i] + np.sort(rng.integers(1, span, k)) * day_ns)
            days.append(trigger)
        after = []
        if repeat[i]:
            scale = 70.0
            u = rng.random()
            gap = 1 + int(-scale * np.log(1 - u * (1 - np.exp(-(window - 1) / scale))))
            after.append(date[i] + min(gap, window) * day_ns)
        elif rng.random() < 0.4:
            after.append(date[i] + (window + 1 + int(rng.exponential(150))) * day_ns)
        while after and rng.random() > 0.25:
            nxt = after[-1] + (7 + int(rng.exponential(80))) * day_ns
            if nxt > end64:
                break
            after.append(nxt)
        after = [d for d in after if d <= end64]
        order_cust.extend([i] * (len(days) + len(after)))
        order_day.extend(days + after)
        order_after.extend([False] * len(days) + [True] * len(after))
    order_cust = np.array(order_cust)
    order_after = np.array(order_after)
    cat_of_order = category[order_cust]
    median = np.array([t["amount_median"][c] for c in cat_of_order])
    mult = np.where(
        order_after,
        np.array([t["amount_after_survey_multiplier"][c] for c in nps_cat[order_cust]]),
        1.0,
    )
    amount = np.round(median * mult * np.exp(rng.normal(0, t["amount_log_sd"], len(order_cust))), 2)
    amount = np.maximum(amount, 0.99)

    # Comments.
    p_comment = np.array(
        [t["p_comment"]["missing" if m else c] for c, m in zip(nps_cat, score_missing, strict=True)]
    )
    has_comment = rng.random(n) < p_comment
    langs = _choice(rng, t["languages"], n)
    comment = np.full(n, None, dtype=object)
    language = np.full(n, None, dtype=object)
    complaints = [""] * n
    praise = [""] * n
    # The texts come from their own stream, so that editing a phrase bank moves
    # no other column (the duplicates and specials below).
    text_rng = rng.spawn(1)[0]
    for i in np.flatnonzero(has_comment):
        probs_i = [k for k in THEMES if problem[k][i]]
        rat_i = {c: ratings[c][i] for c in _RATINGS}
        text, lang, comp, prai = compose_comment(text_rng, nps_cat[i], probs_i, rat_i, langs[i])
        comment[i], language[i] = text, lang
        complaints[i], praise[i] = ";".join(comp), ";".join(prai)
    # Fake personal data and hostile strings on a few detractor comments.
    specials = PII_COMMENTS + HOSTILE_COMMENTS
    pool = np.flatnonzero(has_comment & (nps_cat == "detractor") & (langs == "en"))
    chosen = rng.choice(pool, size=len(specials), replace=False)
    for i, (text, themes) in zip(chosen, specials, strict=True):
        comment[i], language[i] = text, "en"
        complaints[i], praise[i] = ";".join(themes), ""

    survey = pd.DataFrame(
        {
            "customer_id": [f"C{c:05d}" for c in cust_num],
            "date": date,
            "score": pd.array(np.where(score_missing, None, true_score), dtype="Int64"),
            "comment": comment,
            "channel": channel,
            "region": region,
            "category": category,
            "journey_stage": stage,
            "first_order_date": first_order,
            "language": language,
            **{c: ratings[c] for c in _RATINGS},
        }
    )
    truth = pd.DataFrame(
        {
            "nps_category": nps_cat,
            "late_delivery_incident": incident,
            "problems": [";".join(k for k in THEMES if problem[k][i]) for i in range(n)],
            "complaint_themes": complaints,
            "praise_themes": praise,
            "repeat_probability": np.round(p_repeat, 6),
        }
    )
    # Exact duplicate submissions: the same answer sent twice on the same day.
    dup = np.sort(rng.choice(np.flatnonzero(~score_missing), size=t["n_duplicates"], replace=False))
    survey = pd.concat([survey, survey.iloc[dup]], ignore_index=True)
    truth = pd.concat([truth, truth.iloc[dup]], ignore_index=True)
    order = np.lexsort((np.arange(len(survey)), survey["customer_id"].to_numpy(), survey["date"]))
    survey = survey.iloc[order].reset_index(drop=True)
    truth = truth.iloc[order].reset_index(drop=True)
    rid = [f"R{i:06d}" for i in range(1, len(survey) + 1)]
    survey.insert(0, "response_id", rid)
    truth.insert(0, "response_id", rid)

    orders = pd.DataFrame(
        {
            "customer_id": [f"C{c:05d}" for c in cust_num[order_cust]],
            "order_date": np.array(order_day, dtype="datetime64[ns]"),
            "amount": amount,
        }
    )
    orders = orders.sort_values(["order_date", "customer_id"], kind="stable").reset_index(drop=True)
    orders.insert(0, "order_id", [f"O{i:07d}" for i in range(1, len(orders) + 1)])
    return _coerce_survey(survey), _coerce_orders(orders), truth


def _coerce_survey(survey: pd.DataFrame) -> pd.DataFrame:
    out = survey[_SURVEY_COLUMNS].copy()
    text = ["response_id", "customer_id", "comment", "channel", "region", "category"]
    for col in [*text, "journey_stage", "language"]:
        out[col] = out[col].astype("str")
    for col in ["date", "first_order_date"]:
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    for col in ["score", *_RATINGS]:
        out[col] = out[col].astype("Int64")
    return out


def _coerce_orders(orders: pd.DataFrame) -> pd.DataFrame:
    out = orders[_ORDER_COLUMNS].copy()
    for col in ["order_id", "customer_id"]:
        out[col] = out[col].astype("str")
    out["order_date"] = pd.to_datetime(out["order_date"]).astype("datetime64[ns]")
    out["amount"] = out["amount"].astype("float64")
    return out


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
    survey, orders, _ = _generate(n_customers, seed, start, months)
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
    return _generate(n_customers, seed, start, months)[2]


def _read_survey_csv(path) -> pd.DataFrame:
    survey = pd.read_csv(
        path,
        dtype={"score": "Int64", **{c: "Int64" for c in _RATINGS}},
        parse_dates=["date", "first_order_date"],
        keep_default_na=False,
        na_values={"comment": [""], "language": [""], "score": [""], **{c: [""] for c in _RATINGS}},
        encoding="utf-8",
    )
    return _coerce_survey(survey)


def load_demo() -> Demo:
    """Load the bundled demo data (``data/demo/survey.csv`` and ``orders.csv``).

    Dates are parsed, ``score`` and the ratings are ``Int64``, text columns are
    ``str`` with NaN for a missing comment or language (a comment such as
    ``"n/a"`` or ``"none"`` is kept as written). If the files are not there
    (the kit was installed without the repository), the data are generated by
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
    survey_path, orders_path = DEMO_DIR / "survey.csv", DEMO_DIR / "orders.csv"
    if not (survey_path.exists() and orders_path.exists()):
        return make_demo()
    survey = _read_survey_csv(survey_path)
    orders = pd.read_csv(
        orders_path,
        dtype={"order_id": "str", "customer_id": "str", "amount": "float64"},
        parse_dates=["order_date"],
        encoding="utf-8",
    )
    return Demo(survey, _coerce_orders(orders))


def write_demo(out, **kwargs) -> list[Path]:
    """Write ``survey.csv``, ``orders.csv`` and ``truth.csv`` of :func:`make_demo` to ``out``.

    UTF-8, ISO dates (``YYYY-MM-DD``), empty field for a missing value.
    Returns the paths written.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    survey, orders, truth = _generate(
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
