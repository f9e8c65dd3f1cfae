"""Render an :class:`ocrfix.api.Explanation` for people (plain or rich) and for tools (JSON).

Changes are grouped by step, in registry order, one line each::

    join-lines  Rejoin lines the column width broke
      L12-14  本报讯…植树 → 本报讯植树  (full-width continuation)

Long texts are cut to the part that changed, with a little context either side.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .registry import BY_ID, STEPS

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from .api import Explanation
    from .page import Item
    from .pipeline import Change

# How much of a long before/after text to show: the changed part plus this much context.
CONTEXT = 12
SHORT = 40
NEWLINE = "⏎"
EDGE_SPACE = "␣"
_SPACES = " \t\u3000"
ARROW = "→"

_ORDER = {step.id: index for index, step in enumerate(STEPS)}


@dataclass(frozen=True)
class Group:
    """The changes of one step."""

    step: str
    description: str
    changes: list["Change"]


def groups(expl: "Explanation") -> list[Group]:
    """The changes grouped by step, in registry order. A step id the registry does not know
    (a layout stage may record sub-steps such as ``join-lines``) sorts right after the
    registered step whose change came before it."""
    by_step: dict[str, list[Change]] = {}
    rank: dict[str, float] = {}
    last_known = -1.0
    for change in expl.changes:
        if change.step in _ORDER:
            last_known = _ORDER[change.step]
        if change.step not in by_step:
            by_step[change.step] = []
            rank[change.step] = _ORDER.get(change.step, last_known + 0.5)
        by_step[change.step].append(change)
    ordered = sorted(by_step, key=lambda step: rank[step])  # stable: ties keep first appearance
    return [Group(step, BY_ID[step].description if step in BY_ID else "", by_step[step]) for step in ordered]


def lines_label(first: int, last: int) -> str:
    """``L12`` or ``L12-14``."""
    return f"L{first}" if first == last else f"L{first}-{last}"


def excerpt(before: str, after: str, *, context: int = CONTEXT, short: int = SHORT) -> tuple[str, str]:
    """The part of ``before`` and ``after`` that differs, with ``context`` characters either side.

    >>> excerpt("本报讯 （记者郭树勋） 植树", "本报讯（记者郭树勋）植树", context=2, short=5)
    ('…报讯 （记者郭树勋） 植树', '…报讯（记者郭树勋）植树')
    >>> excerpt("第一行\\n第二行", "第一行第二行")
    ('第一行⏎第二行', '第一行第二行')
    >>> excerpt(" 本报讯\u3000", "本报讯")
    ('␣本报讯␣', '本报讯')
    """
    before, after = _visible(before), _visible(after)
    if len(before) <= short and len(after) <= short:
        return before, after
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    start = max(0, prefix - context)
    return _cut(before, start, suffix, context), _cut(after, start, suffix, context)


def _visible(text: str) -> str:
    """Newlines as ⏎, and spaces at either end as ␣ (they are what a trim rule changes)."""
    text = text.replace("\n", NEWLINE)
    body = text.strip(_SPACES)
    if not body:
        return EDGE_SPACE * len(text)
    start = text.index(body)
    return EDGE_SPACE * start + body + EDGE_SPACE * (len(text) - start - len(body))


def _cut(text: str, start: int, suffix: int, context: int) -> str:
    end = min(len(text), len(text) - suffix + context)
    middle = text[start:end]
    if len(middle) > 2 * SHORT:  # changes far apart: keep the ends of the changed stretch
        middle = middle[:SHORT] + "…" + middle[-SHORT:]
    return ("…" if start > 0 else "") + middle + ("…" if end < len(text) else "")


def change_parts(change: "Change") -> tuple[str, str, str, str]:
    """(lines, before, after, note) as shown: before and after cut to what changed."""
    before, after = excerpt(change.before, change.after) if (change.before or change.after) else ("", "")
    return lines_label(change.first, change.last), before, after, change.note


def _item_summary(number: int, item: "Item") -> str:
    title = item.title or (item.paragraphs[0][:20] + "…" if item.paragraphs and len(item.paragraphs[0]) > 20
                           else item.paragraphs[0] if item.paragraphs else "")
    return f"{number:>3}. {item.kind:<7} {lines_label(item.first, item.last):<9} {title}"


def _heading(expl: "Explanation") -> str:
    count = len(expl.changes)
    return f"{count} change{'s' if count != 1 else ''}; headlines sit {expl.headline_order} their articles"


def render_plain(expl: "Explanation") -> str:
    """The explanation as plain text: one block per step, then the items found."""
    out = [_heading(expl)]
    for group in groups(expl):
        out.append("")
        out.append(f"{group.step}  {group.description}".rstrip())
        for change in group.changes:
            lines, before, after, note = change_parts(change)
            row = f"  {lines:<9}"
            if before == after:  # a layout note about text it kept as is
                row += f" {before}" if before else ""
            else:
                row += f" {before} {ARROW} {after}"
            if note:
                row += f"  ({note})"
            out.append(row.rstrip())
    if expl.items:
        out.append("")
        out.append(f"items ({len(expl.items)})")
        out.extend(_item_summary(n, item) for n, item in enumerate(expl.items, start=1))
    return "\n".join(out) + "\n"


def render_rich(expl: "Explanation", console: "Console") -> None:
    """The same as :func:`render_plain`, with colours (rich drops them when not a terminal)."""
    from rich.text import Text

    console.print(Text(_heading(expl), style="bold"))
    for group in groups(expl):
        console.print()
        console.print(Text.assemble((group.step, "bold cyan"), "  ", (group.description, "dim")))
        for change in group.changes:
            lines, before, after, note = change_parts(change)
            row = Text.assemble("  ", (f"{lines:<9}", "dim"))
            if before == after:
                if before:
                    row.append(f" {before}")
            else:
                row.append(" ")
                row.append(before, style="red")
                row.append(f" {ARROW} ", style="dim")
                row.append(after, style="green")
            if note:
                row.append(f"  ({note})", style="yellow")
            console.print(row, soft_wrap=True)
    if expl.items:
        console.print()
        console.print(Text(f"items ({len(expl.items)})", style="bold"))
        for n, item in enumerate(expl.items, start=1):
            console.print(Text(_item_summary(n, item)), soft_wrap=True)


def to_json(expl: "Explanation") -> dict[str, Any]:
    """The explanation as plain data, full texts, for ``--format json``::

        {"headline_order", "text", "steps": [{"step", "description", "changes":
          [{"step", "lines": [first, last], "before", "after", "note"}]}], "items": [...]}
    """
    return {
        "headline_order": expl.headline_order,
        "text": expl.text,
        "steps": [
            {"step": g.step, "description": g.description, "changes": [c.to_dict() for c in g.changes]}
            for g in groups(expl)
        ],
        "items": [item.to_dict() for item in expl.items],
    }
