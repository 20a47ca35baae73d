"""report.repeat_texts: each section of notebook 03 is a numbered heading and an explanation."""

from __future__ import annotations

import re

from nps_toolkit.report.repeat_texts import REPEAT_SECTIONS


def test_every_section_is_a_numbered_heading_then_a_paragraph():
    for name, text in REPEAT_SECTIONS.items():
        heading, blank, *body = text.split("\n")
        assert re.fullmatch(r"## \{n\}\. \S.*", heading), name
        assert blank == "" and body and body[0].strip(), name
        assert "{n}" not in "\n".join(body), name  # one number, in the heading


def test_count_texts_never_describe_orders():
    for name in ("count_outcome", "count_rates", "count_model"):
        text = REPEAT_SECTIONS[name]
        assert "order" not in text.lower() and "Wilson" not in text and "logistic" not in text
