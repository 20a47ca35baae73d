"""report.summary_parts: the summary's containers, their Markdown and the skipped sentence."""

from nps_toolkit.report import summary
from nps_toolkit.report.summary_parts import Section, Skipped, Summary


def test_sections_and_skipped_sections_read_as_written_by_hand():
    s = Summary(
        sections=[Section("The score", ["**NPS +12**.", "Rows left out: 3."])],
        skipped=[
            ("Where it differs", "no segment columns were given"),
            ("When it changed", "the survey has no response dates"),
            ("What drives the score?", "no segment columns were given"),
        ],
    )
    # sections skipped for one reason are named together, first letter lowered, "?" dropped
    assert s.skipped_sentence() == (
        "Not covered here: where it differs and what drives the score (no segment columns were "
        "given); when it changed (the survey has no response dates)."
    )
    assert s.sentences == ["**NPS +12**.", "Rows left out: 3.", s.skipped_sentence()]
    assert s.markdown() == (
        "## The score\n\n**NPS +12**.\n\nRows left out: 3.\n\n" + s.skipped_sentence()
    )
    assert Summary(sections=s.sections).sentences == s.sections[0].sentences  # nothing skipped


def test_skipped_carries_its_reason_and_old_imports_still_work():
    assert str(Skipped("no purchase data was given")) == "no purchase data was given"
    assert summary.Skipped is Skipped and summary.Summary is Summary
    assert summary.Section is Section
