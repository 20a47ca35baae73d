"""Old module paths (before the subpackages) keep working for one release.

``import nps_toolkit.segments`` gives the module ``nps_toolkit.score.estimate``
itself (so patching through the old path patches the real module) with a
FutureWarning naming the new path, the way seaborn renames arguments.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types
import warnings

# old module -> new module (or the modules it was split into, searched in order);
# the tree is described in CONTRIBUTING.md.
MOVED = {
    "nps_toolkit._checks": "nps_toolkit._validation",
    "nps_toolkit.scores": "nps_toolkit.score.scales",
    "nps_toolkit.stats": "nps_toolkit.score.stats",
    "nps_toolkit.segments": "nps_toolkit.score.estimate",
    "nps_toolkit.significance": "nps_toolkit.score.significance",
    "nps_toolkit.power": "nps_toolkit.score.power",
    "nps_toolkit.backends": "nps_toolkit.score.engines",
    "nps_toolkit.drivers": "nps_toolkit.score.drivers",
    "nps_toolkit.io_account": "nps_toolkit.io.account",
    "nps_toolkit.io_binary": "nps_toolkit.io.binary",
    "nps_toolkit.io_columns": (
        "nps_toolkit.io.columns",
        "nps_toolkit.io.dates",
        "nps_toolkit.io.screens",
        "nps_toolkit.io.arrowtext",
    ),
    "nps_toolkit.io_orders": "nps_toolkit.io.orders",
    "nps_toolkit.io_platforms": "nps_toolkit.io.platforms",
    "nps_toolkit.io_quality": "nps_toolkit.io.quality",
    "nps_toolkit.io_read": (
        "nps_toolkit.io.records",
        "nps_toolkit.io.readfile",
        "nps_toolkit.io.textfile",
        "nps_toolkit.io.fastcsv",
    ),
    "nps_toolkit.io_survey": "nps_toolkit.io.frame",
    "nps_toolkit.respondents": "nps_toolkit.io.respondents",
    "nps_toolkit.text": "nps_toolkit.comments.terms",
    "nps_toolkit.themes": "nps_toolkit.comments.themes",
    "nps_toolkit.sentiment": "nps_toolkit.comments.sentiment",
    "nps_toolkit.privacy": "nps_toolkit.comments.privacy",
    "nps_toolkit.followup": "nps_toolkit.comments.followup",
    "nps_toolkit.outcomes": "nps_toolkit.repeat.outcomes",
    "nps_toolkit.models": "nps_toolkit.repeat.models",
    "nps_toolkit.evaluation": "nps_toolkit.repeat.evaluation",
    "nps_toolkit.whatif": "nps_toolkit.repeat.whatif",
    "nps_toolkit._design": "nps_toolkit.repeat.design",
    "nps_toolkit.cli": "nps_toolkit.report.cli",
    "nps_toolkit.demo_comments": "nps_toolkit.datasets.phrases",
}


def _targets(old: str) -> tuple[str, ...]:
    new = MOVED[old]
    return (new,) if isinstance(new, str) else tuple(new)


class _SplitModule(types.ModuleType):
    """An old module split into several: a name is looked up in each, in order."""

    def __init__(self, name: str, parts: tuple[str, ...]):
        super().__init__(name, f"Moved to {', '.join(parts)}.")
        self._parts = parts

    def __getattr__(self, name: str):
        for part in self._parts:
            module = importlib.import_module(part)
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(
            f"module {self.__name__!r} (moved to {', '.join(self._parts)}) has no attribute {name!r}"
        )


class _MovedLoader(importlib.abc.Loader):
    def create_module(self, spec):
        parts = _targets(spec.name)
        warnings.warn(
            f"{spec.name} moved to {' / '.join(parts)}; import it from there (or use the "
            "names exported by nps_toolkit). The old path stops working in the next release.",
            FutureWarning,
            stacklevel=2,
        )
        if len(parts) == 1:
            return importlib.import_module(parts[0])
        return _SplitModule(spec.name, parts)

    def exec_module(self, module):
        pass  # the new module is already executed


class MovedModuleFinder(importlib.abc.MetaPathFinder):
    """Finds the old module paths of :data:`MOVED`."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, _MovedLoader())


def install() -> None:
    if not any(isinstance(f, MovedModuleFinder) for f in sys.meta_path):
        sys.meta_path.append(MovedModuleFinder())
