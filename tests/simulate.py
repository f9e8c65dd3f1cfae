"""Lay clean corpus articles out as a raw OCR page dump, together with its gold split.

The artifacts imitate ``samples/jiaozuo-daily-page.txt``; every one is a keyword option
of :func:`simulate_page` whose default (``None``) draws a value from the page's seeded
``random.Random``, so a page is a pure function of (articles, seed, options)::

    >>> import random
    >>> corpus = load_corpus()
    >>> page = random_page(random.Random(7), corpus)
    >>> page == random_page(random.Random(7), corpus)
    True

What a page looks like (per article unless said otherwise):

- Column width: 6..30 display units (Han and full-width punctuation 1, printable ASCII 0.5).
  With ``wide_chance`` (15%) a run of 2..6 lines is set about two or three columns wide,
  as text running beside or under a photo.
- Body: every paragraph's first line holds 2 units less (the indent is lost, nothing marks
  it). Kinsoku: a line may hang one closing mark of ``，。、；：？！”）》`` beyond the
  width; no line starts with a closing mark or ends with an opening one (``“（《``), so
  such lines are pulled back and come out short; a short line mid-paragraph is
  letter-spaced with ``justify`` probability (``地 点 就 拿 起 铁 锹 ， 栽``), and a few
  full lines are letter-spaced anyway. ASCII runs (``2019``, ``PPT``) never break.
- Columns: a blank line after every ``column_height`` text lines (8..40, off by one or
  two now and then), wherever that falls, mid-sentence included; an article may start
  part-way down a column. Paragraph ends get a blank line with probability
  ``paragraph_gap`` (per page one of 0, 0.3 or 1.0: the sample page has one at nearly
  every paragraph end, a real column has none).
- Stray spaces as the OCR prints them, with per-page rates: around ``（）`` (often),
  ``《》`` (less), quotes (rarely), between wide characters and ASCII runs
  (``区直 27 个部门``, ``结合 PPT 在``), a leading space on an article's first line or a
  byline.
- Headlines, per page ``headlines="before"``: title lines, subtitle (``——…``), byline,
  blank, body; ``"after"`` (the sample's OCR order): byline, blank, body, blank, title,
  subtitle. Titles over 16 units are sometimes broken over 2 lines (3 over 36), at a
  space where one is handy, with no blank between; title and subtitle are sometimes
  separated by a blank. The blank between two items goes missing with ``glue`` (10%),
  as sample lines 57/58 and 105/106. With ``drop_title`` (5%) an article's headline is
  off the page (gold title and subtitle None), like sample lines 58-105.
- Kicker: always None. The corpus has no kickers and the simulator invents no text.
- Captions (``caption``): one of the chosen articles' photo captions, as its own item
  between articles or at the end: wrapped at its own width without indent, optionally
  prefixed ``➡``/``⬅`` (kept in the gold paragraph, as in the sample gold), the credit
  on its own line(s), letter-spaced at times, or after a space at the end of the last line.
- ``script="traditional"`` converts the raw text with OpenCC ``s2t``; the gold stays
  Simplified (evaluate with ``--convert t2s``).
- A page holds 3..10 articles; each is cut to whole paragraphs of at most ``max_chars``
  characters (at least one paragraph), because a few corpus records are huge.

The gold (same shape as ``samples/*.gold.json``; ``subtitle`` added):

- Raw text keeps the corpus text as printed: full-width digits (``１２月``), corpus spaces
  (``电\u3000（记者…）``, ``刘 歌``), datelines inside the first paragraph.
- Gold paragraphs are what the cleaner should return: full-width ASCII letters and digits
  made ASCII (NFKC on those only), every whitespace run that touches a wide character
  (Han, CJK or full-width punctuation, quotes) removed, other runs made one space.
  Titles, subtitles, bylines and credits get the same digit mapping and single spaces,
  internal spaces kept (the scorer ignores whitespace there).
- ``source_lines`` is [first, last] non-blank raw line of the item, 1-based; for a
  headlines-after article that runs from its byline to its last title/subtitle line.
"""
from __future__ import annotations

import functools
import json
import os
import pathlib
import random
from dataclasses import dataclass, field

import regex

# The shared folder stands beside the repository (../shared), in a checkout and in CI.
SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared"
CORPUS_PATH = pathlib.Path(os.environ.get("OCRFIX_CORPUS", SHARED / "corpus" / "peoples-daily-articles.jsonl"))

