"""The demo generator: seeded respondents, problems, ratings, scores, orders and comments.

:func:`generate` draws the whole demo story from one seeded
:func:`numpy.random.default_rng` stream with the parameters of
:data:`nps_toolkit.datasets.truth.TRUTH`, and returns the survey, the orders and
the hidden per-response truth. The order of the draws is part of the committed
``data/demo/*.csv`` files: each step below draws in the order the original
single function did, so the files stay byte for byte the same
(``tests/test_datasets_demo.py`` checks them). :func:`coerce_survey` and
:func:`coerce_orders` give the frames their column order and dtypes (also used
when the files are read back).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit.datasets.phrases import HOSTILE_COMMENTS, PII_COMMENTS, compose_comment
from nps_toolkit.datasets.truth import RATINGS, THEMES, TRUTH

__all__ = ["ORDER_COLUMNS", "SURVEY_COLUMNS", "coerce_orders", "coerce_survey", "generate"]

SURVEY_COLUMNS = [
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
    *RATINGS,
]
ORDER_COLUMNS = ["order_id", "customer_id", "order_date", "amount"]
_DAY = np.timedelta64(1, "D")


def _expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p):
    return np.log(p / (1.0 - p))


def _choice(rng, mapping: dict, size):
    keys = list(mapping)
    return rng.choice(np.array(keys, dtype=object), size=size, p=list(mapping.values()))


def _check(n_customers, months) -> None:
    if n_customers < 500:
        raise ValueError(
            f"n_customers={n_customers} is too small for the planted effects to show; "
            "use n_customers >= 500."
        )
    if months < 12:
        raise ValueError(f"months={months}: the demo story needs months >= 12.")


def _respondents(rng, n_customers, start, n_days) -> dict:
    """Who answers, their segments, the response day and the incident flag."""
    t = TRUTH
    respond = rng.random(n_customers) < t["response_rate"]
    cust_num = np.flatnonzero(respond) + 1
    n = len(cust_num)
    p = {"cust_num": cust_num, "n": n}
    p["channel"] = _choice(rng, t["channels"], n)
    p["region"] = _choice(rng, t["regions"], n)
    p["category"] = _choice(rng, t["categories"], n)
    p["stage"] = _choice(rng, t["journey_stages"], n)
    day = rng.integers(0, n_days, n)
    p["date"] = (start + pd.to_timedelta(day, unit="D")).to_numpy()
    inc = t["incident"]
    p["incident"] = (
        (p["region"] == inc["region"])
        & (p["date"] >= np.datetime64(inc["start"]))
        & (p["date"] <= np.datetime64(inc["end"]))
    )
    return p


def _problems(rng, p) -> dict:
    """Theme key -> bool array: the problems each respondent ran into."""
    t, n = TRUTH, p["n"]
    probs = {k: np.full(n, v) for k, v in t["problem_base"].items()}
    probs["delivery"] = np.where(
        p["incident"], t["incident"]["p_delivery_problem"], probs["delivery"]
    )
    pc = t["price_category"]
    probs["price"] = np.where(
        p["category"] == pc["category"], pc["p_price_problem"], probs["price"]
    )
    ss = t["support_stage"]
    probs["support"] = np.where(
        p["stage"] == ss["journey_stage"], ss["p_support_problem"], probs["support"]
    )
    return {k: rng.random(n) < probs[k] for k in THEMES}


def _ratings(rng, n, problem) -> dict:
    """Attribute ratings from a shared mood, knocked down by problems."""
    t = TRUTH
    mood = rng.normal(size=n)
    ratings = {}
    for col in RATINGS:
        raw = (
            t["rating_mean"][col]
            + t["rating_mood_loading"] * mood
            + rng.normal(0, t["rating_noise_sd"], n)
        )
        ratings[col] = np.clip(np.rint(raw), 1, 5).astype(int)
    for theme, col in t["problem_rating"].items():
        low = rng.integers(1, 3, n)
        ratings[col] = np.where(problem[theme], low, ratings[col])
    return ratings


def _scores(rng, p, problem, ratings):
    """The true 0-10 score, its NPS category and whether the answer was skipped."""
    t, n = TRUTH, p["n"]
    latent = np.full(n, t["score_intercept"])
    for col, w in t["driver_weights"].items():
        latent = latent + w * (ratings[col] - 4)
    latent = latent + np.array([t["channel_score_shift"][c] for c in p["channel"]])
    for theme, pen in t["penalty"].items():
        latent = latent - pen * problem[theme]
    latent = latent + rng.normal(0, t["score_noise_sd"], n)
    true_score = np.clip(np.rint(latent), 0, 10).astype(int)
    nps_cat = np.where(
        true_score <= 6, "detractor", np.where(true_score <= 8, "passive", "promoter")
    )
    score_missing = rng.random(n) < t["p_missing_score"]
    return true_score, nps_cat, score_missing


def _repeat(rng, p, nps_cat):
    """Repeat purchase within the window (logistic model): probability and outcome."""
    t = TRUTH
    logit = np.array([_logit(t["repeat_rate"][c]) for c in nps_cat])
    logit = logit + np.array([t["repeat_logit_channel"][c] for c in p["channel"]])
    logit = logit + np.array([t["repeat_logit_category"][c] for c in p["category"]])
    p_repeat = _expit(logit)
    return p_repeat, rng.random(p["n"]) < p_repeat


def _orders_before(rng, first_order, tenure, date) -> list:
    """One customer's order days up to the survey: the first order, others, the trigger."""
    days = [first_order]
    if tenure > 10:
        trigger = date - int(rng.integers(0, 11)) * _DAY
        k = min(int(rng.poisson(tenure / 100)), 30)
        span = int((trigger - first_order) / _DAY)
        if span < 2:
            k = 0
        days.extend(first_order + np.sort(rng.integers(1, span, k)) * _DAY)
        days.append(trigger)
    return days


