"""Output forms: clean text, and items as txt, md, json and JSON Lines."""
from __future__ import annotations

import json
import re
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


# Markdown that plain text may hold by accident: emphasis, code, links, HTML tags,
# escapes (anywhere); a heading, quote, list item or rule (at the start of a paragraph).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>~|])")
_MD_START = re.compile(r"^([ \t]*)([#+=-])", re.M)
_MD_NUMBERED = re.compile(r"^([ \t]*\d+)([.)])", re.M)


def md_escape(text: str) -> str:
    """``text`` with a backslash before whatever Markdown would read as markup, so that
    it renders as printed.

    >>> print(md_escape("# 第一 *重点* <b>1. 2_3"))
    \\# 第一 \\*重点\\* \\<b\\>1. 2\\_3
    >>> print(md_escape("1. 一"), md_escape("- 二"), md_escape("本报讯（记者）"))
    1\\. 一 \\- 二 本报讯（记者）
    """
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_START.sub(r"\1\\\2", text)
    return _MD_NUMBERED.sub(r"\1\\\2", text)


def item_md(item: Item) -> str:
    lines: list[str] = []
    if item.kicker:
        lines.append(f"*{md_escape(item.kicker)}*\n")
    if item.title:
        lines.append(f"# {md_escape(item.title)}\n")
    if item.subtitle:
        lines.append(f"## {md_escape(item.subtitle)}\n")
    if item.byline and not _is_credit(item):
        lines.append(f"**{md_escape(item.byline)}**\n")
    subheads = set(item.subheads)
    lines.extend(f"### {md_escape(p)}\n" if k in subheads else f"{md_escape(p)}\n"
                 for k, p in enumerate(item.paragraphs))
    if item.byline and _is_credit(item):
        lines.append(f"*{md_escape(item.byline)}*\n")
    return "\n".join(lines)


def item_json(item: Item, **extra) -> str:
    data = item.to_dict()
    data.update(extra)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def item_jsonl(item: Item, **extra) -> str:
    data = item.to_dict()
    data.update(extra)
    return json.dumps(data, ensure_ascii=False) + "\n"


def _is_credit(item: Item) -> bool:
    """A photo credit (…摄) stands after the caption it belongs to, not above it."""
    return bool(item.byline) and (item.kind == "caption" or conventions.is_credit(conventions.fold(item.byline)))


FORMATS = {"txt": item_txt, "md": item_md, "json": item_json}
#: What stands between two items printed one after the other (``split --format md``
#: without ``-o``): a blank line, a Markdown rule.
SEPARATORS = {"txt": "\n", "md": "\n---\n\n", "json": ""}
