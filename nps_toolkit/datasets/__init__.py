"""Data: the seeded demo survey with its planted truth, and the bundled real survey.

``make_demo``/``load_demo``/``demo_truth``/``TRUTH`` (module ``demo``; the
comment phrase banks in ``phrases``), ``load_botanic`` (the real French survey).
Run ``python -m nps_toolkit.datasets --out data/demo`` to regenerate the files.
"""

from nps_toolkit._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {".demo": ["Demo", "TRUTH", "demo_truth", "load_botanic", "load_demo", "make_demo"]},
)