HANG = frozenset("，。、；：？！”）》")              # may hang past the width
NO_START = HANG | frozenset("’〉」』·%")              # never starts a line (mid-paragraph)
NO_END = frozenset("“（《‘〈「『")                  # never ends a line
ARROWS = ("➡", "⬅")

_TOKEN = regex.compile(r"[!-~]+|——|……|\s|.", regex.DOTALL)   # ASCII runs and dash/ellipsis pairs stay whole
_WIDE = r"[\p{Han}\p{InCJK_Symbols_and_Punctuation}\p{InHalfwidth_and_Fullwidth_Forms}“”‘’《》—…·➡⬅]"
_SPACE_BY_WIDE = regex.compile(rf"\s+(?={_WIDE})|(?<={_WIDE})\s+")
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}


@dataclass
class Line:
    """One raw line and what produced it: the item index, its role, the width it was set at."""

    text: str
    item: int | None = None
    role: str = "blank"       # body, title, subtitle, byline, caption, credit, blank
    width: float | None = None
    indent: bool = False      # the first line of a body paragraph (holds width - 2)
    short: bool = False       # pulled short by kinsoku, mid-paragraph


@dataclass
class Page:
    text: str
    items: list[dict]
    layout: dict = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)

    def gold(self, source: str | None = None) -> dict:
        """The ``.gold.json`` document for this page."""
        return {"source": source, "layout": self.layout, "items": self.items}


# -- corpus and text helpers ---------------------------------------------------------

