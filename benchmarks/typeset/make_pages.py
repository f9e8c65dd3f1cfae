"""Typeset corpus articles as broadsheet pages, print them with headless Chromium and
extract the text with real PDF tools, writing each dump beside its gold split.

    python benchmarks/typeset/make_pages.py --out /work/typeset-pages --seeds 5000-5119
    python benchmarks/typeset/make_pages.py --out /work/typeset-pages --seeds 6000-6039 --trad

For every seed: one HTML page (an 8-column grid of bands; each band a row of stacks 1 to
8 grid columns wide; a stack holds articles and stand-alone photos one under the other),
one PDF (Chromium ``--print-to-pdf``), and one dump per extractor:

    raw      pdftotext -raw       (content-stream order: the order Chromium paints)
    default  pdftotext            (poppler's reading-order analysis)
    mutool   mutool draw -F txt   (MuPDF's structured text), when mutool is installed
    pdfminer pdfminer.six extract_text (its own layout analysis), when installed
    layout   pdftotext -layout    (columns side by side; only when asked for)

written to ``OUT/<extractor>[-trad]/ts-<seed>.txt`` with ``ts-<seed>.gold.json`` and a
line in that folder's ``manifest.jsonl`` (the page's layout choices).

What varies (per page unless said): body font AR PL UMing or WenQuanYi Zen Hei at 8 to
9.5 pt, line height, paragraph gap, column gap, column rules; the grid (1 or 2 bands);
per article: text columns (1 to the stack's span), headline painted before or after the
body (DOM order: grid rows or grid areas put it on top, so the PDF paints it after), byline under the headline or on top of the body, in-body subheads (short
unpunctuated corpus paragraphs) bold and centred, a photo box (beside the start of the
body, which runs narrower; on top; at the bottom; or floated inside the body) whose
caption falls inside the article's text, ``text-autospace``, headline letter-spacing;
the page's folio line and editor footer with invented names.

Gold (same form as ``shared/pages/realtype-dev/*.gold.json``, ``source_lines`` null):
items in the order their text first appears in that extractor's dump; texts with no space
touching a wide character, full-width ASCII letters and digits made ASCII; bylines and
kickers keep single spaces between their parts (a padded two-character name ``刘 歌``
joined). A page whose dump and gold differ as multisets of non-space characters is
reported and left out (``--keep-bad`` keeps it, flagged in the manifest).
"""
from __future__ import annotations

import argparse
import calendar
import datetime
import html
import json
import math
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter

SHARED = pathlib.Path(os.environ.get("OCRFIX_SHARED", "/work/shared"))
CORPUS = SHARED / "corpus" / "peoples-daily-articles.jsonl"
SAMPLE_GOLD = SHARED / "samples" / "jiaozuo-daily-page.gold.json"

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-pdf-header-footer"]

PAGE_W_MM, MARGIN_MM = 350.0, 8.0
PT_MM = 25.4 / 72

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建红文辉宇鹏飞鑫波斌宁凯浩然晨阳雪梅琳欣怡子涵思远志国庆春林海峰")
SECTIONS = ["要闻", "综合", "国际", "时政", "社会", "经济", "文化", "地方", "评论", "国际新闻", "视点", "新闻"]
WEEKDAYS = "一二三四五六日"

WIDE = r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef“”‘’《》—…·⬅➡"
SPACE_WIDE = re.compile(rf"\s+(?=[{WIDE}])|(?<=[{WIDE}])\s+")
PADDED_NAME = re.compile(r"(?<![^\s])([\u4e00-\u9fff]) ([\u4e00-\u9fff])(?![^\s摄])")


# ---------------------------------------------------------------- text conventions

def fold_width(s: str) -> str:
    """Full-width ASCII letters and digits to ASCII; everything else unchanged."""
    return "".join(unicodedata.normalize("NFKC", c) if ("０" <= c <= "９" or "Ａ" <= c <= "Ｚ" or "ａ" <= c <= "ｚ") else c
                   for c in s)


def gold_text(s: str | None) -> str | None:
    """A body, title or subtitle as the gold writes it: no space touching a wide character."""
    if s is None:
        return None
    s = SPACE_WIDE.sub("", fold_width(s))
    return re.sub(r"\s+", " ", s).strip()


def gold_phrased(s: str | None) -> str | None:
    """A byline, credit or kicker: single spaces between its parts, padded names joined."""
    if s is None:
        return None
    s = re.sub(r"[\s\u3000]+", " ", fold_width(s)).strip()
    s = PADDED_NAME.sub(r"\1\2", s)
    s = re.sub(r"\s*([（）“”《》，、：])\s*", r"\1", s)
    return s


def squeeze(s: str | None) -> str:
    return re.sub(r"\s+", "", fold_width(s or ""))


# ---------------------------------------------------------------- sources

