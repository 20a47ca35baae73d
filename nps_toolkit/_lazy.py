"""Lazy exports of a package (PEP 562): a name's module is imported on first use.

Why: ``import nps_toolkit`` (and each subpackage) stays cheap, so a report kernel
that needs ``nps()`` does not pay for statsmodels, scikit-learn or DuckDB.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence


def lazy_exports(package: str, exports: Mapping[str, Sequence[str]]):
    """Return ``(__getattr__, __dir__, __all__)`` for ``package``.

    ``exports`` maps a module (relative to ``package``, e.g. ``".estimate"``) to
    the public names it defines.
    """
    where = {name: module for module, names in exports.items() for name in names}
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str):
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value  # cache: later look-ups skip __getattr__
        return value

    def __dir__():
        return sorted(set(namespace) | set(where))

    return __getattr__, __dir__, sorted(where)
