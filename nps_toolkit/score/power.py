"""How many respondents? Sample size for a margin of error, power for a difference.

Each respondent scores +1 (promoter), 0 (passive) or -1 (detractor), so with
promoter and detractor shares ``p`` and ``d`` the per-respondent variance of
the NPS is ``v = (p + d) - (p - d)**2`` (on the -1..1 scale). Passives lower
it: 40 % promoters and 20 % detractors give ``v = 0.56``, while planning on
the NPS alone (``1 - e**2`` with ``e = 0.2``, as if there were no passives)
gives 0.96, 1.7 times as many respondents as needed. Give the expected shares
when you know them (last wave, a pilot).

:func:`nps_sample_size`
    ``n = z**2 v / margin**2``: respondents for a margin of error of
    ± ``margin`` NPS points (Wald half-width).
:func:`nps_power`
    Two independent groups (an A/B test of a new process), two-sided z test
    of the NPS difference ``delta`` at level ``alpha = 1 - confidence``:
    ``n_a = (z_{1-alpha/2} + z_{power})**2 (v_a + v_b / ratio) / delta**2``
    (rounded up to the smallest size whose power, both tails counted, reaches
    the target) and ``n_b = ratio n_a``; for given sizes, the power
    ``Phi(|delta| / se - z_{1-alpha/2}) + Phi(-|delta| / se - z_{1-alpha/2})``
    with ``se = sqrt(v_a / n_a + v_b / n_b)``, and the minimum detectable
    difference (MDE), the increase that reaches the target power. These are
    the large-sample formulas of the test :func:`nps_toolkit.score.significance.nps_test`
    runs (its adjusted-Wald SE is within a few per cent of ``se`` at the sizes
    these formulas give); the tests check the planned power against a
    simulation of that test. Groups are never planned below the tests'
    minimum size (:data:`nps_toolkit.score.significance.MIN_N`).
"""

from __future__ import annotations

import math

import pandas as pd
from scipy import optimize
from scipy import stats as sps

from nps_toolkit.score.difference import MIN_N
from nps_toolkit.score.stats import z_value
from nps_toolkit.score.variance import nps_variance


def _shares(promoters, detractors, name):
    """Validate percentages and return fractions (p, d)."""
    if promoters is None or detractors is None:
        raise ValueError(
            f"Give both promoters{name}= and detractors{name}= (percentages), or neither; "
            f"got promoters{name}={promoters!r}, detractors{name}={detractors!r}."
        )
    p, d = float(promoters), float(detractors)
    if not (0 <= p <= 100 and 0 <= d <= 100 and p + d <= 100):
        raise ValueError(
            f"promoters{name}= and detractors{name}= are percentages of respondents "
            f"(each 0-100, together at most 100); got {p!r} and {d!r}."
        )
    return p / 100, d / 100


def nps_sample_size(
    margin: float,
    *,
    confidence: float = 0.95,
    expected_nps: float | None = None,
    promoters: float | None = None,
    detractors: float | None = None,
) -> pd.DataFrame:
    """Respondents needed for an NPS margin of error of ± ``margin`` points.

    ``n = z**2 v / (margin / 100)**2`` with the per-respondent variance
    ``v = (p + d) - (p - d)**2``. With the expected shares of promoters and
    detractors (``promoters=``, ``detractors=``, in percent) ``v`` is exact;
    with only an ``expected_nps`` ``e`` it is the upper bound ``1 - (e / 100)**2``
    (no passives), which overstates ``n`` by 1.5-3.5 times when passives are
    common; with neither, the worst case ``v = 1``.

    Parameters
    ----------
    margin : float
        Half-width of the interval in NPS points (e.g. 5 for ± 5).
    confidence : float
        Interval level.
    expected_nps : float, optional
        Expected NPS (-100..100), when the shares are unknown.
    promoters, detractors : float, optional
        Expected shares of promoters and detractors in percent (give both).

    Returns
    -------
    pandas.DataFrame
        One row: ``margin``, ``confidence``, ``expected_nps`` (given, or
        ``promoters - detractors``), ``promoters``, ``detractors`` (NaN when not
        given), ``variance`` (per-respondent planning value, -1..1 scale) and
        ``n`` (respondents, rounded up).

    Examples
    --------
    >>> nps_sample_size(5)[["variance", "n"]]
       variance     n
    0       1.0  1537
    >>> nps_sample_size(5, promoters=40, detractors=20)[["expected_nps", "variance", "n"]]
       expected_nps  variance    n
    0          20.0      0.56  861
    """
    if not 0 < margin <= 200:
        raise ValueError(f"margin must be in NPS points, between 0 and 200; got {margin!r}.")
    if expected_nps is not None and not -100 <= expected_nps <= 100:
        raise ValueError(f"expected_nps must be between -100 and 100; got {expected_nps!r}.")
    if promoters is None and detractors is None:
        e = 0.0 if expected_nps is None else expected_nps / 100
        variance = 1 - e**2
        pro = det = math.nan
    else:
        p, d = _shares(promoters, detractors, "")
        if expected_nps is not None and not math.isclose(expected_nps, 100 * (p - d), abs_tol=1e-9):
            raise ValueError(
                f"expected_nps={expected_nps!r} disagrees with promoters - detractors = "
                f"{100 * (p - d):g}: give the shares or the NPS, not both."
            )
        expected_nps = 100 * (p - d)
        variance = float(nps_variance(p, d))
        pro, det = 100 * p, 100 * d
    z = z_value(confidence)
    n = math.ceil(z**2 * variance / (margin / 100) ** 2 - 1e-9) if variance > 0 else 1
    return pd.DataFrame(
        {
            "margin": [float(margin)],
            "confidence": [confidence],
            "expected_nps": [expected_nps],
            "promoters": [pro],
            "detractors": [det],
            "variance": [variance],
            "n": [max(n, 1)],
        }
    )


