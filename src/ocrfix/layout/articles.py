"""Split the page's paragraphs into articles, photo captions and other fragments.

An article opens at a dateline paragraph, a stand-alone byline or a headline cluster
that belongs to the story below it; a cluster that belongs to the story above closes
that article (headlines.sides decides, per cluster). A headline-like paragraph inside a
story is a subhead and stays in its article. A paragraph followed by a photo credit
(…摄), or pointing at its photo with an arrow, is a caption; where it broke into a
sentence of the article, the paragraph goes on after it. Nothing is dropped: a
headline with no body, or a block that belongs to no article, becomes an ``other`` item.

Before: 本报讯（记者甲）… / 正文。 / 标题 / 本报讯（记者乙）… / 正文。 / 标题
After:  [article 标题: 本报讯（记者甲）…] [article 标题: 本报讯（记者乙）…]
"""
from __future__ import annotations

from .. import conventions
from ..page import Item, Paragraph
from . import headlines, signals

ID = "layout-articles"
SCOPE = "layout"
DEFAULT = True



def run(state, *, config, trace) -> None:
    order = state.headline_order or headlines.order_of(state.paragraphs, config)
    state.items = segment(state.paragraphs, order, trace)
    for item in state.items if trace.on else ():
        trace.record(ID, item.first, item.last, "", item.title or f"({item.kind})",
                     f"{item.kind}: {len(item.paragraphs)} paragraph(s)")


class _Builder:
    """Collects the parts of one item."""

    def __init__(self, kind: str = "article") -> None:
        self.kind = kind
        self.heads: dict[str, Paragraph] = {}
        self.byline: Paragraph | None = None
        self.body: list[Paragraph] = []
        self.pieces: list[Paragraph] = []  # the body as the page holds it (a resumed paragraph in two)
        self.subheads: list[int] = []

    def add(self, p: Paragraph) -> None:
        self.body.append(p)
        self.pieces.append(p)

    def resume(self, p: Paragraph) -> None:
        """Go on with the last paragraph, broken off mid-sentence by a photo caption."""
        last = self.body[-1]
        seam = " " if last.text[-1:].isascii() and last.text[-1:].isalnum() and p.text[:1].isascii() \
            and p.text[:1].isalnum() else ""
        self.body[-1] = Paragraph(last.text + seam + p.text, last.first, p.last, "body", last.reason,
                                  last.new_column, columns=(last.columns[0], p.columns[1]))
        self.pieces.append(p)

    @property
    def empty(self) -> bool:
        return not (self.heads or self.byline or self.body)

    def item(self, position: dict[int, int]) -> Item:
        """The item, its parts in page order (``position``: a paragraph's place on the page)."""
        parts: list[tuple[str, Paragraph]] = [(k, p) for k, p in self.heads.items()]
        if self.byline:
            parts.append(("byline", self.byline))
        parts += [("paragraph", p) for p in self.pieces]
        kind = self.kind
        if kind == "article" and not self.body:
            kind = "other"
        item = Item(kind, min(p.first for _, p in parts), max(p.last for _, p in parts))
        if kind == "other" and not self.body:
            # A headline or byline with no body to belong to: keep its text as a fragment.
            item.paragraphs = [p.text for _, p in parts]
        else:
            for name, p in self.heads.items():
                setattr(item, name, p.text)
            item.byline = self.byline.text if self.byline else None
            item.paragraphs = [p.text for p in self.body]
            item.subheads = list(self.subheads)
        item.parts = [(n, p.text, p.first, p.last) for n, p in sorted(parts, key=lambda np: position[id(np[1])])]
        if kind == "article" and self.body:
            _parse_dateline(item, self.body[0].text)
        return item