def _orders_after(rng, repeats, date, end64) -> list:
    """One customer's order days after the survey (a repeat inside the window or later)."""
    window = TRUTH["repeat_window_days"]
    after = []
    if repeats:
        scale = 70.0
        u = rng.random()
        gap = 1 + int(-scale * np.log(1 - u * (1 - np.exp(-(window - 1) / scale))))
        after.append(date + min(gap, window) * _DAY)
    elif rng.random() < 0.4:
        after.append(date + (window + 1 + int(rng.exponential(150))) * _DAY)
    while after and rng.random() > 0.25:
        nxt = after[-1] + (7 + int(rng.exponential(80))) * _DAY
        if nxt > end64:
            break
        after.append(nxt)
    return [d for d in after if d <= end64]


def _order_history(rng, p, repeat, end):
    """Every order: (customer index, day, after the survey?) lists, and first orders."""
    n, date = p["n"], p["date"]
    tenure = np.where(
        p["stage"] == "onboarding",
        rng.integers(0, 31, n),
        31 + np.minimum(np.floor(rng.exponential(350, n)), 1800).astype(int),
    )
    first_order = date - tenure * _DAY
    order_cust, order_day, order_after = [], [], []
    end64 = np.datetime64(end.date())
    for i in range(n):
        days = _orders_before(rng, first_order[i], tenure[i], date[i])
        after = _orders_after(rng, repeat[i], date[i], end64)
        order_cust.extend([i] * (len(days) + len(after)))
        order_day.extend(days + after)
        order_after.extend([False] * len(days) + [True] * len(after))
    return np.array(order_cust), order_day, np.array(order_after), first_order


def _amounts(rng, p, nps_cat, order_cust, order_after):
    """Order amounts: log-normal around the category's median, moved after the survey."""
    t = TRUTH
    median = np.array([t["amount_median"][c] for c in p["category"][order_cust]])
    mult = np.where(
        order_after,
        np.array([t["amount_after_survey_multiplier"][c] for c in nps_cat[order_cust]]),
        1.0,
    )
    amount = np.round(median * mult * np.exp(rng.normal(0, t["amount_log_sd"], len(order_cust))), 2)
    return np.maximum(amount, 0.99)


def _comments(rng, n, nps_cat, score_missing, problem, ratings) -> dict:
    """Comment text and language, and the themes each comment complains about / praises."""
    t = TRUTH
    p_comment = np.array(
        [t["p_comment"]["missing" if m else c] for c, m in zip(nps_cat, score_missing, strict=True)]
    )
    has_comment = rng.random(n) < p_comment
    langs = _choice(rng, t["languages"], n)
    c = {
        "comment": np.full(n, None, dtype=object),
        "language": np.full(n, None, dtype=object),
        "complaints": [""] * n,
        "praise": [""] * n,
    }
    # The texts come from their own stream, so that editing a phrase bank moves
    # no other column (the duplicates and specials below).
    text_rng = rng.spawn(1)[0]
    for i in np.flatnonzero(has_comment):
        probs_i = [k for k in THEMES if problem[k][i]]
        rat_i = {col: ratings[col][i] for col in RATINGS}
        text, lang, comp, prai = compose_comment(text_rng, nps_cat[i], probs_i, rat_i, langs[i])
        c["comment"][i], c["language"][i] = text, lang
        c["complaints"][i], c["praise"][i] = ";".join(comp), ";".join(prai)
    # Fake personal data and hostile strings on a few detractor comments.
    specials = PII_COMMENTS + HOSTILE_COMMENTS
    pool = np.flatnonzero(has_comment & (nps_cat == "detractor") & (langs == "en"))
    chosen = rng.choice(pool, size=len(specials), replace=False)
    for i, (text, themes) in zip(chosen, specials, strict=True):
        c["comment"][i], c["language"][i] = text, "en"
        c["complaints"][i], c["praise"][i] = ";".join(themes), ""
    return c


