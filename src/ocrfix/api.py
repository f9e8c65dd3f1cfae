"""The public verbs: :func:`clean`, :func:`split` and :func:`explain`."""
from __future__ import annotations

from dataclasses import dataclass

from . import pipeline, render
from .config import DEFAULT, Config
from .page import Item
from .pipeline import Change


def clean(text: str, config: Config = DEFAULT) -> str:
    """Clean one page: one paragraph per line, headline and byline lines of their own,
    a blank line between blocks."""
    return render.clean_text(pipeline.run(text, config, items=False).paragraphs)


def split(text: str, config: Config = DEFAULT) -> list[Item]:
    """Split one page into items (articles, captions, other fragments) in page order."""
    return pipeline.run(text, config).items


@dataclass(frozen=True)
class Explanation:
    """The cleaned text, the items, and every change the steps made, in order."""

    text: str
    items: list[Item]
    changes: list[Change]
    headline_order: str


def explain(text: str, config: Config = DEFAULT) -> Explanation:
    """Clean and split one page and record which step changed what, with raw line numbers."""
    result = pipeline.run(text, config, trace=True)
    return Explanation(render.clean_text(result.paragraphs), result.items, result.changes, result.headline_order)
