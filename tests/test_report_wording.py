"""Numbers in words for the report's sentences (nps_toolkit.report.wording)."""

import pytest

from nps_toolkit.report.wording import duration


@pytest.mark.parametrize(
    ("window", "words"),
    [("180D", "180 days"), ("26W", "26 weeks"), ("1D", "1 day"), ("12h", "12 hours"),
     ("90 days", "90 days"), ("6 months", "6 months")],
)  # fmt: skip
def test_duration_in_words(window, words):
    assert duration(window) == words
