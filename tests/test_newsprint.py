"""Invariants of the second page generator (tests/newsprint.py): deterministic per seed,
nothing lost or invented between dump and gold, every extraction model produced."""
from __future__ import annotations

import json
import re

import pytest

import newsprint
from newsprint import MODES, generate, load_corpus, squeeze


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def pages(corpus):
    return {(mode, trad, i): generate(corpus, 5, i, mode, trad)
            for mode in MODES for trad in (False, True) for i in range(4)}


def gold_chars(gold) -> str:
    out = []
    for it in gold["items"]:
        out += [it.get(k) or "" for k in ("kicker", "title", "subtitle", "byline")] + it["paragraphs"]
    return newsprint.fold(squeeze("".join(out)))


def test_same_seed_same_page(corpus, pages):
    assert generate(corpus, 5, 2, "raw", False) == pages[("raw", False, 2)]
    assert generate(corpus, 6, 2, "raw", False)[1] != pages[("raw", False, 2)][1]


def test_dump_and_gold_hold_the_same_characters(pages):
    for (mode, trad, _), (name, dump, gold) in pages.items():
        if trad:
            continue
        dump_chars = newsprint.fold(squeeze(dump))
        assert sorted(dump_chars) == sorted(gold_chars(gold)), name


def test_each_item_is_a_run_of_the_dump_in_order(pages):
    """An item's text (headline aside, whose place varies) is a subsequence of the dump."""
    for (mode, trad, _), (name, dump, gold) in pages.items():
        if trad:
            continue
        flat = newsprint.fold(squeeze(dump))
        for it in gold["items"]:
            body = newsprint.fold(squeeze("".join(it["paragraphs"])))
            pos = 0
            for ch in body:
                pos = flat.index(ch, pos) + 1


def test_every_mode_has_its_marks(pages):
    dumps = {mode: "".join(pages[(mode, False, i)][1] for i in range(4)) for mode in MODES}
    assert "\n\n" in dumps["ocr"] and "\n\n" not in dumps["raw"] and "\n\n" in dumps["mixed"]
    assert dumps["raw"].endswith("\f") and not dumps["ocr"].endswith("\f")
    assert re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]", dumps["raw"])


def test_traditional_dump_simplified_gold(pages):
    name, dump, gold = pages[("ocr", True, 0)]
    simplified = pages[("ocr", False, 0)]
    assert dump != simplified[1] and gold["items"] == simplified[2]["items"]
    assert any(ch in dump for ch in "這們國會說") and "-t-" in name


def test_gold_form(pages):
    kinds = set()
    for name, dump, gold in pages.values():
        for it in gold["items"]:
            kinds.add(it["kind"])
            assert set(it) >= {"kind", "title", "kicker", "subtitle", "byline", "paragraphs", "source_lines"}
            assert it["paragraphs"] and all(it["paragraphs"])
            for text in it["paragraphs"] + [it["title"] or ""]:
                assert not re.search(r"[０-９Ａ-Ｚａ-ｚ]", text), text
            if it["kind"] == "article":
                for text in it["paragraphs"]:
                    assert not re.search(r"\s(?=[\u4e00-\u9fff，。])|(?<=[\u4e00-\u9fff，。])\s", text) \
                        or re.search(r"(记者|通讯员)\S+ (通讯员|记者)", text), text
        json.dumps(gold, ensure_ascii=False)
    assert kinds == {"article", "caption", "other"}


def test_cli_writes_every_folder(tmp_path):
    assert newsprint.main(["--pages", "2", "--seed", "3", "--out", str(tmp_path), "--mode", "all"]) == 0
    for folder in ("ocr", "raw", "mixed", "traditional"):
        texts = sorted((tmp_path / folder).glob("*.txt"))
        assert len(texts) == 2
        for text in texts:
            gold = json.loads(text.with_name(text.name[:-4] + ".gold.json").read_text(encoding="utf-8"))
            assert gold["items"] and gold["manifest"]["name"] == text.stem


def test_manifest_cuts_fall_inside_their_article(pages):
    for name, dump, gold in pages.values():
        for facts in gold["manifest"]["articles"]:
            item = gold["items"][facts["item"]]
            length = len(squeeze("".join(item["paragraphs"])))
            assert all(0 < offset <= length for kind, offset in facts["cuts"]), (name, facts)
            assert all(0 <= n < len(item["paragraphs"]) for n in item["subheads"])
            assert len([k for k, _ in facts["cuts"] if k == "subhead"]) == len(item["subheads"])


def test_features_can_be_left_out(corpus):
    off = frozenset(newsprint.FEATURES)
    for i in range(6):
        name, dump, gold = generate(corpus, 8, i, "raw", off=off)
        assert {it["kind"] for it in gold["items"]} == {"article"}, name
        assert not any(it["kicker"] or it["subheads"] or it["byline"] for it in gold["items"]), name
        assert all(a["head"] == "before" and not a["photo"] and not a["width_change"]
                   for a in gold["manifest"]["articles"]), name
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]", dump), name