def _power(delta, va, vb, na, nb, z_crit):
    se = math.sqrt(va / na + vb / nb)
    if se == 0:
        return 1.0 if delta else 0.0
    shift = abs(delta) / se
    return float(sps.norm.cdf(shift - z_crit) + sps.norm.cdf(-shift - z_crit))


def nps_power(
    *,
    promoters_a: float,
    detractors_a: float,
    promoters_b: float | None = None,
    detractors_b: float | None = None,
    diff: float | None = None,
    n: int | None = None,
    power: float = 0.8,
    confidence: float = 0.95,
    ratio: float = 1.0,
) -> pd.DataFrame:
    """Sample size, power and minimum detectable difference for two groups.

    Plans the two-sided test of ``NPS_b - NPS_a`` (e.g. group A keeps the
    current process, group B gets the new one). Give group A's expected shares
    and either group B's shares or the difference ``diff`` to detect; without
    ``n`` the result is the size per group, with ``n`` the power. The minimum
    detectable difference (``mde``) for the sizes is always reported.

    With ``diff`` only, group B keeps A's share of passives and the change is
    split evenly: ``promoters_b = promoters_a + diff / 2`` and
    ``detractors_b = detractors_a - diff / 2`` (give B's shares to plan another
    scenario). ``mde`` is the smallest increase, under the same rule, that
    the test detects with probability ``power``; NaN when A's shares leave no
    room for it (e.g. no detractors to convert).

    Parameters
    ----------
    promoters_a, detractors_a : float
        Expected shares in group A, in percent.
    promoters_b, detractors_b : float, optional
        Expected shares in group B, in percent.
    diff : float, optional
        Difference to detect, ``NPS_b - NPS_a`` in NPS points.
    n : int, optional
        Respondents in group A (group B has ``ratio * n``, rounded up).
    power : float
        Target power (probability of a significant result when the
        difference is real), for ``n`` and ``mde``.
    confidence : float
        ``1 - alpha`` of the two-sided test.
    ratio : float
        ``n_b / n_a``.

    Returns
    -------
    pandas.DataFrame
        One row: ``nps_a``, ``nps_b`` (NaN without B's shares or ``diff``),
        ``diff`` (``nps_b - nps_a``), ``n_a``, ``n_b`` (given or planned; at
        least the tests' minimum size), ``power`` (of the test at ``n_a``,
        ``n_b`` for ``diff``: at least the target when planned; NaN without a
        difference), ``mde`` (NPS points, see above), ``target_power``,
        ``confidence``.

    Examples
    --------
    Current process: 40 % promoters, 30 % detractors (NPS 10); detect a rise of 10:

    >>> r = nps_power(promoters_a=40, detractors_a=30, diff=10)
    >>> r[["nps_a", "nps_b", "n_a", "n_b", "power", "mde"]].round(3)
       nps_a  nps_b   n_a   n_b  power  mde
    0   10.0   20.0  1060  1060    0.8  10.0

    With 500 per group, the power for that rise and the smallest detectable rise:

    >>> nps_power(promoters_a=40, detractors_a=30, diff=10, n=500)[["power", "mde"]].round(3)
       power    mde
    0  0.486  14.45
    """
    if not 0 < power < 1:
        raise ValueError(f"power must be between 0 and 1 (e.g. 0.8); got {power!r}.")
    if not (math.isfinite(ratio) and ratio > 0):
        raise ValueError(f"ratio (n_b / n_a) must be a positive number; got {ratio!r}.")
    z_crit = z_value(confidence)
    z_pow = float(sps.norm.ppf(power))
    pa, da = _shares(promoters_a, detractors_a, "_a")
    va = float(nps_variance(pa, da))
    pb, db, has_b = _group_b(pa, da, promoters_b, detractors_b, diff)
    delta = pb - db - (pa - da)
    vb = float(nps_variance(pb, db)) if has_b or diff is not None else math.nan

    n_a = _group_a_size(n, delta, va, vb, ratio=ratio, z=(z_crit, z_pow), power=power,
                        planned=has_b or diff is not None)  # fmt: skip
    n_b = max(1, math.ceil(ratio * n_a - 1e-9))
    achieved = _power(delta, va, vb, n_a, n_b, z_crit) if math.isfinite(vb) else math.nan

    mde = _mde(pa, da, va, n_a, n_b, z_crit=z_crit, power=power)
    return pd.DataFrame(
        {
            "nps_a": [100 * (pa - da)],
            "nps_b": [100 * (pb - db)],
            "diff": [100 * delta],
            "n_a": [n_a],
            "n_b": [n_b],
            "power": [achieved],
            "mde": [mde],
            "target_power": [power],
            "confidence": [confidence],
        }
    ).astype({"n_a": "int64", "n_b": "int64"})


