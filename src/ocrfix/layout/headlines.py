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

import re
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


LEAD_CHARS = 160  # how much of an article's opening a headline is compared with


def detect_order(paragraphs: list[Paragraph]) -> str:
    """Whether the page's headlines stand ``before`` or ``after`` their bodies.

    Two kinds of evidence, added up: a page that opens with a headline has them before,
    one that closes with a headline (captions aside) after; and a headline shares more
    words with its own article's opening than with the next one's, so each headline
    votes for the side whose opening it resembles. ``before`` when nothing tells."""
    text = [p for p in paragraphs if p.role not in ("credit", "furniture") and not signals.arrow_start(p.text)]
    if not text:
        return "before"
    votes = 0.0  # > 0: after, < 0: before
    votes -= 1.0 if text[0].role == "heading" else 0.0
    votes += 1.0 if text[-1].role == "heading" else 0.0
    spans = clusters(paragraphs)
    bodies = [(0, spans[0][0] if spans else len(paragraphs))]
    bodies += [(end, spans[k + 1][0] if k + 1 < len(spans) else len(paragraphs)) for k, (_, end) in enumerate(spans)]
    leads = [_han(_lead(paragraphs[a:b])) for a, b in bodies]
    for k, (start, end) in enumerate(spans):
        title = _bigrams("".join(p.text for p in paragraphs[start:end]))
        votes += _resemblance(title, leads[k]) - _resemblance(title, leads[k + 1])
    return "after" if votes > 0 else "before"


def _lead(paragraphs: list[Paragraph]) -> str:
    return "".join(p.text for p in paragraphs if p.role == "body")[:LEAD_CHARS]


_NOT_HAN = re.compile("[^\u3400-\u9fff]+")  # (stdlib re: literal ranges, a cheaper call)


def _han(text: str) -> str:
    """The Han characters of ``text``, whatever stands between them."""
    return _NOT_HAN.sub("", text)


def _bigrams(text: str) -> set[str]:
    """The pairs of successive Han characters in ``text``."""
    han = _han(text)
    return {a + b for a, b in zip(han, han[1:])}


def _resemblance(title: set[str], lead: str) -> float:
    """The share of the headline's character pairs (``title``, as :func:`_bigrams`)
    found in an article's opening (``lead``, as :func:`_han`). A pair found in the
    opening's Han characters is one of its pairs: no set of the opening is built."""
    return sum(pair in lead for pair in title) / len(title) if title else 0.0


def order_of(paragraphs: list[Paragraph], config) -> str:
    """The order asked for, or (``auto``) the one the page shows."""
    return detect_order(paragraphs) if config.headlines == "auto" else config.headlines


def run(state, *, config, trace) -> None:
    order = state.headline_order = order_of(state.paragraphs, config)
    for start, end in clusters(state.paragraphs) if trace.on else ():
        cluster = parse(state.paragraphs[start:end])
        trace.record(ID, cluster.first, cluster.last, " / ".join(p.text for p in cluster.parts),
                     f"kicker={_t(cluster.kicker)} title={_t(cluster.title)} subtitle={_t(cluster.subtitle)}",
                     f"headline cluster; headlines {order} their bodies")


def _t(p: Paragraph | None) -> str:
    return p.text if p else "-"
