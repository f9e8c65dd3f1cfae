"""A second page generator, built apart from tests/simulate.py (issue 11).

It models a newspaper page geometrically and then *reads* it the way an extractor would:

1. **Geometry.**  A page is an N-column grid (5 to 8 grid columns of 7 to 15 body
   characters each).  Bands of article blocks sit on it; a block spans 1 to 4 grid
   columns and sets its body in 1 to k sub-columns whose measured width (6 to 30
   characters, Latin letters and digits counting half) follows from the block's span.
   Headlines are set in large type over the whole block (few characters a line, one to
   three lines), a kicker above and a subtitle below where the article has them.
   A body is flowed line by line into *slots* (sub-column x row); a photo box takes
   some rows of one sub-column, so the slots beside it are narrower (or, for a photo as
   wide as the column, missing), and its caption is read where the photo ends, often
   mid-sentence.  A body may change width part-way (it continues in another block, set
   with another column count).
2. **Extraction.**  The laid-out page is a list of zones (a sub-column, a headline
   block, a caption, a furniture line) that an extraction model reads in order:
   ``ocr`` (a blank line at every zone break, stray spaces around full-width brackets
   and digits, some letter-spaced lines, every headline after its body), ``raw``
   (pdftotext -raw: no blank line at all, justified lines letter-spaced, digits sometimes
   spaced, headline before or after its body decided per article, a form feed at the end),
   ``mixed`` (blank lines only sometimes, per-article headline order).  ``--traditional``
   converts the dump with OpenCC s2t and keeps the gold Simplified.

Every piece of text in the dump is tagged with the gold item and field it belongs to;
:func:`check_page` asserts that the dump and the gold hold the same non-space characters
in the same order, item by item and field by field.  All text comes from the corpus
(``../shared/corpus/peoples-daily-articles.jsonl``) except the invented names of bylines,
photo credits and page furniture, the datelines' place-and-date frames and numbering.

    python tests/newsprint.py --pages 60 --seed 7 --out /tmp/np --mode all
    python /work/shared/tools/evaluate.py 'ocrfix split {page} --format jsonl' /tmp/np/raw
    python /work/shared/tools/evaluate.py 'ocrfix split {page} --format jsonl --convert t2s' /tmp/np/traditional
"""
from __future__ import annotations

import argparse
import datetime
import json
import math
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

MODES = ("ocr", "raw", "mixed")
# what a page may hold; --off drops some, to measure what each costs a splitter
FEATURES = ("photos", "width-changes", "subheads", "kickers", "bylines", "furniture", "free-captions",
            "letter-spacing", "head-order")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "peoples-daily-articles.jsonl"

# --- text basics ---------------------------------------------------------------------

_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B) if chr(c - 0xFEE0).isalnum()}
_WIDE = r"[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u3000-\u303F“”‘’《》—…·]"
_SPACE_NEAR_WIDE = re.compile(rf"[ \t\u3000]+(?={_WIDE})|(?<={_WIDE})[ \t\u3000]+")
CLOSING = set("，。、；：？！）》」』”’%…—·")
OPENING = set("（《「『“‘")
SENTENCE_END = set("。！？；：…”）")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%]*|——|……|\s|.", re.S)


def fold(text: str) -> str:
    """Full-width ASCII letters and digits to ASCII (the gold's form)."""
    return text.translate(_FULLWIDTH_ALNUM)


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def gold_text(text: str) -> str:
    """The sample's conventions: ASCII letters/digits, no space touching a wide character."""
    text = fold(text).replace("\u3000", " ")
    text = _SPACE_NEAR_WIDE.sub("", text)
    return re.sub(r" {2,}", " ", text).strip()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def width(token: str) -> float:
    """Display width in body characters: ASCII letters, digits and spaces count half."""
    return sum(0.5 if ord(c) < 0x2000 and c not in "—…·" else 1.0 for c in token)


# --- invented people ----------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐韩冯邓曹彭"
GIVEN = "晓明华建国红军丽敏静磊洋勇艳杰娟涛超秀霞平刚桂英玉兰春燕志鹏飞宁欣婷浩宇晨阳"
PLACES = ["北京", "上海", "平壤", "首尔", "东京", "华盛顿", "莫斯科", "联合国", "河内",
          "新加坡", "大连", "广州", "郑州", "焦作", "南京", "成都"]
SECTIONS = ["要闻", "综合", "国际", "时政", "社会", "经济", "文化", "理论"]
NUMERALS = "一二三四五六七八九十"


