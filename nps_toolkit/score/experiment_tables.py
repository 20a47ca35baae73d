"""The side tables of :func:`nps_toolkit.score.experiment.compare_arms`.

:func:`driver_differences`
    Mean of each driver per arm and each arm's difference from the control:
    Welch's t interval and test (unequal variances, Welch-Satterthwaite degrees
    of freedom; ``p_val < 1 - confidence`` exactly when the interval excludes
    0), Holm-adjusted p across every driver and arm tested.
:func:`theme_differences`
    Among the detractors who wrote a comment, the share mentioning each theme
    (:func:`nps_toolkit.comments.tagging.tag_themes`) per arm, and each arm's
    difference from the control in percentage points: Agresti-Caffo interval
    (one success and one failure added to each arm) and the z test with the
    same centre and SE, so the p-value agrees with the interval; Holm across the
    rows tested. Arms with fewer than :data:`~nps_toolkit.score.difference.MIN_N`
    detractor comments are not tested.
:func:`respondents_in_arms`
    Respondents found in more than one arm
    (:func:`nps_toolkit.io.respondents.respondents_in_several`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from nps_toolkit._validation import examples_text
from nps_toolkit.score.difference import MIN_N, adjust_p
from nps_toolkit.score.stats import z_value

__all__ = ["arm_labels", "driver_differences", "respondents_in_arms", "theme_differences"]


def arm_labels(values: pd.Series, column: str) -> list:
    """The distinct arms in sorted order (as text when they mix types); at least two.

    Examples
    --------
    >>> arm_labels(pd.Series(["pilot", "control", "pilot"]), "arm")
    ['control', 'pilot']
    """
    arms = list(pd.unique(values.dropna()))
    try:
        arms = sorted(arms)
    except TypeError:
        arms = sorted(arms, key=str)
    if len(arms) < 2:
        found = f"only {arms[0]!r}" if arms else "no value"
        raise ValueError(
            f"Column {column!r} has {found}: comparing arms needs at least two "
            "(e.g. control and pilot). Fix: choose the column that holds the arms."
        )
    return arms


def _welch(x: np.ndarray, y: np.ndarray, z_level: float):
    """Welch difference of means of x and y: diff, se, df, t, p, ci_low, ci_high."""
    nx, ny = len(x), len(y)
    vx, vy = x.var(ddof=1) / nx, y.var(ddof=1) / ny
    diff, se = x.mean() - y.mean(), np.sqrt(vx + vy)
    df = (vx + vy) ** 2 / (vx**2 / (nx - 1) + vy**2 / (ny - 1))
    t = diff / se
    q = sps.t.ppf(z_level, df)
    return diff, se, df, t, 2 * sps.t.sf(abs(t), df), diff - q * se, diff + q * se


def driver_differences(
    data: pd.DataFrame, *, drivers: list, arm: str, control, order: list, confidence: float
) -> pd.DataFrame:
    """Driver means per arm, each arm against the control (Welch), Holm across rows.

    Returns
    -------
    pandas.DataFrame
        One row per driver and non-control arm: ``driver``, ``arm``,
        ``control``, ``n``, ``n_control`` (non-missing answers), ``mean``,
        ``mean_control``, ``diff`` (``mean - mean_control``), ``se``, ``df``
        (Welch-Satterthwaite), ``t``, ``p_val``, ``ci_low``, ``ci_high``
        (Welch t interval of the difference), ``p_adj`` (Holm), ``significant``
        (``p_adj < 1 - confidence``), ``note`` (why a row is not tested).
    """
    z_value(confidence)  # validates it
    level = 0.5 + confidence / 2
    rows = []
    for col in drivers:
        values = _numeric(data[col], col)
        ctrl = values[(data[arm] == control).to_numpy()]
        ctrl = ctrl[~np.isnan(ctrl)]
        for a in order[1:]:
            x = values[(data[arm] == a).to_numpy()]
            x = x[~np.isnan(x)]
            row = {"driver": col, "arm": a, "control": control, "n": len(x),
                   "n_control": len(ctrl), "mean": x.mean() if len(x) else np.nan,
                   "mean_control": ctrl.mean() if len(ctrl) else np.nan}  # fmt: skip
            stats = (np.nan,) * 7
            note = "too few answers to test (fewer than 2 in an arm)"
            if len(x) >= 2 and len(ctrl) >= 2:
                if x.var(ddof=1) + ctrl.var(ddof=1) > 0:
                    stats, note = _welch(x, ctrl, level), ""
                else:
                    note = "no variance in either arm: nothing to test"
            names = ["diff", "se", "df", "t", "p_val", "ci_low", "ci_high"]
            row |= dict(zip(names, stats, strict=True))
            row["diff"] = row["mean"] - row["mean_control"]
            rows.append(row | {"note": note})
    out = pd.DataFrame(rows)
    out["p_adj"] = adjust_p(out["p_val"], "holm")
    out["significant"] = (out["p_adj"] < 1 - confidence).to_numpy(dtype=bool)
    return out[[*out.columns.drop(["note"]), "note"]]


def _numeric(values: pd.Series, column: str) -> np.ndarray:
    """A driver column as floats; text that is not a number is refused with its rows."""
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna().to_numpy() & values.notna().to_numpy()
    if bad.any():
        where = np.flatnonzero(bad)
        rows = examples_text(where + 2, brackets=False)  # header on line 1
        raise ValueError(
            f"Driver column {column!r} has {len(where)} value(s) that are not numbers "
            f"(spreadsheet rows {rows}, e.g. {values.iloc[where[0]]!r}). Fix: recode them "
            "as numbers or leave them empty."
        )
    return numbers.to_numpy(dtype="float64", na_value=np.nan)


def _two_proportions(x1, n1, x2, n2, z_crit):
    """Agresti-Caffo: centre and SE of p1 - p2 with one success and one failure added."""
    p1, p2 = (x1 + 1) / (n1 + 2), (x2 + 1) / (n2 + 2)
    se = np.sqrt(p1 * (1 - p1) / (n1 + 2) + p2 * (1 - p2) / (n2 + 2))
    centre = p1 - p2
    z = centre / se
    return z, 2 * sps.norm.sf(np.abs(z)), centre - z_crit * se, centre + z_crit * se


def theme_differences(
    data: pd.DataFrame, *, codes, comment, arm, control, order, themes, confidence
) -> pd.DataFrame:
    """Detractor theme mention rates per arm, each arm against the control.

    Returns
    -------
    pandas.DataFrame
        One row per theme and non-control arm: ``theme``, ``arm``, ``control``,
        ``n_comments``, ``n_comments_control`` (detractors with a comment),
        ``n_mentions``, ``n_mentions_control``, ``pct``, ``pct_control`` (% of
        those comments mentioning the theme), ``diff`` (``pct - pct_control``,
        percentage points), ``ci_low``, ``ci_high`` (Agresti-Caffo interval,
        points), ``z``, ``p_val``, ``p_adj`` (Holm), ``significant``
        (``p_adj < 1 - confidence``), ``note`` (why a row is not tested).
    """
    from nps_toolkit.comments.tagging import tag_themes

    z_crit = z_value(confidence)
    text = data[comment]
    has_text = text.notna().to_numpy() & text.astype("str").str.strip().ne("").to_numpy()
    use = has_text & (np.asarray(codes) == 0)
    tags = tag_themes(text[use], themes).to_numpy(dtype=bool)
    names = list(tag_themes(pd.Series([], dtype="object"), themes).columns)
    mentioned = tags.any(axis=0) if len(tags) else np.zeros(len(names), dtype=bool)
    # themes no detractor mentions in any arm are left out (they would only dilute Holm)
    tags, names = tags[:, mentioned], [t for t, m in zip(names, mentioned, strict=True) if m]
    arms = data[arm].to_numpy()[use]
    per_arm = {a: (int((arms == a).sum()), tags[arms == a].sum(axis=0)) for a in order}
    n_c, m_c = per_arm[control]
    rows = []
    for a in order[1:]:
        n_a, m_a = per_arm[a]
        for j, theme in enumerate(names):
            tested = n_a >= MIN_N and n_c >= MIN_N
            z, p, lo, hi = _two_proportions(m_a[j], n_a, m_c[j], n_c, z_crit)
            pct = 100 * m_a[j] / n_a if n_a else np.nan
            pct_c = 100 * m_c[j] / n_c if n_c else np.nan
            rows.append(
                {"theme": theme, "arm": a, "control": control, "n_comments": n_a,
                 "n_comments_control": n_c, "n_mentions": int(m_a[j]),
                 "n_mentions_control": int(m_c[j]), "pct": pct, "pct_control": pct_c,
                 "diff": pct - pct_c, "ci_low": 100 * lo if tested else np.nan,
                 "ci_high": 100 * hi if tested else np.nan, "z": z if tested else np.nan,
                 "p_val": p if tested else np.nan,
                 "note": "" if tested else
                 f"too few detractor comments to test (fewer than {MIN_N} in an arm)"}
            )  # fmt: skip
    out = pd.DataFrame(rows, columns=[
        "theme", "arm", "control", "n_comments", "n_comments_control", "n_mentions",
        "n_mentions_control", "pct", "pct_control", "diff", "ci_low", "ci_high", "z",
        "p_val", "note"])  # fmt: skip
    out.insert(len(out.columns) - 1, "p_adj", adjust_p(out["p_val"], "holm"))
    out.insert(len(out.columns) - 1, "significant", (out["p_adj"] < 1 - confidence).to_numpy())
    return out


def respondents_in_arms(data: pd.DataFrame, *, respondent: str, arm: str) -> pd.DataFrame:
    """Respondents who answered in more than one arm.

    Returns
    -------
    pandas.DataFrame
        One row per such respondent: ``respondent`` (the id), ``arms`` (their
        arms, sorted, joined with ", "), ``n_rows`` (their rows) and ``rows``
        (those rows as a spreadsheet numbers them: header on row 1).
    """
    from nps_toolkit.io.respondents import respondents_in_several

    cols = ["respondent", "arms", "n_rows", "rows"]
    data = data.reset_index(drop=True)  # labels are now the rows' positions
    found = respondents_in_several(data[data[arm].notna()], respondent=respondent, by=arm)
    if found.empty:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame({"respondent": found["respondent"].to_numpy()})
    out["arms"] = [", ".join(v) for v in found["values"]]
    out["n_rows"] = found["n_rows"].to_numpy()
    out["rows"] = [[int(i) + 2 for i in r] for r in found["rows"]]
    return out[cols]