def segment(paragraphs: list[Paragraph], order: str, trace=None) -> list[Item]:
    paragraphs = headlines.split_stacked(paragraphs)
    for k, p in enumerate(paragraphs if trace is not None and trace.on else ()):
        if p.reason == headlines.STACKED_REASON and k + 1 < len(paragraphs) and paragraphs[k + 1].first == p.last + 1 \
                and paragraphs[k + 1].reason == headlines.STACKED_REASON:
            trace.record(ID, p.first, paragraphs[k + 1].last, "", f"{p.text} / {paragraphs[k + 1].text}",
                         "two headlines printed as one block: the words of the first are the story above's, "
                         "the second's the story below's")
    position = {id(p): k for k, p in enumerate(paragraphs)}
    captions = _caption_indices(paragraphs)
    spans = headlines.clusters(paragraphs)
    cluster_at = {start: end for start, end in spans}
    in_captions = {k for start, stop in captions.items() for k in range(start, stop)}
    subheads = {start for k, (start, end) in enumerate(spans)
                if _subhead(paragraphs, start, end, spans[k - 1][1] if k else 0, in_captions)}
    # (a subhead leading a cluster leaves the rest of it a cluster of its own)
    sides = headlines.sides(paragraphs, [(a + (a in subheads), b) for a, b in spans if a + (a in subheads) < b], order)
    items: list[Item] = []
    current = _Builder()

    def close() -> None:
        nonlocal current
        if not current.empty:
            items.append(current.item(position))
        current = _Builder()

    i = 0
    interrupted = False  # a caption was just read, inside the current article's text
    while i < len(paragraphs):
        p = paragraphs[i]
        after_caption, interrupted = interrupted, False
        if i in captions:
            end = captions[i]
            cap = _Builder("caption")
            for q in paragraphs[i:end]:
                if q.role == "credit":
                    cap.byline = q
                else:
                    cap.add(q)
            items.append(cap.item(position) if cap.body else _other(paragraphs[i:end], position))
            interrupted = bool(current.body)
            i = end
            continue
        if i in subheads and current.body:
            if trace is not None and trace.on:
                trace.record(ID, p.first, p.last, "", p.text, "a subhead: the story goes on across it "
                             f"(mark: {conventions.subhead_mark(p.text) or 'none'}, continuity "
                             f"{headlines.continuity(paragraphs[i - 1], paragraphs[i + 1]):.2f})")
            current.subheads.append(len(current.body))
            current.add(p)
            if i + 1 < cluster_at[i]:
                cluster_at[i + 1] = cluster_at[i]
            i += 1
            continue
        if i in cluster_at:
            end = cluster_at[i]
            decided = sides.get(i)
            side, split = (decided.side, decided.split) if decided else ("before", 0)
            if decided and trace is not None and trace.on:
                what = f"split at {paragraphs[split].first}: the first blocks close the story above, the rest open " \
                       "the next" if split else f"{side} its story"
                trace.record(ID, p.first, paragraphs[end - 1].last, "", what,
                             f"headline side, margin {decided.margin:.2f}: {decided.evidence}")
            parts = [(paragraphs[i:split], "after"), (paragraphs[split:end], "before")] if split else \
                [(paragraphs[i:end], side)]
            for k, (group, where) in enumerate(parts):
                cluster = headlines.parse(group)
                if where == "before":
                    close()
                    _take_heads(current, cluster)
                elif current.body and "title" not in current.heads:
                    _take_heads(current, cluster)
                    if k == len(parts) - 1 and current.byline is None and _flush_byline(paragraphs, end):
                        current.byline = paragraphs[end]  # set under the headline, closing the story with it
                        end += 1
                    close()
                else:
                    close()
                    _take_heads(current, cluster)
                    close()
                for left in cluster.leftovers:
                    items.append(_other([left], position))
            i = end
            continue
        if p.role == "furniture":  # the page's date, number or editors: no story's
            items.append(_other([p], position))
            i += 1
            continue
        if p.role in ("byline", "credit"):
            if current.heads and not current.body and not current.byline:
                current.byline = p
            else:
                close()
                current.byline = p
        else:
            if current.body and (p.new_column and signals.ends_with_stop(current.body[-1].text)
                                 or signals.starts_dateline(p.text) and not signals.attributed(p.text)):
                # (a new column after a sentence's end may open an article with no headline
                # of its own, where text going on mid-sentence does not; 据新华社…电 inside an
                # article quotes a dispatch and opens none)
                close()
            if after_caption and current.body and p.role == "body" and len(current.body) - 1 not in current.subheads \
                    and not signals.ends_with_stop(current.body[-1].text):  # (a subhead ends in no stop either)
                current.resume(p)
                if trace is not None and trace.on:
                    trace.record(ID, p.first, p.last, "", p.text[:12], "the sentence a caption broke into goes on "
                                 "here: one paragraph with the text before the caption")
            else:
                current.add(p)
        i += 1
    close()
    items.sort(key=lambda it: it.first)
    return _photos_first(items)


def _photos_first(items: list[Item]) -> list[Item]:
    """The items in page order, where a caption that falls between an article's headline
    and its first paragraph (a photo set at the top of the article) comes before that
    article, as a reader meets the photo first."""
    out: list[Item] = []
    for item in items:
        host = out[-1] if out else None
        if item.kind == "caption" and host is not None and host.kind == "article" and host.last > item.last:
            above = [name for name, _, first, _ in host.parts if first < item.first]
            if above and "paragraph" not in above:
                out.insert(len(out) - 1, item)
                continue
        out.append(item)
    return out


