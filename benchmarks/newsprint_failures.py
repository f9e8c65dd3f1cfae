"""Tally what goes wrong when a splitter reads pages made by tests/newsprint.py.

usage: python benchmarks/newsprint_failures.py DIR [DIR...] [--cmd 'ocrfix split {page} --format jsonl']
                                               [--examples N] [--json]

Each page's gold carries a manifest from the generator (where a caption, a width change,
a column break or a subhead cuts each body; the headline order; the byline position), so
a failure can be named by its cause:

  split:<cut>       a predicted item opens in the middle of a gold article, at a cut of
                    that kind (subhead, caption, width, narrow, column, paragraph, full-end, mid-paragraph)
  merged:<kinds>    one predicted item holds most of two or more gold items
  title:<what>      a gold title came out wrong: missing (head before/after), given to
                    a neighbour, with extra text, cut, or another text taken as title
  false-title:<src> a predicted title that no gold item has, by the text it came from
  caption:<what>    a gold caption lost: inside an article, took body text, credit alone
  other:<what>      a page line (folio, editors) not kept as its own item
  byline:<what>     a gold byline missing or wrong on its article
  para:<what>       in an article found whole, a paragraph break missed (why: the last
                    line was full, a subhead, ...) or added (at a column, width or
                    caption cut, or mid-column)

The scorer's matching is reused (../shared/tools/score.py)."""
from __future__ import annotations

import argparse
import collections
import json
import pathlib
import re
import shlex
import subprocess
import sys

TOOLS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "tools"
sys.path.insert(0, str(TOOLS))
from score import bigrams, content, similarity  # noqa: E402

_FW = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B) if chr(c - 0xFEE0).isalnum()}


def sq(text) -> str:
    return re.sub(r"\s+", "", text or "").translate(_FW)


def breaks(item) -> set[int]:
    out, pos = set(), 0
    for para in (item.get("paragraphs") or [])[:-1]:
        pos += len(sq(para))
        out.add(pos)
    return out


def body(item) -> str:
    return sq("".join(item.get("paragraphs") or []))


