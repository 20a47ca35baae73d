"""The containers of the executive summary: a section, the summary, and a skipped section.

:mod:`nps_toolkit.report.summary` fills them from the notebooks' results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Section", "Skipped", "Summary"]


class Skipped(Exception):
    """A summary section with nothing to say; ``str(exc)`` is the reason."""


@dataclass
class Section:
    """One heading of the summary and its sentences."""

    heading: str
    sentences: list[str]

    def markdown(self) -> str:
        """The section as Markdown: a ``##`` heading, then its sentences."""
        return f"## {self.heading}\n\n" + "\n\n".join(self.sentences)


@dataclass
class Summary:
    """The executive summary: its sections and the sections skipped with a reason.

    Attributes
    ----------
    sections : list of Section
        Sections with something to say, in order.
    skipped : list of (str, str)
        ``(heading, reason)`` of the sections with nothing to say.
    """

    sections: list[Section] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def sentences(self) -> list[str]:
        """Every sentence, in order (the skipped sections' sentence last)."""
        said = [s for section in self.sections for s in section.sentences]
        return said + ([self.skipped_sentence()] if self.skipped else [])

    def skipped_sentence(self) -> str:
        """One sentence naming every skipped section and why (sections with one reason together)."""
        by_reason: dict[str, list[str]] = {}
        for heading, reason in self.skipped:
            by_reason.setdefault(reason, []).append(heading[:1].lower() + heading[1:].rstrip("?"))
        parts = []
        for reason, headings in by_reason.items():
            names = (
                ", ".join(headings[:-1]) + " and " + headings[-1]
                if len(headings) > 1
                else headings[0]
            )
            parts.append(f"{names} ({reason})")
        return "Not covered here: " + "; ".join(parts) + "."

    def markdown(self) -> str:
        """The summary as Markdown: a ``##`` heading per section."""
        blocks = [s.markdown() for s in self.sections]
        if self.skipped:
            blocks.append(self.skipped_sentence())
        return "\n\n".join(blocks)

    def _repr_markdown_(self) -> str:
        return self.markdown()
