"""Group headline lines into kicker, title and subtitle, and find where headlines sit.

A headline cluster is a run of headline blocks with nothing but blank lines between.
Read in order: a one-line block above a title is its kicker (引题), a block starting
with —— is the subtitle (副题), lines of one block make one title; whatever is left is
a fragment of its own. Which story each cluster belongs to, the one above it
(headlines after bodies) or the one below, is decided per cluster (:func:`sides`):
the headline's words in each story, with the page's overall order (:func:`detect_order`)
as a small prior. Two headlines printed as one block, one closing the story above and
one opening the story below, are split apart first (:func:`split_stacked`).

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


# How much the page's own order counts against what one headline's words say.
ORDER_PRIOR = 0.15
BODY_CHARS = 1500  # how much of an article a headline is compared with
NO_STORY = 1.0  # what a headline with no story on its side costs
TWO_HEADLINES = 0.6  # what a story with two headlines costs


@dataclass(frozen=True, slots=True)
class Side:
    """Where one headline cluster goes, and why: ``side`` (``after`` the story above or
    ``before`` the story below), ``split`` (where the blocks of the story below begin,
    0 for none), ``margin`` (how much better the choice scored than the next best of
    this cluster's own options: small is doubtful) and the evidence read out: the
    share of the headline's character pairs found in the story above and below, whether
    there is a story on each side, and the page's order as its prior."""

    side: str
    split: int
    margin: float
    in_above: float
    in_below: float
    story_above: bool
    story_below: bool
    order: str
    prior: float

    @property
    def evidence(self) -> str:
        """The evidence in words (for ``explain``; formatted only when asked for)."""
        return (f"its words in the story above {self.in_above:.2f}, below {self.in_below:.2f}; "
                f"page order {self.order} {self.prior:+.2f}"
                + ("" if self.story_above else "; no story above") + ("" if self.story_below else "; no story below"))


def sides(paragraphs: list[Paragraph], spans: list[tuple[int, int]], order: str) -> dict[int, Side]:
    """Which article each headline cluster (``spans``: index ranges) belongs to, for
    the page as a whole: ``after`` the body above it or ``before`` the body below it,
    or split (its first blocks close the story above, the rest open the next: the
    index where the rest begins), with the margin of the choice.

    Per cluster, the evidence is the headline's words found in each neighbouring
    story (a headline shares words with its own) and the page's order (``order``) as
    a small prior. A story takes one headline, so the choices are made together
    (dynamic programming over the clusters, linear in their number): one clear
    headline fixes its neighbours' sides, and a doubtful one cannot push the rest of
    the page out of step."""
    prior = ORDER_PRIOR if order == "after" else -ORDER_PRIOR
    options: list[dict[str, tuple[float, int]]] = []  # per cluster: side -> (score, split)
    found: list[tuple[float, float, bool, bool]] = []  # per cluster: its words above, below; a story there
    shared: list[bool] = []  # the body below cluster k is one story, which cluster k + 1 may also claim
    for k, (start, end) in enumerate(spans):
        above, below, up, down = _stories(paragraphs, spans[k - 1][1] if k else 0, start, end)
        whole = _bigrams("".join(p.text for p in paragraphs[start:end]))
        in_above, in_below = _resemblance(whole, up), _resemblance(whole, down)
        lean = in_above - in_below + prior
        found.append((in_above, in_below, bool(above), bool(below)))
        # A side with no story to take the headline is unlikely, not impossible (a
        # headline whose story went on another page).
        opts = {"after": (lean - (0 if above else NO_STORY), 0), "before": (-lean - (0 if below else NO_STORY), 0)}
        if above and below:
            for split in range(start + 1, end):  # a headline closing the story above, then one opening the next
                if _is_subtitle(paragraphs[split]):
                    continue
                first = _bigrams("".join(p.text for p in paragraphs[start:split]))
                rest = _bigrams("".join(p.text for p in paragraphs[split:end]))
                gain = min(_resemblance(first, up) - _resemblance(first, down),
                           _resemblance(rest, down) - _resemblance(rest, up))
                if gain > opts.get("split", (0.0, 0))[0]:
                    opts["split"] = (gain, split)
        if "split" in opts and any(p.reason == STACKED_REASON for p in paragraphs[start:end]):
            opts = {"split": opts["split"]}  # (two headlines found one above the other: one for each story)
        options.append(opts)
        next_start = spans[k + 1][0] if k + 1 < len(spans) else len(paragraphs)
        shared.append(_one_story(paragraphs, end, next_start))
    # best[k][side]: the best total for clusters 0..k with cluster k on ``side``.
    best: list[dict[str, float]] = []
    back: list[dict[str, str]] = []
    for k, opts in enumerate(options):
        best.append({}), back.append({})
        for name, (score, _) in opts.items():
            claims_above = name in ("after", "split")
            before = best[k - 1].items() if k else ()  # (cluster 0 has none before it)
            total, p = max(((total - (TWO_HEADLINES if claims_above and shared[k - 1] and p in ("before", "split")
                                      else 0.0), p) for p, total in before), default=(0.0, ""))
            best[k][name], back[k][name] = total + score, p
    out: dict[int, Side] = {}
    name = max(best[-1], key=best[-1].get) if best and best[-1] else ""
    for k in range(len(spans) - 1, -1, -1):
        if not name:
            break
        score, split = options[k][name]
        others = [v[0] for n, v in options[k].items() if n != name]
        margin = score - max(others) if others else float("inf")
        out[spans[k][0]] = Side("after" if name == "after" else "before", split if name == "split" else 0, margin,
                                *found[k], order, prior)
        name = back[k][name]
    return out


def split_stacked(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs, with each headline block that holds two headlines one above the
    other (习近平就…致贺电 / 金正恩再次会见…活动: one closing the story above, one opening
    the one below, printed as if one wrapped) split in two: where the words of its first
    lines are found in the story above and those of the rest in the story below, each
    by :data:`STACKED` more than in the other."""
    out: list[Paragraph] = []
    spans = clusters(paragraphs)
    at = 0
    for k, (start, end) in enumerate(spans):
        out += paragraphs[at:start]
        at = end
        if not any(len(p.lines) > 1 and len(p.text) > 2 * STACKED_PAIRS for p in paragraphs[start:end]):
            out += paragraphs[start:end]  # (most clusters: no block of two lines long enough to hold two)
            continue
        _, _, up, down = _stories(paragraphs, spans[k - 1][1] if k else 0, start, end)
        for p in paragraphs[start:end]:
            out += _split_lines(p, up, down) if len(p.lines) > 1 and up and down else [p]
    return out + paragraphs[at:]


def _split_lines(p: Paragraph, up: str, down: str) -> list[Paragraph]:
    """``p`` in two at the line where the headline above ends and the one below starts
    (see :func:`split_stacked`), or ``[p]``."""
    if "".join(text for _, text in p.lines) != p.text:
        return [p]  # (lines joined with a space between Latin words: left whole)
    best, cut = STACKED, 0
    for k in range(1, len(p.lines)):
        head = "".join(text for _, text in p.lines[:k])
        first, rest = _bigrams(head), _bigrams("".join(text for _, text in p.lines[k:]))
        if len(first) < STACKED_PAIRS or len(rest) < STACKED_PAIRS or _open_bracket(head):
            continue  # (too few words to tell, or a bracket or quote goes on into the next line)
        gain = min(_resemblance(first, up) - _resemblance(first, down),
                   _resemblance(rest, down) - _resemblance(rest, up))
        if gain > best:
            best, cut = gain, k
    if not cut:
        return [p]
    return [_heading(p, p.lines[:cut]), _heading(p, p.lines[cut:])]


def _heading(p: Paragraph, lines: list[tuple[int, str]]) -> Paragraph:
    text = "".join(t for _, t in lines)
    return Paragraph(text, lines[0][0], lines[-1][0], "heading", STACKED_REASON, groups=[text], lines=lines)


def _open_bracket(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in ("（）", "()", "《》", "“”", "「」"))


STACKED_PAIRS = 4  # the fewest character pairs a headline's words are told by
STACKED_REASON = "one of two headlines printed as one block"  # (sides then splits their cluster between them)


# How much more each of two headlines stacked in one block must name its own story.
STACKED = 0.3
CONTINUITY_CHARS = 150  # how much of the text above a possible subhead is compared with the text below


def continuity(above: Paragraph, below: Paragraph) -> float:
    """How much the text below goes on with the text above: the share of the character
    pairs of the end of ``above`` found in the start of ``below``."""
    return _resemblance(_bigrams(above.text[-CONTINUITY_CHARS:]), _han(below.text[:2 * CONTINUITY_CHARS]))


def leaning(paragraphs: list[Paragraph], start: int, end: int, floor: int = 0) -> float:
    """How much more the words of the headline ``paragraphs[start:end]`` are found in the
    story above it (back to ``floor``, where the previous headline ends) than in the
    story below it (-1 to 1)."""
    words = _bigrams("".join(p.text for p in paragraphs[start:end]))
    _, _, up, down = _stories(paragraphs, floor, start, end)
    return _resemblance(words, up) - _resemblance(words, down)


def _stories(paragraphs: list[Paragraph], floor: int, start: int, end: int) \
        -> tuple[list[Paragraph], list[Paragraph], str, str]:
    """The stories around the headline cluster ``paragraphs[start:end]`` (the one above
    back to ``floor``): their body paragraphs, and the Han characters of the end of the
    one above and the start of the one below that a headline is compared with."""
    above, below = _body_above(paragraphs, floor, start), _body_below(paragraphs, end)
    return above, below, _han(_text(above)[-BODY_CHARS:]), _han(_text(below)[:BODY_CHARS])


def _body_above(paragraphs: list[Paragraph], floor: int, start: int) -> list[Paragraph]:
    """The body paragraphs of the story right above a headline cluster: back to the
    previous cluster (``floor``) or the nearest article opening."""
    out: list[Paragraph] = []
    for p in reversed(paragraphs[floor:start]):
        if p.role == "furniture":
            break
        if p.role == "body":
            out.append(p)
            if signals.starts_dateline(p.text):
                break
        elif p.role in ("byline", "credit") and out:
            break
    return out[::-1]


def _one_story(paragraphs: list[Paragraph], end: int, next_start: int) -> bool:
    """Whether the text between two headline clusters is one story (no article opens
    inside it), so that only one of the two can be its headline."""
    seen = False
    for p in paragraphs[end:next_start]:
        if p.role == "body":
            if seen and signals.starts_dateline(p.text) and not signals.attributed(p.text):
                return False
            seen = True
        elif p.role in ("byline", "credit") and seen:
            return False
    return True


def _body_below(paragraphs: list[Paragraph], end: int) -> list[Paragraph]:
    """The body paragraphs right below a headline cluster, up to the next headline or
    article opening (a byline set under the headline is passed over)."""
    out: list[Paragraph] = []
    for k in range(end, len(paragraphs)):
        p = paragraphs[k]
        if p.role == "heading" or p.role == "furniture" or (out and (p.role in ("byline", "credit")
                                                                     or signals.starts_dateline(p.text))):
            break
        if p.role == "body":
            out.append(p)
    return out


def _text(paragraphs: list[Paragraph]) -> str:
    return "".join(p.text for p in paragraphs)


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