def person(rng: random.Random) -> str:
    given = "".join(rng.sample(GIVEN, rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def padded(name: str, rng: random.Random) -> str:
    """How a page sets a two-character name in a byline: sometimes padded to three."""
    return name[0] + " " + name[1] if len(name) == 2 and rng.random() < 0.3 else name


# --- the model ------------------------------------------------------------------------

@dataclass
class Piece:
    text: str          # as printed (display form)
    item: int          # index of the gold item
    field: str         # title, kicker, subtitle, byline, or p<N> for paragraph N


@dataclass
class Line:
    pieces: list[Piece]
    role: str                      # body, subhead, head, byline, caption, credit, other
    para_first: bool = False
    para_last: bool = False
    loose: bool = False            # a justified line the typesetter had to spread

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


Zone = list  # list[Line]: what an extractor reads in one run (a sub-column, a headline block)


@dataclass
class Paragraph:
    display: str                   # what the page prints
    gold: str
    subhead: bool = False


@dataclass
class Story:
    """One article: its gold fields and its display forms."""
    item: int
    title: str
    kicker: str | None
    subtitle: str | None
    byline: str | None             # gold byline
    byline_display: str | None
    byline_pos: str                # head (under the headline), body (top of the body), none
    paragraphs: list[Paragraph]
    source: str
    captions: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Caption:
    item: int
    text: str                      # display
    gold: str
    credit: str | None             # gold byline
    credit_display: str | None
    inline_credit: bool            # credit on the caption's last line
    measure: float = 20            # the caption's line width (the photo's width)


@dataclass
class Other:
    item: int
    text: str


# --- corpus to stories -----------------------------------------------------------------

_FURNITURE = re.compile(r"^(制图|本版统筹|版式设计|责任编辑|美编|校对)[：:]")
_DATELINE = re.compile(r"^(据)?(本报|新华社)[^，。]{0,16}?电")
_CLAUSE_BREAK = re.compile(r"[，。、；：？！“”（）《》\s]+")
_NOT_A_HEADING = re.compile(r"记者|电|本报|新华社|[0-9０-９]|说|表示|认为|指出|强调|报道|透露|称$|^(但|并|而|和|也|还|都|就|据|对|在|从|与|将|其)")


def load_corpus(path: Path = CORPUS) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def is_subhead(text: str) -> bool:
    return len(text) <= 32 and text[-1] not in SENTENCE_END and not text.startswith("——")


def clauses(record: dict) -> list[str]:
    """Whole clauses of a record's text (between two punctuation marks), 4 to 14 characters."""
    return [c for p in record["paragraphs"] for c in _CLAUSE_BREAK.split(p)
            if 4 <= len(c) <= 14 and not _NOT_A_HEADING.search(c)]


def make_dateline(record: dict, rng: random.Random) -> tuple[str, str]:
    """(display, gold) of a dateline invented for a record that has none."""
    day = datetime.date.fromisoformat(record["date"]) - datetime.timedelta(days=rng.choice((0, 1)))
    when, place = f"{day.month}月{day.day}日", rng.choice(PLACES)
    reporter, second = person(rng), person(rng)
    forms = [
        (f"本报{place}{when}电", f"本报{place}{when}电"),
        (f"本报{place}{when}电 （记者{reporter}）", f"本报{place}{when}电（记者{reporter}）"),
        (f"新华社{place}{when}电（记者 {reporter}）", f"新华社{place}{when}电（记者{reporter}）"),
        (f"本报讯（记者{reporter} 通讯员{second}）", f"本报讯（记者{reporter} 通讯员{second}）"),
        (f"本报讯 （记者{reporter}）", f"本报讯（记者{reporter}）"),
        ("本报讯", "本报讯"),
    ]
    return rng.choice(forms)


def make_byline(rng: random.Random) -> tuple[str, str]:
    names = [person(rng) for _ in range(rng.choice((1, 1, 2, 3)))]
    role = rng.choice(["本报记者", "本报记者", "新华社记者", "本报驻外记者"])
    if rng.random() < 0.12:
        extra = person(rng)
        return (f"本报记者 {padded(names[0], rng)} 通讯员 {extra}", f"本报记者 {names[0]} 通讯员 {extra}")
    if rng.random() < 0.1:                   # a bracketed byline line atop the body
        extra = person(rng)
        return f"（记者{names[0]} 通讯员{extra}）", f"（记者{names[0]} 通讯员{extra}）"
    return role + " " + " ".join(padded(n, rng) for n in names), role + " " + " ".join(names)


def make_story(record: dict, item: int, rng: random.Random, off: frozenset = frozenset()) -> Story:
    raw = [p for p in record["paragraphs"] if p.strip() and not _FURNITURE.match(p.strip())]
    while len(raw) > 1 and is_subhead(raw[0].strip()):
        raw.pop(0)
    budget = rng.choice((250, 400, 600, 900, 1300))
    chosen, total = [], 0
    for p in raw:
        if total >= budget and len(chosen) >= 1 and not is_subhead(chosen[-1].strip()):
            break
        chosen.append(p)
        total += len(p)
    while len(chosen) > 1 and is_subhead(chosen[-1].strip()):
        chosen.pop()
    if "subheads" in off:
        chosen = [p for p in chosen if not is_subhead(p.strip())]
    keep_fullwidth = rng.random() < 0.5
    paragraphs = []
    for p in chosen:
        display = p.replace("\u3000", " ").strip()
        if not keep_fullwidth:
            display = fold(display)
        gold = gold_text(p)
        paragraphs.append(Paragraph(display, gold, subhead=is_subhead(gold)))

    # invented subheads for long reports: a numbered one or a bare clause, from the text itself
    if "subheads" not in off and len(paragraphs) >= 5 and rng.random() < 0.45 \
            and not any(p.subhead for p in paragraphs):
        # numbered (一、+ a clause) or two short parallel phrases (传承友谊，续写新篇), as such
        # reports set them; the phrases are the article's own
        numbered = rng.random() < 0.5
        pool = [c for c in clauses(record) if (6 if numbered else 4) <= len(c) <= (14 if numbered else 9)]
        slots = sorted(rng.sample(range(2, len(paragraphs)), min(3, len(paragraphs) - 2)))
        for n, at in enumerate(reversed(slots)):
            if len(pool) < 2:
                break
            if numbered:
                text = NUMERALS[len(slots) - 1 - n] + "、" + rng.choice(pool)
            else:
                text = "，".join(rng.sample(pool, 2))
            paragraphs.insert(at, Paragraph(text, text, subhead=True))

    byline = byline_display = None
    byline_pos = "none"
    first = paragraphs[0]
    if not _DATELINE.match(first.gold) and rng.random() < 0.5:
        display, gold = make_dateline(record, rng)
        paragraphs[0] = Paragraph(display + first.display, gold + first.gold)
    if "bylines" not in off and rng.random() < 0.55 and not re.match(r"^(据)?本报讯（|.{0,20}（记者", paragraphs[0].gold):
        byline_display, byline = make_byline(rng)
        byline_pos = "body" if byline.startswith("（") else rng.choice(("head", "body"))
    kicker = None
    if "kickers" not in off and rng.random() < 0.25:
        # a kicker (引题): two or three short phrases set apart by spaces, or one longer phrase
        pool = [c for c in clauses(record) if 4 <= len(c) <= 8]
        count = rng.choice((1, 2, 2, 3))
        if count == 1:
            pool = [c for c in clauses(record) if 7 <= len(c) <= 14]
        if len(pool) >= count:
            kicker = " ".join(rng.sample(pool, count))
    subtitle = gold_text(record["subtitle"]) if record.get("subtitle") else None
    if subtitle is None and rng.random() < 0.12:
        pool = [c for c in clauses(record) if 8 <= len(c) <= 12]
        subtitle = "——" + rng.choice(pool) if pool else None
    title = re.sub(r" +", " ", gold_text(record["title"]))
    return Story(item, title, kicker, subtitle, byline, byline_display, byline_pos,
                 paragraphs, record["id"], [tuple(c) for c in record.get("captions") or []])


def make_caption(text: str, item: int, rng: random.Random) -> Caption:
    text = re.sub(r"\s+", "", text)
    if rng.random() < 0.1:                   # an arrow pointing at the photo
        text = rng.choice("➡⬅⬆⬇") + text
    name = person(rng)
    form = rng.choice(("xinhua", "own", "plain", "fa", "paren"))
    if form == "paren":   # the credit in brackets closes the caption text
        credit = f"（新华社记者 {name}摄）"
        return Caption(item, text + credit, gold_text(text) + f"（新华社记者{name}摄）", None, None, False)
    display, gold = {
        "xinhua": (f"新华社记者 {padded(name, rng)}摄", f"新华社记者 {name}摄"),
        "own": (f"本报记者 {padded(name, rng)} 摄", f"本报记者 {name} 摄"),
        "plain": (f"{name} 摄", f"{name} 摄"),
        "fa": ("新华社发", "新华社发"),
    }[form]
    return Caption(item, text, gold_text(text), gold, display, rng.random() < 0.5)


# --- line breaking ---------------------------------------------------------------------

class Flow:
    """A cursor over a story's paragraphs that fills one line of a given width at a time."""

    def __init__(self, story: Story):
        self.story = story
        self.paras = [tokens(p.display) for p in story.paragraphs]
        self.p = 0
        self.t = 0
        self.starts = [0]                          # offset of each paragraph in the squeezed body
        for para in story.paragraphs:
            self.starts.append(self.starts[-1] + len(squeeze(para.gold)))
        self.full_ends: list[int] = []             # paragraph ends whose last line is full

    def copy(self) -> "Flow":
        probe = Flow(self.story)
        probe.p, probe.t = self.p, self.t
        return probe

    def count_lines(self, measure: float) -> int:
        """How many lines the rest of the text takes at a measure (the cursor stays)."""
        probe, n = self.copy(), 0
        while not probe.done():
            probe.line(measure)
            n += 1
        return n

    def offset(self) -> int:
        """Where the cursor stands in the item's body (gold paragraphs joined, spaces aside)."""
        if self.done():
            return self.starts[-1]
        return self.starts[self.p] + len(squeeze("".join(self.paras[self.p][:self.t])))

    def done(self) -> bool:
        return self.p >= len(self.paras)

    def line(self, measure: float) -> Line:
        para = self.story.paragraphs[self.p]
        toks = self.paras[self.p]
        first = self.t == 0
        if first:                                  # a line never starts with a space
            while self.t < len(toks) and toks[self.t].isspace():
                self.t += 1
        capacity = measure - (2 if first and not para.subhead else 0)
        taken, used = [], 0.0
        while self.t < len(toks):
            tok = toks[self.t]
            w = width(tok)
            if used + w > capacity + 1e-9 and taken:
                if tok[0] in CLOSING and used + w <= capacity + 1 + 1e-9 and len(tok) == 1:
                    taken.append(tok)              # hanging punctuation
                    used += w
                    self.t += 1
                break
            taken.append(tok)
            used += w
            self.t += 1
        # a line does not end with an opening bracket or quote: carry it down
        while len(taken) > 1 and taken[-1] in OPENING and self.t < len(toks):
            self.t -= 1
            used -= width(taken.pop())
        # nor does the next line start with closing punctuation: pull one character down
        if self.t < len(toks) and toks[self.t][0] in CLOSING and len(taken) > 2 and toks[self.t][0] not in "—…":
            self.t -= 1
            used -= width(taken.pop())
        last = self.t >= len(toks)
        text = "".join(taken)
        if not last:
            text = text.rstrip(" ")
        line = Line([Piece(text, self.story.item, f"p{self.p}")], "subhead" if para.subhead else "body",
                    para_first=first, para_last=last, loose=not last and used < capacity - 0.75)
        if last:
            if not para.subhead and used >= capacity - 0.5 and self.p + 1 < len(self.paras):
                self.full_ends.append(self.starts[self.p + 1])
            self.p += 1
            self.t = 0
        return line


def wrap(text: str, measure: float) -> list[str]:
    """Break a short text (headline, caption) at a measure, with the same kinsoku rules."""
    lines, cur, used = [], [], 0.0
    for tok in tokens(text):
        w = width(tok)
        if used + w > measure + 1e-9 and cur and not (tok in CLOSING):
            carry = []
            while len(cur) > 1 and cur[-1] in OPENING:
                carry.insert(0, cur.pop())
            lines.append("".join(cur).strip())
            cur, used = carry, sum(width(t) for t in carry)
            if tok.isspace():
                continue
        cur.append(tok)
        used += w
    if cur:
        lines.append("".join(cur).strip())
    return [ln for ln in lines if ln]


# --- geometry -----------------------------------------------------------------------

@dataclass
class Setting:
    """How one stretch of a body is set: sub-columns of a measure, and an optional photo."""
    columns: int
    measure: int
    rows: int | None = None        # None: as many as the text needs (balanced)
    photo: tuple | None = None     # (column, first row, rows, narrowed measure or 0, Caption)


def choose_setting(block_width: int, rng: random.Random) -> Setting:
    """Sub-columns for a block: any count whose measure falls in 6..30, the usual
    measures of a broadsheet (12 to 26 characters) far likelier than the extremes."""
    options, weights = [], []
    for k in range(1, 6):
        measure = (block_width - 2 * (k - 1)) // k
        if 6 <= measure <= 30:
            options.append(Setting(k, measure))
            weights.append(1.0 if 12 <= measure <= 26 else 0.2)
    if not options:
        return Setting(1, max(6, min(30, block_width)))
    return rng.choices(options, weights)[0]


def flow_setting(flow: Flow, setting: Setting, zones: list, cuts: list) -> None:
    """Flow text into a setting's slots, column after column; append the zones read and
    note in ``cuts`` where the body is broken (column, narrow, caption) by its offset."""
    rows = setting.rows
    if rows is None:
        rows = _balanced_rows(flow, setting)
    photo = setting.photo
    shown = False
    for column in range(setting.columns):
        zone: list = []
        if column and not flow.done():
            cuts.append(("column", flow.offset()))
        for row in range(rows):
            if flow.done():
                break
            measure = setting.measure
            if photo and photo[0] == column and photo[1] <= row < photo[1] + photo[2]:
                if photo[3] == 0:                  # photo as wide as the column: no text here
                    if not shown:
                        _close(zone, zones)
                        zone = []
                        zones.append(("caption", photo[4]))
                        cuts.append(("caption", flow.offset()))
                        shown = True
                    continue
                measure = photo[3]
                if row == photo[1]:
                    cuts.append(("narrow", flow.offset()))
            zone.append(flow.line(measure))
            if photo and photo[3] and photo[0] == column and row == photo[1] + photo[2] - 1:
                _close(zone, zones)
                zone = []
                zones.append(("caption", photo[4]))
                cuts.append(("caption", flow.offset()))
                shown = True
        _close(zone, zones)
        if flow.done():
            break
    if setting.rows is None:
        while not flow.done():                     # the estimate fell short: run on
            cuts.append(("column", flow.offset()))
            zone = [flow.line(setting.measure) for _ in range(rows) if not flow.done()]
            _close(zone, zones)
    if photo and not shown:                        # the photo stands below the text
        zones.append(("caption", photo[4]))
        cuts.append(("caption", flow.offset()))


def _close(zone, zones):
    if zone:
        zones.append(("body", zone))


def _balanced_rows(flow: Flow, setting: Setting) -> int:
    extra = setting.photo[2] if setting.photo else 0
    return max(1, math.ceil((flow.count_lines(setting.measure) + extra) / setting.columns))


@dataclass
class Laid:
    """An article laid out: its headline block, byline line and body zones."""
    story: Story
    head: list                     # Lines of kicker, title, subtitle
    byline: Line | None
    body: list                     # ("body", [Line]) and ("caption", Caption)
    facts: dict = field(default_factory=dict)     # what the layout did, for the manifest


def lay_out(story: Story, block_width: int, rng: random.Random, next_item, captions: "CaptionPool",
            off: frozenset = frozenset()) -> Laid:
    flow = Flow(story)
    settings = [choose_setting(block_width, rng)]
    first = settings[0]
    total = flow.count_lines(first.measure)
    # a photo box inside the article (needs some text around it)
    if "photos" not in off and total >= 14 and rng.random() < 0.2:
        caption_text = captions.take(story.captions if rng.random() < 0.7 else None)
        if caption_text:
            caption = make_caption(caption_text, next_item(), rng)
            rows_per_col = math.ceil(total / first.columns)
            photo_rows = rng.randint(3, min(10, max(3, rows_per_col - 2)))
            narrowed = first.measure - rng.randint(4, 12) - 1
            narrowed = narrowed if narrowed >= 6 and rng.random() < 0.7 else 0
            caption.measure = max(8, first.measure - narrowed - 1) if narrowed else first.measure
            first.photo = (rng.randrange(first.columns), rng.randint(2, max(2, rows_per_col - photo_rows)),
                           photo_rows, narrowed, caption)
    # a width change part-way: the body continues in another block at another width
    if "width-changes" not in off and total >= 16 and rng.random() < 0.3:
        first.rows = max(3, int(total * rng.uniform(0.3, 0.6)) // first.columns)
        other = block_width + rng.choice((-1, 1)) * rng.randint(4, 14)
        second = choose_setting(max(6, other), rng)
        if second.measure == first.measure:
            second = Setting(second.columns, max(6, second.measure - 3))
        settings.append(second)
    zones: list = []
    cuts: list = [("subhead", flow.starts[i]) for i, p in enumerate(story.paragraphs) if p.subhead]
    for n, setting in enumerate(settings):
        if not flow.done():
            if n:
                cuts.append(("width", flow.offset()))
            flow_setting(flow, setting, zones, cuts)
    cuts += [("full-end", offset) for offset in sorted(set(flow.full_ends))]

    # large type: 1.6 to 3 times the body size, smaller where the title would not fit in two
    # lines across the block (a one-column headline is set smaller than a lead's)
    head_scale = max(1.3, min(rng.uniform(1.6, 3.0), 2 * block_width / max(1.0, width(story.title))))
    per_line = max(5, int(block_width / head_scale))
    title_lines = wrap(story.title, per_line)
    if len(title_lines) > 3:
        title_lines = wrap(story.title, math.ceil(width(story.title) / 3) + 1)
    head = []
    if story.kicker:                       # one line, a little larger than the body: drop phrases to fit
        phrases = story.kicker.split(" ")
        while len(phrases) > 1 and width(" ".join(phrases)) > block_width / 1.2:
            phrases.pop()
        story.kicker = " ".join(phrases)
        head += [Line([Piece(t, story.item, "kicker")], "head") for t in wrap(story.kicker, block_width / 1.2)]
    head += [Line([Piece(t, story.item, "title")], "head") for t in title_lines]
    if story.subtitle:
        head += [Line([Piece(t, story.item, "subtitle")], "head")
                 for t in wrap(story.subtitle, max(8, block_width * 0.9))]
    byline = Line([Piece(story.byline_display, story.item, "byline")], "byline") if story.byline else None
    facts = {"source": story.source, "measures": [st.measure for st in settings],
             "columns": [st.columns for st in settings], "head_lines": len(title_lines),
             "kicker": bool(story.kicker), "subtitle": bool(story.subtitle),
             "byline": story.byline_pos if story.byline else None,
             "dateline": bool(_DATELINE.match(story.paragraphs[0].gold) or
                              re.match(r"^本报讯", story.paragraphs[0].gold)),
             "photo": None if not first.photo else ("beside" if first.photo[3] else "across"),
             "width_change": len(settings) > 1,
             "subheads": sum(p.subhead for p in story.paragraphs),
             "cuts": sorted(cuts, key=lambda c: c[1])}
    return Laid(story, head, byline, zones, facts)


# --- extraction -----------------------------------------------------------------------

@dataclass
class Extractor:
    mode: str
    rng: random.Random
    off: frozenset = frozenset()
    pieces: list = field(default_factory=list)    # every piece read, in dump order

    def blank_between(self) -> bool:
        return {"ocr": True, "raw": False}.get(self.mode, self.rng.random() < 0.4)

    def head_after(self) -> bool:
        if "head-order" in self.off:
            return False
        return True if self.mode == "ocr" else self.rng.random() < 0.45

    def render(self, line: Line) -> str:
        self.pieces.extend(line.pieces)
        text = line.text
        rng, mode = self.rng, self.mode
        if line.role in ("body", "caption") and not line.para_last:
            chance = {"ocr": 0.02, "raw": 0.03, "mixed": 0.025}[mode]
            if line.loose:
                chance = {"ocr": 0.3, "raw": 0.7, "mixed": 0.5}[mode]
            if rng.random() < chance and "letter-spacing" not in self.off:
                return " ".join(t for t in tokens(text) if not t.isspace())
        if mode in ("ocr", "mixed") and rng.random() < (0.6 if mode == "ocr" else 0.3):
            text = re.sub(r"(?<=\S)（", lambda m: " （" if rng.random() < 0.6 else "（", text)
            text = re.sub(r"）(?=\S)", lambda m: "） " if rng.random() < 0.6 else "）", text)
            text = re.sub(r"(?<=[^\x00-\x7f])([0-9]+)(?=[^\x00-\x7f])",
                          lambda m: f" {m.group(1)} " if rng.random() < 0.5 else m.group(1), text)
        if mode in ("raw", "mixed") and line.role != "other" and rng.random() < 0.25:
            text = re.sub(r"(?<=[^\x00-\x7f])([0-9]+)(?=[^\x00-\x7f])",
                          lambda m: rng.choice((f" {m.group(1)}", f"{m.group(1)} ", f" {m.group(1)} ",
                                                m.group(1))), text)
        if line.para_first and line.role == "body" and mode != "raw":
            if rng.random() < (0.3 if mode == "ocr" else 0.15):
                text = " " * rng.choice((1, 2)) + text
        return text


def extract(page: "Page", mode: str, rng: random.Random) -> tuple[str, list[Piece]]:
    """Read the laid-out page in an extractor's order; return the dump and its pieces in order."""
    ex = Extractor(mode, rng, page.off)
    runs: list[list[str]] = []          # each run: lines read without a break

    def run(lines):
        rendered = [ex.render(line) for line in lines]
        if rendered:
            runs.append(rendered)

    def caption_run(cap: Caption):
        lines = [Line([Piece(t, cap.item, "p0")], "caption") for t in wrap(cap.text, cap.measure)]
        if lines:
            lines[-1].para_last = True
        if cap.credit_display:
            if cap.inline_credit and lines:
                lines[-1].pieces.append(Piece(" " + cap.credit_display, cap.item, "byline"))
            else:
                lines.append(Line([Piece(cap.credit_display, cap.item, "byline")], "credit"))
        run(lines)

    for kind, thing in page.order:
        if kind == "other":
            run([Line([Piece(thing.text, thing.item, "p0")], "other")])
        elif kind == "caption":
            caption_run(thing)
        else:
            laid: Laid = thing
            after = ex.head_after()
            laid.facts["head"] = "after" if after else "before"
            byline_in_head = laid.byline is not None and laid.story.byline_pos == "head" and mode != "ocr"
            head = laid.head + ([laid.byline] if byline_in_head else [])
            if not after:
                run(head)
            if laid.byline is not None and not byline_in_head:
                run([laid.byline])
            for zkind, z in laid.body:
                if zkind == "caption":
                    caption_run(z)
                else:
                    run(z)
            if after:
                run(head)
    out = []
    for i, lines in enumerate(runs):
        if i and ex.blank_between():
            out.append("")
        out.extend(lines)
    text = "\n".join(out) + "\n"
    if mode == "raw":
        text += "\f"
    return text, ex.pieces


# --- pages --------------------------------------------------------------------------

@dataclass
class Page:
    name: str
    mode: str
    order: list                    # (kind, Laid | Caption | Other) in reading order
    items: list                    # gold items, index = item number
    manifest: dict
    off: frozenset = frozenset()   # features left out (FEATURES)


def folio(rng: random.Random) -> str:
    day = datetime.date(2011, 1, 1) + datetime.timedelta(days=rng.randrange(3300))
    week = "一二三四五六日"[day.weekday()]
    number = rng.randint(1, 24)
    parts = [f"{day.year}年{day.month}月{day.day}日", f"星期{week}",
             f"第{number}版" if rng.random() < 0.7 else f"{number:02d}"]
    if rng.random() < 0.7:
        parts.append(rng.choice(SECTIONS))
    if rng.random() < 0.8:
        parts.append(f"责任编辑：{person(rng)}")
        if rng.random() < 0.4:
            parts.append(f"版式：{person(rng)}")
    return " ".join(parts)


def footers(rng: random.Random) -> list[str]:
    form = rng.choice(("editors", "planning", "both"))
    lines = []
    if form in ("editors", "both"):
        lines.append(f"责任编辑：{person(rng)} 美编：{person(rng)} 校对：{person(rng)}")
    if form in ("planning", "both"):
        lines.append(f"本版统筹：{person(rng)} {person(rng)}")
        lines.append(f"版式设计：{person(rng)}")
    return lines


def distinct_records(corpus: list[dict], n: int, rng: random.Random) -> list[dict]:
    """n records, no two of them the same report (the corpus holds some twice, retitled)."""
    chosen, seen = [], set()
    for record in rng.sample(corpus, len(corpus)):
        keys = {record["title"], squeeze(record["paragraphs"][0])[:24], squeeze(record["paragraphs"][-1])[-24:]}
        if keys & seen:
            continue
        seen |= keys
        chosen.append(record)
        if len(chosen) == n:
            break
    return chosen


class CaptionPool:
    """The corpus's photo captions, each used at most once on a page."""

    def __init__(self, corpus: list[dict], rng: random.Random):
        self.rng = rng
        self.all = sorted({c[0] for r in corpus for c in r.get("captions") or []})
        self.used: set[str] = set()

    def take(self, prefer=None) -> str | None:
        for pool in ([c[0] for c in prefer or []], self.all):
            free = [c for c in pool if squeeze(c)[:20] not in self.used]
            if free:
                text = self.rng.choice(free)
                self.used.add(squeeze(text)[:20])       # near-twins (same opening) count as used
                return text
        return None


def build_page(corpus: list[dict], rng: random.Random, mode: str, name: str,
               off: frozenset = frozenset()) -> Page:
    grid_columns = rng.randint(5, 8)
    grid_width = rng.randint(7, 15)
    items: list = []
    order: list = []

    def next_item() -> int:
        items.append(None)
        return len(items) - 1

    manifest = {"name": name, "mode": mode, "grid": [grid_columns, grid_width], "blocks": []}
    if "furniture" not in off and rng.random() < 0.7:
        other = Other(next_item(), folio(rng))
        items[other.item] = {"kind": "other", "paragraphs": [other.text]}
        order.append(("other", other))

    n_articles = rng.randint(3, 8)
    n_free_captions = rng.choice((0, 0, 1, 1, 2)) if "free-captions" not in off else 0
    records = distinct_records(corpus, n_articles, rng)
    captioned = CaptionPool(corpus, rng)
    # bands of blocks across the grid; each block takes one article (or a photo)
    queue = [("article", r) for r in records] + [("photo", None)] * n_free_captions
    rng.shuffle(queue)
    while queue:
        left = grid_columns
        while left and queue:
            span = min(left, rng.choice((1, 2, 2, 3, 3, 4)))
            left -= span
            kind, record = queue.pop(0)
            block_width = span * grid_width + 2 * (span - 1)
            if kind == "photo":
                cap = make_caption(captioned.take(), next_item(), rng)
                cap.measure = block_width
                items[cap.item] = caption_gold(cap)
                order.append(("caption", cap))
                manifest["blocks"].append({"span": span, "photo": True})
                continue
            item = next_item()
            story = make_story(record, item, rng, off)
            laid = lay_out(story, block_width, rng, next_item, captioned, off)
            items[item] = story_gold(story)
            for zkind, z in laid.body:
                if zkind == "caption":
                    items[z.item] = caption_gold(z)
            order.append(("article", laid))
            manifest["blocks"].append({"span": span, "article": story.source, "width": block_width})
    if "furniture" not in off and rng.random() < 0.5:
        for text in footers(rng):
            other = Other(next_item(), text)
            items[other.item] = {"kind": "other", "paragraphs": [gold_text(text)]}
            order.append(("other", other))
    manifest["off"] = sorted(off)
    return Page(name, mode, order, items, manifest, off)


def story_gold(story: Story) -> dict:
    return {"kind": "article", "title": story.title, "kicker": story.kicker, "subtitle": story.subtitle,
            "byline": story.byline, "paragraphs": [p.gold for p in story.paragraphs],
            "subheads": [i for i, p in enumerate(story.paragraphs) if p.subhead]}


def caption_gold(cap: Caption) -> dict:
    return {"kind": "caption", "title": None, "kicker": None, "subtitle": None, "byline": cap.credit,
            "paragraphs": [cap.gold]}


def render_page(page: Page, rng: random.Random) -> tuple[str, list[dict]]:
    """The dump and the gold items in dump order (with the pieces checked)."""
    dump, recorder = extract(page, page.mode, rng)
    seen: dict[int, int] = {}
    for n, piece in enumerate(recorder):
        seen.setdefault(piece.item, n)
    ordered = sorted(seen, key=seen.get)
    position = {item: n for n, item in enumerate(ordered)}
    page.manifest["articles"] = [{"item": position[laid.story.item], **laid.facts}
                                 for kind, laid in page.order if kind == "article"]
    page.manifest["captions"] = [position[z.item] for kind, laid in page.order if kind == "article"
                                 for k, z in laid.body if k == "caption"]
    gold = []
    for i in ordered:
        it = {"kind": "article", "title": None, "kicker": None, "subtitle": None, "byline": None,
              "paragraphs": [], **page.items[i]}
        it["source_lines"] = None
        gold.append(it)
    check_page(dump, recorder, page.items, ordered)
    return dump, gold


def check_page(dump: str, pieces: list[Piece], items: list[dict], ordered: list[int]) -> None:
    """The dump holds the pieces' characters in order and nothing else; each item's pieces,
    field by field, give exactly its gold (spaces aside, full-width digits folded)."""
    assert squeeze(dump) == squeeze("".join(p.text for p in pieces)), "dump differs from its pieces"
    assert len(ordered) == len(items), "an item never reached the dump"
    by_field: dict[tuple[int, str], str] = {}
    for p in pieces:
        by_field[(p.item, p.field)] = by_field.get((p.item, p.field), "") + p.text
    for i, it in enumerate(items):
        fields = {"title": it.get("title"), "kicker": it.get("kicker"), "subtitle": it.get("subtitle"),
                  "byline": it.get("byline")}
        fields.update({f"p{n}": text for n, text in enumerate(it["paragraphs"])})
        for name, text in fields.items():
            got = fold(squeeze(by_field.pop((i, name), "")))
            assert got == fold(squeeze(text)), f"item {i} {name}: dump {got[:40]!r} != gold {squeeze(text)[:40]!r}"
    assert not by_field, f"pieces without a gold field: {list(by_field)[:3]}"


def generate(corpus: list[dict], seed: int, index: int, mode: str, traditional: bool = False,
             prefix: str = "np", off: frozenset = frozenset()) -> tuple[str, str, dict]:
    """One page: (name, dump, gold document).  Deterministic in its arguments; ``off``
    leaves features out (FEATURES), the rest of the page drawn as it can be."""
    rng = random.Random(f"{seed}:{index}:{mode}")       # a Traditional page is its Simplified twin
    name = f"{prefix}-{mode}{'-t' if traditional else ''}-{seed}-{index:03d}"
    page = build_page(corpus, rng, mode, name, frozenset(off))
    dump, gold = render_page(page, rng)
    if traditional:
        dump = to_traditional(dump)
    page.manifest["traditional"] = traditional
    return name, dump, {"source": f"tests/newsprint.py seed={seed} page={index} mode={mode}"
                                  f"{' traditional' if traditional else ''}",
                        "items": gold, "manifest": page.manifest}


_S2T = None


def to_traditional(text: str) -> str:
    global _S2T
    if _S2T is None:
        import opencc
        _S2T = opencc.OpenCC("s2t")
    return _S2T.convert(text)


def write_pages(out: Path, pages: int, seed: int, mode: str, traditional: bool, corpus=None,
                off: frozenset = frozenset()) -> list[Path]:
    corpus = corpus or load_corpus()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(pages):
        page_mode = mode if mode in MODES else MODES[i % 3]
        name, dump, gold = generate(corpus, seed, i, page_mode, traditional, off=off)
        (out / f"{name}.txt").write_text(dump, encoding="utf-8")
        (out / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(out / f"{name}.txt")
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--mode", choices=MODES + ("all",), default="all",
                        help="extraction model; 'all' writes OUT/ocr, OUT/raw, OUT/mixed and OUT/traditional")
    parser.add_argument("--traditional", action="store_true", help="convert the dumps with OpenCC s2t")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--off", default="", metavar="FEATURE,...",
                        help="leave features out, to measure what each costs: " + ", ".join(FEATURES)
                             + " (head-order: every headline before its body)")
    args = parser.parse_args(argv)
    off = frozenset(f for f in args.off.split(",") if f)
    if off - set(FEATURES):
        parser.error(f"unknown feature(s): {', '.join(sorted(off - set(FEATURES)))}")
    corpus = load_corpus(args.corpus)
    if args.mode == "all" and not args.traditional:
        for mode in MODES:
            write_pages(args.out / mode, args.pages, args.seed, mode, False, corpus, off)
        write_pages(args.out / "traditional", args.pages, args.seed, "cycle", True, corpus, off)
    else:
        write_pages(args.out, args.pages, args.seed, args.mode, args.traditional, corpus, off)
    return 0


if __name__ == "__main__":
    sys.exit(main())
