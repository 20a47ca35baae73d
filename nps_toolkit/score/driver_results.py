"""Named results of the key-driver analysis (issue 12: no second results in ``attrs``).

* :class:`KeyDrivers` from :func:`nps_toolkit.score.drivers.key_drivers`;
* :class:`DriverPriority` from :func:`nps_toolkit.score.drivers.driver_priority`.

For one release, code that uses the result as its table keeps working with a
``FutureWarning`` (:class:`nps_toolkit._results.NamedResult`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from nps_toolkit._results import NamedResult

__all__ = ["DriverPriority", "KeyDrivers"]


@dataclass(frozen=True, eq=False, repr=False)
class KeyDrivers(NamedResult):
    """What :func:`~nps_toolkit.score.drivers.key_drivers` returns.

    Attributes
    ----------
    table : DataFrame
        One row per driver, most important first (columns listed in ``key_drivers``).
    r2 : float
        R² of the regression of the score on all the drivers.
    n_excluded : dict of str to int
        Rows left out: ``missing <column>`` and ``rows dropped (listwise)``.
    """

    main = "table"
    function = "key_drivers"

    table: pd.DataFrame
    r2: float
    n_excluded: dict


@dataclass(frozen=True, eq=False, repr=False)
class DriverPriority(NamedResult):
    """What :func:`~nps_toolkit.score.drivers.driver_priority` returns.

    Attributes
    ----------
    table : DataFrame
        One row per driver with its importance, performance and quadrant.
    importance_split : float
        The importance (% of R²) splitting high from low: an equal share, ``100 / p``.
    performance_split : float
        The performance (mean rating) splitting high from low: the mean of the means.
    r2 : float
        R² of the regression of the score on all the drivers.
    """

    main = "table"
    function = "driver_priority"

    table: pd.DataFrame
    importance_split: float
    performance_split: float
    r2: float
