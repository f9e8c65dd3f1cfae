"""Tests of the page simulator itself (tests/simulate.py): the pages it builds must be
what its docstring promises, or the scores of the splitter on them mean nothing."""
from __future__ import annotations

import random

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import simulate
from simulate import HANG, NO_END, NO_START, display_width, gold_text, load_corpus, random_page


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def squeeze(text):
    return regex.sub(r"\s+", "", text or "")


def raw_span(page, item):
    first, last = item["source_lines"]
    lines = page.text.split("\n")[first - 1:last]
    return squeeze("".join(lines)).translate(simulate._FULLWIDTH_ALNUM)


def pages(corpus, seeds, **overrides):
    return [random_page(random.Random(seed), corpus, **overrides) for seed in seeds]


def test_same_seed_same_page(corpus):
    a, b = pages(corpus, [42, 42])
    assert a.text == b.text and a.items == b.items and a.layout == b.layout
    assert pages(corpus, [43])[0].text != a.text


def test_corpus_loads(corpus):
    assert len(corpus) > 100
    assert {"id", "title", "paragraphs", "captions"} <= corpus[0].keys()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_gold_text_is_on_the_page_in_order(seed):
    page = random_page(random.Random(seed), CORPUS)
    assert 3 <= sum(it["kind"] == "article" for it in page.items) <= 10
    previous_last = 0
    for item in page.items:
        first, last = item["source_lines"]
        assert previous_last < first <= last
        previous_last = last
        raw = raw_span(page, item)
        assert squeeze("".join(item["paragraphs"])) in raw
        for key in ("title", "subtitle", "byline"):
            assert squeeze(item[key]) in raw
    # every printed line belongs to exactly one item
    covered = {n for it in page.items for n in range(it["source_lines"][0], it["source_lines"][1] + 1)}
    for number, line in enumerate(page.text.split("\n"), 1):
        if line.strip():
            assert number in covered, (seed, number, line)


CORPUS = load_corpus()


@pytest.mark.parametrize("seed", range(30))
def test_widths_and_kinsoku(corpus, seed):
    page = random_page(random.Random(seed), corpus)
    for info in page.layout["articles"]:
        assert 6 <= info["width"] <= 30
        assert 8 <= info["column_height"] <= 40
    for line in page.lines:
        if line.role not in ("body", "caption"):
            continue
        text = line.text.strip()
        limit = line.width - (2 if line.role == "body" and line.indent else 0)
        hang = 1 if text[-1] in HANG else 0
        assert display_width(text) <= limit + hang, (seed, line)
        assert line.indent or text[0] not in NO_START, (seed, line)
        if not line.short:
            assert text[-1] not in NO_END or len(squeeze(text)) == 1, (seed, line)


@pytest.mark.parametrize("seed", range(30))
def test_column_breaks(corpus, seed):
    """No run of an article's body lines is longer than its column (plus the jitter)."""
    page = random_page(random.Random(seed), corpus, paragraph_gap=0.0)
    heights = [a["column_height"] for a in page.layout["articles"]]
    article_items = [k for k, it in enumerate(page.items) if it["kind"] == "article"]
    run, item = 0, None
    for line in page.lines:
        if line.role == "body":
            run = run + 1 if line.item == item else 1
            item = line.item
            assert run <= heights[article_items.index(item)] + 2, (seed, line)
        else:
            run, item = 0, None


@pytest.mark.parametrize("headlines", ["before", "after"])
def test_headline_order(corpus, headlines):
    for page in pages(corpus, range(10), headlines=headlines, drop_title=0.0):
        assert page.layout["headlines"] == headlines
        for k, item in enumerate(page.items):
            if item["kind"] != "article":
                continue
            roles = [line.role for line in page.lines if line.item == k]
            body = [i for i, r in enumerate(roles) if r == "body"]
            title = [i for i, r in enumerate(roles) if r == "title"]
            assert title, item
            if headlines == "before":
                assert max(title) < min(body)
            else:
                assert min(title) > max(body)
                if item["byline"]:
                    assert roles.index("byline") < min(body)


def test_pages_show_the_artifacts(corpus):
    """Over a few pages every promised artifact turns up at least once."""
    many = pages(corpus, range(40))
    text = "".join(p.text for p in many)
    assert regex.search(r"\p{Han} （", text)                     # space before a bracket
    assert regex.search(r"\p{Han} \d+ \p{Han}", text)           # digits set off by spaces
    assert regex.search(r"(?m)^(\S ){6,}\S$", text)             # a letter-spaced line
    assert regex.search(r"(?m)[，。、；：？！”）》]$", text)
    assert any(p.layout["articles"][k]["wide"] for p in many for k in range(len(p.layout["articles"])))
    assert any(it["kind"] == "caption" for p in many for it in p.items)
    assert any(line.role == "title" and line.item == nxt.item and nxt.role == "title"
               for p in many for line, nxt in zip(p.lines, p.lines[1:]))     # a 2-line title
    # a blank line in the middle of a paragraph (a column break mid-sentence)
    assert any(a.role == "body" and b.role == "blank" and c.role == "body" and a.item == c.item
               and not c.indent for p in many for a, b, c in zip(p.lines, p.lines[1:], p.lines[2:]))


def test_caption_item(corpus):
    captioned = [r for r in corpus if r["captions"]]
    page = simulate.simulate_page(captioned[:3], random.Random(5), caption=True)
    caps = [it for it in page.items if it["kind"] == "caption"]
    assert len(caps) == 1
    cap = caps[0]
    texts = [gold_text(c[0]) for r in captioned[:3] for c in r["captions"]]
    assert cap["paragraphs"][0].lstrip("➡⬅") in texts
    assert cap["byline"] and squeeze(cap["byline"]) in raw_span(page, cap)


def test_traditional_keeps_simplified_gold(corpus):
    simple = random_page(random.Random(9), corpus, script="simplified")
    trad = random_page(random.Random(9), corpus, script="traditional")
    assert trad.items == simple.items
    assert trad.text != simple.text
    assert trad.text.count("\n") == simple.text.count("\n")


def test_gold_text_normalizes_like_the_cleaner():
    assert gold_text("新华社北京１０月６日电\u3000（记者梅常伟） 国务委员") == "新华社北京10月6日电（记者梅常伟）国务委员"
    assert gold_text("结合 PPT 在 Xi Jinping 说") == "结合PPT在Xi Jinping说"
    assert gold_text("“和平繁荣” 以及") == "“和平繁荣”以及"


def test_wrap_hangs_one_mark_and_never_starts_with_one():
    tokens = simulate.tokenize("一二三四五。”六七八九十，一二三四五六")
    lines = simulate.wrap(tokens, lambda k: 5)
    texts = ["".join(t) for t, _, _ in lines]
    assert "".join(texts) == "一二三四五。”六七八九十，一二三四五六"
    assert all(t[0] not in NO_START for t in texts)
    assert texts[0] == "一二三四"            # 。” cannot both hang: 五 is pulled down with them
    assert texts[1] == "五。”六七"
    hung = ["".join(t) for t, _, _ in simulate.wrap(simulate.tokenize("一二三四五，六七"), lambda k: 5)]
    assert hung == ["一二三四五，", "六七"]   # one mark hangs past the width