def load_articles() -> list[dict]:
    arts = []
    for line in open(CORPUS, encoding="utf-8"):
        r = json.loads(line)
        if not r["paragraphs"] or not r["title"]:
            continue
        arts.append(dict(id=r["id"], kicker=None, title=r["title"], subtitle=r.get("subtitle"),
                         byline=r.get("byline"), paragraphs=r["paragraphs"],
                         captions=[tuple(c) for c in r.get("captions") or []]))
    if SAMPLE_GOLD.exists():
        for i, it in enumerate(json.load(open(SAMPLE_GOLD, encoding="utf-8"))["items"]):
            if it["kind"] == "article" and it.get("title"):
                arts.append(dict(id=f"jz-{i:02d}", kicker=it.get("kicker"), title=it["title"],
                                 subtitle=it.get("subtitle"), byline=it.get("byline"),
                                 paragraphs=it["paragraphs"], captions=[]))
    for a in arts:
        a["chars"] = sum(len(p) for p in a["paragraphs"])
    return arts


def load_captions(arts: list[dict]) -> list[tuple[str, str | None]]:
    caps = {}
    for a in arts:
        for text, credit in a["captions"]:
            caps.setdefault(squeeze(text), (text, credit))
    if SAMPLE_GOLD.exists():
        for it in json.load(open(SAMPLE_GOLD, encoding="utf-8"))["items"]:
            if it["kind"] == "caption":
                caps.setdefault(squeeze(it["paragraphs"][0]), (it["paragraphs"][0], it.get("byline")))
    return list(caps.values())


def is_subhead(p: str, i: int) -> bool:
    p = p.strip()
    return (i > 0 and 4 <= len(p) <= 32 and not re.search(r"[。！？…；：”）」』.!?]$", p)
            and not p.startswith("——") and not p.endswith("——") and "：" not in p[-1:]
            and not re.match(r"(本版|版式|责任编辑)", p))


# ---------------------------------------------------------------- page plan

def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 1, 2, 2, 2])))


def folio_line(rng: random.Random) -> str:
    d = datetime.date(2011, 1, 1) + datetime.timedelta(days=rng.randrange(9 * 365))
    parts = [f"{d.year}年{d.month}月{d.day}日", f"星期{WEEKDAYS[d.weekday()]}"]
    n = rng.randint(1, 24)
    parts.append(rng.choice([f"第{n}版", f"{n:02d}"]))
    if rng.random() < 0.6:
        parts.append(rng.choice(SECTIONS))
    parts.append(f"责任编辑：{name(rng)}")
    if rng.random() < 0.4:
        parts.append(f"{rng.choice(['版式', '版式设计', '美编'])}：{name(rng)}")
    return " ".join(parts)


def footer_lines(rng: random.Random) -> list[str]:
    style = rng.random()
    if style < 0.45:
        return [f"责任编辑：{name(rng)} 美编：{name(rng)} 校对：{name(rng)}"]
    if style < 0.75:
        return [f"本版统筹：{name(rng)} {name(rng)}", f"版式设计：{name(rng)}"]
    if style < 0.9:
        return [f"本版统筹：{name(rng)}", f"美编：{name(rng)} 校对：{name(rng)}"]
    return [f"版式设计：{name(rng)} 校对：{name(rng)}"]


def credit(rng: random.Random, wide: bool = False) -> str:
    forms = [f"本报记者 {name(rng)} 摄", f"{name(rng)} 摄", f"新华社记者 {name(rng)}摄", f"本报通讯员 {name(rng)} 摄"]
    if wide:
        forms += ["新华社发", f"{name(rng)} 摄（新华社发）"]
    return rng.choice(forms)


def partition(rng: random.Random, total: int, n_hint: int) -> list[int]:
    """Spans of one band, summing to 8: mostly 1-4, sometimes one wide lead block."""
    while True:
        spans, left = [], total
        if total == 8 and rng.random() < 0.2:
            spans.append(rng.choice([5, 6, 8]))
            left -= spans[0]
        while left:
            s = rng.choice([x for x in (1, 2, 2, 2, 3, 3, 3, 4, 4, 4) if x <= left])
            spans.append(s)
            left -= s
        if len(spans) <= max(2, n_hint + 1):
            rng.shuffle(spans)
            return spans


