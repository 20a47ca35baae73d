"""Data: the seeded demo survey with its planted truth, and the bundled real survey.

Modules: ``demo`` (``make_demo``, ``load_demo``, ``demo_truth``, ``load_botanic``,
the demo files' folders), ``generate`` (the seeded generator behind ``make_demo``),
``truth`` (``TRUTH``, every planted parameter; ``THEMES``, ``RATINGS``) and
``phrases`` (the comment phrase banks; ``phrases_en``, ``phrases_europe``,
``phrases_asia`` behind it).
Run ``python -m nps_toolkit.datasets --out data/demo`` to regenerate the files.
"""

from nps_toolkit._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        ".demo": ["Demo", "demo_truth", "load_botanic", "load_demo", "make_demo"],
        ".truth": ["THEMES", "TRUTH"],
    },
)