def _survey_and_truth(rng, p, scores, problem, ratings, comments, p_repeat):
    """The survey and truth frames, with the duplicate submissions, sorted and numbered."""
    true_score, nps_cat, score_missing = scores
    n = p["n"]
    survey = pd.DataFrame(
        {
            "customer_id": [f"C{c:05d}" for c in p["cust_num"]],
            "date": p["date"],
            "score": pd.array(np.where(score_missing, None, true_score), dtype="Int64"),
            "comment": comments["comment"],
            "channel": p["channel"],
            "region": p["region"],
            "category": p["category"],
            "journey_stage": p["stage"],
            "first_order_date": p["first_order"],
            "language": comments["language"],
            **{c: ratings[c] for c in RATINGS},
        }
    )
    truth = pd.DataFrame(
        {
            "nps_category": nps_cat,
            "late_delivery_incident": p["incident"],
            "problems": [";".join(k for k in THEMES if problem[k][i]) for i in range(n)],
            "complaint_themes": comments["complaints"],
            "praise_themes": comments["praise"],
            "repeat_probability": np.round(p_repeat, 6),
        }
    )
    # Exact duplicate submissions: the same answer sent twice on the same day.
    n_dup = TRUTH["n_duplicates"]
    dup = np.sort(rng.choice(np.flatnonzero(~score_missing), size=n_dup, replace=False))
    survey = pd.concat([survey, survey.iloc[dup]], ignore_index=True)
    truth = pd.concat([truth, truth.iloc[dup]], ignore_index=True)
    order = np.lexsort((np.arange(len(survey)), survey["customer_id"].to_numpy(), survey["date"]))
    survey = survey.iloc[order].reset_index(drop=True)
    truth = truth.iloc[order].reset_index(drop=True)
    rid = [f"R{i:06d}" for i in range(1, len(survey) + 1)]
    survey.insert(0, "response_id", rid)
    truth.insert(0, "response_id", rid)
    return survey, truth


def _orders_frame(p, order_cust, order_day, amount) -> pd.DataFrame:
    orders = pd.DataFrame(
        {
            "customer_id": [f"C{c:05d}" for c in p["cust_num"][order_cust]],
            "order_date": np.array(order_day, dtype="datetime64[ns]"),
            "amount": amount,
        }
    )
    orders = orders.sort_values(["order_date", "customer_id"], kind="stable").reset_index(drop=True)
    orders.insert(0, "order_id", [f"O{i:07d}" for i in range(1, len(orders) + 1)])
    return orders


def generate(n_customers: int, seed: int, start, months: int):
    """Draw the demo story: ``(survey, orders, truth)`` (see :func:`make_demo`).

    The steps draw from one stream in a fixed order (respondents, problems,
    ratings, scores, repeat purchase, orders, amounts, comments, duplicates):
    reordering them changes the committed files.
    """
    _check(n_customers, months)
    rng = np.random.default_rng(seed)
    start = pd.Timestamp(start).normalize()
    end = start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    p = _respondents(rng, n_customers, start, (end - start).days + 1)
    problem = _problems(rng, p)
    ratings = _ratings(rng, p["n"], problem)
    scores = _scores(rng, p, problem, ratings)
    nps_cat = scores[1]
    p_repeat, repeat = _repeat(rng, p, nps_cat)
    order_cust, order_day, order_after, p["first_order"] = _order_history(rng, p, repeat, end)
    amount = _amounts(rng, p, nps_cat, order_cust, order_after)
    comments = _comments(rng, p["n"], nps_cat, scores[2], problem, ratings)
    survey, truth = _survey_and_truth(rng, p, scores, problem, ratings, comments, p_repeat)
    orders = _orders_frame(p, order_cust, order_day, amount)
    return coerce_survey(survey), coerce_orders(orders), truth


def coerce_survey(survey: pd.DataFrame) -> pd.DataFrame:
    """The survey's columns in order, with their dtypes (str, datetime64[ns], Int64)."""
    out = survey[SURVEY_COLUMNS].copy()
    text = ["response_id", "customer_id", "comment", "channel", "region", "category"]
    for col in [*text, "journey_stage", "language"]:
        out[col] = out[col].astype("str")
    for col in ["date", "first_order_date"]:
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    for col in ["score", *RATINGS]:
        out[col] = out[col].astype("Int64")
    return out


def coerce_orders(orders: pd.DataFrame) -> pd.DataFrame:
    """The orders' columns in order, with their dtypes (str, datetime64[ns], float64)."""
    out = orders[ORDER_COLUMNS].copy()
    for col in ["order_id", "customer_id"]:
        out[col] = out[col].astype("str")
    out["order_date"] = pd.to_datetime(out["order_date"]).astype("datetime64[ns]")
    out["amount"] = out["amount"].astype("float64")
    return out