def _flush_byline(paragraphs: list[Paragraph], i: int) -> bool:
    """Whether paragraph ``i`` is a byline set flush between the headline above it and
    what follows (no blank line on either side): part of that headline's block. A blank
    line on either side sets it with the body below."""
    if i >= len(paragraphs) or paragraphs[i].role != "byline" or paragraphs[i].first != paragraphs[i - 1].last + 1:
        return False
    return i + 1 == len(paragraphs) or paragraphs[i + 1].first == paragraphs[i].last + 1


def _subhead(paragraphs: list[Paragraph], i: int, end: int, floor: int, captions: set[int]) -> bool:
    """Whether the headline paragraph ``i`` (its cluster ends at ``end``; the cluster
    before it ends at ``floor``) is a subhead inside the story being read rather than a
    headline: body text (no caption) stands above it, the text below goes on (no byline,
    subtitle or dateline of an article follows), its words name neither the story above
    and either it carries a subhead's mark (一、, ■, “……”; where more headline blocks
    follow it, a one-line block needs a number: a bullet or quotes may start a kicker),
    or, standing alone, it ends in no headline's bracketed tag (（钟声）), the story goes
    on across it (the text below is set in the column of the text above and shares its
    words) and its own words name neither the story above nor the one below (leaning)."""
    p = paragraphs[i]
    prev = paragraphs[i - 1] if i else None
    nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
    if prev is None or prev.role != "body" or i - 1 in captions or nxt is None \
            or nxt.role in ("byline", "credit", "furniture") or signals.SUBTITLE_START.match(nxt.text):
        return False
    mark = conventions.subhead_mark(p.text)
    if mark:
        alone = i + 1 == end
        if not alone and mark != "number" and p.first == p.last or alone and signals.starts_dateline(nxt.text):
            return False
    elif i + 1 < end or nxt.role != "body" or signals.starts_dateline(nxt.text) or p.text.endswith(("）", ")")) \
            or abs(prev.columns[1] - nxt.columns[0]) >= SAME_COLUMN or headlines.continuity(prev, nxt) < CONTINUITY:
        return False
    return bool(mark) or abs(headlines.leaning(paragraphs, i, i + 1, floor)) < SIDE_CLEAR


# Columns this close in width are one column (a column change is 3 or more).
SAME_COLUMN = 2.0
# How much of the text above a possible subhead the text below must share (its
# character pairs) for the story to go on across it: stories side by side on a page
# share about half as much.
CONTINUITY = 0.12
# A headline whose words are found this much more in the story on one side than on the
# other names that story: it is that story's headline, not a subhead.
SIDE_CLEAR = 0.6


def _take_heads(builder: _Builder, cluster: headlines.Cluster) -> None:
    for name in ("kicker", "title", "subtitle"):
        part = getattr(cluster, name)
        if part is not None:
            builder.heads[name] = part


def _other(paragraphs: list[Paragraph], position: dict[int, int]) -> Item:
    """A fragment that belongs to no article: its text as paragraphs."""
    b = _Builder("other")
    for p in paragraphs:
        b.add(p)
    return b.item(position)


def _caption_indices(paragraphs: list[Paragraph]) -> dict[int, int]:
    """Start index -> end index of each caption: a paragraph pointing at its photo with
    an arrow, or the paragraph a photo credit follows, together with the credit."""
    out: dict[int, int] = {}
    covered = 0  # paragraphs before this index already belong to a caption
    k = 0
    while k < len(paragraphs):
        p = paragraphs[k]
        if p.role == "body" and signals.arrow_start(p.text):
            end = k + 1
            if end < len(paragraphs) and paragraphs[end].role == "credit":
                end += 1
            out[k] = covered = end
            k = end
            continue
        if p.role == "credit":
            prev = paragraphs[k - 1] if k else None
            if prev is not None and prev.role == "body" and covered < k and not signals.starts_dateline(prev.text):
                out[k - 1] = k + 1
            else:
                out[k] = k + 1
            covered = k + 1
        k += 1
    return out


def _parse_dateline(item: Item, first_paragraph: str) -> None:
    printed = conventions.dateline(first_paragraph)
    if printed:
        item.dateline = printed
        item.reporters = conventions.reporters(first_paragraph, len(printed))