def load_corpus(path: str | os.PathLike | None = None) -> list[dict]:
    """The corpus records, one dict each, in file order."""
    with open(path or CORPUS_PATH, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def display_width(text: str) -> float:
    """Printed width: whitespace 0 (stray spaces), printable ASCII 0.5, anything else 1."""
    return sum(0 if c.isspace() else 0.5 if "!" <= c <= "~" else 1 for c in text)


@functools.lru_cache(maxsize=4096)
def _token_width(token: str) -> float:
    if token == " ":
        return 0.5
    if token.isspace():
        return 1.0
    return display_width(token)


def gold_text(text: str | None) -> str | None:
    """Paragraph text as the cleaner should give it back (see the module docstring)."""
    if text is None:
        return None
    text = _SPACE_BY_WIDE.sub("", text.translate(_FULLWIDTH_ALNUM))
    return regex.sub(r"\s+", " ", text).strip()


def gold_field(text: str | None) -> str | None:
    """A title, byline or credit: ASCII digits and letters, single spaces kept."""
    if not text:
        return None
    return regex.sub(r"\s+", " ", text.translate(_FULLWIDTH_ALNUM)).strip() or None


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


# -- setting text in lines -----------------------------------------------------------

def wrap(tokens: list[str], width_of, *, indent: int = 0) -> list[tuple[list[str], float, bool]]:
    """Break tokens into lines; ``width_of(k)`` is the width of the paragraph's k-th line.

    Returns (tokens, width, short) per line, ``short`` when kinsoku pulled the line back
    by a unit or more (never for the last line).
    """
    tokens, out, i, n = list(tokens), [], 0, len(tokens)
    while i < n:
        while i < n and tokens[i].isspace():
            i += 1
        if i == n:
            break
        width = width_of(len(out))
        avail = width - (indent if not out else 0)
        line, used = [], 0.0
        while i < n and used + _token_width(tokens[i]) <= avail + 1e-9:
            used += _token_width(tokens[i])
            line.append(tokens[i])
            i += 1
        if not line:                      # an ASCII run wider than the line: break it
            keep = max(1, int(avail * 2))
            line, tokens = [tokens[i][:keep]], tokens[:i] + [tokens[i][keep:]] + tokens[i + 1:]
        if i < n and tokens[i] in HANG:   # hanging punctuation: one mark past the width
            line.append(tokens[i])
            i += 1
        while i < n and len(line) > 1 and _first_visible(tokens, i) in NO_START:
            i -= 1                        # still a closing mark next: pull a token back
            line.pop()
        while len(line) > 1 and line[-1] in NO_END:
            i -= 1
            line.pop()
        while line and line[-1].isspace():
            line.pop()
        short = i < n and avail - sum(map(_token_width, line)) >= 1
        out.append((line, width, short))
    return out


def _first_visible(tokens: list[str], i: int) -> str:
    while i < len(tokens) and tokens[i].isspace():
        i += 1
    return tokens[i][0] if i < len(tokens) else ""


@dataclass
class _Style:
    """The page's OCR habits: rates of stray spaces and letter-spacing."""

    paren: float
    book: float
    quote: float
    latin: float
    justify: float
    letterspace: float
    lead_space: float


_HAN = regex.compile(r"\p{Han}")


def _is_latin(token: str) -> bool:
    return token[0].isascii() and token[0].isalnum()


def render(tokens: list[str], style: _Style, rng: random.Random, *, letterspaced: bool = False) -> str:
    """Tokens to a raw line, with the OCR's stray spaces."""
    if letterspaced:
        return " ".join(t for t in tokens if not t.isspace())
    out = []
    for k, tok in enumerate(tokens):
        if k and not tok.isspace() and not tokens[k - 1].isspace():
            prev = tokens[k - 1]
            p = 0.0
            if tok == "（" or prev == "）":
                p = style.paren
            elif tok == "《" or prev == "》":
                p = style.book
            elif tok == "“" or prev == "”":
                p = style.quote
            elif (_is_latin(tok) and _HAN.match(prev[-1])) or (_is_latin(prev) and _HAN.match(tok[0])):
                p = style.latin
            if p and rng.random() < p:
                out.append(" ")
        out.append(tok)
    return "".join(out)


def split_headline(text: str, parts: int) -> list[str]:
    """Break a title into ``parts`` balanced lines, at a space when one is near the middle."""
    tokens = tokenize(text)
    if parts <= 1 or len(tokens) < 2 * parts:
        return [text]
    total = sum(map(_token_width, tokens))
    lines, start = [], 0
    for p in range(1, parts):
        target = total * p / parts
        best, best_cost, acc = None, None, 0.0
        for k in range(start, len(tokens)):
            acc_k = sum(map(_token_width, tokens[:k]))
            if k <= start or tokens[k] in NO_START or tokens[k - 1] in NO_END:
                continue
            cost = abs(acc_k - target) - (3 if tokens[k].isspace() or tokens[k - 1].isspace() else 0)
            if best_cost is None or cost < best_cost:
                best, best_cost = k, cost
        if best is None:
            break
        lines.append("".join(tokens[start:best]).strip())
        start = best
    lines.append("".join(tokens[start:]).strip())
    return [line for line in lines if line]


# -- one page ------------------------------------------------------------------------

def _cut(paragraphs: list[str], max_chars: int | None) -> list[str]:
    if not max_chars:
        return list(paragraphs)
    kept, total = [], 0
    for p in paragraphs:
        if kept and total + len(p) > max_chars:
            break
        kept.append(p)
        total += len(p)
    return kept


class _Builder:
    """Collects raw lines item by item and records each item's gold."""

    def __init__(self, rng: random.Random, style: _Style, glue: float):
        self.rng, self.style, self.glue = rng, style, glue
        self.lines: list[Line] = []
        self.items: list[dict] = []

    def blank(self) -> None:
        if self.lines and self.lines[-1].role != "blank":
            self.lines.append(Line(""))

    def separate(self) -> None:
        """The blank between two items, missing now and then."""
        if self.rng.random() >= self.glue:
            self.blank()

    def add(self, text: str, role: str, *, width=None, indent=False, short=False) -> None:
        self.lines.append(Line(text, len(self.items), role, width, indent, short))

    def headline_lines(self, text: str, role: str, split_chance: float) -> None:
        width = display_width(text)
        parts = 1
        if width > 16 and self.rng.random() < split_chance:
            parts = 2 if width <= 36 else 3
        for line in split_headline(text, parts):
            self.add(render(tokenize(line), self.style, self.rng), role)

    def lead(self, text: str) -> str:
        return (" " + text) if self.rng.random() < self.style.lead_space else text

    def finish(self, gold: dict) -> None:
        numbers = [k + 1 for k, line in enumerate(self.lines) if line.item == len(self.items) and line.role != "blank"]
        gold["source_lines"] = [numbers[0], numbers[-1]]
        self.items.append(gold)


def _body(b: _Builder, paragraphs: list[str], *, width: int, column_height: int, paragraph_gap: float,
          wide: tuple[int, int, int] | None) -> None:
    rng, style = b.rng, b.style
    first_column = rng.randint(1, column_height - 1) if rng.random() < 0.3 and column_height > 1 else column_height
    left = first_column
    line_no = 0

    def width_of(k: int) -> int:
        at = line_no + k
        return wide[2] if wide and wide[0] <= at < wide[0] + wide[1] else width

    first_line = True
    for pi, para in enumerate(paragraphs):
        lines = wrap(tokenize(para), width_of, indent=2)
        for li, (tokens, w, short) in enumerate(lines):
            spaced = (short and rng.random() < style.justify) or (
                li < len(lines) - 1 and rng.random() < style.letterspace)
            text = render(tokens, style, rng, letterspaced=spaced)
            if first_line:
                text, first_line = b.lead(text), False
            b.add(text, "body", width=w, indent=li == 0, short=short)
            left -= 1
            if left == 0:
                b.blank()
                left = max(2, column_height + (rng.choice((-2, -1, 1, 2)) if rng.random() < 0.2 else 0))
        line_no += len(lines)
        if pi < len(paragraphs) - 1 and rng.random() < paragraph_gap:
            b.blank()


def _article(b: _Builder, record: dict, *, headlines: str, width: int, column_height: int, paragraph_gap: float,
             wide_chance: float, max_chars: int | None, drop_title: float, title_split: float,
             headline_gap: float) -> dict:
    rng = b.rng
    paragraphs = _cut(record["paragraphs"], max_chars)
    title, subtitle = record.get("title"), record.get("subtitle")
    if rng.random() < drop_title:
        title = subtitle = None
    byline = record.get("byline")
    wide = None
    if rng.random() < wide_chance:
        est_lines = max(1, int(sum(map(display_width, paragraphs)) / width))
        wide = (rng.randrange(est_lines), rng.randint(2, 6), min(60, width * rng.choice((2, 3)) + rng.randint(0, 2)))

    def heads() -> None:
        if title:
            b.headline_lines(title, "title", title_split)
        if subtitle:
            if rng.random() < headline_gap:
                b.blank()
            b.headline_lines(subtitle, "subtitle", title_split / 2)

    def body() -> None:
        _body(b, paragraphs, width=width, column_height=column_height, paragraph_gap=paragraph_gap, wide=wide)

    if headlines == "before":
        heads()
        if byline:
            b.add(b.lead(byline), "byline")
        if title or subtitle or byline:
            b.blank()
        body()
    else:
        if byline:
            b.add(b.lead(byline), "byline")
            b.blank()
        body()
        if title or subtitle:
            b.blank()
            heads()
    b.finish({"kind": "article", "title": gold_field(title), "kicker": None, "subtitle": gold_field(subtitle),
              "byline": gold_field(byline), "paragraphs": [gold_text(p) for p in paragraphs]})
    return {"id": record.get("id"), "width": width, "column_height": column_height, "wide": wide,
            "paragraphs": len(paragraphs), "title_dropped": bool(record.get("title")) and not title}


def _caption(b: _Builder, text: str, credit: str | None, *, width: int) -> dict:
    rng, style = b.rng, b.style
    arrow = rng.choice(ARROWS) if rng.random() < 0.4 else ""
    body = arrow + text
    lines = wrap(tokenize(body), lambda k: width)
    credit_inline = (bool(credit) and rng.random() < 0.5          # only where it fits, as on the sample
                     and display_width("".join(lines[-1][0]) + credit) <= width)
    for k, (tokens, w, short) in enumerate(lines):
        line = render(tokens, style, rng, letterspaced=short and rng.random() < style.justify)
        if credit_inline and k == len(lines) - 1:
            line += " " + credit
        b.add(line, "caption", width=w, short=short)
    if credit and not credit_inline:
        if rng.random() < 0.3:
            b.blank()
        spaced = rng.random() < 0.3
        for tokens, _, _ in wrap(tokenize(credit), lambda k: max(width, 6)):
            b.add(render(tokens, style, rng, letterspaced=spaced), "credit")
    b.finish({"kind": "caption", "title": None, "kicker": None, "subtitle": None, "byline": gold_field(credit),
              "paragraphs": [gold_text(body)]})
    return {"caption_width": width, "arrow": arrow, "credit_inline": credit_inline}


def _opt(value, draw):
    return draw() if value is None else value


def simulate_page(articles: list[dict], rng: random.Random, *, headlines: str | None = None,
                  width: int | None = None, column_height: int | None = None,
                  paragraph_gap: float | None = None, wide_chance: float = 0.15,
                  caption: bool | None = None, script: str = "simplified", max_chars: int | None = 1500,
                  drop_title: float = 0.05, title_split: float = 0.5, glue: float = 0.1,
                  stray_spaces: float | None = None, justify: float | None = None) -> Page:
    """Lay ``articles`` (corpus records) out as one raw page; return its text and gold items.

    ``width`` and ``column_height`` fix every article's column (else each draws its own);
    ``stray_spaces`` scales the rate of the OCR's stray spaces (0 turns them off);
    ``justify`` is the chance that a line pulled short by kinsoku comes out letter-spaced.
    """
    if headlines is None:
        headlines = rng.choice(("before", "after"))
    if headlines not in ("before", "after"):
        raise ValueError(f"headlines must be 'before' or 'after', not {headlines!r}")
    if script not in ("simplified", "traditional"):
        raise ValueError(f"script must be 'simplified' or 'traditional', not {script!r}")
    paragraph_gap = _opt(paragraph_gap, lambda: rng.choice((0.0, 0.3, 1.0)))
    scale = _opt(stray_spaces, lambda: rng.uniform(0.3, 1.0))
    style = _Style(paren=min(1.0, 0.9 * scale), book=0.3 * scale, quote=0.05 * scale, latin=0.7 * scale,
                   justify=_opt(justify, lambda: rng.uniform(0.2, 0.8)), letterspace=0.005,
                   lead_space=0.3 * scale)
    headline_gap = rng.choice((0.0, 0.5, 1.0))
    b = _Builder(rng, style, glue)

    captions = [(c[0], c[1] if len(c) > 1 else None) for a in articles for c in (a.get("captions") or []) if c and c[0]]
    want_caption = _opt(caption, lambda: rng.random() < 0.6) and bool(captions)
    caption_at = rng.randint(1, len(articles)) if want_caption else None   # before article k, or at the end

    layout = {"headlines": headlines, "paragraph_gap": paragraph_gap, "stray_spaces": round(scale, 3),
              "justify": round(style.justify, 3), "script": script, "articles": []}
    for k, record in enumerate(articles):
        if k == caption_at:
            layout["caption"] = _caption(b, *rng.choice(captions), width=rng.randint(6, 30))
            b.separate()
        layout["articles"].append(_article(
            b, record, headlines=headlines,
            width=_opt(width, lambda: rng.randint(6, 30)),
            column_height=_opt(column_height, lambda: rng.randint(8, 40)),
            paragraph_gap=paragraph_gap, wide_chance=wide_chance, max_chars=max_chars,
            drop_title=drop_title, title_split=title_split, headline_gap=headline_gap))
        b.separate()
    if caption_at == len(articles):
        b.blank()
        layout["caption"] = _caption(b, *rng.choice(captions), width=rng.randint(6, 30))
    while b.lines and b.lines[-1].role == "blank":
        b.lines.pop()

    texts = [line.text for line in b.lines]
    if script == "traditional":
        texts = [_s2t().convert(t) for t in texts]
    return Page("\n".join(texts) + "\n", b.items, layout, b.lines)


_CONVERTER = None


def _s2t():
    global _CONVERTER
    if _CONVERTER is None:
        import opencc
        _CONVERTER = opencc.OpenCC("s2t")
    return _CONVERTER


def random_page(rng: random.Random, corpus: list[dict], *, articles: int | tuple[int, int] = (3, 10),
                **overrides) -> Page:
    """A page of ``articles`` (a count or an inclusive range) corpus records; the corpus
    prints some stories twice, so records with the same title and lead count once."""
    pool = list({(r.get("title"), r["paragraphs"][0] if r["paragraphs"] else ""): r for r in corpus}.values())
    count = articles if isinstance(articles, int) else rng.randint(*articles)
    return simulate_page(rng.sample(pool, min(count, len(pool))), rng, **overrides)


if __name__ == "__main__":   # python tests/simulate.py [SEED]: print one page and its gold
    import sys

    page = random_page(random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 0), load_corpus())
    sys.stdout.write(page.text)
    print(json.dumps(page.gold(), ensure_ascii=False, indent=1), file=sys.stderr)
