"""Output forms: clean text, and items as txt, md, json and JSON Lines."""
from __future__ import annotations

import json
from typing import Iterable

from . import conventions
from .page import Item, Paragraph


def clean_text(paragraphs: Iterable[Paragraph]) -> str:
    """Paragraphs in page order, one per line; a blank line wherever the role changes
    (headline lines, bylines, body text) and between the groups of a headline."""
    out: list[str] = []
    previous = None
    for p in paragraphs:
        lines = p.groups if p.role == "heading" and p.groups else [p.text]
        if previous is not None and (p.role != previous or p.role == "heading"):
            out.append("")
        for i, line in enumerate(lines):
            if i:
                out.append("")
            out.append(line)
        previous = p.role
    return "\n".join(out) + ("\n" if out else "")


def item_txt(item: Item) -> str:
    head = [t for t in (item.kicker, item.title, item.subtitle, item.byline if not _is_credit(item) else None) if t]
    body = list(item.paragraphs)
    if _is_credit(item):
        body.append(item.byline)
    text = "\n".join(head)
    if head and body:
        text += "\n\n"
    text += "\n\n".join(body)
    return text + "\n"


def item_md(item: Item) -> str:
    lines: list[str] = []
    if item.kicker:
        lines.append(f"*{item.kicker}*\n")
    if item.title:
        lines.append(f"# {item.title}\n")
    if item.subtitle:
        lines.append(f"## {item.subtitle}\n")
    if item.byline and not _is_credit(item):
        lines.append(f"**{item.byline}**\n")
    lines.extend(f"{p}\n" for p in item.paragraphs)
    if item.byline and _is_credit(item):
        lines.append(f"*{item.byline}*\n")
    return "\n".join(lines)


def item_json(item: Item) -> str:
    return json.dumps(item.to_dict(), ensure_ascii=False, indent=2) + "\n"


def item_jsonl(item: Item, **extra) -> str:
    data = item.to_dict()
    data.update(extra)
    return json.dumps(data, ensure_ascii=False) + "\n"


def _is_credit(item: Item) -> bool:
    """A photo credit (…摄) stands after the caption it belongs to, not above it."""
    return bool(item.byline) and (item.kind == "caption" or conventions.is_credit(conventions.fold(item.byline)))


FORMATS = {"txt": item_txt, "md": item_md, "json": item_json}
