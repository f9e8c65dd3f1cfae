"""The typed page model: raw lines keep their 1-based numbers through every stage.

    Line (number, text)  ->  Paragraph (text, lines, role)  ->  Item (kind, parts)

A :class:`Paragraph` is any unit the layout finds: body text rejoined from column
lines, a headline line group, a byline, a photo credit. An :class:`Item` is one
article, caption or left-over fragment of the page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["body", "heading", "byline", "credit", "furniture"]
Kind = Literal["article", "caption", "other"]


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line as OCR gave it (``raw``) and after the line rules (``text``)."""

    number: int
    text: str
    raw: str = ""


@dataclass(slots=True)
class Paragraph:
    """A unit of text with the raw lines it came from (first and last, 1-based)."""

    text: str
    first: int
    last: int
    role: Role = "body"
    # Why this paragraph ended where it did (for ``explain``).
    reason: str = ""
    # Set in a column of another width than the text before it: an article may start here.
    new_column: bool = False
    # Blank-line-separated groups inside a heading cluster, one string per group.
    groups: list[str] = field(default_factory=list)
    # The column widths its first and last lines were set in (body text; 0 unknown).
    columns: tuple[float, float] = (0.0, 0.0)
    # A headline's printed lines, (line number, text): where two headlines stand as one.
    lines: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class Item:
    """One output item of a page, in page order."""

    kind: Kind
    first: int
    last: int
    title: str | None = None
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    dateline: str | None = None
    # Who wrote or photographed it, with the role printed: {"role": "记者", "name": "王明"}.
    reporters: list[dict[str, str]] = field(default_factory=list)
    # In-body subheads: indices into ``paragraphs``.
    subheads: list[int] = field(default_factory=list)
    # Parts with their line spans, for --verify and explain: (field, text, first, last).
    parts: list[tuple[str, str, int, int]] = field(default_factory=list)

    @property
    def source_lines(self) -> tuple[int, int]:
        return (self.first, self.last)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "dateline": self.dateline,
            "reporters": [dict(person) for person in self.reporters],
            "paragraphs": list(self.paragraphs),
            "subheads": list(self.subheads),
            "source_lines": [self.first, self.last],
        }
