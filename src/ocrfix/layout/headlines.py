"""Group headline lines into kicker, title and subtitle, and find where headlines sit.

A headline cluster is a run of headline blocks with nothing but blank lines between.
Read in order: a one-line block above a title is its kicker (引题), a block starting
with —— is the subtitle (副题), lines of one block make one title; whatever is left is
a fragment of its own. On a page, headlines either all precede their bodies or the
OCR put them all after; the page's first and last units tell which.

Before: 深入对接 优化环境 紧盯项目 / (blank) / 示范区院（校）地科技合作驶入“快车道”
After:  kicker=深入对接 优化环境 紧盯项目  title=示范区院（校）地科技合作驶入“快车道”
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..page import Paragraph
from . import signals

ID = "layout-headlines"
SCOPE = "layout"
DEFAULT = True


@dataclass(slots=True)
class Cluster:
    """One headline cluster, parsed."""

    parts: list[Paragraph]
    kicker: Paragraph | None = None
    title: Paragraph | None = None
    subtitle: Paragraph | None = None
    leftovers: list[Paragraph] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.parts[0].first

    @property
    def last(self) -> int:
        return self.parts[-1].last


def parse(parts: list[Paragraph]) -> Cluster:
    """Kicker, title and subtitle of a run of headline blocks, in reading order."""
    cluster = Cluster(parts)
    rest = list(parts)
    if len(rest) >= 2 and not _is_subtitle(rest[0]) and not _is_subtitle(rest[1]) and _kicker_like(rest[0], rest[1]):
        cluster.kicker = rest.pop(0)
    if rest and not _is_subtitle(rest[0]):
        cluster.title = rest.pop(0)
    if rest and _is_subtitle(rest[0]):
        cluster.subtitle = rest.pop(0)
    cluster.leftovers = rest
    return cluster


def _is_subtitle(p: Paragraph) -> bool:
    return signals.SUBTITLE_START.match(p.text) is not None


def _kicker_like(first: Paragraph, second: Paragraph) -> bool:
    """A kicker is one line, no longer than the title below it, or set in phrases."""
    one_line = first.first == first.last
    return one_line and (len(first.text) <= len(second.text) or " " in first.text)


def clusters(paragraphs: list[Paragraph]) -> list[tuple[int, int]]:
    """Index ranges [start, end) of the runs of headline paragraphs."""
    out, start = [], None
    for i, p in enumerate(paragraphs + [Paragraph("", 0, 0, "body")]):
        if p.role == "heading" and start is None:
            start = i
        elif p.role != "heading" and start is not None:
            out.append((start, i))
            start = None
    return out


def detect_order(paragraphs: list[Paragraph]) -> str:
    """``before`` when the page opens with a headline, ``after`` when it closes with one
    (photo captions and credits aside); ``before`` when it cannot tell."""
    text = [p for p in paragraphs if p.role != "credit" and not signals.ARROW_START.match(p.text)]
    if not text:
        return "before"
    opens = text[0].role == "heading"
    closes = text[-1].role == "heading"
    if closes and not opens:
        return "after"
    if opens and not closes:
        return "before"
    # Both or neither: count the clusters that stand right after a body's last sentence
    # and right before an article's opening (a dateline or a byline).
    after = before = 0
    for start, end in clusters(paragraphs):
        prev = paragraphs[start - 1] if start else None
        nxt = paragraphs[end] if end < len(paragraphs) else None
        if nxt is None or nxt.role == "byline" or signals.starts_dateline(nxt.text):
            after += prev is not None and prev.role == "body"
        if prev is None or prev.role in ("body", "credit"):
            before += nxt is not None and nxt.role in ("body", "byline")
    return "after" if after > before else "before"


def run(state, *, config, trace) -> None:
    order = config.headlines
    if order == "auto":
        order = detect_order(state.paragraphs)
    state.headline_order = order
    for start, end in clusters(state.paragraphs):
        cluster = parse(state.paragraphs[start:end])
        trace.record(ID, cluster.first, cluster.last, " / ".join(p.text for p in cluster.parts),
                     f"kicker={_t(cluster.kicker)} title={_t(cluster.title)} subtitle={_t(cluster.subtitle)}",
                     f"headline cluster; headlines {order} their bodies")


def _t(p: Paragraph | None) -> str:
    return p.text if p else "-"
