"""The typeset page generator's pure parts (plan, HTML, gold, location); no Chromium needed."""
import importlib.util
import pathlib
import re

import pytest

SCRIPT = pathlib.Path(__file__).parent.parent / "benchmarks" / "typeset" / "make_pages.py"
spec = importlib.util.spec_from_file_location("make_pages", SCRIPT)
mp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mp)

needs_corpus = pytest.mark.skipif(not mp.CORPUS.exists(), reason="shared corpus not beside the repository")


@pytest.mark.parametrize("raw, gold", [
    ("本报北京7月11日电 （记者赵成）", "本报北京7月11日电（记者赵成）"),
    ("１２月２日", "12月2日"),
    ("GDP 增长 6.5% ，", "GDP增长6.5%，"),
    ("New  York 的 消息", "New York的消息"),
    ("服务民族复兴 促进人类进步", "服务民族复兴促进人类进步"),
])
def test_gold_text(raw, gold):
    assert mp.gold_text(raw) == gold


@pytest.mark.parametrize("raw, gold", [
    ("本报记者 孟祥麟 黄发红 刘 歌", "本报记者 孟祥麟 黄发红 刘歌"),
    ("新华社记者 鞠 鹏摄", "新华社记者 鞠鹏摄"),
    ("本报记者  宋崇飞  摄", "本报记者 宋崇飞 摄"),
    ("深入对接 优化环境 紧盯项目", "深入对接 优化环境 紧盯项目"),
])
def test_gold_phrased(raw, gold):
    assert mp.gold_phrased(raw) == gold


def test_locate_orders_items_by_first_appearance():
    items = [dict(kind="article", title="第一条标题", kicker=None, subtitle=None, byline=None,
                  paragraphs=["甲乙丙丁戊己庚辛壬癸子丑寅卯"], _key="a"),
             dict(kind="caption", title=None, kicker=None, subtitle=None, byline="王明 摄",
                  paragraphs=["图片说明文字在这里"], _key="c")]
    dump = "甲 乙 丙 丁 戊己庚\n辛壬癸子丑寅卯\n图片说明文字\n在这里 王明 摄\n第一条标题\n\f"
    pos, unlocated = mp.locate(items, dump)
    assert unlocated == [] and pos[0] < pos[1]


@needs_corpus
def test_plan_is_a_function_of_the_seed_and_fills_the_grid():
    arts = mp.load_articles()
    caps = mp.load_captions(arts)
    plan = mp.plan_page(5000, arts, caps)
    assert plan == mp.plan_page(5000, arts, caps)
    assert all(sum(band) == 8 for band in plan["bands"])
    placed = [x for _, _, ids in plan["stacks"] for x in ids if not x.startswith("caption-")]
    assert sorted(placed) == sorted(ap["id"] for ap in plan["articles"])
    assert 3 <= len(plan["articles"]) <= 9


@needs_corpus
def test_a_headline_set_after_comes_after_its_body_in_the_dom():
    arts = mp.load_articles()
    caps = mp.load_captions(arts)
    by_id = {a["id"]: a for a in arts}
    for seed in range(5000, 5040):
        plan = mp.plan_page(seed, arts, caps)
        after = [ap for ap in plan["articles"] if ap["head_after"]]
        if after:
            break
    page = mp.render_html(plan, by_id, lambda s: s)
    ap = after[0]
    a = by_id[ap["id"]]
    body_at = page.index(mp.html.escape(re.sub(r"[ \u3000]+(?=（)", "", a["paragraphs"][-1])[-8:]))
    assert page.index(mp.html.escape(a["title"])) > body_at


@needs_corpus
def test_gold_holds_every_printed_character():
    arts = mp.load_articles()
    caps = mp.load_captions(arts)
    by_id = {a["id"]: a for a in arts}
    plan = mp.plan_page(5001, arts, caps)
    items = mp.gold_items(plan, by_id, lambda s: s)
    text = "".join(mp.squeeze(a["title"]) + "".join(mp.squeeze(p) for p in a["paragraphs"])
                   for a in (by_id[ap["id"]] for ap in plan["articles"]))
    gold = sum((mp.item_chars(it) for it in items), mp.Counter())
    assert not mp.Counter(text) - gold
