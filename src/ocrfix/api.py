"""The public verbs: :func:`clean`, :func:`split` and :func:`explain`."""
from __future__ import annotations

from dataclasses import dataclass

from . import pipeline, render
from .config import DEFAULT, Config
from .page import Item
from .pipeline import Change


def _text(text: object, verb: str) -> str:
    """``text`` if it is a str; otherwise a TypeError that says what to pass instead."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(f"ocrfix.{verb}() takes text (str), not {type(text).__name__}: decode it first, "
                        "e.g. data.decode('utf-8'), or ocrfix.io.read_text(data) to detect UTF-8, UTF-16 or GB18030")
    raise TypeError(f"ocrfix.{verb}() takes text (str), not {type(text).__name__}")


def clean(text: str, config: Config = DEFAULT) -> str:
    """Clean one page: one paragraph per line, headline and byline lines of their own,
    a blank line between blocks."""
    text = _text(text, "clean")
    return render.clean_text(pipeline.run(text, config, items=False).paragraphs)


def split(text: str, config: Config = DEFAULT) -> list[Item]:
    """Split one page into items (articles, captions, other fragments) in page order."""
    text = _text(text, "split")
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
    text = _text(text, "explain")
    result = pipeline.run(text, config, trace=True)
    return Explanation(render.clean_text(result.paragraphs), result.items, result.changes, result.headline_order)