def plan_page(seed: int, arts: list[dict], caps: list[tuple], trad: bool = False, profile: str = "shared") -> dict:
    """The page's layout choices. ``profile="shared"`` keeps to what the shared pages show
    (photos only beside the start of a body, no letter-spaced headlines);
    ``"wide"`` adds photos on top of, under or floated inside a body, and letter-spaced
    headlines."""
    rng = random.Random(seed)
    wide = profile == "wide"
    n = rng.randint(3, 9)
    pool = [a for a in arts if 150 <= a["chars"] <= 5200]
    for _ in range(200):
        chosen = rng.sample(pool, n)
        total = sum(a["chars"] for a in chosen)
        if total <= 3000 + 1000 * n and len({a["title"] for a in chosen}) == n:
            break
    chosen.sort(key=lambda a: -a["chars"])
    n_standalone = rng.choice([0, 0, 0, 1, 1, 2])
    n_bands = 1 if n <= 3 else rng.choice([1, 2])
    bands = [partition(rng, 8, math.ceil(n / n_bands)) for _ in range(n_bands)]
    stacks = [[s, b, []] for b, spans in enumerate(bands) for s in spans]
    # widest stacks first get the longest articles, then round-robin on estimated height
    order = sorted(range(len(stacks)), key=lambda i: -stacks[i][0])
    load = {i: 0.0 for i in range(len(stacks))}
    for k, a in enumerate(chosen):
        i = order[k] if k < len(order) else min(load, key=lambda j: load[j] / stacks[j][0])
        stacks[i][2].append(a["id"])
        load[i] += a["chars"]
    used_caps = set()
    for a in chosen:
        used_caps.update(squeeze(t) for t, _ in a["captions"])
    free_caps = [c for c in caps if squeeze(c[0]) not in used_caps]
    rng.shuffle(free_caps)
    standalone = []
    for _ in range(n_standalone):
        if not free_caps:
            break
        text, cr = free_caps.pop()
        standalone.append(dict(text=text, credit=cr or credit(rng, wide), credit_inline=rng.random() < 0.5))
        i = rng.randrange(len(stacks))
        # on top of its stack more often than not, as on the shared pages; else under or between
        k = len(stacks[i][2])
        where = rng.choices([0, k, rng.randint(0, k)], [55, 30, 15])[0]
        stacks[i][2].insert(where, f"caption-{len(standalone) - 1}")
    for s in stacks:   # an empty stack gets a stand-alone photo, or stays empty
        if not s[2] and free_caps and rng.random() < 0.7:
            text, cr = free_caps.pop()
            standalone.append(dict(text=text, credit=cr or credit(rng, wide), credit_inline=rng.random() < 0.5))
            s[2].append(f"caption-{len(standalone) - 1}")

    # half the pages set no headline after its body; of the rest, half set all of them after
    head_after_rate = rng.choice([0.0, 0.0, 1.0, rng.uniform(0.2, 0.7)])
    span_of = {aid: s[0] for s in stacks for aid in s[2]}
    art_plans = []
    for a in chosen:
        span = span_of[a["id"]]
        # text columns about one grid column wide, or 1.5 or 2 (as the shared pages measure)
        cols = rng.choices([span, max(1, round(span / 1.5)), max(1, span // 2)], [40, 35, 25])[0]
        photo = None
        if (span >= 2 or wide) and (rng.random() < 0.15 or (a["captions"] and rng.random() < 0.5)):
            if a["captions"]:
                text, cr = a["captions"][0]
            elif free_caps:
                text, cr = free_caps.pop()
            else:
                text = None
            if text:
                if not wide:
                    kind = "beside"
                else:
                    kind = rng.choices(["beside", "top", "bottom", "float"], [4, 2, 1, 1])[0] if span >= 2 \
                        else rng.choice(["top", "bottom"])
                    if kind == "beside" and a["chars"] < 500:
                        kind = "top"
                photo = dict(kind=kind, text=text, credit=cr or credit(rng, wide), credit_inline=rng.random() < 0.5,
                             height_mm=round(rng.uniform(25, 60), 1), width_frac=round(rng.uniform(0.45, 0.65), 2))
        art_plans.append(dict(
            id=a["id"], span=span, cols=cols,
            head_after=rng.random() < head_after_rate,
            head_after_css=rng.choice(["grid-rows", "grid-areas"]),
            autospace=rng.random() < 0.3,
            byline_pos=rng.choice(["below_head", "body_top"]),
            subheads=rng.random() < 0.8,
            head_align=rng.choice(["center", "center", "left"]),
            head_pt=round(rng.uniform(*({1: (11, 14), 2: (13, 18), 3: (15, 20), 4: (17, 24)}.get(span, (22, 32)))), 1),
            head_spacing=round(rng.uniform(0.1, 0.4), 2) if wide and rng.random() < 0.15 else 0.0,
            photo=photo))
    return dict(
        seed=seed, trad=trad, profile=profile,
        font_pt=rng.choice([8, 8.5, 9, 9.5]),
        body_font=rng.choice(["AR PL UMing CN", "AR PL UMing CN", "WenQuanYi Zen Hei"]),
        head_font=rng.choice(["WenQuanYi Zen Hei", "AR PL UMing CN"]),
        line_height=round(rng.uniform(1.25, 1.45), 3),
        para_gap_em=round(rng.choice([0, rng.uniform(0.2, 0.45), rng.uniform(0.2, 0.45)]), 3),
        gap_mm=round(rng.uniform(4, 6.5), 2),
        paren_pad=rng.random() < 0.35,
        column_rule=rng.random() < 0.4,
        line_break=rng.choice(["normal", "strict", "auto"]),
        bands=bands, stacks=stacks, articles=art_plans, captions=standalone,
        folio=folio_line(rng) if rng.random() < 0.5 else None,
        footer=footer_lines(rng) if rng.random() < 0.3 else None,
    )


# ---------------------------------------------------------------- HTML

def make_converter(trad: bool):
    if not trad:
        return lambda s: s
    import opencc
    cc = opencc.OpenCC("s2t")
    return lambda s: cc.convert(s) if s else s


def render_html(plan: dict, arts_by_id: dict, conv) -> str:
    pt = plan["font_pt"]
    gap = plan["gap_mm"]
    content_w = PAGE_W_MM - 2 * MARGIN_MM
    grid_w = (content_w - 7 * gap) / 8
    esc = lambda s: html.escape(conv(s))
    pad = (lambda s: s) if plan["paren_pad"] else (lambda s: re.sub(r"[ \u3000]+(?=（)", "", s))
    css = f"""
@page {{ size: {PAGE_W_MM}mm 2500mm; margin: {MARGIN_MM}mm; }}
body {{ margin: 0; font-family: '{plan['body_font']}'; font-size: {pt}pt; line-height: {plan['line_height']};
       line-break: {plan['line_break']}; }}
.folio {{ font-size: {pt + 0.5}pt; border-bottom: 0.6mm solid #000; margin-bottom: 3mm; padding-bottom: 1mm;
          display: flex; justify-content: space-between; }}
.footer {{ font-size: {pt - 0.5}pt; border-top: 0.3mm solid #000; margin-top: 3mm; padding-top: 1mm; }}
.band {{ display: grid; grid-template-columns: repeat(8, 1fr); column-gap: {gap}mm; margin-bottom: 4mm;
         border-bottom: 0.3mm solid #000; padding-bottom: 2mm; }}
.stack > * {{ margin-bottom: 3mm; }}
.art {{ display: block; }}
.art.after-grid {{ display: grid; grid-template-columns: 100%; }}
.art.after-grid > .head {{ grid-row: 1; }}
.art.after-grid > .fig-top {{ grid-row: 2; }}
.art.after-grid > .body {{ grid-row: 3; }}
.art.after-grid > .fig-bottom {{ grid-row: 4; }}
.head {{ font-family: '{plan['head_font']}'; margin-bottom: 2mm; }}
.kicker {{ font-size: {pt + 2}pt; margin: 0 0 1mm; }}
.title {{ font-weight: bold; margin: 0; line-height: 1.2; }}
.subtitle {{ font-size: {pt + 2.5}pt; margin: 1mm 0 0; }}
.byline {{ font-size: {pt}pt; margin: 1.5mm 0 0; font-family: '{plan['body_font']}'; }}
.body {{ column-gap: {gap}mm; column-fill: balance; text-align: justify; {'column-rule: 0.2mm solid #888;' if plan['column_rule'] else ''} }}
.body p {{ margin: 0 0 {plan['para_gap_em']}em; text-indent: 2em; orphans: 1; widows: 1; }}
.body p.cont {{ text-indent: 0; }}
.body p.bl {{ text-indent: 0; font-weight: bold; }}
.body p.sub {{ text-indent: 0; text-align: center; font-weight: bold; font-family: '{plan['head_font']}'; margin: 0.3em 0; }}
.fig {{ font-size: {pt - 0.5}pt; }}
.fig .ph {{ background: #bbb; }}
.fig .cap {{ text-align: justify; margin-top: 1mm; }}
.fig .cr {{ text-align: right; }}
.beside {{ display: flex; gap: {gap}mm; align-items: flex-start; }}
.beside > .body {{ flex: 1; }}
.floatfig {{ float: right; margin: 0 0 1mm 2mm; text-indent: 0; }}
"""
    parts = [f"<!doctype html><html lang=\"{'zh-Hant' if plan['trad'] else 'zh-Hans'}\"><head><meta charset=\"utf-8\">"
             f"<style>{css}</style></head><body>"]
    if plan["folio"]:
        bits = plan["folio"].split(" ")
        cut = max(1, len(bits) // 2)
        parts.append(f"<div class=\"folio\"><span>{esc(' '.join(bits[:cut]))}</span><span>{esc(' '.join(bits[cut:]))}</span></div>")

    def figure(ph: dict, width_mm: float | None, cls: str) -> str:
        w = f"width:{width_mm:.1f}mm;" if width_mm else ""
        cap = esc(ph["text"])
        cr = esc(ph["credit"])
        if ph["credit_inline"]:
            caption = f"<div class=\"cap\">{cap} {cr}</div>"
        else:
            caption = f"<div class=\"cap\">{cap}</div><div class=\"cr\">{cr}</div>"
        tag = "span" if cls == "floatfig" else "div"
        inner = caption.replace("<div", "<span style=\"display:block\"").replace("</div>", "</span>") if tag == "span" else caption
        return (f"<{tag} class=\"fig {cls}\" style=\"{w}display:block\"><{tag} class=\"ph\" style=\"display:block;height:{ph['height_mm']}mm\"></{tag}>"
                f"{inner}</{tag}>")

    def body_html(a: dict, ap: dict, paras: list[tuple[str, str]], cols: int, byline_top: bool) -> str:
        out = [f"<div class=\"body\" style=\"column-count:{cols};{'text-autospace:normal' if ap['autospace'] else 'text-autospace:no-autospace'}\">"]
        if byline_top:
            out.append(f"<p class=\"bl\">{esc(a['byline'])}</p>")
        for cls, text in paras:
            out.append(f"<p class=\"{cls}\">{text}</p>")
        out.append("</div>")
        return "".join(out)

    def article_html(ap: dict) -> str:
        a = arts_by_id[ap["id"]]
        width = ap["span"] * grid_w + (ap["span"] - 1) * gap
        head = ["<div class=\"head\" style=\"text-align:%s\">" % ap["head_align"]]
        if a["kicker"]:
            head.append(f"<div class=\"kicker\">{esc(a['kicker'])}</div>")
        ls = f"letter-spacing:{ap['head_spacing']}em;" if ap["head_spacing"] else ""
        head.append(f"<div class=\"title\" style=\"font-size:{ap['head_pt']}pt;{ls}\">{esc(a['title'])}</div>")
        if a["subtitle"]:
            head.append(f"<div class=\"subtitle\">{esc(a['subtitle'])}</div>")
        if a["byline"] and ap["byline_pos"] == "below_head":
            head.append(f"<div class=\"byline\">{esc(a['byline'])}</div>")
        head.append("</div>")
        head = "".join(head)
        paras = []
        for i, p in enumerate(a["paragraphs"]):
            text = pad(p)
            if ap["subheads"] and is_subhead(p, i):
                paras.append(("sub", esc(text)))
            else:
                paras.append(("", esc(text)))
        byline_top = bool(a["byline"]) and ap["byline_pos"] == "body_top"
        ph = ap["photo"]
        blocks = []   # in visual order, top to bottom
        if ph and ph["kind"] == "beside":
            fig_w = width * ph["width_frac"]
            col_w = (width - fig_w - gap)
            cols1 = 1 if col_w < 2.2 * grid_w else 2
            text_w = (col_w - (cols1 - 1) * gap) / cols1
            per_line = max(4, int(text_w / (pt * PT_MM)))
            lines = (ph["height_mm"] + 12) / (pt * PT_MM * plan["line_height"])
            cap_chars = int(per_line * lines * cols1 * 0.9)
            first, second, used = [], [], 0
            for cls, text in paras:
                if second or used >= cap_chars:
                    second.append((cls, text))
                    continue
                raw = html.unescape(text)
                if used + len(raw) <= cap_chars or cls == "sub":
                    first.append((cls, text))
                    used += len(raw) + per_line // 2
                else:
                    k = max(1, cap_chars - used)
                    while 0 < k < len(raw) - 1 and raw[k - 1].isascii() and raw[k].isascii():
                        k += 1   # never cut inside a number or a Latin word
                    first.append((cls, html.escape(raw[:k])))
                    second.append(("cont", html.escape(raw[k:])))
                    used = cap_chars
            ap["photo"]["split_chars"] = used
            blocks.append(("beside", f"<div class=\"beside\">{body_html(a, ap, first, cols1, byline_top)}"
                                     f"{figure(ph, fig_w, 'fig-beside')}</div>"))
            if second:
                blocks.append(("body", body_html(a, ap, second, ap["cols"], False)))
        elif ph and ph["kind"] == "float":
            fig_w = min(width / ap["cols"] * 0.6, 60)
            k = rng_float_par(paras)
            cls, text = paras[k]
            raw = html.unescape(text)
            cut = len(raw) // 3
            paras[k] = (cls, html.escape(raw[:cut]) + figure(ph, fig_w, "floatfig") + html.escape(raw[cut:]))
            blocks.append(("body", body_html(a, ap, paras, ap["cols"], byline_top)))
        else:
            if ph and ph["kind"] == "top":
                blocks.append(("fig-top", figure(ph, None, "fig-top")))
            blocks.append(("body", body_html(a, ap, paras, ap["cols"], byline_top)))
            if ph and ph["kind"] == "bottom":
                blocks.append(("fig-bottom", figure(ph, None, "fig-bottom")))
        if not ap["head_after"]:
            return f"<div class=\"art\">{head}{''.join(b for _, b in blocks)}</div>"
        # the headline after the body in the DOM (so the PDF paints it after), shown on top by
        # the grid; flex column-reverse or `order` would not do: Chromium paints flex items in
        # their visual order
        if ap["head_after_css"] == "grid-areas":
            names = [f"b{r}" for r in range(len(blocks))]
            areas = " ".join(f'"{n}"' for n in ["h", *names])
            cells = "".join(f"<div style=\"grid-area:{n}\">{b}</div>" for n, (_, b) in zip(names, blocks))
            return (f"<div class=\"art\" style=\"display:grid;grid-template-columns:100%;grid-template-areas:{html.escape(areas)}\">"
                    f"{cells}<div style=\"grid-area:h\">{head}</div></div>")
        rows = []
        for r, (_, b) in enumerate(blocks, start=2):
            rows.append(f"<div style=\"grid-row:{r}\">{b}</div>")
        return f"<div class=\"art after-grid\">{''.join(rows)}<div style=\"grid-row:1\">{head}</div></div>"

    def rng_float_par(paras):
        for i, (cls, text) in enumerate(paras):
            if cls == "" and len(text) > 60:
                return i
        return 0

    aps = {ap["id"]: ap for ap in plan["articles"]}
    for b, spans in enumerate(plan["bands"]):
        parts.append("<div class=\"band\">")
        for span, band, ids in plan["stacks"]:
            if band != b:
                continue
            parts.append(f"<div class=\"stack\" style=\"grid-column: span {span}\">")
            for x in ids:
                if x.startswith("caption-"):
                    cp = plan["captions"][int(x.split("-")[1])]
                    cp.setdefault("height_mm", round(30 + 8 * span, 1))
                    parts.append(figure(cp, None, "fig-alone"))
                else:
                    parts.append(article_html(aps[x]))
            parts.append("</div>")
        parts.append("</div>")
    if plan["footer"]:
        parts.append("<div class=\"footer\">" + "".join(f"<div>{esc(l)}</div>" for l in plan["footer"]) + "</div>")
    parts.append("</body></html>")
    return "\n".join(parts)


# ---------------------------------------------------------------- gold

def gold_items(plan: dict, arts_by_id: dict, conv) -> list[dict]:
    """Every item of the page, unordered, each with its text as printed (``conv`` applied)."""
    items = []

    def item(kind, title=None, kicker=None, subtitle=None, byline=None, paragraphs=(), key=None):
        items.append(dict(kind=kind, title=title, kicker=kicker, subtitle=subtitle, byline=byline,
                          paragraphs=list(paragraphs), source_lines=None, _key=key))

    if plan["folio"]:
        item("other", paragraphs=[conv(plan["folio"])], key="folio")
    for ap in plan["articles"]:
        a = arts_by_id[ap["id"]]
        item("article", title=conv(a["title"]), kicker=conv(a["kicker"]), subtitle=conv(a["subtitle"]),
             byline=conv(a["byline"]), paragraphs=[conv(p) for p in a["paragraphs"]], key=ap["id"])
        if ap["photo"]:
            ph = ap["photo"]
            item("caption", byline=conv(ph["credit"]), paragraphs=[conv(ph["text"])], key=ap["id"] + "/photo")
    for i, cp in enumerate(plan["captions"]):
        item("caption", byline=conv(cp["credit"]), paragraphs=[conv(cp["text"])], key=f"caption-{i}")
    for i, line in enumerate(plan["footer"] or ()):  # (each of the page's own lines is an item of its own)
        item("other", paragraphs=[conv(line)], key=f"footer-{i}")
    for it in items:
        it["title"] = gold_text(it["title"])
        it["subtitle"] = gold_text(it["subtitle"])
        it["kicker"] = gold_phrased(it["kicker"])
        it["byline"] = gold_phrased(it["byline"])
        it["paragraphs"] = [g for g in (gold_text(p) for p in it["paragraphs"]) if g]
    return items


def item_chars(it: dict) -> Counter:
    c = Counter()
    for k in ("kicker", "title", "subtitle", "byline"):
        c.update(squeeze(it.get(k)))
    for p in it["paragraphs"]:
        c.update(squeeze(p))
    return c


def locate(items: list[dict], dump: str) -> tuple[list[int | None], list[str]]:
    """Where each item's text first appears in the dump (offset in the squeezed dump)."""
    flat = squeeze(dump)
    claimed: list[tuple[int, int]] = []
    positions, unlocated = [], []

    def find(key: str) -> int | None:
        if not key:
            return None
        start = 0
        while True:
            i = flat.find(key, start)
            if i < 0:
                return None
            if not any(a <= i < b for a, b in claimed):
                claimed.append((i, i + len(key)))
                return i
            start = i + 1

    # long keys first, so that short ones cannot steal a long one's place
    parts = []
    for n, it in enumerate(items):
        keys = [squeeze(it.get(k)) for k in ("kicker", "title", "subtitle", "byline")]
        keys += [squeeze(p) for p in it["paragraphs"][:1]]
        for k in keys:
            if k:
                parts.append((n, k[:24]))
    found: dict[int, list[int]] = {}
    for n, k in sorted(parts, key=lambda x: -len(x[1])):
        for size in (24, 12, 6):   # a shorter key where the extractor broke the text up
            i = find(k[:size])
            if i is not None:
                found.setdefault(n, []).append(i)
                break
    for n, it in enumerate(items):
        if n in found:
            positions.append(min(found[n]))
        else:
            positions.append(None)
            unlocated.append(it["_key"])
    return positions, unlocated


# ---------------------------------------------------------------- tools

def print_pdf(html_path: pathlib.Path, pdf_path: pathlib.Path, chromium: str) -> None:
    with tempfile.TemporaryDirectory(prefix="ts-chromium-") as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}",
               html_path.resolve().as_uri()]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180, check=True)
    if not pdf_path.exists():
        raise RuntimeError(f"chromium wrote no PDF for {html_path}")


def crop_pdf_height(html_text: str, n_mm: float) -> str:
    return html_text.replace(f"size: {PAGE_W_MM}mm 2500mm", f"size: {PAGE_W_MM}mm {n_mm:.0f}mm")


EXTRACTORS = {   # name: the command, with PDF where the file goes
    "raw": ["pdftotext", "-raw", "-enc", "UTF-8", "PDF", "-"],
    "default": ["pdftotext", "-enc", "UTF-8", "PDF", "-"],
    "mutool": ["mutool", "draw", "-q", "-F", "txt", "-o", "-", "PDF"],
    "layout": ["pdftotext", "-layout", "-enc", "UTF-8", "PDF", "-"],
    "pdfminer": ["pdfminer.high_level.extract_text(PDF)"],
}
DEFAULT_EXTRACTORS = "raw,default,mutool,pdfminer"


def available(name: str) -> bool:
    if name == "pdfminer":
        try:
            import pdfminer.high_level  # noqa: F401
        except ImportError:
            return False
        return True
    return shutil.which(EXTRACTORS[name][0]) is not None


def extract(name: str, pdf: pathlib.Path) -> str:
    if name == "pdfminer":
        import logging
        from pdfminer.high_level import extract_text
        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        return extract_text(str(pdf))
    cmd = [str(pdf) if a == "PDF" else a for a in EXTRACTORS[name]]
    r = subprocess.run(cmd, capture_output=True, timeout=120, check=True)
    return r.stdout.decode("utf-8")


def pdf_pages(pdf: pathlib.Path) -> int:
    r = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", r.stdout, re.M).group(1))


def pdf_text_bottom_mm(pdf: pathlib.Path) -> float:
    """The lowest text baseline on page 1, in mm from the top (pdftotext -bbox)."""
    r = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True)
    ys = [float(m) for m in re.findall(r'yMax="([\d.]+)"', r.stdout)]
    return max(ys) * 25.4 / 72 if ys else 100.0


