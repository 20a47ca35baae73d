"""Themes of comments: every public name of the theme modules, in one place.

The theme code lives in one module per concern (all importable from here, as
before, and from ``nps_toolkit.comments``):

- :mod:`~nps_toolkit.comments.dictionary`: the packs (``theme_packs/*.yaml``:
  the cross-industry ``default``, ``ecommerce``, ``telecom``, ``software``,
  ``retail``, ``hospitality``, ``banking``), :func:`load_themes`, :func:`fold`,
  :data:`DEFAULT_THEMES`.
- :mod:`~nps_toolkit.comments.tagging`: :func:`tag_themes`, language-aware.
- :mod:`~nps_toolkit.comments.impact`: :func:`theme_impact`, what a theme does to NPS.
- :mod:`~nps_toolkit.comments.review`: :func:`theme_review` (matched keywords and
  examples, to check precision) and :func:`theme_tone` (share of negative and
  positive mentions).
- :mod:`~nps_toolkit.comments.change`: :func:`theme_change`, why NPS moved
  between two periods, theme by theme.
- :mod:`~nps_toolkit.comments.topics`: :class:`TopicDiscovery`, for what the
  dictionary misses, with readable labels and a starter YAML.

A *mention* is not a complaint: "delivery was not late" mentions delivery.
"""

from nps_toolkit.comments.change import theme_change
from nps_toolkit.comments.dictionary import (
    DEFAULT_THEMES,
    PACKS,
    THEME_FILE,
    fold,
    load_themes,
)
from nps_toolkit.comments.impact import theme_impact
from nps_toolkit.comments.review import ThemeReview, theme_review, theme_tone
from nps_toolkit.comments.tagging import matching_languages, tag_themes
from nps_toolkit.comments.topics import TopicDiscovery

__all__ = [
    "DEFAULT_THEMES",
    "PACKS",
    "THEME_FILE",
    "ThemeReview",
    "TopicDiscovery",
    "fold",
    "load_themes",
    "matching_languages",
    "tag_themes",
    "theme_change",
    "theme_impact",
    "theme_review",
    "theme_tone",
]