def run(cmd: str, page: pathlib.Path) -> list[dict]:
    out = subprocess.run(cmd.replace("{page}", shlex.quote(str(page))), shell=True,
                         capture_output=True, text=True, timeout=120).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def holds(whole: str, text: str) -> bool:
    """Whether a predicted item's text holds a gold text: its opening and its close (a
    bigram overlap would not do: captions share long stock phrases)."""
    edge = min(10, max(1, len(text) // 3))
    return bool(text) and text[:edge] in whole and text[-edge:] in whole


def containment(part: str, whole: str) -> float:
    """Share of part's bigrams found in whole."""
    pb, wb = bigrams(part), bigrams(whole)
    return sum((pb & wb).values()) / max(1, sum(pb.values()))


class Page:
    def __init__(self, txt: pathlib.Path, pred: list[dict]):
        doc = json.loads(txt.with_name(txt.name[:-4] + ".gold.json").read_text(encoding="utf-8"))
        self.name, self.gold, self.pred = txt.stem, doc["items"], pred
        self.manifest = doc.get("manifest", {})
        self.facts = {a["item"]: a for a in self.manifest.get("articles", [])}
        gbi, pbi = [bigrams(content(g)) for g in self.gold], [bigrams(content(p)) for p in pred]
        pairs = sorted(((similarity(gbi[i], pbi[j]), i, j) for i in range(len(self.gold))
                        for j in range(len(pred))), reverse=True)
        used_g, used_p, self.match = set(), set(), {}
        for s, i, j in pairs:
            if s >= 0.5 and i not in used_g and j not in used_p:
                used_g.add(i), used_p.add(j)
                self.match[i] = (j, s)
        self.found = {i for i, (j, s) in self.match.items() if s >= 0.95}
        self.matched_pred = {j: i for i, (j, s) in self.match.items()}

    def texts(self):
        """(gold item, kind of text, text) for every title, subhead and page line."""
        for i, g in enumerate(self.gold):
            if g.get("title"):
                yield i, "title", sq(g["title"])
            for n in g.get("subheads") or []:
                yield i, "subhead", sq(g["paragraphs"][n])
            if g["kind"] == "other":
                yield i, "furniture", body(g)
            if g["kind"] == "caption":
                yield i, "caption", body(g)
            for f in ("kicker", "subtitle", "byline"):
                if g.get(f):
                    yield i, f, sq(g[f])

    def whereabouts(self, text: str, but: int | None = None) -> str:
        """Where a gold text went among the predicted items."""
        text = sq(text)
        for j, p in enumerate(self.pred):
            if j != but and text and text in sq(p.get("title")):
                return "in another title"
        for j, p in enumerate(self.pred):
            for f in ("kicker", "subtitle", "byline"):
                if text and text in sq(p.get(f)):
                    return f"as a {f}"
        for j, p in enumerate(self.pred):
            if text and text in body(p):
                return f"in {'an' if p['kind'] in ('article', 'other') else 'a'} {p['kind']}"
        return "scattered"

    def source_of(self, text: str) -> str:
        """What a predicted headline text was on the page."""
        text = sq(text)
        best, kind = 0.0, "body text"
        for i, k, t in self.texts():
            if t and text:
                score = containment(text, t) if len(text) > 1 else float(text in t)
                if score > best + 1e-9:
                    best, kind = score, k
        return kind if best >= 0.6 else "body text"


def diagnose(page: Page, tally, examples, limit):
    def note(kind, detail):
        tally[kind] += 1
        if len(examples[kind]) < limit:
            examples[kind].append(f"{page.name}: {detail}")

    gold, pred = page.gold, page.pred
    gold_bodies = [body(g) for g in gold]
    # predicted items that open inside a gold article
    for j, p in enumerate(pred):
        pb = body(p)
        if not pb or j in page.matched_pred and page.matched_pred[j] in page.found:
            continue
        head = pb[:12]
        for i, g in enumerate(gold):
            at = gold_bodies[i].find(head)
            if g["kind"] != "article" or at <= 0:
                continue
            starts = [0]
            for para in g["paragraphs"]:
                starts.append(starts[-1] + len(sq(para)))
            kinds = {kind for kind, off in page.facts.get(i, {}).get("cuts", []) if abs(off - at) <= 1}
            if at in starts and "subhead" not in kinds:
                kinds.add("paragraph")
            cut = "+".join(sorted(kinds)) or "mid-paragraph"
            title = sq(p.get("title"))
            note(f"split:{cut}", f"gold #{i} 《{sq(g.get('title'))[:16]}》 reopens at “{head}”"
                                 + (f" under title “{title[:16]}”" if title else ""))
            break
    # predicted items holding several gold items
    for j, p in enumerate(pred):
        whole = sq(content(p))
        parts = [i for i, g in enumerate(gold) if holds(whole, body(g))]
        if len(parts) >= 2:
            kinds = "+".join(sorted({gold[i]["kind"] for i in parts}))
            note(f"merged:{kinds}", f"pred #{j} holds gold " + ", ".join(
                f"#{i} {gold[i]['kind']} “{(sq(gold[i].get('title')) or body(gold[i]))[:12]}”" for i in parts))
    # titles
    titles = {sq(g.get("title")): i for i, g in enumerate(gold) if g.get("title")}
    for i, g in enumerate(gold):
        if g["kind"] != "article" or not g.get("title"):
            continue
        want = sq(g["title"])
        order = page.facts.get(i, {}).get("head", "?")
        got = sq(pred[page.match[i][0]].get("title")) if i in page.match else None
        if got == want:
            continue
        if i not in page.match:
            where = next((f"pred #{j}" for j, p in enumerate(pred) if sq(p.get("title")) == want), None)
            note(f"title:article lost (head {order})", f"gold #{i} 《{want[:16]}》 unmatched"
                 + (f", its title on {where}" if where else ""))
        elif not got:
            note(f"title:missing (head {order}; its text {page.whereabouts(want, page.match[i][0])})",
                 f"gold #{i} 《{want[:16]}》 came out untitled")
        elif got in titles:
            note(f"title:a neighbour's (head {order})", f"gold #{i} 《{want[:16]}》 got 《{got[:16]}》 "
                 f"(gold #{titles[got]})")
        elif want in got:
            extra = got.replace(want, "|")
            note("title:with extra text", f"gold #{i} 《{want[:16]}》 got 《{extra[:30]}》 "
                 f"(extra is {page.source_of(got.replace(want, ''))})")
        elif got in want:
            note("title:cut", f"gold #{i} 《{want[:16]}》 got only 《{got}》")
        else:
            note(f"title:other text ({page.source_of(got)})", f"gold #{i} 《{want[:16]}》 got 《{got[:20]}》")
    for j, p in enumerate(pred):
        got = sq(p.get("title"))
        if not got or got in titles:
            continue
        if j in page.matched_pred and sq(gold[page.matched_pred[j]].get("title")):
            continue                                   # counted above as a wrong title
        note(f"false-title:{page.source_of(got)}", f"pred #{j} titled 《{got[:24]}》")
    # paragraph breaks of the articles found whole
    for i in page.found:
        g, p = gold[i], pred[page.match[i][0]]
        if g["kind"] != "article" or body(g) != body(p):
            continue
        gb, pb = breaks(g), breaks(p)
        cuts = page.facts.get(i, {}).get("cuts", [])
        at_cut = lambda off: sorted({k for k, o in cuts if o == off and k != "subhead"})  # noqa: E731
        subhead_at = {o for k, o in cuts if k == "subhead"}
        after_subhead = {gb_next for gb_next in gb if any(
            o < gb_next and not any(o < x < gb_next for x in gb) for o in subhead_at)}
        for off in gb - pb:
            if off in subhead_at:
                why = "before a subhead"
            elif off in after_subhead:
                why = "after a subhead"
            elif "full-end" in at_cut(off):
                why = "the last line was full"
            else:
                why = "short last line"
            if set(at_cut(off)) - {"full-end"}:
                why += " at a " + "+".join(sorted(set(at_cut(off)) - {"full-end"}))
            note(f"para:missed break ({why})", f"gold #{i} 《{sq(g.get('title'))[:12]}》 before “{body(g)[off:off + 12]}”")
        for off in pb - gb:
            where = "+".join(k for k in at_cut(off) if k != "full-end") or "mid-column"
            note(f"para:false break ({where})", f"gold #{i} 《{sq(g.get('title'))[:12]}》 before “{body(g)[off:off + 12]}”")
    # captions, page lines, bylines
    for i, g in enumerate(gold):
        if g["kind"] == "article":
            want = sq(g.get("byline"))
            got = sq(pred[page.match[i][0]].get("byline")) if i in page.match else ""
            if want and want != got and i in page.found:
                note("byline:missing" if not got else "byline:wrong",
                     f"gold #{i} 《{sq(g['title'])[:12]}》 byline “{want}” got “{got}”")
            continue
        if i in page.found:
            continue
        text = body(g)
        j = next((k for k, p in enumerate(pred) if holds(sq(content(p)), text)), None)
        if g["kind"] == "caption":
            if j is not None and pred[j]["kind"] == "article":
                note("caption:inside an article", f"gold #{i} “{text[:14]}” in pred #{j} article")
            elif j is not None and pred[j]["kind"] == "caption":
                extra = len(sq(content(pred[j]))) - len(sq(content(g)))
                note("caption:took other text" if extra > 0 else "caption:cut",
                     f"gold #{i} “{text[:14]}” pred caption {'+' if extra > 0 else ''}{extra} chars"
                     f" (begins “{body(pred[j])[:12]}”)")
            else:
                note("caption:scattered", f"gold #{i} “{text[:14]}” in no one item")
            credit = sq(g.get("byline"))
            if credit and any(body(p) == credit and p["kind"] != "caption" for p in pred):
                note("caption:credit alone", f"gold #{i} credit “{credit}” is an item of its own")
        elif g["kind"] == "other":
            inside = next((f"title of pred #{k}" for k, p in enumerate(pred) if text and text in sq(p.get("title"))), None)
            if inside:
                note("other:taken as a title", f"gold #{i} “{text[:24]}” is the {inside}")
            elif j is not None:
                note(f"other:inside a {pred[j]['kind']}", f"gold #{i} “{text[:24]}” in pred #{j}")
            else:
                note("other:lost", f"gold #{i} “{text[:24]}”")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", type=pathlib.Path)
    ap.add_argument("--cmd", default="ocrfix split {page} --format jsonl")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    tally, examples = collections.Counter(), collections.defaultdict(list)
    pages = 0
    for d in args.dirs:
        for txt in sorted(d.glob("*.txt")):
            diagnose(Page(txt, run(args.cmd, txt)), tally, examples, args.examples)
            pages += 1
    if args.json:
        print(json.dumps({"pages": pages, "tally": tally, "examples": examples}, ensure_ascii=False, indent=1))
        return 0
    print(f"{pages} pages")
    for kind, n in tally.most_common():
        print(f"{n:5d}  {kind}")
        for ex in examples[kind]:
            print(f"         {ex}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