# ---------------------------------------------------------------- one page

def make_page(seed: int, arts: list[dict], caps: list[tuple], out: pathlib.Path, extractors: list[str],
              trad: bool, chromium: str, keep_bad: bool, work: pathlib.Path, crop: bool = False,
              profile: str = "shared", suffix: str = "") -> list[dict]:
    arts_by_id = {a["id"]: a for a in arts}
    plan = plan_page(seed, arts, caps, trad, profile)
    conv = make_converter(trad)
    html_text = render_html(plan, arts_by_id, conv)
    stem = f"ts-{seed:05d}"
    html_path, pdf_path = work / f"{stem}.html", work / f"{stem}.pdf"
    html_path.write_text(html_text, encoding="utf-8")
    print_pdf(html_path, pdf_path, chromium)
    if crop:   # second pass: the page as tall as its content, so the PDF looks like a page
        bottom = pdf_text_bottom_mm(pdf_path)
        html_text = crop_pdf_height(html_text, bottom + 2 * MARGIN_MM + 6)
        html_path.write_text(html_text, encoding="utf-8")
        print_pdf(html_path, pdf_path, chromium)
    n_pages = pdf_pages(pdf_path)

    printed = gold_items(plan, arts_by_id, conv)
    plain = gold_items(plan, arts_by_id, lambda s: s) if trad else printed
    rows = []
    for ex in extractors:
        dump = extract(ex, pdf_path)
        pos, unlocated = locate(printed, dump)
        order = sorted(range(len(printed)), key=lambda i: (pos[i] is None, pos[i] if pos[i] is not None else 0, i))
        gold_chars = Counter()
        for it in printed:
            gold_chars.update(item_chars(it))
        dump_chars = Counter(squeeze(dump))
        extra, missing = dump_chars - gold_chars, gold_chars - dump_chars
        extra.pop("\f", None)
        ok = not extra and not missing and not unlocated and n_pages == 1
        manifest = dict(
            seed=seed, trad=trad, mode=ex, profile=plan["profile"], **{k: plan[k] for k in (
                "font_pt", "body_font", "head_font", "line_height", "para_gap_em", "gap_mm", "paren_pad",
                "column_rule", "line_break", "bands")},
            stacks=plan["stacks"],
            articles=[{k: v for k, v in ap.items() if k != "photo"} | {"photo": (
                {k: v for k, v in ap["photo"].items() if k not in ("text", "credit")} if ap["photo"] else None)}
                for ap in plan["articles"]],
            folio=bool(plan["folio"]), footer=bool(plan["footer"]),
            n_captions=len(plan["captions"]) + sum(1 for ap in plan["articles"] if ap["photo"]),
            pdf_pages=n_pages, unlocated=unlocated,
            chars_in_dump_not_gold=dict(extra), chars_in_gold_not_dump=dict(missing), ok=ok)
        rows.append(manifest)
        if not ok and not keep_bad:
            continue
        d = out / (ex + ("-trad" if trad else "") + suffix)
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{stem}.txt").write_text(dump, encoding="utf-8")
        gold = dict(source=f"typeset seed {seed}, {' '.join(a for a in EXTRACTORS[ex] if a not in ('-enc', 'UTF-8', '-', '-o'))}"
                           + (" (Traditional print, Simplified gold)" if trad else ""),
                    items=[{k: v for k, v in plain[i].items() if k != "_key"} for i in order])
        (d / f"{stem}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return rows


def parse_seeds(spec: str) -> list[int]:
    seeds = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            seeds.extend(range(int(a), int(b) + 1))
        else:
            seeds.append(int(part))
    return seeds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=pathlib.Path, help="output root (one folder per extractor)")
    ap.add_argument("--seeds", default="5000-5119", help="e.g. 5000-5119 or 5000,5003")
    ap.add_argument("--trad", action="store_true", help="print the page in Traditional characters (OpenCC s2t)")
    ap.add_argument("--extractors", default=DEFAULT_EXTRACTORS,
                    help=f"comma-separated, of {', '.join(EXTRACTORS)} (default: {DEFAULT_EXTRACTORS}; those not installed are skipped)")
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    ap.add_argument("--keep-html", type=pathlib.Path, help="keep the HTML and PDF of each page in this folder")
    ap.add_argument("--profile", choices=["shared", "wide"], default="shared",
                    help="shared: layouts like the shared pages; wide: more photo placements, letter-spaced headlines")
    ap.add_argument("--suffix", default="", help="appended to each extractor folder's name, e.g. -wide")
    ap.add_argument("--crop", action="store_true", help="print twice, the second time on a page as tall as its content")
    ap.add_argument("--keep-bad", action="store_true", help="write pages whose characters do not match too")
    args = ap.parse_args(argv)
    extractors = [e for e in args.extractors.split(",") if available(e)]
    arts = load_articles()
    caps = load_captions(arts)
    work = args.keep_html or pathlib.Path(tempfile.mkdtemp(prefix="ts-pages-"))
    work.mkdir(parents=True, exist_ok=True)
    bad = 0
    for seed in parse_seeds(args.seeds):
        try:
            rows = make_page(seed, arts, caps, args.out, extractors, args.trad, args.chromium, args.keep_bad, work, args.crop,
                             args.profile, args.suffix)
        except (subprocess.SubprocessError, RuntimeError, UnicodeDecodeError) as e:
            print(f"seed {seed}: failed: {e}", file=sys.stderr)
            bad += 1
            continue
        for row in rows:
            d = args.out / (row["mode"] + ("-trad" if args.trad else "") + args.suffix)
            d.mkdir(parents=True, exist_ok=True)
            with open(d / "manifest.jsonl", "a", encoding="utf-8") as f:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
            if not row["ok"]:
                bad += 1
                print(f"seed {seed} {row['mode']}: {'kept' if args.keep_bad else 'dropped'}: pages={row['pdf_pages']} "
                      f"unlocated={row['unlocated']} dump-not-gold={row['chars_in_dump_not_gold']} "
                      f"gold-not-dump={row['chars_in_gold_not_dump']}", file=sys.stderr)
        print(f"seed {seed}: done", file=sys.stderr)
    if not args.keep_html:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{bad} page dumps with problems", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