def _group_b(pa, da, promoters_b, detractors_b, diff):
    """Group B's shares (0..1) from its own shares or from ``diff``; NaN without either."""
    has_b = promoters_b is not None or detractors_b is not None
    if has_b and diff is not None:
        raise ValueError("Give either group B's shares or diff=, not both.")
    if has_b:
        pb, db = _shares(promoters_b, detractors_b, "_b")
    elif diff is not None:
        pb, db = pa + diff / 200, da - diff / 200
        if pb < -1e-12 or db < -1e-12:
            raise ValueError(
                f"diff={diff!r} cannot be reached keeping group A's passives: B would need "
                f"{100 * pb:g}% promoters and {100 * db:g}% detractors. Fix: give "
                "promoters_b= and detractors_b= for the scenario you have in mind."
            )
        pb, db = max(pb, 0.0), max(db, 0.0)
    else:
        pb = db = math.nan
    return pb, db, has_b


def _group_a_size(n, delta, va, vb, *, ratio, z, power, planned) -> int:
    """``n`` checked, or the smallest group A size whose test reaches ``power``."""
    z_crit, z_pow = z
    if n is None:
        if not planned:
            raise ValueError("Give diff= (or group B's shares) to plan n, or n= to get the MDE.")
        if abs(delta) < 1e-12:
            raise ValueError(
                "The two groups have the same NPS: no sample size detects a 0 difference."
            )
        n_a = math.ceil((z_crit + z_pow) ** 2 * (va + vb / ratio) / delta**2 - 1e-9)

        def reached(m):
            return _power(delta, va, vb, m, max(1, math.ceil(ratio * m - 1e-9)), z_crit) >= power

        # The formula ignores the far tail; settle on the smallest n whose power reaches it.
        while n_a > 1 and reached(n_a - 1):
            n_a -= 1
        while not reached(n_a):
            n_a += 1
        n_a = max(n_a, math.ceil(MIN_N / min(ratio, 1.0)))
    else:
        if int(n) != n or n < 1:
            raise ValueError(f"n must be a positive whole number of respondents; got {n!r}.")
        n_a = int(n)
    return n_a


def _mde(pa, da, va, n_a, n_b, *, z_crit, power) -> float:
    """Minimum detectable rise in NPS points (B keeps A's passives), NaN if out of reach."""

    def shortfall(x):
        vx = float(nps_variance(pa + x / 2, da - x / 2))
        return _power(x, va, vx, n_a, n_b, z_crit) - power

    top = 2 * da
    mde = math.nan
    if top > 0 and shortfall(top) >= 0:
        mde = 100 * optimize.brentq(shortfall, 1e-12, top, xtol=1e-12)
    return mde
